#include "numeric/evaluate_gate.hpp"

#include "core/error.hpp"
#include "core/options.hpp"
#include "core/output_file.hpp"
#include "core/rational.hpp"
#include "io/network_file.hpp"
#include "model/construction.hpp"
#include "numeric/numeric_util.hpp"
#include "numeric/plot.hpp"

namespace nf {

namespace {

RealPoint parse_point(const std::string& text, std::size_t n) {
  RealPoint x;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    try {
      x.push_back(parse_rational(text.substr(start, comma - start)));
    } catch (const InputError& e) {
      throw InputError(std::string("--at: ") + e.what());
    }
    start = comma + 1;
  }
  if (x.size() != n)
    throw InputError("--at: " + std::to_string(x.size()) + " coordinates given, the network has n = " +
                     std::to_string(n));
  return x;
}

// The bias of one activation: the certified search, or the given rational.
void choose_bias(const Activation& act, const std::string& bias, std::size_t n, GateEvaluation& out) {
  if (bias == "auto") {
    const BiasCertificate cert = find_certified_bias(act, static_cast<unsigned>(n));
    if (!cert.found) throw InputError("--bias auto: " + act.name() + ": " + cert.reason);
    out.bias = cert.bias;
    out.bias_note = "b = " + to_string(out.bias) + " (--bias auto: candidate " + std::to_string(cert.candidates_tried) +
                    " of the search, the first with sigma_k(b) != 0 certified for every k <= " + std::to_string(n) + ")";
  } else {
    out.bias = parse_rational(bias);
    out.bias_note = "b = " + to_string(out.bias) + " (given)";
  }
}

// The network and the activations to run: the (A4) gate or the file.
Network load_network(const EvaluateGateRequest& request, std::vector<std::string>& activations) {
  if (request.network_file.empty()) {
    if (request.n < 1 || request.n > 16) throw InputError("n: " + std::to_string(request.n) + " is outside 1..16");
    if (!request.coefficients_only && request.at.empty())
      check_sweep_work(request.n, std::size_t(1) << request.n, request.sweep);
    if (activations.empty()) activations.push_back("sigmoid");
    return canonical_product_gate(request.n, Activation::generic());
  }
  NetworkFile file = read_network_file(request.network_file);
  if (activations.empty())
    activations.push_back(file.activation && lower_ascii(*file.activation) != "generic" ? *file.activation : "sigmoid");
  return std::move(file.network);
}

void evaluate_at_point(const FiniteScaleGate& gate, const RealPoint& x, const SweepOptions& sweep,
                       GateEvaluation& out) {
  for (const mpq_class& lambda : sweep.lambdas) {
    GateEvaluation::PointValue v;
    v.lambda = lambda;
    v.precision = gate.evaluation_precision(lambda);
    v.value = gate.evaluate(lambda, x, v.precision);
    v.value_double = gate.evaluate_double(lambda, x);
    out.at_point.push_back(std::move(v));
  }
}

bool refutes(const GateEvaluation& g) {
  return g.degree_vanishes || (g.sweep && (g.sweep->prediction.kind == "diverges" || g.sweep->prediction.kind == "constant"));
}

}  // namespace

EvaluateGateResult evaluate_gate(const EvaluateGateRequest& request) {
  if (!request.at.empty() && request.coefficients_only) throw InputError("--at and --coefficients exclude each other");
  std::vector<std::string> specs = request.activations;
  const Network net = load_network(request, specs);
  EvaluateGateResult result;
  result.n = net.inputs();
  result.m = net.neurons();
  result.mode = request.coefficients_only ? EvaluateGateResult::Mode::Coefficients
                : request.at.empty()      ? EvaluateGateResult::Mode::Sweep
                                          : EvaluateGateResult::Mode::Point;
  const std::optional<RealPoint> point =
      request.at.empty() ? std::nullopt : std::optional<RealPoint>(parse_point(request.at, result.n));
  // Resolve every activation and bias before computing anything long.
  std::vector<std::optional<FiniteScaleGate>> gates;
  for (const std::string& spec : specs) {
    const Activation act = Activation::parse(spec);
    GateEvaluation g;
    g.activation = act.name();
    choose_bias(act, request.bias, result.n, g);
    const RealActivation real(act, g.bias);
    g.coefficients = real.coefficients(static_cast<unsigned>(result.n + 2));
    g.degree_vanishes = g.coefficients[result.n].certified_zero();
    gates.push_back(g.degree_vanishes ? std::nullopt : std::optional<FiniteScaleGate>(FiniteScaleGate(net, real)));
    result.gates.push_back(std::move(g));
  }
  fault_point("numeric");
  for (std::size_t i = 0; i < gates.size(); ++i) {
    if (!gates[i] || result.mode == EvaluateGateResult::Mode::Coefficients) continue;
    if (point) evaluate_at_point(*gates[i], *point, request.sweep, result.gates[i]);
    else result.gates[i].sweep = sweep_gate(*gates[i], request.sweep);
  }
  for (const GateEvaluation& g : result.gates)
    if (refutes(g)) result.status = kExitRefuted;
  return result;
}

