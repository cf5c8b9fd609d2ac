#include "verify/identities.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

namespace {

constexpr mpfr_prec_t kSymbolPrecision = 256;

// A short scientific decimal of a double.
std::string sci(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// ln 2 enclosed (softplus sigma_0 at b = 0).
Interval ln2(mpfr_prec_t prec) { return Interval(mpq_class(1), prec).log1p(); }

Interval as_interval(const CoefficientValue& v, mpfr_prec_t prec) {
  return v.exact ? Interval(v.value, prec) : *v.enclosure;
}

}  // namespace

// ---------------------------------------------------------------- values

CoefficientValue CoefficientValue::of(const mpq_class& q) {
  CoefficientValue v;
  v.value = q;
  return v;
}

std::string CoefficientValue::text() const {
  if (exact) return to_string(value);
  if (!symbolic.empty()) return symbolic;
  return enclosure->to_string(17);
}

std::string CoefficientValue::decimal() const {
  if (!exact) return sci(enclosure->mid_double());
  // 20 significant digits of the exact value (a double would round 1 - 6.4e-17 to 1 - 1.1e-16).
  mpfr_t t;
  mpfr_init2(t, 128);
  mpfr_set_q(t, value.get_mpq_t(), MPFR_RNDN);
  char buf[64];
  mpfr_snprintf(buf, sizeof buf, "%.20Rg", t);
  mpfr_clear(t);
  return buf;
}

bool Residual::nonzero() const { return exact ? value != 0 : enclosure->positive(); }

bool Residual::at_most(const mpq_class& t) const {
  return exact ? value <= t : enclosure->hi_rational() <= t;
}

bool Residual::above(const mpq_class& t) const {
  return exact ? value > t : enclosure->lo_rational() > t;
}

double Residual::upper() const {
  return exact ? Interval(value, 64).hi_double() : enclosure->hi_double();
}

double Residual::lower() const {
  return exact ? Interval(value, 64).lo_double() : std::max(0.0, enclosure->lo_double());
}

std::string Residual::decimal() const {
  if (!exact) return "[" + sci(lower()) + ", " + sci(upper()) + "]";
  return sci(to_double(value));
}

bool residual_less(const Residual& x, const Residual& y) {
  if (x.exact && y.exact) return x.value < y.value;
  return x.upper() < y.upper();
}

std::string format_failure_coefficient(const IdentityFailure& f) { return f.value.text(); }

// ---------------------------------------------------------------- the checker

IdentityChecker::IdentityChecker(const Activation& activation, const Target& target, unsigned max_failures,
                                 std::optional<mpq_class> tolerance)
    : activation_(activation), target_(target), max_failures_(max_failures) {
  const unsigned d = target.degree();
  if (d == 0) throw InputError("the target monomial has degree 0: nothing to check");
  if (tolerance && *tolerance < 0) throw InputError("--tolerance must not be negative");
  report_.degree = d;
  report_.tolerance = tolerance;
  report_.degrees.resize(d + 1);
  for (unsigned k = 0; k <= d; ++k) {
    sigma_.push_back(activation.sigma(k));
    report_.degrees[k].k = k;
    set_sigma_zero(k, sigma_[k].is_zero());
  }
}

void IdentityChecker::set_sigma_zero(unsigned k, bool zero) {
  if (k >= report_.degrees.size()) return;
  report_.degrees[k].sigma_zero = zero;
  report_.degrees[k].imposed = !zero || k == report_.degree;
}

void IdentityChecker::on_degree(unsigned k, std::uint64_t monomials) {
  if (k < report_.degrees.size()) report_.degrees[k].monomials = monomials;
}

// sigma_k * c for an exact sigma_k (0 for sigma_k = 0, possible only at the
// target degree); c itself for a generic symbol (the top coefficient is
// normalized to 1, lower ones only need c = 0); c times a named symbol
// (ln 2) as an enclosure with its exact symbolic form.
CoefficientValue IdentityChecker::judged(unsigned k, const mpq_class& coefficient) const {
  const SigmaCoefficient& s = sigma_[k];
  switch (s.kind) {
    case SigmaCoefficient::Kind::Zero: return CoefficientValue::of(0);
    case SigmaCoefficient::Kind::Rational: return CoefficientValue::of(s.value * coefficient);
    case SigmaCoefficient::Kind::NonzeroSymbol: break;
  }
  if (s.symbol.empty() || coefficient == 0) return CoefficientValue::of(coefficient);
  CoefficientValue v;
  v.exact = false;
  v.enclosure = Interval(coefficient, kSymbolPrecision) * ln2(kSymbolPrecision);
  v.symbolic = coefficient == 1    ? s.symbol
               : coefficient == -1 ? "-" + s.symbol
                                   : to_string(coefficient) + "*" + s.symbol;
  return v;
}

void IdentityChecker::on_term(unsigned k, const Exponents& r, const mpq_class& coefficient) {
  if (k >= report_.degrees.size()) return;
  on_value(k, r, judged(k, coefficient));
}

void IdentityChecker::on_value(unsigned k, const Exponents& r, const CoefficientValue& value) {
  if (k >= report_.degrees.size() || !report_.degrees[k].imposed) return;
  const bool is_target = k == report_.degree && r == target_.r;
  if (is_target) target_seen_ = true;
  const mpq_class expected = is_target ? 1 : 0;
  Residual residual;
  if (value.exact) {
    residual.value = abs(value.value - expected);
  } else {
    residual.exact = false;
    residual.enclosure = (as_interval(value, kSymbolPrecision) - Interval(expected, kSymbolPrecision)).abs();
  }
  if (residual.is_zero()) return;
  record(k, r, value, expected, std::move(residual));
}

void IdentityChecker::record(unsigned k, const Exponents& r, const CoefficientValue& value, const mpq_class& expected,
                             Residual residual) {
  DegreeCheck& dc = report_.degrees[k];
  note_residual(k, r, residual);
  bool exceeds = false;
  if (report_.tolerance) {
    exceeds = residual.above(*report_.tolerance);
    if (exceeds) ++report_.exceeding;
    else if (!residual.at_most(*report_.tolerance)) ++report_.tolerance_undecided;
  }
  if (!residual.nonzero()) {
    ++dc.undecided;
    ++report_.undecided;
    return;
  }
  report_.holds = false;
  dc.holds = false;
  ++dc.failures;
  ++report_.failure_count;
  keep_failure(IdentityFailure{k, r, value, expected, std::move(residual), exceeds});
}

void IdentityChecker::note_residual(unsigned k, const Exponents& r, const Residual& residual) {
  DegreeCheck& dc = report_.degrees[k];
  if (!dc.max_residual || residual_less(*dc.max_residual, residual)) {
    dc.max_residual = residual;
    dc.max_monomial = r;
  }
  if (!report_.max_residual || residual_less(*report_.max_residual, residual)) {
    report_.max_residual = residual;
    report_.max_residual_degree = k;
    report_.max_residual_monomial = r;
  }
}

// Keeps the first max_failures_ by (degree, monomial in descending lex order).
void IdentityChecker::keep_failure(IdentityFailure f) {
  auto& kept = report_.failures;
  auto before = [](const IdentityFailure& x, const IdentityFailure& y) {
    return std::tie(x.k, y.r) < std::tie(y.k, x.r);
  };
  if (kept.size() == max_failures_ && (max_failures_ == 0 || !before(f, kept.back()))) return;
  auto at = std::upper_bound(kept.begin(), kept.end(), f, before);
  kept.insert(at, std::move(f));
  if (kept.size() > max_failures_) kept.pop_back();
}

// The identities fail only at x^r and only by a factor V != 1: every other
// coefficient is exactly as required, so multiplying w and c by 1/V makes
// them exact.
void IdentityChecker::find_scale_hint() {
  if (report_.failure_count != 1 || report_.undecided != 0 || report_.failures.size() != 1) return;
  const IdentityFailure& f = report_.failures.front();
  if (f.k != report_.degree || f.r != target_.r) return;
  const CoefficientValue& v = f.value;
  const std::string d = std::to_string(report_.degree);
  if (v.exact && v.value == 0) return;
  if (v.exact) {
    report_.scale_hint = "the identities fail only by a factor: the coefficient of " + format_monomial(target_.r) +
                         " is " + to_string(v.value) + " instead of 1, so multiplying the output weights w (and c) by " +
                         to_string(mpq_class(1 / v.value)) + " makes them exact";
    const SigmaCoefficient& s = sigma_[report_.degree];
    if (s.kind == SigmaCoefficient::Kind::Rational && v.value == s.value)
      report_.scale_hint += " (the weights look normalized for the generic activation: divide them by sigma_" + d +
                            " = " + to_string(s.value) + ")";
    return;
  }
  report_.scale_hint = "the identities fail only by a factor: the coefficient of " + format_monomial(target_.r) + " is " +
                       v.text() + " instead of 1 (w and c need rescaling by its inverse, e.g. by 1/sigma_" + d +
                       "(b) when the weights were normalized for sigma_" + d + " = 1)";
}

IdentityReport IdentityChecker::finish() {
  const unsigned d = report_.degree;
  if (!target_seen_) on_value(d, target_.r, CoefficientValue::of(0));
  find_scale_hint();
  return report_;
}

}  // namespace nf
