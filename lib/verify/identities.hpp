// The identities (A2)/(A3), generalized to a target monomial x^r of degree d:
//
//   sigma_k P_k(x) = [k = d] x^r     for 0 <= k <= d,
//
// where P_k is the degree-k part of sum_j w_j (a_j . x)^k (expansion.hpp).
// A degree with sigma_k = 0 imposes nothing.  With the generic activation
// every sigma_k is a nonzero symbol normalized so that sigma_d = 1: the
// identities read P_d = x^r and P_k = 0 for k < d.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <set>
#include <vector>

#include "model/activation.hpp"
#include "model/target.hpp"
#include "poly/expansion.hpp"

namespace nf {

struct DegreeCheck {
  unsigned k = 0;
  std::uint64_t monomials = 0;  // monomials of degree k examined
  bool imposed = true;          // false when sigma_k = 0
  bool holds = true;
  std::uint64_t failures = 0;   // monomials whose coefficient is wrong
};

// One offending monomial: the coefficient of x^r in sigma_k P_k (in P_k for a
// symbolic sigma_k), and the value the identity requires.
struct IdentityFailure {
  unsigned k = 0;
  Exponents r;
  mpq_class coefficient;
  mpq_class expected;
};

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
