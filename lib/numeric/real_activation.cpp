#include "numeric/real_activation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

namespace {

constexpr mpfr_prec_t kMaxCoefficientPrec = 16384;
constexpr unsigned kMaxCoefficientDegree = 1000;

mpz_class binomial(unsigned j, unsigned k) {
  mpz_class c;
  mpz_bin_uiui(c.get_mpz_t(), j, k);
  return c;
}

mpq_class factorial(unsigned k) {
  mpz_class f;
  mpz_fac_ui(f.get_mpz_t(), k);
  return mpq_class(f);
}

CertifiedCoefficient exact_coefficient(unsigned k, const mpq_class& v, mpfr_prec_t prec) {
  CertifiedCoefficient c;
  c.k = k;
  c.exact = true;
  c.value = v;
  c.enclosure = Interval(v, prec);
  c.sign = v == 0 ? CertifiedSign::Zero : (v > 0 ? CertifiedSign::Positive : CertifiedSign::Negative);
  return c;
}

CertifiedCoefficient enclosed_coefficient(unsigned k, Interval e) {
  CertifiedCoefficient c;
  c.k = k;
  c.exact = false;
  c.sign = e.positive() ? CertifiedSign::Positive : (e.negative() ? CertifiedSign::Negative : CertifiedSign::Unknown);
  c.enclosure = std::move(e);
  return c;
}

// Power series of the sigmoid (or tanh) at b from its value s0 by the Riccati
// recurrences in the header.
std::vector<Interval> riccati_series(const Interval& s0, unsigned count, bool is_tanh, mpfr_prec_t prec) {
  std::vector<Interval> s;
  s.reserve(count);
  s.push_back(s0);
  for (unsigned k = 0; k + 1 < count; ++k) {
    Interval conv(prec);
    for (unsigned i = 0; i <= k; ++i) conv += s[i] * s[k - i];
    Interval next(prec);
    if (is_tanh) {
      next = (k == 0 ? Interval(mpq_class(1), prec) : Interval(prec)) - conv;
    } else {
      next = s[k] - conv;
    }
    next *= Interval(mpq_class(1, k + 1), prec);
    s.push_back(std::move(next));
  }
  return s;
}

}  // namespace

std::vector<mpq_class> poly_coefficients(const Activation& activation) {
  std::vector<mpq_class> c;
  if (activation.family() != Activation::Family::Poly) return c;
  // The spec round-trips the listed coefficients: "poly:c0,c1,...".
  const std::string name = activation.name();
  const std::size_t listed = static_cast<std::size_t>(std::count(name.begin(), name.end(), ',')) + 1;
  for (std::size_t j = 0; j < listed; ++j) {
    const SigmaCoefficient s = activation.sigma(static_cast<unsigned>(j));
    c.push_back(s.kind == SigmaCoefficient::Kind::Rational ? s.value : mpq_class(0));
  }
  return c;
}

const char* to_string(CertifiedSign s) {
  switch (s) {
    case CertifiedSign::Negative: return "negative";
    case CertifiedSign::Zero: return "zero";
    case CertifiedSign::Positive: return "positive";
    case CertifiedSign::Unknown: return "unknown";
  }
  return "unknown";
}

RealActivation::RealActivation(const Activation& activation, const mpq_class& bias)
    : activation_(activation), bias_(bias) {
  if (activation.family() == Activation::Family::Generic)
    throw InputError("the generic activation has no numerical values: choose sigmoid, tanh, softplus, exp, silu "
                     "or poly:c0,c1,...");
  if (abs(bias) > 1000000) throw InputError("bias " + nf::to_string(bias) + " is outside [-10^6, 10^6]");
  if (activation.family() == Activation::Family::Poly) {
    poly_ = poly_coefficients(activation);
    for (const mpq_class& c : poly_) poly_double_.push_back(c.get_d());
  }
}

std::string RealActivation::description() const {
  return activation_.name() + ", b = " + nf::to_string(bias_);
}

