// The computations behind the rows of audit-paper, one function per
// quantitative statement of the paper, each usable (and tested) on its own.
// audit.hpp turns their results into rows with verdicts.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "numeric/interval.hpp"

namespace nf {

// ---- eq. (11): m(u, v) = [sigma(u+v) + sigma(-u-v) - sigma(u-v) - sigma(-u+v)] / (4 sigma''(0))
// The 4-neuron network of the numerator (w = 1, 1, -1, -1) and the exact
// coefficients of its expansion sum_j w_j (a_j . x)^k for k = 0..3.
Network eq11_numerator_network();
struct Eq11Check {
  mpq_class uv_coefficient;           // [uv] sum_j w_j (a_j . x)^2 (= 8)
  bool degrees_0_1_3_vanish = false;  // every coefficient of degree 0, 1, 3 is 0
};
Eq11Check eq11_check();

// ---- eq. (28) and (A4) through parity moments.
// For a network whose a_ij are all +-1, sum_j w_j prod_i a_ij^r_i depends only
// on the set S(r) = {i : r_i odd}: it is the parity moment
//   M_S = sum_j w_j prod_{i in S} a_ij = (A w)_S       (A the matrix of (A7)),
// computed for all 2^n sets S by one fast Walsh-Hadamard transform (n 2^n
// additions).  The identities (A2)/(A3) of the generic activation then read
// M_S = 0 for every proper subset S and n! M_{1..n} = 1.
// Throws InputError unless every a_ij is +1 or -1, and for n > 24.
std::vector<mpq_class> parity_moments(const Network& net);

// Eq. (28) as printed: a_j = s ranging over {+-1}^n, w_j = s_1...s_n / 2^n.
Network eq28_network(std::size_t n);

struct ParityIdentities {
  bool lower_vanish = false;   // M_S = 0 for every proper subset S
  mpq_class top_coefficient;   // n! M_{1..n}: the coefficient of x1...xn in P_n
};
ParityIdentities parity_identities(const Network& net);

// The Gram matrix A A^T of (A7) for a +-1 network, row by row through the
// Walsh-Hadamard transform (2^n (m + n 2^n) operations): true when it equals
// m I, which certifies that A has full row rank 2^n (A A^T is then invertible).
bool subset_matrix_gram_is_scalar(const Network& net);

// ---- eq. (13): prod_{i in K} x_i = lim sigma[-beta (k - 1/2 - sum x_i)].
// The error of the gate on one bit string with s ones out of k, at beta:
//   |sigma(-beta (k - 1/2 - s)) - [s = k]|.
Interval eq13_error(unsigned k, unsigned s, const mpq_class& beta, mpfr_prec_t prec = 128);
// The smallest beta with error <= tolerance on every bit string of every
// length k = 1..max_k: each string needs beta >= ln(1/t - 1) / |k - 1/2 - s|,
// and the maximum over the strings (found by enumerating all 2^k strings) is
// 2 ln(1/t - 1), reached at s = k - 1 and s = k.
struct BetaBound {
  Interval beta;                 // enclosure of the smallest sufficient beta
  unsigned strings = 0;          // bit strings enumerated
  unsigned worst_k = 0, worst_s = 0;  // one string attaining the maximum
};
// tolerance = 10^-D (or half of it when half_unit); 1 <= D <= 1000, max_k <= 20.
BetaBound smallest_beta(unsigned D, unsigned max_k, bool half_unit = false);

// ---- eq. (12): the 2^n h-parameters of a function on bit strings.
// H is given on the 2^n strings, index b <-> x_i = bit i-1 of b.  Returns h_S
// (index b <-> S = {i : bit i-1 of b}) with H(x) = sum_{S subset of supp x} h_S:
// the Moebius inversion h_S = sum_{T subset of S} (-1)^{|S|-|T|} H(1_T), by the
// fast subset transform (n 2^n operations).  Throws InputError for n > 24.
std::vector<mpq_class> moebius_inversion(const std::vector<mpq_class>& H, std::size_t n);
// H(x) = sum_{S subset of supp x} h_S for every x (the inverse transform).
std::vector<mpq_class> zeta_transform(const std::vector<mpq_class>& h, std::size_t n);
// A random function {0,1}^n -> Q with entries p/q, |p| <= 100, 1 <= q <= 10.
std::vector<mpq_class> random_bit_function(std::size_t n, std::uint64_t seed);
// The 3-layer network of section 2.3.2: one sigmoid neuron per nonempty K,
// sigma[-beta (|K| - 1/2 - sum_{i in K} x_i)], output h_0 + sum_K h_K neuron_K,
// evaluated (certified) on every bit string.  Returns the enclosure of the
// largest |network(x) - H(x)| and the a priori bound sum_K |h_K| sigma(-beta/2).
struct ThreeLayerCheck {
  Interval max_error;
  Interval bound;
  std::uint64_t neurons = 0;
};
ThreeLayerCheck three_layer_network_check(const std::vector<mpq_class>& H, std::size_t n, const mpq_class& beta);

// ---- eq. (27): C_s = [1 - (1 - p^2)^n] / (2p) for F = AB, A and B sparse
// random n x n 0/1 matrices with P(1) = p.
double eq27(std::size_t n, double p);
struct SparseMonteCarlo {
  double ratio = 0;        // sum nnz(AB) / sum (nnz(A) + nnz(B)) over the trials
  double std_error = 0;    // standard error of the per-trial ratios' mean
  double mean_ratio = 0;   // mean of the per-trial ratios
  std::uint64_t trials = 0;
};
// Bernoulli entries from std::mt19937_64(seed): an entry is 1 when the next
// 64-bit draw is below p 2^64.  nnz(AB) by bitset intersection of rows of A
// and columns of B.  Throws InputError unless 1 <= n <= 4096, 0 < p < 1.
SparseMonteCarlo sparse_product_monte_carlo(std::size_t n, double p, unsigned trials, std::uint64_t seed);
// nnz(A B) of two 0/1 matrices, literally (the reference for the bitset count).
std::uint64_t product_nonzeros_literal(const std::vector<std::vector<int>>& A, const std::vector<std::vector<int>>& B);

// ---- low-rank flattening: A = B C with B n x k, C k x n random nonzero
// integers in [-2^20, 2^20] from std::mt19937_64(seed).
struct LowRankCheck {
  std::uint64_t rank = 0;            // rank of A over Q (lib/linalg)
  std::uint64_t flat_synapses = 0;   // nnz(A)
  std::uint64_t deep_synapses = 0;   // nnz(B) + nnz(C)
  mpq_class cost;                    // flat / deep
};
LowRankCheck low_rank_check(std::size_t n, std::size_t k, std::uint64_t seed);

// ---- the fast Walsh-Hadamard transform as a deep linear network: log2 n
// butterfly layers of 2n nonzeros each; their product (computed exactly) is
// the n x n Hadamard matrix with n^2 nonzeros.
struct FwhtCheck {
  std::uint64_t deep_synapses = 0, flat_synapses = 0;
  bool product_is_hadamard = false;
};
FwhtCheck fwht_check(unsigned log2n);

// ---- section 2.3: the smallest n with 2^n > 10^e (2^n bits to describe a
// generic Boolean function of n variables vs 10^e atoms).
unsigned smallest_n_with_power_of_two_above(unsigned decimal_exponent);

// ---- eq. (9) after: number of monomials of degree <= d in n variables, by
// enumeration (the paper's count is (n + d)! / (n! d!)).
std::uint64_t count_monomials_by_enumeration(unsigned n, unsigned d);

}  // namespace nf
