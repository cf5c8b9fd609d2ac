"""The Python module against the tools, on PyTorch modules, numpy arrays and files.

Run by CTest (python_tests) as: PYTHONPATH=build/python NOFLAT_BIN=build/bin python3 -m pytest tests/python
"""
import _thread
import itertools
import json
import os
import subprocess
import threading
import time
from fractions import Fraction

import numpy as np
import pytest
import torch

import noflat

BIN = os.environ["NOFLAT_BIN"]
DATA = os.path.join(os.path.dirname(__file__), "..", "data")
VARYING = {"seconds", "read_seconds", "rank_seconds", "certificate_seconds", "time", "threads", "file"}


def tool_json(tool, *args):
    proc = subprocess.run([os.path.join(BIN, tool), *args, "--json"], capture_output=True, text=True)
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()], proc.returncode


def stable(obj):
    """The JSON object without what legitimately varies between runs (times, thread counts, paths)."""
    if isinstance(obj, dict):
        return {k: stable(v) for k, v in obj.items() if k not in VARYING and not k.endswith("seconds")}
    if isinstance(obj, list):
        return [stable(v) for v in obj]
    return obj


def patterns(n):
    rows = list(itertools.product([1, -1], repeat=n))
    return rows, [(-1) ** r.count(-1) for r in rows]


class Exp(torch.nn.Module):
    def forward(self, x):
        return torch.exp(x)


def gate_module(n, act, w_scale, dtype=torch.float32, a_scale=1.0, rows=None, signs=None):
    """nn.Sequential(Linear, act, Linear) with the (A4) weights: w_j = w_scale (-1)^|S_j|."""
    if rows is None:
        rows, signs = patterns(n)
    model = torch.nn.Sequential(torch.nn.Linear(n, len(rows)), act, torch.nn.Linear(len(rows), 1)).to(dtype)
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(rows, dtype=dtype) * a_scale)
        model[0].bias.zero_()
        model[2].weight.copy_(torch.tensor([[w_scale * s for s in signs]], dtype=dtype))
        model[2].bias.zero_()
    return model


# ---------------------------------------------------------------- entry points against the tools

@pytest.mark.parametrize("name", ["paper_n2.json", "too_few_neurons.txt", "paper_n3_float64.json"])
def test_rank_check_equals_the_tool(name):
    path = os.path.join(DATA, "networks", name)
    expected, status = tool_json("rank-check", path, "--activation", "tanh", "--max-failures", "3")
    r = noflat.rank_check(path, activation="tanh", max_failures=3)
    assert stable(r.to_dict()) == stable(expected[0])
    assert r.status == status


def test_options_map_to_the_tools_flags():
    path = os.path.join(DATA, "networks", "paper_n3_float64.json")
    expected, _ = tool_json("rank-check", path, "--tolerance", "1e-12", "--no-rank")
    r = noflat.rank_check(path, tolerance=1e-12, rank=False)
    assert stable(r.to_dict()) == stable(expected[0])
    assert r.verdict == "approximate"


def test_verify_product_monomial_evaluate_certify_equal_the_tools():
    cases = [
        (noflat.verify_product(3, activation="tanh"), ("verify-product", "3", "--activation", "tanh")),
        (noflat.verify_monomial([2, 1]), ("verify-monomial", "2,1")),
        (noflat.evaluate_gate(2, lambda_=["1/10"], points=3), ("evaluate-gate", "2", "--lambda", "1/10", "--points", "3")),
        (noflat.certify_approx(gate=2, scale="1/10", activation="sigmoid"),
         ("certify-approx", "--gate", "2", "--scale", "1/10", "--activation", "sigmoid")),
    ]
    for result, command in cases:
        expected, status = tool_json(*command)
        assert stable(result.to_dict()) == stable(expected[0]), command
        assert noflat.verify_product(12).verified


