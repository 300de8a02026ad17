FROM python:3.12-slim
RUN <<EOF
#!/usr/bin/env python3
print("hello from python")
EOF
