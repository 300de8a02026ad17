# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=build `
     C:\out C:\app