def test_results_are_typed():
    r = noflat.rank_check(os.path.join(DATA, "networks", "paper_n3_float64.json"))
    failure = r.failures[0]
    assert failure["coefficient"] == Fraction(15624999999999999, 15625000000000000)
    assert failure["expected"] == 1
    assert r.max_residual_exact == Fraction(1, 15625000000000000)
    e = noflat.certify_approx(gate=2, scale="1/10", activation="sigmoid")
    assert e.lower <= e.upper and all(isinstance(x, Fraction) for x in e.witness)
    assert "verdict" in repr(r) and "<table>" in r._repr_html_()
    with pytest.raises(AttributeError):
        r.no_such_key


def test_help_reads_like_the_tools_help():
    assert "--tolerance" in noflat.rank_check.__doc__ and "--snap" in noflat.rank_check.__doc__
    assert "--scale" in noflat.certify_approx.__doc__


# ---------------------------------------------------------------- PyTorch modules

def test_a4_modules_verify_for_exp_and_tanh():
    # exp: sigma_n = 1/n!, w = (-1)^|S| / 2^n; tanh at n = 3: sigma_3 = -1/3, w = -(-1)^|S| / 16.
    assert noflat.rank_check(gate_module(3, Exp(), 1 / 8)).verdict == "verified"
    assert noflat.rank_check(gate_module(3, torch.nn.Tanh(), -1 / 16)).verdict == "verified"
    assert noflat.Network.from_torch(gate_module(3, torch.nn.Tanh(), -1 / 16)).activation == "tanh"


def test_float32_gate_is_approximate_and_snaps_back():
    # softplus (A4) gate at lambda = 1/10: a = +-0.1 is not a float, w = +-100.
    model = gate_module(2, torch.nn.Softplus(), 100.0, a_scale=0.1)
    assert noflat.rank_check(model).verdict == "refuted"
    assert noflat.rank_check(model, tolerance=1e-6).verdict == "approximate"
    snapped = noflat.rank_check(model, snap=True)
    assert snapped.verdict == "verified"
    assert snapped.snap["rule"].startswith("within half a unit")


def test_module_and_its_onnx_export_give_the_same_report(tmp_path):
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.Sigmoid(), torch.nn.Linear(6, 1))
    torch.onnx.export(model, torch.zeros(1, 3), str(tmp_path / "m.onnx"))
    from_file = noflat.rank_check(str(tmp_path / "m.onnx"), max_failures=4).to_dict()
    from_module = noflat.rank_check(model, max_failures=4).to_dict()
    ignore = {"format", "read_bytes"}
    assert {k: v for k, v in stable(from_file).items() if k not in ignore} == \
           {k: v for k, v in stable(from_module).items() if k not in ignore}


@pytest.mark.parametrize("module", [
    torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 3), torch.nn.Tanh(),
                        torch.nn.Linear(3, 1)),
    torch.nn.Sequential(torch.nn.Conv1d(1, 1, 1), torch.nn.Tanh(), torch.nn.Linear(3, 1)),
    torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(), torch.nn.Linear(3, 1)),
    torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2)),
])
def test_unsupported_modules_raise_value_error(module):
    with pytest.raises(ValueError):
        noflat.rank_check(module)


# ---------------------------------------------------------------- numpy inputs, exactness, errors

@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.float16,
                                   np.float32, np.float64, np.longdouble])
def test_numpy_dtypes_are_read_exactly(dtype):
    a = np.array([[1, -1, 1, -1], [1, 1, -1, -1]]).astype(dtype) if np.dtype(dtype).kind != "u" else \
        np.array([[1, 2, 1, 2], [1, 1, 2, 2]]).astype(dtype)
    w = np.array([0.125, -0.125, -0.125, 0.125], dtype=np.float64)
    net = noflat.Network(a, w, activation="generic")
    assert net.a[0][0] == 1 and net.w[0] == Fraction(1, 8)
    if np.dtype(dtype).kind == "f":
        x = np.array([[1]], dtype=dtype) / np.array(3, dtype=dtype)  # 1/3 rounded in that dtype
        assert noflat.Network(x, [1]).a[0][0] == Fraction(*x[0, 0].as_integer_ratio())


