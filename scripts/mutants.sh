#!/usr/bin/env bash
# Mutation testing: applies each source mutation of scripts/mutants.txt in
# turn (in place, restored afterwards, also on Ctrl-C), rebuilds the build
# directory incrementally, runs the tests the list names for it, and reports
# whether some test failed (killed) or not (survived).
#
#   bash scripts/mutants.sh BUILD_DIR [--sample K] [--list FILE] [--timeout SECONDS] [--strict]
#
# --sample K runs K mutants spread evenly over the list (CI); --strict exits 1
# when a live mutant survives.  The last line:
#   mutants: K killed of N live (P%), S stale
# where live mutants exclude the stale ones (their original text is no longer
# in the file exactly once) and those the list explains as EQUIVALENT.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/.." && pwd)
build=${1:?usage: mutants.sh BUILD_DIR [--sample K] [--list FILE] [--timeout SECONDS]}
shift
list="$here/mutants.txt"
sample=0
timeout=300
strict=0
while (($#)); do
  case $1 in
    --sample) sample=$2; shift 2 ;;
    --list) list=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --strict) strict=1; shift ;;
    *) echo "mutants.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
jobs=$(nproc)
py=/usr/bin/python3
[[ -x $py ]] || py=python3
backup_dir=$(mktemp -d)
current=""
restore() {
  if [[ -n $current ]]; then cp "$backup_dir/file" "$source_dir/$current"; current=""; fi
}
trap 'restore; rm -rf "$backup_dir"' EXIT
trap 'restore; exit 130' INT TERM

mapfile -t entries < <(grep -v '^\s*#' "$list" | grep -v '^\s*$')
total=${#entries[@]}
indices=()
if ((sample > 0 && sample < total)); then
  for ((i = 0; i < sample; i++)); do indices+=($((i * total / sample))); done
else
  for ((i = 0; i < total; i++)); do indices+=("$i"); done
fi

killed=0 survived=0 stale=0 equivalent=0
for i in "${indices[@]}"; do
  entry=${entries[$i]}
  IFS=$'\x1f' read -r file original mutated tests note < <("$py" -c '
import sys
parts = [p.strip() for p in sys.argv[1].split(" | ")]
print("\x1f".join(parts[:4] + [" | ".join(parts[4:])]))' "$entry")
  label="#$((i + 1)) $file: $note"
  if [[ $note == EQUIVALENT:* ]]; then
    equivalent=$((equivalent + 1)); echo "equivalent $label"; continue
  fi
  if [[ ! -f $source_dir/$file ]] || ! "$py" - "$source_dir/$file" "$original" <<'PY'
import sys
sys.exit(0 if open(sys.argv[1]).read().count(sys.argv[2]) == 1 else 1)
PY
  then
    stale=$((stale + 1)); echo "stale      $label"; continue
  fi
  cp "$source_dir/$file" "$backup_dir/file"
  current=$file
  "$py" - "$source_dir/$file" "$original" "$mutated" <<'PY'
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
open(path, "w").write(text.replace(old, new, 1))
PY
  verdict=SURVIVED detail=""
  if ! cmake --build "$build" -j "$jobs" > "$backup_dir/build.log" 2>&1; then
    verdict=killed detail="(does not compile)"
  elif ! (cd "$build" && timeout "$timeout" ctest -R "$tests" -j "$jobs" --timeout "$timeout" > "$backup_dir/test.log" 2>&1); then
    verdict=killed
    by=$(grep -oE '[0-9]+ - [A-Za-z0-9_]+ \(' "$backup_dir/test.log" | head -1 | sed 's/^[0-9]* - //; s/ ($//' || true)
    detail="(by ${by:-a test that timed out after $timeout s})"
  elif grep -q "No tests were found" "$backup_dir/test.log"; then
    detail="(no test matches '$tests')"
  fi
  restore
  if [[ $verdict == killed ]]; then killed=$((killed + 1)); else survived=$((survived + 1)); fi
  printf '%-10s %s %s\n' "$verdict" "$label" "$detail"
done
cmake --build "$build" -j "$jobs" > /dev/null 2>&1 || true
live=$((killed + survived))
percent=$( ((live > 0)) && echo $((100 * killed / live)) || echo 100)
echo "mutants: $killed killed of $live live ($percent%), $stale stale${equivalent:+, $equivalent equivalent}"
if ((strict && survived > 0)); then exit 1; fi
