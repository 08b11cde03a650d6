#!/usr/bin/env bash
# Copy-path benchmark (issue 18): what part-level resume saves and what a throttled destination costs, printed as numbers.
#   1. Resume saving: the only worker process copying one object in parts (RESUME_MIB, default 2048 as the issue asks;
#      use 256 on a busy machine) is killed with SIGKILL at ~70 %; a new worker resumes it. A counting proxy in front of
#      the destination measures the bytes sent before and after the kill; bytesReused comes from the report row. To the
#      built-in store and to Azurite. (Harness: tests/Transporter.ScaleOut.Tests/ResumeAfterKillTests, which starts its
#      own PostgreSQL cluster and RabbitMQ node, the platform processes and Azurite.)
#   2. Throttled throughput: 5,000 objects of 256 B migrated (embedded engine, SQLite) from one built-in store into a
#      bucket of another limited to 200 requests/s through the admin API; the workers back off on 503 SlowDown (AIMD).
#      Prints the time, objects/s against the limit and the throttled answers. (Harness:
#      tests/Transporter.Worker.Tests/Engine/RequestRateEngineTests.)
# Both run through their test projects so that every figure comes with the assertions that check it (byte-identical
# copy, 0 failed objects).
# Usage: bench/copypath/run.sh   (RESUME_MIB=256 bench/copypath/run.sh on a busy machine)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
RESUME_MIB=${RESUME_MIB:-2048}
out=$(mktemp -d "${TMPDIR:-/tmp}/transporter-copypath-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

echo "building (Release)"
dotnet build Transporter.sln -c Release -nologo -v quiet >/dev/null || { echo "build failed"; exit 1; }

echo "== resume after SIGKILL at ~70 %, ${RESUME_MIB} MiB object"
TRANSPORTER_TEST_RESUME_MIB=$RESUME_MIB dotnet test tests/Transporter.ScaleOut.Tests/Transporter.ScaleOut.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName~ResumeAfterKillTests" --logger "console;verbosity=detailed" >"$out/resume.log" 2>&1
grep -E "^\s+(Passed|Failed) " "$out/resume.log"
grep -oE "resume after kill: .*" "$out/resume.log" | while read -r line; do
  # "resume after kill: SIZE bytes, BEFORE sent before the kill, AGAIN after it, REUSED reused"
  read -r size before again reused < <(sed -E 's/[^0-9]+/ /g' <<<"$line")
  awk -v s="$size" -v b="$before" -v a="$again" -v r="$reused" 'BEGIN {
    printf "  %d MiB: sent before the kill %.0f MiB, after it %.0f MiB (a restart from zero: %d MiB), reused %.0f MiB: the resume saved %.1f %% of the object\n",
      s/1048576, b/1048576, a/1048576, s/1048576, r/1048576, 100*(s-a)/s }'
done

echo "== 5,000 objects into a bucket limited to 200 requests/s"
dotnet test tests/Transporter.Worker.Tests/Transporter.Worker.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName~RequestRateEngineTests.Five_thousand" --logger "console;verbosity=detailed" >"$out/rate.log" 2>&1
grep -E "^\s+(Passed|Failed) " "$out/rate.log"
grep -oE "request-rate: .*" "$out/rate.log" | sed 's/^/  /'
