#!/usr/bin/env bash
# The test process's CPU, this build against a peer's (issue 21): runs the same test classes directly through each
# build's test executable (no `dotnet test`, no build), alternately, the peer first in each round, RUNS rounds, and
# prints each run's load, CPU (user + system, /usr/bin/time) and wall, then the medians and their ratios. SQLite
# classes need nothing else running; PostgreSQL ones need ONSHI_TEST_POSTGRES (tests/run.sh's server, or your own).
# Usage: bash bench/test-cpu-peer.sh PEER_BIN RUNS CLASS ...
#   PEER_BIN: the peer's tests/OnshiPortal.Tests/bin/Release/net10.0 (e.g. `git archive` of the peer commit into
#   another folder, then `dotnet build tests/OnshiPortal.Tests -c Release` there); CLASS as Integration.NewsTestsOnSqlite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="$1" runs="$2"; shift 2
mine="$root/tests/OnshiPortal.Tests/bin/Release/net10.0"
args=(); for c in "$@"; do args+=(-class "OnshiPortal.Tests.$c"); done
export ONSHI_CHROMIUM="${ONSHI_CHROMIUM:-/usr/bin/chromium}"
echo "machine: $(nproc) cores; classes: $*"
results=""
for i in $(seq 1 "$runs"); do
  for side in peer mine; do
    [ "$side" = peer ] && bin="$peer" || bin="$mine"
    load=$(cut -d' ' -f1 /proc/loadavg)
    ( cd "$bin" && /usr/bin/time -f "%U %S %e" -o /tmp/onshi-test-cpu-peer.time dotnet OnshiPortal.Tests.dll "${args[@]}" >/tmp/onshi-test-cpu-peer.out 2>&1 ) \
      || { tail -20 /tmp/onshi-test-cpu-peer.out; exit 1; }
    read -r user sys wall < /tmp/onshi-test-cpu-peer.time
    cpu=$(python3 -c "print(round($user + $sys, 1))")
    echo "run $i, $side: load $load, CPU $cpu s, wall $wall s"
    results="$results $side:$cpu:$wall"
  done
done
python3 - $results <<'PY'
import statistics, sys
runs = [a.split(":") for a in sys.argv[1:]]
med = {s: (statistics.median(float(c) for k, c, w in runs if k == s), statistics.median(float(w) for k, c, w in runs if k == s)) for s in ("peer", "mine")}
print(f"median CPU: peer {med['peer'][0]:.1f} s, this build {med['mine'][0]:.1f} s, ratio {med['mine'][0] / med['peer'][0]:.2f}; "
      f"wall {med['peer'][1]:.1f} s and {med['mine'][1]:.1f} s, ratio {med['mine'][1] / med['peer'][1]:.2f}")
PY
