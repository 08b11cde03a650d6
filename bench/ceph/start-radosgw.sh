#!/usr/bin/env bash
# Starts a throw-away single-node Ceph (one ceph-mon, one memstore OSD, one radosgw) on loopback, as a reference
# S3 server for benchmarks. Everything lives under <workdir>: config, data, logs, pid files and admin sockets;
# nothing goes to /etc/ceph or systemd. Returns once the S3 endpoint answers; bench/ceph/stop-radosgw.sh <workdir>
# stops it. Exit status 2 means Ceph could not be installed or started (the reason is printed on stderr).
# Usage: bench/ceph/start-radosgw.sh <workdir> <port> <access-key> <secret-key>
# Env: MEMSTORE_GIB (default 2): the OSD's capacity; memstore keeps every byte in RAM, so this is RAM.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 <workdir> <port> <access-key> <secret-key>" >&2; exit 64; }
work=$1; rgw_port=$2; access_key=$3; secret_key=$4
[[ "$rgw_port" =~ ^[0-9]+$ ]] && [ "$rgw_port" -ge 1 ] && [ "$rgw_port" -le 65535 ] || { echo "radosgw: bad port '$rgw_port'" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
# On failure, stop whatever daemons this run already started, so that a failed start leaves nothing running.
daemons_started=false
fail() { echo "radosgw: $*" >&2; if $daemons_started; then "$here/stop-radosgw.sh" "$work"; fi; exit 2; }
started=$(date +%s.%N)

# Debian's packages; ceph-mgr is left out on purpose: the mon creates pools and maps without it, and a mgr would
# only add health reports and a second Python process on two cores. --no-install-recommends keeps out ceph-mds,
# ceph-fuse and the mgr that the packages recommend.
debs=(ceph-mon ceph-osd radosgw)
missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "radosgw: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"${TMPDIR:-/tmp}/radosgw-apt.log" 2>&1 || fail "apt-get install ${missing[*]} failed (see ${TMPDIR:-/tmp}/radosgw-apt.log)"
fi

work=$(mkdir -p "$work" && cd "$work" && pwd)
[ -e "$work/ceph.conf" ] && fail "$work already holds a cluster; stop it and use an empty directory"
# The readiness check below is "something answers HTTP on the port": it must not be something else.
curl -s -o /dev/null "http://127.0.0.1:$rgw_port/" && fail "port $rgw_port is already in use"
mkdir -p "$work/mon.a" "$work/osd.0" "$work/rgw" "$work/log" "$work/run"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mon_port=$(free_port)
fsid=$(cat /proc/sys/kernel/random/uuid)
conf="$work/ceph.conf"
cat >"$conf" <<CONF
[global]
fsid = $fsid
# msgr2 only, on a random loopback port: no clash with other clusters or the default 3300/6789 of a real one.
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
# OSDs and radosgw bind to the address in this network, so nothing listens beyond loopback.
public network = 127.0.0.1/32
# Throw-away and loopback only: no cephx keys to create, distribute and renew.
auth cluster required = none
auth service required = none
auth client required = none
# With no auth there is no session key to encrypt with, so the only connection mode possible is crc; radosgw asks
# for "secure" mode on its mon session by default and would otherwise retry authentication (EACCES) for 5 minutes.
ms mon client mode = crc
# Every daemon's files under the work dir (\$name expands to mon.a, osd.0, client.rgw.bench, client.admin).
run dir = $work/run
pid file = $work/run/\$name.pid
admin socket = $work/run/\$name.asok
log file = $work/log/\$name.log
keyring = $work/keyring
# One OSD: one copy of each object, and CRUSH chooses among OSDs rather than hosts.
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd crush chooseleaf type = 0
# radosgw creates 6 to 8 pools of Ceph's default 32 PGs, all on the one OSD: close to the 250 PGs per OSD beyond
# which the mon refuses to create a pool (there is no mgr to autoscale them down).
mon max pg per osd = 1000
# The mon stops itself when its disk has under mon_data_avail_crit (5 %) free and warns under 30 %; its data here
# is a few MB on a shared disk that is sometimes nearly full, and the OSD's data is in RAM anyway.
mon data avail warn = 1
mon data avail crit = 0
# The warnings a one-OSD cluster without cephx raises by design; they would only fill the logs.
mon warn on insecure global id reclaim allowed = false
mon warn on pool no redundancy = false
mon warn on pool no app = false
mon warn on pool pg num not power of two = false

[mon]
mon data = $work/\$name
# radosgw-admin creates the gateway's pools one at a time, and each waits for the next osdmap; the mon batches map
# changes for paxos_propose_interval (1 s), which made start-up take ~10 s instead of ~1.5 s.
paxos propose interval = 0.05

[osd]
osd data = $work/\$name
# memstore keeps objects and omap in RAM (no journal, no fsync) and needs no block device; memstore_device_bytes is
# only the capacity it reports and enforces. (It writes its contents to osd data at a clean shutdown; nothing reads
# them back, as the cluster is thrown away.)
osd objectstore = memstore
memstore device bytes = $(( ${MEMSTORE_GIB:-2} * 1024 * 1024 * 1024 ))

[client.rgw.bench]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $work/rgw
# radosgw logs one line per request at debug level 1; the built-in store it is compared with logs warnings only.
debug rgw = 0/0
rgw enable ops log = false
rgw enable usage log = false
CONF
: >"$work/keyring"

# --- monitor ------------------------------------------------------------------------------------------------
monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$work/monmap" >/dev/null 2>"$work/log/monmaptool.err" \
  || fail "monmaptool failed: $(cat "$work/log/monmaptool.err")"
ceph-mon -c "$conf" -i a --mkfs --monmap "$work/monmap" >/dev/null 2>"$work/log/mon-mkfs.err" \
  || fail "ceph-mon --mkfs failed: $(cat "$work/log/mon-mkfs.err")"
daemons_started=true
ceph-mon -c "$conf" -i a >/dev/null 2>"$work/log/mon.start.err" || fail "ceph-mon did not start: $(cat "$work/log/mon.start.err")"

ceph_cli() { timeout 30 ceph -c "$conf" "$@" 2>>"$work/log/ceph-cli.err"; }

# --- OSD ----------------------------------------------------------------------------------------------------
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
osd_id=$(ceph_cli osd new "$osd_uuid") || fail "ceph osd new failed: $(tail -3 "$work/log/ceph-cli.err")"
[ "$osd_id" = 0 ] || fail "expected osd id 0, got '$osd_id'"
ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>"$work/log/osd-mkfs.err" \
  || fail "ceph-osd --mkfs failed: $(tail -3 "$work/log/osd-mkfs.err")"
ceph-osd -c "$conf" -i 0 >/dev/null 2>"$work/log/osd.start.err" || fail "ceph-osd did not start: $(cat "$work/log/osd.start.err")"

# --- S3 user and radosgw ------------------------------------------------------------------------------------
# radosgw-admin creates the default realm, zone and their pools on first use, which needs the OSD up: it waits on
# the cluster by itself (rados_mon_op_timeout bounds it).
timeout 60 radosgw-admin -c "$conf" --rados-mon-op-timeout 30 user create --uid bench --display-name bench \
    --access-key "$access_key" --secret-key "$secret_key" >/dev/null 2>"$work/log/radosgw-admin.err" \
  || fail "radosgw-admin user create failed: $(tail -3 "$work/log/radosgw-admin.err")"
radosgw -c "$conf" -n client.rgw.bench >/dev/null 2>"$work/log/rgw.start.err" || fail "radosgw did not start: $(cat "$work/log/rgw.start.err")"

# radosgw forks into the background before its child writes the pid file and opens the port.
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$rgw_port/" && break
  rgw_pid=$(cat "$work/run/client.rgw.bench.pid" 2>/dev/null) && { kill -0 "$rgw_pid" 2>/dev/null \
    || fail "radosgw exited: $(tail -3 "$work/log/client.rgw.bench.log")"; }
  sleep 0.25
done
curl -s -o /dev/null "http://127.0.0.1:$rgw_port/" || fail "radosgw does not answer on 127.0.0.1:$rgw_port (log: $work/log/client.rgw.bench.log)"
echo "radosgw: up on http://127.0.0.1:$rgw_port in $(/usr/bin/python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s (workdir $work)" >&2
