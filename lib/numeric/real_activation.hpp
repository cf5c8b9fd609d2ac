// A real activation at a bias b: sigma(b + t) = sum_k sigma_k(b) t^k, with
// certified Taylor coefficients and enclosures of sigma on intervals.
//
// Families (nf::Activation): sigmoid, tanh, softplus, exp, silu, poly:c0,c1,...
// The generic activation has no numerical values and is refused.
//
// How sigma_k(b) is certified (every coefficient carries an Interval that
// contains the exact value; "sigma_k(b) != 0" is certified when it is an exact
// nonzero rational or its enclosure excludes 0):
//   exact rationals  poly at any rational b: sigma_k(b) = sum_{j>=k} C(j,k) c_j b^(j-k);
//                    sigmoid, tanh, silu, exp at b = 0 and softplus_k (k >= 1)
//                    at b = 0: the exact coefficients of nf::Activation.
//   intervals        otherwise, interval arithmetic (interval.hpp) on exact
//                    recurrences, started from a directed-rounding enclosure
//                    of the value at b:
//                      sigmoid: s' = s - s^2, so (k+1) s_{k+1} = s_k - sum_{i+j=k} s_i s_j
//                      tanh:    t' = 1 - t^2, so (k+1) t_{k+1} = [k=0] - sum_{i+j=k} t_i t_j
//                      exp:     e^b / k!
//                      silu:    (b+t) s(b+t), so silu_k = b s_k + s_{k-1}
//                      softplus: softplus_0 = log1p(e^b), softplus_k = s_{k-1} / k
//                    The precision starts at 256 bits and is doubled (up to
//                    16384) until every requested coefficient is exact or
//                    excludes 0.  For rational b != 0 none of these is ever 0:
//                    sigma(b) is transcendental (Lindemann-Weierstrass) and
//                    sigma_k(b) = Q_k(sigma(b)) / k! for a nonzero integer
//                    polynomial Q_k, so the doubling ends.
//
// Example: sigmoid at b = 0 has sigma_k = 1/2, 1/4, 0, -1/48, 0, 1/480 (exact);
// its sigma_2 = 0 fails the hypothesis, and find_certified_bias(sigmoid, 2)
// returns b = 1 with sigma_2(1) in [-0.0455, -0.0454] (certified < 0).
#pragma once

#include <gmpxx.h>

#include <string>
#include <vector>

#include "model/activation.hpp"
#include "numeric/interval.hpp"

namespace nf {

enum class CertifiedSign { Negative, Zero, Positive, Unknown };
const char* to_string(CertifiedSign s);

struct CertifiedCoefficient {
  unsigned k = 0;
  bool exact = false;  // value is the exact rational sigma_k(b)
  mpq_class value;     // meaningful when exact
  Interval enclosure;  // always contains sigma_k(b)
  CertifiedSign sign = CertifiedSign::Unknown;
  bool certified_nonzero() const { return sign == CertifiedSign::Positive || sign == CertifiedSign::Negative; }
  bool certified_zero() const { return sign == CertifiedSign::Zero; }
};

class RealActivation {
 public:
  // Throws InputError for the generic activation and for |b| > 10^6.
  RealActivation(const Activation& activation, const mpq_class& bias);

  const Activation& activation() const { return activation_; }
  const mpq_class& bias() const { return bias_; }
  // "sigmoid, b = 1/2".
  std::string description() const;

  // sigma_k(b) for k = 0..max_k, refined as described above.  Throws
  // InputError if max_k > 1000.
  std::vector<CertifiedCoefficient> coefficients(unsigned max_k, mpfr_prec_t start_prec = 256) const;
  // The same at one fixed precision, without refinement.
  std::vector<CertifiedCoefficient> coefficients_at(unsigned max_k, mpfr_prec_t prec) const;

  // An enclosure of sigma(u) (no bias added: u is the whole argument).
  Interval sigma(const Interval& u) const;
  // sigma(u) in double precision (the plain floating-point evaluation).
  double sigma(double u) const;
  // sup |sigma| on [-r, r] bounded above (used to choose precisions), r >= 0.
  double magnitude_bound(double r) const;

 private:
  Activation activation_;
  mpq_class bias_;
  std::vector<mpq_class> poly_;      // poly: the listed coefficients c_0, c_1, ...
  std::vector<double> poly_double_;  // the same rounded to double
};

// The listed coefficients c_0, c_1, ... of a poly: activation (empty otherwise).
std::vector<mpq_class> poly_coefficients(const Activation& activation);

// The candidate biases of the search, in order: rationals p/q with |p/q| <= 4
// by increasing height max(|p|, q), then increasing |b|, positive first:
// 0, 1, -1, 1/2, -1/2, 2, -2, 1/3, -1/3, 2/3, ...
std::vector<mpq_class> bias_candidates(unsigned count);

struct BiasCertificate {
  bool found = false;
  mpq_class bias;
  unsigned required_degree = 0;  // sigma_k(b) != 0 certified for k <= this
  std::vector<CertifiedCoefficient> coefficients;  // k = 0..required_degree + extra
  unsigned candidates_tried = 0;
  std::string reason;  // when not found
};

// The first candidate b (bias_candidates) with sigma_k(b) != 0 certified for
// every k <= n, and the coefficients up to n + extra.  A polynomial of degree
// d < n is refused at once (sigma_k(b) = 0 for k > d whatever b).  Throws
// InputError for the generic activation.
BiasCertificate find_certified_bias(const Activation& activation, unsigned n, unsigned extra = 2,
                                    unsigned max_candidates = 64);

}  // namespace nf
