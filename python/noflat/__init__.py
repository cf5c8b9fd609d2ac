"""noflat: exact verification of the no-flattening theorems (Lin, Tegmark & Rolnick 2017) from Python.

    import torch, noflat
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    r = noflat.rank_check(model, tolerance=1e-3)    # the activation is read from the module
    print(r.verdict, r.rank, r.max_residual)
    noflat.verify_product(12).verified              # True

Every entry point runs the engine in-process with the same options and the same results as the
command-line tool of the same name: keyword arguments are the tool's options (``max_failures=10``
is ``--max-failures 10``, ``rank=False`` is ``--no-rank``), and the result's attributes are the keys
of the tool's ``--json`` object (``r.to_dict()`` is that object). Exact numbers come back as
``fractions.Fraction``, enclosures as ``(lo, hi)`` pairs. Bad input raises ``ValueError`` (or
``TypeError``) with the tool's one-line message, a refused size ``noflat.LimitError``; Ctrl-C stops
a computation within a second (``KeyboardInterrupt``).
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import tempfile
from fractions import Fraction
from typing import Any, Iterable, Optional

from . import _noflat

__all__ = [
    "Network", "Result", "LimitError", "load", "rank_check", "verify_product", "verify_monomial",
    "evaluate_gate", "check_proof", "certify_approx", "prove_minimal",
]

LimitError = _noflat.LimitError
LimitError.__doc__ = "A request above the engine's memory or work limits (raise them with max_memory / max_work)."

_FLOAT_DTYPES = {"float16", "float32", "float64"}


# ------------------------------------------------------------------ exact numbers

def _exact(value: Any, where: str) -> Fraction:
    """The exact rational a Python or numpy number stands for (a float is the dyadic rational it is,
    a string "0.1" is 1/10)."""
    if isinstance(value, bool):
        raise TypeError(f"{where}: expected a number, got a bool")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError) as e:
            raise ValueError(f"{where}: expected a number (integer, p/q or decimal), got {value!r}: {e}") from None
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind in ("i", "u"):
        return Fraction(int(value))
    if kind == "b":
        raise TypeError(f"{where}: expected a number, got a bool")
    if kind == "c" or isinstance(value, complex):
        raise TypeError(f"{where}: expected a real number, got {value!r}")
    if isinstance(value, float) or kind == "f":
        try:
            return Fraction(*value.as_integer_ratio())
        except (OverflowError, ValueError):
            raise ValueError(f"{where}: {value!r} is not a finite number (NaN and infinities are refused)") from None
    try:
        return Fraction(value)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: expected a number, got {type(value).__name__}") from None


def _dtype_of(value: Any) -> Optional[str]:
    """'float16' / 'float32' / 'float64' for numpy arrays and torch tensors of those types."""
    name = str(getattr(value, "dtype", "")).replace("torch.", "")
    return name if name in _FLOAT_DTYPES else None


def _to_list(value: Any) -> Any:
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return value.tolist() if hasattr(value, "tolist") and hasattr(value, "dtype") else value


def _vector(value: Any, where: str, length: Optional[int] = None) -> list:
    items = _numbers(value)
    if not isinstance(items, (list, tuple)) or any(isinstance(v, (list, tuple)) for v in items):
        raise ValueError(f"{where}: expected a flat sequence of numbers")
    out = [_exact(v, f"{where}[{j}]") for j, v in enumerate(items)]
    if length is not None and len(out) != length:
        raise ValueError(f"{where}: expected {length} numbers, got {len(out)}")
    return out


def _numbers(value: Any) -> Any:
    """Nested lists of the exact scalars: numpy float values keep their dtype (as_integer_ratio)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    if hasattr(value, "dtype") and hasattr(value, "shape"):
        if value.dtype.kind in "fiub" and value.shape:
            return [_numbers(v) for v in value]
        return value[()] if not value.shape else list(value)
    if isinstance(value, (list, tuple)):
        return [_numbers(v) for v in value]
    return value


def _matrix(value: Any, where: str) -> list:
    rows = _numbers(value)
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise ValueError(f"{where}: expected n rows (one per input), each a sequence of m numbers")
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"{where}: ragged rows (row {i} has {len(row)} numbers, row 0 has {width})")
        if any(isinstance(v, list) for v in row):
            raise ValueError(f"{where}: expected a matrix (two dimensions)")
    return [[_exact(v, f"{where}[{i}][{j}]") for j, v in enumerate(row)] for i, row in enumerate(rows)]


