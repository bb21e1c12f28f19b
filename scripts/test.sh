#!/usr/bin/env bash
# Runs the whole CookieState test suite on a fresh machine: installs what the tests need
# (real PostgreSQL, nginx, headless Chromium), then builds and tests the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
# JOSE interop tests: Debian's jwcrypto for Debian's python3, and Node for npm's jose.
[ -f /usr/lib/python3/dist-packages/jwcrypto/__init__.py ] || need+=(python3-jwcrypto)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# JOSE interop tests: npm's jose at the version tests/interop/package-lock.json pins.
interop=tests/interop
want=$(node -p "require('./$interop/package-lock.json').packages['node_modules/jose'].version")
have=$(node -p "try { require('./$interop/node_modules/jose/package.json').version } catch { '' }")
if [ "$want" != "$have" ]; then
  echo "Installing npm jose $want for the JOSE interop tests"
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
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

# The core session suites once more in the JOSE format, encrypted and signed: every session rule holds there too.
jose_suites="FullyQualifiedName~CookieState.Tests.SessionRoundTripTests|FullyQualifiedName~CookieState.Tests.LifecycleTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.TimeoutTests|FullyQualifiedName~CookieState.Tests.Security.RevocationTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.Security.ConcurrencyTests|FullyQualifiedName~CookieState.Tests.Security.CookieDefaultsTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.ChunkingEndToEndTests.Chunks_grow|FullyQualifiedName~CookieState.Tests.ChunkingEndToEndTests.A_"
jose_suites+="|FullyQualifiedName~CookieState.Tests.ChunkingEndToEndTests.Missing|FullyQualifiedName~CookieState.Tests.OverflowTests.State_over"
for format in Jose JoseSigned; do
  if [ "$*" = "" ]; then
    COOKIESTATE_TEST_FORMAT=$format dotnet test tests/CookieState.Tests/CookieState.Tests.csproj -c Release --no-build \
      --logger "console;verbosity=normal" --filter "$jose_suites" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  fi
done
set -e

if [ -f "$COOKIESTATE_ARTIFACTS/farm-report.txt" ]; then cat "$COOKIESTATE_ARTIFACTS/farm-report.txt"; fi

# One closing line over all test projects, summed from each project's summary block.
sum() { grep -E "^\s+$1: [0-9]+\s*$" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "$(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
exit "$status"
