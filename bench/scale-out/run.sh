#!/usr/bin/env bash
# Scale-out benchmark, in one run: the small-object migration (default 10,000 x 4 KiB) between two built-in store
# processes (after an unmeasured warm-up migration of 1,000 objects per deployment), copied by
#   1. the embedded default (one process: SQLite, MassTransit in-memory, workers inside the API),
#   2. the distributed mode with 1 worker process (API role api + worker, PostgreSQL 15, RabbitMQ),
#   3. the distributed mode with 3 worker processes.
# Prints objects/s of each, the scaling ratio 3 vs 1 workers and the broker's overhead vs the in-memory transport.
# Every process of the run shares this machine's cores (the stores too): read the scaling ratio with that in mind.
# The scenarios take turns for 3 rounds (the machine may be shared); each reports its median round.
# Usage: bench/scale-out/run.sh [objects] [object-bytes] [rounds]
# Starts PostgreSQL and RabbitMQ through scripts/test-services.sh (and stops them if it started them).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
project=bench/scale-out/Transporter.Bench.ScaleOut
echo "building (Release)"
dotnet build "$project" -c Release -nologo -v quiet >/dev/null
source scripts/test-services.sh
start_test_services
trap stop_test_services EXIT
dotnet "$project/bin/Release/net10.0/Transporter.Bench.ScaleOut.dll" "${1:-10000}" "${2:-4096}" "${3:-3}"
