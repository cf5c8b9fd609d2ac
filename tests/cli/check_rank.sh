#!/usr/bin/env bash
# check-rank: certificates written by the engine verify; hand-made ones with
# each kind of defect are rejected with "s NOT VERIFIED" and exit 1.
set -u
bin=$1
data=$2
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

verified() {  # verified FILE DESCRIPTION
  if ! "$bin/check-rank" "$1" > "$dir/out" 2>&1 || ! grep -q '^s VERIFIED$' "$dir/out"; then
    echo "FAIL: $2 should verify:"; cat "$dir/out"; fail=1
  fi
}
rejected() {  # rejected FILE DESCRIPTION
  "$bin/check-rank" "$1" > "$dir/out" 2>&1
  local status=$?
  if [[ $status != 1 ]] || ! grep -q '^s NOT VERIFIED$' "$dir/out" || ! grep -q '^c failing step: ' "$dir/out"; then
    echo "FAIL: $2 should be rejected (status $status):"; cat "$dir/out"; fail=1
  fi
}

# Engine-written certificates: dense minor (full rank) and patterns.
"$bin/verify-product" 5 --rank-engine dense --certificate "$dir/dense.txt" > /dev/null || { echo "FAIL: verify-product --certificate (dense)"; fail=1; }
verified "$dir/dense.txt" "the dense certificate of the n = 5 gate"
"$bin/verify-product" 6 --certificate "$dir/patterns.txt" > /dev/null || { echo "FAIL: verify-product --certificate (structured)"; fail=1; }
verified "$dir/patterns.txt" "the patterns certificate of the n = 6 gate"
grep -q '^patterns$' "$dir/patterns.txt" || { echo "FAIL: the structured certificate should be of kind patterns"; fail=1; }

# A right kernel (a repeated neuron) and a left kernel (three equal neurons).
cat > "$dir/right.txt" <<'CERT'
noflat-rank-certificate 1
network 2 3
a 1 1 1
a 1 -1 1
target 1 1
rank 2
minor 1048573 2
rows 0 2
cols 0 1
kernel right 1
v 2 2 0 -1 2 1
end
CERT
verified "$dir/right.txt" "the right-kernel example"
cat > "$dir/left.txt" <<'CERT'
noflat-rank-certificate 1
network 1 3
a 2/3 2/3 2/3
target 1
rank 1
minor 1048573 1
rows 0
cols 0
kernel left 1
v 1 2 0 -2/3 1 1
end
CERT
verified "$dir/left.txt" "the left-kernel example"

corrupt() {  # corrupt SOURCE SED-EXPRESSION DESCRIPTION
  sed "$2" "$dir/$1" > "$dir/bad.txt"
  rejected "$dir/bad.txt" "$3"
}
corrupt right.txt 's/^rank 2$/rank 1/' "a lower rank claim"
corrupt right.txt 's/^a 1 -1 1$/a 1 -1 2/' "a changed weight (the kernel vector no longer vanishes)"
corrupt right.txt 's/^v 2 2 0 -1 2 1$/v 2 2 0 -2 2 1/' "a wrong kernel entry"
corrupt right.txt 's/^v 2 2 0 -1 2 1$/v 2 2 0 -2 2 2/' "a kernel vector not normalized at its pivot"
corrupt right.txt 's/^kernel right 1$/kernel right 0/; /^v /d' "a missing kernel vector"
corrupt right.txt 's/^rows 0 2$/rows 0 1/' "a singular minor"
corrupt right.txt 's/^minor 1048573 2$/minor 1048575 2/' "a composite modulus"
corrupt right.txt 's/^rows 0 2$/rows 2 2/' "a repeated row index"
corrupt right.txt 's/^cols 0 1$/cols 0 3/' "a column index out of range"
corrupt right.txt '/^end$/d' "a truncated file"
corrupt right.txt 's/^end$/end\nextra/' "text after end"
corrupt right.txt '1s/.*/noflat-rank-certificate 2/' "an unknown version"
corrupt right.txt 's/^a 1 1 1$/a 2\/2 1 1/' "a rational not in lowest terms"
corrupt left.txt 's/^v 1 2 0 -2\/3 1 1$/v 1 2 0 -1 1 1/' "a wrong left kernel entry"
corrupt left.txt 's/^minor 1048573 1$/minor 3 1/; s/^a 2\/3 2\/3 2\/3$/a 2\/3 2\/3 2\/3/' "a prime dividing a denominator"
corrupt patterns.txt 's/^rank 64$/rank 63/' "a wrong pattern count"
# Echelon form: the second vector is nonzero at the first one's pivot.
cat > "$dir/echelon.txt" <<'CERT'
noflat-rank-certificate 1
network 1 3
a 1 1 1
target 1
rank 1
minor 1048573 1
rows 0
cols 0
kernel right 2
v 1 2 0 -1 1 1
v 2 3 0 -1 1 1 2 1
end
CERT
rejected "$dir/echelon.txt" "vectors that are not in echelon form"
"$bin/check-rank" > /dev/null 2>&1; [[ $? == 2 ]] || { echo "FAIL: no argument should exit 2"; fail=1; }
"$bin/check-rank" "$dir/missing.txt" > /dev/null 2>&1; [[ $? == 2 ]] || { echo "FAIL: a missing file should exit 2"; fail=1; }

