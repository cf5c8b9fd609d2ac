// The matrix of the lower bound (A7).  For the product target its rows are the
// 2^n subsets S of {1..n} and A_{S,j} = prod_{h in S} a_hj.  For a general
// target x^r the rows are the exponent vectors s <= r (componentwise) and
// A_{s,j} = prod_h a_hj^s_h; there are prod_h (r_h + 1) of them.
//
// Row order: mixed radix with variable 1 fastest, so for the product target
// row number b is the subset {h : bit h-1 of b is set}.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <vector>

#include "core/flint.hpp"
#include "core/huge_buffer.hpp"
#include "core/limits.hpp"
#include "model/network.hpp"
#include "model/target.hpp"

namespace nf {

// prod_h (r_h + 1), saturating at UINT64_MAX.
std::uint64_t subset_matrix_rows(const Target& target);

// The exponent vector of row `row`.
Exponents subset_row_exponents(const Target& target, std::uint64_t row);

// Throws LimitError (naming --max-memory) if the integer matrix would not fit.
void check_subset_matrix_limits(std::uint64_t rows, std::size_t m, const ResourceLimits& limits);

// A with each row s multiplied by prod_h D_h^s_h, where D_h is the common
// denominator of row h of a: an integer matrix of the same rank as A.
// LimitError when clearing the denominators alone exceeds max_bytes.
FmpzMat subset_matrix_integer(const Network& net, const Target& target,
                              std::uint64_t max_bytes = ResourceLimits{}.max_memory_bytes);

// The input weights modulo a prime p: dictionary residues per row (entry j
// of row h is residues[h][net.row(h).code(j)]).  Returns false when p divides
// a denominator of a (the reduction is then undefined).
bool input_weight_residues(const Network& net, std::uint64_t p, std::vector<std::vector<std::uint64_t>>& residues);

// A modulo a prime p < 2^23 as a row-major rows x m array of doubles in
// [0, p) (rows as above).  Returns false when p divides a denominator of a.
// threads = 0: every core.  O(rows * m).
bool subset_matrix_mod(const Network& net, const Target& target, std::uint32_t p, HugeBuffer<double>& out,
                       unsigned threads = 0);

// The same for a prime p < kSmallRankPrimeLimit (modular_rank.hpp) as floats
// holding centered residues in [-(p-1)/2, (p-1)/2] (the float field's
// representation): products of two residues stay below 2^16, exact in a float.
bool subset_matrix_mod(const Network& net, const Target& target, std::uint32_t p, HugeBuffer<float>& out,
                       unsigned threads = 0);

// A itself, entry by entry, over Q: the slow literal form for tests.
std::vector<std::vector<mpq_class>> subset_matrix_rational(const Network& net, const Target& target);

}  // namespace nf
