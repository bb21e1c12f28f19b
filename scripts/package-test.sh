#!/usr/bin/env bash
# Tests the NuGet packages as a user gets them: packs every package (the table below) into a temporary folder feed under a
# version of this run's own, checks what the packages hold, checks that a second build gives the same assembly, then
# builds tests/CookieState.PackageTest outside the repository against that feed only (no project references) and runs it
# on real Kestrel with a throwaway PostgreSQL key ring. Needs PostgreSQL's server binaries (scripts/test.sh installs them).
# Last line: "package test: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

passed=0
failed=0
check() { # check "what" command...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; passed=$((passed + 1)); else echo "FAIL $what"; failed=$((failed + 1)); fi
}
finish() { echo "package test: $passed passed, $failed failed"; }

work=$(mktemp -d /tmp/cookiestate-package-XXXXXX)
pgdata=""
pguser=""
cleanup() {
  if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
    $pguser "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The packages, one line each: the id (its project is src/<id>), the dependency its nuspec must name ("-" for none; one of
# these packages is pinned to exactly this version), and how a rebuild must compare: "bytes" identical, or "code" (see
# the determinism check below). A new package, such as CookieState.Redis, is one more line here and in the test app.
package_table="
CookieState             -            code
CookieState.Jose        CookieState  bytes
CookieState.PostgreSql  Npgsql       bytes
CookieState.Redis       CookieState  bytes
"
ids=()
declare -A dependency rebuild
while read -r id dep compare; do
  [ -n "$id" ] || continue
  ids+=("$id"); dependency[$id]=$dep; rebuild[$id]=$compare
done <<<"$package_table"

# A version no earlier run used: NuGet's global packages folder (the app's fallback folder below) keeps every version
# any build restored, and a package found there would be used instead of the one packed here.
feed=$work/feed
version="$(dotnet msbuild src/CookieState/CookieState.csproj -getProperty:VersionPrefix)-ci.$(date -u +%Y%m%d%H%M%S).$$"
echo "Packing ${ids[*]} $version into $feed"
for project in "${ids[@]}"; do
  # Compiled afresh: an earlier build without ContinuousIntegrationBuild counts as up to date, and its assembly would
  # carry this machine's paths into the package.
  dotnet build "src/$project/$project.csproj" -c Release --no-incremental -p:ContinuousIntegrationBuild=true -p:Version="$version" \
    --nologo -v quiet >/dev/null
  dotnet pack "src/$project/$project.csproj" -c Release --no-build -o "$feed" -p:ContinuousIntegrationBuild=true -p:Version="$version" \
    --nologo -v quiet
done

# What a package holds: the assembly with its XML docs and the README; symbols (with their sources) beside it; its
# declared public API in the repository.
for id in "${ids[@]}"; do
  nupkg=$feed/$id.$version.nupkg
  listing=$(unzip -Z1 "$nupkg")
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  check "$id: lib/net10.0/$id.dll, its XML docs and README.md in the package" \
    bash -c '[[ $(printf "%s\n" "$1" | grep -cxE "lib/net10.0/$2\.(dll|xml)|README\.md") == 3 ]]' _ "$listing" "$id"
  check "$id: MIT license expression, readme, description and tags in the nuspec" \
    bash -c 'grep -q "<license type=\"expression\">MIT</license>" <<<"$1" && grep -q "<readme>README.md</readme>" <<<"$1" \
      && grep -q "<description>..*</description>" <<<"$1" && grep -q "<tags>..*</tags>" <<<"$1"' _ "$nuspec"
  check "$id: symbols package with lib/net10.0/$id.pdb" \
    bash -c 'unzip -Z1 "$1" | grep -qx "lib/net10.0/$2.pdb"' _ "$feed/$id.$version.snupkg" "$id"
  check "$id: PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt declare its API" \
    test -f "src/$id/PublicAPI.Shipped.txt" -a -f "src/$id/PublicAPI.Unshipped.txt"
  dep=${dependency[$id]}
  if [ "$dep" = - ]; then
    check "$id: depends on no package" bash -c '! grep -q "<dependency " <<<"$1"' _ "$nuspec"
  elif [ -n "${rebuild[$dep]:-}" ]; then
    # It plugs into the core's internals, which change between versions: exactly this version, nothing later.
    check "$id: depends on $dep [$version] exactly" grep -q "<dependency id=\"$dep\" version=\"\[$version\]\"" <<<"$nuspec"
  else
    check "$id: depends on $dep" grep -q "<dependency id=\"$dep\"" <<<"$nuspec"
  fi
done

# Deterministic: compiling the same sources again (here, into another folder) gives the same assembly. For CookieState
# "the same" allows the identity fields a deterministic compiler derives from the PDB: the PDB embeds the output of
# .NET 10's LoggerMessage generator, whose class order varies between compilations (dotnet/runtime#119587).
for id in "${ids[@]}"; do
  unzip -p "$feed/$id.$version.nupkg" "lib/net10.0/$id.dll" >"$work/$id.packed.dll"
  dotnet build "src/$id/$id.csproj" -c Release --no-incremental -p:ContinuousIntegrationBuild=true -p:Version="$version" \
    -o "$work/rebuild-$id" --nologo -v quiet >/dev/null
done
for id in "${ids[@]}"; do
  check "$id.dll names its PDB under /_/, not under this machine's paths" \
    bash -c 'grep -aq "/_/src/$2/obj/Release/net10.0/$2.pdb" "$1" && ! grep -aqF "$3" "$1"' _ "$work/$id.packed.dll" "$id" "$repo"
  same=$(dotnet run scripts/compare-assemblies.cs -- "$work/$id.packed.dll" "$work/rebuild-$id/$id.dll" || true)
  if [ "${rebuild[$id]}" = bytes ]; then
    check "$id.dll rebuilds byte for byte ($same)" test "$same" = identical
  else
    check "$id.dll rebuilds with the same code and metadata ($same)" bash -c '[[ $1 == identical || $1 == "same code"* ]]' _ "$same"
  fi
done

# A throwaway PostgreSQL for the app's shared key ring (initdb and postgres refuse to run as root).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)." >&2
  failed=$((failed + 1)); finish; exit 1
fi
pgroot=$work/postgres
mkdir -p "$pgroot"
pgdata=$pgroot/data
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$work"
  chown -R postgres:postgres "$pgroot"
  pguser="runuser -u postgres --"
fi
(cd "$pgroot" && $pguser "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null)
for attempt in 1 2 3 4 5; do
  pgport=$((20000 + RANDOM % 30000))
  if (cd "$pgroot" && $pguser "$pgbin/pg_ctl" -D "$pgdata" -l "$pgroot/log" -t 60 -w \
        -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgroot -c fsync=off" start >/dev/null); then
    break
  fi
  [ "$attempt" -eq 5 ] && { cat "$pgroot/log" >&2; failed=$((failed + 1)); finish; exit 1; }
done

# The app, outside the repository, restoring from the folder feed alone (packages it needs besides ours, such as
# Npgsql, come from the machine's package cache as a fallback folder: no network, and never a project reference).
app=$work/app
mkdir -p "$app"
cp tests/CookieState.PackageTest/CookieState.PackageTest.csproj tests/CookieState.PackageTest/Program.cs "$app/"
global=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
cat >"$app/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="cookiestate-feed" value="$feed" />
  </packageSources>
  <fallbackPackageFolders>
    <clear />
    <add key="machine-cache" value="$global" />
  </fallbackPackageFolders>
</configuration>
EOF
packages=$work/packages
restored=0
dotnet build "$app/CookieState.PackageTest.csproj" -c Release -p:CookieStateVersion="$version" \
  --packages "$packages" --nologo -v quiet && restored=1
check "the app restores the packages $version from the feed and builds" test "$restored" -eq 1
for id in "${ids[@]}"; do
  lower=${id,,}
  check "the $id package the app restored is the one packed here" \
    cmp -s "$feed/$id.$version.nupkg" "$packages/$lower/$version/$lower.$version.nupkg"
done

ran=0
if [ "$restored" -eq 1 ]; then
  dotnet "$app/bin/Release/net10.0/CookieState.PackageTest.dll" \
    --postgres "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres" && ran=1
fi
check "the app sets and reads a session value through two Kestrel nodes sharing a PostgreSQL key ring, and two in JOSE" test "$ran" -eq 1

finish
[ "$failed" -eq 0 ]
