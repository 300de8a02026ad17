FROM ubuntu:22.04
MAINTAINER Jane Doe <jane.doe@example.com>
