#!/usr/bin/env bash
# Runs the whole CookieState test suite on a fresh machine: installs what the tests need
# (real PostgreSQL, nginx, headless Chromium, Redis), then builds and tests the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
# Redis farm recipe (tests/CookieState.Farm.Tests): the tests start their own redis-server on a private port.
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Tests drive Debian's Chromium; no tool may download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export COOKIESTATE_ARTIFACTS="${COOKIESTATE_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$COOKIESTATE_ARTIFACTS"

rm -rf "$COOKIESTATE_ARTIFACTS/test-results" "$COOKIESTATE_ARTIFACTS/farm-report.txt"
dotnet build CookieState.sln -c Release
log="$COOKIESTATE_ARTIFACTS/test-output.log"
set +e
dotnet test CookieState.sln -c Release --no-build \
  --logger "console;verbosity=normal" --results-directory "$COOKIESTATE_ARTIFACTS/test-results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if [ -f "$COOKIESTATE_ARTIFACTS/farm-report.txt" ]; then cat "$COOKIESTATE_ARTIFACTS/farm-report.txt"; fi

# Benchmarks, dry (docs/performance.md): the HTTP load tool (bench/load.sh, with its own redis-server) and every
# BenchmarkDotNet benchmark run once, so they keep compiling and running. Not a timing gate: this fails only when they
# crash, a run measures no successful request, or a session answers wrong. Both were built with the solution.
bench_started=$SECONDS bench_status=0
bench/load.sh --dry --no-build --out "$COOKIESTATE_ARTIFACTS/load-dry" >"$COOKIESTATE_ARTIFACTS/load-dry.log" 2>&1 \
  || { bench_status=$?; tail -40 "$COOKIESTATE_ARTIFACTS/load-dry.log"; }
dotnet run -c Release --no-build --project bench/CookieState.Benchmarks -- --filter '*' --job dry --inProcess \
  --artifacts "$COOKIESTATE_ARTIFACTS/benchmarks-dry" >"$COOKIESTATE_ARTIFACTS/benchmarks-dry.log" 2>&1 \
  || { bench_status=$?; tail -40 "$COOKIESTATE_ARTIFACTS/benchmarks-dry.log"; }
echo "Benchmarks dry run: $([ "$bench_status" -eq 0 ] && echo ok || echo FAILED) in $((SECONDS - bench_started)) s (logs in $COOKIESTATE_ARTIFACTS)"
if [ "$status" -eq 0 ]; then status=$bench_status; fi

# One closing line over all test projects, summed from each project's summary block.
sum() { grep -E "^\s+$1: [0-9]+\s*$" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "$(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
exit "$status"
