#!/usr/bin/env bash
# Benchmarks Transporter's migration engine against rclone between two built-in S3 stores, in one run, and prints ratios:
#   1. 10,000 x 4 KiB objects: a migration (signed POST /migrations, GET /state polled until done) vs
#      rclone copy --transfers 32 (objects/s);
#   2. one 1 GiB object: the same (MB/s);
#   3. the peak RSS (VmHWM) of the Transporter processes;
#   4. the CPU time per small object of every process taking part (source store, platform, rclone, peer store), which
#      shows where the time goes on a machine where the copier and both stores share the same cores.
# Processes: "source" (role store) holds the objects; "platform" (api,store,worker) runs the migrations into its own
# store as a lyve destination; "peer" (role store, same build) receives rclone's copies, so the platform's peak RSS
# counts Transporter's work only. The machine may be shared: each comparison is PAIRS (default 3) back-to-back pairs
# (Transporter, then rclone) and the pair with the median ratio is reported, with every figure printed.
# Targets: objects/s >= 1.5x rclone, MB/s >= 1.0x rclone, platform peak RSS < 300 MB.
# Usage: bench/migration/run.sh   (builds the solution in Release first; needs rclone and python3-botocore)
#   PAIRS, SMALL_COUNT, LARGE_MIB change the workload; COPY_CONCURRENCY (default 32, rclone's --transfers) and
#   BATCH_CONCURRENCY (default 8) tune the platform's workers.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
PAIRS=${PAIRS:-3}
SMALL_COUNT=${SMALL_COUNT:-10000}
LARGE_MIB=${LARGE_MIB:-1024}

echo "building the solution (Release)"
dotnet build "$root/Transporter.sln" -c Release -nologo -v quiet >/dev/null
dll="$root/src/Transporter.Api/bin/Release/net10.0/Transporter.Api.dll"

