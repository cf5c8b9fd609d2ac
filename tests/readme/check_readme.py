"""Runs every shell example of README.md and compares its output with the README.

  python3 check_readme.py SOURCE_DIR BIN_DIR

An example is a fenced code block line `$ build/bin/TOOL ARGS` (or `$ PYTHONPATH=... /usr/bin/python3 ...`)
followed by the output the README shows, up to the next `$ ` line or the end of the block. The
commands of one README run in order in one scratch directory (so an example may use a file an
earlier one wrote), with `tests`, `proofs` and `examples` linked from the source tree and
`build/bin` pointing at BIN_DIR.

Compared after masking what legitimately varies: times ("0.123 s", "time 0.96 s",
"seconds": 0.01), thread counts ("2 thread(s)", "2 threads"), rates ("4.1e6/s"), the git revision.
In the README's text:
  a line "..." stands for any number of lines (an abridged output);
  "..." inside a line stands for any text within that line.
A mismatch prints the command, the first differing line of each side, and fails.

Two more checks keep the reference parts of the README honest: every option that a tool's --help
lists appears in the README as `--option`, and every key of every tool's --json output (on the
sample commands of JSON_SAMPLES) appears in the README inside backticks.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

MASKS = [
    (re.compile(r'"(\w*seconds|time)":\s*[-0-9.e+]+'), r'"\1":<T>'),
    (re.compile(r"\b\d+(\.\d+)?(e[-+]?\d+)? ?(s|ms|min)\b"), "<T> s"),
    (re.compile(r"\b\d+ thread(s|\(s\))"), r"<K> thread\1"),
    (re.compile(r"\b[0-9.e+]+/s\b"), "<R>/s"),
    (re.compile(r"git revision \S+"), "git revision <G>"),
    (re.compile(r'"threads":\s*\d+'), '"threads":<K>'),
]


def mask(line):
    line = line.rstrip()
    for pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return line


def examples(readme):
    """(line number, command, expected lines) for every `$ ` line inside a fenced block."""
    out, in_block, current = [], False, None
    for number, line in enumerate(readme.splitlines(), 1):
        if line.startswith("```"):
            if current:
                out.append(current)
                current = None
            in_block = not in_block
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            if current:
                out.append(current)
            current = (number, line[2:], [])
        elif current:
            current[2].append(line)
    return out


def line_matches(expected, actual):
    if "..." not in expected:
        return mask(expected) == mask(actual)
    parts = [re.escape(mask(p)) for p in expected.split("...")]
    return re.fullmatch(".*".join(parts), mask(actual)) is not None


def compare(expected, actual):
    """None when they match, else (index, expected line, actual line)."""
    i = j = 0
    while i < len(expected):
        if expected[i].strip() == "...":
            i += 1
            if i == len(expected):
                return None
            while j < len(actual) and not line_matches(expected[i], actual[j]):
                j += 1
            if j == len(actual):
                return (i, expected[i], "<no such line after the elision>")
            continue
        if j >= len(actual):
            return (i, expected[i], "<end of output>")
        if not line_matches(expected[i], actual[j]):
            return (i, expected[i], actual[j])
        i += 1
        j += 1
    if j < len(actual):
        return (i, "<end of the README's output>", actual[j])
    return None


TOOLS = ["rank-check", "verify-product", "verify-monomial", "prove-minimal", "evaluate-gate", "certify-approx",
         "deep-product",
         "audit-paper", "check-proof", "check-rank"]

JSON_SAMPLES = [
    "rank-check tests/data/networks/too_few_neurons.txt --json",
    "rank-check tests/data/networks/paper_n2.json --rank-only --json",
    "rank-check tests/data/bad/nan.json --json",
    "verify-product 3 --json",
    "verify-monomial 2,1 --json",
    "prove-minimal 2 4 --domain -1..1 --json --quiet",
    "evaluate-gate 2 --lambda 1/10,1/100 --points 3 --json",
    "evaluate-gate 2 --at 1/2,1/3 --lambda 1/10 --json",
    "evaluate-gate 2 --coefficients --json",
    "evaluate-gate 2 --activation sigmoid --bias 0 --json",
    "certify-approx --gate 2 --scale 1/10 --json",
    "certify-approx --gate 2 --sweep 1/10,1/20 --points 3 --json",
    "deep-product 3 --activation exp --bias 0 --lambda 1/10 --points 3 --json",
    "deep-product --cost-table --to 3 --json",
    "audit-paper --only theorem-1 --json",
]


def json_keys(value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(key)
            json_keys(item, out)
    elif isinstance(value, list):
        for item in value:
            json_keys(item, out)


def documented(readme, word):
    """`word` occurs as a whole word inside some inline code span of the README."""
    text = re.sub(r"```.*?```", "", readme, flags=re.S)
    pattern = re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")
    return any(pattern.search(span) for span in re.findall(r"`([^`]*)`", text))


def reference_checks(readme, work, bin_dir):
    problems = []
    for tool in TOOLS:
        help_text = subprocess.run([os.path.join(bin_dir, tool), "--help"], capture_output=True, text=True).stdout
        for option in sorted(set(re.findall(r"^\s+(?:-\w, )?(--[a-z0-9-]+)", help_text, re.M))):
            if option not in ("--help", "--version") and not documented(readme, option):
                problems.append("%s %s is not documented in README.md" % (tool, option))
    for command in JSON_SAMPLES:
        proc = subprocess.run(os.path.join(bin_dir, command), shell=True, cwd=work, capture_output=True, text=True)
        keys = set()
        for line in proc.stdout.splitlines():
            json_keys(json.loads(line), keys)
        if not keys:
            problems.append("no JSON from: " + command)
        for key in sorted(keys):
            if not documented(readme, key):
                problems.append("JSON key %s (from %s) is not documented in README.md" % (key, command.split()[0]))
    return problems


def main():
    source, bin_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with open(os.path.join(source, "README.md")) as f:
        readme = f.read()
    cases = examples(readme)
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for name in ("tests", "proofs", "examples"):
            if os.path.exists(os.path.join(source, name)):
                os.symlink(os.path.join(source, name), os.path.join(work, name))
        os.makedirs(os.path.join(work, "build"))
        os.symlink(bin_dir, os.path.join(work, "build", "bin"))
        python_dir = os.path.join(os.path.dirname(bin_dir), "python")
        if os.path.isdir(python_dir):
            os.symlink(python_dir, os.path.join(work, "build", "python"))
        skipped = 0
        for number, command, expected in cases:
            if "build/python" in command and not os.path.isdir(python_dir):
                skipped += 1  # a build without the Python module (the sanitizer build)
                continue
            proc = subprocess.run(command, shell=True, cwd=work, capture_output=True, text=True, timeout=600,
                                  env=dict(os.environ, LC_ALL="C"))
            actual = proc.stdout.splitlines()
            while expected and not expected[-1].strip():
                expected.pop()
            problem = compare(expected, actual)
            if problem:
                failures += 1
                index, want, got = problem
                print("FAIL README.md:%d: $ %s" % (number, command))
                print("  output line %d differs:\n    README: %s\n    actual: %s" % (index + 1, want, got))
                if proc.stderr.strip():
                    print("  stderr: " + proc.stderr.strip().splitlines()[-1])
        problems = reference_checks(readme, work, bin_dir)
        for problem in problems:
            print("FAIL " + problem)
        failures += len(problems)
    print("%d README examples run (%d skipped: no Python module in this build), options and JSON keys of %d tools "
          "checked: %d problems" % (len(cases) - skipped, skipped, len(TOOLS), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
