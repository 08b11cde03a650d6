# The platform executable (src/Transporter.Api). One image, two roles: TRANSPORTER_ROLES=api serves the migration
# API and GUI on TRANSPORTER_API_URL, TRANSPORTER_ROLES=store the built-in S3 store on TRANSPORTER_S3_URL.
# Build from the repository root:  docker build -f deploy/api.Dockerfile -t transporter/api .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Transporter.Core/Transporter.Core.csproj src/Transporter.Core/
COPY src/Transporter.Connectors/Transporter.Connectors.csproj src/Transporter.Connectors/
COPY src/Transporter.Identity/Transporter.Identity.csproj src/Transporter.Identity/
COPY src/Transporter.Store/Transporter.Store.csproj src/Transporter.Store/
COPY src/Transporter.Api/Transporter.Api.csproj src/Transporter.Api/
COPY workers/Transporter.Worker/Transporter.Worker.csproj workers/Transporter.Worker/
RUN dotnet restore src/Transporter.Api/Transporter.Api.csproj
COPY src/ src/
COPY workers/ workers/
RUN dotnet publish src/Transporter.Api/Transporter.Api.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY deploy/http-health.sh ./
# 1654 is the image's unprivileged "app" user; the data dir belongs to it.
RUN mkdir -p /data && chown 1654:1654 /data
ENV TRANSPORTER_DATA_DIR=/data \
    TRANSPORTER_API_URL=http://0.0.0.0:8080 \
    TRANSPORTER_S3_URL=http://0.0.0.0:9000 \
    DOTNET_NOLOGO=1
VOLUME /data
EXPOSE 8080 9000
# The runtime image has neither curl nor wget: the probe speaks HTTP/1.0 over bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "/app/http-health.sh"]
USER 1654:1654
ENTRYPOINT ["dotnet", "Transporter.Api.dll"]
