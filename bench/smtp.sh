#!/usr/bin/env bash
# SMTP benchmark (issue 15): mails a second from the portal's SMTP transport to an SMTP server on loopback, one
# connection a mail (before) against the outbox worker's reused connection (after), alternating in the same run.
# Usage: bash bench/smtp.sh [MAILS] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mails="${1:-2000}"
rounds="${2:-3}"
work="$(mktemp -d /tmp/onshi-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dotnet build "$root/bench/OnshiPortal.Bench" -c Release -o "$work/bench" -v quiet -nologo >/dev/null
dotnet build-server shutdown >/dev/null 2>&1 || true   # no compiler servers left busy beside the measurements
dotnet "$work/bench/OnshiPortal.Bench.dll" smtp "$mails" "$rounds"