def _text(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


# ------------------------------------------------------------------ networks

class Network:
    """A one-hidden-layer network f(x) = c + sum_j w_j sigma(a_j . x + b_j), every weight an exact rational.

    ``a`` is n x m (row i: the weights of input i into each neuron, the project's layout), ``w`` and
    ``b`` have m entries, ``c`` is one number. Numbers may be ints, Fractions, strings ("1/3", "0.1"
    is 1/10), Python floats or numpy/torch arrays of any real dtype; a float is read exactly as the
    dyadic rational it is. NaN, infinities, complex numbers and ragged arrays are refused.
    """

    def __init__(self, a: Any, w: Any, b: Any = None, c: Any = None, activation: Optional[str] = "generic",
                 dtype: Optional[str] = None):
        self._a = _matrix(a, "a")
        m = len(self._a[0])
        self._w = _vector(w, "w", m)
        self._b = _vector(b, "b", m) if b is not None else [Fraction(0)] * m
        self._c = _exact(_numbers(c), "c") if c is not None else Fraction(0)
        self.activation = activation
        given = [x for x in (a, w, b, c) if x is not None]
        dtypes = {_dtype_of(x) for x in given}
        self.dtype = dtype if dtype is not None else (dtypes.pop() if len(dtypes) == 1 else None)
        if self.dtype is not None and self.dtype not in _FLOAT_DTYPES:
            raise ValueError(f"dtype: expected one of {sorted(_FLOAT_DTYPES)}, got {self.dtype!r}")

    @property
    def n(self) -> int:
        return len(self._a)

    @property
    def m(self) -> int:
        return len(self._w)

    @property
    def a(self) -> tuple:
        return tuple(tuple(row) for row in self._a)

    @property
    def w(self) -> tuple:
        return tuple(self._w)

    @property
    def b(self) -> tuple:
        return tuple(self._b)

    @property
    def c(self) -> Fraction:
        return self._c

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Network) and (self._a, self._w, self._b, self._c) == (
            other._a, other._w, other._b, other._c)

    def __repr__(self) -> str:
        return (f"Network(n={self.n}, m={self.m}, activation={self.activation!r}"
                + (f", dtype={self.dtype!r}" if self.dtype else "") + ")")

    def to_json(self) -> str:
        """The project's JSON network format, every number an exact string (rank-check reads it)."""
        doc: dict = {}
        if self.activation:
            doc["activation"] = self.activation
        if self.dtype:
            doc["dtype"] = self.dtype
        doc["a"] = [[_text(v) for v in row] for row in self._a]
        doc["w"] = [_text(v) for v in self._w]
        if any(self._b) or self._c:
            doc["b"] = [_text(v) for v in self._b]
            doc["c"] = _text(self._c)
        return json.dumps(doc)

    def save(self, path: str | os.PathLike) -> None:
        """Writes to_json() to path."""
        with open(path, "w") as f:
            f.write(self.to_json())

    @classmethod
    def from_json(cls, text: str) -> "Network":
        """Reads the project's JSON format (as written by to_json or write_network_json)."""
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "network.json")
            with open(path, "w") as f:
                f.write(text)
            return load(path, format="json")

    @classmethod
    def from_torch(cls, module: Any) -> "Network":
        """From nn.Sequential(nn.Linear(n, m), ACT, nn.Linear(m, 1)), or any module whose children are
        exactly those three layers; ACT one of Sigmoid, Tanh, Softplus (beta 1), SiLU, ReLU, or a module
        named Exp. The weights are read exactly in the module's dtype."""
        return _from_torch(module)


_TORCH_ACTIVATIONS = {"Sigmoid": "sigmoid", "Tanh": "tanh", "SiLU": "silu", "ReLU": "relu", "Exp": "exp"}


def _from_torch(module: Any) -> Network:
    try:
        import torch
    except ImportError as e:  # pragma: no cover - torch is a test dependency
        raise TypeError("Network.from_torch needs PyTorch") from e
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"expected a torch.nn.Module, got {type(module).__name__}")
    layers = list(module.children())
    names = [type(x).__name__ for x in layers]
    shape = "nn.Sequential(nn.Linear(n, m), ACT, nn.Linear(m, 1))"
    if len(layers) != 3 or not isinstance(layers[0], torch.nn.Linear) or not isinstance(layers[2], torch.nn.Linear):
        raise ValueError(f"unsupported module {type(module).__name__}({', '.join(names)}): expected {shape}"
                         + (" (only one hidden layer is supported)" if len(layers) > 3 else ""))
    act_name = type(layers[1]).__name__
    if act_name == "Softplus" and (layers[1].beta != 1):
        raise ValueError("Softplus with beta != 1 is not supported (sigma(t) = log(1 + e^t))")
    activation = "softplus" if act_name == "Softplus" else _TORCH_ACTIVATIONS.get(act_name)
    if activation is None:
        raise ValueError(f"unsupported activation {act_name}: expected Sigmoid, Tanh, Softplus, SiLU, ReLU or Exp")
    hidden, output = layers[0], layers[2]
    if output.out_features != 1:
        raise ValueError(f"output width {output.out_features}: a network for a product has one output")
    if output.in_features != hidden.out_features:
        raise ValueError(f"the output layer takes {output.in_features} inputs but the hidden layer has "
                         f"{hidden.out_features} neurons")
    a = hidden.weight.detach().cpu().numpy().T
    b = hidden.bias.detach().cpu().numpy() if hidden.bias is not None else None
    w = output.weight.detach().cpu().numpy()[0]
    c = output.bias.detach().cpu().numpy()[0] if output.bias is not None else None
    return Network(a, w, b, c, activation=activation, dtype=_dtype_of(hidden.weight))


