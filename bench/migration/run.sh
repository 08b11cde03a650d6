#!/usr/bin/env bash
# Benchmarks Transporter's migration engine against rclone between two built-in S3 stores, in one run, and prints ratios:
#   1. 10,000 x 4 KiB objects: a migration (signed POST /migrations, GET /state polled until done) vs
#      rclone copy --transfers 32 (objects/s);
#   2. one 1 GiB object: the same (MB/s), with the CPU seconds per GiB of every process;
#   3. the peak RSS (VmHWM) of the Transporter processes;
#   4. the CPU time per small object of every process taking part (source store, platform, rclone, peer store), which
#      shows where the time goes on a machine where the copier and both stores share the same cores;
#   5. the S3 requests per small object each tool sends to the source and to the destination, by operation (from the
#      stores' transporter_s3_requests_total);
#   6. at cloud latency: the same small objects through a latency proxy (bench/latency-proxy, LATENCY_MS round trip,
#      default 25; 0 skips it) in front of the source and of each destination, Transporter vs rclone --transfers 64
#      --checkers 64, with the CPU per object of every process, the proxies included;
#   7. the copier alone: two processes with roles api,worker (copier and run database, no store), one on the lean S3
#      data path and one with TRANSPORTER_S3_LEAN_DATA_PATH=false (every request through AWSSDK), copy the same small
#      objects into rclone's peer store, in alternating order; their CPU per object is the copier's own, printed beside
#      rclone's (docs/decisions/s3-data-path.md).
# Processes: "source" (role store) holds the objects; "platform" (api,store,worker) runs the migrations into its own
# store as a lyve destination; "peer" (role store, same build) receives rclone's copies, so the platform's peak RSS
# counts Transporter's work only. The machine may be shared: each comparison is PAIRS (default 3) back-to-back pairs
# (Transporter, then rclone) and the pair with the median ratio is reported, with every figure printed.
# Targets: objects/s >= 1.2x rclone (goal 1.5x), MB/s >= 1.0x rclone, platform peak RSS < 300 MB, 25 ms latency >= 2x rclone.
# Usage: bench/migration/run.sh   (builds the solution in Release first; needs rclone and python3-botocore)
#   PAIRS, SMALL_COUNT, LARGE_MIB change the workload; COPY_CONCURRENCY (default 32, rclone's --transfers) and
#   BATCH_CONCURRENCY (default 8) tune the platform's workers. TRACE=<file.nettrace> records a CPU-sampling trace of the
#   platform process during the first small-object migration (dotnet-trace collect-linux; the pair's figures then
#   include the tracing cost) and prints its top methods (docs/performance.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
PAIRS=${PAIRS:-3}
SMALL_COUNT=${SMALL_COUNT:-10000}
LARGE_MIB=${LARGE_MIB:-1024}
LATENCY_MS=${LATENCY_MS:-25}

echo "building the solution (Release)"
dotnet build "$root/Transporter.sln" -c Release -nologo -v quiet >/dev/null
dll="$root/src/Transporter.Api/bin/Release/net10.0/Transporter.Api.dll"
proxy_dll="$root/bench/latency-proxy/Transporter.Bench.LatencyProxy/bin/Release/net10.0/Transporter.Bench.LatencyProxy.dll"

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
# The source and rclone's peer store also serve the API role, for their /metrics (the S3 requests they answered).
start source api,store "$SRC_KEY" "$SRC_SECRET"
# As many objects in flight as rclone's --transfers by default.
start platform api,store,worker "$PLAT_KEY" "$PLAT_SECRET" TRANSPORTER_COPY_CONCURRENCY=${COPY_CONCURRENCY:-32} TRANSPORTER_BATCH_CONCURRENCY=${BATCH_CONCURRENCY:-8}
start peer api,store "$PEER_KEY" "$PEER_SECRET"
# Copier-only processes (phase 7), the same settings as the platform's worker.
for path in lean sdk; do
  start "$path" api,worker "$PLAT_KEY" "$PLAT_SECRET" TRANSPORTER_COPY_CONCURRENCY=${COPY_CONCURRENCY:-32} TRANSPORTER_BATCH_CONCURRENCY=${BATCH_CONCURRENCY:-8} \
    TRANSPORTER_S3_LEAN_DATA_PATH=$([ "$path" = lean ] && echo true || echo false)
