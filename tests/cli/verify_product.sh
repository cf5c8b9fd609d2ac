#!/usr/bin/env bash
# verify-product: exit codes, JSON keys, usage errors.
set -u
bin=$1
fail=0
expect() {  # expect STATUS DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" > /tmp/nf_vp_out.$$ 2> /tmp/nf_vp_err.$$
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: $what: status $got, expected $want"; cat /tmp/nf_vp_err.$$; fail=1
  fi
}
one_line_error() {  # the last command printed exactly one line on stderr, starting with the tool name
  local lines; lines=$(wc -l < /tmp/nf_vp_err.$$)
  if [[ $lines != 1 ]] || ! grep -q '^verify-product: error: ' /tmp/nf_vp_err.$$; then
    echo "FAIL: $1: expected one error line, got:"; cat /tmp/nf_vp_err.$$; fail=1
  fi
}

expect 0 "n = 3" -- "$bin/verify-product" 3
grep -q 'verdict: verified' /tmp/nf_vp_out.$$ || { echo "FAIL: n = 3 log lacks the verdict"; fail=1; }
grep -q 'rank 8 = full row rank' /tmp/nf_vp_out.$$ || { echo "FAIL: n = 3 log lacks the rank"; fail=1; }
expect 0 "--upto 6" -- "$bin/verify-product" --upto 6
[[ $(grep -c verified /tmp/nf_vp_out.$$) == 6 ]] || { echo "FAIL: --upto 6 should print 6 verified rows"; fail=1; }
expect 0 "--json --upto 4" -- "$bin/verify-product" --json --upto 4
[[ $(wc -l < /tmp/nf_vp_out.$$) == 4 ]] || { echo "FAIL: --json --upto 4 should print 4 lines"; fail=1; }
for key in n m engine degrees identities_hold rows rank full_row_rank verified seconds; do
  grep -q "\"$key\":" /tmp/nf_vp_out.$$ || { echo "FAIL: JSON lacks key $key"; fail=1; }
done
grep -q '"degrees":\[{"k":0,"monomials":1,"sigma_zero":false,"imposed":true,"holds":true}' /tmp/nf_vp_out.$$ || { echo "FAIL: degrees list"; fail=1; }
expect 0 "literal engine" -- "$bin/verify-product" 5 --engine literal --json
grep -q '"engine":"literal"' /tmp/nf_vp_out.$$ || { echo "FAIL: engine name"; fail=1; }
expect 0 "exp activation" -- "$bin/verify-product" 4 --activation exp

expect 2 "negative n" -- "$bin/verify-product" -3; one_line_error "negative n"
expect 2 "non-numeric n" -- "$bin/verify-product" abc; one_line_error "non-numeric n"
expect 2 "no n" -- "$bin/verify-product"; one_line_error "no n"
expect 2 "unknown option" -- "$bin/verify-product" 3 --frobnicate; one_line_error "unknown option"
expect 2 "unknown engine" -- "$bin/verify-product" 3 --engine fast; one_line_error "unknown engine"
expect 2 "too large for memory" -- "$bin/verify-product" 30; one_line_error "n = 30"
grep -q 'max-memory' /tmp/nf_vp_err.$$ || { echo "FAIL: the limit message should name --max-memory"; fail=1; }
expect 2 "rank too large" -- "$bin/verify-product" 16 --rank-engine dense --max-memory 1G; one_line_error "n = 16 with 1G"
expect 2 "sigma_n = 0" -- "$bin/verify-product" 3 --activation poly:1,1,1; one_line_error "sigma_n = 0"
expect 0 "help" -- "$bin/verify-product" --help

rm -f /tmp/nf_vp_out.$$ /tmp/nf_vp_err.$$
[[ $fail == 0 ]] && echo "verify-product CLI: all checks passed"
exit $fail
