// The paper's constructions as exact networks.
#pragma once

#include <cstddef>

#include "model/activation.hpp"
#include "model/network.hpp"
#include "model/target.hpp"

namespace nf {

// The 2^n-neuron product gate (A4): neuron j <-> subset S_j = {i : bit i of j
// set}, a_ij = -1 if i in S_j else +1, w_j = (-1)^|S_j| / (2^n n! sigma_n)
// with sigma_n = activation.normalization(n) (1 for generic).
// Example (n = 2, generic): a = [[1,-1,1,-1],[1,1,-1,-1]], w = [1,-1,-1,1]/8,
// which is eq. (11) with sigma''(0) = 2 sigma_2 = 2.
// Throws InputError if n = 0, n > 30 or sigma_n = 0.
Network canonical_product_gate(std::size_t n, const Activation& activation);

// A gate for the monomial x^r (degree d = |r|) with prod_i (r_i + 1) neurons.
// Neurons form the grid of nodes c_{i,t} = 2t - r_i (t = 0..r_i) in each
// coordinate; the output weight of the neuron (t_1..t_n) is
//   w = r!/(d! sigma_d) * prod_i lambda_{i,t_i},  lambda_{i,t} = 1 / prod_{u != t} (c_{i,t} - c_{i,u}),
// the weights of the divided difference on the nodes of coordinate i.  Then
// mu_i(e) = sum_t lambda_{i,t} c_{i,t}^e = [e = r_i] for e <= r_i, so
// sum_j w_j prod_i a_ij^s_i = prod_i mu_i(s_i) * r!/(d! sigma_d) vanishes for
// every |s| <= d except s = r, and the degree-d part is exactly x^r / sigma_d.
// For r = (1..1) this is (A4).  Throws InputError if d = 0, sigma_d = 0 or the
// neuron count exceeds 2^30.
Network monomial_gate(const Target& target, const Activation& activation);

// Half of (A4): the 2^(n-1) neurons with a_1j = +1, each with twice its (A4)
// weight.  Its output equals that of (A4) whenever sigma is odd
// (sigma(-t) = -sigma(t)) and n is odd, and its degree-n part equals that of
// (A4) for every n, so it is an exact product gate for sigma(t) = t^n (the
// Waring decomposition of x_1...x_n) and for odd activations with odd n.
// Throws InputError if n = 0 or n > 30 or sigma_n = 0.
Network half_product_gate(std::size_t n, const Activation& activation);

}  // namespace nf