# rank-check --rank-only --certificate on rank-deficient networks: a repeated
# neuron (right kernel) and a dependent input row (left kernel, x2 = 2 x1).
if [[ -x "$bin/rank-check" ]]; then
  printf '2 4\n1 -1 1 1\n1 1 -1 1\n1 1 1 1\n' > "$dir/repeated.txt"
  printf '2 5\n1 2 3 4 5\n2 4 6 8 10\n1 1 1 1 1\n' > "$dir/dependent.txt"
  for net in repeated dependent; do
    "$bin/rank-check" --rank-only --rank-engine dense --certificate "$dir/$net.cert" --json "$dir/$net.txt" > "$dir/out.json"
    [[ $? == 1 ]] || { echo "FAIL: rank-check --rank-only $net should report a deficient rank (status 1)"; fail=1; }
    grep -q '"certificate_seconds":' "$dir/out.json" || { echo "FAIL: --rank-only --json lacks certificate_seconds"; fail=1; }
    verified "$dir/$net.cert" "the certificate of $net.txt"
  done
  grep -q '^kernel right 1$' "$dir/repeated.cert" || { echo "FAIL: the repeated neuron should give one right kernel vector"; fail=1; }
  grep -q '^kernel left 1$' "$dir/dependent.cert" || { echo "FAIL: the dependent row should give one left kernel vector"; fail=1; }
  grep -q '^rank 3$' "$dir/dependent.cert" || { echo "FAIL: the dependent network has rank 3"; fail=1; }
fi

[[ $fail == 0 ]] && echo "check-rank: all checks passed"

# A right kernel vector written by the engine, then two defects the parser must catch:
# entries out of order and a zero denominator in a weight.
"$bin/rank-check" "$data/networks/uncertified_rank.txt" --activation poly:0,0,1 --rank-engine dense \
  --certificate "$dir/kernel.txt" > /dev/null || { echo "FAIL: rank-check --certificate (right kernel)"; fail=1; }
verified "$dir/kernel.txt" "the right-kernel certificate of uncertified_rank.txt"
sed 's/^v 3 4 0 -1\/4 1 3\/2 2 -9\/4 3 1$/v 3 4 1 3\/2 0 -1\/4 2 -9\/4 3 1/' "$dir/kernel.txt" > "$dir/unsorted.txt"
grep -q '^v 3 4 1 3/2 0' "$dir/unsorted.txt" || { echo "FAIL: the kernel line was not rewritten"; fail=1; }
rejected "$dir/unsorted.txt" "kernel entries out of order"
grep -q 'indices not increasing' "$dir/out" || { echo "FAIL: unsorted entries: wrong message"; cat "$dir/out"; fail=1; }
sed 's/^a 1 2 3 4$/a 1\/0 2 3 4/' "$dir/kernel.txt" > "$dir/zero_den.txt"
rejected "$dir/zero_den.txt" "a zero denominator"
grep -q 'zero denominator' "$dir/out" || { echo "FAIL: zero denominator: wrong message"; cat "$dir/out"; fail=1; }

exit $fail
