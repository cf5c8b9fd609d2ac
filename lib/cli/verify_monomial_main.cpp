// The verify-monomial tool as a library call: the prod_i (r_i + 1)-neuron gate for a monomial x^r,
// checked exactly, with the rank of the generalized matrix A.
#include <ostream>
#include <string>
#include <vector>

#include "cli/tool_mains.hpp"
#include "verify/product_runs.hpp"

namespace nf {

namespace {

const ToolInfo kTool{
    "verify-monomial", "R [--vars N] [options]",
    "Builds the grid gate for the monomial x^r (prod (r_i + 1) neurons, divided-difference weights) and checks\n"
    "the identities sigma_k P_k = [k = |r|] x^r exactly, with the rank of A_{s,j} = prod_h a_hj^s_h (s <= r).",
    "Example: verify-monomial 2,0,1; verify-monomial x1^2*x3 --vars 3 --json"};

}  // namespace

int verify_monomial_main(const std::vector<std::string>& args, std::ostream& out) {
  MonomialRun run;
  std::vector<Option> table = {
      positional("R", "exponents r_1,...,r_n (e.g. 2,0,1) or a monomial x1^2*x3 with --vars N",
                     text_value(run.spec), true),
      option("--vars", "N", "the number of variables of a monomial written as x1^2*x3",
                 count_value(run.vars, 1, 64)),
  };
  for (Option& o : verify_options(run.flags)) table.push_back(std::move(o));
  if (parse_command_line(kTool, table, args, out)) return kExitOk;
  finish_verify_flags(run.flags);
  return run_verify_monomial(run, out);
}

}  // namespace nf
