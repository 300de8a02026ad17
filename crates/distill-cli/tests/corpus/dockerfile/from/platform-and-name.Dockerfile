FROM --platform=linux/arm64 alpine AS arm
FROM --platform=${TARGETPLATFORM} alpine AS target
