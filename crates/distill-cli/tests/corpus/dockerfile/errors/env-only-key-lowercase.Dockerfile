FROM alpine
env   lonely
