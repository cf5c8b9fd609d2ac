// The evaluate-gate run: a product gate at finite scale lambda under real
// activations (gate_evaluation.hpp), as one request in and one result out,
// with separate text and JSON formatters.
//
// Example: the (A4) gate for n = 2 under the sigmoid at the certified bias
// b = 1: the largest error over 100 points falls like lambda^2
// (0.004517 at lambda = 1/10), and the result's status is 0.
#pragma once

#include <gmpxx.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "numeric/gate_evaluation.hpp"

namespace nf {

struct EvaluateGateRequest {
  std::uint64_t n = 2;       // the (A4) gate for n inputs, unless network_file is set
  std::string network_file;  // a network file (generic normalization)
  // Activation specs ("all" is expanded by the caller); empty: the file's
  // activation when it has one other than generic, else sigmoid.
  std::vector<std::string> activations;
  std::string bias = "auto";  // "auto" or an exact rational
  SweepOptions sweep;
  std::string at;             // "x1,...,xn": f_lambda at one point instead of the sweep
  bool coefficients_only = false;
};

// One activation's part of the run.
struct GateEvaluation {
  std::string activation;  // the spec, as Activation::name() writes it
  mpq_class bias;
  std::string bias_note;   // how the bias was chosen
  std::vector<CertifiedCoefficient> coefficients;  // sigma_k(b), k = 0..n+2
  // sigma_n(b) = 0 exactly: the degree-n part of the expansion vanishes, no
  // rescaling makes the network a product gate, and f_lambda is undefined.
  bool degree_vanishes = false;
  std::optional<SweepResult> sweep;
  struct PointValue {
    mpq_class lambda;
    Interval value;
    double value_double = 0;
    mpfr_prec_t precision = 0;
  };
  std::vector<PointValue> at_point;
};

struct EvaluateGateResult {
  std::size_t n = 0, m = 0;
  enum class Mode { Sweep, Point, Coefficients } mode = Mode::Sweep;
  std::vector<GateEvaluation> gates;
  // 0: every sweep converges to x1...xn (or only coefficients/point values
  // were asked); 1: some activation refutes the gate (sigma_n(b) = 0, or the
  // exact expansion predicts divergence or a nonzero limit of the error).
  int status = 0;
};

// Throws InputError (bad request, unreadable file, no certified bias) and
// LimitError (the sweep's estimated work above sweep.max_work) before any
// long computation.
EvaluateGateResult evaluate_gate(const EvaluateGateRequest& request);

std::string format_evaluate_gate(const EvaluateGateResult& result);
// One JSON object per activation (JSON Lines).  Sweep keys: those of
// sweep_json plus coefficients and verdict; point keys: activation, bias,
// lambda, f_lo, f_hi, f_double, precision_bits (one object per lambda);
// coefficient keys: activation, bias, coefficients.  A gate whose sigma_n(b)
// = 0 gives {activation, bias, n, verdict: "refuted", reason, coefficients}.
std::vector<nlohmann::ordered_json> evaluate_gate_json(const EvaluateGateResult& result);

// The sweeps as CSV, and the log-log PNG through gnuplot (script kept as
// PNG.gp).  Throws InputError when a file cannot be written.
void write_evaluate_gate_csv(const EvaluateGateResult& result, const std::string& path);
void write_evaluate_gate_plot(const EvaluateGateResult& result, const std::string& png_path);

}  // namespace nf
