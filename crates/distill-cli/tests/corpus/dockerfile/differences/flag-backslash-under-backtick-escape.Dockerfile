# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY --chown=BUILTIN\Users app C:\app
