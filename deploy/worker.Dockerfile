# The copy worker (workers/Transporter.Worker): consumes copy batches from RabbitMQ, reads the same TRANSPORTER_*
# settings as the API (TRANSPORTER_DATABASE_URL, TRANSPORTER_BROKER_URL, TRANSPORTER_MASTER_KEY) and serves only
# GET /health on port 8081 (TRANSPORTER_WORKER_HEALTH_URL).
# Build from the repository root:  docker build -f deploy/worker.Dockerfile -t transporter/worker .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Transporter.Core/Transporter.Core.csproj src/Transporter.Core/
COPY src/Transporter.Identity/Transporter.Identity.csproj src/Transporter.Identity/
COPY src/Transporter.Connectors/Transporter.Connectors.csproj src/Transporter.Connectors/
COPY workers/Transporter.Worker/Transporter.Worker.csproj workers/Transporter.Worker/
RUN dotnet restore workers/Transporter.Worker/Transporter.Worker.csproj
COPY src/Transporter.Core/ src/Transporter.Core/
COPY src/Transporter.Identity/ src/Transporter.Identity/
COPY src/Transporter.Connectors/ src/Transporter.Connectors/
COPY workers/Transporter.Worker/ workers/Transporter.Worker/
RUN dotnet publish workers/Transporter.Worker/Transporter.Worker.csproj -c Release --no-restore -o /app /p:UseAppHost=false

# The plain runtime: the worker references no ASP.NET Core (a test fails if it starts to, so this line follows).
FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app ./
COPY deploy/http-health.sh ./
RUN mkdir -p /data && chown 1654:1654 /data
ENV TRANSPORTER_DATA_DIR=/data \
    TRANSPORTER_ROLES=worker \
    TRANSPORTER_WORKER_HEALTH_URL=http://0.0.0.0:8081 \
    DOTNET_NOLOGO=1
EXPOSE 8081
# 200 once the worker has started; it says nothing about the database or broker, whose outages workers ride out.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["bash", "/app/http-health.sh"]
USER 1654:1654
ENTRYPOINT ["dotnet", "Transporter.Worker.dll"]
