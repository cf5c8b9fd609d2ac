// A network with denominators cleared, for integer kernels:
//   a_ij = A_ij / D_i  (D_i the common denominator of row i of a),
//   w_j  = W_j / D_w   (D_w the common denominator of w),
// so that sum_j w_j prod_i a_ij^r_i = (sum_j W_j prod_i A_ij^r_i) / (D_w prod_i D_i^r_i).
#pragma once

#include <gmpxx.h>

#include <vector>

#include "model/network.hpp"

namespace nf {

struct IntegerNetwork {
  std::size_t n = 0, m = 0;
  std::vector<mpz_class> A;        // n x m, row major
  std::vector<mpz_class> W;        // m
  std::vector<mpz_class> row_den;  // D_i
  mpz_class w_den;                 // D_w
  const mpz_class& a(std::size_t i, std::size_t j) const { return A[i * m + j]; }
};

IntegerNetwork integerize(const Network& net);

}  // namespace nf
