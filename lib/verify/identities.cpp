#include "verify/identities.hpp"

#include <algorithm>
#include <tuple>

#include "core/error.hpp"

namespace nf {

IdentityChecker::IdentityChecker(const Activation& activation, const Target& target, unsigned max_failures)
    : activation_(activation), target_(target), max_failures_(max_failures) {
  const unsigned d = target.degree();
  if (d == 0) throw InputError("the target monomial has degree 0: nothing to check");
  report_.degree = d;
  report_.degrees.resize(d + 1);
  for (unsigned k = 0; k <= d; ++k) {
    sigma_.push_back(activation.sigma(k));
    report_.degrees[k].k = k;
    report_.degrees[k].imposed = !sigma_[k].is_zero();
  }
}

void IdentityChecker::on_degree(unsigned k, std::uint64_t monomials) {
  if (k < report_.degrees.size()) report_.degrees[k].monomials = monomials;
}

// sigma_k * c for an exact sigma_k; c itself for a symbolic one (generic: the
// top coefficient is normalized to 1, lower ones only need c = 0).
mpq_class IdentityChecker::scaled(unsigned k, const mpq_class& coefficient) const {
  return sigma_[k].kind == SigmaCoefficient::Kind::Rational ? mpq_class(sigma_[k].value * coefficient) : coefficient;
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
  IdentityFailure f{k, r, coefficient, expected};
  if (kept.size() == max_failures_ && (max_failures_ == 0 || !before(f, kept.back()))) return;
  kept.insert(std::upper_bound(kept.begin(), kept.end(), f, before), f);
  if (kept.size() > max_failures_) kept.pop_back();
}

IdentityReport IdentityChecker::finish() {
  const unsigned d = report_.degree;
  if (report_.degrees[d].imposed && !target_seen_) record_failure(d, target_.r, 0, 1);
  return report_;
}

}  // namespace nf
