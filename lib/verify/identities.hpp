// The identities (A2)/(A3), generalized to a target monomial x^r of degree d:
//
//   sigma_k P_k(x) = [k = d] x^r     for 0 <= k <= d,
//
// where P_k is the degree-k part of sum_j w_j (a_j . x)^k (expansion.hpp).
// A degree k < d with sigma_k = 0 imposes nothing (sigma_k P_k = 0 whatever
// P_k is).  The target degree d is always imposed: with sigma_d = 0 the
// identity sigma_d P_d = x^r is impossible, and the checker records the
// failure at x^r (coefficient 0, expected 1).  With the generic activation
// every sigma_k is a nonzero symbol normalized so that sigma_d = 1: the
// identities read P_d = x^r and P_k = 0 for k < d.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "model/activation.hpp"
#include "model/target.hpp"
#include "poly/expansion.hpp"

namespace nf {

struct DegreeCheck {
  unsigned k = 0;
  std::uint64_t monomials = 0;  // monomials of degree k examined
  bool sigma_zero = false;      // sigma_k = 0
  bool imposed = true;          // false when sigma_k = 0 and k < d
  bool holds = true;
  std::uint64_t failures = 0;   // monomials whose coefficient is wrong
};

// One offending monomial: the coefficient of x^r in sigma_k P_k, and the
// value the identity requires.  For a symbolic sigma_k the coefficient is
// that of P_k times `factor`: empty for the generic symbols (normalized
// away), "ln(2)" for softplus sigma_0.
struct IdentityFailure {
  unsigned k = 0;
  Exponents r;
  mpq_class coefficient;
  mpq_class expected;
  std::string factor = {};
};

// The coefficient as text: "-1/8", or with a factor "-1/8*ln(2)", "ln(2)", "-ln(2)".
std::string format_failure_coefficient(const IdentityFailure& f);

struct IdentityReport {
  unsigned degree = 0;  // d
  std::vector<DegreeCheck> degrees;
  bool holds = true;
  std::uint64_t failure_count = 0;
  std::vector<IdentityFailure> failures;  // the first few, by degree then monomial
};

// An ExpansionSink that checks the identities as terms arrive.
class IdentityChecker : public ExpansionSink {
 public:
  // Throws InputError if the target has degree 0.
  IdentityChecker(const Activation& activation, const Target& target, unsigned max_failures = 5);
  void on_degree(unsigned k, std::uint64_t monomials) override;
  void on_term(unsigned k, const Exponents& r, const mpq_class& coefficient) override;
  // Completes the check (a missing target term is a failure) and returns it.
  IdentityReport finish();

 private:
  void record_failure(unsigned k, const Exponents& r, const mpq_class& coefficient, const mpq_class& expected);
  mpq_class scaled(unsigned k, const mpq_class& coefficient) const;

  Activation activation_;
  Target target_;
  unsigned max_failures_;
  bool target_seen_ = false;
  IdentityReport report_;
  std::vector<SigmaCoefficient> sigma_;
};

}  // namespace nf
