#!/usr/bin/env bash
# Stop the lab Kamailio started by start.sh <work-dir>; waits until it is gone.
set -uo pipefail
dir="${1:?usage: stop.sh <work-dir>}"
pidfile="$dir/kamailio.pid"
[ -s "$pidfile" ] || { echo "no $pidfile: not running"; exit 0; }
pid="$(cat "$pidfile")"
kill -TERM "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "not running"; exit 0; }
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kamailio stopped"; exit 0; }
  sleep 0.1
done
kill -KILL "$pid" 2>/dev/null
rm -f "$pidfile"
echo "kamailio killed after 5 s"
