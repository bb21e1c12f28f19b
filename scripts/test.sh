#!/usr/bin/env bash
# Runs the whole CookieState test suite on a fresh machine: installs what the tests need
# (real PostgreSQL, nginx, headless Chromium, Redis), then builds and tests the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
command -v unzip >/dev/null 2>&1 || need+=(unzip)   # scripts/package-test.sh reads the packages
# Native AOT links with the system C toolchain (clang, or gcc as its fallback).
command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need+=(clang)
# Redis farm recipe (tests/CookieState.Farm.Tests): the tests start their own redis-server on a private port.
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
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

# Native AOT: publish the minimal CookieState app as a native executable (trim and AOT warnings fail it);
# tests/CookieState.Aot.Tests runs it beside the app's ordinary JIT build on one key ring.
aot_out="$COOKIESTATE_ARTIFACTS/aot"
aot_rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
aot_start=$SECONDS
rm -rf "$aot_out"
dotnet publish tests/CookieState.Aot.App -c Release -r "$aot_rid" -p:PublishAot=true -o "$aot_out" -v quiet -nologo
echo "Native AOT publish ($aot_rid): $((SECONDS - aot_start)) s"
export COOKIESTATE_AOT_APP="$aot_out/CookieState.Aot.App"
log="$COOKIESTATE_ARTIFACTS/test-output.log"
set +e
dotnet test CookieState.sln -c Release --no-build \
  --logger "console;verbosity=normal" --results-directory "$COOKIESTATE_ARTIFACTS/test-results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The core session suites once more in the JOSE format, encrypted and signed: every session rule holds there too.
jose_suites="FullyQualifiedName~CookieState.Tests.SessionRoundTripTests|FullyQualifiedName~CookieState.Tests.LifecycleTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.TimeoutTests|FullyQualifiedName~CookieState.Tests.Revocation.RevocationTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.Security.ConcurrencyTests|FullyQualifiedName~CookieState.Tests.Security.CookieDefaultsTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.ChunkingEndToEndTests.Chunks_grow|FullyQualifiedName~CookieState.Tests.ChunkingEndToEndTests.A_"
jose_suites+="|FullyQualifiedName~CookieState.Tests.ChunkingEndToEndTests.Missing|FullyQualifiedName~CookieState.Tests.OverflowTests.State_over"
jose_suites+="|FullyQualifiedName~CookieState.Tests.Session.PortedSessionTests|FullyQualifiedName~CookieState.Tests.Lifetime.IdleGuaranteePropertyTests"
jose_suites+="|FullyQualifiedName~CookieState.Tests.Session.PersistentSessionTests"
for format in Jose JoseSigned; do
  if [ "$*" = "" ]; then
    COOKIESTATE_TEST_FORMAT=$format dotnet test tests/CookieState.Tests/CookieState.Tests.csproj -c Release --no-build \
      --logger "console;verbosity=normal" --filter "$jose_suites" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  fi
done
set -e

if [ -f "$COOKIESTATE_ARTIFACTS/farm-report.txt" ]; then cat "$COOKIESTATE_ARTIFACTS/farm-report.txt"; fi

# The NuGet packages as a user gets them: packed into a folder feed, checked, and used by an app outside the solution
# (scripts/package-test.sh, about 75 s). Its checks count in the closing line.
package_log="$COOKIESTATE_ARTIFACTS/package-test.log"
set +e
./scripts/package-test.sh 2>&1 | tee "$package_log"
package_status=${PIPESTATUS[0]}
set -e
read -r package_passed package_failed < <(sed -n 's/^package test: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$package_log" | tail -n 1; echo "0 0")
if [ "$package_status" -ne 0 ]; then
  status=1
  [ "$package_failed" -gt 0 ] || package_failed=1
fi
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
echo "$(( $(sum Passed) + package_passed )) passed, $(( $(sum Failed) + package_failed )) failed, $(sum Skipped) skipped"
exit "$status"
