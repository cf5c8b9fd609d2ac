// rank-check: is the network in FILE an exact gate for the product (or for a
// monomial x^r given by --target), and what rank does its matrix A (A7) have?
//
//   rank-check [options] FILE...      (FILE "-" reads standard input)
// Options: --json, --format json|text|auto, --activation SPEC, --target R, --rank-only,
//          --rank-engine dense|structured|flint, --threads N, and the shared
//          --engine, --no-rank, --max-memory BYTES, --max-work OPS.
// Exit: 0 exact gate for the target, 1 not, 2 bad input or usage, 3 counterexample to
//       the theorem; with several files, the worst of them (3 > 2 > 1 > 0).
#include <cctype>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "io/rank_check.hpp"
#include "verify/verify_flags.hpp"

namespace {

const char* kTool = "rank-check";

const char* kUsage =
    "usage: rank-check [options] FILE...     (FILE - reads standard input)\n"
    "  --json                       one JSON object per file, one per line\n"
    "  --format json|text|auto      input format (default: chosen by content)\n"
    "  --activation SPEC            generic|exp|tanh|sigmoid|silu|softplus|poly:c0,c1,...\n"
    "                               (default: the file's \"activation\", else generic)\n"
    "  --target R                   the monomial x^r: x1^2*x3 or exponents 2,0,1 (default x1*...*xn)\n"
    "  --rank-only                  the rank of A (A7) alone: exit 0 full row rank, 1 not\n"
    "  --rank-engine dense|structured|flint   rank of A (default: structured when it applies)\n"
    "  --threads N                  worker threads (default: every core)\n"
    "  --certificate FILE           write the rank certificate of A (one input file; check it with check-rank)\n"
    "  --engine literal|moment|structured     expansion engine (default: the fastest)\n"
    "  --no-rank                    skip the rank of A (A7)\n"
    "  --max-memory BYTES           memory limit, suffixes K M G T (default 8G); files up to 1/64 of it\n"
    "  --max-work OPS               work limit in elementary operations (default 1e13)\n"
    "exit: 0 exact gate for the target, 1 not, 2 bad input, 3 counterexample to the theorem\n";

struct Options {
  bool json = false;
  std::string certificate;  // --certificate FILE
  std::vector<std::string> files;
  nf::RankCheckOptions check;
};

Options parse_options(int argc, char** argv) {
  Options o;
  nf::VerifyFlags shared;  // --engine, --no-rank, --max-memory, --max-work
  bool only_files = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      o.files.push_back(arg);
    } else if (arg == "--") {
      only_files = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--format") {
      o.check.format = nf::parse_network_format(nf::option_value(argc, argv, i));
    } else if (arg == "--activation") {
      o.check.activation = nf::option_value(argc, argv, i);
      (void)nf::Activation::parse(*o.check.activation);
    } else if (arg == "--target") {
      o.check.target = nf::option_value(argc, argv, i);
    } else if (arg == "--rank-only") {
      o.check.rank_only = true;
    } else if (arg == "--rank-engine") {
      o.check.verify.rank_engine = nf::parse_rank_engine(nf::option_value(argc, argv, i));
    } else if (arg == "--certificate") {
      o.certificate = nf::option_value(argc, argv, i);
    } else if (arg == "--threads") {
      o.check.verify.threads = static_cast<unsigned>(nf::parse_count(nf::option_value(argc, argv, i), "--threads", 1, 1024));
    } else if (nf::parse_verify_flag(argc, argv, i, shared)) {
    } else {
      throw nf::InputError("unknown option '" + arg + "' (see --help)");
    }
  }
  if (o.files.empty()) throw nf::InputError("no network file given (see --help)");
  const auto rank_engine = o.check.verify.rank_engine;
  const unsigned threads = o.check.verify.threads;
  o.check.verify = shared.verify;
  o.check.verify.rank_engine = rank_engine;
  o.check.verify.threads = threads;
  if (o.check.rank_only && !o.check.verify.compute_rank)
    throw nf::InputError("--rank-only and --no-rank exclude each other");
  if (!o.certificate.empty() && (o.files.size() != 1 || !o.check.verify.compute_rank))
    throw nf::InputError("--certificate needs exactly one input file and the rank");
  o.check.verify.keep_rank_certificate = !o.certificate.empty();
  return o;
}

// One file: its report on stdout, or one error line on stderr; its status.
int check_one(const Options& o, const std::string& file) {
  std::string error;
  int status = nf::run_tool(kTool, [&]() -> int {
    try {
      const nf::RankCheckResult r = nf::rank_check_file(file, o.check);
      if (!o.certificate.empty()) {
        if (!r.report.rank || !r.report.rank->certificate)
          throw nf::InputError("the " + (r.report.rank ? r.report.rank->engine : std::string("rank")) +
                               " engine gives no certificate");
        std::ofstream out(o.certificate);
        nf::write_rank_certificate(out, r.network, r.target, *r.report.rank->certificate);
        out.close();
        if (!out) throw nf::InputError("cannot write " + o.certificate);
      }
      if (o.json) {
        nlohmann::ordered_json j = nf::rank_check_json(r);
        if (r.report.rank) {
          j["rank_seconds"] = r.report.rank->rank_seconds;
          j["certificate_seconds"] = r.report.rank->certificate_seconds;
        }
        std::cout << j.dump() << '\n' << std::flush;
      } else {
        std::cout << nf::format_rank_check(r) << std::flush;
      }
      if (r.status == nf::kExitCounterexample)
        std::cerr << kTool << ": COUNTEREXAMPLE to the theorem in " << file
                  << ": identities and hypothesis hold, yet rank A < 2^n (an engine error; please report)\n";
      return r.status;
    } catch (const std::exception& e) {
      error = e.what();
      throw;
    }
  });
  if (o.json && !error.empty()) std::cout << nf::rank_check_error_json(file, error).dump() << '\n' << std::flush;
  return status;
}

int run(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  int worst = nf::kExitOk;
  for (const std::string& file : o.files) {
    const int status = check_one(o, file);
    if (status > worst) worst = status;
  }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool(kTool, [&] { return run(argc, argv); });
}
