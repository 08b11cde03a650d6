#!/usr/bin/env bash
# Container health check of both images: GET /health on the URL of each role this process serves
# (api -> TRANSPORTER_API_URL, store -> TRANSPORTER_S3_URL, and worker -> TRANSPORTER_WORKER_HEALTH_URL when set: the
# worker executable serves it; workers hosted inside the platform process have no URL of their own) must answer 200. The .NET runtime images carry neither
# curl nor wget, so this speaks HTTP/1.0 over bash's /dev/tcp. Exit 0 healthy, 1 not.
set -uo pipefail

roles=",${TRANSPORTER_ROLES:-api,store,worker},"
roles=${roles// /}

probe() {
  local url=$1 rest scheme hostport host port status
  scheme=${url%%://*}
  rest=${url#*://}
  hostport=${rest%%/*}
  if [[ $hostport == \[*\]* ]]; then            # [v6]:port
    host=${hostport%%]*}; host=${host#[}
    port=${hostport#*]}; port=${port#:}
  else
    host=${hostport%%:*}
    port=${hostport#"$host"}; port=${port#:}
  fi
  [ -n "$port" ] || { [ "$scheme" = https ] && port=443 || port=80; }
  # A wildcard listen address is reached over loopback.
  case "$host" in 0.0.0.0|'*'|+|::|localhost|'') host=127.0.0.1 ;; esac

  { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || { echo "unhealthy: nothing listens on $host:$port ($url)"; return 1; }
  if [ "$scheme" = https ]; then
    # No TLS client here: an accepted connection is the best this probe can tell.
    exec 3<&-; return 0
  fi
  printf 'GET /health HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$host" "$port" >&3
  IFS= read -r -t 4 status <&3
  exec 3<&-
  status=${status%$'\r'}
  [[ $status =~ ^HTTP/1\.[01]\ 200 ]] || { echo "unhealthy: $url/health answered '${status:-nothing}'"; return 1; }
}

[[ $roles == *,api,* ]] && { probe "${TRANSPORTER_API_URL:-http://127.0.0.1:8080}" || exit 1; }
[[ $roles == *,store,* ]] && { probe "${TRANSPORTER_S3_URL:-http://127.0.0.1:9000}" || exit 1; }
[[ $roles == *,worker,* && -n ${TRANSPORTER_WORKER_HEALTH_URL:-} ]] && { probe "$TRANSPORTER_WORKER_HEALTH_URL" || exit 1; }
exit 0
