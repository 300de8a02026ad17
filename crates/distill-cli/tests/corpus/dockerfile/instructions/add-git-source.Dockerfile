FROM alpine:3.19
ADD https://github.com/example/project.git#v1.0.0 /src/project
ADD git@github.com:example/private.git /src/private
