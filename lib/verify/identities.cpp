#include "verify/identities.hpp"

#include <algorithm>
#include <tuple>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

std::string format_failure_coefficient(const IdentityFailure& f) {
  if (f.factor.empty()) return to_string(f.coefficient);
  if (f.coefficient == 1) return f.factor;
  if (f.coefficient == -1) return "-" + f.factor;
  return to_string(f.coefficient) + "*" + f.factor;
}

IdentityChecker::IdentityChecker(const Activation& activation, const Target& target, unsigned max_failures)
    : activation_(activation), target_(target), max_failures_(max_failures) {
  const unsigned d = target.degree();
  if (d == 0) throw InputError("the target monomial has degree 0: nothing to check");
  report_.degree = d;
  report_.degrees.resize(d + 1);
  for (unsigned k = 0; k <= d; ++k) {
    sigma_.push_back(activation.sigma(k));
    report_.degrees[k].k = k;
    report_.degrees[k].sigma_zero = sigma_[k].is_zero();
    report_.degrees[k].imposed = !sigma_[k].is_zero() || k == d;
  }
}

void IdentityChecker::on_degree(unsigned k, std::uint64_t monomials) {
  if (k < report_.degrees.size()) report_.degrees[k].monomials = monomials;
}

// sigma_k * c for an exact sigma_k (0 for sigma_k = 0, possible only at the
// target degree); c itself for a symbolic one (generic: the top coefficient
// is normalized to 1, lower ones only need c = 0; a named symbol such as
// ln 2 is carried as the failure's factor).
mpq_class IdentityChecker::scaled(unsigned k, const mpq_class& coefficient) const {
  switch (sigma_[k].kind) {
    case SigmaCoefficient::Kind::Zero: return 0;
    case SigmaCoefficient::Kind::Rational: return sigma_[k].value * coefficient;
    case SigmaCoefficient::Kind::NonzeroSymbol: return coefficient;
  }
  return coefficient;
}

void IdentityChecker::on_term(unsigned k, const Exponents& r, const mpq_class& coefficient) {
  if (k >= report_.degrees.size()) return;
  if (!report_.degrees[k].imposed) return;
  const bool is_target = k == report_.degree && r == target_.r;
  const mpq_class value = scaled(k, coefficient);
  const mpq_class expected = is_target ? 1 : 0;
  if (is_target) target_seen_ = true;
  if (value != expected) record_failure(k, r, value, expected);
}

void IdentityChecker::record_failure(unsigned k, const Exponents& r, const mpq_class& coefficient,
                                     const mpq_class& expected) {
  report_.holds = false;
  report_.degrees[k].holds = false;
  ++report_.degrees[k].failures;
  ++report_.failure_count;
  auto& kept = report_.failures;
  // Keep the first max_failures_ by (degree, monomial in descending lex order).
  auto before = [](const IdentityFailure& x, const IdentityFailure& y) {
    return std::tie(x.k, y.r) < std::tie(y.k, x.r);
  };
  IdentityFailure f{k, r, coefficient, expected, coefficient == 0 ? std::string() : sigma_[k].symbol};
  if (kept.size() == max_failures_ && (max_failures_ == 0 || !before(f, kept.back()))) return;
  kept.insert(std::upper_bound(kept.begin(), kept.end(), f, before), f);
  if (kept.size() > max_failures_) kept.pop_back();
}

IdentityReport IdentityChecker::finish() {
  const unsigned d = report_.degree;
  if (!target_seen_) record_failure(d, target_.r, 0, 1);
  return report_;
}

}  // namespace nf
