#!/usr/bin/env bash
# Chromium's CPU in the browser tests against a peer (issue 21): runs the same journeys through the test executable,
# alternately the peer and this build (the peer first in odd rounds, second in even ones), RUNS rounds. Chromium is
# launched through a two-line wrapper (ONSHI_CHROMIUM) that moves itself into a cgroup v1 cpuacct group of its own;
# the test process (with Playwright's driver) runs in a second group. Prints each run's load, Chromium's CPU, the test
# process's, their total and the wall, then the medians and their ratios (this build / the peer).
#   PEER_BIN=DIR      another build's tests/OnshiPortal.Tests/bin/Release/net10.0 (required)
#   PEER_CHROMIUM=F   the browser the peer's runs launch, MINE_CHROMIUM=F this build's (both /usr/bin/chromium by
#                     default; two browsers with one build compare the browsers, e.g. chromium-headless-shell)
# Needs root (cgroup v1 at /sys/fs/cgroup/cpuacct). PostgreSQL journeys need ONSHI_TEST_POSTGRES.
# Usage: PEER_BIN=DIR bash bench/chromium-cpu.sh [RUNS] [CLASS ...]
#        (default: 3 rounds of EndToEnd.FilingJourney and EndToEnd.CallCentreJourney)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; shift || true
classes=("$@"); [ ${#classes[@]} -gt 0 ] || classes=(EndToEnd.FilingJourney EndToEnd.CallCentreJourney)
mine="$root/tests/OnshiPortal.Tests/bin/Release/net10.0"
peer="${PEER_BIN:?set PEER_BIN to the peer build of tests/OnshiPortal.Tests/bin/Release/net10.0}"
cg=/sys/fs/cgroup/cpuacct
work="$(mktemp -d /tmp/onshi-chromium-cpu.XXXXXX)"
trap 'rmdir "$cg"/onshi-chromium-$$-* 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/chromium" <<'WRAP'
#!/bin/sh
echo $$ > "$ONSHI_BENCH_CGROUP/cgroup.procs"
exec "$ONSHI_BENCH_BROWSER" "$@"
WRAP
chmod +x "$work/chromium"
args=(); for c in "${classes[@]}"; do args+=(-class "OnshiPortal.Tests.$c"); done
echo "machine: $(nproc) cores; peer: $peer; classes: ${classes[*]}"
results=""
for i in $(seq 1 "$runs"); do
  order="peer mine"; [ $((i % 2)) = 1 ] || order="mine peer"
  for side in $order; do
    if [ "$side" = peer ]; then bin="$peer" browser="${PEER_CHROMIUM:-/usr/bin/chromium}"
    else bin="$mine" browser="${MINE_CHROMIUM:-/usr/bin/chromium}"; fi
    browser_cg="$cg/onshi-chromium-$$-$i-$side-browser" tests_cg="$cg/onshi-chromium-$$-$i-$side-tests"
    mkdir "$browser_cg" "$tests_cg"
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    ( cd "$bin" && CI=true ONSHI_CHROMIUM="$work/chromium" ONSHI_BENCH_CGROUP="$browser_cg" ONSHI_BENCH_BROWSER="$browser" \
        sh -c 'echo $$ > "$0/cgroup.procs"; exec dotnet OnshiPortal.Tests.dll "$@"' "$tests_cg" "${args[@]}" \
        >"$work/out" 2>&1 ) || { tail -20 "$work/out"; exit 1; }
    end=$(date +%s.%N)
    browser_ns=$(cat "$browser_cg/cpuacct.usage"); tests_ns=$(cat "$tests_cg/cpuacct.usage")
    results_now=$(python3 -c "b, t, w = $browser_ns / 1e9, $tests_ns / 1e9, $end - $start; print(f'{b:.1f}:{t:.1f}:{b + t:.1f}:{w:.1f}')")
    IFS=: read -r browser_cpu tests_cpu total wall <<< "$results_now"
    echo "run $i, $side: load $load, Chromium $browser_cpu s, test process $tests_cpu s, total $total s, wall $wall s"
    results="$results $side:$results_now"
    rmdir "$browser_cg" "$tests_cg"
  done
done
python3 - $results <<'PY'
import statistics, sys
runs = [a.split(":") for a in sys.argv[1:]]
names = ("Chromium", "test process", "total", "wall")
med = {s: [statistics.median(float(r[k + 1]) for r in runs if r[0] == s) for k in range(4)] for s in ("peer", "mine")}
print("medians, peer / this build / ratio: " + "; ".join(
    f"{n} {med['peer'][k]:.1f} / {med['mine'][k]:.1f} s / {med['mine'][k] / med['peer'][k]:.2f}" for k, n in enumerate(names)))
PY
