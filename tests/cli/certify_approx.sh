#!/usr/bin/env bash
# certify-approx: outputs, JSON keys, verdicts and statuses, sweeps with CSV
# and plot, limits, one-line errors on bad input.
#   bash certify_approx.sh BIN_DIR DATA_DIR SOURCE_DIR
set -u
bin=$1
data=$2
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
one_line_error() {  # DESCRIPTION: exactly one stderr line "certify-approx: error: ..."
  local lines; lines=$(wc -l < "$tmp/err")
  if [[ $lines != 1 ]] || ! grep -q "^certify-approx: error: " "$tmp/err"; then
    echo "FAIL: $1: expected one error line, got:"; cat "$tmp/err"; fail=1
  fi
}
has() {  # PATTERN DESCRIPTION: stdout contains PATTERN
  grep -q -- "$1" "$tmp/out" || { echo "FAIL: $2: output lacks '$1'"; cat "$tmp/out"; fail=1; }
}
ca="$bin/certify-approx"

# The paper's gate at lambda = 1/10: certified to 1%, witness at a vertex.
expect 0 "gate 2" -- "$ca" --gate 2 --scale 1/10
has "certified: 0.0045173014 <= max |f - x1\*x2| <= 0.00453" "gate 2 enclosure"
has "witness: x = (-1, -1)" "gate 2 witness"
has "verdict: enclosed" "gate 2 verdict"
# The same f_lambda as evaluate-gate: its sampled maximum is our lower bound.
"$bin/evaluate-gate" 2 --lambda 1/10 --json > "$tmp/eg.json"
python3 - "$tmp/eg.json" "$tmp" "$ca" <<'PY' || fail=1
import json, subprocess, sys
eg = json.loads(open(sys.argv[1]).read().splitlines()[0])
sampled = eg["rows"][0]["max_error_hi"]
out = subprocess.run([sys.argv[3], "--gate", "2", "--scale", "1/10", "--json"], capture_output=True, text=True)
j = json.loads(out.stdout.splitlines()[0])
keys = ["lower", "upper", "witness", "f_lo", "f_hi", "verdict", "status", "reason", "boxes", "scale", "box",
        "target", "activation", "bias", "n", "m", "form", "gap", "epsilon", "sampled", "seconds"]
missing = [k for k in keys if k not in j]
if missing: sys.exit("FAIL: JSON lacks " + str(missing))
if not (j["lower"] <= j["upper"] and sampled <= j["upper"]):
    sys.exit("FAIL: evaluate-gate's sampled %r above the certified upper %r" % (sampled, j["upper"]))
if j["witness"] not in (["1", "1"], ["-1", "-1"], ["1", "-1"], ["-1", "1"]): sys.exit("FAIL: witness " + str(j["witness"]))
if j["bias"] != "1" or j["scale"] != "1/10" or j["target"] != "x1*x2" or j["box"] != "-1..1":
    sys.exit("FAIL: JSON fields " + out.stdout)
PY

# Verdicts with --epsilon: within (0), exceeds (1, with the counterexample).
expect 0 "within" -- "$ca" --gate 2 --scale 1/10 --epsilon 0.005
has "verdict: within" "within"
expect 1 "exceeds" -- "$ca" --gate 2 --scale 1/10 --epsilon 0.004
has "verdict: exceeds" "exceeds"
# Limits: unknown, status 4, the enclosure reached printed.
expect 4 "max-work" -- "$ca" --gate 3 --scale 1/10 --max-work 4
has "verdict: unknown: --max-work 4 boxes reached" "max-work"
has "certified: " "enclosure at the limit"
expect 4 "max-seconds" -- "$ca" --gate 3 --scale 1/10 --max-seconds 1e-9 --json
grep -q '"verdict":"unknown"' "$tmp/out" || { echo "FAIL: max-seconds JSON verdict"; fail=1; }

# Progress on stderr after 3 s (boxes, enclosure, gap, rate), none with --quiet.
expect 4 "progress" -- "$ca" --gate 5 --scale 1/10 --max-seconds 3.6
grep -q "^certify-approx: [0-9]* boxes, .* <= E\* <= .* (gap .*%), [0-9]* boxes/s$" "$tmp/err" ||
  { echo "FAIL: progress line"; cat "$tmp/err"; fail=1; }
has "verdict: unknown: --max-seconds" "max-seconds verdict"
expect 4 "quiet" -- "$ca" --gate 3 --scale 1/10 --max-seconds 1e-9 --quiet
[[ -s "$tmp/err" ]] && { echo "FAIL: --quiet printed on stderr"; fail=1; }

# A network file: the exp gate, another box and a target.
expect 0 "file" -- "$ca" "$data/networks/exp_n2.json" --scale 1/10 --box -1..1,0..1/2
has "box -1..1,0..1/2" "box echo"
expect 0 "relu" -- "$ca" "$data/networks/exp_n2.json" --activation relu --form mean-value

# A sweep: the lambda^2 order, CSV and PNG.
expect 0 "sweep" -- "$ca" --gate 2 --sweep 1/10,1/20,1/40 --csv "$tmp/s.csv" --plot "$tmp/s.png" --points 10
has "fitted order: [12]\.[09][09]" "fitted order"
[[ $(wc -l < "$tmp/s.csv") == 4 ]] || { echo "FAIL: CSV should have 1 + 3 lines"; fail=1; }
head -1 "$tmp/s.csv" | grep -q '^scale,sampled,lower,upper,boxes,seconds$' || { echo "FAIL: CSV header"; fail=1; }
[[ -s "$tmp/s.png" ]] || { echo "FAIL: no PNG"; fail=1; }
expect 0 "sweep json" -- "$ca" --gate 2 --sweep 1/10,1/20 --json --points 0
[[ $(wc -l < "$tmp/out") == 2 ]] || { echo "FAIL: one JSON line per scale"; fail=1; }
grep -q '"fitted_order":' "$tmp/out" || { echo "FAIL: fitted_order key"; fail=1; }
grep -q '"local_order":' "$tmp/out" || { echo "FAIL: local_order key"; fail=1; }

# Bad input: one line, status 2.
for args in "--gate 2 --box 1..0" "--gate 2 --box -1..1,0..1,0..1" "--gate 2 --box nan..1" "--gate 2 --box -1"\
            "--gate 2 --scale 0" "--gate 2 --scale -1" "--gate 2 --scale nan" "--gate 2 --epsilon nan" "--gate 2 --gap 2"\
            "--gate 2 --gap nan" "--gate 9" "--gate 2 --activation generic" "--gate 2 --activation relu"\
            "--gate 2 --target x1^3" "--gate 2 --scale 1 --sweep 1,2" "--gate 2 --max-work 0" "--gate 2 --max-seconds nan"\
            "--gate 2 --box 1e9..2e9" "$data/networks/paper_n2.json" "$data/networks/exp_n2.json --bias 1"\
            "$data/bad/nan.json --activation exp" "--gate 2 --form quadratic" "--gate 2 --points 1000000"\
            "$data/networks/exp_n2.json --gate 2" "$data/networks/exp_n2.json --target x1*x2*x3"; do
  # shellcheck disable=SC2086
  expect 2 "bad: $args" -- "$ca" $args
  one_line_error "bad: $args"
done

[[ $fail == 0 ]] && echo "certify_approx: all checks passed"
exit $fail
