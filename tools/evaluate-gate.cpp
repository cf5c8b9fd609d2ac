// evaluate-gate: a product gate at a finite scale lambda with real activations.
//
//   evaluate-gate [N]                 the (A4) gate for n = N (default 2)
//   evaluate-gate --network FILE      a network file (JSON or text, generic normalization)
// Options: --activation SPEC (repeatable; "all" = sigmoid, tanh, softplus, exp, silu),
//          --bias auto|RATIONAL, --lambda L1,L2,..., --points K, --seed S,
//          --at x1,...,xn, --coefficients, --csv FILE, --plot FILE.png, --json,
//          --max-work OPS.
// Exit: 0 done, 2 usage or input error.
#include <cctype>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/rational.hpp"
#include "io/network_file.hpp"
#include "model/construction.hpp"
#include "numeric/gate_evaluation.hpp"
#include "numeric/numeric_util.hpp"
#include "numeric/plot.hpp"

namespace {

const char* kUsage =
    "usage: evaluate-gate [N | --network FILE] [--activation SPEC]... [--bias auto|RATIONAL]\n"
    "                     [--lambda L1,L2,...] [--points K] [--seed S] [--at x1,...,xn]\n"
    "                     [--coefficients] [--csv FILE] [--plot FILE.png] [--json] [--max-work OPS]\n"
    "  SPEC: sigmoid | tanh | softplus | exp | silu | poly:c0,c1,... | all\n"
    "  Prints sigma_k(b) (k <= n+2) with certified enclosures, then per lambda the largest\n"
    "  certified error max |f_lambda(x) - x1...xn| over the seeded points, the same in double\n"
    "  precision, and the fitted order of convergence.\n";

struct Options {
  std::uint64_t n = 2;
  bool have_n = false;
  std::string network_file;
  std::vector<std::string> activations;
  std::string bias = "auto";
  nf::SweepOptions sweep;
  std::string at;
  bool coefficients_only = false, json = false;
  std::string csv, plot;
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--network") {
      o.network_file = nf::option_value(argc, argv, i);
    } else if (arg == "--activation") {
      const std::string v = nf::option_value(argc, argv, i);
      if (v == "all")
        for (const char* a : {"sigmoid", "tanh", "softplus", "exp", "silu"}) o.activations.push_back(a);
      else
        o.activations.push_back(v);
    } else if (arg == "--bias") {
      o.bias = nf::option_value(argc, argv, i);
    } else if (arg == "--lambda") {
      o.sweep.lambdas = nf::parse_lambda_list(nf::option_value(argc, argv, i));
    } else if (arg == "--points") {
      o.sweep.points = static_cast<unsigned>(nf::parse_count(nf::option_value(argc, argv, i), "--points", 1, 100000));
    } else if (arg == "--seed") {
      o.sweep.seed = nf::parse_count(nf::option_value(argc, argv, i), "--seed", 0, UINT64_MAX >> 1);
    } else if (arg == "--at") {
      o.at = nf::option_value(argc, argv, i);
    } else if (arg == "--coefficients") {
      o.coefficients_only = true;
    } else if (arg == "--csv") {
      o.csv = nf::option_value(argc, argv, i);
    } else if (arg == "--plot") {
      o.plot = nf::option_value(argc, argv, i);
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--max-work") {
      o.sweep.max_work = nf::parse_positive_real(nf::option_value(argc, argv, i), "--max-work");
    } else if (!arg.empty() && arg[0] == '-' && arg.size() > 1 && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      throw nf::InputError("unknown option '" + arg + "'");
    } else {
      if (o.have_n) throw nf::InputError("more than one n given");
      o.n = nf::parse_count(arg, "n", 1, 16);
      o.have_n = true;
    }
  }
  if (o.have_n && !o.network_file.empty()) throw nf::InputError("give either N or --network FILE, not both");
  if (!o.at.empty() && o.coefficients_only) throw nf::InputError("--at and --coefficients exclude each other");
  return o;
}

nf::RealPoint parse_point(const std::string& text, std::size_t n) {
  nf::RealPoint x;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    try {
      x.push_back(nf::parse_rational(text.substr(start, comma - start)));
    } catch (const nf::InputError& e) {
      throw nf::InputError(std::string("--at: ") + e.what());
    }
    start = comma + 1;
  }
  if (x.size() != n)
    throw nf::InputError("--at: " + std::to_string(x.size()) + " coordinates given, the network has n = " +
                         std::to_string(n));
  return x;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream f(path);
  if (!f) throw nf::InputError("cannot write " + path);
  f << content;
  if (!f) throw nf::InputError("cannot write " + path);
}

