FROM alpine
CMD [ "echo" ,"odd" ,  "spacing" ]
