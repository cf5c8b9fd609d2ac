#!/usr/bin/env bash
# rank-check on the example networks (expected statuses in networks/EXPECTED)
# and on one malformed file per defect (bad/EXPECTED: status 2 and one line on
# stderr containing the expected fragment).
# Usage: rank_check.sh BIN_DIR TESTS_DATA_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)/rank-check
data=$(cd "$2" && pwd)
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  ((failures < 40)) && echo "FAIL: $*"
  failures=$((failures + 1))
}

# True when $1 contains the pieces of $2 (separated by ' ... ') in order.
contains_in_order() {
  local rest=$1 fragment=$2 piece
  while true; do
    piece=${fragment%% ... *}
    [[ "$rest" == *"$piece"* ]] || return 1
    rest=${rest#*"$piece"}
    [[ "$fragment" == *" ... "* ]] || return 0
    fragment=${fragment#* ... }
  done
}

# Runs rank-check with the remaining arguments in directory $1; sets status, out, err.
run_in() {
  local dir=$1
  shift
  (cd "$dir" && "$bin" "$@" >"$tmp/out" 2>"$tmp/err")
  status=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}

# --- example networks -------------------------------------------------------
count=0
while read -r file expected options; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  # shellcheck disable=SC2086
  run_in "$data/networks" $options "$file"
  [[ $status -eq $expected ]] || fail "networks/$file $options: status $status, expected $expected"
  [[ -z "$err" ]] || fail "networks/$file $options: unexpected stderr: $err"
  grep -q "^status: $expected " <<<"$out" || fail "networks/$file $options: no 'status: $expected' line"
  # shellcheck disable=SC2086
  run_in "$data/networks" --json $options "$file"
  [[ $status -eq $expected ]] || fail "networks/$file --json $options: status $status"
  [[ $(wc -l <<<"$out") -eq 1 ]] || fail "networks/$file --json: expected one line"
  keys=('"file":' '"n":' '"m":' '"rows":' '"rank":' '"full_row_rank":' '"seconds":' "\"status\":$expected")
  [[ " $options " == *" --rank-only "* ]] ||
    keys+=('"activation":' '"hypothesis_holds":' '"identities_hold":' '"failures":' '"verdict":')
  for key in "${keys[@]}"; do
    grep -qF "$key" <<<"$out" || fail "networks/$file --json: missing $key"
  done
  count=$((count + 1))
done <"$data/networks/EXPECTED"
echo "example networks: $count runs"

# --- malformed files ----------------------------------------------------------
count=0
while IFS=$'\t' read -r file fragment options; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  # shellcheck disable=SC2086
  run_in "$data/bad" ${options:-} "$file"
  [[ $status -eq 2 ]] || fail "bad/$file: status $status, expected 2"
  [[ -z "$out" ]] || fail "bad/$file: unexpected stdout"
  [[ $(wc -l <<<"$err") -eq 1 ]] || fail "bad/$file: expected one line on stderr, got: $err"
  [[ "$err" == "rank-check: error: "* ]] || fail "bad/$file: stderr does not start with 'rank-check: error: ': $err"
  contains_in_order "$err" "$fragment" || fail "bad/$file: stderr lacks '$fragment': $err"
  # Every fifth file again under --json: one error object on stdout.
  if ((count % 5 == 0)); then
    # shellcheck disable=SC2086
    run_in "$data/bad" --json ${options:-} "$file"
    [[ $status -eq 2 ]] || fail "bad/$file --json: status $status"
    grep -qF '"status":2,"error":' <<<"$out" || fail "bad/$file --json: no error object: $out"
  fi
  count=$((count + 1))
done <"$data/bad/EXPECTED"
echo "malformed files: $count runs"
for f in "$data"/bad/*; do
  name=$(basename "$f")
  [[ "$name" == EXPECTED ]] && continue
  grep -q "^$name	" "$data/bad/EXPECTED" || fail "bad/$name has no line in bad/EXPECTED"
done

# --- several files: one report each, the worst status -------------------------
net=$data/networks
run_in "$net" paper_n2.json random.json
[[ $status -eq 1 ]] || fail "0 + 1: status $status, expected 1"
[[ $(grep -c '^rank-check: ' <<<"$out") -eq 2 ]] || fail "0 + 1: expected two reports"
run_in "$net" --json paper_n2.json ../bad/ragged.json random.json
[[ $status -eq 2 ]] || fail "0 + 2 + 1: status $status, expected 2"
[[ $(wc -l <<<"$out") -eq 3 ]] || fail "0 + 2 + 1 --json: expected three lines, got: $out"
[[ $(wc -l <<<"$err") -eq 1 ]] || fail "0 + 2 + 1: expected one error line"
run_in "$net" paper_n2.json does-not-exist.json
[[ $status -eq 2 ]] || fail "missing file: status $status"
grep -qF "does-not-exist.json: cannot open" <<<"$err" || fail "missing file: $err"
run_in "$net" .
[[ $status -eq 2 ]] || fail "directory: status $status"

# --- standard input, forced formats -------------------------------------------
(cd "$net" && "$bin" - <paper_n2.json >"$tmp/out" 2>"$tmp/err")
[[ $? -eq 0 ]] || fail "stdin json"
(cd "$net" && "$bin" --format text - <paper_n3.txt >"$tmp/out" 2>"$tmp/err")
[[ $? -eq 0 ]] || fail "stdin text"
(cd "$net" && "$bin" --format text paper_n2.json >"$tmp/out" 2>"$tmp/err")
[[ $? -eq 2 ]] || fail "json forced to text: expected 2"
grep -qF 'paper_n2.json:1:1: header: expected two whole numbers' "$tmp/err" || fail "json as text: $(cat "$tmp/err")"
(cd "$net" && "$bin" --format json paper_n3.txt >"$tmp/out" 2>"$tmp/err")
[[ $? -eq 2 ]] || fail "text forced to json: expected 2"
grep -qF "paper_n3.txt:1:1: expected a JSON object" "$tmp/err" || fail "text as json: $(cat "$tmp/err")"
(cd "$net" && "$bin" - </dev/null >"$tmp/out" 2>"$tmp/err")
[[ $? -eq 2 ]] || fail "empty stdin: expected 2"
grep -qF '<stdin>: empty file' "$tmp/err" || fail "empty stdin: $(cat "$tmp/err")"

# --- rank only, rank engines, threads ----------------------------------------
for engine in dense structured flint; do
  run_in "$net" --rank-only --rank-engine $engine paper_n3.txt
  [[ $status -eq 0 ]] || fail "--rank-only --rank-engine $engine paper_n3.txt: status $status"
  grep -qF "matrix A (A7): 8 x 8, rank 8 = full row rank" <<<"$out" || fail "--rank-only $engine: $out"
  run_in "$net" --rank-only --json --rank-engine $engine too_few_neurons.txt
  [[ $status -eq 1 ]] || fail "--rank-only $engine too_few_neurons.txt: status $status"
  grep -qF '"rows":4,"rank":3,"full_row_rank":false' <<<"$out" || fail "--rank-only --json $engine: $out"
done
run_in "$net" --threads 1 --rank-engine flint --engine literal off_input.json
[[ $status -eq 1 ]] || fail "--threads 1 off_input.json: status $status"
run_in "$net" --rank-only --no-rank paper_n2.json
[[ $status -eq 2 ]] || fail "--rank-only --no-rank: status $status"

# --- usage errors --------------------------------------------------------------
for args in "" "--bogus paper_n2.json" "--engine fast paper_n2.json" "--format xml paper_n2.json" \
    "--activation gelu paper_n2.json" "--max-memory 12Q paper_n2.json" "--max-work -1 paper_n2.json" \
    "--activation" "--rank-engine sparse paper_n2.json" "--threads 1025 paper_n2.json"; do
  # shellcheck disable=SC2086
  run_in "$net" $args
  [[ $status -eq 2 ]] || fail "usage '$args': status $status, expected 2"
  [[ $(wc -l <<<"$err") -eq 1 && "$err" == "rank-check: error: "* ]] || fail "usage '$args': stderr: $err"
done
run_in "$net" --help
[[ $status -eq 0 && "$out" == Usage:* ]] || fail "--help"
run_in "$net" --max-memory 2G --max-work 1e12 --engine literal --activation generic paper_n2.json
[[ $status -eq 0 ]] || fail "all options: status $status"

# --- the dense rank under a memory limit -----------------------------------------
# A of rank 192 < 256 (rows x1 and x2 of a equal): its rank modulo a small prime
# fits in 0.5 MiB of floats, certifying it (doubles) does not: a lower bound, status 4.
/usr/bin/env python3 - "$tmp/deficient.json" <<'PY'
import json, random, sys
random.seed(5)
a = [[str(random.randint(-3, 3)) for j in range(256)] for i in range(8)]
a[1] = list(a[0])
json.dump({"activation": "generic", "a": a, "w": ["1"] * 256}, open(sys.argv[1], "w"))
PY
run_in "$tmp" --rank-only --rank-engine dense deficient.json
[[ $status -eq 1 && "$out" == *"rank 192 < 256"* && "$out" != *"NOT certified"* ]] ||
  fail "deficient A, dense: status $status: $out"
run_in "$tmp" --rank-only --rank-engine dense --max-memory 500K deficient.json
[[ $status -eq 4 && "$out" == *"rank 192 < 256 (NOT certified)"* && "$out" == *"above the limit"* ]] ||
  fail "deficient A, dense, --max-memory 500K: status $status: $out"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "rank_check.sh: all passed"
