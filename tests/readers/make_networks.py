"""Writes the networks the ONNX and state_dict readers are tested on.

Usage: make_networks.py OUTDIR

Every file is produced here, at test time, by PyTorch (torch.onnx.export,
state_dict dumped with json.dump as users write it) or by the ONNX helper
API for graphs PyTorch does not write (MatMul + Add, float16, typed data,
Gemm's alpha/beta, broken files).  OUTDIR/CASES lists the command-line
cases: file, expected status, a substring of the output (stdout for status
0/1, stderr for 2) and extra rank-check arguments.  Round trips: for each
random network R, R.onnx (floats) and R.exact.json (the same values as
exact fractions), R.state.json (json.dump) and R.decimal.json (the decimals
json.dump wrote, as exact decimals); the C++ test reads both sides.
"""
import itertools
import json
import math
import os
import sys
from fractions import Fraction

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
import torch

SEED = int(os.environ.get("NF_TEST_SEED", "1"))


def sign_patterns(n):
    """The (A4) patterns: rows of +-1, one per neuron, and (-1)^|S|."""
    rows = list(itertools.product([1, -1], repeat=n))
    parity = [(-1) ** sum(1 for v in r if v < 0) for r in rows]
    return rows, parity


class Exp(torch.nn.Module):
    def forward(self, x):
        return torch.exp(x)


def sequential(n, m, act, dtype=torch.float32, out=1):
    model = torch.nn.Sequential(torch.nn.Linear(n, m), act, torch.nn.Linear(m, out)).to(dtype)
    return model


def set_weights(model, a_rows, w, b=None, c=0.0):
    """a_rows: m rows of n weights (neuron-major, as PyTorch stores them)."""
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(a_rows, dtype=model[0].weight.dtype))
        model[0].bias.copy_(torch.tensor(b if b is not None else [0.0] * len(a_rows), dtype=model[0].bias.dtype))
        model[2].weight.copy_(torch.tensor([w], dtype=model[2].weight.dtype))
        model[2].bias.fill_(c)
    return model


def export(model, n, path):
    dtype = next(model.parameters()).dtype
    torch.onnx.export(model, torch.zeros(1, n, dtype=dtype), path, input_names=["x"], output_names=["y"])


def dump_state_dict(model, path, activation=None):
    d = {k: v.tolist() for k, v in model.state_dict().items()}
    if activation:
        d = {"activation": activation, **d}
    with open(path, "w") as f:
        json.dump(d, f)


def write_project_json(path, a_rows, w, b, c, convert):
    """The project's format with exact strings; a_rows neuron-major."""
    n = len(a_rows[0])
    doc = {
        "a": [[str(convert(row[i])) for row in a_rows] for i in range(n)],
        "w": [str(convert(v)) for v in w],
        "b": [str(convert(v)) for v in b],
        "c": str(convert(c)),
    }
    with open(path, "w") as f:
        json.dump(doc, f)


def exact(v):
    return Fraction(float(v))


def decimal(v):
    return Fraction(repr(float(v)))


