// The deep product network of the paper's section 3.8: the n factors are
// multiplied pairwise in a binary tree of 4-neuron multiplication gates
// (eq. 11, the n = 2 case of (A4)), one hidden layer per level of the tree.
//
// A node of arity r in {1, 2} computes, from its children's values u_c,
//
//   g(u) = (1 / (lambda^r sigma_r(b))) sum_j w_j sigma(b + lambda sum_c a_cj u_c)
//
// with (a, w) = canonical_product_gate(r, Activation::generic()):
//   r = 2  the multiplication gate, 4 neurons: g = u1 u2 + O(lambda^2);
//   r = 1  a copy gate, 2 neurons: (sigma(b + lambda u) - sigma(b - lambda u)) / (2 lambda sigma_1(b))
//          = u + O(lambda^2).
// Odd levels: when a level has an odd number of factors, the factors are
// paired in order (1,2), (3,4), ... and the last one is carried to the next
// level by a copy gate (2 neurons, error O(lambda^2) like the gates, so the
// network stays strictly layered and the error order stays 2).  With n a
// power of two there are no copies: n - 1 gates, 4(n - 1) hidden neurons in
// log2 n hidden layers.  sum_j w_j = 0 for both gates, so no output bias is
// needed.
//
// Counting, in the layered form f = A_{L+1} sigma(A_L ... sigma(A_1 x + b_1) ...):
//   neurons   hidden neurons (the paper's N_n; the output neuron is not counted)
//   synapses  nonzero entries of A_1..A_{L+1} (the paper's N_s; biases are
//             counted separately).  A level-1 neuron sees its 1 or 2 inputs;
//             a neuron of a higher level sees every neuron of its children's
//             gates (the children's output sums are folded into its weights);
//             the output sees the root gate's neurons.
// The flat network (A4) has 2^n neurons and (n + 1) 2^n synapses.
//
// Example: n = 4: levels [2 gates, 8 neurons, 16 synapses], [1 gate, 4 neurons,
// 32 synapses], output 4 synapses: 12 neurons, 52 synapses, against 16
// neurons and 80 synapses flat.  n = 5: levels [2 gates + 1 copy, 10 neurons],
// [1 gate + 1 copy, 6 neurons], [1 gate, 4 neurons]: 20 neurons.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/activation.hpp"
#include "numeric/gate_evaluation.hpp"
#include "numeric/interval.hpp"
#include "numeric/real_activation.hpp"

namespace nf {

struct DeepNode {
  unsigned arity = 2;                  // 2: multiplication gate, 1: copy gate
  std::vector<std::size_t> children;   // indices into the previous level (inputs at level 1)
  unsigned neurons() const { return arity == 2 ? 4 : 2; }
};

struct DeepLevel {
  std::vector<DeepNode> nodes;
  std::uint64_t gates = 0, copies = 0, neurons = 0;
  std::uint64_t synapses_in = 0;  // nonzero weights into this level's neurons
};

class DeepProductNetwork {
 public:
  // Throws InputError unless 2 <= n <= 2^16.
  explicit DeepProductNetwork(std::size_t n);

  std::size_t inputs() const { return n_; }
  std::size_t depth() const { return levels_.size(); }  // hidden layers = ceil(log2 n)
  const std::vector<DeepLevel>& levels() const { return levels_; }
  std::uint64_t neurons() const;
  std::uint64_t gates() const;
  std::uint64_t copies() const;
  std::uint64_t output_synapses() const;  // the root gate's neurons
  std::uint64_t synapses() const;         // all layers, output included

