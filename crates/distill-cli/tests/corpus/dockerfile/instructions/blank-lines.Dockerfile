

FROM alpine


   
	
RUN echo after blanks

