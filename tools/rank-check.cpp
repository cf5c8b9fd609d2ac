// rank-check: is the network in FILE an exact gate for the product (or for a
// monomial x^r given by --target), and what rank does its matrix A (A7) have?
#include <iostream>

#include "io/rank_check.hpp"
#include "verify/verify_flags.hpp"

namespace {

const nf::ToolInfo kTool{
    "rank-check", "[options] FILE...",
    "Checks the identities (A2)/(A3) of each network file exactly for the product x1...xn (or x^r with --target)\n"
    "under the activation, and computes the certified rank of the matrix A (A7).",
    "Example: rank-check tests/data/networks/paper_n2.json --activation exp --json\n"
    "Statuses: 0 exact gate, 1 not, 2 bad input, 3 counterexample, 4 rank not certified; with several files the\n"
    "worst one (5 > 3 > 2 > 4 > 1 > 0)."};

int run(int argc, char** argv) {
  nf::RankCheckRun run;
  nf::VerifyFlags flags;
  std::vector<nf::Option> table = {
      nf::positionals("FILE", "network files (JSON, text, PyTorch state_dict JSON or ONNX); - reads standard input",
                      nf::append_value(run.files)),
      nf::option("--format", "FORMAT", "input format: auto (default: by content), json, text, state-dict or onnx",
                 nf::choice_value(run.check.format, {{"auto", nf::NetworkFormat::Auto},
                                                     {"json", nf::NetworkFormat::Json},
                                                     {"text", nf::NetworkFormat::Text},
                                                     {"state-dict", nf::NetworkFormat::StateDict},
                                                     {"onnx", nf::NetworkFormat::Onnx}})),
      nf::option("--target", "R", "the monomial x^r: x1^2*x3 or exponents 2,0,1 (default x1*...*xn)",
                 nf::optional_text_value(run.check.target)),
      nf::flag("--rank-only", "the rank of A (A7) alone: status 0 full row rank, 1 not, 4 not certified",
               run.check.rank_only),
      nf::flag("--snap",
               "verify the network with each weight replaced by the simplest rational that rounds to the same stored "
               "value (float32/float64, or the last written decimal digit)",
               run.check.snap),
      nf::option("--snap-tolerance", "REL", "with --snap: any rational within relative distance REL instead",
                 nf::rational_value(run.check.snap_options.relative)),
  };
  for (nf::Option& o : nf::verify_options(flags)) table.push_back(std::move(o));
  if (nf::parse_command_line(kTool, table, argc, argv)) return nf::kExitOk;
  nf::finish_verify_flags(flags);
  run.check.activation = flags.activation;
  run.check.verify = flags.verify;
  run.json = flags.json;
  run.certificate = flags.certificate;
  return nf::run_rank_check(run, std::cout);
}

}  // namespace

int main(int argc, char** argv) { return nf::run_tool("rank-check", [&] { return run(argc, argv); }); }
