#!/usr/bin/env bash
# Benchmarks the built-in S3 store against peers on this machine, in one run, and prints ratios:
#   1. GET of a 4 KiB object through a presigned URL (wrk) vs nginx serving the same bytes from a file.
#   2. PUT of a 1 GiB object as 8 parallel 128 MiB parts (presigned UploadPart URLs sent by curl) vs dd with fsync.
#   3. 10,000 x 4 KiB objects up and down with rclone --transfers 32 (objects/s).
#   4. The same rclone workload against a reference S3 server, Ceph's radosgw on one memstore OSD
#      (bench/ceph/start-radosgw.sh; skipped with the reason printed if Ceph cannot be installed or started).
# The machine may be shared: each comparison is three back-to-back pairs; the median pair ratio is reported.
# Usage: bench/store/run.sh   (builds src/Transporter.Api in Release first; needs wrk, nginx, curl, rclone, python3-boto3)
# Env: RADOSGW=0 skips phase 4.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3

echo "building Transporter.Api (Release)"
dotnet build "$root/src/Transporter.Api" -c Release -nologo -v quiet >/dev/null

# Same disk as the store's data dir for every write (dd, nginx root, source files).
work=$(mktemp -d "${TMPDIR:-/tmp}/transporter-bench.XXXXXX")
store_pid=""; nginx_pid_file="$work/nginx/nginx.pid"
cleanup() {
  [ -n "$store_pid" ] && kill "$store_pid" 2>/dev/null || true
  [ -d "$work/ceph" ] && "$root/bench/ceph/stop-radosgw.sh" "$work/ceph" || true
  [ -f "$nginx_pid_file" ] && kill "$(cat "$nginx_pid_file")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

s3_port=$(free_port); api_port=$(free_port)
export AWS_ACCESS_KEY_ID=BENCHROOTKEY00000001 AWS_SECRET_ACCESS_KEY=bench-root-secret-00000000000000000001 AWS_DEFAULT_REGION=us-east-1
export AWS_CA_BUNDLE="" S3_ENDPOINT="http://127.0.0.1:$s3_port"
env TRANSPORTER_DATA_DIR="$work/data" TRANSPORTER_S3_URL="$S3_ENDPOINT" TRANSPORTER_API_URL="http://127.0.0.1:$api_port" \
    TRANSPORTER_ROLES=store TRANSPORTER_ROOT_ACCESS_KEY="$AWS_ACCESS_KEY_ID" TRANSPORTER_ROOT_SECRET_KEY="$AWS_SECRET_ACCESS_KEY" \
    Logging__LogLevel__Default=Warning \
    dotnet "$root/src/Transporter.Api/bin/Release/net10.0/Transporter.Api.dll" >"$work/store.log" 2>&1 &
store_pid=$!
for _ in $(seq 1 120); do curl -sf "$S3_ENDPOINT/health" >/dev/null && break; sleep 0.5; done
curl -sf "$S3_ENDPOINT/health" >/dev/null || { echo "store did not start"; cat "$work/store.log"; exit 1; }


# --- 1. GET 4 KiB: presigned URL vs nginx -----------------------------------------------------------------
head -c 4096 /dev/urandom >"$work/4k.bin"
url=$($PY - "$work/4k.bin" <<'PY'
import os, sys, boto3
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT'], region_name='us-east-1',
                  config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
s3.create_bucket(Bucket='bench')
s3.upload_file(sys.argv[1], 'bench', 'small/4k.bin')
print(s3.generate_presigned_url('get_object', Params={'Bucket': 'bench', 'Key': 'small/4k.bin'}, ExpiresIn=3600))
PY
)
[ "$(curl -s "$url" | cmp - "$work/4k.bin" && echo same)" = same ] || { echo "presigned GET returned other bytes"; exit 1; }

mkdir -p "$work/nginx/www"; cp "$work/4k.bin" "$work/nginx/www/4k.bin"
nginx_port=$(free_port)
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $nginx_pid_file;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $work/nginx/www; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null
sleep 0.5

# The machine is shared and its load and disk speed swing between runs: each comparison is made in back-to-back
# pairs (store, then peer), three pairs, and the median of the pairs' ratios is reported with the pair's figures.
wrk_rps() { wrk -t2 -c32 -d8s "$1" | awk '/Requests\/sec/ {print $2}'; }
# median_pair <store runs...> -- <peer runs...>: prints "store peer ratio" of the pair with the median ratio.
median_pair() {
  $PY - "$@" <<'PY'
import sys
args = sys.argv[1:]; cut = args.index('--')
pairs = sorted(zip(map(float, args[:cut]), map(float, args[cut + 1:])), key=lambda p: p[0] / p[1])
store, peer = pairs[len(pairs) // 2]
print(f'{store:.0f} {peer:.0f} {store / peer:.2f}')
PY
}
echo "GET 4 KiB (wrk -t2 -c32 -d8s, 3 pairs) ..."
wrk -t2 -c32 -d2s "$url" >/dev/null; wrk -t2 -c32 -d2s "http://127.0.0.1:$nginx_port/4k.bin" >/dev/null
store_runs=(); nginx_runs=()
for _ in 1 2 3; do
  store_runs+=("$(wrk_rps "$url")")
  nginx_runs+=("$(wrk_rps "http://127.0.0.1:$nginx_port/4k.bin")")
done
read -r store_rps nginx_rps get_ratio < <(median_pair "${store_runs[@]}" -- "${nginx_runs[@]}")
kill "$(cat "$nginx_pid_file")"; rm -f "$nginx_pid_file"

# --- 2. PUT 1 GiB, 8 parallel parts vs dd conv=fsync --------------------------------------------------------
mkdir -p "$work/parts"
for i in 1 2 3 4 5 6 7 8; do head -c $((128 * 1024 * 1024)) /dev/zero >"$work/parts/$i"; done
echo "PUT 1 GiB multipart (8 x 128 MiB parallel) vs dd, 3 pairs ..."
cat >"$work/put.py" <<'PY'
import os, subprocess, sys, time, boto3
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT'], region_name='us-east-1',
                  config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
parts = sys.argv[1]
up = s3.create_multipart_upload(Bucket='bench', Key='big/1gib.bin')
urls = [s3.generate_presigned_url('upload_part', ExpiresIn=3600,
        Params={'Bucket': 'bench', 'Key': 'big/1gib.bin', 'UploadId': up['UploadId'], 'PartNumber': n}) for n in range(1, 9)]
start = time.monotonic()
procs = [subprocess.Popen(['curl', '-sf', '-X', 'PUT', '--upload-file', os.path.join(parts, str(n)), '-D', '-', '-o', '/dev/null', urls[n - 1]],
                          stdout=subprocess.PIPE, text=True) for n in range(1, 9)]
etags = []
for p in procs:
    out, _ = p.communicate()
    if p.returncode != 0: sys.exit('part upload failed')
    etags.append([l.split(':', 1)[1].strip() for l in out.splitlines() if l.lower().startswith('etag:')][0])
s3.complete_multipart_upload(Bucket='bench', Key='big/1gib.bin', UploadId=up['UploadId'],
    MultipartUpload={'Parts': [{'PartNumber': n + 1, 'ETag': e} for n, e in enumerate(etags)]})
elapsed = time.monotonic() - start
size = s3.head_object(Bucket='bench', Key='big/1gib.bin')['ContentLength']
if size != 1024 ** 3: sys.exit('wrong size %d' % size)
print(f'{1024 ** 3 / elapsed / 1e6:.0f}')
PY
dd_mbs_once() {
  sync
  local seconds
  seconds=$( { dd if=/dev/zero of="$work/dd.bin" bs=1M count=1024 conv=fsync 2>&1 >/dev/null; } | awk '/copied/ {for (i=1;i<=NF;i++) if ($i ~ /^s,?$/) print $(i-1)}' | tr -d ',')
  rm -f "$work/dd.bin"
  $PY -c "print(f'{1024 ** 3 / $seconds / 1e6:.0f}')"
}
put_runs=(); dd_runs=()
for _ in 1 2 3; do
  sync
  put_runs+=("$($PY "$work/put.py" "$work/parts")")
  dd_runs+=("$(dd_mbs_once)")
done
rm -rf "$work/parts"
read -r store_put_mbs dd_mbs put_ratio < <(median_pair "${put_runs[@]}" -- "${dd_runs[@]}")

# --- 3. rclone 10,000 x 4 KiB ---------------------------------------------------------------------------
echo "rclone 10,000 x 4 KiB up and down (--transfers 32) ..."
$PY - "$work/small" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(os.path.join(root, 'd%02d' % d))
    for f in range(100):
        with open(os.path.join(root, 'd%02d' % d, 'f%03d' % f), 'wb') as out: out.write(os.urandom(4096))
PY
export RCLONE_CONFIG=/dev/null RCLONE_CONFIG_STORE_TYPE=s3 RCLONE_CONFIG_STORE_PROVIDER=Other RCLONE_CONFIG_STORE_ENDPOINT="$S3_ENDPOINT" \
  RCLONE_CONFIG_STORE_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  RCLONE_CONFIG_STORE_REGION=us-east-1 RCLONE_CONFIG_STORE_FORCE_PATH_STYLE=true
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>"$work/rclone.err" || { cat "$work/rclone.err" >&2; exit 1; }; t1=$(date +%s.%N); $PY -c "print($t1 - $t0)"; }
# rclone_round <remote:bucket/prefix>: copies the 10,000 files up to a fresh prefix and back down, checks every
# byte came back, and prints "PUT-obj/s GET-obj/s".
rclone_round() {
  local up_s down_s count
  rm -rf "$work/down"
  up_s=$(timed rclone copy "$work/small" "$1" --transfers 32 --checkers 32) || exit 1
  down_s=$(timed rclone copy "$1" "$work/down" --transfers 32 --checkers 32) || exit 1
  count=$(find "$work/down" -type f | wc -l)
  [ "$count" -eq 10000 ] || { echo "downloaded $count files from $1, expected 10000" >&2; exit 1; }
  diff -rq "$work/small" "$work/down" >/dev/null || { echo "files downloaded from $1 differ" >&2; exit 1; }
  $PY -c "print(f'{10000 / $up_s:.0f} {10000 / $down_s:.0f}')"
}
round=$(rclone_round store:bench/many); read -r rclone_put rclone_get <<<"$round"

# --- 4. rclone 10,000 x 4 KiB: built-in store vs radosgw ---------------------------------------------------
# The peer is Ceph's S3 gateway on a single memstore OSD. memstore keeps every object in RAM and never fsyncs,
# whereas the built-in store fsyncs each object before it answers: this compares the S3 front ends together with
# their storage, not two equally durable stores, and the printed line says so. Ceph starts only now, so that its
# three daemons take no CPU from the phases before.
rgw_note=""
if [ "${RADOSGW:-1}" = 0 ]; then
  rgw_note="skipped (RADOSGW=0)"
else
  rgw_port=$(free_port)
  echo "starting radosgw (bench/ceph/start-radosgw.sh) ..."
  if "$root/bench/ceph/start-radosgw.sh" "$work/ceph" "$rgw_port" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" 2>"$work/radosgw.err"; then
    tail -1 "$work/radosgw.err"
  else
    reason=$(tail -1 "$work/radosgw.err"); rgw_note="skipped: ${reason#radosgw: }"
    echo "radosgw phase $rgw_note"
  fi
fi
if [ -z "$rgw_note" ]; then
  export RCLONE_CONFIG_RGW_TYPE=s3 RCLONE_CONFIG_RGW_PROVIDER=Ceph RCLONE_CONFIG_RGW_ENDPOINT="http://127.0.0.1:$rgw_port" \
    RCLONE_CONFIG_RGW_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" RCLONE_CONFIG_RGW_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
    RCLONE_CONFIG_RGW_REGION=us-east-1 RCLONE_CONFIG_RGW_FORCE_PATH_STYLE=true
  echo "rclone 10,000 x 4 KiB up and down, store vs radosgw (--transfers 32, 3 pairs) ..."
  store_puts=(); store_gets=(); rgw_puts=(); rgw_gets=()
  for pair in 1 2 3; do
    round=$(rclone_round "store:bench/pair$pair"); read -r put get <<<"$round"; store_puts+=("$put"); store_gets+=("$get")
    round=$(rclone_round "rgw:bench/pair$pair"); read -r put get <<<"$round"; rgw_puts+=("$put"); rgw_gets+=("$get")
  done
  "$root/bench/ceph/stop-radosgw.sh" "$work/ceph"; rm -rf "$work/ceph"
  read -r pair_store_put rgw_put rgw_put_ratio < <(median_pair "${store_puts[@]}" -- "${rgw_puts[@]}")
  read -r pair_store_get rgw_get rgw_get_ratio < <(median_pair "${store_gets[@]}" -- "${rgw_gets[@]}")
fi

echo
echo "== built-in S3 store benchmark ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
printf 'GET 4 KiB presigned   store %8s req/s   nginx %8s req/s   ratio %s (target >= 0.5)   all pairs: store %s / nginx %s\n' \
  "$store_rps" "$nginx_rps" "$get_ratio" "${store_runs[*]}" "${nginx_runs[*]}"
printf 'PUT 1 GiB 8 parts     store %8s MB/s    dd     %8s MB/s    ratio %s (target >= 0.7)   all pairs: store %s / dd %s\n' \
  "$store_put_mbs" "$dd_mbs" "$put_ratio" "${put_runs[*]}" "${dd_runs[*]}"
printf 'rclone 10k x 4 KiB    PUT %s obj/s   GET %s obj/s\n' "$rclone_put" "$rclone_get"
if [ -n "$rgw_note" ]; then
  echo "rclone 10,000 x 4 KiB vs radosgw: $rgw_note"
else
  commas() { $PY -c "print(f'{int($1):,}')"; }
  for op in PUT GET; do
    if [ $op = PUT ]; then s=$pair_store_put p=$rgw_put r=$rgw_put_ratio all="${store_puts[*]} / radosgw ${rgw_puts[*]}"
    else s=$pair_store_get p=$rgw_get r=$rgw_get_ratio all="${store_gets[*]} / radosgw ${rgw_gets[*]}"; fi
    printf 'rclone 10,000 x 4 KiB %s: store %s obj/s vs radosgw %s obj/s (ratio %s)   all pairs: store %s\n' \
      $op "$(commas "$s")" "$(commas "$p")" "$r" "$all"
  done
  echo "  (radosgw: Ceph $(ceph-osd --version | awk '{print $3}') on one memstore OSD, objects in RAM, never fsync'd; the store fsyncs every object)"
fi
