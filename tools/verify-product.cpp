// verify-product: the paper's 2^n-neuron product gate (A4), checked exactly.
//
//   verify-product N            proof log for one n
//   verify-product --upto N     one table row per n = 1..N (--from K to start at K)
// Options: --json, --engine literal|moment, --activation SPEC, --no-rank,
//          --max-memory BYTES, --max-work OPS.
// Exit: 0 verified (identities hold and A has full row rank), 1 refuted,
//       2 usage or input error.
#include <iostream>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "model/construction.hpp"
#include "verify/report_format.hpp"
#include "verify/verification.hpp"

namespace {

const char* kUsage =
    "usage: verify-product N | --upto N [--from K] [--json] [--engine literal|moment]\n"
    "                      [--activation generic|exp|tanh|sigmoid|silu|softplus|poly:c0,c1,...]\n"
    "                      [--no-rank] [--max-memory BYTES] [--max-work OPS]\n";

struct Options {
  std::uint64_t from = 0, to = 0;
  bool table = false, json = false;
  std::string activation = "generic";
  nf::VerifyOptions verify;
};

Options parse_options(int argc, char** argv) {
  Options o;
  bool have_n = false;
  auto value = [&](int& i, const std::string& flag) -> std::string {
    if (i + 1 >= argc) throw nf::InputError(flag + " needs a value");
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--upto") {
      o.to = nf::parse_count(value(i, arg), "--upto", 1, 30);
      o.table = true;
    } else if (arg == "--from") {
      o.from = nf::parse_count(value(i, arg), "--from", 1, 30);
    } else if (arg == "--engine") {
      o.verify.engine = nf::parse_expansion_engine(value(i, arg));
    } else if (arg == "--activation") {
      o.activation = value(i, arg);
    } else if (arg == "--no-rank") {
      o.verify.compute_rank = false;
    } else if (arg == "--max-memory") {
      o.verify.limits.max_memory_bytes = nf::parse_bytes(value(i, arg), "--max-memory");
    } else if (arg == "--max-work") {
      o.verify.limits.max_work = nf::parse_positive_real(value(i, arg), "--max-work");
    } else if (!arg.empty() && arg[0] == '-' && arg.size() > 1 && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      throw nf::InputError("unknown option '" + arg + "'");
    } else {
      if (have_n) throw nf::InputError("more than one n given");
      o.to = nf::parse_count(arg, "n", 1, 30);
      have_n = true;
    }
  }
  if (!have_n && !o.table) throw nf::InputError("give n or --upto N (see --help)");
  if (have_n && o.table) throw nf::InputError("give either n or --upto N, not both");
  if (o.from == 0) o.from = o.table ? 1 : o.to;
  if (o.from > o.to) throw nf::InputError("--from " + std::to_string(o.from) + " exceeds " + std::to_string(o.to));
  return o;
}

// The (A4) gate is verified when its identities hold and A has full row rank.
bool gate_verified(const nf::VerificationReport& rep) {
  return rep.verdict == nf::Verdict::Verified && !rep.counterexample && (!rep.rank || rep.rank->full_row_rank);
}

int run(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const nf::Activation activation = nf::Activation::parse(o.activation);
  // Refuse the whole range before computing any of it.
  for (std::uint64_t n = o.from; n <= o.to; ++n)
    nf::check_verification_limits(n, std::size_t(1) << n, n, std::uint64_t(1) << n,
                                  o.verify.engine.value_or(nf::ExpansionEngine::Moment), o.verify.compute_rank,
                                  o.verify.limits);
  int status = nf::kExitOk;
  if (o.table && !o.json) std::cout << nf::format_table_header();
  for (std::uint64_t n = o.from; n <= o.to; ++n) {
    const nf::Network net = nf::canonical_product_gate(n, activation);
    const nf::VerificationReport rep = nf::verify_network(net, activation, nf::Target::product(n), o.verify);
    const bool ok = gate_verified(rep);
    if (!ok) status = nf::kExitRefuted;
    if (o.json) {
      nlohmann::ordered_json j = nf::report_json(rep);
      j["verified"] = ok;
      std::cout << j.dump() << '\n';
    } else if (o.table) {
      std::cout << nf::format_table_row(rep) << std::flush;
    } else {
      std::cout << "verify-product: the paper's product gate (A4) with 2^" << n << " neurons\n"
                << nf::format_proof_log(rep, net, activation);
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("verify-product", [&] { return run(argc, argv); });
}
