// An activation sigma(t) = sum_k sigma_k t^k given by its Taylor coefficients
// at the origin, sigma_k = sigma^(k)(0)/k!  (the paper's eq. 10 writes
// sigma''(0) = 2 sigma_2 for the second one).
//
// Syntax (the --activation flag and the "activation" key of a network file):
//   generic        every sigma_k is a nonzero symbol; normalized so that the
//                  top coefficient sigma_d is 1, the identities (A2)/(A3) read
//                  P_d = x^r and P_k = 0 for k < d
//   exp            sigma_k = 1/k!
//   poly:c0,c1,... exact rational coefficients, zero past the list
//   tanh           tangent numbers: t - t^3/3 + 2t^5/15 - ...  (even ones zero)
//   sigmoid        1/(1+e^-t) = 1/2 + t/4 - t^3/48 + ...      (bias 0)
//   silu           t * sigmoid(t) = t/2 + t^2/4 - t^4/48 + ...
//   softplus       log(1+e^t): sigma_0 = ln 2 (a nonzero irrational), then
//                  sigma_k = sigmoid_{k-1}/k
//   relu           max(0, t): not smooth at 0, so it has no Taylor
//                  coefficients there (sigma() throws); at a bias b != 0 it is
//                  linear near b: sigma_0(b) = max(0, b), sigma_1(b) = [b > 0],
//                  sigma_k(b) = 0 for k >= 2.
// Names are case-insensitive and PyTorch's class names are accepted
// (Sigmoid, Tanh, Softplus, SiLU, ReLU).
#pragma once

#include <gmpxx.h>

#include <string>
#include <vector>

namespace nf {

// One Taylor coefficient: an exact zero, an exact nonzero rational, or a
// nonzero quantity known only symbolically (generic sigma_k, ln 2).
struct SigmaCoefficient {
  enum class Kind { Zero, Rational, NonzeroSymbol };
  Kind kind;
  mpq_class value;  // meaningful for Kind::Rational only
  // A NonzeroSymbol with a definite value names it ("ln(2)" for softplus
  // sigma_0); empty for the generic symbols, which the identities normalize away.
  std::string symbol = {};
  bool is_zero() const { return kind == Kind::Zero; }
};

class Activation {
 public:
  enum class Family { Generic, Exp, Poly, Tanh, Sigmoid, Silu, Softplus, Relu };

  static Activation generic();
  // Throws InputError naming the accepted forms.
  static Activation parse(const std::string& spec);

  Family family() const { return family_; }
  // The spec string that parse() accepts back.
  std::string name() const;

  // sigma_k at 0.  Throws InputError for relu (not smooth at 0).
  SigmaCoefficient sigma(unsigned k) const;
  // Analytic at 0 (every family but relu).
  bool smooth() const { return family_ != Family::Relu; }
  bool sigma_nonzero(unsigned k) const { return !sigma(k).is_zero(); }

  // The theorem's hypothesis: sigma_k != 0 for every 0 <= k <= d.
  bool hypothesis_holds(unsigned d) const;
  // The degrees k <= d with sigma_k = 0.  Below d they impose nothing; at the
  // target degree d itself sigma_d = 0 makes (A2) impossible.
  std::vector<unsigned> vanishing_degrees(unsigned d) const;

  // The value used for sigma_d when normalizing output weights: the exact
  // sigma_d, or 1 for a symbolic coefficient.  Throws InputError if sigma_d = 0.
  mpq_class normalization(unsigned d) const;

 private:
  Activation(Family f, std::vector<mpq_class> coeffs) : family_(f), poly_(std::move(coeffs)) {}
  Family family_;
  std::vector<mpq_class> poly_;  // Poly: the listed coefficients
};

// Exact Taylor coefficients of tanh and the logistic sigmoid at 0, k = 0..count-1.
std::vector<mpq_class> tanh_coefficients(unsigned count);
std::vector<mpq_class> sigmoid_coefficients(unsigned count);

}  // namespace nf
