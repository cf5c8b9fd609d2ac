// Every coefficient of a network whose weights differ from degree to degree,
//
//   S_k(r) = sum_j U_j^(k) prod_i a_ij^r_i      for every r with |r| = k <= d,
//
// in double precision with a rigorous bound on its error, at BLAS speed.  With
// U_j^(k) = w_j sigma_k(b_j) this is the Taylor coefficient of a network with
// one bias per neuron (bias_groups.hpp does the few-bias case exactly).
//
// How.  The variables are split into G1 = {x_1..x_h} and G2 = the rest
// (moment_blas.cpp does the same for exact moments).  For a block of neurons,
// P1 holds prod_{i in G1} a_ij^u_i for every u of degree <= d, P2 likewise
// over G2; then for every pair of degrees (a, e) with a + e <= d and k = a + e,
// C_{a,e} += (P1_a scaled by U^(k)) P2_e^T and A_{a,e} += (|P1_a| scaled by
// W^(k)) |P2_e|^T by dgemm, so that C_{a,e}[u][v] is S_k(u, v), and A bounds
// its terms' sizes.  Work: 2 C(n+d, d) m multiply-adds.
//
// The bound.  Each term U_j P1_j(u) P2_j(v) is a product of at most 2k + 2
// rounded factors (a_ij as doubles, each power a rounded product, the
// scaling), and the sum over j takes at most m + B additions (B blocks), in
// any order and with or without fused multiply-adds, plus one per block and
// per worker when the partial sums are added, so with u = 2^-53 and
// K = 2k + 8 + m + 2B (with room for the rounding of W and of the sums of A),
// gamma_K = K u / (1 - K u):
//   |C - sum_j U_j P_j| <= gamma_K sum_j |U_j P_j|,  sum_j |U_j P_j| <= A / (1 - gamma_K).
// The weights carry their own errors, |U_exact - U| <= E_j; with the absolute
// weights W_j = |U_j| + E_j / rho (rho = 2^-50), sum_j E_j |P_j| <= rho A, so
//   |C - S_exact| <= (gamma_K + rho) A / (1 - gamma_K) + m 2^-1000,
// the last term covering underflow (an error of at most 2^-1074 per rounding).
// A non-finite result (overflow) makes the call throw LimitError.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "model/target.hpp"

namespace nf {

struct FloatMomentProblem {
  std::size_t n = 0, m = 0;
  unsigned d = 0;
  // a_ij at i * m + j, as doubles; `a_exact` tells whether every one is the
  // exact value (otherwise each carries a relative error <= 2^-53, covered).
  std::vector<double> a;
  // u[k][j] = U_j^(k) and its error bound e[k][j] >= |U_exact - u[k][j]|, k = 0..d.
  std::vector<std::vector<double>> u, e;
};

// Calls sink(k, r, value, bound) once for every r with |r| <= d, k = |r|, in
// the same order on every call: |S_k(r) - value| <= bound.  With `tight`, A is
// computed per monomial as above (a second dgemm of the same size); without,
// every monomial of degree k uses the cheaper common bound
//   sum_j |U_j P_j(r)| <= T_k = sum_j W_j^(k) M_j^k,  M_j = max_i |a_ij|,
// (its floating-point sum inflated by 1/(1 - gamma)), half the work.
// threads = 0: every core.  Throws LimitError when a value overflows or the
// memory estimate exceeds memory_bytes.
void float_moments(const FloatMomentProblem& problem, unsigned threads, std::uint64_t memory_bytes, bool tight,
                   const std::function<void(unsigned, const Exponents&, double, double)>& sink);

}  // namespace nf
