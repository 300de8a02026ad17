FROM ubuntu:22.04
maintainer   "Build Team" build@example.com
