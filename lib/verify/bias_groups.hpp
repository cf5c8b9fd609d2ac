// The identities of a network with biases, f(x) = c + sum_j w_j sigma(a_j . x + b_j):
// neurons that share a bias share sigma_k(b), so
//
//   V(k, r) = [k = 0] c + sum_beta sigma_k(beta) [x^r] P_k^beta,
//   P_k^beta = sum_{j : b_j = beta} w_j (a_j . x)^k,
//
// with one exact expansion per distinct bias beta (expansion.hpp) and
// sigma_k(beta) exact where it is rational (poly at any rational b; every
// activation at b = 0 but softplus_0 = ln 2; relu away from 0) and otherwise a
// certified enclosure (numeric/real_activation.hpp).  A coefficient is then
// exact when every group that contributes to it has a rational sigma_k, and
// otherwise enclosed; with a single group it keeps the exact symbolic form
// "coefficient*sigma_k(beta)", certified nonzero whenever the coefficient is.
//
// Example: the paper's fig. 2 gate, the (A4) gate for n = 2 with every bias
// b = 1 under the sigmoid and w_j = +-1/(8 sigma_2(1)) rounded to double: one
// group, V(2, x1 x2) = 8 sigma_2(1) w_1 enclosed near 1 - 1e-17, certified
// different from 1 (a residual of the size of the rounding).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "model/activation.hpp"
#include "model/network.hpp"
#include "numeric/real_activation.hpp"
#include "poly/expansion.hpp"
#include "verify/identities.hpp"

namespace nf {

// sigma_k(beta), k = 0..d, for one bias: exact or enclosed, with a name for
// the symbolic form ("sigmoid_2(1)", "ln(2)").
struct GroupSigma {
  mpq_class bias;
  std::vector<CoefficientValue> sigma;  // k = 0..d
  std::vector<std::string> names;       // the symbolic name of sigma_k(beta) when not exact
};

// Throws InputError for the generic activation with a nonzero bias (its
// symbols sigma_k(b_j) would differ per bias) and for a non-smooth activation.
GroupSigma group_sigma(const Activation& activation, const mpq_class& bias, unsigned d);

// The neurons with bias value beta (the b_row dictionary entry `code`) as a network.
Network bias_group_network(const Network& net, std::uint32_t code);

// Checks the identities of `net` (any biases, at most kMaxBiasGroups
// distinct values) into `checker`: one expansion per group with `expand_group`
// (which must report every nonzero coefficient of P_k^beta for k <= d), then
// the combination above.  Returns how the values were obtained.
inline constexpr std::size_t kMaxBiasGroups = 64;
std::string check_bias_groups(const Network& net, const Activation& activation, unsigned d, IdentityChecker& checker,
                              const std::function<void(const Network&, ExpansionSink&)>& expand_group);

}  // namespace nf
