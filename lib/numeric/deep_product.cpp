#include "numeric/deep_product.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/options.hpp"
#include "core/rational.hpp"
#include "numeric/numeric_util.hpp"

namespace nf {

namespace {

// The gates need sigma_2(b) != 0 and the copies sigma_1(b) != 0.
void choose_deep_bias(const Activation& act, const std::string& bias, DeepProductResult& out) {
  out.bias = 0;
  out.bias_note = "b = 0";
  if (act.family() == Activation::Family::Generic) {
    if (bias != "auto" && parse_rational(bias) != 0) throw InputError("the generic activation takes no bias");
    return;
  }
  if (bias == "auto") {
    const BiasCertificate cert = find_certified_bias(act, 2);
    if (!cert.found) throw InputError("--bias auto: " + act.name() + ": " + cert.reason);
    out.bias = cert.bias;
    out.bias_note = "b = " + to_string(out.bias) + " (--bias auto: sigma_k(b) != 0 certified for k <= 2)";
  } else {
    out.bias = parse_rational(bias);
    out.bias_note = "b = " + to_string(out.bias) + " (given)";
  }
}

std::optional<double> leading_correction(const DeepSeriesReport& series) {
  if (series.order < 2) return std::nullopt;
  double m = 0;
  for (const mpq_class& v : series.values_at_points[2]) m = std::max(m, std::abs(v.get_d()));
  return m;
}

}  // namespace

DeepProductResult deep_product(const DeepProductRequest& request) {
  if (request.n < 2 || request.n > 4096) throw InputError("n: " + std::to_string(request.n) + " is outside 2..4096");
  DeepProductResult out{DeepProductNetwork(request.n), "", 0, "", 0, {}, std::nullopt, std::nullopt, 0};
  const Activation act = Activation::parse(request.activation);
  out.activation = act.name();
  choose_deep_bias(act, request.bias, out);
  const unsigned order = request.n > 64 && !request.series_order_given ? 0 : request.series_order;
  const std::vector<RealPoint> points = sample_points(request.n, request.opts.points, request.opts.seed);
  out.points = static_cast<unsigned>(points.size());
  fault_point("numeric");
  out.series = deep_series(out.network, act, out.bias, order, points);
  if (request.sweep && act.family() != Activation::Family::Generic) {
    const DeepGateEvaluator eval(out.network, RealActivation(act, out.bias));
    out.sweep = sweep_deep(eval, out.network, request.opts, request.flat);
  }
  out.c2_max = leading_correction(out.series);
  out.status = out.series.limit_is_product ? kExitOk : kExitRefuted;
  return out;
}

std::string format_deep_product(const DeepProductResult& r) {
  const DeepSeriesReport& series = r.series;
  std::string out = format_deep_structure(r.network);
  out += "\nactivation: " + r.activation + ", " + r.bias_note + "\n";
  out += "exact expansion in lambda (" + format_double(series.seconds, 3) + " s): F = c_0" +
         (series.order >= 1 ? " + c_1 lambda" : "") + (series.order >= 3 ? " + ..." : "") +
         (series.order >= 2 ? " + c_" + std::to_string(series.order) + " lambda^" + std::to_string(series.order) : "") +
         " + O(lambda^" + std::to_string(series.order + 1) + ")\n";
  if (!series.order_note.empty()) out += "  note: " + series.order_note + "\n";
  out += std::string("  P_k(u) = 0 for k < arity at every gate: ") + (series.lower_degrees_vanish ? "yes" : "NO") + "\n";
  for (unsigned t = 0; t <= series.order; ++t) out += "  c_" + std::to_string(t) + " = " + series.coefficients[t] + "\n";
  out += std::string("  limit lambda -> 0: ") +
         (series.limit_is_product ? "x1...xn exactly (verified)" : "NOT x1...xn (refuted)") + "\n";
  if (r.c2_max)
    out += "  max over the " + std::to_string(r.points) + " points of |c_2(x)| = " + format_double(*r.c2_max, 7) + "\n";
  if (r.sweep) {
    out += "\n" + format_deep_sweep(*r.sweep, r.network.inputs());
    if (r.c2_max && !r.sweep->rows.empty()) {
      const auto& last = r.sweep->rows.back();
      const double l = last.lambda.get_d();
      out += "error / lambda^2 at lambda = " + to_string(last.lambda) + ": " +
             format_double(last.max_error.mid_double() / (l * l), 7) + " (exact series: " + format_double(*r.c2_max, 7) +
             ")\n";
    }
  }
  return out;
}

namespace {

nlohmann::ordered_json sweep_rows_json(const DeepSweepResult& sweep) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : sweep.rows)
    rows.push_back({{"lambda", to_string(row.lambda)},
                    {"max_error", row.max_error.mid_double()},
                    {"max_error_lo", row.max_error.lo_double()},
                    {"max_error_hi", row.max_error.hi_double()},
                    {"max_error_double", row.max_error_double},
                    {"double_fails", row.double_fails},
                    {"precision_bits", row.precision},
                    {"flat_error", row.flat_error ? nlohmann::ordered_json(*row.flat_error) : nlohmann::ordered_json(nullptr)}});
  return rows;
}

}  // namespace

