FROM alpine
RUN echo '<<EOF'
RUN echo next
