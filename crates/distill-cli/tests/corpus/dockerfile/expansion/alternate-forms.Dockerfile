FROM alpine
ENV SET=1
ENV X=${SET:+yes} Y=${SET+present}
