# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    New-Item -ItemType Directory -Path C:\tools ; `
    Write-Host done
