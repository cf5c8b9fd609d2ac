#!/usr/bin/env bash
# prove-minimal under mpirun (3 ranks, oversubscribed on a small machine): the
# same summary, gate list and certificate as one process; shards and a resume
# from a single-process checkpoint under MPI.  Registered only when the build
# has MPI (NF_MPI) and mpirun exists.
set -u
bin=$1
mpirun=$2
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# OpenMPI's own allocations are not ours to report under AddressSanitizer.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
mpi=("$mpirun" --allow-run-as-root --oversubscribe -np 3)

# The report without its time line (the only line that may differ).
report() { grep -v '^time: ' "$1"; }
same() {  # same DESCRIPTION A B
  cmp -s "$2" "$3" || { echo "FAIL: $1: $2 and $3 differ"; diff <(head -c 3000 "$2") <(head -c 3000 "$3") | head; fail=1; }
}
verified() {  # verified DESCRIPTION FILE...
  local what=$1; shift
  "$bin/check-proof" "$@" > "$dir/check" 2>&1
  [[ $? == 0 && $(tail -1 "$dir/check") == "s VERIFIED" ]] || { echo "FAIL: $what: check-proof"; cat "$dir/check"; fail=1; }
}

# n = 3, m = 7 over {-1,0,1}: none feasible.
"$bin/prove-minimal" 3 7 --domain -1..1 --certificate "$dir/one.cert" --quiet > "$dir/one.out" ||
  { echo "FAIL: single-process run"; fail=1; }
"${mpi[@]}" "$bin/prove-minimal" 3 7 --domain -1..1 --certificate "$dir/mpi.cert" --threads 1 --quiet \
  > "$dir/mpi.out" 2> "$dir/mpi.err" || { echo "FAIL: mpirun -np 3"; cat "$dir/mpi.out" "$dir/mpi.err"; fail=1; }
grep -q '^time: .* x 3 MPI ranks' "$dir/mpi.out" || { echo "FAIL: the MPI run should report 3 ranks"; cat "$dir/mpi.out"; fail=1; }
same "n3-m7-pm1 summary" <(report "$dir/one.out") <(report "$dir/mpi.out")
same "n3-m7-pm1 certificate" "$dir/one.cert" "$dir/mpi.cert"
verified "n3-m7-pm1 under MPI" "$dir/mpi.cert"

# n = 2, m = 4 over -2..2: 41 gates, listed in the same order; compressed certificate.
"$bin/prove-minimal" 2 4 --domain -2..2 --certificate "$dir/g1.cert.zst" --quiet > "$dir/g1.out"
"${mpi[@]}" "$bin/prove-minimal" 2 4 --domain -2..2 --certificate "$dir/g3.cert.zst" --threads 1 --quiet > "$dir/g3.out"
grep -q '^  gate 41:' "$dir/g3.out" || { echo "FAIL: 41 gates expected under MPI"; cat "$dir/g3.out"; fail=1; }
same "n2-m4-int2 summary and gates" <(report "$dir/g1.out") <(report "$dir/g3.out")
same "n2-m4-int2 certificate (decompressed)" <(zstd -dc "$dir/g1.cert.zst") <(zstd -dc "$dir/g3.cert.zst")
verified "n2-m4-int2 under MPI" "$dir/g3.cert.zst"

# --shard under MPI: each shard is one MPI job; the sections concatenate.
for i in 1 2; do
  "${mpi[@]}" "$bin/prove-minimal" 2 3 --domain -2..2 --shard $i/2 --certificate "$dir/s$i.cert" --threads 1 --quiet \
    > /dev/null || { echo "FAIL: shard $i/2 under MPI"; fail=1; }
done
verified "two shards, each under MPI" "$dir/s1.cert" "$dir/s2.cert"

# A single-process run stopped by SIGINT, resumed under MPI: the same certificate.
"$bin/prove-minimal" 3 7 --domain -1..1 --certificate "$dir/r.cert" --checkpoint "$dir/r.ckpt" --checkpoint-every 0.02 \
  --threads 1 --quiet > /dev/null 2>&1 &
pid=$!
waited=0
until grep -qs '^units_done [1-9]' "$dir/r.ckpt" || ((waited > 2000)); do sleep 0.01; waited=$((waited + 1)); done
kill -INT $pid
wait $pid
st=$?
[[ $st == 4 ]] || { echo "FAIL: SIGINT before the MPI resume: status $st"; fail=1; }
"${mpi[@]}" "$bin/prove-minimal" 3 7 --domain -1..1 --certificate "$dir/r.cert" --checkpoint "$dir/r.ckpt" --resume \
  --threads 1 --quiet > "$dir/r.out" 2>&1 || { echo "FAIL: resume under MPI"; cat "$dir/r.out"; fail=1; }
grep -q 'work units from the checkpoint' "$dir/r.out" || { echo "FAIL: the MPI resume should start from the checkpoint"; cat "$dir/r.out"; fail=1; }
same "resumed under MPI" "$dir/one.cert" "$dir/r.cert"

# SIGTERM to rank 0 under MPI: a clean stop of the whole job (status 4, the
# certificate marked incomplete, a checkpoint), then a resume under MPI.
"${mpi[@]}" "$bin/prove-minimal" 3 7 --domain -1..1 --certificate "$dir/t.cert" --checkpoint "$dir/t.ckpt" \
  --checkpoint-every 0.02 --threads 1 --quiet > "$dir/t.out" 2> "$dir/t.err" &
pid=$!
waited=0
until grep -qs '^units_done [1-9]' "$dir/t.ckpt" || ((waited > 3000)); do sleep 0.01; waited=$((waited + 1)); done
for p in $(pgrep -f "prove-minimal 3 7 --domain -1..1 --certificate $dir/t.cert"); do
  tr '\0' '\n' < /proc/$p/environ 2> /dev/null | grep -qx OMPI_COMM_WORLD_RANK=0 && kill -TERM $p
done
wait $pid
st=$?
[[ $st == 4 ]] || { echo "FAIL: SIGTERM to rank 0: mpirun status $st, expected 4"; cat "$dir/t.out" "$dir/t.err"; fail=1; }
"$bin/check-proof" "$dir/t.cert" > "$dir/check" 2>&1
grep -q 'incomplete: [0-9]* of 5938 units' "$dir/check" || { echo "FAIL: SIGTERM to rank 0: not marked incomplete"; cat "$dir/check"; fail=1; }
"${mpi[@]}" "$bin/prove-minimal" 3 7 --domain -1..1 --certificate "$dir/t.cert" --checkpoint "$dir/t.ckpt" --resume \
  --threads 1 --quiet > /dev/null 2>&1 || { echo "FAIL: resume under MPI after SIGTERM"; fail=1; }
same "stopped and resumed under MPI" "$dir/one.cert" "$dir/t.cert"

# Bad input under MPI: rank 0 reports it once, every rank exits.
"${mpi[@]}" "$bin/prove-minimal" 3 7 --domain 3..1 --quiet > "$dir/bad.out" 2> "$dir/bad.err"
st=$?
[[ $st != 0 && $(grep -c '^prove-minimal: error: ' "$dir/bad.err") == 1 ]] ||
  { echo "FAIL: bad input under MPI: status $st, expected one error line"; cat "$dir/bad.err"; fail=1; }

[[ $fail == 0 ]] && echo "prove-minimal under MPI: all checks passed"
exit $fail
