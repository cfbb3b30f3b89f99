#!/usr/bin/env bash
# Direct-mail benchmark (issue 5): a national mailing as the operator runs it, each step a whole `onshi` process
# (start-up included), with wall time and peak memory (GNU time's maximum resident set size):
#   a master where LETTERS institutions have no account → `campaign create` (targets) → `campaign issue` (one temporary
#   credential per letter) → `campaign export` (PDFs of 1,000 letters, manifests, checksums);
# then the peer in the same run: LibreOffice converting the same 1,000 letters as one mail-merged HTML document.
# Usage: bash bench/campaign.sh [LETTERS]   (needs libreoffice-writer for the peer; installed when missing)
# Options (environment):
#   APP=DIR        run an app already published into DIR (dotnet publish -r linux-x64) instead of publishing this tree
#   PEER_APP=DIR   after the three steps, export the same issued campaign ROUNDS times (default 3) with the app in DIR
#                  and with this one in turns, each on a copy of the same database (same-run ratios for a change)
#   PEER_ENV='VAR=VALUE ...'  the peer's environment (this app runs with DOTNET_TieredPGO=0, as deploy/onshi sets it)
#   NO_LIBREOFFICE=1  leave out the LibreOffice peer
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
letters="${1:-100000}"
work="$(mktemp -d /tmp/onshi-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v /usr/bin/time >/dev/null || need+=(time)
[ -n "${NO_LIBREOFFICE:-}" ] || command -v soffice >/dev/null || need+=(libreoffice-writer)
[ -n "$(fc-list 2>/dev/null | grep -i 'BIZ UDGothic')" ] || need+=(fonts-morisawa-bizud-gothic)
if [ ${#need[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# The app as it is deployed (docs/operations.md): published for linux-x64, ReadyToRun, run by the shared runtime; a
# plain `dotnet build` would JIT every method of each of the three processes' start-up.
if [ -n "${APP:-}" ]; then
  app="$(cd "$APP" && pwd)"
else
  app="$work/app"
  dotnet publish "$root/src/OnshiPortal" -c Release -r linux-x64 --self-contained false -o "$app" -v quiet -nologo >/dev/null
fi
[ -n "${NO_LIBREOFFICE:-}" ] || dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null
dotnet build-server shutdown >/dev/null 2>&1 || true
# Production refuses to make letters whose QR code leads nowhere: the portal's public https address is set.
# The command line as deploy/onshi runs it: tiered PGO off (PEER_ENV, e.g. DOTNET_TieredPGO=1, sets the peer's own).
wrapper() { # path, app folder, environment
  printf '#!/bin/sh\ncd "%s" && %s ASPNETCORE_ENVIRONMENT=Production Mail__BaseUrl=https://portal.example.jp DataProtection__Certificate__Path="%s/dataprotection.pfx" exec dotnet "%s/OnshiPortal.dll" "$@"\n' "$work" "$3" "$work" "$2" >"$1"
  chmod +x "$1"
}
wrapper "$work/onshi" "$app" "DOTNET_TieredPGO=0"
"$work/onshi" db certificate --out "$work/dataprotection.pfx" >/dev/null   # Production encrypts its data-protection keys

measure() { # label, command...
  sync
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
  read -r secs kb <"$work/time"
  printf '%-44s %8.2f s %8d MB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" >"$work/last"
}

# About 5% of generated institutions are closed or otherwise out of scope: generate enough for LETTERS targets.
rows=$(( letters * 108 / 100 ))
"$work/onshi" institutions generate --count "$rows" --out "$work/master.csv" --seed 1 >/dev/null
"$work/onshi" institutions import "$work/master.csv" >/dev/null

measure "campaign create (targeting)" "$work/onshi" campaign create --kind unregistered --cutoff 2023-01-15 \
  --letter-date 2023-02-03 --name "bench"
create="$(cat "$work/last")"
id="$(tail -n 1 "$work/out" | tr -d '\r')"
grep -m1 "対象:" "$work/out"
measure "campaign issue (credentials)" "$work/onshi" campaign issue "$id"
issue="$(cat "$work/last")"
tail -n 1 "$work/out"
[ -z "${PEER_APP:-}" ] || cp -a "$work/data" "$work/data-issued"
measure "campaign export (PDF, manifests, checksums)" "$work/onshi" campaign export "$id" --out "$work/print"
export_secs="$(cat "$work/last")"
tail -n 1 "$work/out"
count="$(($(wc -l <"$work/print/manifest.csv") - 1))"
pdf_bytes="$(du -cb "$work/print"/*.pdf | tail -n 1 | cut -f1)"
python3 - "$create" "$issue" "$export_secs" "$count" "$pdf_bytes" <<'PY'
import sys
create, issue, export, count, size = map(float, sys.argv[1:])
total = issue + export
print(f"letters: {int(count):,}; issue + export {total:.1f} s ({count / total:.0f} letters/s; with targeting {create + total:.1f} s)")
print(f"create + issue + export: {create + total:.1f} s, {count / (create + total):.0f} letters/s (issue 21's target: 100,000 letters in 30 s)")
print(f"PDF size: {size / count / 1024:.1f} KB per letter ({size / 1024 / 1024:.0f} MB in all)")
PY

if [ -n "${PEER_APP:-}" ]; then
  # Same-run ratios: the issued campaign's database copied before the export above, exported again by each app in
  # turns (the peer first), each round on a fresh copy; CPU from GNU time (user + system) beside the wall time.
  wrapper "$work/peer" "$(cd "$PEER_APP" && pwd)" "${PEER_ENV:-}"
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for who in peer onshi; do
      rm -rf "$work/data" "$work/print-$who" && cp -a "$work/data-issued" "$work/data"
      sync
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/$who" campaign export "$id" --out "$work/print-$who" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
      read -r secs user sys kb <"$work/time"
      printf 'round %d %-6s export %7.2f s wall %7.2f s CPU %5d MB  %s\n' "$round" "$who" "$secs" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" "$(uptime | sed 's/.*load/load/')"
    done
  done
fi
[ -n "${NO_LIBREOFFICE:-}" ] && exit 0

# The peer: LibreOffice on 1,000 letters as one mail-merged document, and this renderer on the same 1,000 letters.
dotnet "$work/bench/OnshiPortal.Bench.dll" merge 1000 "$work/merge.html"
measure "LibreOffice: 1,000 mail-merged letters → PDF" soffice --headless --infilter="HTML (StarWriter)" \
  --convert-to pdf:writer_pdf_Export --outdir "$work/lo" "$work/merge.html"
echo "LibreOffice pages: $(pdfinfo "$work/lo/merge.pdf" | awk '/^Pages:/ {print $2}')"
lo="$(cat "$work/last")"
measure "OnshiPortal renderer: the same 1,000 letters" dotnet "$work/bench/OnshiPortal.Bench.dll" letters 1000 "$work/ours.pdf"
cat "$work/out"
ours="$(cat "$work/last")"
python3 -c "print(f'ratio LibreOffice / OnshiPortal (whole processes): {float(\"$lo\") / max(float(\"$ours\"), 0.01):.1f}x')"
