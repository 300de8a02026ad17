FROM alpine
FROBNICATE --level=high --dry-run target
