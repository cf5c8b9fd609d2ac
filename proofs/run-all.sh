#!/usr/bin/env bash
# The proof runs: regenerate them, or check the committed ones.
#
#   bash proofs/run-all.sh BIN_DIR regenerate   rerun every run, rewrite its files, check them
#   bash proofs/run-all.sh BIN_DIR check        check the committed certificates and logs (fast)
#
# Environment: PROOFS_FULL=1 with `regenerate` also runs the complete n = 3,
# m = 7 search over -2..2 in shards (tens of minutes); without it that folder
# only gets a fresh rate measurement.
set -u
if [[ $# != 2 ]] || [[ $2 != regenerate && $2 != check ]]; then
  echo "usage: bash proofs/run-all.sh BIN_DIR regenerate|check" >&2
  exit 2
fi
bin=$(cd "$1" && pwd) || { echo "run-all.sh: no directory $1" >&2; exit 2; }
mode=$2
here=$(cd "$(dirname "$0")" && pwd)
fail=0
for tool in prove-minimal check-proof verify-product; do
  [[ -x $bin/$tool ]] || { echo "run-all.sh: $bin/$tool is missing (build first)" >&2; exit 2; }
done

# folder | n | m | domain | further prove-minimal options (target, activation)
certificate_runs=(
  "n2-m3-int3|2|3|-3..3|"
  "n2-m3-F5|2|3|F5|"
  "n2-m3-F7|2|3|F7|"
  "n2-m3-F11|2|3|F11|"
  "n2-m4-int2|2|4|-2..2|"
  "n3-m7-pm1|3|7|-1..1|"
  "mono-x1sq-x2-m5-int2|2|5|-2..2|--target x1^2*x2"
  "mono-x1sq-x2sq-m8-int2|2|8|-2..2|--target x1^2*x2^2"
  "power-n2-m1-int2|2|1|-2..2|--activation poly:0,0,1"
  "power-n3-m3-int2|3|3|-2..2|--activation poly:0,0,0,1"
  "tanh-n3-m3-pm1|3|3|-1..1|--activation tanh"
  "tanh-n3-m4-pm1|3|4|-1..1|--activation tanh"
)

# The checker's report without its timing line.
check_report() { "$bin/check-proof" "$1" | grep -v '^c time '; }

for run in "${certificate_runs[@]}"; do
  IFS='|' read -r folder n m domain extra <<< "$run"
  read -r -a more <<< "$extra"  # no pathname expansion of x1^2*x2
  dir=$here/$folder
  if [[ $mode == regenerate ]]; then
    mkdir -p "$dir"
    start=$(date +%s%N)
    "$bin/prove-minimal" "$n" "$m" --domain "$domain" ${more[@]+"${more[@]}"} --certificate "$dir/certificate.txt" \
      --self-check --quiet > "$dir/summary.txt" || { echo "FAIL: $folder: prove-minimal"; fail=1; continue; }
    "$bin/prove-minimal" "$n" "$m" --domain "$domain" ${more[@]+"${more[@]}"} --json --quiet > "$dir/summary.json" ||
      fail=1
    check_report "$dir/certificate.txt" > "$dir/check.txt"
    end=$(date +%s%N)
    printf '%-12s regenerated in %d ms, certificate %s bytes\n' "$folder" $(((end - start) / 1000000)) \
      "$(wc -c < "$dir/certificate.txt")"
  fi
  if [[ ! -f $dir/certificate.txt ]]; then
    echo "FAIL: $folder: no certificate.txt"; fail=1; continue
  fi
  start=$(date +%s%N)
  report=$(check_report "$dir/certificate.txt")
  end=$(date +%s%N)
  if [[ $(tail -1 <<< "$report") != "s VERIFIED" ]]; then
    echo "FAIL: $folder: check-proof did not verify the certificate:"; echo "$report"; fail=1
  elif [[ -f $dir/check.txt ]] && ! diff -q <(echo "$report") "$dir/check.txt" > /dev/null; then
    echo "FAIL: $folder: the checker's report differs from the committed check.txt"; fail=1
  else
    printf '%-12s VERIFIED (%d ms)\n' "$folder" $(((end - start) / 1000000))
  fi
done

# (A4) with the rank of (A7), n = 1, 2, 3: proof logs of verify-product.
dir=$here/a4-gate-n1-n3
for n in 1 2 3; do
  log=$dir/verify-product-n$n.txt
  if [[ $mode == regenerate ]]; then
    mkdir -p "$dir"
    "$bin/verify-product" "$n" > "$log" || { echo "FAIL: verify-product $n"; fail=1; }
  fi
  fresh=$("$bin/verify-product" "$n")
  status=$?
  want_rank=$(grep -o 'rank [0-9]* = full row rank' "$log" 2> /dev/null)
  if [[ $status != 0 ]] || ! grep -q '^verdict: verified' <<< "$fresh" || [[ -z $want_rank ]] ||
    ! grep -q "$want_rank" <<< "$fresh" || [[ $want_rank != "rank $((1 << n)) = full row rank" ]]; then
    echo "FAIL: a4-gate-n1-n3: verify-product $n does not reproduce the committed log ($log)"; fail=1
  else
    printf '%-12s verify-product %d: verified, %s\n' "a4-gate" "$n" "$want_rank"
  fi
done

# n = 3, m = 7 over -2..2: no committed certificate (about 130 GB, see its
# README); the committed summaries of the complete run and of its 4 shards must
# agree with each other and with the size of the case split.
dir=$here/n3-m7-int2
json_value() { grep -o "\"$2\":[0-9]*" "$1" | head -1 | cut -d: -f2; }
if [[ $mode == regenerate ]]; then
  mkdir -p "$dir"
  {
    for k in 1 133 266 400; do
      "$bin/prove-minimal" 3 7 --domain -2..2 --shard "$k/400" --json --quiet
    done
  } > "$dir/measurement.jsonl"
  echo "n3-m7-int2   rate measured on 4 of 400 shards (measurement.jsonl)"
  if [[ ${PROOFS_FULL:-0} == 1 ]]; then
    for k in 1 2 3 4; do
      "$bin/prove-minimal" 3 7 --domain -2..2 --shard "$k/4" --json > "$dir/shard-$k-of-4.json" ||
        { echo "FAIL: n3-m7-int2 shard $k/4"; fail=1; }
    done
  fi
fi
if [[ -f $dir/full-run.json ]]; then
  orbits=0 feasible=0 covered=0
  for k in 1 2 3 4; do
    f=$dir/shard-$k-of-4.json
    [[ -f $f ]] || { echo "FAIL: n3-m7-int2: $f missing"; fail=1; continue; }
    orbits=$((orbits + $(json_value "$f" orbits)))
    feasible=$((feasible + $(json_value "$f" feasible)))
    covered=$((covered + $(json_value "$f" shard_candidates)))
  done
  full=$dir/full-run.json
  if [[ $orbits != "$(json_value "$full" orbits)" || $feasible != 0 || $(json_value "$full" feasible) != 0 ||
        $covered != 79740633500 || $(json_value "$full" shard_candidates) != 79740633500 ]]; then
    echo "FAIL: n3-m7-int2: the committed summaries disagree"; fail=1
  else
    echo "n3-m7-int2   summaries agree: $orbits representatives, none feasible (search only, no certificate)"
  fi
fi

# x1*x2*x3^2 with m = 11 over -1..1: the certificate (about 100 MB) is written
# to a temporary file, checked and removed; the checker's report and the
# summaries are committed.
dir=$here/mono-x1x2x3sq-m11-pm1
if [[ $mode == regenerate ]]; then
  mkdir -p "$dir"
  tmp_cert=$(mktemp)
  start=$(date +%s%N)
  "$bin/prove-minimal" 3 11 --domain -1..1 --target 'x1*x2*x3^2' --certificate "$tmp_cert" --self-check --quiet \
    > "$dir/summary.txt" || { echo "FAIL: mono-x1x2x3sq-m11-pm1: prove-minimal"; fail=1; }
  "$bin/prove-minimal" 3 11 --domain -1..1 --target 'x1*x2*x3^2' --json --quiet > "$dir/summary.json" || fail=1
  check_report "$tmp_cert" > "$dir/check.txt"
  end=$(date +%s%N)
  printf '%-12s regenerated in %d ms, certificate %s bytes (not kept)\n' mono-x1x2x3sq-m11-pm1 \
    $(((end - start) / 1000000)) "$(wc -c < "$tmp_cert")"
  rm -f "$tmp_cert"
fi
if [[ $(tail -1 "$dir/check.txt" 2> /dev/null) != "s VERIFIED" ]] || ! grep -q '"feasible":0,' "$dir/summary.json" ||
  ! grep -q '"complete":true' "$dir/summary.json"; then
  echo "FAIL: mono-x1x2x3sq-m11-pm1: the committed check.txt or summary.json does not record a verified empty search"
  fail=1
else
  echo "mono-x1x2x3sq-m11-pm1 committed report: verified, none feasible (certificate regenerated by 'regenerate')"
fi

if [[ $fail == 0 ]]; then echo "proofs: all checks passed"; else echo "proofs: FAILED"; fi
exit $fail
