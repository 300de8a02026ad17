FROM alpine
\
RUN echo started on the line above