def load(path: str | os.PathLike, format: str = "auto") -> Network:
    """A network file in any format rank-check reads (JSON, text, PyTorch state_dict JSON, ONNX)."""
    info = _noflat.read_network(os.fspath(path), format)
    doc = json.loads(info["json"])
    precisions = set(info["precisions"].values())
    dtype = precisions.pop() if len(precisions) == 1 and precisions <= _FLOAT_DTYPES else None
    return Network(doc["a"], doc["w"], doc.get("b"), doc.get("c"), activation=info["activation"], dtype=dtype)


# ------------------------------------------------------------------ results

_RATIONAL = re.compile(r"^-?\d+(/\d+)?$")
_INTERVAL = re.compile(r"^\[\s*(\S+),\s*(\S+)\s*\]$")
_EXACT_KEYS = {"coefficient", "expected", "max_residual_exact", "tolerance", "lower", "upper", "witness",
               "weights", "points", "value", "max_change"}


def _convert(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _convert(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(key, v) for v in value]
    if isinstance(value, str) and key in _EXACT_KEYS:
        if _RATIONAL.match(value):
            return Fraction(value)
        m = _INTERVAL.match(value)
        if m:
            try:
                return (Fraction(m.group(1)), Fraction(m.group(2)))
            except ValueError:
                return value
    return value


class Result:
    """A tool's JSON object as attributes (exact strings as Fractions, "[lo, hi]" as pairs).

    ``to_dict()`` is the tool's ``--json`` object unchanged; ``status`` its exit status."""

    def __init__(self, tool: str, data: dict, status: int = 0):
        self._tool = tool
        self._data = data
        self._status = status

    @property
    def status(self) -> int:
        """The tool's exit status (0 ok, 1 refuted / exceeds, 4 unknown / interrupted)."""
        return self._data.get("status", self._status)

    def to_dict(self) -> dict:
        return json.loads(json.dumps(self._data))

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("_data", {})
        if name in data:
            return _convert(name, data[name])
        raise AttributeError(f"{self.__dict__.get('_tool', 'result')} result has no key {name!r} "
                             f"(keys: {', '.join(data)})")

    def __dir__(self) -> Iterable[str]:
        return list(super().__dir__()) + list(self._data)

    @property
    def verified(self) -> bool:
        """The verdict is 'verified' (an exact gate, rank certified)."""
        return self._data.get("verdict") == "verified"

    def _headline(self) -> list:
        keys = ["verdict", "n", "m", "target", "rank", "max_residual", "lower", "upper", "status"]
        return [(k, self._data[k]) for k in keys if k in self._data]

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._headline())
        return f"<noflat {self._tool}: {inner}>"

    def _repr_html_(self) -> str:
        from html import escape
        rows = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                       for k, v in self._data.items() if not isinstance(v, (list, dict)))
        return f"<table><caption>noflat {escape(self._tool)}</caption>{rows}</table>"


# ------------------------------------------------------------------ running the tools

def _tool_options(tool: str) -> set:
    return set(re.findall(r"^\s+(?:-\w, )?(--[a-z0-9-]+)", _noflat.help(tool), re.M))


def _arguments(tool: str, options: dict) -> list:
    """Keyword arguments as the tool's options: rank=False -> --no-rank, flag=True -> --flag, lists
    joined by commas, Fractions as p/q, None omitted."""
    known = _tool_options(tool)
    args = []
    for name, value in options.items():
        if value is None:
            continue
        flag = "--" + name.replace("_", "-")
        if value is False and "--no-" + name.replace("_", "-") in known:
            args.append("--no-" + name.replace("_", "-"))
            continue
        if value is True and "--no-" + name.replace("_", "-") in known and flag not in known:
            continue
        if flag not in known:
            close = difflib.get_close_matches(flag, known, n=1)
            hint = f" (did you mean {close[0][2:].replace('-', '_')}?)" if close else ""
            raise TypeError(f"{tool}: unexpected keyword argument {name!r}{hint}")
        if value is True:
            args.append(flag)
        elif value is False:
            continue
        elif isinstance(value, (list, tuple)):
            args.append(f"{flag}={','.join(_option_text(v) for v in value)}")
        else:
            args.append(f"{flag}={_option_text(value)}")
    return args


