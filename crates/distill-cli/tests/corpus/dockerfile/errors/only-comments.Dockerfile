# syntax=docker/dockerfile:1
# nothing but comments here
