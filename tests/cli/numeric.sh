#!/usr/bin/env bash
# evaluate-gate and deep-product: outputs, files, exit codes, usage errors.
set -u
bin=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect() {  # expect STATUS DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: $what: status $got, expected $want"; cat "$tmp/err"; fail=1
  fi
}
one_line_error() {  # TOOL DESCRIPTION: exactly one stderr line "TOOL: error: ..."
  local lines; lines=$(wc -l < "$tmp/err")
  if [[ $lines != 1 ]] || ! grep -q "^$1: error: " "$tmp/err"; then
    echo "FAIL: $2: expected one error line, got:"; cat "$tmp/err"; fail=1
  fi
}
has() {  # PATTERN DESCRIPTION: stdout contains PATTERN
  grep -q -- "$1" "$tmp/out" || { echo "FAIL: $2: output lacks '$1'"; fail=1; }
}

# Certified coefficients and the bias search.
expect 0 "coefficients" -- "$bin/evaluate-gate" --coefficients --activation sigmoid --bias 0 3
has "3  -1/48 (exact)" "sigmoid sigma_3 at 0"
has "2  0 (exact)" "sigmoid sigma_2 at 0"
expect 0 "bias auto" -- "$bin/evaluate-gate" --coefficients --activation sigmoid 2
has "bias: b = 1 (--bias auto" "auto bias"
has "(certified nonzero)" "certificate"

# The sweep: order 2, CSV, plot, JSON.
expect 0 "sweep" -- "$bin/evaluate-gate" 2 --activation sigmoid --activation exp --lambda 1/10,1/100,1/1000 \
  --points 10 --csv "$tmp/e.csv"
has "fitted order: 2.0" "fitted order"
has "the degree n+1 terms cancel" "odd cancellation"
[[ $(wc -l < "$tmp/e.csv") == 7 ]] || { echo "FAIL: CSV should have 1 + 6 lines"; fail=1; }
head -1 "$tmp/e.csv" | grep -q '^activation,bias,n,m,lambda' || { echo "FAIL: CSV header"; fail=1; }
if command -v gnuplot > /dev/null; then
  expect 0 "plot" -- "$bin/evaluate-gate" 2 --activation tanh --lambda 1/10,1/100 --points 5 --plot "$tmp/e.png"
  [[ -s "$tmp/e.png" && -s "$tmp/e.png.gp" ]] || { echo "FAIL: no PNG or script written"; fail=1; }
fi
expect 0 "json" -- "$bin/evaluate-gate" 3 --activation tanh --lambda 1/10,1/100 --points 5 --json
for key in activation bias rows max_error max_error_double fitted_order prediction coefficients; do
  grep -q "\"$key\":" "$tmp/out" || { echo "FAIL: JSON lacks $key"; fail=1; }
done
expect 0 "point" -- "$bin/evaluate-gate" 2 --activation exp --at 0.5,-0.25 --lambda 1/1000
has "f_lambda(x) in \[-0.12" "f at a point"

# A network file: the order-1 example (no parity cancellation).
printf '# a = (1, 2), w = (-1, 1)\n1 2\n1 2\n-1 1\n' > "$tmp/o1.txt"
expect 0 "network file" -- "$bin/evaluate-gate" --network "$tmp/o1.txt" --activation exp --bias 0 \
  --lambda 1/100,1/1000,1/10000 --points 5
has "fitted order: 1.0" "order 1 without cancellation"

# sigma_2(0) = 0: the degree-2 part vanishes whatever the weights: refuted (status 1), with the reason.
expect 1 "sigma_2(0) = 0" -- "$bin/evaluate-gate" 2 --activation sigmoid --bias 0
has "refuted: sigma_2(b) = 0 exactly" "sigma_2(0) = 0 refutes"

# Usage errors: one line, status 2.
expect 2 "generic" -- "$bin/evaluate-gate" 2 --activation generic; one_line_error evaluate-gate "generic"
expect 2 "bad lambda" -- "$bin/evaluate-gate" 2 --lambda 0; one_line_error evaluate-gate "bad lambda"
expect 2 "bad bias" -- "$bin/evaluate-gate" 2 --bias 1/0; one_line_error evaluate-gate "bad bias"
expect 2 "unknown option" -- "$bin/evaluate-gate" --frobnicate; one_line_error evaluate-gate "unknown option"
expect 2 "n too big" -- "$bin/evaluate-gate" 99; one_line_error evaluate-gate "n too big"
expect 2 "work limit" -- "$bin/evaluate-gate" 16 --activation exp --bias 0; one_line_error evaluate-gate "work limit"
expect 2 "missing file" -- "$bin/evaluate-gate" --network "$tmp/none.json"; one_line_error evaluate-gate "missing file"
expect 2 "wrong point" -- "$bin/evaluate-gate" 2 --at 1,2,3; one_line_error evaluate-gate "wrong point"
expect 2 "low-degree poly" -- "$bin/evaluate-gate" 3 --activation poly:0,1,1; one_line_error evaluate-gate "low poly"

# deep-product.
expect 0 "deep 8" -- "$bin/deep-product" 8 --activation exp --lambda 1/10,1/100 --points 5
has "total: 28 hidden neurons" "deep neurons n = 8"
has "x1...xn exactly (verified)" "exact limit"
has "c_1 = 0" "no lambda^1 term"
expect 0 "deep 5 sigmoid" -- "$bin/deep-product" 5 --lambda 1/10,1/100 --points 5
has "2 copy gates" "odd levels"
expect 0 "deep json" -- "$bin/deep-product" 4 --activation silu --bias 0 --json --lambda 1/100 --points 3
for key in levels neurons synapses limit_is_product series_coefficients rows verified; do
  grep -q "\"$key\":" "$tmp/out" || { echo "FAIL: deep JSON lacks $key"; fail=1; }
done
expect 0 "cost table" -- "$bin/deep-product" --cost-table
has "18446744073709551616" "2^64 exactly"
[[ $(grep -c '^ *[0-9]' "$tmp/out") == 63 ]] || { echo "FAIL: cost table should have 63 rows"; fail=1; }
expect 2 "deep n = 1" -- "$bin/deep-product" 1; one_line_error deep-product "n = 1"
expect 2 "deep no n" -- "$bin/deep-product"; one_line_error deep-product "no n"
expect 2 "deep bad order" -- "$bin/deep-product" 4 --series-order 9; one_line_error deep-product "bad order"
expect 2 "deep sigmoid at 0" -- "$bin/deep-product" 4 --bias 0; one_line_error deep-product "sigma_2(0) = 0"

exit $fail
