#!/usr/bin/env bash
# Where a login's CPU goes: the portal on PostgreSQL under a steady login load (70% of the hash's limit), sampled by
# perf for 30 s, and the samples summed by shared object: libcrypto (with the libc malloc/free that OpenSSL's
# PBKDF2 makes on every iteration) is the password hash, the JIT's code and libcoreclr are the portal's own work.
# Usage: bash bench/login-profile.sh [ACCOUNTS]   (as root; installs Debian's linux-perf when perf is missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
accounts="${1:-2000}"
work="$(mktemp -d /tmp/onshi-profile.XXXXXX)"
pg_bin=/usr/lib/postgresql/15/bin
pg_dir="$(mktemp -d /tmp/onshi-profile-pg.XXXXXX)"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ -f "$pg_dir/postmaster.pid" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$pg_dir" "$work"
}
trap cleanup EXIT
free_port() { local p=$1; while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v perf >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; }
dotnet build "$root/src/OnshiPortal" -c Release -o "$work/app" -v quiet -nologo >/dev/null
dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null

pg_port="$(free_port 56600)"
chown postgres:postgres "$pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" -w start >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE DATABASE onshi"
db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=onshi"
portal_env=(ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres "ConnectionStrings__Portal=$db" "DataProtection__Certificate__Path=$work/dataprotection.pfx")
mkdir -p "$work/run"
# Production needs the certificate that encrypts the data-protection keys (docs/operations.md).
(cd "$work/run" && env "${portal_env[@]}" dotnet "$work/app/OnshiPortal.dll" db certificate --out "$work/dataprotection.pfx" >/dev/null)
(cd "$work/run" && env "${portal_env[@]}" dotnet "$work/app/OnshiPortal.dll" db migrate >/dev/null)
dotnet "$work/bench/OnshiPortal.Bench.dll" load-seed portal "$db" "$accounts"

port="$(free_port 5400)"
# DOTNET_PerfMapEnabled: the runtime writes /tmp/perf-PID.map, so perf names the JIT's code.
(cd "$work/run" && exec env "${portal_env[@]}" DOTNET_PerfMapEnabled=1 Urls="http://127.0.0.1:$port" ForwardedHeaders__KnownProxies=127.0.0.1 \
  dotnet "$work/app/OnshiPortal.dll" >"$work/portal.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break; sleep 0.5; done

# The load's warm-up (20 s) and its two limit probes come first; perf samples 30 s of the 60 s step that follows.
( sleep 35; perf record -F 499 -g -p "$app_pid" -o "$work/perf.data" -- sleep 30 >/dev/null 2>&1 ) &
perf_job=$!
dotnet "$work/bench/OnshiPortal.Bench.dll" load "$accounts" 0.7 60 "$work/results.tsv" "$(head -n 1 "$pg_dir/postmaster.pid")" \
  "portal=http://127.0.0.1:$port@$app_pid"
wait "$perf_job"
echo
echo "The portal's CPU samples by shared object (memfd:doublemapper = the JIT's code):"
perf report -i "$work/perf.data" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
echo
echo "The heaviest symbols outside libcrypto:"
perf report -i "$work/perf.data" --no-children --sort dso,sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | grep -v libcrypto | head -8
rm -f "/tmp/perf-$app_pid.map"
