FROM alpine
ENV MSG "quotes stay in the legacy form"
