// A one-hidden-layer product gate at a finite scale lambda:
//
//   f_lambda(x) = (1 / (lambda^n sigma_n(b))) * sum_j w_j sigma(b + lambda a_j . x),
//
// evaluated with certified enclosures (interval.hpp) and, to show where it
// breaks, in plain double precision.
//
// Normalization.  The network's output weights w are those of the generic
// activation: the identities (A2)/(A3) read sum_j w_j (a_j . x)^n = x1...xn
// and sum_j w_j (a_j . x)^k = 0 for k < n.  canonical_product_gate(n,
// Activation::generic()) gives exactly these, w_j = (-1)^|S_j| / (2^n n!)
// (the 1/(2^n n!) of (A4) is inside w; its 1/sigma_n is not).  Expanding,
//
//   sum_j w_j sigma(b + lambda a_j . x) = sum_k sigma_k(b) lambda^k P_k(x),
//   P_k(x) = sum_j w_j (a_j . x)^k,
//
// so f_lambda(x) - x1...xn = sum_{k > n} (sigma_k(b)/sigma_n(b)) lambda^(k-n) P_k(x).
// For the (A4) gate every P_k with k - n odd vanishes (each monomial that
// survives has all exponents odd), so the error falls like lambda^2 with the
// constant (sigma_{n+2}(b)/sigma_n(b)) P_{n+2}(x), not like lambda.
//
// Precision.  The sum cancels down to about |sigma_n| lambda^n out of terms of
// size ||w||_1 sup|sigma|, and the error to be resolved is about lambda^2
// times that.  evaluation_precision() takes
//   64 + log2(||w||_1 sup|sigma| / (|sigma_n| lambda^n)) + 2 log2(1/lambda) + log2(m)
// bits (lambda < 1 terms only), and the sweep doubles it until the enclosure
// of the largest error is narrower than 1e-6 of its value (at most 2^16 bits).
// Every error printed is an enclosure: rounding cannot hide it.
#pragma once

#include <gmpxx.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "numeric/interval.hpp"
#include "numeric/real_activation.hpp"

namespace nf {

using RealPoint = std::vector<mpq_class>;

// The fixed seeded points: first (1, ..., 1), then count - 1 points with
// coordinates k / 2^20 - 1, k uniform in 0..2^21 from std::mt19937_64(seed)
// (exact dyadic rationals in [-1, 1], the same on every platform).
std::vector<RealPoint> sample_points(std::size_t n, unsigned count, std::uint64_t seed);

// The default lambdas of a sweep: 1, 1/2, 1/5, 1/10, ..., down to 1/10000.
std::vector<mpq_class> default_lambdas();

// Parses "1,0.5,1/5" (exact rationals, each > 0).  Throws InputError.
std::vector<mpq_class> parse_lambda_list(const std::string& text);

// The network, its activation at a bias, and sigma_n(b) certified nonzero.
class FiniteScaleGate {
 public:
  // Throws InputError when sigma_n(b) = 0 (exactly) or cannot be certified
  // nonzero, and LimitError when n > 30 or m > 2^24.
  FiniteScaleGate(Network net, RealActivation activation);

  const Network& network() const { return net_; }
  const RealActivation& activation() const { return act_; }
  std::size_t degree() const { return net_.inputs(); }
  // sigma_k(b), k = 0..n+2.
  const std::vector<CertifiedCoefficient>& coefficients() const { return coeffs_; }

  mpfr_prec_t evaluation_precision(const mpq_class& lambda) const;
  // An enclosure of f_lambda(x).
  Interval evaluate(const mpq_class& lambda, const RealPoint& x, mpfr_prec_t prec) const;
  // f_lambda(x) in double precision (weights, lambda, b and x rounded to double).
  double evaluate_double(const mpq_class& lambda, const RealPoint& x) const;

