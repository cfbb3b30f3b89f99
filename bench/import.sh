#!/usr/bin/env bash
# Import benchmark (issue 2): 250,000 rows into an empty SQLite database, then the same file again (all
# unchanged), each as the operator runs it (`onshi institutions import`, a whole process: start-up included),
# with wall time and peak memory (GNU time's maximum resident set size). For comparison, the sqlite3 shell's
# `.import` of the same file into an empty table in the same run. Then the search latency on the result.
# Usage: bash bench/import.sh [ROWS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-250000}"
work="$(mktemp -d /tmp/onshi-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dotnet build "$root/src/OnshiPortal" -c Release -o "$work/app" -v quiet -nologo >/dev/null
dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null
dotnet build-server shutdown >/dev/null 2>&1 || true   # no compiler servers left busy beside the measurements
# `onshi` as the operator runs it, from the work folder (its data/ holds the SQLite file).
printf '#!/bin/sh\ncd "%s" && ASPNETCORE_ENVIRONMENT=Production DataProtection__Certificate__Path="%s/dataprotection.pfx" exec dotnet "%s/app/OnshiPortal.dll" "$@"\n' "$work" "$work" "$work" >"$work/onshi"
chmod +x "$work/onshi"
"$work/onshi" db certificate --out "$work/dataprotection.pfx" >/dev/null   # Production encrypts its data-protection keys
onshi() { "$work/onshi" "$@"; }

onshi institutions generate --count "$rows" --out "$work/master.csv" --seed 1 >/dev/null
echo "file: $rows rows, $(du -h "$work/master.csv" | cut -f1)"
onshi db migrate >/dev/null   # an empty database with the schema: what `import` goes into
cp "$work/data/onshi.db" "$work/empty.db"

measure() { # label, command...
  sync  # start each measurement with no dirty pages of the previous step still being written
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
  read -r secs kb <"$work/time"
  printf '%-44s %8.2f s %8d MB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" >"$work/last"
}

# Three rounds, each from the same empty database; the median is the figure (this is a shared virtual machine).
firsts=()
for round in 1 2 3; do
  rm -f "$work/data/onshi.db"*
  cp "$work/empty.db" "$work/data/onshi.db"
  measure "onshi import (empty database), round $round" "$work/onshi" institutions import "$work/master.csv"
  firsts+=("$(cat "$work/last")")
  grep -E "新規|変更なし" "$work/out" | tr -s ' ' | paste -sd ' '
  measure "onshi import again (all unchanged), round $round" "$work/onshi" institutions import "$work/master.csv"
  grep -E "新規|変更なし" "$work/out" | tr -s ' ' | paste -sd ' '
done
first="$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 2p)"
echo "median of the first imports: $first s"

# The sqlite3 shell's own CSV import into an empty table of the same columns, no checks, no history.
sqlite3 "$work/shell.db" "CREATE TABLE m (code TEXT PRIMARY KEY, name TEXT, kana TEXT, founder TEXT, manager TEXT, postal TEXT, address TEXT, phone TEXT, opened TEXT, closed TEXT, predecessor TEXT);"
tail -n +2 "$work/master.csv" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//' >"$work/nohead.csv"
measure "sqlite3 .import (same rows, no checks)" sqlite3 "$work/shell.db" ".mode csv" ".import $work/nohead.csv m"
shell="$(cat "$work/last")"
python3 -c "print(f'ratio onshi import / sqlite3 .import: {float(\"$first\") / max(float(\"$shell\"), 0.01):.1f}x')"

echo
echo "search latency (40 runs each, first 5 dropped):"
dotnet "$work/bench/OnshiPortal.Bench.dll" search "Data Source=$work/data/onshi.db"

# The same search on PostgreSQL when a server is given (ONSHI_BENCH_POSTGRES, a connection string to an empty database).
if [ -n "${ONSHI_BENCH_POSTGRES:-}" ]; then
  echo
  echo "PostgreSQL:"
  (cd "$work" && Database__Provider=Postgres ConnectionStrings__Portal="$ONSHI_BENCH_POSTGRES" "$work/onshi" db migrate >/dev/null)
  (cd "$work" && Database__Provider=Postgres ConnectionStrings__Portal="$ONSHI_BENCH_POSTGRES" /usr/bin/time -f "import into PostgreSQL: %e s, %M KB" "$work/onshi" institutions import "$work/master.csv" | tail -n 5)
  dotnet "$work/bench/OnshiPortal.Bench.dll" search "$ONSHI_BENCH_POSTGRES" postgres
fi
