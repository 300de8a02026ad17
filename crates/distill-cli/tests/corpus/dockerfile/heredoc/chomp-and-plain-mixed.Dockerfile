FROM alpine
RUN cat <<-A <<B
	first
	A
	second keeps tab
B
