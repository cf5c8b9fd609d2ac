#!/usr/bin/env bash
# prove-minimal: certificates that check-proof verifies, shards, thread
# independence, JSON keys, deliberately wrong searches, usage errors.
set -u
bin=$1
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$dir/out err=$dir/err

expect() {  # expect STATUS DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" > "$out" 2> "$err"
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: $what: status $got, expected $want"; cat "$out" "$err"; fail=1
  fi
}
one_line_error() {
  if [[ $(wc -l < "$err") != 1 ]] || ! grep -q '^prove-minimal: error: ' "$err"; then
    echo "FAIL: $1: expected one error line, got:"; cat "$err"; fail=1
  fi
}
verified() {  # verified DESCRIPTION FILE...
  local what=$1; shift
  "$bin/check-proof" "$@" > "$dir/check" 2>&1
  if [[ $? != 0 ]] || [[ $(tail -1 "$dir/check") != "s VERIFIED" ]]; then
    echo "FAIL: $what: check-proof should verify"; cat "$dir/check"; fail=1
  fi
}
rejected() {  # rejected DESCRIPTION FILE...
  local what=$1; shift
  "$bin/check-proof" "$@" > "$dir/check" 2>&1
  if [[ $? != 1 ]] || [[ $(tail -1 "$dir/check") != "s NOT VERIFIED" ]]; then
    echo "FAIL: $what: check-proof should reject"; cat "$dir/check"; fail=1
  fi
}

# A complete run, its certificate, the summary.
expect 0 "n=2 m=3 over -2..2" -- "$bin/prove-minimal" 2 3 --domain -2..2 --certificate "$dir/a.cert" --quiet --self-check
grep -q 'no single-hidden-layer network with m <= 3' "$out" || { echo "FAIL: conclusion missing"; cat "$out"; fail=1; }
grep -q 'self-check: passed' "$out" || { echo "FAIL: self-check line"; fail=1; }
head -1 "$dir/a.cert" | grep -qx 'noflat-proof 2' || { echo "FAIL: version line"; fail=1; }
verified "n=2 m=3 -2..2" "$dir/a.cert"

expect 0 "--json" -- "$bin/prove-minimal" 2 4 --domain -1..1 --json --quiet
for key in n m domain activation degrees symmetry candidates orbits feasible feasible_candidates shard complete gates seconds; do
  grep -q "\"$key\":" "$out" || { echo "FAIL: JSON lacks key $key"; fail=1; }
done
grep -q '"orbits":23,"feasible":3,' "$out" || { echo "FAIL: n=2 m=4 over -1..1 should have 23 orbits, 3 feasible"; cat "$out"; fail=1; }

# The same certificate whatever the thread count.
expect 0 "threads 1" -- "$bin/prove-minimal" 2 3 --domain -2..2 --certificate "$dir/t1.cert" --threads 1 --quiet
cmp -s "$dir/a.cert" "$dir/t1.cert" || { echo "FAIL: certificates differ between 1 and 2 threads"; fail=1; }

# Shards concatenate; any missing shard is caught.
for i in 1 2 3; do
  expect 0 "shard $i/3" -- "$bin/prove-minimal" 2 3 --domain -2..2 --shard $i/3 --certificate "$dir/s$i.cert" --quiet
done
cat "$dir/s1.cert" "$dir/s2.cert" "$dir/s3.cert" > "$dir/all.cert"
verified "three shards concatenated" "$dir/all.cert"
verified "three shard files" "$dir/s3.cert" "$dir/s1.cert" "$dir/s2.cert"
rejected "two of three shards" "$dir/s1.cert" "$dir/s3.cert"

