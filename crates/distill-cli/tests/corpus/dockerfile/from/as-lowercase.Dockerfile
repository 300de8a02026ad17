FROM golang:1.22 as build
FROM alpine As final
FROM alpine aS other