namespace {

using Coefficients = std::vector<CertifiedCoefficient>;

// sigma(b + t) = sum_j c_j (b + t)^j: sigma_k(b) = sum_{j >= k} C(j, k) c_j b^(j-k), exact.
void poly_coefficients_at(const std::vector<mpq_class>& c, const mpq_class& bias, unsigned count, mpfr_prec_t prec,
                          Coefficients& out) {
  for (unsigned k = 0; k < count; ++k) {
    mpq_class v = 0, bp = 1;
    for (std::size_t j = k; j < c.size(); ++j) {
      v += mpq_class(binomial(static_cast<unsigned>(j), k)) * c[j] * bp;
      bp *= bias;
    }
    out.push_back(exact_coefficient(k, v, prec));
  }
}

// relu is linear near b != 0: max(0, b), [b > 0], then zeros.  Throws
// InputError at b = 0 (not differentiable there).
void relu_coefficients(const mpq_class& bias, unsigned count, mpfr_prec_t prec, Coefficients& out) {
  if (bias == 0) throw InputError("relu is not differentiable at b = 0: it has no Taylor coefficients there");
  for (unsigned k = 0; k < count; ++k)
    out.push_back(exact_coefficient(k, k == 0 ? (bias > 0 ? bias : mpq_class(0)) : k == 1 && bias > 0 ? 1 : 0, prec));
}

// sigma_k(0) for k in [from, count) from the activation's exact table (0
// where it has no rational value).
void table_coefficients(const Activation& activation, unsigned from, unsigned count, mpfr_prec_t prec,
                        Coefficients& out) {
  for (unsigned k = from; k < count; ++k) {
    const SigmaCoefficient s = activation.sigma(k);
    out.push_back(exact_coefficient(k, s.kind == SigmaCoefficient::Kind::Rational ? s.value : mpq_class(0), prec));
  }
}

// silu(b + t) = (b + t) sigmoid(b + t): sigma_k = b s_k + s_{k-1}.
void silu_coefficients(const Interval& b, unsigned count, mpfr_prec_t prec, Coefficients& out) {
  std::vector<Interval> s = riccati_series(b.sigmoid(), count, false, prec);
  for (unsigned k = 0; k < count; ++k) {
    Interval v = b * s[k];
    if (k > 0) v += s[k - 1];
    out.push_back(enclosed_coefficient(k, std::move(v)));
  }
}

// softplus(b) = log(1 + e^b), then sigma_k = s_{k-1} / k from the sigmoid's
// series (softplus' = sigmoid), or the exact table at b = 0.
void softplus_coefficients(const Activation& activation, const Interval& b, bool at_zero, unsigned count,
                           mpfr_prec_t prec, Coefficients& out) {
  out.push_back(enclosed_coefficient(0, b.exp().log1p()));
  if (count <= 1) return;
  if (at_zero) {
    table_coefficients(activation, 1, count, prec, out);
    return;
  }
  std::vector<Interval> s = riccati_series(b.sigmoid(), count - 1, false, prec);
  for (unsigned k = 1; k < count; ++k) out.push_back(enclosed_coefficient(k, s[k - 1] * Interval(mpq_class(1, k), prec)));
}

// Enclosures of sigma_k(b) for the transcendental families (exp, tanh,
// sigmoid, silu, softplus).  Throws InternalError for another family.
void enclosed_coefficients(const Activation& activation, const mpq_class& bias, unsigned count, mpfr_prec_t prec,
                           Coefficients& out) {
  const Interval b(bias, prec);
  switch (activation.family()) {
    case Activation::Family::Exp: {
      const Interval e = b.exp();
      for (unsigned k = 0; k < count; ++k) out.push_back(enclosed_coefficient(k, e * Interval(1 / factorial(k), prec)));
      return;
    }
    case Activation::Family::Tanh: {
      std::vector<Interval> t = riccati_series(b.tanh(), count, true, prec);
      for (unsigned k = 0; k < count; ++k) out.push_back(enclosed_coefficient(k, std::move(t[k])));
      return;
    }
    case Activation::Family::Sigmoid: {
      std::vector<Interval> s = riccati_series(b.sigmoid(), count, false, prec);
      for (unsigned k = 0; k < count; ++k) out.push_back(enclosed_coefficient(k, std::move(s[k])));
      return;
    }
    case Activation::Family::Silu: silu_coefficients(b, count, prec, out); return;
    case Activation::Family::Softplus: softplus_coefficients(activation, b, bias == 0, count, prec, out); return;
    default: break;
  }
  throw InternalError("unhandled activation family in coefficients_at");
}

}  // namespace

std::vector<CertifiedCoefficient> RealActivation::coefficients_at(unsigned max_k, mpfr_prec_t prec) const {
  if (max_k > kMaxCoefficientDegree)
    throw InputError("Taylor coefficients up to degree " + std::to_string(max_k) + " requested; the limit is " +
                     std::to_string(kMaxCoefficientDegree));
  const unsigned count = max_k + 1;
  std::vector<CertifiedCoefficient> out;
  out.reserve(count);
  const Activation::Family fam = activation_.family();
  if (fam == Activation::Family::Poly)
    poly_coefficients_at(poly_, bias_, count, prec, out);
  else if (fam == Activation::Family::Relu)
    relu_coefficients(bias_, count, prec, out);
  else if (bias_ == 0 && fam != Activation::Family::Softplus)
    table_coefficients(activation_, 0, count, prec, out);
  else
    enclosed_coefficients(activation_, bias_, count, prec, out);
  return out;
}

std::vector<CertifiedCoefficient> RealActivation::coefficients(unsigned max_k, mpfr_prec_t start_prec) const {
  mpfr_prec_t prec = std::max<mpfr_prec_t>(start_prec, 64);
  for (;;) {
    std::vector<CertifiedCoefficient> c = coefficients_at(max_k, prec);
    const bool settled = std::all_of(c.begin(), c.end(), [](const CertifiedCoefficient& x) {
      return x.exact || x.certified_nonzero();
    });
    if (settled || prec >= kMaxCoefficientPrec) return c;
    prec *= 2;
  }
}