done
wait_healthy "$source_s3"; wait_healthy "$platform_s3"; wait_healthy "$platform_api"; wait_healthy "$peer_s3"
wait_healthy "$source_api"; wait_healthy "$peer_api"; wait_healthy "$lean_api"; wait_healthy "$sdk_api"

# rclone remotes from the environment; AWS_CA_BUNDLE (set on some machines) breaks rclone's plain-http S3 client.
unset AWS_CA_BUNDLE
export RCLONE_CONFIG=/dev/null
# remote <NAME> <endpoint> <key> <secret>: an rclone S3 remote from the environment.
remote() {
  export "RCLONE_CONFIG_$1_TYPE=s3" "RCLONE_CONFIG_$1_PROVIDER=Other" "RCLONE_CONFIG_$1_ENDPOINT=$2" \
    "RCLONE_CONFIG_$1_ACCESS_KEY_ID=$3" "RCLONE_CONFIG_$1_SECRET_ACCESS_KEY=$4" \
    "RCLONE_CONFIG_$1_REGION=us-east-1" "RCLONE_CONFIG_$1_FORCE_PATH_STYLE=true"
}
remote SRC "$source_s3" "$SRC_KEY" "$SRC_SECRET"
remote PLAT "$platform_s3" "$PLAT_KEY" "$PLAT_SECRET"
remote PEER "$peer_s3" "$PEER_KEY" "$PEER_SECRET"

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

# migrate <api url> <prefix> <expected objects> <source endpoint> <destination key> <secret> <bucket> <endpoint>: seconds
# for a migration of bench/<prefix> from the source store into a lyve destination, posted to the process at <api url>.
migrate() {
  local body
  body=$($PY -c 'import json, sys; print(json.dumps({
    "source": {"type": "s3v4", "accessKey": sys.argv[1], "secretKey": sys.argv[2], "bucket": "bench", "endpoint": sys.argv[3], "region": "us-east-1", "prefix": sys.argv[4]},
    "destination": {"type": "lyve", "accessKey": sys.argv[5], "secretKey": sys.argv[6], "bucket": sys.argv[7], "endpoint": sys.argv[8], "region": "us-east-1"}}))' \
    "$SRC_KEY" "$SRC_SECRET" "$4" "$2/" "$5" "$6" "$7" "$8")
  $PY "$work/migrate.py" "$1" "$PLAT_KEY" "$PLAT_SECRET" "$body" "$3"
}
# transporter_run <prefix> <bucket> <expected objects>: seconds for a migration of bench/<prefix> into the platform's store
# (through SRC_EP and DST_EP when set: the latency proxies).
transporter_run() {
  rclone mkdir "PLAT:$2"
  migrate "$platform_api" "$1" "$3" "${SRC_EP:-$source_s3}" "$PLAT_KEY" "$PLAT_SECRET" "$2" "${DST_EP:-$platform_s3}"
}
# copier_run <api url> <bucket>: seconds for a migration of bench/small by the copier-only process at <api url> into
# rclone's peer store.
copier_run() {
  rclone mkdir "PEER:$2"
  migrate "$1" small "$SMALL_COUNT" "$source_s3" "$PEER_KEY" "$PEER_SECRET" "$2" "$peer_s3"
}
# rclone_run <prefix> <bucket> <expected objects>: seconds for rclone copy of bench/<prefix> into the peer store (from the
# remotes RCLONE_SRC and RCLONE_DST, default SRC and PEER, with RCLONE_FLAGS, default --transfers 32).
rclone_run() {
  rclone mkdir "PEER:$2"
  local t0 t1 count
  t0=$(date +%s.%N)
  # rclone's own CPU seconds go to rclone.cpu (the getrusage of the child).
  $PY -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[2:], stderr=open(sys.argv[1], "w")).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{usage.ru_utime + usage.ru_stime:.3f}")
sys.exit(code)' "$work/rclone.err" rclone copy "${RCLONE_SRC:-SRC}:bench/$1" "${RCLONE_DST:-PEER}:$2/$1" ${RCLONE_FLAGS:---transfers 32} >"$work/rclone.cpu" || { cat "$work/rclone.err"; exit 1; }
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

