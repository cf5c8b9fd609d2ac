#!/usr/bin/env bash
# check-proof: every good certificate verifies, every certificate with one
# defect is rejected with status 1 and the failing step named; usage errors exit 2.
set -u
bin=$1
data=$2/proofs
fail=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

for f in "$data"/good-*.cert; do
  "$bin/check-proof" "$f" > "$out" 2> "$err"
  status=$?
  if [[ $status != 0 ]] || [[ $(tail -1 "$out") != "s VERIFIED" ]]; then
    echo "FAIL: $(basename "$f") should verify (status $status)"; cat "$out" "$err"; fail=1
  fi
done
"$bin/check-proof" "$data/shard-1-of-2.cert" "$data/shard-2-of-2.cert" > "$out" 2>&1 || { echo "FAIL: two shard files together should verify"; cat "$out"; fail=1; }
cat "$data/shard-2-of-2.cert" "$data/shard-1-of-2.cert" > "$out.cat"
"$bin/check-proof" "$out.cat" > "$out" 2>&1 || { echo "FAIL: concatenated shards (any order) should verify"; cat "$out"; fail=1; }
rm -f "$out.cat"

# file -> a phrase the failing step must contain
declare -A reason=(
  [bad-candidate-count]="candidates: expected C(9, 3) = 84"
  [bad-changed-coefficient]="does not vanish"
  [bad-degree-above-n]="not of an imposed degree"
  [bad-degrees]="imposes different degrees"
  [bad-duplicate-case]="listed twice"
  [bad-duplicate-shard]="appears twice"
  [bad-empty]="no certificate sections"
  [bad-end-count]="end: the section lists"
  [bad-explicit-zero-coefficient]="zero coefficient"
  [bad-feasible-scale]="(A2): the coefficient of x1*x2"
  [bad-feasible-weights]="(A3)"
  [bad-mirror-instead-of-representative]="missing from the certificate"
  [bad-missing-case]="missing from the certificate"
  [bad-missing-shard]="shards cover 1 of 2"
  [bad-negate-not-closed]="not closed under negation"
  [bad-not-representative]="not the smallest of its orbit"
  [bad-point-outside-domain]="not in the domain"
  [bad-points-not-ascending]="ascending"
  [bad-shard-claims-differ]="claim differs"
  [bad-sigma-target-zero]="sigma_1 = 0 at the target degree"
  [bad-truncated-mid-line]="bad point"
  [bad-truncated-no-end]="truncated"
  [bad-undefined-witness]="undefined polynomial"
  [bad-version]="version line"
  [bad-zero-product-coefficient]="coefficient of x1...xn is zero"
  [bad-v2-corrupted-dictionary-entry]="polynomial 3 does not vanish"
  [bad-v2-dictionary-reset]="undefined polynomial '1'"
  [bad-v2-dropped-reference]="undefined polynomial ''"
  [bad-v2-dropped-set]="missing from the certificate"
  [bad-v2-incomplete]="incomplete: 11 of 23 units"
  [bad-v2-shared-too-many]="points shared with the previous set"
  [bad-v2-unit-missing]="u: expected unit 3 of 23"
  [bad-v2-units-short]="the section has 23 of its 24 units"
  [bad-v2-two-missing]="{(-1,-1) (-1,0) (-1,1) (0,-1)} is missing"
)
count=0
for f in "$data"/bad-*.cert; do
  name=$(basename "$f" .cert)
  count=$((count + 1))
  "$bin/check-proof" "$f" > "$out" 2> "$err"
  status=$?
  if [[ $status != 1 ]] || [[ $(tail -1 "$out") != "s NOT VERIFIED" ]]; then
    echo "FAIL: $name should be rejected with status 1 (got $status)"; cat "$out" "$err"; fail=1; continue
  fi
  want=${reason[$name]:-}
  if [[ -z $want ]]; then echo "FAIL: $name has no expected reason in this script"; fail=1; continue; fi
  grep -q '^c failing step: ' "$out" || { echo "FAIL: $name: no failing step line"; fail=1; }
  grep -qF -- "$want" "$out" || { echo "FAIL: $name: failing step should mention '$want':"; cat "$out"; fail=1; }
done
[[ $count == "${#reason[@]}" ]] || { echo "FAIL: $count bad files but ${#reason[@]} expected reasons"; fail=1; }

