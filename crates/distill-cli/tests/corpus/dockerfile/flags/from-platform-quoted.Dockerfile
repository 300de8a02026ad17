FROM --platform="linux/arm64" alpine AS arm
FROM --platform='linux/amd64' alpine