namespace {

std::string refutation_text(const GateEvaluation& g, std::size_t n) {
  const std::string k = std::to_string(n);
  return "refuted: sigma_" + k + "(b) = 0 exactly, so the degree-" + k +
         " part of sum_j w_j sigma(b + lambda a_j.x) vanishes whatever the weights: no rescaling makes this network a "
         "product gate at b = " + to_string(g.bias) + " (f_lambda, which divides by sigma_" + k + "(b), is undefined)\n";
}

}  // namespace

std::string format_evaluate_gate(const EvaluateGateResult& result) {
  std::string out;
  for (std::size_t i = 0; i < result.gates.size(); ++i) {
    const GateEvaluation& g = result.gates[i];
    out += g.activation + ": bias: " + g.bias_note + "\n" +
           format_coefficient_table(g.coefficients, static_cast<unsigned>(result.n));
    if (g.degree_vanishes && result.mode != EvaluateGateResult::Mode::Coefficients) {
      out += refutation_text(g, result.n);
    } else if (result.mode == EvaluateGateResult::Mode::Point) {
      for (const auto& v : g.at_point)
        out += "  lambda = " + to_string(v.lambda) + ": f_lambda(x) in " + v.value.to_string(20) + " (" +
               std::to_string(v.precision) + " bits); double: " + format_double(v.value_double, 17) + "\n";
    } else if (g.sweep) {
      out += format_sweep_table(*g.sweep);
      if (i + 1 < result.gates.size()) out += "\n";
    }
  }
  return out;
}

std::vector<nlohmann::ordered_json> evaluate_gate_json(const EvaluateGateResult& result) {
  std::vector<nlohmann::ordered_json> lines;
  for (const GateEvaluation& g : result.gates) {
    nlohmann::ordered_json j;
    if (g.degree_vanishes && result.mode != EvaluateGateResult::Mode::Coefficients) {
      j["activation"] = g.activation;
      j["bias"] = to_string(g.bias);
      j["n"] = result.n;
      j["verdict"] = "refuted";
      j["reason"] = "sigma_" + std::to_string(result.n) + "(b) = 0: the degree-n part vanishes";
      j["coefficients"] = coefficients_json(g.coefficients);
      lines.push_back(j);
    } else if (result.mode == EvaluateGateResult::Mode::Coefficients) {
      j["activation"] = g.activation;
      j["bias"] = to_string(g.bias);
      j["coefficients"] = coefficients_json(g.coefficients);
      lines.push_back(j);
    } else if (result.mode == EvaluateGateResult::Mode::Point) {
      for (const auto& v : g.at_point) {
        nlohmann::ordered_json p;
        p["activation"] = g.activation;
        p["bias"] = to_string(g.bias);
        p["lambda"] = to_string(v.lambda);
        p["f_lo"] = v.value.lo_double();
        p["f_hi"] = v.value.hi_double();
        p["f_double"] = v.value_double;
        p["precision_bits"] = v.precision;
        lines.push_back(p);
      }
    } else {
      j = sweep_json(*g.sweep);
      j["coefficients"] = coefficients_json(g.coefficients);
      j["verdict"] = refutes(g) ? "refuted" : "converges";
      lines.push_back(j);
    }
  }
  return lines;
}

void write_evaluate_gate_csv(const EvaluateGateResult& result, const std::string& path) {
  std::string csv = sweep_csv_header();
  for (const GateEvaluation& g : result.gates)
    if (g.sweep) csv += sweep_csv_rows(*g.sweep);
  write_file(path, [&](std::ostream& f) { f << csv; });
}

void write_evaluate_gate_plot(const EvaluateGateResult& result, const std::string& png_path) {
  std::vector<SweepResult> sweeps;
  for (const GateEvaluation& g : result.gates)
    if (g.sweep) sweeps.push_back(*g.sweep);
  const std::string title = "product gate, n = " + std::to_string(result.n) + ", m = " + std::to_string(result.m) +
                            ": error against the scale {/Symbol l}";
  run_gnuplot(error_plot_script(sweeps, png_path, title), png_path + ".gp");
}

}  // namespace nf
