"""Runs rank-check on every case make_networks.py wrote and checks the
status and a substring of the output (stdout, or stderr for status 2).

Usage: check_readers.py BIN OUTDIR   (make_networks.py OUTDIR must have run)
"""
import json
import subprocess
import sys


def main():
    bin_dir, out = sys.argv[1], sys.argv[2]
    failures = 0
    with open(f"{out}/CASES") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    for case in cases:
        cmd = [f"{bin_dir}/rank-check", f"{out}/{case['file']}"] + case["args"]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        shown = run.stderr if case["status"] == 2 else run.stdout
        if run.returncode != case["status"] or case["text"] not in shown:
            failures += 1
            print(f"FAIL: {' '.join(cmd[1:])}: status {run.returncode} (expected {case['status']}), "
                  f"expected '{case['text']}' in:\n{shown[-2000:]}{run.stderr[-500:]}")
        if case["status"] == 2 and (run.stderr.count("\n") != 1 or "Traceback" in run.stderr):
            failures += 1
            print(f"FAIL: {' '.join(cmd[1:])}: expected a one-line error, got:\n{run.stderr}")
    print(f"{len(cases)} reader cases, {failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