def known_answers(out, cases):
    # exp gate, n = 3: w = (-1)^|S| / 2^n, exact in float32.
    rows, parity = sign_patterns(3)
    model = set_weights(sequential(3, 8, Exp()), rows, [p / 8 for p in parity])
    export(model, 3, f"{out}/exp_gate_n3.onnx")
    cases.append(("exp_gate_n3.onnx", 0, "verdict: verified", []))
    dump_state_dict(model, f"{out}/exp_gate_n3.state.json", activation="Exp")
    cases.append(("exp_gate_n3.state.json", 0, "verdict: verified", []))

    # tanh half gate, n = 3: the neurons with a_1 = +1, w = -(-1)^|S| / 8
    # (tanh is odd: S and its complement give the same term).
    half = [(r, p) for r, p in zip(rows, parity) if r[0] == 1]
    model = set_weights(sequential(3, 4, torch.nn.Tanh()), [r for r, _ in half], [-p / 8 for _, p in half])
    export(model, 3, f"{out}/tanh_half_gate_n3.onnx")
    cases.append(("tanh_half_gate_n3.onnx", 0, "verdict: verified", []))

    # sigmoid gate with the shared bias b = 1 (Fig. 2), w rounded to double.
    s = 1 / (1 + math.exp(-1))
    sigma2 = s * (1 - s) * (1 - 2 * s) / 2
    rows2, parity2 = sign_patterns(2)
    model = set_weights(sequential(2, 4, torch.nn.Sigmoid(), torch.float64), rows2,
                        [p / (4 * 2 * sigma2) for p in parity2], b=[1.0] * 4)
    export(model, 2, f"{out}/sigmoid_b1_n2.onnx")
    cases.append(("sigmoid_b1_n2.onnx", 1, "verdict: refuted", []))
    cases.append(("sigmoid_b1_n2.onnx", 0, "verdict: approximate", ["--tolerance", "1e-12"]))

    # The (A4) softplus gate at lambda = 1/10: a = +-0.1 (not a float), w = +-100.
    for dtype, name, tol in ((torch.float32, "f32", "1e-6"), (torch.float64, "f64", "1e-12")):
        model = set_weights(sequential(2, 4, torch.nn.Softplus(), dtype), [[0.1 * v for v in r] for r in rows2],
                            [100.0 * p for p in parity2])
        export(model, 2, f"{out}/softplus_lambda_{name}.onnx")
        dump_state_dict(model, f"{out}/softplus_lambda_{name}.state.json", activation="Softplus")
        for suffix in (".onnx", ".state.json"):
            f = f"softplus_lambda_{name}{suffix}"
            if suffix == ".state.json" and dtype == torch.float64:
                # json.dump writes the float64 0.1 as "0.1": the decimal 1/10 exactly.
                cases.append((f, 0, "verdict: verified", []))
                continue
            cases.append((f, 1, "verdict: refuted", []))
            cases.append((f, 0, "verdict: approximate", ["--tolerance", tol]))
            cases.append((f, 0, "verdict: verified", ["--snap"]))

    # ReLU: read, then outside the Taylor criterion.
    export(sequential(2, 4, torch.nn.ReLU()), 2, f"{out}/relu.onnx")
    cases.append(("relu.onnx", 1, "Taylor", []))
    # PyTorch's class name as the activation key, any case.
    dump_state_dict(sequential(2, 3, torch.nn.Tanh()), f"{out}/activation_key.state.json", activation="Tanh")
    cases.append(("activation_key.state.json", 1, "activation: tanh", []))


def tensor(name, values, dtype=TensorProto.FLOAT, raw=True):
    arr = np.asarray(values, dtype={TensorProto.FLOAT: np.float32, TensorProto.DOUBLE: np.float64,
                                    TensorProto.FLOAT16: np.float16}[dtype])
    if raw:
        return numpy_helper.from_array(arr, name)
    return helper.make_tensor(name, dtype, arr.shape, arr.flatten().tolist())


def save_graph(path, nodes, inits, n, out_width=1):
    graph = helper.make_graph(nodes, "net", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, n])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, out_width])], inits)
    onnx.save(helper.make_model(graph), path)


def matmul_graph(path, n, a_cols, w, act_nodes, dtype=TensorProto.FLOAT, raw=True, b=None):
    """x @ A + b -> act -> @ w: A stored n x m (MatMul's layout)."""
    m = len(a_cols[0])
    inits = [tensor("A", a_cols, dtype, raw), tensor("B", b or [0.0] * m, dtype, raw),
             tensor("W", [[v] for v in w], dtype, raw)]
    nodes = [helper.make_node("MatMul", ["x", "A"], ["h0"], name="mm1"),
             helper.make_node("Add", ["B", "h0"], ["h"], name="add1")] + act_nodes + [
                 helper.make_node("MatMul", ["z", "W"], ["y"], name="mm2")]
    save_graph(path, nodes, inits, n)


