// The paper's constructions as exact networks.
#pragma once

#include <cstddef>

#include "model/activation.hpp"
#include "model/network.hpp"

namespace nf {

// The 2^n-neuron product gate (A4): neuron j <-> subset S_j = {i : bit i of j
// set}, a_ij = -1 if i in S_j else +1, w_j = (-1)^|S_j| / (2^n n! sigma_n)
// with sigma_n = activation.normalization(n) (1 for generic).
// Example (n = 2, generic): a = [[1,-1,1,-1],[1,1,-1,-1]], w = [1,-1,-1,1]/8,
// which is eq. (11) with sigma''(0) = 2 sigma_2 = 2.
// Throws InputError if n = 0, n > 30 or sigma_n = 0.
Network canonical_product_gate(std::size_t n, const Activation& activation);

}  // namespace nf
