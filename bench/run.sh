#!/usr/bin/env bash
# Runs every benchmark in one go: bash bench/run.sh BIN_DIR
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
echo "== expansion: literal (FLINT fmpq_mpoly) against moment, the (A4) gate"
"$bin/bench_expansion"
echo
echo "== whole command: verify-product with rank"
for n in 9 10 11; do
  start=$(date +%s%N)
  "$bin/verify-product" "$n" --json > /tmp/nf_bench_vp.json
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf 'verify-product %2d: %d.%03d s  %s\n' "$n" $((ms / 1000)) $((ms % 1000)) \
    "$(grep -o '"rank":[0-9]*' /tmp/nf_bench_vp.json)"
done
for extra in "$here"/run-*.sh; do
  [[ -e "$extra" ]] || continue
  echo
  bash "$extra" "$bin"
done
