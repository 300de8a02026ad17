# escape=`
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY app\bin C:\app\bin
WORKDIR C:\app
ENV PATH=C:\app\bin;C:\Windows\System32
