// The identities (A2)/(A3), generalized to a target monomial x^r of degree d
// and to networks with biases f(x) = c + sum_j w_j sigma(a_j . x + b_j):
//
//   V(k, r) = [k = 0] c + k!/r! sum_j w_j sigma_k(b_j) prod_i a_ij^r_i = [k = d and r = target]
//
// for every monomial x^r of degree k <= d, where sigma_k(b) = sigma^(k)(b)/k!
// (the Taylor expansion of f at 0 has, at degree k, sum_j w_j sigma_k(b_j)
// (a_j . x)^k, plus c at k = 0).  Without biases this is sigma_k P_k(x) = [k
// = d] x^r with P_k the degree-k part of sum_j w_j (a_j . x)^k (expansion.hpp).
// A degree k < d with sigma_k = 0 for every bias imposes nothing.  The
// target degree d is always imposed: with sigma_d = 0 the identity at x^r is
// impossible (coefficient 0, expected 1).  With the generic activation every
// sigma_k is a nonzero symbol normalized so that sigma_d = 1: the identities
// read P_d = x^r and P_k = 0 for k < d.
//
// Each coefficient is exact (a rational) when every sigma_k(b_j) it involves
// is rational, and otherwise an enclosure (numeric/interval.hpp).  Its
// residual |V - expected| is then exact or enclosed: a failure is a residual
// certified nonzero; an enclosure that contains 0 leaves the coefficient
// undecided.  With a tolerance T a residual certified <= T is within it.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/activation.hpp"
#include "model/target.hpp"
#include "numeric/interval.hpp"
#include "poly/expansion.hpp"

namespace nf {

// The value of one coefficient V(k, r): exact, or enclosed (with an exact
// symbolic form when one is known, e.g. "-1/8*ln(2)" for softplus at b = 0).
struct CoefficientValue {
  bool exact = true;
  mpq_class value;                    // when exact
  std::optional<Interval> enclosure;  // when not exact
  std::string symbolic;
  static CoefficientValue of(const mpq_class& q);
  // The exact text, the symbolic form, or the enclosure "[lo, hi]".
  std::string text() const;
  // A decimal approximation ("2.0833e-2"; the midpoint of an enclosure).
  std::string decimal() const;
};

// |V - expected|: exact, or an enclosure of it (never negative).
struct Residual {
  bool exact = true;
  mpq_class value;                    // when exact
  std::optional<Interval> enclosure;  // when not exact
  bool is_zero() const { return exact && value == 0; }
  // Certified > 0.
  bool nonzero() const;
  // Certified <= t / certified > t.
  bool at_most(const mpq_class& t) const;
  bool above(const mpq_class& t) const;
  // A certified upper bound, rounded up to a double.
  double upper() const;
  double lower() const;
  // "1.0e-17" when exact (with the exact rational when short), "[lo, hi]" for an enclosure.
  std::string decimal() const;
};

// The larger of two residuals by their upper bounds (exact ones compared exactly).
bool residual_less(const Residual& x, const Residual& y);

struct DegreeCheck {
  unsigned k = 0;
  std::uint64_t monomials = 0;  // monomials of degree k examined
  bool sigma_zero = false;      // sigma_k = 0 (for every bias)
  bool imposed = true;          // false when sigma_k = 0 and k < d
  bool holds = true;            // every coefficient exactly as required
  std::uint64_t failures = 0;   // coefficients certified wrong
  std::uint64_t undecided = 0;  // enclosures that contain the required value
  // The largest residual of this degree and where (none when every residual is 0).
  std::optional<Residual> max_residual;
  Exponents max_monomial;
};

// One offending monomial: its value V(k, r), the required value and the residual.
struct IdentityFailure {
  unsigned k = 0;
  Exponents r;
  CoefficientValue value;
  mpq_class expected;
  Residual residual;
  bool exceeds_tolerance = false;  // certified above --tolerance (when one is given)
};

// The coefficient as text: "-1/8", "-1/8*ln(2)", or an enclosure.
std::string format_failure_coefficient(const IdentityFailure& f);

struct IdentityReport {
  unsigned degree = 0;  // d
  std::vector<DegreeCheck> degrees;
  bool holds = true;                // every imposed coefficient exactly as required
  std::uint64_t failure_count = 0;  // certified nonzero residuals
  std::uint64_t undecided = 0;      // enclosures containing the required value
  std::vector<IdentityFailure> failures;  // the first few, by degree then monomial
  // The largest residual over all degrees (none when every residual is 0).
  std::optional<Residual> max_residual;
  unsigned max_residual_degree = 0;
  Exponents max_residual_monomial;
  // With a tolerance T: residuals certified > T, and those neither <= T nor > T.
  std::optional<mpq_class> tolerance;
  std::uint64_t exceeding = 0;
  std::uint64_t tolerance_undecided = 0;
  // Every residual certified <= T (and some nonzero or undecided): an
  // approximate gate, not an exact one.
  bool within_tolerance() const { return tolerance && exceeding == 0 && tolerance_undecided == 0; }
  // When the identities fail only at x^r, by a factor: how to rescale w.
  std::string scale_hint;
};

// An ExpansionSink that checks the identities as terms arrive.
class IdentityChecker : public ExpansionSink {
 public:
  // Throws InputError if the target has degree 0 (or sigma is not smooth).
  IdentityChecker(const Activation& activation, const Target& target, unsigned max_failures = 5,
                  std::optional<mpq_class> tolerance = std::nullopt);
  // A network without biases: P_k's exact coefficients, judged through sigma_k.
  void on_degree(unsigned k, std::uint64_t monomials) override;
  void on_term(unsigned k, const Exponents& r, const mpq_class& coefficient) override;
  // A combined coefficient V(k, r) (networks with biases); every monomial
  // whose V is not exactly 0 must be reported once.
  void on_value(unsigned k, const Exponents& r, const CoefficientValue& value);
  // Marks sigma_k = 0 for every bias (such a degree below d imposes nothing).
  void set_sigma_zero(unsigned k, bool zero);
  // Completes the check (a missing target term has V = 0) and returns it.
  IdentityReport finish();

 private:
  void record(unsigned k, const Exponents& r, const CoefficientValue& value, const mpq_class& expected,
              Residual residual);
  void keep_failure(IdentityFailure f);
  void note_residual(unsigned k, const Exponents& r, const Residual& residual);
  CoefficientValue judged(unsigned k, const mpq_class& coefficient) const;
  void find_scale_hint();

  Activation activation_;
  Target target_;
  unsigned max_failures_;
  bool target_seen_ = false;
  IdentityReport report_;
  std::vector<SigmaCoefficient> sigma_;
};

}  // namespace nf
