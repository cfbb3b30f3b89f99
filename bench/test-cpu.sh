#!/usr/bin/env bash
# The test process's CPU and wall against a peer (issue 21, "a test suite in half the time"): runs the same test
# classes directly through the test executable (no `dotnet test`, no build), alternately the peer first and this
# build as the test project ships, RUNS rounds, and prints each run's load, CPU (user + system, /usr/bin/time) and
# wall, then the medians and their ratios (this build / the peer). The peer is
#   - PEER_BIN=DIR: another build's tests/OnshiPortal.Tests/bin/Release/net10.0 (e.g. `git archive` of the peer commit
#     into another folder, then `dotnet build tests/OnshiPortal.Tests -c Release` there), or, without it,
#   - this build with the runtime's default dynamic PGO (DOTNET_TieredPGO=1), which the test project turns off.
# SQLite classes need nothing else running; PostgreSQL ones need ONSHI_TEST_POSTGRES (tests/run.sh's server).
# Usage: [PEER_BIN=DIR] bash bench/test-cpu.sh [RUNS] [CLASS ...]   (default: 3 runs of Integration.NewsTestsOnSqlite
#        and Integration.DeferralTestsOnSqlite; build first: dotnet build tests/OnshiPortal.Tests -c Release)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; shift || true
classes=("$@"); [ ${#classes[@]} -gt 0 ] || classes=(Integration.NewsTestsOnSqlite Integration.DeferralTestsOnSqlite)
mine="$root/tests/OnshiPortal.Tests/bin/Release/net10.0"
peer="${PEER_BIN:-$mine}"
peer_env=(); [ -n "${PEER_BIN:-}" ] || peer_env=(DOTNET_TieredPGO=1)
for bin in "$mine" "$peer"; do
  [ -f "$bin/OnshiPortal.Tests.dll" ] || { echo "no test build in $bin: dotnet build tests/OnshiPortal.Tests -c Release"; exit 1; }
done
args=(); for c in "${classes[@]}"; do args+=(-class "OnshiPortal.Tests.$c"); done
# Files of this run's own: two runs at once (helpers on one machine) must not read each other's times.
out="$(mktemp /tmp/onshi-test-cpu.XXXXXX)"; trap 'rm -f "$out" "$out.time"' EXIT
export ONSHI_CHROMIUM="${ONSHI_CHROMIUM:-/usr/bin/chromium}"
echo "machine: $(nproc) cores; peer: ${PEER_BIN:-this build with ${peer_env[*]}}; classes: ${classes[*]}"
results=""
for i in $(seq 1 "$runs"); do
  for side in peer mine; do
    if [ "$side" = peer ]; then bin="$peer" vars=("${peer_env[@]}"); else bin="$mine" vars=(); fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    ( cd "$bin" && env "${vars[@]}" /usr/bin/time -f "%U %S %e" -o "$out.time" dotnet OnshiPortal.Tests.dll "${args[@]}" >"$out" 2>&1 ) \
      || { tail -20 "$out"; exit 1; }
    read -r user sys wall < "$out.time"
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
