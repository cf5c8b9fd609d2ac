// The identities of a network with many distinct biases (a float network has
// one per neuron), where one exact expansion per bias group would be too
// many: every coefficient
//
//   V(k, r) = [k = 0] c + k!/r! sum_j w_j sigma_k(b_j) prod_i a_ij^r_i
//
// is enclosed by the double-precision moments of poly/float_moments.hpp with
// their rigorous error bound, the weights U_j^(k) = w_j sigma_k(b_j) coming
// from numeric/fast_sigma.hpp with theirs.  A residual whose enclosure excludes
// 0 is a certified failure; one that contains it is undecided (its
// coefficient may be exactly right), and is then recomputed with MPFR
// intervals at 256 bits when the network is small enough (refine_limit), else
// left undecided, so the verdict is Unknown or, with --tolerance, decided by
// the enclosure's upper end.
#pragma once

#include <string>

#include "core/limits.hpp"
#include "model/activation.hpp"
#include "model/network.hpp"
#include "model/target.hpp"
#include "verify/identities.hpp"

namespace nf {

// Reports every monomial of degree <= |target| to the checker; returns how.
// Throws InputError (generic activation), LimitError (memory, overflow).
// Undecided coefficients are recomputed with MPFR while their count times m
// stays within kRefineTerms.
inline constexpr double kRefineTerms = 2e6;
std::string check_float_path(const Network& net, const Activation& activation, const Target& target,
                             unsigned threads, const ResourceLimits& limits, IdentityChecker& checker);

}  // namespace nf
