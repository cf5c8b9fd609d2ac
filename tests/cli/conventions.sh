#!/usr/bin/env bash
# The command-line conventions every tool shares, tool by tool: --help,
# --version, --opt=value, --, a typo with its suggestion, a case-insensitive
# value, a repeated single-valued option; and the exit-status table:
# 0 verified/done, 1 refuted, 2 usage or input error, 4 unknown, 5 internal
# error (an injected engine fault).
#   bash conventions.sh BIN_DIR DATA_DIR SOURCE_DIR
set -u
bin=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect STATUS DESCRIPTION command...   (stdout in $tmp/out, stderr in $tmp/err)
expect() {
  local want=$1 what=$2
  shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: $what: status $got, expected $want ($*)"
    head -3 "$tmp/err"
    fail=1
  fi
}
# stderr is exactly one line containing TEXT.
err_is() {
  if [[ $(wc -l < "$tmp/err") -ne 1 ]] || ! grep -qF -- "$1" "$tmp/err"; then
    echo "FAIL: $2: expected one stderr line with '$1', got:"
    cat "$tmp/err"
    fail=1
  fi
}

tools=(rank-check verify-product verify-monomial prove-minimal evaluate-gate certify-approx deep-product audit-paper check-proof check-rank)
for tool in "${tools[@]}"; do
  expect 0 "$tool --help" "$bin/$tool" --help
  head -1 "$tmp/out" | grep -q "^Usage: $tool " || { echo "FAIL: $tool --help starts with: $(head -1 "$tmp/out")"; fail=1; }
  grep -q -- "--version" "$tmp/out" || { echo "FAIL: $tool --help lacks --version"; fail=1; }
  expect 0 "$tool -h" "$bin/$tool" -h
  expect 0 "$tool --version" "$bin/$tool" --version
  grep -q "^$tool (noflat) [0-9]*\.[0-9]*\.[0-9]*$" "$tmp/out" || { echo "FAIL: $tool --version: $(head -1 "$tmp/out")"; fail=1; }
  grep -q "^git revision ." "$tmp/out" || { echo "FAIL: $tool --version lacks the git revision"; fail=1; }
done

gate="$data/networks/exp_n2.json"
verify_cert="$tmp/gate.cert"
"$bin/verify-monomial" 2,1 --certificate "$verify_cert" > /dev/null

# --opt=value and --
expect 0 "rank-check --activation=EXP" "$bin/rank-check" --activation=EXP "$gate"
expect 0 "rank-check -- FILE" "$bin/rank-check" --engine moment -- "$gate"
expect 0 "verify-product --upto=3" "$bin/verify-product" --upto=3
expect 0 "verify-product -- 3" "$bin/verify-product" -- 3
expect 0 "verify-monomial --vars=3" "$bin/verify-monomial" --vars=3 'x1^2*x3'
expect 0 "verify-monomial -- R" "$bin/verify-monomial" -- 2,1
expect 0 "prove-minimal --domain=-1..1" "$bin/prove-minimal" 2 3 --domain=-1..1 --quiet
expect 0 "prove-minimal -- N M" "$bin/prove-minimal" --domain -1..1 --quiet -- 2 3
expect 0 "evaluate-gate --lambda=1/10" "$bin/evaluate-gate" 2 --lambda=1/10 --points=3
expect 0 "evaluate-gate -- N" "$bin/evaluate-gate" --lambda 1/10 --points 3 -- 2
expect 0 "certify-approx --box=-1..1" "$bin/certify-approx" --gate=2 --box=-1..1 --scale=1/10
expect 0 "certify-approx -- FILE" "$bin/certify-approx" --activation exp -- "$gate"
expect 0 "deep-product --activation=exp" "$bin/deep-product" 3 --activation=exp --bias=0 --no-sweep
expect 0 "deep-product -- N" "$bin/deep-product" --activation exp --bias 0 --no-sweep -- 3
expect 0 "audit-paper --only=theorem-1" "$bin/audit-paper" --only=theorem-1
expect 0 "audit-paper ... --" "$bin/audit-paper" --only theorem-1 --
expect 0 "check-proof --max-candidates=100" "$bin/check-proof" --max-candidates=100 "$data/proofs/good-n1-m1.cert"
expect 0 "check-proof -- FILE" "$bin/check-proof" -- "$data/proofs/good-n1-m1.cert"
expect 0 "check-rank -- FILE" "$bin/check-rank" -- "$verify_cert"

