FROM alpine
    RUN echo indented with spaces
	COPY . /src
  	 ENV A=1
