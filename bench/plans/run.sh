#!/usr/bin/env bash
# Plan benchmark: a plan of N objects (default 1,000,000) of a bucket in the built-in store, timed from POST /plans to
# its end (the plan's own createdAt/endedAt), with the peak RSS (VmHWM) of the Transporter process (API, store and
# workers in one process, fresh, its peak reset just before the plan so the peak is the plan's); in the same run
# `rclone size` lists the same bucket on the same store. Targets: peak RSS < 250 MB; plan time <= 1.5x rclone size.
# Loading a million objects takes minutes, so the data dir is kept between runs (BENCH_PLANS_DIR, default
# /var/tmp/transporter-bench-plans); delete it to start over.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000000}
work=${BENCH_PLANS_DIR:-/var/tmp/transporter-bench-plans}
key=BENCHPLANSACCESSKEY1
secret=bench-plans-secret-key-000000000000001
bucket="plan-src-$count"
api_port=${BENCH_API_PORT:-18480}
s3_port=${BENCH_S3_PORT:-19480}
api="http://127.0.0.1:$api_port"
s3="http://127.0.0.1:$s3_port"
py=/usr/bin/python3
mkdir -p "$work"

dotnet build src/Transporter.Api -c Release -nologo -v quiet >/dev/null
dotnet build bench/plans/Transporter.Bench.PlanLoader -c Release -nologo -v quiet >/dev/null
platform_dll=src/Transporter.Api/bin/Release/net10.0/Transporter.Api.dll
loader_dll=bench/plans/Transporter.Bench.PlanLoader/bin/Release/net10.0/Transporter.Bench.PlanLoader.dll

pid=
start_platform() {
  TRANSPORTER_DATA_DIR="$work/data" TRANSPORTER_API_URL="$api" TRANSPORTER_S3_URL="$s3" \
    TRANSPORTER_ROOT_ACCESS_KEY="$key" TRANSPORTER_ROOT_SECRET_KEY="$secret" Logging__LogLevel__Default=Warning \
    dotnet "$platform_dll" >>"$work/platform.log" 2>&1 &
  pid=$!
  for url in "$api/health" "$s3/health"; do
    for _ in $(seq 1 600); do curl -sf "$url" >/dev/null && break; sleep 0.1; done
    curl -sf "$url" >/dev/null || { echo "platform did not start; see $work/platform.log"; exit 1; }
  done
}
stop_platform() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}
trap stop_platform EXIT

signed() { curl -sS --aws-sigv4 "aws:amz:us-east-1:transporter" --user "$key:$secret" "$@"; }
json() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

start_platform
if [ ! -f "$work/loaded-$count" ]; then
  echo "loading $count objects into $bucket (kept in $work for later runs)"
  dotnet "$loader_dll" "$s3" "$key" "$secret" "$bucket" "$count" 64
  touch "$work/loaded-$count"
fi
# A fresh process, so its peak RSS is the plan's (and the store's serving the listing), not the load's.
stop_platform
start_platform

# rclone's S3 client fails on a CA bundle it cannot use over plain http; the store here is plain http.
unset AWS_CA_BUNDLE
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT="$s3" \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$key" RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$secret" RCLONE_CONFIG_BENCH_REGION=us-east-1 \
  RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
echo "warm-up: rclone size (untimed), so both timed listings find the store's files cached"
rclone size "bench:$bucket" 2>&1 | grep -v NOTICE

endpoint() { printf '{"type":"s3v4","accessKey":"%s","secretKey":"%s","bucket":"%s","endpoint":"%s","region":"us-east-1"}' "$key" "$secret" "$1" "$s3"; }
body=$(printf '{"source":%s,"destination":%s,"sync":false,"skipVerify":true}' "$(endpoint "$bucket")" "$(endpoint plan-dst)")
# The peak is reset here (clear_refs 5), so the warm-up listing the store served does not count; the RSS the
# process holds now is its footprint before the plan.
echo 5 >"/proc/$pid/clear_refs"
before_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
plan_id=$(signed -H "Content-Type: application/json" "$api/plans" -d "$body" | json 'd["planID"]')
echo "plan $plan_id scanning"
while true; do
  plan=$(signed "$api/plans/$plan_id")
  status=$(json 'd["status"]' <<<"$plan")
  [ "$status" = ended ] && break
  case "$status" in failed|aborted) echo "plan $status: $plan"; exit 1;; esac
  sleep 0.2
done
hwm_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
plan_s=$(json '"%.2f" % ((__import__("datetime").datetime.fromisoformat(d["endedAt"].replace("Z","+00:00")) - __import__("datetime").datetime.fromisoformat(d["createdAt"].replace("Z","+00:00"))).total_seconds())' <<<"$plan")
objects=$(json 'd["totObjects"]' <<<"$plan")
bins=$(json '" ".join(str(b["value"]) for b in d["distribution"])' <<<"$plan")

/usr/bin/time -v -o "$work/rclone.time" rclone size "bench:$bucket" >"$work/rclone.out" 2>&1
rclone_s=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/rclone.time" | awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s }')
rclone_rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/rclone.time")

echo "plan counted $objects objects; bins: $bins"
grep -i "total objects" "$work/rclone.out" || true
printf '%-34s %10s %14s\n' "" "seconds" "peak RSS MB"
printf '%-34s %10s %14.1f\n' "Transporter process before the plan" "" "$(echo "$before_kb / 1024" | bc -l)"
printf '%-34s %10s %14.1f\n' "plan (Transporter process)" "$plan_s" "$(echo "$hwm_kb / 1024" | bc -l)"
printf '%-34s %10s %14.1f\n' "rclone size" "$rclone_s" "$(echo "$rclone_rss_kb / 1024" | bc -l)"
awk -v p="$plan_s" -v r="$rclone_s" -v h="$hwm_kb" -v n="$objects" -v c="$count" 'BEGIN {
  ratio = p / r
  printf "objects counted: %d of %d %s\n", n, c, (n == c ? "OK" : "WRONG")
  printf "time ratio plan/rclone: %.2f (target <= 1.50) %s\n", ratio, (ratio <= 1.5 ? "OK" : "MISSED")
  printf "plan peak RSS: %.1f MB (target < 250) %s\n", h / 1024, (h / 1024 < 250 ? "OK" : "MISSED")
}'
