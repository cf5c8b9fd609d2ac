#!/usr/bin/env bash
# make fuzz FUZZ_SECONDS=S: builds the libFuzzer targets of fuzz/ with clang
# (ASan + UBSan) in build-fuzz, assembles each target's seed corpus, and runs
# each target for S seconds, one after another on one core.  One line per
# target (executions, coverage = libFuzzer's final "cov:" count of covered
# edges, crashes), then "fuzz: K targets, E executions, C crashes".
#   FUZZ_TARGETS="onnx specs"  only these targets
#   FUZZ_BUILD=DIR             build directory (default build-fuzz)
#   FUZZ_JOBS=N                build parallelism (default 1)
#   FUZZ_NO_BUILD=1            run the targets already built
# A crash, leak, timeout or out-of-memory input is kept under
# DIR/artifacts/NAME/; turn it into a regression file under
# tests/data/fuzz-regressions/NAME/ once the bug is fixed.  Exit status 1 if
# any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
cxx=$(command -v clang++-14 || command -v clang++)

if [[ -z "${FUZZ_NO_BUILD:-}" ]]; then
  # The compiler is chosen once, when the build directory is created.
  compiler=()
  [[ -f "$build/CMakeCache.txt" ]] || compiler=(-DCMAKE_CXX_COMPILER="$cxx")
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${compiler[@]}" -DNF_FUZZ=ON -DNF_WERROR=ON > /dev/null
  cmake --build "$build" -j "$jobs" --target fuzz-all
fi

# The ONNX and state_dict files the reader tests use, written by PyTorch and
# the ONNX helper API (Debian's /usr/bin/python3 sees python3-torch).
if [[ ! -d "$build/tests/readers" ]]; then
  /usr/bin/python3 tests/readers/make_networks.py "$build/tests/readers" > /dev/null
fi

targets=${FUZZ_TARGETS:-$(cut -d' ' -f1 "$build/fuzz/seeds.txt")}
total_exec=0 total_crash=0 count=0
for name in $targets; do
  corpus="$build/corpus/$name"
  artifacts="$build/artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  # Seeds: every file of the target's seed paths (fuzz/CMakeLists.txt), by content hash.
  for src in $(grep "^$name " "$build/fuzz/seeds.txt" | cut -d' ' -f2-); do
    [[ -e "$src" ]] || continue
    find "$src" -type f -size -1024k -print0 | while IFS= read -r -d '' f; do
      cp "$f" "$corpus/seed-$(sha1sum < "$f" | cut -c1-16)"
    done
  done
  before=$(find "$artifacts" -type f | wc -l)
  log="$build/fuzz-$name.log"
  "$build/fuzz/fuzz_$name" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" > "$log" 2>&1 || true
  after=$(find "$artifacts" -type f | wc -l)
  crashes=$((after - before))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [[ -n "$execs" ]] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  printf 'fuzz_%-22s %6s s  %12s executions  cov %6s  %d crashes%s\n' "$name" "$seconds" "${execs:-0}" "${cov:-?}" \
    "$crashes" "$( ((crashes)) && echo "  (see $artifacts, $log)")"
  total_exec=$((total_exec + ${execs:-0}))
  total_crash=$((total_crash + crashes))
  count=$((count + 1))
done
echo "fuzz: $count targets, $total_exec executions, $total_crash crashes"
((total_crash == 0))