def hand_built(out, cases):
    rows, parity = sign_patterns(2)
    a_cols = [[r[i] for r in rows] for i in range(2)]
    silu = [helper.make_node("Sigmoid", ["h"], ["s"], name="sig"), helper.make_node("Mul", ["h", "s"], ["z"], name="mul")]
    # SiLU gate n = 2: sigma_2(0) = 1/4, w = (-1)^|S| / 2; float16 raw data.
    matmul_graph(f"{out}/silu_matmul_f16.onnx", 2, a_cols, [p / 2 for p in parity], silu, TensorProto.FLOAT16)
    cases.append(("silu_matmul_f16.onnx", 0, "verdict: verified", []))
    # The same with typed (not raw) float16 and double data.
    matmul_graph(f"{out}/silu_typed_f16.onnx", 2, a_cols, [p / 2 for p in parity], silu, TensorProto.FLOAT16, raw=False)
    cases.append(("silu_typed_f16.onnx", 0, "verdict: verified", []))
    matmul_graph(f"{out}/silu_typed_f64.onnx", 2, a_cols, [p / 2 for p in parity], silu, TensorProto.DOUBLE, raw=False)
    cases.append(("silu_typed_f64.onnx", 0, "verdict: verified", []))
    # Gemm with alpha = 2, transB = 0 (B stored n x m), beta = 0.5: the exp gate n = 2.
    exp_node = [helper.make_node("Exp", ["h"], ["z"], name="exp")]
    inits = [tensor("A", [[v / 2 for v in col] for col in a_cols]), tensor("C", [0.0] * 4),
             tensor("W", [[p / 4] for p in parity]), tensor("c", [0.0])]
    nodes = [helper.make_node("Gemm", ["x", "A", "C"], ["h"], name="g1", alpha=2.0, beta=0.5, transB=0)] + exp_node + [
        helper.make_node("Gemm", ["z", "W", "c"], ["y"], name="g2")]
    save_graph(f"{out}/exp_gemm_alpha.onnx", nodes, inits, 2)
    cases.append(("exp_gemm_alpha.onnx", 0, "verdict: verified", []))


def malformed(out, cases):
    rows, parity = sign_patterns(2)
    a_cols = [[r[i] for r in rows] for i in range(2)]
    w = [p / 4 for p in parity]
    tanh = [helper.make_node("Tanh", ["h"], ["z"], name="act")]
    matmul_graph(f"{out}/good.onnx", 2, a_cols, w, tanh)
    data = open(f"{out}/good.onnx", "rb").read()
    open(f"{out}/truncated.onnx", "wb").write(data[: len(data) // 2])
    cases.append(("truncated.onnx", 2, "not a valid ONNX model", ["--format", "onnx"]))
    matmul_graph(f"{out}/unsupported_op.onnx", 2, a_cols, w, [helper.make_node("LeakyRelu", ["h"], ["z"], name="lrelu")])
    cases.append(("unsupported_op.onnx", 2, "node LeakyRelu 'lrelu': expected the activation", []))
    export(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 3), torch.nn.Tanh(),
                               torch.nn.Linear(3, 1)), 2, f"{out}/two_hidden.onnx")
    cases.append(("two_hidden.onnx", 2, "only one hidden layer", []))
    export(sequential(2, 3, torch.nn.Tanh(), out=2), 2, f"{out}/output_width2.onnx")
    cases.append(("output_width2.onnx", 2, "output width 2", []))
    matmul_graph(f"{out}/nan.onnx", 2, a_cols, [w[0], float("nan")] + w[2:], tanh)
    cases.append(("nan.onnx", 2, "initializer 'W': entry 1 is NaN", []))
    matmul_graph(f"{out}/inf.onnx", 2, [[1, float("inf"), 1, 1], a_cols[1]], w, tanh)
    cases.append(("inf.onnx", 2, "initializer 'A': entry 1 is infinite", []))
    matmul_graph(f"{out}/shape_mismatch.onnx", 2, a_cols, w + [0.5], tanh)
    cases.append(("shape_mismatch.onnx", 2, "the output layer takes 5 inputs but the hidden layer has 4 neurons", []))
    huge = TensorProto(name="A", data_type=TensorProto.FLOAT, dims=[4000000000, 2], raw_data=b"\0\0\0\0")
    inits = [huge, tensor("W", [[v] for v in w])]
    nodes = [helper.make_node("MatMul", ["x", "A"], ["h"], name="mm1")] + tanh + [
        helper.make_node("MatMul", ["z", "W"], ["y"], name="mm2")]
    save_graph(f"{out}/absurd_dims.onnx", nodes, inits, 2)
    cases.append(("absurd_dims.onnx", 2, "dimensions give 8000000000 elements but it holds 1", []))
    # A node without its output (found by fuzz_onnx: the reader indexed output(0) of an empty list).
    nodes = [helper.make_node("MatMul", ["x", "A"], [], name="mm1")] + tanh + [
        helper.make_node("MatMul", ["z", "W"], ["y"], name="mm2")]
    save_graph(f"{out}/no_output.onnx", nodes, [tensor("A", a_cols), tensor("W", [[v] for v in w])], 2)
    cases.append(("no_output.onnx", 2, "node MatMul 'mm1': expected one output, found 0", []))
    matmul_graph(f"{out}/no_output_act.onnx", 2, a_cols, w, [helper.make_node("Tanh", ["h"], [], name="act")])
    cases.append(("no_output_act.onnx", 2, "node Tanh 'act': expected one output, found 0", []))
    # Gemm's alpha NaN, beta infinite (found by fuzz_onnx: GMP aborted converting them).
    gemm_inits = [tensor("A", [[v for v in col] for col in a_cols]), tensor("W", [[v] for v in w])]
    for name, attrs, what in (("gemm_alpha_nan.onnx", {"alpha": float("nan")}, "attribute alpha is NaN"),
                              ("gemm_beta_inf.onnx", {"beta": float("inf")}, "attribute beta is infinite")):
        nodes = [helper.make_node("Gemm", ["x", "A"], ["h"], name="g1", transB=0, **attrs)] + tanh + [
            helper.make_node("Gemm", ["z", "W"], ["y"], name="g2", transB=0)]
        save_graph(f"{out}/{name}", nodes, gemm_inits, 2)
        cases.append((name, 2, "node Gemm 'g1': " + what, []))

    def state(path, d):
        with open(f"{out}/{path}", "w") as f:
            json.dump(d, f)

    base = {k: v.tolist() for k, v in sequential(2, 3, torch.nn.Tanh()).state_dict().items()}
    state("three_layers.state.json", {**base, "4.weight": [[0.5, 0.5, 0.5]], "4.bias": [0.0]})
    cases.append(("three_layers.state.json", 2, "found 3 weights", ["--activation", "tanh"]))
    state("width2.state.json", {**base, "2.weight": [[0.5] * 3, [0.5] * 3], "2.bias": [0.0, 0.0]})
    cases.append(("width2.state.json", 2, "the output layer has 2 outputs", ["--activation", "tanh"]))
    state("nan.state.json", {**base, "0.bias": [0.0, float("nan"), 0.0]})
    cases.append(("nan.state.json", 2, "0.bias[1]: NaN", ["--activation", "tanh"]))
    state("mismatch.state.json", {**base, "2.weight": [[0.5] * 4]})
    cases.append(("mismatch.state.json", 2, "do not chain", ["--activation", "tanh"]))
    state("bias_length.state.json", {**base, "0.bias": [0.0, 1.0]})
    cases.append(("bias_length.state.json", 2, "expected 3 numbers (the hidden biases)", ["--activation", "tanh"]))
    state("ragged.state.json", {**base, "0.weight": [[1.0, 2.0], [1.0]]})
    cases.append(("ragged.state.json", 2, "ragged rows", ["--activation", "tanh"]))


