FROM alpine
RUN <<-EOF
	echo indented with a tab
		echo two tabs
	EOF