# requests <api url>: the S3 requests the process's store answered so far, "operation=count" per line.
requests() {
  curl -sf "$1/metrics" | $PY -c 'import sys, re, collections
counts = collections.Counter()
for line in sys.stdin:
    m = re.match(r"transporter_s3_requests_total\{(.*)\} (\S+)", line)
    if m: counts[re.search(r"operation=\"([^\"]*)\"", m.group(1)).group(1)] += float(m.group(2))
for op, n in sorted(counts.items()): print(f"{op}={n:.0f}")'
}
# per_object_requests <before file> <after file>: "total (Operation n.nn, ...)" per small object.
per_object_requests() {
  $PY - "$1" "$2" "$SMALL_COUNT" <<'PY'
import sys
def read(path): return {k: float(v) for k, v in (l.strip().split('=') for l in open(path) if '=' in l)}
before, after, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
delta = {op: after[op] - before.get(op, 0) for op in after if after[op] - before.get(op, 0) > 0}
print(f"{sum(delta.values()) / n:.2f} (" + ", ".join(f"{op} {v / n:.2f}" for op, v in sorted(delta.items(), key=lambda kv: -kv[1])) + ")")
PY
}

# A fresh platform JIT-compiles its copy path and opens its connection pools on its first migration; rclone is
# native. One small warm-up migration (not measured) keeps that out of the first pair.
echo "warm-up migration ..."
rclone copy "SRC:bench/small/d000" "SRC:bench/warmup/d000" >/dev/null
transporter_run warmup warmup $(( SMALL_COUNT < 100 ? SMALL_COUNT : 100 )) >/dev/null

small_t=(); small_r=(); cpu_lines=()
for i in $(seq 1 "$PAIRS"); do
  echo "small objects, pair $i of $PAIRS ..."
  requests "$source_api" >"$work/src.req0"; requests "$platform_api" >"$work/plat.req0"
  if [ -n "${TRACE:-}" ] && [ "$i" -eq 1 ]; then
    # It stops by itself (it waits for a key press otherwise): 12 s, within the migration at the speeds seen here.
    ~/.dotnet/tools/dotnet-trace collect-linux -p "$platform_pid" --profile cpu-sampling --duration 00:00:00:12 -o "$TRACE" \
      </dev/null >"$work/trace.log" 2>&1 &
    trace_pid=$!; sleep 3
  fi
  src0=$(cpu "$source_pid"); plat0=$(cpu "$platform_pid")
  small_t+=("$(rate "$SMALL_COUNT" "$(transporter_run small "small-t$i" "$SMALL_COUNT")")")
  if [ -n "${TRACE:-}" ] && [ "$i" -eq 1 ]; then
    wait "$trace_pid" || cat "$work/trace.log"
    ~/.dotnet/tools/dotnet-trace report "$TRACE" topN -n 40 >"${TRACE%.nettrace}.top.txt" 2>&1 || true
    ~/.dotnet/tools/dotnet-trace report "$TRACE" topN -n 60 --inclusive >"${TRACE%.nettrace}.inclusive.txt" 2>&1 || true
  fi
  src1=$(cpu "$source_pid"); plat1=$(cpu "$platform_pid"); peer0=$(cpu "$peer_pid")
  requests "$source_api" >"$work/src.req1"; requests "$platform_api" >"$work/plat.req1"; requests "$peer_api" >"$work/peer.req1"
  small_r+=("$(rate "$SMALL_COUNT" "$(rclone_run small "small-r$i" "$SMALL_COUNT")")")
  src2=$(cpu "$source_pid"); peer1=$(cpu "$peer_pid")
  requests "$source_api" >"$work/src.req2"; requests "$peer_api" >"$work/peer.req2"
  if [ "$i" -eq 1 ]; then
    request_lines=("Transporter: source $(per_object_requests "$work/src.req0" "$work/src.req1"), destination $(per_object_requests "$work/plat.req0" "$work/plat.req1")"
                   "rclone:      source $(per_object_requests "$work/src.req1" "$work/src.req2"), destination $(per_object_requests "$work/peer.req1" "$work/peer.req2")")
  fi
  cpu_lines+=("pair $i: Transporter run: source store $(per_object_ms "$src0" "$src1"), platform (copier + destination store + database) $(per_object_ms "$plat0" "$plat1")   rclone run: source store $(per_object_ms "$src1" "$src2"), rclone $(per_object_ms 0 "$(cat "$work/rclone.cpu")"), peer store $(per_object_ms "$peer0" "$peer1")")