def round_trips(out, roundtrips):
    torch.manual_seed(SEED)
    for dtype, tag in ((torch.float32, "f32"), (torch.float64, "f64")):
        for n, m in ((3, 7), (2, 5)):
            name = f"random_{tag}_n{n}_m{m}"
            model = sequential(n, m, torch.nn.Tanh(), dtype)
            export(model, n, f"{out}/{name}.onnx")
            dump_state_dict(model, f"{out}/{name}.state.json")
            a_rows = model[0].weight.tolist()
            w, b, c = model[2].weight.tolist()[0], model[0].bias.tolist(), model[2].bias.tolist()[0]
            write_project_json(f"{out}/{name}.exact.json", a_rows, w, b, c, exact)
            write_project_json(f"{out}/{name}.decimal.json", a_rows, w, b, c, decimal)
            roundtrips.append(name)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    print(f"seed {SEED} (NF_TEST_SEED to repeat)")
    cases, roundtrips = [], []
    known_answers(out, cases)
    hand_built(out, cases)
    malformed(out, cases)
    round_trips(out, roundtrips)
    with open(f"{out}/CASES", "w") as f:
        for file, status, text, args in cases:
            f.write(json.dumps({"file": file, "status": status, "text": text, "args": args}) + "\n")
    with open(f"{out}/ROUNDTRIPS", "w") as f:
        f.write("\n".join(roundtrips) + "\n")


if __name__ == "__main__":
    main()