# A typo gets a suggestion (one line, status 2).
typo() {  # typo TOOL WRONG RIGHT args...
  local tool=$1 wrong=$2 right=$3
  shift 3
  expect 2 "$tool $wrong" "$bin/$tool" "$@" "$wrong"
  err_is "unknown option '$wrong' (did you mean $right?)" "$tool $wrong"
}
typo rank-check --activaton --activation "$gate"
typo verify-product --constructon --construction 3
typo verify-monomial --varz --vars 2,1
typo prove-minimal --domian --domain 2 3
typo evaluate-gate --lamda --lambda 2
typo certify-approx --epsilom --epsilon --gate 2
typo deep-product --serie-order --series-order 3
typo audit-paper --onl --only
typo check-proof --max-candidate --max-candidates "$data/proofs/good-n1-m1.cert"
typo check-rank --verison --version "$verify_cert"

# Case-insensitive values.
expect 0 "rank-check --engine MOMENT" "$bin/rank-check" --engine MOMENT --rank-engine Dense "$gate"
expect 0 "verify-product --construction HALF" "$bin/verify-product" 3 --construction HALF --activation TANH
expect 0 "verify-monomial --engine Literal" "$bin/verify-monomial" 2,1 --engine Literal
expect 0 "prove-minimal --symmetry PERMUTE" "$bin/prove-minimal" 2 3 --domain -1..1 --symmetry PERMUTE --quiet
expect 0 "evaluate-gate --activation TANH" "$bin/evaluate-gate" 3 --activation TANH --lambda 1/10 --points 3
expect 0 "certify-approx --activation TANH --form Mean-Value" "$bin/certify-approx" --gate 2 --activation TANH --form Mean-Value --scale 1/10
expect 0 "deep-product --activation EXP" "$bin/deep-product" 3 --activation EXP --bias 0 --no-sweep
expect 0 "audit-paper --only THEOREM-1" "$bin/audit-paper" --only THEOREM-1

# A single-valued option given twice is an error.
twice() {  # twice TOOL OPTION args...
  local tool=$1 option=$2
  shift 2
  expect 2 "$tool $option twice" "$bin/$tool" "$@"
  err_is "$option given more than once" "$tool $option twice"
}
twice rank-check --engine --engine moment --engine literal "$gate"
twice verify-product --upto --upto 2 --upto=3
twice verify-monomial --vars --vars 2 --vars 3 'x1^2'
twice prove-minimal --domain 2 3 --domain -1..1 --domain -2..2
twice evaluate-gate --points 2 --points 3 --points 4
twice certify-approx --box --gate 2 --box -1..1 --box 0..1
twice deep-product --seed 3 --seed 1 --seed 2
twice audit-paper --seed --seed 1 --seed 2
twice check-proof --max-candidates --max-candidates 1 --max-candidates 2 "$data/proofs/good-n1-m1.cert"
expect 2 "check-rank with two files" "$bin/check-rank" "$verify_cert" "$verify_cert"
err_is "unexpected argument" "check-rank with two files"

# --threads 0 means every core.
expect 0 "--threads 0" "$bin/verify-product" 4 --threads 0

# The exit-status table.
expect 1 "status 1: refuted" "$bin/rank-check" --activation generic "$gate"
printf '2 3\n1 -1 1\n1 1 -1\n1 1 1\n' > "$tmp/three.txt"
expect 1 "status 1: not a gate" "$bin/rank-check" "$tmp/three.txt"
expect 2 "status 2: bad input" "$bin/rank-check" "$data/bad/nan.json"
# 4: the rank of A cannot be certified within --max-work (two equal rows of a).
expect 4 "status 4: rank not certified" "$bin/rank-check" --rank-only --rank-engine dense --max-work 1e4 "$data/networks/dependent_rows.txt"
grep -q "NOT certified" "$tmp/out" || { echo "FAIL: status 4 should say the rank is not certified"; fail=1; }
# 5: an engine fault, reported as an internal error.
fault() {  # fault POINT TOOL args...
  local point=$1 tool=$2
  shift 2
  NF_INJECT_FAULT=$point expect 5 "status 5: $tool ($point)" "$bin/$tool" "$@"
  err_is "$tool: internal error: injected fault at $point" "status 5: $tool"
}
fault expansion rank-check "$gate"
fault rank rank-check --rank-only "$gate"
fault expansion verify-product 3
fault expansion verify-monomial 2,1
fault search prove-minimal 2 3 --domain -1..1 --quiet
fault numeric evaluate-gate 2 --lambda 1/10 --points 3
fault numeric deep-product 3 --no-sweep
fault numeric certify-approx --gate 2
expect 4 "status 4: certify-approx --max-work" "$bin/certify-approx" --gate 3 --scale 1/10 --max-work 5
grep -q "^verdict: unknown: --max-work" "$tmp/out" || { echo "FAIL: status 4 should say unknown"; fail=1; }
fault expansion audit-paper --only theorem-1

[[ $fail == 0 ]] && echo "conventions: all checks passed"
exit $fail
