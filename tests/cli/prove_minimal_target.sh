#!/usr/bin/env bash
# prove-minimal --target and check-proof on monomial targets: x1^2*x2 has no
# 5-neuron gate over -2..2 and has 6-neuron gates; the certificates verify, and
# the same bodies under another target or without the target line do not.
# Usage: prove_minimal_target.sh BIN_DIR TESTS_DATA_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

"$bin/prove-minimal" 2 5 --domain -2..2 --target 'x1^2*x2' --certificate "$tmp/m5.cert" --self-check --json --quiet \
  > "$tmp/m5.json" || fail "prove-minimal m = 5"
grep -q '"feasible":0,' "$tmp/m5.json" || fail "m = 5: expected no gate"
grep -q '"group_order":4,' "$tmp/m5.json" || fail "m = 5: x1, x2 have different exponents: group of order 4"
grep -q '^target x1^2\*x2$' "$tmp/m5.cert" || fail "the certificate states the target"
[[ $("$bin/check-proof" "$tmp/m5.cert" | tail -1) == "s VERIFIED" ]] || fail "check-proof m = 5"

"$bin/prove-minimal" 2 6 --domain -2..2 --target 2,1 --certificate "$tmp/m6.cert" --json --quiet > "$tmp/m6.json" ||
  fail "prove-minimal m = 6"
grep -q '"feasible":56,' "$tmp/m6.json" || fail "m = 6: expected 56 feasible representatives"
[[ $("$bin/check-proof" "$tmp/m6.cert" | tail -1) == "s VERIFIED" ]] || fail "check-proof m = 6"

# Equal exponents keep the swap: x1^2*x2^2 over -1..1 has the group of order 8.
"$bin/prove-minimal" 2 3 --domain -1..1 --target 'x1^2*x2^2' --certificate "$tmp/sq.cert" --json --quiet \
  > "$tmp/sq.json" || fail "prove-minimal x1^2*x2^2"
grep -q '"group_order":8,' "$tmp/sq.json" || fail "x1^2*x2^2: group of order 8"
[[ $("$bin/check-proof" "$tmp/sq.cert" | tail -1) == "s VERIFIED" ]] || fail "check-proof x1^2*x2^2"

# Tampered claims.
grep -v '^target ' "$tmp/m5.cert" > "$tmp/no-target.cert"
[[ $("$bin/check-proof" "$tmp/no-target.cert" | tail -1) == "s NOT VERIFIED" ]] || fail "a dropped target line must fail"
sed 's/^target x1^2\*x2$/target x1*x2^2/' "$tmp/m5.cert" > "$tmp/other.cert"
[[ $("$bin/check-proof" "$tmp/other.cert" | tail -1) == "s NOT VERIFIED" ]] || fail "another target must fail"
sed 's/^target x1^2\*x2$/target x1^2*x2^0/' "$tmp/m5.cert" > "$tmp/bad.cert"
[[ $("$bin/check-proof" "$tmp/bad.cert" | tail -1) == "s NOT VERIFIED" ]] || fail "a malformed target must fail"
sed 's/^f \(.*\) : \([^ ]*\)/f \1 : 1\2/' "$tmp/m6.cert" > "$tmp/weight.cert"
[[ $("$bin/check-proof" "$tmp/weight.cert" | tail -1) == "s NOT VERIFIED" ]] || fail "a changed weight must fail"

# Bad --target: status 2, one line on stderr.
for bad in 'x3' '2,1,0' 'x1^'; do
  "$bin/prove-minimal" 2 5 --domain -2..2 --target "$bad" > /dev/null 2> "$tmp/err"
  status=$?
  [[ $status == 2 && $(wc -l < "$tmp/err") == 1 ]] || fail "--target '$bad': status $status, expected 2 and one line"
done

((failures == 0)) && echo "prove_minimal_target: all passed"
((failures == 0))