def _option_text(value: Any) -> str:
    if isinstance(value, Fraction):
        return _text(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _progress_printer(line: str) -> None:
    import sys
    sys.stderr.write("\r" + line[:160].ljust(80))
    sys.stderr.flush()


def _run(tool: str, args: list, progress: Any = None) -> tuple:
    """Runs the tool with --json: (exit status, its JSON objects (JSON Lines)). progress: True prints the tool's
    progress lines on one stderr line, a callable receives each line, None/False hides them."""
    if progress is True:
        callback = _progress_printer
    elif callable(progress):
        callback = progress
    else:
        callback = (lambda line: None)
    status, output = _noflat.run(tool, args + ["--json"], callback)
    if progress is True:
        import sys
        sys.stderr.write("\n")
    objects = [json.loads(line) for line in output.splitlines() if line.strip()]
    for obj in objects:
        if obj.get("error"):
            if obj.get("error_type") == "limit":
                raise LimitError(obj["error"])
            if obj.get("error_type") == "internal":
                raise RuntimeError(obj["error"])
            raise ValueError(obj["error"])
    if not objects:
        raise RuntimeError(f"{tool} gave no result (status {status})")
    return status, objects


def _network_file(network: Any, directory: str) -> str:
    """A path rank-check can read: files as they are, Networks and torch modules as exact JSON."""
    if isinstance(network, (str, os.PathLike)):
        return os.fspath(network)
    if not isinstance(network, Network):
        network = _from_torch(network)
    path = os.path.join(directory, "network.json")
    network.save(path)
    return path


def certify_approx(network: Any = None, *, gate: Optional[int] = None, box: Any = None, progress: Any = None,
                   **options: Any) -> Any:
    """The certified worst-case error of a network against x^r on a box: lower <= max |f - x^r| <= upper.

    network: a Network, a torch module or a network file; or gate=N for the paper's gate (with
    activation=..., bias=..., scale=...). box: (lo, hi) for every coordinate, or one (lo, hi) per input
    (exact: Fractions or strings like "1/2"). Other options as certify-approx's (scale, epsilon, gap,
    target, sweep, max_work, max_seconds). progress: True for a progress line on stderr, or a callable
    receiving each line. One Result (a list for a sweep).
    """
    args = []
    if box is not None:
        pairs = [box] if len(box) == 2 and not isinstance(box[0], (list, tuple)) else list(box)
        spec = ",".join(f"{_option_text(_exact(lo, 'box'))}..{_option_text(_exact(hi, 'box'))}" for lo, hi in pairs)
        args.append(f"--box={spec}")
    if gate is not None:
        args.append(f"--gate={int(gate)}")
    with tempfile.TemporaryDirectory() as d:
        if network is not None:
            args.insert(0, _network_file(network, d))
        status, objects = _run("certify-approx", args + _arguments("certify-approx", options), progress)
    results = [Result("certify-approx", o, status) for o in objects]
    return results[0] if len(results) == 1 else results


def prove_minimal(n: int, m: int, domain: Any, *, progress: Any = None, **options: Any) -> Result:
    """Decides by exhaustive exact search, for every n x m input-weight matrix with entries in `domain`,
    whether output weights satisfying (A2)/(A3) exist; options as prove-minimal's (activation, target,
    symmetry, certificate=PATH, checkpoint, resume, shard, threads, self_check).

    domain: "lo..hi", "{v1,v2,...}", "Fp", a (lo, hi) pair of integers or a list of exact values.
    progress: True for a progress line on stderr, or a callable receiving each line. Ctrl-C stops the
    search between work units (the certificate is then marked incomplete) and raises KeyboardInterrupt.
    """
    if isinstance(domain, tuple) and len(domain) == 2:
        domain = f"{int(domain[0])}..{int(domain[1])}"
    elif isinstance(domain, (list, set, frozenset)):
        domain = "{" + ",".join(_text(_exact(v, "domain")) for v in domain) + "}"
    args = [str(int(n)), str(int(m)), f"--domain={domain}"]
    if progress is None or progress is False:
        options.setdefault("quiet", True)
    status, objects = _run("prove-minimal", args + _arguments("prove-minimal", options), progress)
    return Result("prove-minimal", objects[0], status)


def rank_check(network: Any, **options: Any) -> Result:
    """Checks the identities (A2)/(A3) of a network exactly and computes the certified rank of A (A7).

    network: a Network, a torch module (Network.from_torch; the activation is read from it), or a
    path to a network file in any format. Options are rank-check's (below), e.g. target="x1^2*x2",
    activation="tanh", tolerance=1e-3, snap=True, rank=False, threads=2. Returns a Result with the
    keys of `rank-check --json` (verdict, rank, max_residual, failures, ...).
    """
    with tempfile.TemporaryDirectory() as d:
        path = _network_file(network, d)
        status, objects = _run("rank-check", [path] + _arguments("rank-check", options))
    return Result("rank-check", objects[0], status)


def verify_product(n: int, **options: Any) -> Result:
    """Builds the paper's 2^n-neuron product gate (A4) and checks it exactly; options as verify-product's."""
    status, objects = _run("verify-product", [str(int(n))] + _arguments("verify-product", options))
    return Result("verify-product", objects[0], status)


def verify_monomial(r: Any, **options: Any) -> Result:
    """The grid gate for the monomial x^r (exponents as a list or "2,0,1" or "x1^2*x3" with vars=N)."""
    spec = ",".join(str(int(v)) for v in r) if isinstance(r, (list, tuple)) else str(r)
    status, objects = _run("verify-monomial", [spec] + _arguments("verify-monomial", options))
    return Result("verify-monomial", objects[0], status)


def evaluate_gate(n: Optional[int] = None, **options: Any) -> Any:
    """A product gate at finite scale lambda with certified errors; one Result per activation (a list
    when several are asked for). Options as evaluate-gate's (activation, bias, lam → use `lambda_`,
    points, seed, at, coefficients, network)."""
    if "lambda_" in options:
        options["lambda"] = options.pop("lambda_")
    network = options.pop("network", None)
    activations = options.pop("activation", None)
    args = [str(int(n))] if n is not None else []
    with tempfile.TemporaryDirectory() as d:
        if network is not None:
            args += ["--network", _network_file(network, d)]
        for act in ([activations] if isinstance(activations, str) else activations or []):
            args += ["--activation", act]
        status, objects = _run("evaluate-gate", args + _arguments("evaluate-gate", options))
    results = [Result("evaluate-gate", o, status) for o in objects]
    return results[0] if len(results) == 1 else results


def _binary(name: str) -> str:
    """A tool binary: $NOFLAT_BIN, the build tree (build/python/noflat -> build/bin), the install
    prefix (PREFIX/lib/python3/dist-packages/noflat -> PREFIX/bin), then PATH."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("NOFLAT_BIN", ""), os.path.join(here, "..", "..", "bin"),
                  os.path.join(here, "..", "..", "..", "..", "bin")]
    for directory in candidates:
        path = os.path.join(directory, name)
        if directory and os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found (set NOFLAT_BIN to the directory of the noflat tools)")
    return found


def check_proof(path: str | os.PathLike, threads: Optional[int] = None) -> Result:
    """Checks a prove-minimal certificate with the independent GMP-only checker (the check-proof
    program, run as a separate process so that no engine code takes part).

    Returns a Result with `verified` (True for "s VERIFIED"), `status` (0 verified, 1 not, 2 unreadable),
    `comments` (its "c ..." lines: claim, case split, witnesses, conclusion) and `verdict_line`.
    """
    args = [_binary("check-proof"), os.fspath(path)]
    if threads is not None:
        args.append(f"--threads={int(threads)}")
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode == 2:
        raise ValueError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "check-proof: status 2")
    lines = proc.stdout.splitlines()
    data = {
        "file": os.fspath(path),
        "status": proc.returncode,
        "verdict": "verified" if "s VERIFIED" in lines else "not verified",
        "verdict_line": next((l for l in reversed(lines) if l.startswith("s ")), ""),
        "comments": [l[2:] for l in lines if l.startswith("c ")],
    }
    return Result("check-proof", data, proc.returncode)


def _set_docs() -> None:
    for function, tool in ((rank_check, "rank-check"), (verify_product, "verify-product"),
                           (verify_monomial, "verify-monomial"), (evaluate_gate, "evaluate-gate"),
                           (certify_approx, "certify-approx"), (prove_minimal, "prove-minimal")):
        function.__doc__ = (function.__doc__ or "") + "\n\nThe tool's options (keyword arguments: --max-failures " \
            "is max_failures, --no-rank is rank=False):\n\n" + _noflat.help(tool)


_set_docs()