Interval RealActivation::sigma(const Interval& u) const {
  switch (activation_.family()) {
    case Activation::Family::Exp: return u.exp();
    case Activation::Family::Tanh: return u.tanh();
    case Activation::Family::Sigmoid: return u.sigmoid();
    case Activation::Family::Silu: return u * u.sigmoid();
    case Activation::Family::Softplus: return u.exp().log1p();
    case Activation::Family::Relu: return Interval::max(u, Interval(mpq_class(0), u.precision()));
    case Activation::Family::Poly: {
      Interval r(u.precision());
      for (std::size_t j = poly_.size(); j-- > 0;) {
        r *= u;
        r += Interval(poly_[j], u.precision());
      }
      return r;
    }
    case Activation::Family::Generic: break;
  }
  throw InternalError("RealActivation::sigma on the generic activation");
}

double RealActivation::sigma(double u) const {
  switch (activation_.family()) {
    case Activation::Family::Exp: return std::exp(u);
    case Activation::Family::Tanh: return std::tanh(u);
    case Activation::Family::Sigmoid: return 1.0 / (1.0 + std::exp(-u));
    case Activation::Family::Silu: return u / (1.0 + std::exp(-u));
    case Activation::Family::Softplus: return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
    case Activation::Family::Relu: return u > 0 ? u : 0.0;
    case Activation::Family::Poly: {
      double r = 0;
      for (std::size_t j = poly_double_.size(); j-- > 0;) r = r * u + poly_double_[j];
      return r;
    }
    case Activation::Family::Generic: break;
  }
  throw InternalError("RealActivation::sigma on the generic activation");
}

double RealActivation::magnitude_bound(double r) const {
  const double R = std::abs(bias_.get_d()) + r;
  switch (activation_.family()) {
    case Activation::Family::Exp: return std::exp(R);
    case Activation::Family::Tanh: return 1.0;
    case Activation::Family::Sigmoid: return 1.0;
    case Activation::Family::Silu: return R + 1.0;
    case Activation::Family::Softplus: return R + 1.0;
    case Activation::Family::Relu: return std::max(R, 1e-300);
    case Activation::Family::Poly: {
      double s = 0, p = 1;
      for (double c : poly_double_) {
        s += std::abs(c) * p;
        p *= std::max(R, 1.0);
      }
      return std::max(s, 1e-300);
    }
    case Activation::Family::Generic: break;
  }
  return 1.0;
}

std::vector<mpq_class> bias_candidates(unsigned count) {
  std::vector<mpq_class> out;
  out.push_back(0);
  for (long h = 1; out.size() < count && h <= 64; ++h) {
    std::vector<mpq_class> level;
    // Height exactly h: p/q with max(|p|, q) = h, gcd 1, |p/q| <= 4.
    for (long q = 1; q <= h; ++q)
      for (long p = 1; p <= h; ++p) {
        if (std::max(p, q) != h || std::gcd(p, q) != 1 || p > 4 * q) continue;
        level.emplace_back(p, q);
      }
    std::sort(level.begin(), level.end());
    for (const mpq_class& v : level) {
      if (out.size() < count) out.push_back(v);
      if (out.size() < count) out.push_back(-v);
    }
  }
  return out;
}

BiasCertificate find_certified_bias(const Activation& activation, unsigned n, unsigned extra,
                                    unsigned max_candidates) {
  BiasCertificate cert;
  cert.required_degree = n;
  if (activation.family() == Activation::Family::Generic)
    throw InputError("the generic activation has no numerical values: --bias auto needs a real activation");
  if (activation.family() == Activation::Family::Poly) {
    const std::vector<mpq_class> c = poly_coefficients(activation);
    unsigned degree = 0;
    for (unsigned j = 0; j < c.size(); ++j)
      if (c[j] != 0) degree = j;
    if (degree < n) {
      cert.reason = "the polynomial has degree " + std::to_string(degree) + " < " + std::to_string(n) +
                    ": sigma_k(b) = 0 for every k > " + std::to_string(degree) + " and every b";
      return cert;
    }
  }
  for (const mpq_class& b : bias_candidates(max_candidates)) {
    ++cert.candidates_tried;
    const RealActivation real(activation, b);
    // Refining beyond n + extra is not needed to decide; compute up to n first.
    std::vector<CertifiedCoefficient> c = real.coefficients(n);
    const bool ok = std::all_of(c.begin(), c.end(), [](const CertifiedCoefficient& x) { return x.certified_nonzero(); });
    if (!ok) continue;
    cert.found = true;
    cert.bias = b;
    cert.coefficients = real.coefficients(n + extra);
    return cert;
  }
  cert.reason = "no candidate among the first " + std::to_string(cert.candidates_tried) +
                " rationals has sigma_k(b) != 0 certified for every k <= " + std::to_string(n);
  return cert;
}

}  // namespace nf
