#!/usr/bin/env bash
# Runs every benchmark in one go: bash bench/run.sh BIN_DIR
# (about 20 minutes on two cores: FLINT's fmpz_mat_rank on the random n = 12
# matrix with a repeated neuron takes about a minute, verify-product 15 about
# six).
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Whole command, wall clock and peak memory, with its output's check values.
timed() {
  local label=$1
  shift
  local start end ms peak=-
  start=$(date +%s%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -o "$work/peak" -f '%M' "$@" > "$work/out.json" || true
    peak="$(( $(tail -n 1 "$work/peak") / 1024 )) MiB"
  else
    "$@" > "$work/out.json" || true
  fi
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf '%-62s %4d.%03d s %9s  %s\n' "$label" $((ms / 1000)) $((ms % 1000)) "$peak" \
    "$(grep -o '"\(rank\|identities_hold\|verified\|rank_seconds\|certificate_seconds\)":[^,}]*' "$work/out.json" | tr '\n' ' ')"
}

"$bin/bench_approx"
echo
echo "== expansion: literal (FLINT fmpq_mpoly) against moment, the (A4) gate"
"$bin/bench_expansion"
echo
"$bin/bench_speed" expansion "$bin/verify-product"
echo
"$bin/bench_speed" rank "$bin/rank-check"
echo
"$bin/bench_speed" wide
echo
echo "== whole commands (wall clock and peak memory, reading and building included)"
timed "verify-product 10 --engine moment --no-rank" "$bin/verify-product" 10 --engine moment --no-rank --json
timed "verify-product 12 --engine moment --no-rank" "$bin/verify-product" 12 --engine moment --no-rank --json
timed "verify-product 13 --engine moment --no-rank" "$bin/verify-product" 13 --engine moment --no-rank --json
for n in 12 13 14; do
  timed "verify-product $n --engine moment --rank-engine dense (no structure)" \
    "$bin/verify-product" $n --engine moment --rank-engine dense --max-work 1e14 --json
done
timed "verify-product 24 (default: structured, 16.7M neurons)" "$bin/verify-product" 24 --json
if [[ "${NF_BENCH_N15:-1}" != 0 ]]; then
  echo "   (target: n = 15 under 600 s and 20 GiB; NF_BENCH_N15=0 skips it)"
  timed "verify-product 15 --engine moment --rank-engine dense" \
    "$bin/verify-product" 15 --engine moment --rank-engine dense --max-work 1e14 --json
fi
for extra in "$here"/run-*.sh; do
  [[ -e "$extra" ]] || continue
  echo
  bash "$extra" "$bin"
done