int run(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  std::optional<nf::Network> net;
  std::optional<std::string> file_activation;
  if (!o.network_file.empty()) {
    nf::NetworkFile file = nf::read_network_file(o.network_file);
    net = std::move(file.network);
    file_activation = file.activation;
  } else {
    if (!o.coefficients_only && o.at.empty()) nf::check_sweep_work(o.n, std::size_t(1) << o.n, o.sweep);
    net = nf::canonical_product_gate(o.n, nf::Activation::generic());
  }
  const std::size_t n = net->inputs();
  if (o.activations.empty())
    o.activations.push_back(file_activation && *file_activation != "generic" ? *file_activation : "sigmoid");
  const std::optional<nf::RealPoint> point = o.at.empty() ? std::nullopt : std::optional(parse_point(o.at, n));

  // Resolve every activation and bias before computing anything long.
  std::vector<nf::FiniteScaleGate> gates;
  std::vector<std::string> certificates;
  for (const std::string& spec : o.activations) {
    const nf::Activation act = nf::Activation::parse(spec);
    std::string text;
    mpq_class bias;
    if (o.bias == "auto") {
      const nf::BiasCertificate cert = nf::find_certified_bias(act, static_cast<unsigned>(n));
      if (!cert.found) throw nf::InputError("--bias auto: " + act.name() + ": " + cert.reason);
      bias = cert.bias;
      text = "bias: b = " + nf::to_string(bias) + " (--bias auto: candidate " + std::to_string(cert.candidates_tried) +
             " of the search, the first with sigma_k(b) != 0 certified for every k <= " + std::to_string(n) + ")\n";
    } else {
      bias = nf::parse_rational(o.bias);
      text = "bias: b = " + nf::to_string(bias) + " (given)\n";
    }
    nf::FiniteScaleGate gate(*net, nf::RealActivation(act, bias));
    text = act.name() + ": " + text + nf::format_coefficient_table(gate.coefficients(), static_cast<unsigned>(n));
    certificates.push_back(text);
    gates.push_back(std::move(gate));
  }

  if (o.coefficients_only) {
    if (o.json) {
      for (const nf::FiniteScaleGate& g : gates) {
        nlohmann::ordered_json j;
        j["activation"] = g.activation().activation().name();
        j["bias"] = nf::to_string(g.activation().bias());
        j["coefficients"] = nf::coefficients_json(g.coefficients());
        std::cout << j.dump() << '\n';
      }
    } else {
      for (const std::string& c : certificates) std::cout << c;
    }
    return nf::kExitOk;
  }

  if (point) {
    for (std::size_t g = 0; g < gates.size(); ++g) {
      if (!o.json) std::cout << certificates[g];
      for (const mpq_class& lambda : o.sweep.lambdas) {
        const mpfr_prec_t prec = gates[g].evaluation_precision(lambda);
        const nf::Interval f = gates[g].evaluate(lambda, *point, prec);
        const double fd = gates[g].evaluate_double(lambda, *point);
        if (o.json) {
          nlohmann::ordered_json j;
          j["activation"] = gates[g].activation().activation().name();
          j["bias"] = nf::to_string(gates[g].activation().bias());
          j["lambda"] = nf::to_string(lambda);
          j["f_lo"] = f.lo_double();
          j["f_hi"] = f.hi_double();
          j["f_double"] = fd;
          j["precision_bits"] = prec;
          std::cout << j.dump() << '\n';
        } else {
          std::cout << "  lambda = " << nf::to_string(lambda) << ": f_lambda(x) in " << f.to_string(20) << " ("
                    << prec << " bits); double: " << nf::format_double(fd, 17) << '\n';
        }
      }
    }
    return nf::kExitOk;
  }

  std::vector<nf::SweepResult> sweeps;
  for (std::size_t g = 0; g < gates.size(); ++g) {
    sweeps.push_back(nf::sweep_gate(gates[g], o.sweep));
    if (o.json) {
      nlohmann::ordered_json j = nf::sweep_json(sweeps.back());
      j["coefficients"] = nf::coefficients_json(gates[g].coefficients());
      std::cout << j.dump() << '\n';
    } else {
      std::cout << certificates[g] << nf::format_sweep_table(sweeps.back()) << (g + 1 < gates.size() ? "\n" : "")
                << std::flush;
    }
  }
  if (!o.csv.empty()) {
    std::string csv = nf::sweep_csv_header();
    for (const nf::SweepResult& s : sweeps) csv += nf::sweep_csv_rows(s);
    write_file(o.csv, csv);
  }
  if (!o.plot.empty()) {
    const std::string title = "product gate, n = " + std::to_string(n) + ", m = " + std::to_string(net->neurons()) +
                              ": error against the scale {/Symbol l}";
    nf::run_gnuplot(nf::error_plot_script(sweeps, o.plot, title), o.plot + ".gp");
  }
  return nf::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("evaluate-gate", [&] { return run(argc, argv); });
}
