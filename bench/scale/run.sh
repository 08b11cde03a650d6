#!/usr/bin/env bash
# Scale benchmark (issue 20): for each object count (default 1,000,000 then 10,000,000) a fresh embedded platform
# plans, syncs and verifies a synthetic source of that many objects, and the peak RSS (VmHWM) of the platform process
# over the three is printed, with the ratio of the largest count's peak to the smallest's (target: 10M <= 1.2x 1M).
# The source and destination are Transporter.Bench.SyntheticS3, a benchmark tool (not a store): "synthetic-N" lists
# and serves N generated objects of BENCH_SCALE_SIZE bytes (default 16) without storing them, "sink-*" takes the
# copies, checks their MD5 and keeps one bit per object, so 10M objects fit on one machine. Only the platform's memory
# is measured. Needs a quiet machine; e.g. `bench/scale/run.sh 100000 1000000` for a short run.
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000000 10000000)
work=${BENCH_SCALE_DIR:-/var/tmp/transporter-bench-scale}
size=${BENCH_SCALE_SIZE:-16}
key=BENCHSCALEACCESSKEY1
secret=bench-scale-secret-key-000000000000001
api_port=${BENCH_API_PORT:-18580}
s3_port=${BENCH_S3_PORT:-19580}
synth_port=${BENCH_SYNTH_PORT:-19581}
sink_port=${BENCH_SINK_PORT:-19582}
api="http://127.0.0.1:$api_port"
synth="http://127.0.0.1:$synth_port"
# The sink is the same peer on another port: another endpoint, so every object streams through the copier (within one
# endpoint the platform would copy server-side).
sink="http://127.0.0.1:$sink_port"
py=/usr/bin/python3
mkdir -p "$work"

dotnet build src/Transporter.Api -c Release -nologo -v quiet >/dev/null
dotnet build bench/scale/Transporter.Bench.SyntheticS3 -c Release -nologo -v quiet >/dev/null
platform_dll=src/Transporter.Api/bin/Release/net10.0/Transporter.Api.dll
synth_dll=bench/scale/Transporter.Bench.SyntheticS3/bin/Release/net10.0/Transporter.Bench.SyntheticS3.dll

pid=
synth_pid=
wait_up() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "$2 did not start"; exit 1; }
start_platform() {
  rm -rf "$work/data"
  TRANSPORTER_DATA_DIR="$work/data" TRANSPORTER_API_URL="$api" TRANSPORTER_S3_URL="http://127.0.0.1:$s3_port" \
    TRANSPORTER_ROOT_ACCESS_KEY="$key" TRANSPORTER_ROOT_SECRET_KEY="$secret" Logging__LogLevel__Default=Warning \
    dotnet "$platform_dll" >>"$work/platform.log" 2>&1 &
  pid=$!
  wait_up "$api/health" "the platform (see $work/platform.log)"
}
stop() {
  for p in $pid $synth_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pid=; synth_pid=
}
trap stop EXIT

signed() { curl -sS --aws-sigv4 "aws:amz:us-east-1:transporter" --user "$key:$secret" "$@"; }
json() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
hwm_mb() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }
endpoint() { printf '{"type":"s3v4","accessKey":"bench","secretKey":"bench-secret","bucket":"%s","endpoint":"%s","region":"us-east-1"}' "$1" "$2"; }

dotnet "$synth_dll" --urls "$synth;$sink" --size "$size" >>"$work/synthetic.log" 2>&1 &
synth_pid=$!
wait_up "$synth/synthetic-1?list-type=2&max-keys=1" "the synthetic S3 peer (see $work/synthetic.log)"

# Posts a migration-like body to $1 (/sync or /verify) and waits for its run to end; prints "seconds filesFound
# filesCompleted filesFailed state".
run_to_end() {
  local id state started
  started=$(date +%s.%N)
  id=$(signed -H "Content-Type: application/json" "$api$1" -d "$2" | json 'd["id"]')
  while true; do
    state=$(signed "$api/state/$id" || true)
    if $py -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d.get('state') in (2,3,6,7) else 1)" "$state" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "$(echo "$(date +%s.%N) - $started" | bc -l) $(json '"%d %d %d %d" % (d["filesFound"], d["filesCompleted"], d["filesFailed"], d["state"])' <<<"$state")"
}

results=()
for count in "${counts[@]}"; do
  echo "== $count objects of $size bytes"
  start_platform
  source_bucket="synthetic-$count"
  sink_bucket="sink-$count-$RANDOM"
  body=$(printf '{"source":%s,"destination":%s}' "$(endpoint "$source_bucket" "$synth")" "$(endpoint "$sink_bucket" "$sink")")
  echo 5 >"/proc/$pid/clear_refs"
  idle_mb=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")

  started=$(date +%s.%N)
  plan_id=$(signed -H "Content-Type: application/json" "$api/plans" -d "$(printf '{"source":%s,"destination":%s,"sync":true}' "$(endpoint "$source_bucket" "$synth")" "$(endpoint "$sink_bucket" "$sink")")" | json 'd["planID"]')
  while true; do
    plan=$(signed "$api/plans/$plan_id")
    status=$(json 'd["status"]' <<<"$plan")
    [ "$status" = ended ] && break
    case "$status" in failed|aborted) echo "plan $status: $plan"; exit 1;; esac
    sleep 1
  done
  plan_s=$(echo "$(date +%s.%N) - $started" | bc -l)
  planned=$(json 'd["totObjects"]' <<<"$plan")
  plan_mb=$(hwm_mb)
  echo "plan: $planned objects in $(printf %.1f "$plan_s") s; peak RSS so far $plan_mb MB"

  read -r sync_s found copied failed state < <(run_to_end /sync "$body")
  sync_mb=$(hwm_mb)
  echo "sync: $copied of $found copied, $failed failed, state $state, in $(printf %.1f "$sync_s") s; peak RSS so far $sync_mb MB"

  read -r verify_s vfound vmatched vfailed vstate < <(run_to_end /verify "$body")
  peak_mb=$(hwm_mb)
  echo "verify: $vmatched of $vfound match, $vfailed differ, state $vstate, in $(printf %.1f "$verify_s") s; peak RSS $peak_mb MB"
  ok=OK
  [ "$planned" = "$count" ] && [ "$copied" = "$count" ] && [ "$failed" = 0 ] && [ "$vmatched" = "$count" ] && [ "$vfailed" = 0 ] || ok=WRONG
  results+=("$count $idle_mb $plan_s $sync_s $verify_s $peak_mb $ok")
  stop_platform_only() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; }
  stop_platform_only
done

printf '\n%-12s %9s %9s %9s %11s %9s %12s %s\n' objects "idle MB" "plan s" "sync s" "sync obj/s" "verify s" "peak RSS MB" counts
for r in "${results[@]}"; do
  read -r n idle p s v peak ok <<<"$r"
  printf '%-12s %9s %9.1f %9.1f %11.0f %9.1f %12s %s\n' "$n" "$idle" "$p" "$s" "$(echo "$n / $s" | bc -l)" "$v" "$peak" "$ok"
done
read -r first_n _ _ _ _ first_peak _ <<<"${results[0]}"
read -r last_n _ _ _ _ last_peak _ <<<"${results[-1]}"
awk -v a="$first_peak" -v b="$last_peak" -v n1="$first_n" -v n2="$last_n" 'BEGIN {
  r = b / a
  printf "peak RSS %d objects / %d objects: %.2f (target <= 1.20) %s\n", n2, n1, r, (r <= 1.2 ? "OK" : "MISSED")
}'
