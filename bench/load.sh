#!/usr/bin/env bash
# Throughput of one sample node on loopback, CookieState against ASP.NET Core's in-memory session, with wrk.
# Bounded: each run lasts DURATION seconds (default 10) with CONNECTIONS connections (default 32).
#
#   bench/load.sh [DURATION] [CONNECTIONS]
set -euo pipefail
duration=${1:-10}; connections=${2:-32}
root=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
dotnet build "$root/src/CookieState.Sample" -c Release -v quiet -nologo >/dev/null
dll="$root/src/CookieState.Sample/bin/Release/net10.0/CookieState.Sample.dll"
work=$(mktemp -d /tmp/cookiestate-load.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

run_store() {
  local store=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env ASPNETCORE_ENVIRONMENT=Production "Session__Store=$store" "DataProtection__KeyRingPath=$work/keys" \
      Logging__LogLevel__Default=Warning \
    dotnet "$dll" --contentRoot "$root/src/CookieState.Sample" --urls "http://127.0.0.1:$port" >"$work/$store.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/counter/value" && break; sleep 0.2; done

  # One session with a counter in it: every wrk request replays its cookie.
  local cookie
  cookie=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$port/api/counter" | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | paste -sd';' - | sed 's/;/; /g')
  for path in css/site.css api/counter/value api/counter; do
    local rps
    rps=$(wrk -t2 -c"$connections" -d"${duration}s" -H "Cookie: $cookie" "http://127.0.0.1:$port/$path" \
      | awk '/Requests\/sec/ { print $2 }')
    printf '%-12s %-20s %10s req/s\n' "$store" "/$path" "$rps"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

echo "store        path                     throughput   (${duration}s each, $connections connections, loopback)"
run_store CookieState
run_store InMemory
