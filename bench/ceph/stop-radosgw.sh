#!/usr/bin/env bash
# Stops the daemons bench/ceph/start-radosgw.sh started under <workdir>, by the pids in <workdir>/run, and waits
# until they are gone. Leaves <workdir> (logs) for the caller to remove.
# Usage: bench/ceph/stop-radosgw.sh <workdir>
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <workdir>" >&2; exit 64; }
[ -d "$1/run" ] || exit 0
work=$(cd "$1" && pwd); run="$work/run"

# stop_daemons <name>...: SIGTERM to each, then wait; SIGKILL what is left after 30 s. A pid file outlives its
# daemon and a pid can be reused, so only a pid whose command line still names this work dir's ceph.conf is signalled.
stop_daemons() {
  local name pid pids=() alive=()
  for name in "$@"; do
    pid=$(cat "$run/$name.pid" 2>/dev/null) || continue
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$work/ceph.conf" || continue
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  for _ in $(seq 1 300); do
    alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ ${#alive[@]} -eq 0 ] && return 0
    sleep 0.1
  done
  echo "radosgw: SIGKILL to ${alive[*]} (still running 30 s after SIGTERM)" >&2
  kill -KILL "${alive[@]}" 2>/dev/null
}
# One at a time, clients first: radosgw unregisters its watches on the OSD on the way out (and hangs if the OSD is
# already gone), and the OSD tells the monitor it is going down (waiting up to 5 s if the monitor is gone).
stop_daemons client.rgw.bench
stop_daemons osd.0
stop_daemons mon.a
exit 0
