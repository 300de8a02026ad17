FROM localhost:5000/team/app:1.0
FROM registry.example.com:443/a/b/c:latest AS deep