# Prime fields and a set of rationals.
expect 0 "F7" -- "$bin/prove-minimal" 2 3 --domain F7 --certificate "$dir/f7.cert" --quiet
verified "F7" "$dir/f7.cert"
expect 0 "rational set" -- "$bin/prove-minimal" 2 4 --domain '{-1,0,1/2,1}' --certificate "$dir/q.cert" --quiet
verified "rational set" "$dir/q.cert"
expect 0 "exp activation, no symmetry" -- "$bin/prove-minimal" 2 3 --domain -1..1 --activation exp --symmetry none --certificate "$dir/e.cert" --quiet
verified "exp, no symmetry" "$dir/e.cert"

# Deliberately wrong searches: the certificate is rejected, the self-check fails (status 1).
for fault in skip:0 skip:57 coefficient:3 product:11; do
  expect 0 "fault $fault" -- "$bin/prove-minimal" 2 3 --domain -2..2 --inject-fault $fault --certificate "$dir/bad.cert" --quiet
  rejected "fault $fault" "$dir/bad.cert"
  expect 1 "fault $fault with --self-check" -- "$bin/prove-minimal" 2 3 --domain -2..2 --inject-fault $fault --self-check --quiet
  grep -q 'self-check: FAILED' "$out" || { echo "FAIL: fault $fault: self-check line"; fail=1; }
done

# Usage and input errors: status 2, one line on stderr.
expect 2 "no arguments" -- "$bin/prove-minimal"; one_line_error "no arguments"
expect 2 "no domain" -- "$bin/prove-minimal" 2 3; one_line_error "no domain"
expect 2 "bad domain" -- "$bin/prove-minimal" 2 3 --domain 3..1; one_line_error "bad domain"
expect 2 "duplicate values" -- "$bin/prove-minimal" 2 3 --domain '{1,1}'; one_line_error "duplicate values"
expect 2 "zero denominator" -- "$bin/prove-minimal" 2 3 --domain '{1,1/0}'; one_line_error "zero denominator"
expect 2 "F4" -- "$bin/prove-minimal" 2 3 --domain F4; one_line_error "F4"
expect 2 "p <= n" -- "$bin/prove-minimal" 3 3 --domain F3; one_line_error "p <= n"
expect 2 "n = 0" -- "$bin/prove-minimal" 0 3 --domain -1..1; one_line_error "n = 0"
expect 2 "m = 0" -- "$bin/prove-minimal" 2 0 --domain -1..1; one_line_error "m = 0"
expect 2 "sigma_n = 0" -- "$bin/prove-minimal" 2 3 --domain -1..1 --activation poly:1,1; one_line_error "sigma_n = 0"
expect 2 "unknown option" -- "$bin/prove-minimal" 2 3 --domain -1..1 --frobnicate; one_line_error "unknown option"
expect 2 "shard 0/3" -- "$bin/prove-minimal" 2 3 --domain -1..1 --shard 0/3; one_line_error "shard 0/3"
expect 2 "shard 4/3" -- "$bin/prove-minimal" 2 3 --domain -1..1 --shard 4/3; one_line_error "shard 4/3"
expect 0 "threads 0 (every core)" -- "$bin/prove-minimal" 2 3 --domain -1..1 --threads 0 --quiet
expect 2 "bad fault" -- "$bin/prove-minimal" 2 3 --domain -1..1 --inject-fault drop:1; one_line_error "bad fault"
expect 2 "absurd size" -- "$bin/prove-minimal" 8 200 --domain -5..5; one_line_error "absurd size"
expect 2 "above --max-work" -- "$bin/prove-minimal" 3 7 --domain -3..3; one_line_error "above --max-work"
grep -q 'max-work' "$err" || { echo "FAIL: the limit message should name --max-work"; fail=1; }
expect 2 "unwritable certificate" -- "$bin/prove-minimal" 2 3 --domain -1..1 --certificate /nonexistent/dir/x.cert --quiet
one_line_error "unwritable certificate"
expect 0 "help" -- "$bin/prove-minimal" --help

[[ $fail == 0 ]] && echo "prove-minimal CLI: all checks passed"
exit $fail
