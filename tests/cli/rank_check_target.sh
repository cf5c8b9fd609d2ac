#!/usr/bin/env bash
# rank-check --target: the grid gate for x1^2*x2 (6 neurons) is exact for
# that monomial and not for the default product x1*x2; malformed targets are
# bad input (status 2, one line on stderr).
# Usage: rank_check_target.sh BIN_DIR TESTS_DATA_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)/rank-check
file=$(cd "$2" && pwd)/networks/monomial_x1sq_x2.txt
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS ARGS...: runs rank-check and compares its exit status.
expect() {
  local want=$1
  shift
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: rank-check $* -> $got, expected $want"
    cat "$tmp/out" "$tmp/err"
    failures=$((failures + 1))
  fi
}

expect 0 --target 'x1^2*x2' "$file"
grep -q 'exact gate for x1^2\*x2' "$tmp/out" || { echo "FAIL: status line names the target"; failures=$((failures + 1)); }
expect 0 --target 2,1 "$file"
expect 0 --target 2,1 --engine literal "$file"
expect 0 --target 2,1 --rank-only "$file"
expect 0 --target 2,1 --json "$file"
grep -q '"status":0' "$tmp/out" || { echo "FAIL: --json status 0"; failures=$((failures + 1)); }
# The rank certificate of A for x^r (rows: the prod(r_i + 1) = 6 subsets) checks.
expect 0 --target 2,1 --rank-engine dense --certificate "$tmp/rank.cert" "$file"
check=$(cd "$1" && pwd)/check-rank
[[ $("$check" "$tmp/rank.cert" | tail -1) == "s VERIFIED" ]] || { echo "FAIL: check-rank on the x1^2*x2 certificate"; failures=$((failures + 1)); }
expect 1 "$file"
expect 1 --target x1*x2 "$file"
expect 1 --target 1,2 "$file"
for bad in 'x3' '2,1,0' 'x1^' 'y1' ''; do
  expect 2 --target "$bad" "$file"
  [[ $(wc -l <"$tmp/err") == 1 ]] || { echo "FAIL: --target '$bad': one stderr line"; failures=$((failures + 1)); }
done
expect 2 "$file" --target

((failures == 0)) && echo "rank_check_target: all passed"
((failures == 0))
