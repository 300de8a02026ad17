FROM alpine AS one two three