nlohmann::ordered_json deep_product_json(const DeepProductResult& r) {
  const std::size_t n = r.network.inputs();
  nlohmann::ordered_json j;
  j["n"] = n;
  j["activation"] = r.activation;
  j["bias"] = to_string(r.bias);
  j["layers"] = r.network.depth();
  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  for (const DeepLevel& l : r.network.levels())
    levels.push_back({{"gates", l.gates}, {"copies", l.copies}, {"neurons", l.neurons}, {"synapses_in", l.synapses_in}});
  j["levels"] = levels;
  j["output_synapses"] = r.network.output_synapses();
  j["neurons"] = r.network.neurons();
  j["synapses"] = r.network.synapses();
  j["flat_neurons"] = mpz_class(mpz_class(1) << static_cast<mp_bitcnt_t>(n)).get_str();
  j["series_order"] = r.series.order;
  j["series_note"] = r.series.order_note;
  j["lower_degrees_vanish"] = r.series.lower_degrees_vanish;
  j["limit_is_product"] = r.series.limit_is_product;
  j["series_terms"] = r.series.terms;
  j["series_coefficients"] = r.series.coefficients;
  j["c2_max_on_points"] = r.c2_max ? nlohmann::ordered_json(*r.c2_max) : nlohmann::ordered_json(nullptr);
  if (r.sweep) {
    j["rows"] = sweep_rows_json(*r.sweep);
    j["fitted_order"] = r.sweep->fitted_order ? nlohmann::ordered_json(*r.sweep->fitted_order) : nlohmann::ordered_json(nullptr);
  }
  j["verified"] = r.series.limit_is_product;
  return j;
}

std::string format_cost_table(const std::vector<FlatteningCostRow>& rows) {
  return "flattening cost of the product x1...xn: the deep binary tree (section 3.8) against the flat\n"
         "(A4) network; C_n, C_s = flat / deep (eqs. 25-26 with this deep network)\n" +
         format_flattening_cost_table(rows);
}

std::vector<nlohmann::ordered_json> cost_table_json(const std::vector<FlatteningCostRow>& rows) {
  std::vector<nlohmann::ordered_json> lines;
  for (const auto& r : rows) {
    nlohmann::ordered_json j;
    j["n"] = r.n;
    j["layers"] = r.depth;
    j["deep_neurons"] = r.deep_neurons;
    j["deep_synapses"] = r.deep_synapses;
    j["copies"] = r.copies;
    j["flat_neurons"] = r.flat_neurons.get_str();
    j["flat_synapses"] = r.flat_synapses.get_str();
    j["neuron_cost"] = r.neuron_cost.get_d();
    j["synapse_cost"] = r.synapse_cost.get_d();
    lines.push_back(j);
  }
  return lines;
}

}  // namespace nf
