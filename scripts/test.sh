#!/usr/bin/env bash
# Runs the whole CookieState test suite on a fresh machine: installs what the tests need
# (real PostgreSQL, nginx, headless Chromium), then builds and tests the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Tests drive Debian's Chromium; no tool may download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export COOKIESTATE_ARTIFACTS="${COOKIESTATE_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$COOKIESTATE_ARTIFACTS"

rm -rf "$COOKIESTATE_ARTIFACTS/test-results" "$COOKIESTATE_ARTIFACTS/farm-report.txt"
dotnet build CookieState.sln -c Release
status=0
dotnet test CookieState.sln -c Release --no-build \
  --logger "console;verbosity=normal" --logger trx --results-directory "$COOKIESTATE_ARTIFACTS/test-results" "$@" || status=$?

[ -f "$COOKIESTATE_ARTIFACTS/farm-report.txt" ] && cat "$COOKIESTATE_ARTIFACTS/farm-report.txt"

# One closing line over all test projects.
passed=0; failed=0; skipped=0
for trx in "$COOKIESTATE_ARTIFACTS"/test-results/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
