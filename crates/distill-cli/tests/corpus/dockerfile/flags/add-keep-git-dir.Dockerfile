FROM alpine
ADD --keep-git-dir=true https://github.com/example/repo.git#main /src
ADD --keep-git-dir https://github.com/example/other.git /other
