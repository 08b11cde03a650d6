#!/usr/bin/env bash
# Installs the real peers the tests talk to: Debian packages and npm tools. Idempotent; skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(rabbitmq-server awscli python3-boto3 python3-botocore rclone s3cmd python3-aiosmtpd python3-prometheus-client prometheus python3-yaml chromium wrk nginx-light docker-compose curl postgresql)
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# azurite (the Azure Blob emulator) and @azure/storage-blob (the official Azure SDK the tests check Azure blobs with).
if [ ! -x .tools/node_modules/.bin/azurite-blob ] || [ ! -f .tools/node_modules/@azure/storage-blob/package.json ]; then
  echo "installing npm tools into .tools"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error >/dev/null
fi
