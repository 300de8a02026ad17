FROM postgres:16
stopsignal 9
