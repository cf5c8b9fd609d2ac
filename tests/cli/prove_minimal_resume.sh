#!/usr/bin/env bash
# prove-minimal interrupted and continued: SIGKILL and SIGINT/SIGTERM midway,
# --checkpoint/--resume giving the uninterrupted certificate (plain and zstd),
# the partial certificate rejected as incomplete, the header printed at the
# start, and bad checkpoints or mismatched resumes refused with one line.
set -u
bin=$1
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$dir/out err=$dir/err
run=("$bin/prove-minimal" 3 7 --domain -1..1)

expect() {  # expect STATUS DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" > "$out" 2> "$err"
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: $what: status $got, expected $want"; cat "$out" "$err"; fail=1
  fi
}
one_line_error() {  # one_line_error DESCRIPTION PHRASE
  if [[ $(wc -l < "$err") != 1 ]] || ! grep -q '^prove-minimal: error: ' "$err" || ! grep -qF -- "$2" "$err"; then
    echo "FAIL: $1: expected one error line mentioning '$2', got:"; cat "$err"; fail=1
  fi
}
check() {  # check WANT_STATUS DESCRIPTION FILE [PHRASE]
  "$bin/check-proof" "$3" > "$dir/check" 2>&1
  local got=$?
  if [[ $got != "$1" ]] || { [[ -n ${4:-} ]] && ! grep -qF -- "$4" "$dir/check"; }; then
    echo "FAIL: $2: check-proof status $got, expected $1${4:+ and '$4'}"; cat "$dir/check"; fail=1
  fi
}
# Starts a checkpointed run in the background and sends SIGNAL once its
# checkpoint records some completed units.  Sets $status.
interrupt() {  # interrupt SIGNAL CERT CKPT (CERT "": no certificate, but --self-check to take some time)
  local cert=(--self-check)
  [[ -n $2 ]] && cert=(--certificate "$2")
  "${run[@]}" "${cert[@]}" --checkpoint "$3" --checkpoint-every 0.02 --threads 1 --quiet > "$out" 2> "$err" &
  local pid=$! waited=0
  until grep -qs '^units_done [1-9]' "$3" || ((waited > 2000)); do sleep 0.01; waited=$((waited + 1)); done
  kill -s "$1" $pid
  wait $pid
  status=$?
}

expect 0 "uninterrupted run" -- "${run[@]}" --certificate "$dir/full.cert" --quiet
check 0 "uninterrupted run" "$dir/full.cert"

# SIGKILL midway: no clean-up at all; the checkpoint and the certificate's
# prefix remain, and --resume completes the same certificate.
interrupt KILL "$dir/k.cert" "$dir/k.ckpt"
[[ $status == 137 ]] || { echo "FAIL: SIGKILL: status $status, expected 137 (did the run finish first?)"; fail=1; }
grep -q 'work units$' "$out" || { echo "FAIL: the header should be on stdout before the search ends"; cat "$out"; fail=1; }
check 1 "a killed run's certificate" "$dir/k.cert" "truncated"
done_units=$(sed -n 's/^units_done //p' "$dir/k.ckpt")
expect 0 "resume after SIGKILL" -- "${run[@]}" --certificate "$dir/k.cert" --checkpoint "$dir/k.ckpt" --resume --quiet
grep -q "($done_units of [0-9]* work units from the checkpoint)" "$out" ||
  { echo "FAIL: the resumed run should report the $done_units units it did not redo"; cat "$out"; fail=1; }
cmp -s "$dir/k.cert" "$dir/full.cert" || { echo "FAIL: resumed after SIGKILL: certificate differs"; fail=1; }
check 0 "resumed after SIGKILL" "$dir/k.cert"

# SIGINT (compressed certificate) and SIGTERM: a clean stop, status 4, a
# certificate marked incomplete, then --resume completes it.
for sig in INT TERM; do
  cert=$dir/$sig.cert.zst
  interrupt $sig "$cert" "$dir/$sig.ckpt"
  [[ $status == 4 ]] || { echo "FAIL: SIG$sig: status $status, expected 4"; cat "$out" "$err"; fail=1; }
  grep -q 'interrupted by signal' "$err" || { echo "FAIL: SIG$sig: no message on stderr"; cat "$err"; fail=1; }
  grep -q '^conclusion: interrupted after' "$out" || { echo "FAIL: SIG$sig: no interrupted conclusion"; cat "$out"; fail=1; }
  check 1 "SIG$sig: the partial certificate" "$cert" "incomplete: $(sed -n 's/^units_done //p' "$dir/$sig.ckpt") of"
  expect 0 "resume after SIG$sig" -- "${run[@]}" --certificate "$cert" --checkpoint "$dir/$sig.ckpt" --resume --quiet
  check 0 "resumed after SIG$sig" "$cert"
  cmp -s <(zstd -dc "$cert") "$dir/full.cert" || { echo "FAIL: SIG$sig: resumed certificate differs"; fail=1; }
