#!/usr/bin/env bash
# Login load benchmark (issue 8): activated accounts logging in through the real form (GET, antiforgery token, POST)
# at rising open-loop rates, against the portal on PostgreSQL and, in the same run, against the stock ASP.NET Core
# Identity template (`dotnet new webapp --auth Individual`, switched to PostgreSQL and nothing else) as the peer;
# plus the ceiling any of them can reach here: password-hash verifications a second on all cores.
# Usage: bash bench/load.sh [ACCOUNTS]   (env: STEP_SECONDS, default 15; KEEP=1 keeps the work folder)
# Everything is private to the run: PostgreSQL 15 in a temporary folder, the apps on free loopback ports, stopped at
# the end. The apps run side by side, Release, environment Production, and take turns at each step; each step offers
# a share of the hash limit measured just before it, and is run again when the machine changed speed under it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
accounts="${1:-2000}"
step_seconds="${STEP_SECONDS:-15}"
work="$(mktemp -d /tmp/onshi-load.XXXXXX)"
pg_bin=/usr/lib/postgresql/15/bin
pg_dir="$(mktemp -d /tmp/onshi-load-pg.XXXXXX)" # its own folder: postgres cannot enter $work (mode 0700)
app_pids=""

cleanup() {
  for pid in $app_pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -f "$pg_dir/postmaster.pid" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$pg_dir"
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { local p=$1; while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
log() { echo "==> $*"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "start: $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load average/load average/')"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building the portal and the load generator (Release)"
dotnet build "$root/src/OnshiPortal" -c Release -o "$work/app" -v quiet -nologo >/dev/null
dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null
bench() { dotnet "$work/bench/OnshiPortal.Bench.dll" "$@"; }

log "generating the peer: dotnet new webapp --auth Individual, provider switched to PostgreSQL"
npgsql_version="$(grep -o 'Npgsql.EntityFrameworkCore.PostgreSQL" Version="[^"]*' "$root/Directory.Packages.props" | sed 's/.*Version="//')"
dotnet new webapp --auth Individual -o "$work/peer" -n StockPeer >/dev/null
(
  cd "$work/peer"
  # The template's SQLite database and migrations go (a migration is per provider); nothing else changes.
  dotnet remove package Microsoft.EntityFrameworkCore.Sqlite >/dev/null
  dotnet add package Npgsql.EntityFrameworkCore.PostgreSQL --version "$npgsql_version" >/dev/null
  sed -i 's/options.UseSqlite(connectionString)/options.UseNpgsql(connectionString)/' Program.cs
  grep -q 'UseNpgsql(connectionString)' Program.cs
  rm -rf Data/Migrations app.db
  sed -i '/app.db/d' StockPeer.csproj
)
(cd "$root" && dotnet tool restore >/dev/null && dotnet ef migrations add CreateIdentitySchema --project "$work/peer" -o Data/Migrations >/dev/null)
dotnet build "$work/peer" -c Release -o "$work/peer-out" -v quiet -nologo >/dev/null
dotnet build-server shutdown >/dev/null 2>&1 || true

log "starting PostgreSQL 15"
pg_port="$(free_port 56400)"
chown postgres:postgres "$pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" -w start >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE DATABASE onshi" -c "CREATE DATABASE peer"
pg_pid="$(head -n 1 "$pg_dir/postmaster.pid")"
portal_db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=onshi"
peer_db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=peer"

log "migrating and seeding $accounts activated accounts in each"
mkdir -p "$work/run"
portal_env=(ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres "ConnectionStrings__Portal=$portal_db" "DataProtection__Certificate__Path=$work/dataprotection.pfx")
# Production needs the certificate that encrypts the data-protection keys (docs/operations.md).
(cd "$work/run" && env "${portal_env[@]}" dotnet "$work/app/OnshiPortal.dll" db certificate --out "$work/dataprotection.pfx" >/dev/null)
(cd "$work/run" && env "${portal_env[@]}" dotnet "$work/app/OnshiPortal.dll" db migrate >/dev/null)
bench load-seed portal "$portal_db" "$accounts"
(cd "$root" && dotnet ef database update --project "$work/peer" --connection "$peer_db" >/dev/null)
bench load-seed stock "$peer_db" "$accounts"

log "the hash's limit on this machine"
bench hashlimit 5
# Steps as shares of the hash's limit measured just before each, finer near the target (80%).
shares="0.5,0.7,0.75,0.8,0.85,0.9,0.95,1.0"
echo "steps: $shares of the limit measured before each, $step_seconds s each"

wait_up() { # url
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "did not start: $1"; exit 1
}
results="$work/results.tsv"
: >"$results"

log "starting both apps side by side (Release, Production, Kestrel on loopback)"
portal_port="$(free_port 5300)"
# nginx's part: the generator sends each clinic's own address in X-Forwarded-For, believed from loopback only.
(cd "$work/run" && exec env "${portal_env[@]}" Urls="http://127.0.0.1:$portal_port" ForwardedHeaders__KnownProxies=127.0.0.1 \
  dotnet "$work/app/OnshiPortal.dll" >"$work/portal.log" 2>&1) &
portal_pid=$!
app_pids="$portal_pid"
wait_up "http://127.0.0.1:$portal_port/readyz"
stock_port="$(free_port $((portal_port + 1)))"
(cd "$work/peer-out" && exec env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__DefaultConnection=$peer_db" \
  ASPNETCORE_URLS="http://127.0.0.1:$stock_port" dotnet StockPeer.dll >"$work/peer.log" 2>&1) &
stock_pid=$!
app_pids="$portal_pid $stock_pid"
wait_up "http://127.0.0.1:$stock_port/Identity/Account/Login"

log "the load: both apps at each share in turn, the hash's limit measured around each step"
bench load "$accounts" "$shares" "$step_seconds" "$results" "$pg_pid" \
  "portal=http://127.0.0.1:$portal_port@$portal_pid" "stock=http://127.0.0.1:$stock_port@$stock_pid" | tee "$work/load.txt"
echo "end: $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load average/load average/')"
python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("\n| app | step | share | hash limit/s before / after | offered/s | achieved/s | POST p50 / p99 ms | login p50 / p99 ms | ok | 429 (with Retry-After) | 5xx | transport | other | machine busy | CPU ms a login: app + PostgreSQL + generator |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:  # in the order they ran, per app
    app, step, offered, achieved, pp50, pp99, lp50, lp99, ok, r429, r429ra, r5xx, trans, other, sustained, cpu, busy, app_ms, db_ms, gen_ms, share, before, after = r
    mark = " ✓" if sustained == "True" and step != "unsteady" else ""
    print(f"| {app} | {step}{mark} | {float(share):.0%} | {float(before):.1f} / {float(after):.1f} | {float(offered):.1f} | {float(achieved):.1f} | {float(pp50):.0f} / {float(pp99):.0f} | {float(lp50):.0f} / {float(lp99):.0f} | {ok} | {r429} ({r429ra}) | {r5xx} | {trans} | {other} | {float(busy):.0%} | {float(app_ms):.0f} + {float(db_ms):.0f} + {float(gen_ms):.0f} |")
def best(app):
    return max([r for r in rows if r[0] == app and r[1] == "rise" and r[14] == "True"], key=lambda r: float(r[20]), default=None)
share = lambda r: float(r[20]) if r else 0.0
# Against the higher of the two limits around the step: the stricter reading.
of_limit = lambda r: float(r[2]) / max(float(r[21]), float(r[22]))
portal, stock = best("portal"), best("stock")
unsteady = {app: sum(1 for r in rows if r[0] == app and r[1] == "unsteady") for app in ("portal", "stock")}
print(f"\nunsteady steps (run again): portal {unsteady['portal']}, stock template {unsteady['stock']}")
for name, r in (("portal", portal), ("stock template", stock)):
    print(f"sustained, {name}: " + (f"{share(r):.0%} share, {float(r[2]):.1f} logins/s offered against a limit of {float(r[21]):.1f} before / {float(r[22]):.1f} after" if r else "no steady step sustained"))
print(f"target 1, at least the peer's logins/s on the same machine: {'met' if portal and share(portal) >= share(stock) else 'missed'} "
      f"(highest share sustained: portal {share(portal):.0%}, template {share(stock):.0%})")
if portal:
    print(f"target 2, at least 80% of the hash limit: {'met' if of_limit(portal) >= 0.8 else 'missed'} "
          f"({of_limit(portal):.0%} of the higher limit measured around that step)")
else:
    print("target 2: missed (no steady step sustained)")
double = [r for r in rows if r[0] == "portal" and r[1] == "2x"]
if double:
    d = double[0]
    print(f"target 3, no 5xx at twice the sustained rate ({float(d[2]):.1f}/s): {'met' if d[11] == '0' and d[12] == '0' else 'missed'} "
          f"(5xx {d[11]}, transport {d[12]}, 429 {d[9]} of which with Retry-After {d[10]}, ok {d[8]})")
else:
    print("target 3: no sustained step, so no step at twice it")
PY
