#!/usr/bin/env bash
# Soak: does the platform's memory stay flat under hours of mixed work? For DURATION minutes (default 30) one platform
# process (roles api,store,worker on PostgreSQL + RabbitMQ) serves, all at once:
#   - migrations of 2,000 x 4 KiB objects from one of its buckets to another, one after the other;
#   - S3 traffic from the AWS SDK (PUT, GET, DELETE of 1 KiB..1 MiB objects);
#   - bad input (malformed and unsigned API requests, S3 requests for missing buckets and keys);
# while a second worker process copies too and is SIGKILLed and restarted every KILL_EVERY minutes (default 5).
# Prints the RSS of both processes every 30 s, and at the end the platform's RSS growth from the end of the first
# quarter (warm-up) to the end: the soak passes when it is under 10 % and every migration completed exactly.
# Usage: bench/soak/run.sh   (DURATION and KILL_EVERY in minutes; starts PostgreSQL and RabbitMQ via scripts/test-services.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
project=bench/soak/Transporter.Bench.Soak
echo "building (Release)"
dotnet build "$project" -c Release -nologo -v quiet >/dev/null
source scripts/test-services.sh
start_test_services
trap stop_test_services EXIT
dotnet "$project/bin/Release/net10.0/Transporter.Bench.Soak.dll" "${DURATION:-30}" "${KILL_EVERY:-5}"
