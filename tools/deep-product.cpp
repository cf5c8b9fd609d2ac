// deep-product: the binary-tree product network of section 3.8.
//
//   deep-product N               structure (neurons, synapses per layer), the exact
//                                lambda -> 0 series, and the network at finite lambda
//   deep-product --cost-table    deep neurons against the flat 2^n, n = 2..64
// Options: --activation SPEC, --bias auto|RATIONAL, --series-order T, --lambda L1,...,
//          --points K, --seed S, --no-flat, --no-sweep, --from A, --to B, --json, --max-work OPS.
// Exit: 0 when the exact limit is x1...xn, 1 when it is not, 2 usage or input error.
#include <cctype>
#include <iostream>
#include <string>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/rational.hpp"
#include "numeric/deep_network.hpp"
#include "numeric/numeric_util.hpp"

namespace {

const char* kUsage =
    "usage: deep-product N [--activation SPEC] [--bias auto|RATIONAL] [--series-order T]\n"
    "                      [--lambda L1,L2,...] [--points K] [--seed S] [--no-flat] [--no-sweep]\n"
    "                      [--json] [--max-work OPS]\n"
    "       deep-product --cost-table [--from A] [--to B] [--json]\n"
    "  SPEC: generic | sigmoid | tanh | softplus | exp | silu | poly:c0,c1,...  (default sigmoid)\n";

struct Options {
  std::uint64_t n = 0;
  bool cost_table = false, json = false, flat = true, sweep = true;
  std::uint64_t from = 2, to = 64;
  std::string activation = "sigmoid", bias = "auto";
  unsigned order = 2;
  bool order_given = false;
  nf::SweepOptions opts;
};

Options parse_options(int argc, char** argv) {
  Options o;
  o.opts.points = 20;
  bool have_n = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--cost-table") {
      o.cost_table = true;
    } else if (arg == "--from") {
      o.from = nf::parse_count(nf::option_value(argc, argv, i), "--from", 2, 4096);
    } else if (arg == "--to") {
      o.to = nf::parse_count(nf::option_value(argc, argv, i), "--to", 2, 4096);
    } else if (arg == "--activation") {
      o.activation = nf::option_value(argc, argv, i);
    } else if (arg == "--bias") {
      o.bias = nf::option_value(argc, argv, i);
    } else if (arg == "--series-order") {
      o.order = static_cast<unsigned>(nf::parse_count(nf::option_value(argc, argv, i), "--series-order", 0, 6));
      o.order_given = true;
    } else if (arg == "--lambda") {
      o.opts.lambdas = nf::parse_lambda_list(nf::option_value(argc, argv, i));
    } else if (arg == "--points") {
      o.opts.points = static_cast<unsigned>(nf::parse_count(nf::option_value(argc, argv, i), "--points", 1, 100000));
    } else if (arg == "--seed") {
      o.opts.seed = nf::parse_count(nf::option_value(argc, argv, i), "--seed", 0, UINT64_MAX >> 1);
    } else if (arg == "--no-flat") {
      o.flat = false;
    } else if (arg == "--no-sweep") {
      o.sweep = false;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--max-work") {
      o.opts.max_work = nf::parse_positive_real(nf::option_value(argc, argv, i), "--max-work");
    } else if (!arg.empty() && arg[0] == '-' && arg.size() > 1 && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      throw nf::InputError("unknown option '" + arg + "'");
    } else {
      if (have_n) throw nf::InputError("more than one n given");
      o.n = nf::parse_count(arg, "n", 2, 4096);
      have_n = true;
    }
  }
  if (o.cost_table == have_n) throw nf::InputError("give N or --cost-table (see --help)");
  if (o.from > o.to) throw nf::InputError("--from " + std::to_string(o.from) + " exceeds --to " + std::to_string(o.to));
  return o;
}

int cost_table(const Options& o) {
  const auto rows = nf::flattening_cost_table(o.from, o.to);
  if (!o.json) {
    std::cout << "flattening cost of the product x1...xn: the deep binary tree (section 3.8) against the flat\n"
                 "(A4) network; C_n, C_s = flat / deep (eqs. 25-26 with this deep network)\n"
              << nf::format_flattening_cost_table(rows);
    return nf::kExitOk;
  }
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
    std::cout << j.dump() << '\n';
  }
  return nf::kExitOk;
}