done

# A checkpoint without a certificate: the resumed summary counts every unit.
interrupt INT "" "$dir/nc.ckpt" 2> /dev/null
[[ $status == 4 ]] || { echo "FAIL: SIGINT without a certificate: status $status"; fail=1; }
expect 0 "resume without a certificate" -- "${run[@]}" --self-check --checkpoint "$dir/nc.ckpt" --resume --json --quiet
grep -q '"orbits":19587,"feasible":0,' "$out" || { echo "FAIL: the resumed run without a certificate should count 19587"; cat "$out"; fail=1; }

# Without --checkpoint a stopped run still leaves its certificate, marked.
"${run[@]}" --certificate "$dir/plain.cert" --threads 1 --quiet > "$out" 2> "$err" &
pid=$!
sleep 0.3
kill -INT $pid
wait $pid
st=$?
if [[ $st == 4 ]]; then check 1 "SIGINT without a checkpoint" "$dir/plain.cert" "incomplete: "
elif [[ $st != 0 ]]; then echo "FAIL: SIGINT without a checkpoint: status $st"; fail=1; fi

# Bad checkpoints and mismatched resumes: status 2, one line.
cp "$dir/k.ckpt" "$dir/good.ckpt"
expect 2 "--resume without --checkpoint" -- "${run[@]}" --resume --quiet
one_line_error "--resume without --checkpoint" "--resume needs --checkpoint"
expect 2 "missing checkpoint" -- "${run[@]}" --checkpoint "$dir/none.ckpt" --resume --quiet
one_line_error "missing checkpoint" "cannot read checkpoint"
expect 2 "other parameters" -- "$bin/prove-minimal" 3 6 --domain -1..1 --certificate "$dir/k.cert" \
  --checkpoint "$dir/good.ckpt" --resume --quiet
one_line_error "other parameters" "not of this run"
expect 2 "other certificate" -- "${run[@]}" --certificate "$dir/other.cert" --checkpoint "$dir/good.ckpt" --resume --quiet
one_line_error "other certificate" "was written with --certificate"
head -5 "$dir/good.ckpt" > "$dir/cut.ckpt"
expect 2 "truncated checkpoint" -- "${run[@]}" --certificate "$dir/k.cert" --checkpoint "$dir/cut.ckpt" --resume --quiet
one_line_error "truncated checkpoint" "truncated"
sed 's/^units_done .*/units_done many/' "$dir/good.ckpt" > "$dir/bad.ckpt"
expect 2 "corrupt checkpoint" -- "${run[@]}" --certificate "$dir/k.cert" --checkpoint "$dir/bad.ckpt" --resume --quiet
one_line_error "corrupt checkpoint" "units_done: expected a whole number"
head -c 100 /dev/urandom > "$dir/noise.ckpt"
expect 2 "random checkpoint" -- "${run[@]}" --certificate "$dir/k.cert" --checkpoint "$dir/noise.ckpt" --resume --quiet
one_line_error "random checkpoint" "noflat-checkpoint"
sed 's/^certificate .*/certificate '"${dir//\//\\/}"'\/short.cert/' "$dir/good.ckpt" > "$dir/short.ckpt"
sed -i 's/^units_done .*/units_done 3/' "$dir/short.ckpt"
head -c 10 "$dir/full.cert" > "$dir/short.cert"
expect 2 "certificate shorter than the checkpoint says" -- "${run[@]}" --certificate "$dir/short.cert" \
  --checkpoint "$dir/short.ckpt" --resume --quiet
one_line_error "certificate shorter than the checkpoint says" "the checkpoint expects at least"

[[ $fail == 0 ]] && echo "prove-minimal interrupt/resume: all checks passed"
exit $fail
