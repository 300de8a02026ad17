FROM	alpine
RUN	echo	tabs
COPY	a	b