 private:
  std::size_t n_;
  std::vector<DeepLevel> levels_;
};

// The flattening cost table, n = from..to: exact integers (2^64 needs big ones).
struct FlatteningCostRow {
  std::size_t n = 0, depth = 0;
  std::uint64_t deep_neurons = 0, deep_synapses = 0, copies = 0;
  mpz_class flat_neurons, flat_synapses;  // 2^n, (n + 1) 2^n
  mpq_class neuron_cost, synapse_cost;    // flat / deep: C_n and C_s of eqs. 25-26 for this pair
};
std::vector<FlatteningCostRow> flattening_cost_table(std::size_t from, std::size_t to);
std::string format_flattening_cost_table(const std::vector<FlatteningCostRow>& rows);
std::string format_deep_structure(const DeepProductNetwork& net);

// The exact lambda -> 0 expansion of the deep network's output,
//   F(x, lambda) = c_0(x) + c_1(x) lambda + ... + c_T(x) lambda^T + O(lambda^(T+1)),
// computed gate by gate in exact rational arithmetic (FLINT fmpq_mpoly over
// Q[x1..xn]): each node's value is a truncated series in lambda whose
// coefficients are polynomials, and a gate of arity r maps its children's
// series u to sum_{k >= r} (sigma_k(b)/sigma_r(b)) lambda^(k-r) P_k(u) with
// P_k(u) = sum_j w_j (sum_c a_cj u_c)^k.  P_k(u) = 0 for k < r is checked
// exactly at every node (otherwise the node would diverge like lambda^(k-r)).
// Orders T >= 1 need sigma_k(b) exactly rational for k <= T + 2 (exp, poly,
// and sigmoid/tanh/silu/softplus at b = 0); otherwise, and for the generic
// activation, only c_0 is computed (it needs no coefficient: T = 0).
struct DeepSeriesReport {
  unsigned order = 0;             // T actually computed
  std::string order_note;         // why T was lowered, if it was
  bool lower_degrees_vanish = true;  // P_k(u) = 0 for k < r at every node
  bool limit_is_product = false;  // c_0 = x1...xn exactly
  std::vector<std::uint64_t> terms;  // number of terms of c_0..c_T
  std::vector<std::string> coefficients;  // c_t as text when it has at most 12 terms
  // c_t evaluated at points (exact), for comparison with finite lambda.
  std::vector<std::vector<mpq_class>> values_at_points;
  double seconds = 0;
};
// Throws InputError when sigma_1(b) or sigma_2(b) is zero (or not certified
// nonzero), LimitError when n > 64 with T > 0 (the polynomials grow).
DeepSeriesReport deep_series(const DeepProductNetwork& net, const Activation& activation, const mpq_class& bias,
                             unsigned order, const std::vector<RealPoint>& points = {});

// The deep network at a finite lambda, certified (intervals) and in double.
class DeepGateEvaluator {
 public:
  // Throws InputError when sigma_1(b) or sigma_2(b) is not certified nonzero.
  DeepGateEvaluator(const DeepProductNetwork& net, RealActivation activation);
  Interval evaluate(const mpq_class& lambda, const RealPoint& x, mpfr_prec_t prec) const;
  double evaluate_double(const mpq_class& lambda, const RealPoint& x) const;
  // 64 + 2 (depth + 1) log2(1/lambda) + 8 depth bits (lambda < 1 terms only).
  mpfr_prec_t evaluation_precision(const mpq_class& lambda) const;
  const RealActivation& activation() const { return act_; }

 private:
  const DeepProductNetwork& net_;
  RealActivation act_;
  std::vector<CertifiedCoefficient> coeffs_;  // k = 0..2
};

struct DeepSweepRow {
  mpq_class lambda;
  Interval max_error;          // max over the points of |F(x) - x1...xn|, certified
  bool tight = true;
  double max_error_double = 0;
  bool double_fails = false;
  mpfr_prec_t precision = 0;
  std::optional<double> flat_error;  // the flat (A4) gate at the same lambda, when n <= 12
};
struct DeepSweepResult {
  std::string activation;
  std::vector<DeepSweepRow> rows;
  std::optional<double> fitted_order;
  unsigned fit_rows = 0;
};
DeepSweepResult sweep_deep(const DeepGateEvaluator& eval, const DeepProductNetwork& net, const SweepOptions& opts,
                           bool compare_flat);
std::string format_deep_sweep(const DeepSweepResult& r, std::size_t n);

}  // namespace nf