 private:
  Network net_;
  RealActivation act_;
  std::vector<CertifiedCoefficient> coeffs_;
  std::vector<double> a_double_, w_double_;
  double w_norm1_ = 0, a_max_row_ = 0;
};

// What the Taylor expansion predicts for the error as lambda -> 0.
struct ErrorPrediction {
  // "converges": the error falls like C lambda^order; "diverges": some P_k with
  // k < n is nonzero; "constant": P_n differs from x1...xn; "higher": P_{n+1}
  // and P_{n+2} vanish on every point (order >= 3).
  std::string kind;
  int order = 0;
  double constant = 0;         // max over the points of |sigma_{n+order}/sigma_n P_{n+order}(x)|
  bool odd_term_vanishes = false;  // P_{n+1}(x) = 0 on every point (exact)
};

// Exact values P_k(x) on the points for k = 0..n+2, then the prediction.
ErrorPrediction predict_error(const FiniteScaleGate& gate, const std::vector<RealPoint>& points);

// The precision-refinement rule of the lambda sweeps.  `worst` is the error
// enclosure computed at `prec` bits.  Sets `tight` when its width is within
// 1e-6 of its value, and returns 0 (stop) then, at 2^16 bits, or when the
// error is below 2^-40 lambda^2 (zero at the resolution the precision was
// chosen for, e.g. an exact gate: refining cannot narrow it relatively);
// otherwise returns the doubled precision to retry with.
mpfr_prec_t next_sweep_precision(const Interval& worst, mpfr_prec_t prec, const mpq_class& lambda, bool& tight);

struct SweepRow {
  mpq_class lambda;
  Interval max_error;        // enclosure of max over the points of |f_lambda(x) - x1...xn|
  // Enclosure narrower than 1e-6 of its value; false also when the error is
  // below 2^-40 lambda^2 (zero at the working resolution: only the bound is shown).
  bool tight = true;
  double max_error_double = 0;  // the same computed in double precision
  bool double_fails = false;    // the double result is off by more than 10% of the true error
  mpfr_prec_t precision = 0;
  std::optional<double> local_order;  // log(e_prev/e)/log(lambda_prev/lambda)
  double seconds = 0;
};

struct SweepResult {
  std::string activation;  // "sigmoid, b = 1"
  std::string activation_name;
  mpq_class bias;
  std::size_t n = 0, m = 0;
  unsigned points = 0;
  std::uint64_t seed = 0;
  std::vector<SweepRow> rows;
  std::optional<double> fitted_order;  // least squares over the rows with lambda <= fit_below
  mpq_class fit_below;
  unsigned fit_rows = 0;
  ErrorPrediction prediction;
  std::optional<mpq_class> double_breaks_at;  // largest lambda where double fails
};

struct SweepOptions {
  std::vector<mpq_class> lambdas = default_lambdas();
  unsigned points = 100;
  std::uint64_t seed = 1;
  // Sigma evaluations times precision/64, checked before starting; one unit
  // costs a few microseconds, so 2e7 is about a minute.
  double max_work = 2e7;
};

// The work estimate of a sweep over a network with n inputs and m neurons
// before any network is built (64 + (n+2) log2(1/lambda) + log2 m + 16 bits
// per evaluation).  Throws LimitError above opts.max_work, naming --max-work.
void check_sweep_work(std::size_t n, std::size_t m, const SweepOptions& opts);

// Throws InputError on an empty lambda list and LimitError when the
// estimated work exceeds opts.max_work (naming --max-work).
SweepResult sweep_gate(const FiniteScaleGate& gate, const SweepOptions& opts);

// Least-squares slope of log(error) against log(lambda) over the tight rows
// with lambda <= below and a positive error; nullopt with fewer than 2 such
// rows.  sweep_gate fits below 1/10 when at least 3 lambdas are there, else
// over every lambda.
std::optional<double> fitted_order(const std::vector<SweepRow>& rows, const mpq_class& below, unsigned* used = nullptr);

// Presentation.
std::string format_coefficient_table(const std::vector<CertifiedCoefficient>& c, unsigned required_degree);
std::string format_sweep_table(const SweepResult& r);
std::string sweep_csv_header();
std::string sweep_csv_rows(const SweepResult& r);
// Keys: k, exact, value (exact only), lo, hi, sign.
nlohmann::ordered_json coefficients_json(const std::vector<CertifiedCoefficient>& c);
// Keys: activation, bias, n, m, points, seed, rows [{lambda, max_error,
// max_error_lo, max_error_hi, tight, max_error_double, double_fails,
// precision_bits, local_order}], fitted_order, fit_below, prediction {kind,
// order, constant, odd_term_vanishes}, double_breaks_at.
nlohmann::ordered_json sweep_json(const SweepResult& r);

}  // namespace nf
