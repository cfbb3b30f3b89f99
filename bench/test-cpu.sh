#!/usr/bin/env bash
# The test process's CPU with and without dynamic PGO (issue 21, "a test suite in half the time"): runs the same
# test classes directly through the test executable (no `dotnet test`, no build), alternately with the runtime's
# default (DOTNET_TieredPGO=1, the peer) and as the test project ships (TieredPGO off), RUNS times each, and prints
# each run's wall and CPU (user + system) and the median ratio. SQLite classes need nothing else running; PostgreSQL
# ones need ONSHI_TEST_POSTGRES (tests/run.sh's server).
# Usage: bash bench/test-cpu.sh [RUNS] [CLASS ...]   (default: 3 runs of Integration.NewsTestsOnSqlite and
#        Integration.DeferralTestsOnSqlite; build first: dotnet build tests/OnshiPortal.Tests -c Release)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; shift || true
classes=("$@"); [ ${#classes[@]} -gt 0 ] || classes=(Integration.NewsTestsOnSqlite Integration.DeferralTestsOnSqlite)
bin="$root/tests/OnshiPortal.Tests/bin/Release/net10.0"
[ -f "$bin/OnshiPortal.Tests.dll" ] || { echo "build the tests first: dotnet build tests/OnshiPortal.Tests -c Release"; exit 1; }
args=(); for c in "${classes[@]}"; do args+=(-class "OnshiPortal.Tests.$c"); done
export ONSHI_CHROMIUM="${ONSHI_CHROMIUM:-/usr/bin/chromium}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); classes: ${classes[*]}"
declare -A cpu
for i in $(seq 1 "$runs"); do
  for pgo in 1 0; do
    start=$(date +%s.%N)
    ( cd "$bin" && DOTNET_TieredPGO=$pgo dotnet OnshiPortal.Tests.dll "${args[@]}" >/tmp/onshi-test-cpu.out 2>&1 ) || { tail -20 /tmp/onshi-test-cpu.out; exit 1; }
    # CPU of the finished child, from bash's own accounting of its children.
    times >/tmp/onshi-test-cpu.times
    read -r user sys < <(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); v[i] = p[1] * 60 + p[2] } print v[1], v[2] }' /tmp/onshi-test-cpu.times)
    total=$(python3 -c "print(round($user + $sys - ${last:-0}, 1))"); last=$(python3 -c "print($user + $sys)")
    wall=$(python3 -c "import time; print(round(time.time() - $start, 1))")
    cpu[$pgo]="${cpu[$pgo]:-} $total"
    echo "run $i, TieredPGO=$pgo: wall $wall s, CPU $total s"
  done
done
python3 - "${cpu[1]}" "${cpu[0]}" <<'PY'
import statistics, sys
on, off = (list(map(float, a.split())) for a in sys.argv[1:])
print(f"median CPU: with PGO {statistics.median(on):.1f} s, without {statistics.median(off):.1f} s, ratio {statistics.median(on) / statistics.median(off):.2f}")
PY
