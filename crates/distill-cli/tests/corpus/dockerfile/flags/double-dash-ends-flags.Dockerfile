FROM alpine
COPY -- --looks-like-a-flag /dest/
COPY --chown=1:1 -- --also-a-file /dest/
RUN -- --not-a-flag
