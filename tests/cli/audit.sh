#!/usr/bin/env bash
# audit-paper: every row runs, JSON keys, known findings, usage errors.
set -u
bin=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --rank-upto 10 keeps the sanitizer build quick; the default (12) is run by make demo users.
"$bin/audit-paper" --json --rank-upto 10 > "$tmp/out" 2> "$tmp/err"
status=$?
[[ $status == 0 ]] || { echo "FAIL: audit-paper --json: status $status"; cat "$tmp/err"; fail=1; }
rows=$(wc -l < "$tmp/out")
[[ $rows -ge 20 ]] || { echo "FAIL: only $rows rows"; fail=1; }
for key in statement where claimed computed verdict; do
  [[ $(grep -c "\"$key\":" "$tmp/out") == "$rows" ]] || { echo "FAIL: not every row has $key"; fail=1; }
done
grep -q '"verdict":"ERROR"' "$tmp/out" && { echo "FAIL: a row did not run"; fail=1; }
check() {  # ID VERDICT
  grep "\"id\":\"$1\"" "$tmp/out" | grep -q "\"verdict\":\"$2\"" || { echo "FAIL: row $1 should be $2"; fail=1; }
}
check theorem-1 PASS
check A4 PASS
check lower-bound PASS
check eq28 FAIL
check beta-bound FAIL
check deep-32-neurons FAIL
check flat-32-neurons PASS
check eq27 PASS
"$bin/audit-paper" --only eq11-normalization,tree-shape > "$tmp/out" 2> "$tmp/err" || { echo "FAIL: --only"; fail=1; }
grep -q '^2 rows: 1 PASS, 0 FAIL, 1 NOTE' "$tmp/out" || { echo "FAIL: --only summary"; cat "$tmp/out"; fail=1; }
for args in "--only nothing" "--rank-upto 13" "--frobnicate" "--seed"; do
  # shellcheck disable=SC2086
  "$bin/audit-paper" $args > /dev/null 2> "$tmp/err"
  s=$?
  if [[ $s != 2 || $(wc -l < "$tmp/err") != 1 ]] || ! grep -q '^audit-paper: error: ' "$tmp/err"; then
    echo "FAIL: audit-paper $args: status $s"; cat "$tmp/err"; fail=1
  fi
done
exit $fail
