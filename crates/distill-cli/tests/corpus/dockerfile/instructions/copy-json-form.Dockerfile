FROM nginx:1.25
COPY ["conf/nginx.conf", "/etc/nginx/nginx.conf"]
COPY [ "static files/", "/usr/share/nginx/html/" ]
