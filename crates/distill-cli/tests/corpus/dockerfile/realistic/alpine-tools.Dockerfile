FROM alpine:3.19
LABEL maintainer="ops@example.com"
ARG KUBECTL_VERSION=1.29.2
RUN apk add --no-cache curl bash jq \
    && curl -fsSLo /usr/local/bin/kubectl \
       "https://dl.k8s.io/release/v${KUBECTL_VERSION}/bin/linux/amd64/kubectl" \
    && chmod +x /usr/local/bin/kubectl
SHELL ["/bin/bash", "-c"]
WORKDIR /work
VOLUME ["/work"]
ENTRYPOINT ["kubectl"]
CMD ["version", "--client"]
