FROM nginx
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
