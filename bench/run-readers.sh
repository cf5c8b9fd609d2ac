#!/usr/bin/env bash
# The wide float network as users have it (issue target: whole rank-check
# under 30 s and 4 GiB on 2 cores): n = 8 inputs, m = 10^6 neurons, float32
# weights and biases, tanh, written by PyTorch as a state_dict JSON
# (json.dump of tolist(), about 200 MB) and by torch.onnx.export.  Prints the
# phases (read, identities, rank), the parse rate, and the same files parsed
# by Python's json.load / onnx.load in the same run as the baseline.
# Usage: bash bench/run-readers.sh BIN_DIR [M]
set -euo pipefail
bin=$1
m=${2:-1000000}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== wide float network: n = 8, m = $m, float32, tanh (PyTorch state_dict JSON and ONNX)"
"$py" - "$work" "$m" <<'PY' 2>/dev/null
import json, sys, torch
out, m = sys.argv[1], int(sys.argv[2])
torch.manual_seed(5)
model = torch.nn.Sequential(torch.nn.Linear(8, m), torch.nn.Tanh(), torch.nn.Linear(m, 1))
torch.onnx.export(model, torch.zeros(1, 8), f"{out}/wide.onnx")
with open(f"{out}/wide.json", "w") as f:
    json.dump({k: v.tolist() for k, v in model.state_dict().items()}, f)
PY

baseline() {  # seconds Python takes to load the file
  "$py" - "$1" "$2" <<'PY'
import json, sys, time
kind, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if kind == "json":
    json.load(open(path))
else:
    import onnx
    onnx.load(path)
print(f"{time.perf_counter() - t:.3f}")
PY
}

for file in wide.json wide.onnx; do
  kind=${file##*.}
  start=$(date +%s%N)
  /usr/bin/time -o "$work/peak" -f '%M' "$bin/rank-check" "$work/$file" --activation tanh --json > "$work/out.json" || true
  end=$(date +%s%N)
  "$py" - "$work/out.json" "$(tail -n 1 "$work/peak")" "$(( (end - start) / 1000000 ))" "$(baseline "$kind" "$work/$file")" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
peak_mib, wall = int(sys.argv[2]) / 1024, int(sys.argv[3]) / 1000
python_load = float(sys.argv[4])
rate = r["read_bytes"] / r["read_seconds"] / 1e6
print(f"  {r['format']:<10} {r['read_bytes'] / 1e6:7.1f} MB   whole {wall:6.2f} s   peak {peak_mib:6.0f} MiB   "
      f"read {r['read_seconds']:5.2f} s ({rate:5.1f} MB/s)   identities {r['seconds'] - r.get('rank_seconds', 0):5.2f} s   "
      f"rank {r.get('rank_seconds', 0):5.2f} s")
print(f"  {'':<10} check: verdict {r['verdict']}, rank {r['rank']}, max_residual {r['max_residual']:.6g}, "
      f"undecided {r['undecided']}")
print(f"  {'':<10} baseline: Python loads the same file in {python_load:.2f} s; read ratio (Python / noflat) "
      f"{python_load / r['read_seconds']:.2f}; targets: whole < 30 s {'PASS' if wall < 30 else 'FAIL'}, "
      f"peak < 4096 MiB {'PASS' if peak_mib < 4096 else 'FAIL'}")
PY
done
