// verify-monomial: the prod_i (r_i + 1)-neuron gate for a monomial x^r,
// checked exactly, with the rank of the generalized matrix A.
//
//   verify-monomial 2,0,1        (exponents r; or x1^2*x3 --vars 3)
// Exit: 0 verified, 1 refuted, 2 usage or input error.
#include <algorithm>
#include <iostream>
#include <string>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "model/construction.hpp"
#include "verify/report_format.hpp"
#include "verify/verify_flags.hpp"

namespace {

const char* kUsage =
    "usage: verify-monomial R [--vars N] [options]\n"
    "  R                            exponents r_1,...,r_n (e.g. 2,0,1) or a monomial x1^2*x3 with --vars N\n"
    "  --json                       one JSON object\n";

int run(int argc, char** argv) {
  nf::VerifyFlags flags;
  std::string spec;
  std::uint64_t vars = 0;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage << nf::verify_flags_usage();
      return nf::kExitOk;
    } else if (nf::parse_verify_flag(argc, argv, i, flags)) {
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--vars") {
      vars = nf::parse_count(nf::option_value(argc, argv, i), "--vars", 1, 64);
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw nf::InputError("unknown option '" + arg + "' (see --help)");
    } else {
      if (!spec.empty()) throw nf::InputError("more than one monomial given");
      spec = arg;
    }
  }
  if (spec.empty()) throw nf::InputError("give the exponents, e.g. verify-monomial 2,0,1 (see --help)");
  if (spec.find('x') != std::string::npos && vars == 0) throw nf::InputError("a monomial such as " + spec + " needs --vars N");
  const std::size_t n = vars ? vars : static_cast<std::size_t>(std::count(spec.begin(), spec.end(), ',') + 1);
  if (n > 64) throw nf::InputError("at most 64 variables");
  const nf::Target target = nf::parse_target(spec, n);
  const nf::Activation activation = nf::Activation::parse(flags.activation);
  std::uint64_t m = 1;
  for (unsigned e : target.r) {
    if (m > (std::uint64_t(1) << 30) / (e + 1ull)) throw nf::InputError("the construction would need more than 2^30 neurons");
    m *= e + 1ull;
  }
  nf::check_verification_limits(n, m, target.degree(), m, flags.verify.engine.value_or(nf::ExpansionEngine::Moment),
                                flags.verify.compute_rank, flags.verify.limits);
  const nf::Network net = nf::monomial_gate(target, activation);
  const nf::VerificationReport rep = nf::verify_network(net, activation, target, flags.verify);
  if (json) {
    std::cout << nf::report_json(rep).dump() << '\n';
  } else {
    std::cout << "verify-monomial: the grid construction for " << rep.target << ", prod (r_i + 1) = " << m
              << " neurons\n"
              << nf::format_proof_log(rep, net, activation);
  }
  return nf::report_verified(rep) ? nf::kExitOk : nf::kExitRefuted;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("verify-monomial", [&] { return run(argc, argv); });
}