work=$(mktemp -d "${TMPDIR:-/tmp}/transporter-migration-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start <name> <roles> <access key> <secret key> [VAR=value ...]: starts one Transporter process; sets <name>_pid, <name>_s3, <name>_api.
start() {
  local name=$1 roles=$2 key=$3 secret=$4; shift 4
  local s3="http://127.0.0.1:$(free_port)" api="http://127.0.0.1:$(free_port)"
  env TRANSPORTER_DATA_DIR="$work/$name" TRANSPORTER_S3_URL="$s3" TRANSPORTER_API_URL="$api" TRANSPORTER_ROLES="$roles" \
      TRANSPORTER_ROOT_ACCESS_KEY="$key" TRANSPORTER_ROOT_SECRET_KEY="$secret" Logging__LogLevel__Default=Warning "$@" \
      dotnet "$dll" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  printf -v "${name}_pid" '%s' "$pid"; printf -v "${name}_s3" '%s' "$s3"; printf -v "${name}_api" '%s' "$api"
}
wait_healthy() {
  for _ in $(seq 1 120); do curl -sf "$1/health" >/dev/null && return 0; sleep 0.5; done
  echo "$1 did not become healthy"; cat "$work"/*.log; exit 1
}

SRC_KEY=BENCHSOURCEKEY000001;  SRC_SECRET=bench-source-secret-000000000000000001
PLAT_KEY=BENCHPLATFORMKEY0001; PLAT_SECRET=bench-platform-secret-0000000000000001
PEER_KEY=BENCHPEERKEY00000001; PEER_SECRET=bench-peer-secret-00000000000000000001
start source store "$SRC_KEY" "$SRC_SECRET"
# As many objects in flight as rclone's --transfers by default.
start platform api,store,worker "$PLAT_KEY" "$PLAT_SECRET" TRANSPORTER_COPY_CONCURRENCY=${COPY_CONCURRENCY:-32} TRANSPORTER_BATCH_CONCURRENCY=${BATCH_CONCURRENCY:-8}
start peer store "$PEER_KEY" "$PEER_SECRET"
wait_healthy "$source_s3"; wait_healthy "$platform_s3"; wait_healthy "$platform_api"; wait_healthy "$peer_s3"

# rclone remotes from the environment; AWS_CA_BUNDLE (set on some machines) breaks rclone's plain-http S3 client.
unset AWS_CA_BUNDLE
export RCLONE_CONFIG=/dev/null
for remote in SRC:source PLAT:platform PEER:peer; do
  upper=${remote%%:*}; name=${remote#*:}
  key_var=${upper}_KEY; secret_var=${upper}_SECRET; s3_var=${name}_s3
  export "RCLONE_CONFIG_${upper}_TYPE=s3" "RCLONE_CONFIG_${upper}_PROVIDER=Other" "RCLONE_CONFIG_${upper}_ENDPOINT=${!s3_var}" \
    "RCLONE_CONFIG_${upper}_ACCESS_KEY_ID=${!key_var}" "RCLONE_CONFIG_${upper}_SECRET_ACCESS_KEY=${!secret_var}" \
    "RCLONE_CONFIG_${upper}_REGION=us-east-1" "RCLONE_CONFIG_${upper}_FORCE_PATH_STYLE=true"
done

echo "preparing the source: $SMALL_COUNT x 4 KiB and one $LARGE_MIB MiB object"
$PY - "$work/small" "$SMALL_COUNT" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    d = os.path.join(root, 'd%03d' % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'f%05d' % i), 'wb') as out: out.write(os.urandom(4096))
PY
mkdir -p "$work/large"; head -c $((LARGE_MIB * 1024 * 1024)) /dev/urandom >"$work/large/large.bin"
rclone mkdir SRC:bench
rclone copy "$work/small" SRC:bench/small --transfers 32 --checkers 32
rclone copy "$work/large" SRC:bench/large --s3-chunk-size 64M
rm -rf "$work/small" "$work/large"

# The API client: signs with botocore (SigV4, service "transporter"), posts the migration, polls /state every 0.1 s
# until the run ends, checks every object was copied, and prints the seconds from the POST to the end.
cat >"$work/migrate.py" <<'PY'
import json, sys, time, urllib.request, urllib.error
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
api, key, secret, body_json, expected = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
creds = Credentials(key, secret)
def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else b''
    request = AWSRequest(method=method, url=api + path, data=data, headers={'Content-Type': 'application/json'} if body is not None else {})
    SigV4Auth(creds, 'transporter', 'us-east-1').add_auth(request)
    prepared = urllib.request.Request(api + path, data=data if body is not None else None, method=method, headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(prepared) as response: return response.status, json.loads(response.read() or b'null')
    except urllib.error.HTTPError as e: return e.code, e.read().decode()
start = time.monotonic()
status, created = call('POST', '/migrations', json.loads(body_json))
if status != 201: sys.exit(f'POST /migrations answered {status}: {created}')
mid = created['id']
while True:
    status, state = call('GET', f'/state/{mid}')
    if status == 200 and state['state'] in (2, 3, 6, 7): break
    if status not in (200, 404): sys.exit(f'GET /state answered {status}: {state}')
    time.sleep(0.1)
elapsed = time.monotonic() - start
if state['state'] != 2 or state['filesCompleted'] != expected or state['filesFailed'] != 0:
    sys.exit(f'migration {mid} ended {state["stateDescription"]}: {state["filesCompleted"]} of {expected} copied, {state["filesFailed"]} failed, errors {state["errors"]}')
print(f'{elapsed:.3f}')
PY

# transporter_run <prefix> <bucket> <expected objects>: seconds for a migration of bench/<prefix> into the platform's store.
transporter_run() {
  rclone mkdir "PLAT:$2"
  local body
  body=$($PY -c 'import json, sys; print(json.dumps({
    "source": {"type": "s3v4", "accessKey": sys.argv[1], "secretKey": sys.argv[2], "bucket": "bench", "endpoint": sys.argv[3], "region": "us-east-1", "prefix": sys.argv[4]},
    "destination": {"type": "lyve", "accessKey": sys.argv[5], "secretKey": sys.argv[6], "bucket": sys.argv[7], "endpoint": sys.argv[8], "region": "us-east-1"}}))' \
    "$SRC_KEY" "$SRC_SECRET" "$source_s3" "$1/" "$PLAT_KEY" "$PLAT_SECRET" "$2" "$platform_s3")
  $PY "$work/migrate.py" "$platform_api" "$PLAT_KEY" "$PLAT_SECRET" "$body" "$3"
}
# rclone_run <prefix> <bucket> <expected objects>: seconds for rclone copy of bench/<prefix> into the peer store.
rclone_run() {
  rclone mkdir "PEER:$2"
  local t0 t1 count
  t0=$(date +%s.%N)
  # rclone's own CPU seconds go to rclone.cpu (the getrusage of the child).
  $PY -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[2:], stderr=open(sys.argv[1], "w")).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{usage.ru_utime + usage.ru_stime:.3f}")
sys.exit(code)' "$work/rclone.err" rclone copy "SRC:bench/$1" "PEER:$2/$1" --transfers 32 >"$work/rclone.cpu" || { cat "$work/rclone.err"; exit 1; }
  t1=$(date +%s.%N)
  count=$(rclone size --json "PEER:$2" | $PY -c 'import json, sys; print(json.load(sys.stdin)["count"])')
  [ "$count" -eq "$3" ] || { echo "rclone copied $count objects, expected $3"; exit 1; }
  $PY -c "print(f'{$t1 - $t0:.3f}')"
}
# median_pair <transporter runs...> -- <rclone runs...> (rates): prints "transporter rclone ratio" of the median pair.
median_pair() {
  $PY - "$@" <<'PY'
import sys
args = sys.argv[1:]; cut = args.index('--')
pairs = sorted(zip(map(float, args[:cut]), map(float, args[cut + 1:])), key=lambda p: p[0] / p[1])
ours, peer = pairs[len(pairs) // 2]
print(f'{ours:.1f} {peer:.1f} {ours / peer:.2f}')
PY
}
rate() { $PY -c "print(f'{$1 / $2:.1f}')"; }
# cpu <pid>: the process's user + system CPU seconds so far.
cpu() { awk -v tck="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / tck }' "/proc/$1/stat"; }
# per_object_ms <seconds before> <seconds after>: CPU milliseconds per small object.
per_object_ms() { $PY -c "print(f'{($2 - $1) * 1000 / $SMALL_COUNT:.2f}')"; }

# A fresh platform JIT-compiles its copy path and opens its connection pools on its first migration; rclone is
# native. One small warm-up migration (not measured) keeps that out of the first pair.
echo "warm-up migration ..."
rclone copy "SRC:bench/small/d000" "SRC:bench/warmup/d000" >/dev/null
transporter_run warmup warmup $(( SMALL_COUNT < 100 ? SMALL_COUNT : 100 )) >/dev/null

small_t=(); small_r=(); cpu_lines=()
for i in $(seq 1 "$PAIRS"); do
  echo "small objects, pair $i of $PAIRS ..."
  src0=$(cpu "$source_pid"); plat0=$(cpu "$platform_pid")
  small_t+=("$(rate "$SMALL_COUNT" "$(transporter_run small "small-t$i" "$SMALL_COUNT")")")
  src1=$(cpu "$source_pid"); plat1=$(cpu "$platform_pid"); peer0=$(cpu "$peer_pid")
  small_r+=("$(rate "$SMALL_COUNT" "$(rclone_run small "small-r$i" "$SMALL_COUNT")")")
  src2=$(cpu "$source_pid"); peer1=$(cpu "$peer_pid")
  cpu_lines+=("pair $i: Transporter run: source store $(per_object_ms "$src0" "$src1"), platform (copier + destination store + database) $(per_object_ms "$plat0" "$plat1")   rclone run: source store $(per_object_ms "$src1" "$src2"), rclone $(per_object_ms 0 "$(cat "$work/rclone.cpu")"), peer store $(per_object_ms "$peer0" "$peer1")")
done
large_bytes=$((LARGE_MIB * 1024 * 1024))
large_t=(); large_r=()
for i in $(seq 1 "$PAIRS"); do
  echo "large object, pair $i of $PAIRS ..."
  large_t+=("$(rate "$large_bytes / 1e6" "$(transporter_run large "large-t$i" 1)")")
  large_r+=("$(rate "$large_bytes / 1e6" "$(rclone_run large "large-r$i" 1)")")
done
# The copies must be the source's bytes: same MD5 per object (rclone check compares hashes, streaming both sides).
rclone check "SRC:bench/large" "PLAT:large-t1/large" --one-way --download 2>"$work/check.err" || { echo "the large copy differs"; cat "$work/check.err"; exit 1; }
rclone check "SRC:bench/small" "PLAT:small-t1/small" --one-way 2>"$work/check.err" || { echo "the small copies differ"; cat "$work/check.err"; exit 1; }

hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
platform_hwm=$(hwm "$platform_pid"); source_hwm=$(hwm "$source_pid"); peer_hwm=$(hwm "$peer_pid")
read -r small_ours small_peer small_ratio < <(median_pair "${small_t[@]}" -- "${small_r[@]}")
read -r large_ours large_peer large_ratio < <(median_pair "${large_t[@]}" -- "${large_r[@]}")

echo
echo "== migration engine benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))"
printf '%d x 4 KiB     Transporter %8s obj/s   rclone %8s obj/s   ratio %s (target >= 1.5)   all pairs: %s / %s\n' \
  "$SMALL_COUNT" "$small_ours" "$small_peer" "$small_ratio" "${small_t[*]}" "${small_r[*]}"
printf '1 x %d MiB     Transporter %8s MB/s    rclone %8s MB/s    ratio %s (target >= 1.0)   all pairs: %s / %s\n' \
  "$LARGE_MIB" "$large_ours" "$large_peer" "$large_ratio" "${large_t[*]}" "${large_r[*]}"
printf 'peak RSS (VmHWM)  platform (api+worker+store) %s MB (target < 300)   source store %s MB   rclone'"'"'s peer store %s MB\n' \
  "$platform_hwm" "$source_hwm" "$peer_hwm"
echo "CPU per small object (ms; $(nproc) cores shared by every process):"
printf '  %s\n' "${cpu_lines[@]}"
