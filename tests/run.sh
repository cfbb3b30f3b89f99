#!/usr/bin/env bash
# Runs every test of OnshiPortal: unit, integration (SQLite and a real PostgreSQL) and end-to-end (headless
# Chromium with axe-core). Installs what a fresh machine lacks, starts a private PostgreSQL and stops it after.
# Usage: bash tests/run.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Import]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
artifacts="$root/artifacts"
mkdir -p "$artifacts"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- System packages: Chromium for the browser tests, a Japanese font so screenshots show real glyphs, and the
# PDF and QR readers of the letter tests.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# (no `grep -q` on a pipe here: under pipefail its early exit would fail fc-list with SIGPIPE)
[ -n "$(fc-list 2>/dev/null | grep -i 'BIZ UDGothic')" ] || need+=(fonts-morisawa-bizud-gothic)
command -v fc-list >/dev/null || need+=(fontconfig)
# The letter tests read their PDFs back: pdftotext/pdftoppm/pdfinfo for the text and pages, zbarimg for the QR code.
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
# The loopback cluster test puts Debian's nginx, with deploy/nginx/onshi.conf, in front of two app nodes.
[ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> Installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ---- axe-core from the npm registry (pinned by package-lock.json), injected by the browser tests.
if [ ! -f tests/e2e-tools/node_modules/axe-core/axe.min.js ]; then
  echo "==> Installing axe-core"
  npm ci --prefix tests/e2e-tools --no-audit --no-fund --loglevel=error
fi

# ---- Scratch: one folder for every temporary file of the run, removed when it ends. The tests make about 1,500
# folders (each test app's mail pickup, keys and print staging, databases, browser profiles; 150 MB) that they do not
# all remove, and the PostgreSQL server's data. In memory (tmpfs) when /dev/shm has 4 GiB free: every test database
# is a copy of a template made and dropped within seconds, and on the machine's ext4 disk the server spent a fifth of
# its CPU allocating the copies' inodes (docs/benchmarks.md, "Test suite"). `TMPDIR` points the tests there.
scratch_base=/tmp
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((4 * 1024 * 1024)) ]; then
  scratch_base=/dev/shm
fi
scratch="$(mktemp -d "$scratch_base/onshi-tests.XXXXXX")"
chmod 0711 "$scratch"   # the PostgreSQL server runs as postgres and reaches its data folder inside

# ---- PostgreSQL: a private server on its own port and folder, unless one was given.
pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true
    else "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$pg_dir"
  fi
}
clean_up() {
  stop_postgres
  rm -rf "$scratch" 2>/dev/null || true
}
trap clean_up EXIT

if [ -z "${ONSHI_TEST_POSTGRES:-}" ]; then
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$pg_bin" ]; then
    echo "==> Installing PostgreSQL"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  pg_port="${ONSHI_TEST_PG_PORT:-55432}"
  while (echo >"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  pg_dir="$(mktemp -d "$scratch/onshi-pg.XXXXXX")"
  echo "==> Starting PostgreSQL on 127.0.0.1:$pg_port ($pg_dir)"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$pg_dir"
    runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" \
      -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null
  else
    "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" \
      -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null
  fi
  export ONSHI_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
  # Its data in memory: each test database copied from the template as files (MigratedTemplates.CreateStrategy).
  if [ "$scratch_base" = /dev/shm ]; then export ONSHI_TEST_PG_FILE_COPY=1; fi
fi

export ONSHI_CHROMIUM="${ONSHI_CHROMIUM:-/usr/bin/chromium}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---- Code style: the tree is `dotnet format` clean (the .editorconfig is the rule).
# CPU used by the commands this script waited for (user + system, seconds): on a shared machine the wall time moves
# with the load, the CPU much less, so each phase reports both. `times` runs in this shell (in a $(...) it would
# count only the subshell's children).
cpu_file="$(mktemp)"
read_cpu() { times >"$cpu_file"; cpu_now=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.0f", s }' "$cpu_file"); }
read_cpu
phase_wall=$SECONDS phase_cpu=$cpu_now phases=""
end_phase() { read_cpu; phases="$phases$1 $((SECONDS - phase_wall)) s (CPU $((cpu_now - phase_cpu)) s), "; phase_wall=$SECONDS phase_cpu=$cpu_now; }

# What `dotnet format --verify-no-changes` checks, in the two passes that need no compilation of their own: the whitespace,
# and the order of the usings (the one part of its style pass that is not an analyzer). Its other passes are
# analyzers, which the build runs itself: the code-style rules at warning (EnforceCodeStyleInBuild in
# Directory.Build.props) and the code-analysis rules, all errors there (TreatWarningsAsErrors). The full command
# compiled the whole solution a second time, 2 of the suite's 12 minutes.
echo "==> dotnet format: whitespace and the order of usings"
dotnet format whitespace "$root/OnshiPortal.slnx" --verify-no-changes
dotnet format style "$root/OnshiPortal.slnx" --verify-no-changes --no-restore --diagnostics IMPORTS
end_phase "format"

# ---- The tests
results="$artifacts/test-results"
rm -rf "$results"
echo "==> dotnet test"
set +e
# Progress while it runs (tests/progress.py): each test class as it finishes, with its time, and every failure in
# full; the runner's whole output is kept in $results/console.log. The listing says how many tests each class has.
mkdir -p "$results"
dotnet test "$root/OnshiPortal.slnx" --configuration Release --list-tests > "$results/tests.list" 2>&1
listed=$?
if [ "$listed" -ne 0 ]; then
  # The build failed: its errors, and no run (--no-build would run the binaries of an earlier build and pass).
  cat "$results/tests.list"
  echo "Tests: not run, the build failed"
  exit 1
fi
end_phase "build"
TMPDIR="$scratch" dotnet test "$root/OnshiPortal.slnx" --configuration Release --no-build \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | python3 "$root/tests/progress.py" "$results/tests.list" "$results/console.log"
status=${PIPESTATUS[0]}
set -e
end_phase "tests"

# ---- Closing summary: counts from the TRX, and under CI no test may be skipped (PostgreSQL and Chromium must run).
trx="$(ls "$results"/*.trx 2>/dev/null | head -n 1 || true)"
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed (no test results were written)"
  exit 1
fi
read -r total passed failed skipped < <(python3 - "$trx" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<Counters[^>]*\btotal="(\d+)"[^>]*\bexecuted="(\d+)"[^>]*\bpassed="(\d+)"[^>]*\bfailed="(\d+)"', text)
total, executed, passed, failed = (int(x) for x in m.groups()) if m else (0, 0, 0, 1)
skipped = len(re.findall(r'outcome="NotExecuted"', text))
print(total, passed, failed, skipped)
PY
)
echo "Screenshots: $artifacts/screenshots"
echo "Phases: ${phases%, } (wall, and CPU of this script's commands: PostgreSQL's server not counted)"
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  echo "CI: $skipped test(s) were skipped; every test must run under CI."
  status=1
fi
if [ "$passed" -eq 0 ]; then status=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
