#!/usr/bin/env bash
# Two portal nodes behind nginx on one PostgreSQL (issue 15), compared with one node in the same run: logins through
# the real form and page reads, through nginx's HTTPS address with deploy/nginx/onshi.conf, at an open-loop rate the
# single node sustains and at twice that. On 2 cores two nodes share the same CPU, so the point is correctness (no 5xx,
# no lost request, both nodes answering, any node serving any session), not speed.
# Usage: bash bench/cluster.sh [ACCOUNTS] [RATE]   (env: STEP_SECONDS, default 20; KEEP=1 keeps the work folder)
# RATE (visits a second, half of them logins) defaults to logins at half the password-hash limit measured on this
# machine: what one node sustains here with nginx, PostgreSQL and the generator on the same two cores (at 80% it
# already queues and answers some logins 429 with Retry-After; docs/benchmarks.md).
# Everything is private to the run: PostgreSQL 15 and nginx in temporary folders, the nodes on free loopback ports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
accounts="${1:-2000}"
step_seconds="${STEP_SECONDS:-20}"
work="$(mktemp -d /tmp/onshi-cluster.XXXXXX)"
pg_bin=/usr/lib/postgresql/15/bin
pg_dir="$(mktemp -d /tmp/onshi-cluster-pg.XXXXXX)"
pids=""

cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -f "$pg_dir/postmaster.pid" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$pg_dir"
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { local p=$1; while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
log() { echo "==> $*"; }
wait_up() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "did not start: $1"; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "start: $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load average/load average/')"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building the portal and the load generator (Release)"
dotnet build "$root/src/OnshiPortal" -c Release -o "$work/app" -v quiet -nologo >/dev/null
dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null
bench() { dotnet "$work/bench/OnshiPortal.Bench.dll" "$@"; }

log "starting PostgreSQL 15"
pg_port="$(free_port 56500)"
chown postgres:postgres "$pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300" -w start >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE DATABASE onshi"
db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=onshi"

log "migrating and seeding $accounts activated accounts"
mkdir -p "$work/run"
# As deploy/onshi.env.example sets a node (Production); every client of the run comes from 127.0.0.1, so the
# per-address limits (the nodes' and nginx's) are lifted: this run measures the nodes, not the flood guard.
node_env=(ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres "ConnectionStrings__Portal=$db"
  "DataProtection__Certificate__Path=$work/dataprotection.pfx" ForwardedHeaders__KnownProxies=127.0.0.1
  RateLimits__PostsPerAddressPerMinute=10000000 Mail__Worker__Enabled=false Mail__BaseUrl=https://localhost)
(cd "$work/run" && env "${node_env[@]}" dotnet "$work/app/OnshiPortal.dll" db certificate --out "$work/dataprotection.pfx" >/dev/null)
(cd "$work/run" && env "${node_env[@]}" dotnet "$work/app/OnshiPortal.dll" db migrate >/dev/null)
bench load-seed portal "$db" "$accounts"

if [ $# -ge 2 ]; then rate="$2"; else
  log "the password hash's limit on this machine (logins a second on all cores)"
  limit="$(bench hashlimit 5 | grep -o '[0-9.]* verifications/s' | head -1 | cut -d' ' -f1)"
  rate="$(python3 -c "print(round(2 * 0.5 * $limit, 1))")" # visits: half of them logins
fi
echo "sustainable rate: $rate visits/s (half logins); twice that: $(python3 -c "print(2 * $rate)")"

log "starting two nodes (each its own working folder, as the systemd unit runs them)"
ports=()
for n in 1 2; do
  port="$(free_port $((5400 + n * 10)))"
  mkdir -p "$work/node$n"
  (cd "$work/node$n" && exec env "${node_env[@]}" Urls="http://127.0.0.1:$port" dotnet "$work/app/OnshiPortal.dll" >"$work/node$n.log" 2>&1) &
  pids="$pids $!"
  ports+=("$port")
  wait_up "http://127.0.0.1:$port/readyz"
done

nginx_dir="$work/nginx"
mkdir -p "$nginx_dir"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$nginx_dir/key.pem" -out "$nginx_dir/cert.pem" -days 1 -subj /CN=localhost >/dev/null 2>&1
nginx_port="$(free_port 8443)"
start_nginx() { # nodes...
  local site upstream=""
  for p in "$@"; do upstream="$upstream    server 127.0.0.1:$p max_fails=3 fail_timeout=10s;\n"; done
  site="$(python3 - "$root/deploy/nginx/onshi.conf" "$nginx_dir" "$nginx_port" "$upstream" <<'PY'
import re, sys
conf, folder, port, upstream = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].replace("\\n", "\n")
s = open(conf).read()
s = re.sub(r"upstream onshi_nodes \{.*?keepalive", "upstream onshi_nodes {\n" + upstream + "    keepalive", s, flags=re.S)
s = s.replace("listen [::]:80;", "").replace("listen [::]:443 ssl http2;", "")
s = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", s, flags=re.S)
s = s.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
s = s.replace("/etc/ssl/certs/portal.example.jp.pem", f"{folder}/cert.pem").replace("/etc/ssl/private/portal.example.jp.key", f"{folder}/key.pem")
s = s.replace("/var/log/nginx/", folder + "/")
s = s.replace("limit_req zone=onshi_posts burst=30 nodelay;", "")  # every client of the run is 127.0.0.1
print(s)
PY
)"
  printf '%s\n' "$site" >"$nginx_dir/onshi.conf"
  cat >"$nginx_dir/nginx.conf" <<CONF
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log;
worker_processes 1;
events { worker_connections 4096; }
http {
  client_body_temp_path $nginx_dir/body; proxy_temp_path $nginx_dir/proxy; fastcgi_temp_path $nginx_dir/fastcgi;
  uwsgi_temp_path $nginx_dir/uwsgi; scgi_temp_path $nginx_dir/scgi; access_log off;
  include $nginx_dir/onshi.conf;
}
CONF
  : >"$nginx_dir/onshi.access.log"
  /usr/sbin/nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -g "daemon off;" >"$nginx_dir/stdout.log" 2>&1 &
  nginx_pid=$!
  pids="$pids $nginx_pid"
  for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && return 0; sleep 0.05; done
  echo "nginx did not start"; cat "$nginx_dir/error.log"; exit 1
}
stop_nginx() { kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; }
nodes_answered() { grep -o 'node=[0-9.:]*' "$nginx_dir/onshi.access.log" | sort | uniq -c | awk '{printf "%s %s; ", $2, $1}'; }

results="$work/results.tsv"
: >"$results"
url="https://localhost:$nginx_port"
bench cluster warm-up "$accounts" 5 5 "$url" "$nginx_dir/cert.pem" >/dev/null 2>&1 || true
for config in one two; do
  if [ "$config" = one ]; then start_nginx "${ports[0]}"; else start_nginx "${ports[0]}" "${ports[1]}"; fi
  for factor in 1 2; do
    step_rate="$(python3 -c "print($factor * $rate)")"
    log "$config node(s) behind nginx, ${factor}× the sustainable rate ($step_rate visits/s for $step_seconds s)"
    : >"$nginx_dir/onshi.access.log"
    row="$(bench cluster "$config-node ${factor}x" "$accounts" "$step_rate" "$step_seconds" "$url" "$nginx_dir/cert.pem")"
    printf '%s\t%s\n' "$row" "$(nodes_answered)" | tee -a "$results"
  done
  stop_nginx
done
grep -h -E ' (fail|crit|error)' "$work"/node*.log | grep -v 'Warning' | head -5 || true
echo "end: $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load average/load average/')"
python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("\n| configuration | offered visits/s | answered ok/s | visits | ok | 429 | 5xx | transport | other | login p50 / p99 ms | page p50 / p99 ms | nodes that answered (nginx log) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | {r[8]} | {r[9]} / {r[10]} | {r[11]} / {r[12]} | {r[13]} |")
bad = [r[0] for r in rows if r[6] != "0" or r[7] != "0"]
print("\nno 5xx and no lost request in any step: " + ("met" if not bad else "missed in " + ", ".join(bad)))
PY
