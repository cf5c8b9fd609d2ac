// The rank-check tool as a library call: is the network in FILE an exact gate for the product (or for a
// monomial x^r given by --target), and what rank does its matrix A (A7) have?
#include <ostream>
#include <string>
#include <vector>

#include "cli/tool_mains.hpp"
#include "io/rank_check.hpp"
#include "verify/verify_flags.hpp"

namespace nf {

namespace {

const ToolInfo kTool{
    "rank-check", "[options] FILE...",
    "Checks the identities (A2)/(A3) of each network file exactly for the product x1...xn (or x^r with --target)\n"
    "under the activation, and computes the certified rank of the matrix A (A7).",
    "Example: rank-check tests/data/networks/paper_n2.json --activation exp --json\n"
    "Statuses: 0 exact gate, 1 not, 2 bad input, 3 counterexample, 4 rank not certified; with several files the\n"
    "worst one (5 > 3 > 2 > 4 > 1 > 0)."};

}  // namespace

int rank_check_main(const std::vector<std::string>& args, std::ostream& out) {
  RankCheckRun run;
  VerifyFlags flags;
  std::vector<Option> table = {
      positionals("FILE", "network files (JSON, text, PyTorch state_dict JSON or ONNX); - reads standard input",
                      append_value(run.files)),
      option("--format", "FORMAT", "input format: auto (default: by content), json, text, state-dict or onnx",
                 choice_value(run.check.format, {{"auto", NetworkFormat::Auto},
                                                     {"json", NetworkFormat::Json},
                                                     {"text", NetworkFormat::Text},
                                                     {"state-dict", NetworkFormat::StateDict},
                                                     {"onnx", NetworkFormat::Onnx}})),
      option("--target", "R", "the monomial x^r: x1^2*x3 or exponents 2,0,1 (default x1*...*xn)",
                 optional_text_value(run.check.target)),
      flag("--rank-only", "the rank of A (A7) alone: status 0 full row rank, 1 not, 4 not certified",
               run.check.rank_only),
      flag("--snap",
               "verify the network with each weight replaced by the simplest rational that rounds to the same stored "
               "value (float32/float64, or the last written decimal digit)",
               run.check.snap),
      option("--snap-tolerance", "REL", "with --snap: any rational within relative distance REL instead",
                 rational_value(run.check.snap_options.relative)),
  };
  for (Option& o : verify_options(flags)) table.push_back(std::move(o));
  if (parse_command_line(kTool, table, args, out)) return kExitOk;
  finish_verify_flags(flags);
  run.check.activation = flags.activation;
  run.check.verify = flags.verify;
  run.json = flags.json;
  run.certificate = flags.certificate;
  return run_rank_check(run, out);
}

}  // namespace nf