int run(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  if (o.cost_table) return cost_table(o);
  const nf::DeepProductNetwork net(o.n);
  const nf::Activation act = nf::Activation::parse(o.activation);
  const bool generic = act.family() == nf::Activation::Family::Generic;
  mpq_class bias = 0;
  std::string bias_text = "b = 0";
  if (!generic) {
    if (o.bias == "auto") {
      // The gates need sigma_2(b) != 0 and the copies sigma_1(b) != 0.
      const nf::BiasCertificate cert = nf::find_certified_bias(act, 2);
      if (!cert.found) throw nf::InputError("--bias auto: " + act.name() + ": " + cert.reason);
      bias = cert.bias;
      bias_text = "b = " + nf::to_string(bias) + " (--bias auto: sigma_k(b) != 0 certified for k <= 2)";
    } else {
      bias = nf::parse_rational(o.bias);
      bias_text = "b = " + nf::to_string(bias) + " (given)";
    }
  } else if (o.bias != "auto" && nf::parse_rational(o.bias) != 0) {
    throw nf::InputError("the generic activation takes no bias");
  }
  if (o.n > 64 && !o.order_given) o.order = 0;
  const std::vector<nf::RealPoint> points = nf::sample_points(o.n, o.opts.points, o.opts.seed);
  const nf::DeepSeriesReport series = nf::deep_series(net, act, bias, o.order, points);
  std::optional<nf::DeepSweepResult> sweep;
  if (o.sweep && !generic) {
    const nf::DeepGateEvaluator eval(net, nf::RealActivation(act, bias));
    sweep = nf::sweep_deep(eval, net, o.opts, o.flat);
  }

  // The limit of the leading correction, max over the points of |c_2(x)|.
  std::optional<double> c2_max;
  if (series.order >= 2) {
    double m = 0;
    for (const mpq_class& v : series.values_at_points[2]) m = std::max(m, std::abs(v.get_d()));
    c2_max = m;
  }
  const bool ok = series.limit_is_product;
  if (o.json) {
    nlohmann::ordered_json j;
    j["n"] = o.n;
    j["activation"] = act.name();
    j["bias"] = nf::to_string(bias);
    j["layers"] = net.depth();
    nlohmann::ordered_json levels = nlohmann::ordered_json::array();
    for (const nf::DeepLevel& l : net.levels())
      levels.push_back({{"gates", l.gates}, {"copies", l.copies}, {"neurons", l.neurons}, {"synapses_in", l.synapses_in}});
    j["levels"] = levels;
    j["output_synapses"] = net.output_synapses();
    j["neurons"] = net.neurons();
    j["synapses"] = net.synapses();
    j["flat_neurons"] = mpz_class(mpz_class(1) << static_cast<mp_bitcnt_t>(o.n)).get_str();
    j["series_order"] = series.order;
    j["series_note"] = series.order_note;
    j["lower_degrees_vanish"] = series.lower_degrees_vanish;
    j["limit_is_product"] = series.limit_is_product;
    j["series_terms"] = series.terms;
    j["series_coefficients"] = series.coefficients;
    j["c2_max_on_points"] = c2_max ? nlohmann::ordered_json(*c2_max) : nlohmann::ordered_json(nullptr);
    if (sweep) {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& r : sweep->rows)
        rows.push_back({{"lambda", nf::to_string(r.lambda)},
                        {"max_error", r.max_error.mid_double()},
                        {"max_error_lo", r.max_error.lo_double()},
                        {"max_error_hi", r.max_error.hi_double()},
                        {"max_error_double", r.max_error_double},
                        {"double_fails", r.double_fails},
                        {"precision_bits", r.precision},
                        {"flat_error", r.flat_error ? nlohmann::ordered_json(*r.flat_error) : nlohmann::ordered_json(nullptr)}});
      j["rows"] = rows;
      j["fitted_order"] = sweep->fitted_order ? nlohmann::ordered_json(*sweep->fitted_order) : nlohmann::ordered_json(nullptr);
    }
    j["verified"] = ok;
    std::cout << j.dump() << '\n';
    return ok ? nf::kExitOk : nf::kExitRefuted;
  }
  std::cout << nf::format_deep_structure(net);
  std::cout << "\nactivation: " << act.name() << ", " << bias_text << '\n';
  std::cout << "exact expansion in lambda (" << nf::format_double(series.seconds, 3) << " s): F = c_0"
            << (series.order >= 1 ? " + c_1 lambda" : "") << (series.order >= 3 ? " + ..." : "")
            << (series.order >= 2 ? " + c_" + std::to_string(series.order) + " lambda^" + std::to_string(series.order) : "")
            << " + O(lambda^" << series.order + 1 << ")\n";
  if (!series.order_note.empty()) std::cout << "  note: " << series.order_note << '\n';
  std::cout << "  P_k(u) = 0 for k < arity at every gate: " << (series.lower_degrees_vanish ? "yes" : "NO") << '\n';
  for (unsigned t = 0; t <= series.order; ++t)
    std::cout << "  c_" << t << " = " << series.coefficients[t] << '\n';
  std::cout << "  limit lambda -> 0: " << (ok ? "x1...xn exactly (verified)" : "NOT x1...xn (refuted)") << '\n';
  if (c2_max) std::cout << "  max over the " << points.size() << " points of |c_2(x)| = " << nf::format_double(*c2_max, 7) << '\n';
  if (sweep) {
    std::cout << '\n' << nf::format_deep_sweep(*sweep, o.n);
    if (c2_max && !sweep->rows.empty()) {
      const auto& last = sweep->rows.back();
      const double l = last.lambda.get_d();
      std::cout << "error / lambda^2 at lambda = " << nf::to_string(last.lambda) << ": "
                << nf::format_double(last.max_error.mid_double() / (l * l), 7) << " (exact series: "
                << nf::format_double(*c2_max, 7) << ")\n";
    }
  }
  return ok ? nf::kExitOk : nf::kExitRefuted;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("deep-product", [&] { return run(argc, argv); });
}
