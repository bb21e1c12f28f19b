#!/usr/bin/env bash
# Session stores over HTTP, side by side: CookieState (envelope format, and the Data Protection format), ASP.NET Core's
# session over the in-memory cache, and over a real redis-server. One bench server per store on loopback
# (bench/CookieState.BenchServer), driven by bench/CookieState.LoadClient: USERS simulated users, each with its own cookie
# jar and its own session of 0, 1 KB or 4 KB, incrementing a counter (write) or reading (read).
#
# Every store runs every cell in turn, then the next cell, and the whole grid again for each round with the store
# order rotated, so machine drift hits every store alike. The servers (and redis-server) and the client are pinned to
# separate cores with taskset when there are at least two; server CPU time per 1,000 requests is reported beside
# requests/s, since the client shares the machine.
#
#   bench/load.sh [--duration S] [--warmup S] [--users N] [--rounds N] [--modes LIST] [--sizes LIST] [--kinds LIST]
#                 [--prewarm S] [--out DIR] [--no-pin] [--no-build] [--dry]
#
#   --duration S   measured seconds per run (default 10)
#   --warmup S     unmeasured seconds at the start of each run, for the fresh client process (default 5)
#   --prewarm S    unmeasured seconds per store and cell before the first round, so every server has finished
#                  tiering up its JIT code before anything is measured (default 8)
#   --users N      simulated users (default 32)
#   --rounds N     rounds over the whole grid (default 3)
#   --modes LIST   comma-separated, from cookiestate,cookiestate-dp,inmemory,redis,cookiestate-replica (default: the first
#                  four; cookiestate-replica is CookieState with revocation on through the Redis replica)
#   --sizes LIST   state sizes in bytes (default 0,1024,4096)
#   --kinds LIST   write,read (default both)
#   --out DIR      results folder (default artifacts/load, artifacts/load-dry with --dry)
#   --no-pin       do not use taskset
#   --no-build     use the Release builds already there
#   --dry          1 s per run after 0.5 s of warm-up, no pre-warm, one round: proves the tool works (CI), measures nothing
#
# Writes DIR/results.md (medians, ratios, every figure), DIR/rounds.csv (every run) and DIR/requests-per-second.svg.
# Bounded: each run stops after its duration (and the client's own request cap); every process is stopped on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
duration=10 warmup=5 prewarm=8 users=32 rounds=3
modes=cookiestate,cookiestate-dp,inmemory,redis sizes=0,1024,4096 kinds=write,read
out="" pin=1 build=1 dry=0
command_line="bench/load.sh $*"

while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --prewarm) prewarm=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --kinds) kinds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-pin) pin=0; shift ;;
    --no-build) build=0; shift ;;
    --dry) dry=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 64 ;;
  esac
done
if [ "$dry" = 1 ]; then duration=1 warmup=0.5 prewarm=0 rounds=1; fi
out=${out:-$root/artifacts/load$([ "$dry" = 1 ] && echo -dry || true)}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be a positive whole number" >&2; exit 64; }
IFS=, read -ra mode_list <<<"$modes"
IFS=, read -ra size_list <<<"$sizes"
IFS=, read -ra kind_list <<<"$kinds"
for mode in "${mode_list[@]}"; do
  case $mode in cookiestate|cookiestate-dp|inmemory|redis|cookiestate-replica) ;; *) echo "unknown mode: $mode" >&2; exit 64 ;; esac
done

# Build (Release) before starting anything.
server_dll=$root/bench/CookieState.BenchServer/bin/Release/net10.0/CookieState.BenchServer.dll
client_dll=$root/bench/CookieState.LoadClient/bin/Release/net10.0/CookieState.LoadClient.dll
if [ "$build" = 1 ]; then
  for project in CookieState.BenchServer CookieState.LoadClient; do
    dotnet build "$root/bench/$project" -c Release -nologo -v quiet >/dev/null
  done
