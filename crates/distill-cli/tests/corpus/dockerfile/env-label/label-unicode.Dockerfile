FROM alpine
LABEL author="Zoë Ærø" note=naïve
