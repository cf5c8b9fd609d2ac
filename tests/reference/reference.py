"""An independent reference for the identities (A2)/(A3) and the rank of A (A7).

Written from the definitions, sharing no code with lib/: exact rationals from
Python's `fractions`, polynomials as dictionaries, Taylor coefficients of the
activations from their power series.

  f(x) = sum_j w_j sigma(a_j . x),  sigma(t) = sum_k sigma_k t^k,
  P_k(x) = sum_j w_j (a_j . x)^k   (expanded by repeated multiplication),
  identity at degree k <= d:  sigma_k P_k = [k = d] x^r,
  imposed when sigma_k != 0 or k = d (sigma_d = 0 makes (A2) impossible),
  A_{s,j} = prod_h a_hj^(s_h) for every s <= r, and its rank over Q.
"""
from fractions import Fraction
from math import factorial

LN2 = "ln(2)"


def series_inverse(c, count):
    """1 / (c_0 + c_1 t + ...) to `count` terms (c_0 != 0)."""
    inv = [Fraction(0)] * count
    inv[0] = 1 / c[0]
    for k in range(1, count):
        s = sum((c[i] if i < len(c) else 0) * inv[k - i] for i in range(1, k + 1))
        inv[k] = -s / c[0]
    return inv


def series_mul(a, b, count):
    return [sum(a[i] * b[k - i] for i in range(k + 1) if i < len(a) and k - i < len(b)) for k in range(count)]


def exp_series(count, sign=1):
    return [Fraction(sign ** k, factorial(k)) for k in range(count)]


def tanh_series(count):
    sinh = [Fraction(1, factorial(k)) if k % 2 else Fraction(0) for k in range(count)]
    cosh = [Fraction(0) if k % 2 else Fraction(1, factorial(k)) for k in range(count)]
    return series_mul(sinh, series_inverse(cosh, count), count)


def sigmoid_series(count):
    denominator = exp_series(count, -1)  # 1 + e^{-t}
    denominator[0] += 1
    return series_inverse(denominator, count)


def sigma(spec, k):
    """sigma_k as ('zero'|'rational'|'symbol', value, symbol)."""
    if spec == "generic":
        return ("symbol", None, "")
    if spec == "exp":
        value = Fraction(1, factorial(k))
    elif spec == "tanh":
        value = tanh_series(k + 1)[k]
    elif spec == "sigmoid":
        value = sigmoid_series(k + 1)[k]
    elif spec == "silu":  # t * sigmoid(t)
        value = Fraction(0) if k == 0 else sigmoid_series(k)[k - 1]
    elif spec == "softplus":  # log(1 + e^t): derivative sigmoid, value ln 2 at 0
        if k == 0:
            return ("symbol", None, LN2)
        value = sigmoid_series(k)[k - 1] / k
    elif spec.startswith("poly:"):
        coefficients = [Fraction(c) for c in spec[5:].split(",")]
        value = coefficients[k] if k < len(coefficients) else Fraction(0)
    else:
        raise ValueError("unknown activation " + spec)
    return ("zero", Fraction(0), "") if value == 0 else ("rational", value, "")


def poly_mul(p, q):
    out = {}
    for e1, c1 in p.items():
        for e2, c2 in q.items():
            e = tuple(x + y for x, y in zip(e1, e2))
            out[e] = out.get(e, 0) + c1 * c2
    return {e: c for e, c in out.items() if c != 0}


def expansion(a, w, d):
    """P_k for k = 0..d as dictionaries exponent tuple -> Fraction."""
    n, m = len(a), len(w)
    zero = tuple([0] * n)
    P = [dict() for _ in range(d + 1)]
    for j in range(m):
        linear = {}
        for i in range(n):
            if a[i][j] != 0:
                e = [0] * n
                e[i] = 1
                linear[tuple(e)] = a[i][j]
        power = {zero: Fraction(1)}
        for k in range(d + 1):
            for e, c in power.items():
                P[k][e] = P[k].get(e, 0) + w[j] * c
            power = poly_mul(power, linear)
    return [{e: c for e, c in Pk.items() if c != 0} for Pk in P]


def monomials_of_degree(n, k):
    return factorial(n + k - 1) // (factorial(k) * factorial(n - 1))


def format_rational(q):
    return str(q.numerator) if q.denominator == 1 else "%d/%d" % (q.numerator, q.denominator)


def format_monomial(e):
    parts = []
    for i, x in enumerate(e):
        if x == 1:
            parts.append("x%d" % (i + 1))
        elif x > 1:
            parts.append("x%d^%d" % (i + 1, x))
    return "*".join(parts) if parts else "1"


def format_coefficient(value, symbol):
    if not symbol or value == 0:
        return format_rational(value)
    if value == 1:
        return symbol
    if value == -1:
        return "-" + symbol
    return format_rational(value) + "*" + symbol


def identities(a, w, spec, r):
    """The report: degrees, failures (ordered by degree, then monomial descending), hypothesis."""
    n, d = len(a), sum(r)
    P = expansion(a, w, d)
    degrees, failures, vanishing = [], [], []
    for k in range(d + 1):
        kind, value, symbol = sigma(spec, k)
        if kind == "zero":
            vanishing.append(k)
        imposed = kind != "zero" or k == d
        found = []
        if imposed:
            coefficients = dict(P[k])
            if k == d:
                coefficients.setdefault(tuple(r), Fraction(0))
            for e, c in coefficients.items():
                scaled = c * value if kind in ("rational", "zero") else c
                expected = Fraction(1) if (k == d and e == tuple(r)) else Fraction(0)
                if scaled != expected:
                    found.append({"k": k, "monomial": e, "coefficient": format_coefficient(scaled, symbol),
                                  "expected": format_rational(expected)})
        degrees.append({"k": k, "monomials": monomials_of_degree(n, k), "sigma_zero": kind == "zero",
                        "imposed": imposed, "holds": not found})
        found.sort(key=lambda f: tuple(-x for x in f["monomial"]))
        failures.extend(found)
    for f in failures:
        f["monomial"] = format_monomial(f["monomial"])
    return {"degrees": degrees, "failures": failures, "failure_count": len(failures),
            "identities_hold": not failures, "vanishing_degrees": vanishing, "hypothesis_holds": not vanishing}


def rank_over_q(rows):
    rows = [list(row) for row in rows]
    rank, cols = 0, len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [x - factor * y for x, y in zip(rows[i], rows[rank])]
        rank += 1
    return rank


def subset_matrix(a, r):
    """A_{s,j} = prod_h a_hj^(s_h) for every s <= r (A7)."""
    exponents = [()]
    for bound in r:
        exponents = [s + (e,) for s in exponents for e in range(bound + 1)]
    m = len(a[0])
    rows = []
    for s in exponents:
        row = []
        for j in range(m):
            v = Fraction(1)
            for h, e in enumerate(s):
                v *= a[h][j] ** e
            row.append(v)
        rows.append(row)
    return rows


def reference_report(a, w, spec, r):
    """Everything rank-check --json decides: identities, rank, status."""
    report = identities(a, w, spec, r)
    A = subset_matrix(a, r)
    report["rows"] = len(A)
    report["rank"] = rank_over_q(A)
    report["full_row_rank"] = report["rank"] == report["rows"]
    counterexample = report["identities_hold"] and report["hypothesis_holds"] and not report["full_row_rank"]
    report["status"] = 3 if counterexample else (0 if report["identities_hold"] else 1)
    report["verdict"] = "verified" if report["identities_hold"] else "refuted"
    return report
