FROM golang:1.22 AS build
FROM alpine AS final
