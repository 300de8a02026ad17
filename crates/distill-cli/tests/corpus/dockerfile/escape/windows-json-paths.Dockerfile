# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY ["C:\\src\\app", "C:\\app"]
ENTRYPOINT ["C:\\app\\server.exe", "--config", "C:\\app\\config.yml"]