# The enumeration on several threads reports exactly what one thread reports.
for f in good-n2-m4 bad-missing-case bad-mirror-instead-of-representative bad-not-representative bad-v2-two-missing; do
  one=$("$bin/check-proof" --threads 1 "$data/$f.cert" | grep -v '^c time ')
  three=$("$bin/check-proof" --threads 3 "$data/$f.cert" | grep -v '^c time ')
  [[ $one == "$three" ]] || { echo "FAIL: $f: --threads 3 reports differently from --threads 1"; echo "$one"; echo "$three"; fail=1; }
done

# Compressed certificates: the good one verifies; a stream cut inside a frame
# or with a byte changed cannot be read (status 2, one line).
"$bin/check-proof" "$data/good-v2-n2-m4.cert.zst" > "$out" 2>&1 && [[ $(tail -1 "$out") == "s VERIFIED" ]] ||
  { echo "FAIL: good-v2-n2-m4.cert.zst should verify"; cat "$out"; fail=1; }
for f in truncated corrupt; do
  "$bin/check-proof" "$data/$f-v2-n2-m4.cert.zst" > "$out" 2> "$err"
  status=$?
  if [[ $status != 2 || $(wc -l < "$err") != 1 ]] || ! grep -q '^check-proof: error: .*compressed' "$err"; then
    echo "FAIL: $f-v2-n2-m4.cert.zst should be unreadable (status 2, one line), got $status"; cat "$out" "$err"; fail=1
  fi
done
"$bin/check-proof" "$data/truncated-v2-n2-m4.cert.zst" 2>&1 | grep -q 'truncated compressed block' ||
  { echo "FAIL: the cut stream should be reported as a truncated compressed block"; fail=1; }

# Random single mutations of a good certificate (a line deleted or repeated, a
# byte replaced, the file cut): check-proof must answer, never crash or hang.
seed=${NF_TEST_SEED:-$RANDOM}
seed=$((10#$(printf '%s' "$seed" | tail -c 4)))
echo "mutation seed $seed (set NF_TEST_SEED to repeat)"
RANDOM=$seed
chars='0123456789-/(),:*^x yifnud
'
for ((t = 0; t < 160; t++)); do
  good=$data/good-n2-m4.cert
  ((t % 2)) && good=$data/good-v2-n2-m4.cert
  size=$(wc -c < "$good")
  lines=$(wc -l < "$good")
  case $((RANDOM % 4)) in
    0) awk -v L=$((RANDOM % lines + 1)) 'NR != L' "$good" > "$out.mut" ;;
    1) awk -v L=$((RANDOM % lines + 1)) '{ print } NR == L { print }' "$good" > "$out.mut" ;;
    2) o=$((RANDOM % size)); c=${chars:$((RANDOM % ${#chars})):1}
       { head -c "$o" "$good"; printf '%s' "$c"; tail -c +$((o + 2)) "$good"; } > "$out.mut" ;;
    3) head -c $((RANDOM % size)) "$good" > "$out.mut" ;;
  esac
  timeout 20 "$bin/check-proof" "$out.mut" > "$out" 2> "$err"
  status=$?
  last=$(tail -1 "$out")
  if [[ ($status == 0 && $last == "s VERIFIED") || ($status == 1 && $last == "s NOT VERIFIED") ]]; then continue; fi
  echo "FAIL: mutation $t (seed $seed): status $status, last line '$last'"; cat "$err"; cp "$out.mut" "/tmp/check_proof_mutation.$t"; fail=1
done
rm -f "$out.mut"

# Usage errors: status 2, one line on stderr.
"$bin/check-proof" > "$out" 2> "$err"; [[ $? == 2 && $(wc -l < "$err") == 1 ]] || { echo "FAIL: no file should be a usage error"; fail=1; }
"$bin/check-proof" /nonexistent/file.cert > "$out" 2> "$err"; [[ $? == 2 ]] || { echo "FAIL: a missing file should exit 2"; fail=1; }
grep -q '^check-proof: error: ' "$err" || { echo "FAIL: missing file message"; fail=1; }
"$bin/check-proof" --frobnicate x > "$out" 2> "$err"; [[ $? == 2 ]] || { echo "FAIL: unknown option should exit 2"; fail=1; }
"$bin/check-proof" --threads many "$data/good-n2-m3.cert" > "$out" 2> "$err"
[[ $? == 2 && $(wc -l < "$err") == 1 ]] || { echo "FAIL: --threads many should be a usage error"; fail=1; }
"$bin/check-proof" --max-candidates 10 "$data/good-n2-m3.cert" > "$out" 2> "$err"
[[ $? == 1 ]] && grep -q 'above --max-candidates' "$out" || { echo "FAIL: --max-candidates should refuse a larger case split"; fail=1; }

[[ $fail == 0 ]] && echo "check-proof CLI: all checks passed"
exit $fail
