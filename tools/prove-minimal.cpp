// prove-minimal: decide by exhaustive exact computation, for every n x m
// input-weight matrix with entries in a finite domain, whether output weights
// satisfying (A2)/(A3) exist; optionally write a certificate for check-proof.
//
//   prove-minimal N M --domain SPEC [--activation SPEC] [--target R] [--symmetry none|permute|full]
//                 [--certificate FILE] [--shard I/N] [--threads T] [--self-check]
//                 [--json] [--quiet] [--max-memory BYTES] [--max-work OPS]
//                 [--inject-fault skip:K|coefficient:K|product:K]
// Exit: 0 the run completed, 1 the in-process check (--self-check) failed,
//       2 usage or input error.
#include <cctype>
#include <fstream>
#include <iostream>
#include <string>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "search/prove_minimal.hpp"

namespace {

const char* kUsage =
    "usage: prove-minimal N M --domain SPEC [options]\n"
    "  N, M                 inputs n and hidden neurons m\n"
    "  --domain SPEC        input weights: lo..hi, {v1,v2,...} (exact rationals) or Fp (prime field)\n"
    "  --activation SPEC    generic (default), exp, tanh, sigmoid, silu, softplus, poly:c0,c1,...\n"
    "  --target R           the monomial x^r: x1^2*x3 or exponents 2,0,1 (default x1*...*xn)\n"
    "  --symmetry S         full (default), permute or none: the group used for orbit reduction\n"
    "  --certificate FILE   write the certificate (check it with check-proof FILE)\n"
    "  --shard I/N          run only part I of N; the parts' certificates concatenate\n"
    "  --threads T          worker threads (default: all cores)\n"
    "  --self-check         check every witness in-process as it is produced\n"
    "  --json               print the summary as one JSON object\n"
    "  --quiet              no progress on stderr\n"
    "  --max-memory BYTES, --max-work OPS   resource limits\n"
    "  --inject-fault KIND:K  deliberately wrong output for testing the checkers:\n"
    "                       skip:K, coefficient:K or product:K on representative K\n";

struct Options {
  nf::ProveRequest request;
  std::string certificate;
  bool json = false, quiet = false;
};

Options parse_options(int argc, char** argv) {
  Options o;
  int positional = 0;
  bool have_domain = false;
  std::string target;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--domain") {
      o.request.split.domain = nf::WeightDomain::parse(nf::option_value(argc, argv, i));
      have_domain = true;
    } else if (arg == "--activation") {
      o.request.split.activation = nf::Activation::parse(nf::option_value(argc, argv, i));
    } else if (arg == "--target") {
      target = nf::option_value(argc, argv, i);
    } else if (arg == "--symmetry") {
      o.request.split.symmetry = nf::parse_symmetry(nf::option_value(argc, argv, i));
    } else if (arg == "--certificate") {
      o.certificate = nf::option_value(argc, argv, i);
    } else if (arg == "--shard") {
      o.request.search.shard = nf::parse_shard(nf::option_value(argc, argv, i));
    } else if (arg == "--threads") {
      o.request.search.threads = static_cast<unsigned>(nf::parse_count(nf::option_value(argc, argv, i), "--threads", 1, 1024));
    } else if (arg == "--self-check") {
      o.request.self_check = true;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--quiet") {
      o.quiet = true;
    } else if (arg == "--max-memory") {
      o.request.split.limits.max_memory_bytes = nf::parse_bytes(nf::option_value(argc, argv, i), "--max-memory");
    } else if (arg == "--max-work") {
      o.request.split.limits.max_work = nf::parse_positive_real(nf::option_value(argc, argv, i), "--max-work");
    } else if (arg == "--inject-fault") {
      o.request.search.fault = nf::parse_fault(nf::option_value(argc, argv, i));
    } else if (arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      throw nf::InputError("unknown option '" + arg + "'");
    } else if (positional == 0) {
      o.request.split.n = static_cast<unsigned>(nf::parse_count(arg, "n", 1, nf::CaseSplit::kMaxInputs));
      ++positional;
    } else if (positional == 1) {
      o.request.split.m = nf::parse_count(arg, "m", 1, std::uint64_t(1) << 40);
      ++positional;
    } else {
      throw nf::InputError("unexpected argument '" + arg + "'");
    }
  }
  if (positional < 2) throw nf::InputError("give n and m (see --help)");
  if (!have_domain) throw nf::InputError("give --domain (see --help)");
  if (!target.empty()) o.request.split.target = nf::parse_target(target, o.request.split.n).r;
  return o;
}

int run(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  if (!o.quiet)
    o.request.search.progress = [](const nf::SearchProgress& p) {
      std::cerr << "prove-minimal: " << nf::format_progress(p) << std::endl;
    };
  std::ofstream file;
  if (!o.certificate.empty()) {
    // Validate the whole request before creating the file.
    const nf::CaseSplit check(o.request.split);
    (void)check;
    file.open(o.certificate, std::ios::out | std::ios::trunc);
    if (!file) throw nf::InputError("cannot write the certificate file '" + o.certificate + "'");
    o.request.certificate = &file;
  }
  const nf::ProveResult r = nf::prove_minimal(o.request);
  if (file.is_open()) {
    file.close();
    if (!file) throw nf::InputError("writing the certificate file '" + o.certificate + "' failed");
  }
  if (o.json) std::cout << nf::prove_json(r).dump() << '\n';
  else std::cout << nf::format_prove_report(r);
  return r.self_check_failure.empty() ? nf::kExitOk : nf::kExitRefuted;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("prove-minimal", [&] { return run(argc, argv); });
}
