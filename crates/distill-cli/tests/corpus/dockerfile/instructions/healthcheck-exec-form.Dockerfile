FROM nginx
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