done
# The copier alone, lean data path vs AWSSDK, alternating which goes first.
copier_t=(); copier_ms=()
for path in lean sdk; do api_var="${path}_api"; copier_run "${!api_var}" "warmup-$path" >/dev/null; done
for i in $(seq 1 "$PAIRS"); do
  echo "copier alone (lean data path, AWSSDK), pair $i of $PAIRS ..."
  order=(lean sdk); [ $((i % 2)) -eq 0 ] && order=(sdk lean)
  for path in "${order[@]}"; do
    pid_var="${path}_pid"; api_var="${path}_api"
    c0=$(cpu "${!pid_var}")
    seconds=$(copier_run "${!api_var}" "copier-$path-$i")
    c1=$(cpu "${!pid_var}")
    copier_t+=("$path=$(rate "$SMALL_COUNT" "$seconds")"); copier_ms+=("$path=$(per_object_ms "$c0" "$c1")")
  done
done
large_bytes=$((LARGE_MIB * 1024 * 1024))
large_t=(); large_r=(); large_cpu_lines=()
# per_gib_s <seconds before> <seconds after>: CPU seconds per GiB of the large object.
per_gib_s() { $PY -c "print(f'{($2 - $1) * 1024 / $LARGE_MIB:.2f}')"; }
for i in $(seq 1 "$PAIRS"); do
  echo "large object, pair $i of $PAIRS ..."
  src0=$(cpu "$source_pid"); plat0=$(cpu "$platform_pid")
  large_t+=("$(rate "$large_bytes / 1e6" "$(transporter_run large "large-t$i" 1)")")
  src1=$(cpu "$source_pid"); plat1=$(cpu "$platform_pid"); peer0=$(cpu "$peer_pid")
  large_r+=("$(rate "$large_bytes / 1e6" "$(rclone_run large "large-r$i" 1)")")
  src2=$(cpu "$source_pid"); peer1=$(cpu "$peer_pid")
  large_cpu_lines+=("pair $i: Transporter run: source store $(per_gib_s "$src0" "$src1"), platform $(per_gib_s "$plat0" "$plat1")   rclone run: source store $(per_gib_s "$src1" "$src2"), rclone $(per_gib_s 0 "$(cat "$work/rclone.cpu")"), peer store $(per_gib_s "$peer0" "$peer1")")
done
# The copies must be the source's bytes: same MD5 per object (rclone check compares hashes, streaming both sides).
rclone check "SRC:bench/large" "PLAT:large-t1/large" --one-way --download 2>"$work/check.err" || { echo "the large copy differs"; cat "$work/check.err"; exit 1; }
rclone check "SRC:bench/small" "PLAT:small-t1/small" --one-way 2>"$work/check.err" || { echo "the small copies differ"; cat "$work/check.err"; exit 1; }

# At cloud latency: every request of both tools to the source and to their destination crosses a latency proxy.
latency_t=(); latency_r=(); latency_cpu_lines=()
if [ "$LATENCY_MS" != 0 ]; then
  proxy() { # proxy <name> <upstream url>: sets <name>_url
    local port; port=$(free_port)
    dotnet "$proxy_dll" "$port" "${2#http://}" "$LATENCY_MS" >"$work/$1.log" 2>&1 &
    pids+=("$!"); printf -v "$1_url" '%s' "http://127.0.0.1:$port"; printf -v "$1_pid" '%s' "$!"
  }
  proxy src_proxy "$source_s3"; proxy plat_proxy "$platform_s3"; proxy peer_proxy "$peer_s3"
  # proxies_cpu: the CPU seconds of the three proxies so far (each run crosses two of them).
  proxies_cpu() { $PY -c "print(f'{$(cpu "$src_proxy_pid") + $(cpu "$plat_proxy_pid") + $(cpu "$peer_proxy_pid"):.3f}')"; }
  for _ in $(seq 1 100); do grep -q "latency proxy" "$work/peer_proxy.log" && break; sleep 0.1; done
  remote SRCL "$src_proxy_url" "$SRC_KEY" "$SRC_SECRET"; remote PEERL "$peer_proxy_url" "$PEER_KEY" "$PEER_SECRET"
  for i in $(seq 1 "$PAIRS"); do
    echo "small objects at ${LATENCY_MS} ms round trip, pair $i of $PAIRS ..."
    src0=$(cpu "$source_pid"); plat0=$(cpu "$platform_pid"); px0=$(proxies_cpu)
    latency_t+=("$(rate "$SMALL_COUNT" "$(SRC_EP=$src_proxy_url DST_EP=$plat_proxy_url transporter_run small "latency-t$i" "$SMALL_COUNT")")")
    src1=$(cpu "$source_pid"); plat1=$(cpu "$platform_pid"); px1=$(proxies_cpu); peer0=$(cpu "$peer_pid")
    latency_r+=("$(rate "$SMALL_COUNT" "$(RCLONE_SRC=SRCL RCLONE_DST=PEERL RCLONE_FLAGS="--transfers 64 --checkers 64" rclone_run small "latency-r$i" "$SMALL_COUNT")")")
    src2=$(cpu "$source_pid"); px2=$(proxies_cpu); peer1=$(cpu "$peer_pid")
    latency_cpu_lines+=("pair $i: Transporter run: latency proxies $(per_object_ms "$px0" "$px1"), source store $(per_object_ms "$src0" "$src1"), platform $(per_object_ms "$plat0" "$plat1")   rclone run: latency proxies $(per_object_ms "$px1" "$px2"), source store $(per_object_ms "$src1" "$src2"), rclone $(per_object_ms 0 "$(cat "$work/rclone.cpu")"), peer store $(per_object_ms "$peer0" "$peer1")")
  done
