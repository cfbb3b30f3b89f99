#!/usr/bin/env bash
# The fuzz tests at full size: every property and every form with ONSHI_FUZZ_RUNS generated inputs (default 10,000;
# the normal suite runs 300 per property and 30 posts per form). Starts a private PostgreSQL through tests/run.sh.
# Usage: bash bench/fuzz.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ONSHI_FUZZ_RUNS="${1:-10000}"
echo "==> fuzz tests with ONSHI_FUZZ_RUNS=$ONSHI_FUZZ_RUNS ($(nproc) cores, $(date -u +%FT%TZ))"
start=$(date +%s)
bash tests/run.sh --filter "FullyQualifiedName~OnshiPortal.Tests.Fuzz" --logger "console;verbosity=normal"
echo "==> done in $(( $(date +%s) - start )) s"
