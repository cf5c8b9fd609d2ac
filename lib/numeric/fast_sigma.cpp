#include "numeric/fast_sigma.hpp"

#include <mpfr.h>

#include <cmath>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "numeric/real_activation.hpp"

namespace nf {

namespace {

constexpr double kUnit = 0x1p-53;      // unit roundoff of double
constexpr double kInflate = 1 + 0x1p-40;  // covers the rounding of the bound arithmetic
constexpr double kTiny = 0x1p-1020;    // absolute slack for subnormal results

// A double with a bound on its distance to the exact value.
struct Approx {
  double v = 0, e = 0;
};

double rounding(double v) { return kUnit * std::fabs(v) + kTiny; }

Approx add(Approx x, Approx y) {
  const double v = x.v + y.v;
  return {v, (x.e + y.e + rounding(v)) * kInflate};
}

Approx sub(Approx x, Approx y) { return add(x, {-y.v, y.e}); }

Approx mul(Approx x, Approx y) {
  const double v = x.v * y.v;
  return {v, (std::fabs(x.v) * y.e + std::fabs(y.v) * x.e + x.e * y.e + rounding(v)) * kInflate};
}

Approx div(Approx x, double k) {  // k a small positive integer (exact in double)
  const double v = x.v / k;
  return {v, (x.e / k + rounding(v)) * kInflate};
}

// b as a double when it is exactly one (a float32 or float64 weight is).
bool exact_double(const mpq_class& b, double& out) {
  const mpz_srcptr den = b.get_den_mpz_t();
  if (mpz_popcount(den) != 1 || mpz_sizeinbase(b.get_num_mpz_t(), 2) > 53 || mpz_sizeinbase(den, 2) > 1000) return false;
  out = b.get_d();  // exact: a 53-bit numerator over a power of two
  return true;
}

// f(b) by MPFR, correctly rounded to 53 bits: from the exact double b when
// there is one, else from b at 128 bits (an input error of 2^-128 |b|).
enum class Base { Tanh, Exp, Softplus };

Approx base_value(Base f, const mpq_class& b) {
  double exact = 0;
  const bool is_double = exact_double(b, exact);
  mpfr_t x, y;
  mpfr_init2(x, is_double ? 53 : 128);
  mpfr_init2(y, 53);
  if (is_double) mpfr_set_d(x, exact, MPFR_RNDN);
  else mpfr_set_q(x, b.get_mpq_t(), MPFR_RNDN);
  double extra = 0;  // a second rounding (softplus is computed at 128 bits first)
  switch (f) {
    case Base::Tanh: mpfr_tanh(y, x, MPFR_RNDN); break;
    case Base::Exp: mpfr_exp(y, x, MPFR_RNDN); break;
    case Base::Softplus: {
      mpfr_t t;
      mpfr_init2(t, 128);
      mpfr_exp(t, x, MPFR_RNDN);
      mpfr_log1p(y, t, MPFR_RNDN);
      mpfr_clear(t);
      extra = 1;
      break;
    }
  }
  const double v = mpfr_get_d(y, MPFR_RNDN);
  mpfr_clear(x);
  mpfr_clear(y);
  if (!std::isfinite(v))
    throw LimitError("sigma(b) at b = " + to_string(b) + " overflows double precision; the float path cannot use it");
  // Derivatives of tanh, exp, softplus at b are at most max(1, e^b) = max(1, |v|) up to a factor 1 for exp.
  const double input = is_double ? 0 : 0x1p-120 * (1 + std::fabs(b.get_d())) * std::max(1.0, std::fabs(v));
  return {v, ((1 + extra) * rounding(v) + input) * kInflate};
}

// sigmoid(b) = (1 + tanh(b/2)) / 2.
Approx sigmoid_value(const mpq_class& b) {
  const Approx t = base_value(Base::Tanh, b / 2);
  const Approx sum = add({1.0, 0.0}, t);
  return {sum.v / 2, sum.e / 2 * kInflate};  // halving is exact
}

// (k+1) t_{k+1} = [k = 0] - sum t_i t_{k-i}   (tanh' = 1 - tanh^2)
// (k+1) s_{k+1} = s_k - sum s_i s_{k-i}       (sigmoid' = s - s^2)
std::vector<Approx> riccati(Approx first, unsigned count, bool tanh) {
  std::vector<Approx> t(count);
  t[0] = first;
  for (unsigned k = 0; k + 1 < count; ++k) {
    Approx s = tanh ? Approx{k == 0 ? 1.0 : 0.0, 0} : t[k];
    for (unsigned i = 0; i <= k; ++i) s = sub(s, mul(t[i], t[k - i]));
    t[k + 1] = div(s, static_cast<double>(k + 1));
  }
  return t;
}

FastSigma pack(const std::vector<Approx>& c) {
  FastSigma out;
  for (const Approx& a : c) {
    out.value.push_back(a.v);
    out.error.push_back(a.e);
  }
  return out;
}

FastSigma exact_values(const std::vector<CertifiedCoefficient>& c) {
  FastSigma out;
  for (const CertifiedCoefficient& x : c) {
    const double v = to_double(x.value);
    out.value.push_back(v);
    out.error.push_back(mpq_class(v) == x.value ? 0.0 : rounding(v) * kInflate);
  }
  return out;
}

}  // namespace

FastSigma fast_sigma(const Activation& activation, const mpq_class& bias, unsigned d) {
  if (cmp(abs(bias), 1000000) > 0) throw InputError("bias " + to_string(bias) + " is outside [-10^6, 10^6]");
  const unsigned count = d + 1;
  switch (activation.family()) {
    case Activation::Family::Generic:
      throw InputError("the generic activation has no numerical values");
    case Activation::Family::Poly:
    case Activation::Family::Relu:
      return exact_values(RealActivation(activation, bias).coefficients_at(d, 64));
    case Activation::Family::Exp: {
      std::vector<Approx> c(count);
      c[0] = base_value(Base::Exp, bias);
      for (unsigned k = 1; k < count; ++k) c[k] = div(c[k - 1], static_cast<double>(k));
      return pack(c);
    }
    case Activation::Family::Tanh: return pack(riccati(base_value(Base::Tanh, bias), count, true));
    case Activation::Family::Sigmoid: return pack(riccati(sigmoid_value(bias), count, false));
    case Activation::Family::Silu: {
      const std::vector<Approx> s = riccati(sigmoid_value(bias), count, false);
      double exact = 0;
      const Approx b = exact_double(bias, exact) ? Approx{exact, 0} : Approx{to_double(bias), rounding(to_double(bias))};
      std::vector<Approx> c(count);
      for (unsigned k = 0; k < count; ++k) c[k] = k == 0 ? mul(b, s[0]) : add(mul(b, s[k]), s[k - 1]);
      return pack(c);
    }
    case Activation::Family::Softplus: {
      const std::vector<Approx> s = count > 1 ? riccati(sigmoid_value(bias), count - 1, false)
                                              : std::vector<Approx>();
      std::vector<Approx> c(count);
      c[0] = base_value(Base::Softplus, bias);
      for (unsigned k = 1; k < count; ++k) c[k] = div(s[k - 1], static_cast<double>(k));
      return pack(c);
    }
  }
  throw InternalError("fast_sigma: unhandled activation family");
}

}  // namespace nf