fi
for dll in "$server_dll" "$client_dll"; do
  [ -f "$dll" ] || { echo "missing $dll: build it, or run without --no-build" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/cookiestate-load.XXXXXX")
declare -A server_pid=() server_url=()
redis_pid="" client_pid=""
cleanup() {
  local pid
  for pid in $client_pid "${server_pid[@]}" $redis_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $client_pid "${server_pid[@]}" $redis_pid; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Cores: the servers and redis-server on the first half of the cores this script may use, the client on the rest.
server_pin=() client_pin=() pinning="not pinned"
if [ "$pin" = 1 ] && command -v taskset >/dev/null 2>&1; then
  cpus=()
  IFS=, read -ra ranges <<<"$(taskset -pc $$ | sed 's/.*: *//')"
  for range in "${ranges[@]}"; do
    if [[ $range == *-* ]]; then
      for ((cpu = ${range%-*}; cpu <= ${range#*-}; cpu++)); do cpus+=("$cpu"); done
    else
      cpus+=("$range")
    fi
  done
  if [ ${#cpus[@]} -ge 2 ]; then
    half=$((${#cpus[@]} / 2))
    server_cpus=$(IFS=,; echo "${cpus[*]:0:half}")
    client_cpus=$(IFS=,; echo "${cpus[*]:half}")
    server_pin=(taskset -c "$server_cpus")
    client_pin=(taskset -c "$client_cpus")
    pinning="servers and redis-server on CPU $server_cpus, load client on CPU $client_cpus (taskset)"
  else
    pinning="not pinned (one core)"
  fi
fi

# redis-server on a private port, no persistence, in the work folder.
redis_port=""
if [[ ",$modes," == *,redis,* || ",$modes," == *,cookiestate-replica,* ]]; then
  command -v redis-server >/dev/null 2>&1 || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }
  mkdir -p "$work/redis"
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    "${server_pin[@]}" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --dir "$work/redis" --logfile "$work/redis.log" --daemonize no &
    redis_pid=$!
    for _ in $(seq 1 50); do
      redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then redis_port=$port; break; fi
    kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; redis_pid=""
  done
  [ -n "$redis_port" ] || { echo "redis-server did not start:" >&2; tail -5 "$work/redis.log" >&2; exit 1; }
fi

# One server per store, each with its own key ring, on a port Kestrel picks.
start_server() {
  local mode=$1 args=()
  case $mode in
    cookiestate) args=(--Bench:Store=CookieState) ;;
    cookiestate-dp) args=(--Bench:Store=CookieState --CookieState:Format=DataProtection) ;;
    inmemory) args=(--Bench:Store=InMemory) ;;
    redis) args=(--Bench:Store=Redis "--Bench:Redis=127.0.0.1:$redis_port") ;;
    cookiestate-replica) args=(--Bench:Store=CookieState --Bench:Revocation=RedisReplica "--Bench:Redis=127.0.0.1:$redis_port") ;;
  esac
  ASPNETCORE_ENVIRONMENT=Production "${server_pin[@]}" dotnet "$server_dll" --urls http://127.0.0.1:0 "${args[@]}" \
    "--Bench:KeyRingPath=$work/keys-$mode" "--Bench:ReadyFile=$work/$mode.url" >"$work/$mode.log" 2>&1 &
  server_pid[$mode]=$!
  for _ in $(seq 1 600); do
    [ -s "$work/$mode.url" ] && break
    kill -0 "${server_pid[$mode]}" 2>/dev/null || break
    sleep 0.1
  done
  [ -s "$work/$mode.url" ] || { echo "bench server '$mode' did not start:" >&2; tail -20 "$work/$mode.log" >&2; exit 1; }
  server_url[$mode]=$(cat "$work/$mode.url")
}
for mode in "${mode_list[@]}"; do start_server "$mode"; done

mkdir -p "$out"
rm -f "$out/rounds.csv" "$out/results.md" "$out/requests-per-second.svg"
load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
cells=$((${#mode_list[@]} * ${#size_list[@]} * ${#kind_list[@]}))
echo "$cells cells × $rounds round(s), ${duration}s measured + ${warmup}s warm-up each, $users users; $pinning"

# Pre-warm: a server's hot paths leave the slower JIT tiers only after many seconds of load on one core, and the
# 4 KB paths after the others; unmeasured, so round 1 measures the same steady state as the rounds after it.
if [ "$prewarm" != 0 ]; then
  echo "pre-warming every store: ${prewarm}s per cell"
  for mode in "${mode_list[@]}"; do
    for kind in "${kind_list[@]}"; do
      for size in "${size_list[@]}"; do
        "${client_pin[@]}" dotnet "$client_dll" run --url "${server_url[$mode]}" --kind "$kind" --state-bytes "$size" \
          --users "$users" --warmup 0 --duration "$prewarm" >>"$work/prewarm.log" 2>&1 &
        client_pid=$!
        wait "$client_pid"
        client_pid=""
      done
    done
  done
fi

for ((round = 1; round <= rounds; round++)); do
  for kind in "${kind_list[@]}"; do
    for size in "${size_list[@]}"; do
      # Rotate the store order every round, so no store always follows the same one.
      for ((i = 0; i < ${#mode_list[@]}; i++)); do
        mode=${mode_list[$(((i + round - 1) % ${#mode_list[@]}))]}
        kill -0 "${server_pid[$mode]}" 2>/dev/null \
          || { echo "bench server '$mode' died:" >&2; tail -20 "$work/$mode.log" >&2; exit 1; }
        extra=()
        [ "$mode" = redis ] || [ "$mode" = cookiestate-replica ] && extra=(--redis-pid "$redis_pid")
        "${client_pin[@]}" dotnet "$client_dll" run --url "${server_url[$mode]}" --kind "$kind" --state-bytes "$size" \
          --users "$users" --warmup "$warmup" --duration "$duration" --server-pid "${server_pid[$mode]}" "${extra[@]}" \
          --mode "$mode" --round "$round" --csv "$out/rounds.csv" &
        client_pid=$!
        wait "$client_pid" # in the background so that a signal stops the run at once, not after this cell
        client_pid=""
      done
    done
  done
done

load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
notes=(
  --note "Command: \`$command_line\`$([ "$dry" = 1 ] && echo ' (dry: proves the tool runs, the figures mean nothing)' || true)"
  --note "Machine: ${cpu_model:-unknown CPU}, $(nproc) cores; load average $load_before at start, $load_after at end (other work on the machine shows here)"
  --note "Pinning: $pinning"
  --note "Each run: $users simulated users, each with its own connection, cookie jar and session; ${warmup} s warm-up, ${duration} s measured, after ${prewarm} s of unmeasured load per store and cell before round 1; $rounds round(s), stores in turn within each cell, their order rotated every round"
  --note "Servers: bench/CookieState.BenchServer (Kestrel on 127.0.0.1, logging at Warning, Data Protection key ring in a temp folder), one per store; Redis: $( [ -n "$redis_port" ] && redis-server --version | sed -n 's/.*v=\([^ ]*\).*/redis-server \1/p' || echo 'not run') on loopback, no persistence, through Microsoft.Extensions.Caching.StackExchangeRedis"
  --note "Runtime: $(dotnet --list-runtimes | grep '^Microsoft.AspNetCore.App 10\.' | tail -1 | cut -d' ' -f1-2)"
)
dotnet "$client_dll" report --csv "$out/rounds.csv" --out "$out" "${notes[@]}"
echo
cat "$out/results.md"
