#!/usr/bin/env bash
# Import benchmark (issues 2 and 21): 250,000 rows into an empty SQLite database, then the same file again (all
# unchanged), each as the operator runs it (`onshi institutions import` of the published app, a whole process:
# start-up included), with wall time and peak memory (GNU time's maximum resident set size). Its peer, in the same
# round: the sqlite3 shell's `.import` of the same file into an empty table of the same columns. On PostgreSQL
# (ONSHI_BENCH_POSTGRES) the peer is `psql \copy` of the same file into a plain table. Each round prints its own
# figures and ratios; the medians of three rounds are the result (a shared virtual machine: ratios, not seconds).
# Then the search latency on the result.
# Usage: bash bench/import.sh [ROWS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-250000}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d /tmp/onshi-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load: $(uptime | sed 's/.*load average: //') (1, 5, 15 min) at $(date -u +%H:%M) UTC"
# The app as it is deployed: published for linux-x64 (ReadyToRun), run by the shared runtime. ONSHI_BENCH_APP: a
# folder the app was already published into (`dotnet publish src/OnshiPortal -c Release -r linux-x64
# --self-contained false -o DIR`), e.g. the code before a change, for a before/after with one script and no build
# between the two; the search latency is then left out.
if [ -n "${ONSHI_BENCH_APP:-}" ]; then
  ln -s "$ONSHI_BENCH_APP" "$work/app"
else
  dotnet publish "$root/src/OnshiPortal" -c Release -r linux-x64 --self-contained false -o "$work/app" -v quiet -nologo >/dev/null
  dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null
  dotnet build-server shutdown >/dev/null 2>&1 || true   # no compiler servers left busy beside the measurements
fi
echo "app: ${ONSHI_BENCH_APP:-published from $root}"
# `onshi` as the operator runs it, from the work folder (its data/ holds the SQLite file), with tiered PGO off as
# deploy/onshi runs the command line (ONSHI_BENCH_ENV, e.g. DOTNET_TieredPGO=1, for another setting).
printf '#!/bin/sh\ncd "%s" && %s ASPNETCORE_ENVIRONMENT=Production DataProtection__Certificate__Path="%s/dataprotection.pfx" exec dotnet "%s/app/OnshiPortal.dll" "$@"\n' "$work" "${ONSHI_BENCH_ENV:-DOTNET_TieredPGO=0}" "$work" "$work" >"$work/onshi"
chmod +x "$work/onshi"
"$work/onshi" db certificate --out "$work/dataprotection.pfx" >/dev/null   # Production encrypts its data-protection keys
onshi() { "$work/onshi" "$@"; }

onshi institutions generate --count "$rows" --out "$work/master.csv" --seed 1 >/dev/null
echo "file: $rows rows, $(du -h "$work/master.csv" | cut -f1)"
onshi db migrate >/dev/null   # an empty database with the schema: what `import` goes into
cp "$work/data/onshi.db" "$work/empty.db"
# The peers read the same rows without the header, BOM and CR: what their CSV readers take as it is.
tail -n +2 "$work/master.csv" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//' >"$work/nohead.csv"
columns="code TEXT PRIMARY KEY, name TEXT, kana TEXT, founder TEXT, manager TEXT, postal TEXT, address TEXT, phone TEXT, opened TEXT, closed TEXT, predecessor TEXT, beds TEXT"

