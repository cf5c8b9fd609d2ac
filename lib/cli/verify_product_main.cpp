// The verify-product tool as a library call: the paper's 2^n-neuron product gate (A4), checked exactly.
#include <ostream>
#include <string>
#include <vector>

#include "cli/tool_mains.hpp"
#include "verify/product_runs.hpp"

namespace nf {

namespace {

const ToolInfo kTool{
    "verify-product", "N | --upto N [--from K] [options]",
    "Builds the paper's product gate (A4) for n inputs (2^n neurons, a_ij = +-1, w_j = (-1)^|S_j| / (2^n n! sigma_n))\n"
    "and checks the identities (A2)/(A3) and the rank of A (A7) exactly: a proof log for one n, a table row per n.",
    "Example: verify-product 3; verify-product --upto 10 --json"};

}  // namespace

int verify_product_main(const std::vector<std::string>& args, std::ostream& out) {
  ProductRun run;
  std::uint64_t n = 0, upto = 0;
  std::string construction = "a4";
  std::vector<Option> table = {
      positional("N", "the number of inputs n (1..30): one proof log", count_value(n, 1, 30)),
      option("--upto", "N", "one table row per n = K..N", count_value(upto, 1, 30)),
      option("--from", "K", "the first n of --upto (default 1)", count_value(run.from, 1, 30)),
      option("--construction", "NAME",
                 "a4 (default): the paper's gate; half: its 2^(n-1) neurons with a_1j = +1, exact for sigma(t) = t^n "
                 "and for odd activations with odd n",
                 choice_value(construction, {{"a4", std::string("a4")}, {"half", std::string("half")}})),
  };
  for (Option& o : verify_options(run.flags)) table.push_back(std::move(o));
  if (parse_command_line(kTool, table, args, out)) return kExitOk;
  if (n == 0 && upto == 0) throw InputError("give n or --upto N (see --help)");
  if (n != 0 && upto != 0) throw InputError("give either n or --upto N, not both");
  if (n != 0 && run.from != 0) throw InputError("--from needs --upto");
  finish_verify_flags(run.flags);
  run.table = upto != 0;
  run.to = run.table ? upto : n;
  if (run.from == 0) run.from = run.table ? 1 : n;
  run.half = construction == "half";
  return run_verify_product(run, out);
}

}  // namespace nf
