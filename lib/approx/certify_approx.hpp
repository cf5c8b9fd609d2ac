// The certify-approx run: how far is a real network from x^r on a box,
// guaranteed?  One request in, one result out, text / JSON / CSV / plot
// formatters beside it.
//
// Sources: a network file (any format read_network_file reads, with its
// biases b and output bias c) at scale L,
//   f_L(x) = L^-d (c + sum_j w_j sigma(b_j + L a_j . x)),  d = |r|,
// or the paper's gate (A4) for n = N as evaluate-gate scales it,
//   f_lambda(x) = sum_j w_j sigma(b + lambda a_j . x) / (lambda^n sigma_n(b)),
// with the same certified bias search (--bias auto) and the same sigma_n(b).
// For each scale the result holds the certified enclosure lower <= E* <= upper
// of E* = max over the box of |f(x) - x^r| (branch_and_bound.hpp) and the
// largest value of |f - x^r| over the seeded sample points of evaluate-gate
// mapped into the box (what sampling shows; certified values at those points).
//
// Example: certify-approx --gate 2 --activation sigmoid --scale 1/10 gives
// 0.0045173 <= E* <= 0.0045174-ish at the witness (1, 1), status 0.
#pragma once

#include <gmpxx.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "approx/branch_and_bound.hpp"

namespace nf {

struct CertifyApproxRequest {
  std::string network_file;       // a network file, or
  std::uint64_t gate = 0;         // the (A4) gate for n = gate (1..8)
  std::string activation;         // empty: the file's activation (files), sigmoid (gates)
  std::string bias = "auto";      // gates only: auto or a rational
  std::string target;             // empty: x1...xn
  std::string box = "-1..1";
  std::vector<mpq_class> scales;  // --scale (one) or --sweep (several); empty: 1
  bool sweep = false;             // the scales came from --sweep
  BranchAndBoundOptions options;  // gap, epsilon, limits, form, progress
  unsigned points = 100;          // sample points (evaluate-gate's: (1,...,1) and seeded dyadics)
  std::uint64_t seed = 1;
};

struct CertifyApproxRow {
  mpq_class scale;
  Enclosure enclosure;
  double sampled = 0;             // max over the sample points of a certified lower bound of |f - x^r|
  std::optional<double> local_order;  // log(upper_prev / upper) / log(scale_prev / scale)
};

struct CertifyApproxResult {
  std::string source;       // "gate n = 2" or the file name
  std::string activation;   // the spec
  std::optional<mpq_class> bias;  // gates: the bias b
  std::string bias_note;
  std::size_t n = 0, m = 0;
  std::string target;       // "x1*x2"
  RationalBox box;
  std::string form;
  std::optional<mpq_class> epsilon;
  double gap = 0.01;
  unsigned points = 0;
  bool sweep = false;
  std::vector<CertifyApproxRow> rows;
  // Least squares of log(upper) on log(scale) over the rows with scale <=
  // 1/10 when at least two have a positive upper bound, else over every row.
  std::optional<double> fitted_order;
  unsigned fit_rows = 0;
  int status = 0;           // the worst of the rows: 1 > 4 > 0 (see worse_status)
};

// Throws InputError (bad request, unreadable file, n mismatch) and LimitError
// (a network too large: m n above 10^6, or a gate above n = 8) before any
// long computation.
[[nodiscard]] CertifyApproxResult certify_approx(const CertifyApproxRequest& request);

std::string format_certify_approx(const CertifyApproxResult& result);
// One object per row (JSON Lines).  Keys: lower, upper, witness (exact
// rationals as strings), f_lo, f_hi, verdict, status, reason, boxes, scale,
// box, target, activation, bias, n, m, form, gap, epsilon, sampled, seconds;
// in a sweep also local_order and fitted_order.
std::vector<nlohmann::ordered_json> certify_approx_json(const CertifyApproxResult& result);
// scale,sampled,lower,upper,boxes,seconds (one line per row).
std::string certify_approx_csv(const CertifyApproxResult& result);
// Log-log plot through gnuplot: certified upper and lower against the scale,
// and the sampled maximum (dashed).  Throws InputError if gnuplot fails.
void write_certify_approx_plot(const CertifyApproxResult& result, const std::string& png_path);

}  // namespace nf