def test_exact_inputs_and_round_trips(tmp_path):
    net = noflat.Network([["1/3", 0.5], [Fraction(2, 7), "0.1"]], [1, "-1/9"], b=[0, "1/2"], c="0.25",
                         activation="tanh")
    assert net.a[1][1] == Fraction(1, 10) and net.a[0][1] == Fraction(1, 2) and net.c == Fraction(1, 4)
    net.save(tmp_path / "n.json")
    assert noflat.load(tmp_path / "n.json") == net
    assert noflat.Network.from_json(net.to_json()) == net
    model = gate_module(2, torch.nn.Sigmoid(), 0.5, dtype=torch.float64)
    torch.onnx.export(model, torch.zeros(1, 2, dtype=torch.float64), str(tmp_path / "g.onnx"))
    loaded = noflat.load(tmp_path / "g.onnx")
    assert loaded == noflat.Network.from_torch(model) and loaded.dtype == "float64"


@pytest.mark.parametrize("a, error", [
    ([[1, float("nan")]], ValueError),
    (np.array([[1.0, np.inf]]), ValueError),
    ([[1, 2], [3]], ValueError),
    ([[1, 2j]], TypeError),
    (np.array([[True, False]]), TypeError),
    ([[1, "abc"]], ValueError),
])
def test_bad_numbers_are_refused(a, error):
    with pytest.raises(error):
        noflat.Network(a, [1, 1])


def test_tool_errors_become_exceptions():
    with pytest.raises(TypeError, match="did you mean tolerance"):
        noflat.rank_check(os.path.join(DATA, "networks", "paper_n2.json"), tolerence=1)
    with pytest.raises(ValueError, match="zero denominator"):
        noflat.rank_check(os.path.join(DATA, "bad", "zero_denominator.txt"))
    with pytest.raises(noflat.LimitError, match="max-memory"):
        noflat.verify_product(20, engine="moment", max_memory="1M")
    with pytest.raises(noflat.LimitError, match="max-memory"):  # rank-check's JSON error line, error_type limit
        noflat.rank_check(os.path.join(DATA, "bad", "exponent_bomb.json"), max_memory="100K")
    with pytest.raises(ValueError):
        noflat.verify_product(3, activation="no-such")


# ---------------------------------------------------------------- Ctrl-C and progress

def interrupt_after(seconds):
    timer = threading.Timer(seconds, _thread.interrupt_main)
    timer.start()
    return timer


def test_prove_minimal_and_check_proof_equal_the_tools(tmp_path):
    expected, status = tool_json("prove-minimal", "2", "3", "--domain=-2..2", "--quiet")
    r = noflat.prove_minimal(2, 3, (-2, 2))
    assert stable(r.to_dict()) == stable(expected[0]) and r.status == status == 0
    cert = tmp_path / "n2m3.cert"
    r = noflat.prove_minimal(2, 3, [-1, 0, 1], certificate=str(cert))
    assert r.feasible == 0
    checked = noflat.check_proof(cert)
    assert checked.status == 0 and checked.verified
    assert any(c.startswith("conclusion:") for c in checked.comments)
    with open(cert) as f:
        text = f.read()
    broken = tmp_path / "broken.cert"
    broken.write_text(text.replace("\nend", "\nbogus", 1) if "\nend" in text else text[: len(text) // 2])
    assert not noflat.check_proof(broken).verified
    with pytest.raises(ValueError):
        noflat.prove_minimal(2, 3, "1..")


def test_ctrl_c_stops_prove_minimal_within_a_second():
    timer = interrupt_after(0.5)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        noflat.prove_minimal(3, 7, (-2, 2))  # 26 CPU-minutes to completion
    assert time.monotonic() - start < 1.5
    timer.cancel()
    assert noflat.prove_minimal(2, 3, (-1, 1)).feasible == 0


def test_ctrl_c_stops_a_long_run_within_a_second():
    timer = interrupt_after(0.5)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        noflat.certify_approx(gate=5, scale="1/10", gap=1e-9)
    assert time.monotonic() - start < 1.5
    timer.cancel()
    assert noflat.verify_product(3).verified  # no broken state


def test_progress_callback_receives_lines():
    lines = []
    noflat.certify_approx(gate=5, scale="1/10", max_seconds=4, progress=lines.append)
    assert lines and "boxes" in lines[0]
