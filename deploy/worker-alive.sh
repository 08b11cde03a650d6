#!/usr/bin/env bash
# Container health check of the worker image, which serves no HTTP port: healthy while a process running
# Transporter.Worker.dll exists and is neither stopped nor a zombie. Reads /proc directly because the runtime image
# has no procps (pgrep). The first argument overrides what to look for in the command line.
set -uo pipefail

needle=${1:-Transporter.Worker.dll}
for cmdline in /proc/[0-9]*/cmdline; do
  dir=${cmdline%/cmdline}
  [ "$dir" = "/proc/$$" ] && continue
  args=$(tr '\0' ' ' <"$cmdline" 2>/dev/null) || continue
  [[ $args == *"$needle"* ]] || continue
  # Field 3 of /proc/PID/stat is the state; the command name before it is in parentheses and may hold spaces.
  stat=$(<"$dir/stat") 2>/dev/null || continue
  state=${stat##*) }; state=${state%% *}
  case "$state" in Z|T|t|X|x) echo "unhealthy: worker process ${dir#/proc/} is in state $state"; exit 1 ;; esac
  exit 0
done
echo "unhealthy: no process running $needle"
exit 1