measure() { # label, command...
  sync  # start each measurement with no dirty pages of the previous step still being written
  local label="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
  read -r secs kb user sys <"$work/time"
  # CPU (user + system) too: on a shared machine it moves far less than the wall time.
  printf '  %-46s %7.2f s %6d MB  CPU %6.2f s\n' "$label" "$secs" "$((kb / 1024))" "$(python3 -c "print($user + $sys)")"
  echo "$secs" >"$work/last"
}
last() { cat "$work/last"; }
ratio() { python3 -c "print(f'{float(\"$1\") / max(float(\"$2\"), 0.01):.2f}')"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
verdict() { # name, figure, peer, target ratio
  local r; r="$(ratio "$2" "$3")"
  printf '%-44s %6.2f s  peer %5.2f s  ratio %5.2fx  target <= %sx  %s\n' "$1" "$2" "$3" "$r" "$4" \
    "$(python3 -c "print('MET' if $r <= $4 else 'NOT MET')")"
}

echo
echo "SQLite, $rounds rounds (each: import into the empty database, sqlite3 .import, import again):"
firsts=(); agains=(); shells=(); first_ratios=(); again_ratios=()
for round in $(seq "$rounds"); do
  echo " round $round (load $(uptime | sed 's/.*load average: //')):"
  rm -f "$work/data/onshi.db"*
  cp "$work/empty.db" "$work/data/onshi.db"
  measure "onshi import (empty database)" "$work/onshi" institutions import "$work/master.csv"
  first="$(last)"
  echo "    $(grep -E "新規|変更なし" "$work/out" | tr -s ' ' | paste -sd ' ')"
  rm -f "$work/shell.db"
  sqlite3 "$work/shell.db" "CREATE TABLE m ($columns);"
  measure "sqlite3 .import (same rows, no checks)" sqlite3 "$work/shell.db" ".mode csv" ".import $work/nohead.csv m"
  shell="$(last)"
  measure "onshi import again (all unchanged)" "$work/onshi" institutions import "$work/master.csv"
  again="$(last)"
  echo "    $(grep -E "新規|変更なし" "$work/out" | tr -s ' ' | paste -sd ' ')"
  echo "    ratios: first $(ratio "$first" "$shell")x, again $(ratio "$again" "$shell")x"
  firsts+=("$first"); agains+=("$again"); shells+=("$shell")
  first_ratios+=("$(ratio "$first" "$shell")"); again_ratios+=("$(ratio "$again" "$shell")")
done
echo
echo "SQLite, medians of $rounds rounds (median ratio of the rounds: first $(median "${first_ratios[@]}")x, again $(median "${again_ratios[@]}")x):"
verdict "import, 250,000 rows into an empty database" "$(median "${firsts[@]}")" "$(median "${shells[@]}")" 3
verdict "import again, all unchanged" "$(median "${agains[@]}")" "$(median "${shells[@]}")" 2

echo
if [ -z "${ONSHI_BENCH_APP:-}" ]; then
  echo "search latency (40 runs each, first 5 dropped):"
  dotnet "$work/bench/OnshiPortal.Bench.dll" search "Data Source=$work/data/onshi.db"
fi

# PostgreSQL when a server is given (ONSHI_BENCH_POSTGRES, a connection string to an empty database that the
# script may empty again between rounds: it drops and makes its public schema).
if [ -n "${ONSHI_BENCH_POSTGRES:-}" ]; then
  pg_value() { tr ';' '\n' <<<"$ONSHI_BENCH_POSTGRES" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { print $2 }'; }
  export PGHOST="$(pg_value Host)" PGPORT="$(pg_value Port)" PGUSER="$(pg_value Username)" PGDATABASE="$(pg_value Database)"
  [ -z "$(pg_value Password)" ] || export PGPASSWORD="$(pg_value Password)"
  onshi_pg() { (cd "$work" && Database__Provider=Postgres ConnectionStrings__Portal="$ONSHI_BENCH_POSTGRES" "$work/onshi" "$@"); }
  echo
  echo "PostgreSQL $(psql -XAtc 'SHOW server_version'), $rounds rounds (each: import into the empty database, psql \\copy, import again):"
  pg_firsts=(); pg_agains=(); copies=(); pg_ratios=()
  for round in $(seq "$rounds"); do
    echo " round $round (load $(uptime | sed 's/.*load average: //')):"
    psql -Xq -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" 2>/dev/null
    onshi_pg db migrate >/dev/null
    measure "onshi import (empty database)" bash -c "cd '$work' && Database__Provider=Postgres ConnectionStrings__Portal='$ONSHI_BENCH_POSTGRES' '$work/onshi' institutions import '$work/master.csv'"
    first="$(last)"
    echo "    $(grep -E "新規|変更なし" "$work/out" | tr -s ' ' | paste -sd ' ')"
    psql -Xq -c "DROP TABLE IF EXISTS m; CREATE TABLE m ($columns);"
    measure "psql \\copy (same rows, no checks)" psql -Xq -c "\\copy m FROM '$work/nohead.csv' WITH (FORMAT csv)"
    copy="$(last)"
    psql -Xq -c "DROP TABLE m;"
    measure "onshi import again (all unchanged)" bash -c "cd '$work' && Database__Provider=Postgres ConnectionStrings__Portal='$ONSHI_BENCH_POSTGRES' '$work/onshi' institutions import '$work/master.csv'"
    again="$(last)"
    echo "    $(grep -E "新規|変更なし" "$work/out" | tr -s ' ' | paste -sd ' ')"
    echo "    ratios: first $(ratio "$first" "$copy")x, again $(ratio "$again" "$copy")x"
    pg_firsts+=("$first"); pg_agains+=("$again"); copies+=("$copy"); pg_ratios+=("$(ratio "$first" "$copy")")
  done
  echo
  echo "PostgreSQL, medians of $rounds rounds (median ratio of the rounds: $(median "${pg_ratios[@]}")x):"
  verdict "import, 250,000 rows into an empty database" "$(median "${pg_firsts[@]}")" "$(median "${copies[@]}")" 2
  printf '%-44s %6.2f s  (no target)\n' "import again, all unchanged" "$(median "${pg_agains[@]}")"
  [ -n "${ONSHI_BENCH_APP:-}" ] || dotnet "$work/bench/OnshiPortal.Bench.dll" search "$ONSHI_BENCH_POSTGRES" postgres
fi
