#!/usr/bin/env bash
# verify-monomial and verify-product --construction half: statuses and keys.
set -u
bin=$1
fail=0
check() {  # check WANT_STATUS DESCRIPTION command...
  local want=$1 what=$2; shift 2
  out=$("$@" 2> /tmp/nf_vm_err.$$); local got=$?
  if [[ $got != "$want" ]]; then echo "FAIL: $what: status $got, expected $want"; cat /tmp/nf_vm_err.$$; fail=1; fi
}
check 0 "x1^2*x3" "$bin/verify-monomial" 2,0,1 --json
for key in '"m":6' '"rank":6' '"verified":true' '"identities_hold":true'; do
  [[ $out == *$key* ]] || { echo "FAIL: verify-monomial 2,0,1 lacks $key"; fail=1; }
done
check 0 "x1^2*x2^2 by name" "$bin/verify-monomial" 'x1^2*x2^2' --vars 2 --json
[[ $out == *'"m":9'* ]] || { echo "FAIL: x1^2*x2^2 should have 9 neurons"; fail=1; }
check 0 "x*y*z^2" "$bin/verify-monomial" 1,1,2
check 0 "exp activation" "$bin/verify-monomial" 3,1 --activation exp
check 2 "no exponents" "$bin/verify-monomial"
check 2 "bad exponents" "$bin/verify-monomial" 2,a,1
check 2 "name without --vars" "$bin/verify-monomial" 'x1^2'
check 2 "zero degree" "$bin/verify-monomial" 0,0
check 2 "too many neurons" "$bin/verify-monomial" 9999,9999,9999,9999
check 0 "t^6, half gate" "$bin/verify-product" 6 --construction half --activation poly:0,0,0,0,0,0,1 --json
[[ $out == *'"m":32'* && $out == *'"hypothesis_holds":false'* ]] || { echo "FAIL: t^6 half gate"; fail=1; }
check 0 "tanh, n = 5, half gate" "$bin/verify-product" 5 --construction half --activation tanh
check 1 "generic, half gate" "$bin/verify-product" 4 --construction half
check 2 "tanh, n = 4" "$bin/verify-product" 4 --construction half --activation tanh
rm -f /tmp/nf_vm_err.$$
[[ $fail == 0 ]] && echo "verify-monomial CLI: all checks passed"
exit $fail
