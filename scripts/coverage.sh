#!/usr/bin/env bash
# make coverage: a gcov build (build-coverage, -O0 --coverage) that runs the
# fast tests (CTest minus the Python, install and README tests) and prints line and branch coverage
# per module from lcov (exception-only branches left out).
#   COVERAGE_BUILD=DIR   build directory (default build-coverage)
#   COVERAGE_JOBS=N      build and test parallelism (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${COVERAGE_BUILD:-build-coverage}
jobs=${COVERAGE_JOBS:-2}
src=$(pwd)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DNF_COVERAGE=ON > /dev/null
cmake --build "$build" -j "$jobs"
lcov_rc=(--rc lcov_branch_coverage=1 --rc geninfo_no_exception_branch=1)
lcov --quiet "${lcov_rc[@]}" --zerocounters --directory "$build"
(cd "$build" && NF_TEST_SCALE=${NF_TEST_SCALE:-0.5} ctest -j "$jobs" -E '^(python_tests|python_example|install_consumer|readme_examples)$' \
   --output-on-failure > ctest-coverage.log 2>&1) || { tail -20 "$build/ctest-coverage.log"; echo "coverage: tests failed"; exit 1; }
lcov --quiet "${lcov_rc[@]}" --capture --directory "$build" --base-directory "$src" --output-file "$build/coverage.info" 2> /dev/null
lcov --quiet "${lcov_rc[@]}" --extract "$build/coverage.info" "$src/lib/*" "$src/proofs/checker/*" \
  --output-file "$build/coverage-project.info"
printf '%-16s %8s %16s %10s %16s\n' module lines "(hit/total)" branches "(hit/total)"
for module in lib/core lib/model lib/io lib/verify lib/linalg lib/poly lib/search lib/numeric lib/approx lib/cli proofs/checker; do
  lcov --quiet "${lcov_rc[@]}" --extract "$build/coverage-project.info" "$src/$module/*" --output-file "$build/module.info" \
    > /dev/null 2>&1 || continue
  lcov "${lcov_rc[@]}" --summary "$build/module.info" 2>&1 | awk -v m="$module" '
    /lines\.*:/    { lp = $2; lh = $3; sub(/\(/, "", lh); lt = $5 }
    /branches\.*:/ { bp = $2; bh = $3; sub(/\(/, "", bh); bt = $5 }
    END { printf "%-16s %8s %16s %10s %16s\n", m, lp, lh "/" lt, bp, bh "/" bt }'
done
lcov "${lcov_rc[@]}" --summary "$build/coverage-project.info" 2>&1 | awk '
    /lines\.*:/    { lp = $2; lh = $3; sub(/\(/, "", lh); lt = $5 }
    /branches\.*:/ { bp = $2; bh = $3; sub(/\(/, "", bh); bt = $5 }
    END { printf "%-16s %8s %16s %10s %16s\n", "total", lp, lh "/" lt, bp, bh "/" bt }'
echo "coverage: HTML report with genhtml --branch-coverage $build/coverage-project.info -o $build/html"