fi

hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
platform_hwm=$(hwm "$platform_pid"); source_hwm=$(hwm "$source_pid"); peer_hwm=$(hwm "$peer_pid")
read -r small_ours small_peer small_ratio < <(median_pair "${small_t[@]}" -- "${small_r[@]}")
read -r large_ours large_peer large_ratio < <(median_pair "${large_t[@]}" -- "${large_r[@]}")

echo
echo "== migration engine benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))"
printf '%d x 4 KiB     Transporter %8s obj/s   rclone %8s obj/s   ratio %s (target >= 1.2)   all pairs: %s / %s\n' \
  "$SMALL_COUNT" "$small_ours" "$small_peer" "$small_ratio" "${small_t[*]}" "${small_r[*]}"
printf '1 x %d MiB     Transporter %8s MB/s    rclone %8s MB/s    ratio %s (target >= 1.0)   all pairs: %s / %s\n' \
  "$LARGE_MIB" "$large_ours" "$large_peer" "$large_ratio" "${large_t[*]}" "${large_r[*]}"
printf 'peak RSS (VmHWM)  platform (api+worker+store) %s MB (target < 300)   source store %s MB   rclone'"'"'s peer store %s MB\n' \
  "$platform_hwm" "$source_hwm" "$peer_hwm"
if [ "$LATENCY_MS" != 0 ]; then
  read -r lat_ours lat_peer lat_ratio < <(median_pair "${latency_t[@]}" -- "${latency_r[@]}")
  printf '%d x 4 KiB at %s ms round trip   Transporter %8s obj/s   rclone --transfers 64 %8s obj/s   ratio %s (target >= 2.0)   all pairs: %s / %s\n' \
    "$SMALL_COUNT" "$LATENCY_MS" "$lat_ours" "$lat_peer" "$lat_ratio" "${latency_t[*]}" "${latency_r[*]}"
fi
echo "CPU per small object (ms; $(nproc) cores shared by every process):"
printf '  %s\n' "${cpu_lines[@]}"
echo "CPU seconds per GiB of the large object:"
printf '  %s\n' "${large_cpu_lines[@]}"
if [ "$LATENCY_MS" != 0 ]; then
  echo "CPU per small object at ${LATENCY_MS} ms round trip (ms; the phase is bound by the cores when their sum nears 2 cores' worth):"
  printf '  %s\n' "${latency_cpu_lines[@]}"
fi
echo "The copier alone (copier + run database, no store; into rclone's peer store), CPU ms per small object and objects/s:"
$PY - "$PAIRS" "${copier_ms[*]}" "${copier_t[*]}" <<'PY'
import statistics, sys
pairs, ms, rates = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
def by(path, values): return [float(v.split('=')[1]) for v in values if v.startswith(path + '=')]
lean_ms, sdk_ms = by('lean', ms), by('sdk', ms)
print(f"  lean data path: {statistics.median(lean_ms):.2f} ms ({' '.join(map(str, lean_ms))}), {statistics.median(by('lean', rates)):.1f} obj/s")
print(f"  AWSSDK:         {statistics.median(sdk_ms):.2f} ms ({' '.join(map(str, sdk_ms))}), {statistics.median(by('sdk', rates)):.1f} obj/s")
print(f"  AWSSDK / lean CPU per object: {statistics.median(sdk_ms) / statistics.median(lean_ms):.2f} (the decision's threshold: > 1.5)")
PY
echo "S3 requests per small object (pair 1; total, then by operation):"
printf '  %s\n' "${request_lines[@]}"
