// The evaluate-gate tool as a library call: a product gate at a finite scale lambda with real activations.
#include <ostream>
#include <string>
#include <vector>

#include "cli/tool_mains.hpp"
#include "numeric/evaluate_gate.hpp"
#include "verify/verify_flags.hpp"

namespace nf {

namespace {

const ToolInfo kTool{
    "evaluate-gate", "[N | --network FILE] [options]",
    "Evaluates a product gate at finite scale lambda, f_lambda(x) = sum_j w_j sigma(b + lambda a_j.x) /\n"
    "(lambda^n sigma_n(b)), with certified enclosures: sigma_k(b) (k <= n+2), then per lambda the largest certified\n"
    "error max |f_lambda(x) - x1...xn| over the seeded points, the same in double precision, and the fitted order.",
    "Example: evaluate-gate 2 --activation sigmoid --lambda 1,1/10,1/100\n"
    "Statuses: 0 done (every sweep converges to x1...xn), 1 refuted (sigma_n(b) = 0, or the exact expansion\n"
    "shows a nonzero limit or divergence), 2 bad input."};

}  // namespace

int evaluate_gate_main(const std::vector<std::string>& args, std::ostream& out) {
  EvaluateGateRequest request;
  std::vector<std::string> activations;
  std::string lambdas, csv, plot;
  std::uint64_t n = 0;
  bool json = false;
  std::vector<Option> table = {
      positional("N", "the (A4) gate for n = N (1..16, default 2)", count_value(n, 1, 16)),
      option("--network", "FILE", "a network file (JSON or text, generic normalization)",
                 text_value(request.network_file)),
      repeatable("--activation", "SPEC",
                     "sigmoid (default), tanh, softplus, exp, silu, poly:c0,c1,...; repeatable; all = the first five",
                     append_value(activations)),
      option("--bias", "B", "auto (default: the first candidate with sigma_k(b) != 0 certified, k <= n) or a rational",
                 text_value(request.bias)),
      option("--lambda", "L1,L2,...", "exact rationals (default 1, 1/2, 1/5, 1/10, ..., 1/10000)",
                 text_value(lambdas)),
      option("--points", "K", "(1,...,1) and K - 1 seeded dyadic points of [-1,1]^n (default 100)",
                 unsigned_value(request.sweep.points, 1, 100000)),
      option("--seed", "S", "seed of the points (default 1)", count_value(request.sweep.seed, 0, UINT64_MAX >> 1)),
      option("--at", "x1,...,xn", "print f_lambda(x) at one point (enclosure and double) instead of the sweep",
                 text_value(request.at)),
      flag("--coefficients", "print only sigma_0(b)..sigma_{n+2}(b) with their certificates",
               request.coefficients_only),
      option("--csv", "FILE", "the sweep as CSV", text_value(csv)),
      option("--plot", "FILE.png", "a log-log PNG of the sweep (gnuplot; the script is kept as FILE.png.gp)",
                 text_value(plot)),
      flag("--json", "one JSON object per activation (JSON Lines)", json),
      option("--max-work", "OPS", "refuse sweeps estimated above OPS sigma evaluations (default 2e7)",
                 positive_real_value(request.sweep.max_work)),
  };
  if (parse_command_line(kTool, table, args, out)) return kExitOk;
  if (n != 0 && !request.network_file.empty()) throw InputError("give either N or --network FILE, not both");
  if (n != 0) request.n = n;
  if (!lambdas.empty()) request.sweep.lambdas = parse_lambda_list(lambdas);
  for (const std::string& a : activations) {
    if (lower_ascii(a) == "all")
      for (const char* name : {"sigmoid", "tanh", "softplus", "exp", "silu"}) request.activations.push_back(name);
    else
      request.activations.push_back(a);
  }
  const EvaluateGateResult result = evaluate_gate(request);
  if (json)
    for (const auto& line : evaluate_gate_json(result)) out << line.dump() << '\n';
  else
    out << format_evaluate_gate(result);
  if (!csv.empty()) write_evaluate_gate_csv(result, csv);
  if (!plot.empty()) write_evaluate_gate_plot(result, plot);
  return result.status;
}

}  // namespace nf
