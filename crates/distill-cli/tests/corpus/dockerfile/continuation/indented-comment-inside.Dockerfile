FROM alpine
RUN echo a \
    # indented comment inside
	# tab-indented comment
    b
