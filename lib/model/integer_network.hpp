// A network with denominators cleared, for integer kernels:
//   a_ij = A_ij / D_i  (D_i the common denominator of row i of a),
//   w_j  = W_j / D_w   (D_w the common denominator of w),
// so that sum_j w_j prod_i a_ij^r_i = (sum_j W_j prod_i A_ij^r_i) / (D_w prod_i D_i^r_i).
//
// Stored like Network: each row's distinct integers once plus the network's
// codes (no per-entry big integers), so it is cheap even for millions of
// neurons.  It refers to the Network it was built from, which must outlive it.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <vector>

#include "core/limits.hpp"
#include "model/network.hpp"

namespace nf {

struct IntegerNetwork {
  const Network* net = nullptr;
  std::size_t n = 0, m = 0;
  std::vector<std::vector<mpz_class>> row_values;  // row i: A values, indexed like net->row(i).dictionary()
  std::vector<mpz_class> w_values;                 // W values, indexed like net->w_row().dictionary()
  std::vector<mpz_class> row_den;                  // D_i
  mpz_class w_den;                                 // D_w

  const mpz_class& a(std::size_t i, std::size_t j) const { return row_values[i][net->row(i).code(j)]; }
  const mpz_class& W(std::size_t j) const { return w_values[net->w_row().code(j)]; }
  // max_j |A_ij| (0 for an all-zero row).
  mpz_class row_max_abs(std::size_t i) const;
  // sum_j |W_j|.
  mpz_class sum_abs_w() const;
  // Row i of A modulo p (each entry in [0, p)), and W modulo p.
  std::vector<std::uint32_t> row_residues(std::size_t i, std::uint32_t p) const;
  std::vector<std::uint32_t> w_residues(std::uint32_t p) const;
};

// Throws LimitError (naming --max-memory) when the cleared integers would take
// more than max_bytes: a row whose entries have many distinct large
// denominators has a common denominator as long as all of them together, and
// every one of its distinct entries grows to that length.
IntegerNetwork integerize(const Network& net, std::uint64_t max_bytes = ResourceLimits{}.max_memory_bytes);

}  // namespace nf
