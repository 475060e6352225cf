#!/usr/bin/env bash
# Start the lab Kamailio in the background on loopback.
#   start.sh <work-dir> [sip-port=15060] [rpc-port=15071] [sip-tcp-port=15062]
# Creates <work-dir>/kamailio.sqlite from Kamailio's own schema (first start only), writes
# <work-dir>/kamailio.pid and logs to <work-dir>/kamailio.log. Stop it with stop.sh <work-dir>.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
dir="${1:?usage: start.sh <work-dir> [sip-port] [rpc-port] [sip-tcp-port]}"
sip_port="${2:-15060}"
rpc_port="${3:-15071}"
sip_tcp_port="${4:-15062}"
kamailio="${KAMAILIO_BIN:-$(command -v kamailio || echo /usr/sbin/kamailio)}"
schema_dir=/usr/share/kamailio/db_sqlite

[ -x "$kamailio" ] || { echo "kamailio not found: apt-get install kamailio kamailio-presence-modules kamailio-sqlite-modules kamailio-utils-modules" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
db="$dir/kamailio.sqlite"

if [ ! -s "$db" ]; then
  # The modules only need the tables to exist (presence itself is kept in memory, see kamailio.cfg).
  # The project's pinned Node has node:sqlite, so no sqlite3 CLI is needed.
  node="$root/node_modules/.bin/node"
  [ -x "$node" ] || node="$(command -v node)"
  "$node" -e '
    const { DatabaseSync } = require("node:sqlite");
    const fs = require("node:fs");
    const [db, ...files] = process.argv.slice(1);
    const conn = new DatabaseSync(db);
    for (const f of files) conn.exec(fs.readFileSync(f, "utf8"));
    conn.close();
  ' "$db" "$schema_dir/standard-create.sql" "$schema_dir/presence-create.sql"
fi

"$kamailio" -f "$here/kamailio.cfg" -DD -E -w "$dir" -Y "$dir" \
  -A "SIP_PORT=$sip_port" -A "SIP_TCP_PORT=$sip_tcp_port" -A "RPC_PORT=$rpc_port" \
  -A "DBURL=\"sqlite:///$db\"" \
  -A "CTL_SOCKET=\"unix:$dir/kamailio_ctl\"" \
  -A "PUA_PROXY=\"sip:127.0.0.1:$sip_port\"" \
  >>"$dir/kamailio.log" 2>&1 &
echo $! >"$dir/kamailio.pid"

# Ready once the RPC port accepts connections (or fail with the log's tail).
for _ in $(seq 1 100); do
  if ! kill -0 "$(cat "$dir/kamailio.pid")" 2>/dev/null; then
    echo "kamailio exited at start; log:" >&2; tail -20 "$dir/kamailio.log" >&2; exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$rpc_port") 2>/dev/null; then
    echo "kamailio running (pid $(cat "$dir/kamailio.pid"), sip udp 127.0.0.1:$sip_port, sip tcp 127.0.0.1:$sip_tcp_port, rpc http://127.0.0.1:$rpc_port/RPC)"
    exit 0
  fi
  sleep 0.1
done
echo "kamailio did not open 127.0.0.1:$rpc_port within 10 s; log:" >&2; tail -20 "$dir/kamailio.log" >&2
exit 1
