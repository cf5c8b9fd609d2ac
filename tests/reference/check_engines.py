"""Every expansion engine of rank-check against the independent reference (reference.py).

  python3 check_engines.py BIN_DIR

Random networks (seed logged; NF_TEST_SEED repeats a run, NF_TEST_SCALE scales the count) over
every activation spec, with product and general targets, n <= 5: for each engine (default,
literal, moment, and structured where every row of a is two-valued) the --json report must agree
exactly with the reference on the status, the verdict, every degree's line, the full list of
failing monomials with their coefficients, and the rank of A.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction
from math import factorial

import reference

ACTIVATIONS = ["generic", "exp", "tanh", "sigmoid", "silu", "softplus",
               "poly:1,1,1,1,1,1", "poly:1,1,0,1,1,1", "poly:0,1,1,0,1", "poly:1,1,1,0,0,1",
               "poly:2,0,-1/3,1/5,0,7", "poly:1,-1,1/2"]
KEYS = ["status", "verdict", "identities_hold", "failure_count", "failures", "hypothesis_holds",
        "vanishing_degrees", "rows", "rank", "full_row_rank"]
DEGREE_KEYS = ["k", "monomials", "sigma_zero", "imposed", "holds"]


def random_value(rng):
    return rng.choice([Fraction(v) for v in (-2, -1, 0, 1, 2)] + [Fraction(1, 2), Fraction(-1, 3), Fraction(3, 4)])


def a4_gate(n, spec):
    """The paper's (A4): a_ij = -1 if i in S_j else 1, w_j = (-1)^|S_j| / (2^n n! sigma_n)."""
    kind, value, _ = reference.sigma(spec, n)
    scale = value if kind == "rational" else Fraction(1)
    a = [[Fraction(-1 if (j >> i) & 1 else 1) for j in range(2 ** n)] for i in range(n)]
    w = [Fraction((-1) ** bin(j).count("1")) / (2 ** n * factorial(n) * scale) for j in range(2 ** n)]
    return a, w


def random_network(rng, n):
    kind = rng.randrange(6)
    if kind == 5:
        kind = 0
    spec = rng.choice(ACTIVATIONS)
    if kind == 0:  # a gate, sometimes perturbed, sometimes with a column dropped
        a, w = a4_gate(n, spec)
        if rng.random() < 0.4:
            w[rng.randrange(len(w))] += Fraction(1, rng.choice([3, 1000]))
        if rng.random() < 0.2 and len(w) > 1:
            j = rng.randrange(len(w))
            a = [row[:j] + row[j + 1:] for row in a]
            w = w[:j] + w[j + 1:]
        return a, w, spec
    m = rng.randint(1, 10)
    if kind == 1:  # two-valued rows (the structured engine applies)
        a = []
        for _ in range(n):
            values = [random_value(rng), random_value(rng)]
            a.append([rng.choice(values) for _ in range(m)])
    else:
        a = [[random_value(rng) for _ in range(m)] for _ in range(n)]
    w = [random_value(rng) for _ in range(m)]
    return a, w, spec


def as_text(q):
    return reference.format_rational(q)


def run_tool(binary, path, target, engine):
    cmd = [binary, path, "--json", "--max-failures", "1000000", "--target", target]
    if engine:
        cmd += ["--engine", engine]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


FAILURE_KEYS = ["k", "monomial", "coefficient", "expected"]


def compare(expected, got):
    got = dict(got)
    if isinstance(got.get("failures"), list):
        got["failures"] = [{key: f.get(key) for key in FAILURE_KEYS} for f in got["failures"]]
    problems = [k for k in KEYS if expected[k] != got.get(k)]
    for e, g in zip(expected["degrees"], got.get("degrees", [])):
        problems += ["degrees[%d].%s" % (e["k"], key) for key in DEGREE_KEYS if e[key] != g.get(key)]
    if len(expected["degrees"]) != len(got.get("degrees", [])):
        problems.append("degrees (length)")
    return problems


def main():
    binary = os.path.join(sys.argv[1], "rank-check")
    seed = int(os.environ.get("NF_TEST_SEED", "20261202"))
    scale = float(os.environ.get("NF_TEST_SCALE", "1"))
    count = max(10, int(120 * scale))
    print("seed %d (NF_TEST_SEED to repeat), %d networks" % (seed, count))
    rng = random.Random(seed)
    failures, runs, structured_runs = 0, 0, 0
    tally = {}
    with tempfile.TemporaryDirectory() as work:
        for index in range(count):
            n = rng.randint(1, 5 if index % 3 else 3)
            a, w, spec = random_network(rng, n)
            if index % 3 == 0 or n > 3:
                r = [1] * n
            else:
                r = [rng.randint(0, 2) for _ in range(n)]
                if sum(r) == 0:
                    r[0] = 1
            target = ",".join(str(e) for e in r)
            path = os.path.join(work, "net%d.json" % index)
            with open(path, "w") as f:
                json.dump({"activation": spec, "a": [[as_text(v) for v in row] for row in a],
                           "w": [as_text(v) for v in w]}, f)
            expected = reference.reference_report(a, w, spec, r)
            tally[expected["status"]] = tally.get(expected["status"], 0) + 1
            two_valued = all(len(set(row)) <= 2 for row in a)
            for engine in [None, "literal", "moment", "structured"]:
                status, out, err = run_tool(binary, path, target, engine)
                runs += 1
                if engine == "structured" and not two_valued:
                    if status != 2 or "does not apply" not in err:
                        failures += 1
                        print("FAIL net %d (%s, target %s): structured on a network with a row of three values "
                              "gave status %d: %s" % (index, spec, target, status, err.strip()))
                    continue
                structured_runs += engine == "structured"
                try:
                    got = json.loads(out)
                except ValueError:
                    got = {}
                problems = compare(expected, got)
                if problems:
                    failures += 1
                    print("FAIL net %d, engine %s, activation %s, target %s: %s differ" %
                          (index, engine or "default", spec, target, ", ".join(problems)))
                    print("  file: %s" % json.dumps({"a": [[as_text(v) for v in row] for row in a],
                                                     "w": [as_text(v) for v in w]}))
                    for key in problems[:3]:
                        key = key.split("[")[0].split(" ")[0]
                        print("  %s: expected %s, got %s" % (key, expected.get(key), got.get(key)))
                    if err:
                        print("  stderr: " + err.strip())
    print("%d runs (%d structured), reference statuses %s, %d disagreements (seed %d)" %
          (runs, structured_runs, dict(sorted(tally.items())), failures, seed))
    if structured_runs == 0 or len(tally) < 2:
        print("FAIL: the random networks did not exercise both verdicts and the structured engine")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
