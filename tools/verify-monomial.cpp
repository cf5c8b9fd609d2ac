// verify-monomial: the prod_i (r_i + 1)-neuron gate for a monomial x^r,
// checked exactly, with the rank of the generalized matrix A.
#include <iostream>

#include "verify/product_runs.hpp"

namespace {

const nf::ToolInfo kTool{
    "verify-monomial", "R [--vars N] [options]",
    "Builds the grid gate for the monomial x^r (prod (r_i + 1) neurons, divided-difference weights) and checks\n"
    "the identities sigma_k P_k = [k = |r|] x^r exactly, with the rank of A_{s,j} = prod_h a_hj^s_h (s <= r).",
    "Example: verify-monomial 2,0,1; verify-monomial x1^2*x3 --vars 3 --json"};

int run(int argc, char** argv) {
  nf::MonomialRun run;
  std::vector<nf::Option> table = {
      nf::positional("R", "exponents r_1,...,r_n (e.g. 2,0,1) or a monomial x1^2*x3 with --vars N",
                     nf::text_value(run.spec), true),
      nf::option("--vars", "N", "the number of variables of a monomial written as x1^2*x3",
                 nf::count_value(run.vars, 1, 64)),
  };
  for (nf::Option& o : nf::verify_options(run.flags)) table.push_back(std::move(o));
  if (nf::parse_command_line(kTool, table, argc, argv)) return nf::kExitOk;
  nf::finish_verify_flags(run.flags);
  return nf::run_verify_monomial(run, std::cout);
}

}  // namespace

int main(int argc, char** argv) { return nf::run_tool("verify-monomial", [&] { return run(argc, argv); }); }
