// sigma_k(b) = sigma^(k)(b)/k!, k = 0..d, in double precision with a rigorous
// bound on the error, for networks with many distinct biases (a float network
// has one per neuron).  real_activation.hpp certifies the same coefficients
// with MPFR intervals at 256+ bits (about 0.1 ms per bias); this is about a
// microsecond per bias.
//
// How.  The value of sigma at the bias (tanh b, e^b, log(1 + e^b); the sigmoid
// as (1 + tanh(b/2))/2) is computed by MPFR and correctly rounded to a double
// (from the exact double b when b is one, else from b at 128 bits), so it is
// within 2^-53 of the exact value relatively, plus the input's error.  The Taylor coefficients follow
// from the exact recurrences of real_activation.cpp
//   tanh:    (k+1) t_{k+1} = [k = 0] - sum_{i+j=k} t_i t_j
//   sigmoid: (k+1) s_{k+1} = s_k - sum_{i+j=k} s_i s_j
//   silu:    b s_k + s_{k-1};   softplus: s_{k-1}/k (k >= 1);   exp: e^b/k!
// evaluated in double with a running error bound: every operation's result
// carries |exact - computed| <= e, propagated by |xy - x'y'| <= |x'|e_y +
// |y'|e_x + e_x e_y and |x + y - x' - y'| <= e_x + e_y, plus the rounding of
// the operation itself (2^-53 |result|); each bound is then inflated by
// (1 + 2^-40) so that the rounding of the bound arithmetic cannot make it too
// small.  poly: and relu have rational coefficients, returned exactly rounded
// (error half an ulp).
#pragma once

#include <gmpxx.h>

#include <vector>

#include "model/activation.hpp"

namespace nf {

struct FastSigma {
  std::vector<double> value;  // k = 0..d
  std::vector<double> error;  // |sigma_k(b) - value[k]| <= error[k]
};

// Throws InputError for the generic activation and for relu at b = 0 (no
// Taylor coefficients there), and for |b| > 10^6.
FastSigma fast_sigma(const Activation& activation, const mpq_class& bias, unsigned d);

}  // namespace nf
