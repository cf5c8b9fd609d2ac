// verify-product: the paper's 2^n-neuron product gate (A4), checked exactly.
//
//   verify-product N            proof log for one n
//   verify-product --upto N     one table row per n = 1..N (--from K to start at K)
// Exit: 0 verified (identities hold; with the hypothesis, A has full row
//       rank), 1 refuted, 2 usage or input error.
#include <fstream>
#include <iostream>
#include <string>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "model/construction.hpp"
#include "verify/report_format.hpp"
#include "verify/verify_flags.hpp"

namespace {

const char* kUsage =
    "usage: verify-product N | --upto N [--from K] [options]\n"
    "  --json                       one JSON object per n\n"
    "  --construction a4|half       the paper's (A4) gate (default), or its 2^(n-1)-neuron half, exact\n"
    "                               for sigma(t) = t^n and for odd activations with odd n\n"
    "  --rank-engine dense|structured|flint   rank of A (default: structured, the gate is two-valued)\n"
    "  --threads N                  worker threads (default: every core)\n"
    "  --certificate FILE           write the rank certificate of A (one n only; check it with check-rank)\n";

struct Options {
  std::uint64_t from = 0, to = 0;
  bool table = false, json = false, half = false;
  std::string certificate;
  nf::VerifyFlags flags;
};

Options parse_options(int argc, char** argv) {
  Options o;
  bool have_n = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage << nf::verify_flags_usage();
      std::exit(0);
    } else if (arg == "--certificate") {
      o.certificate = nf::option_value(argc, argv, i);
    } else if (nf::parse_verify_flag(argc, argv, i, o.flags)) {
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--upto") {
      o.to = nf::parse_count(nf::option_value(argc, argv, i), "--upto", 1, 30);
      o.table = true;
    } else if (arg == "--from") {
      o.from = nf::parse_count(nf::option_value(argc, argv, i), "--from", 1, 30);
    } else if (arg == "--construction") {
      const std::string c = nf::option_value(argc, argv, i);
      if (c != "a4" && c != "half") throw nf::InputError("--construction: expected a4 or half, got '" + c + "'");
      o.half = c == "half";
    } else if (arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      throw nf::InputError("unknown option '" + arg + "' (see --help)");
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
  if (!o.certificate.empty() && o.table) throw nf::InputError("--certificate needs a single n");
  if (!o.certificate.empty() && !o.flags.verify.compute_rank) throw nf::InputError("--certificate needs the rank (drop --no-rank)");
  o.flags.verify.keep_rank_certificate = !o.certificate.empty();
  return o;
}

int run(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const nf::Activation activation = nf::Activation::parse(o.flags.activation);
  // Refuse the whole range before computing any of it.  The gate is
  // two-valued and stored compactly (about one bit per weight), so by default
  // the structured engines run.
  for (std::uint64_t n = o.from; n <= o.to; ++n)
    nf::check_verification_limits(n, (std::size_t(1) << n) >> (o.half ? 1 : 0), n, std::uint64_t(1) << n,
                                  o.flags.verify.engine.value_or(nf::ExpansionEngine::Structured),
                                  o.flags.verify.compute_rank,
                                  o.flags.verify.rank_engine.value_or(nf::RankEngine::Structured), 1.0,
                                  o.flags.verify.limits);
  int status = nf::kExitOk;
  if (o.table && !o.json) std::cout << nf::format_table_header();
  for (std::uint64_t n = o.from; n <= o.to; ++n) {
    const nf::Network net = o.half ? nf::half_product_gate(n, activation) : nf::canonical_product_gate(n, activation);
    const nf::VerificationReport rep = nf::verify_network(net, activation, nf::Target::product(n), o.flags.verify);
    if (!nf::report_verified(rep)) status = nf::kExitRefuted;
    if (!o.certificate.empty()) {
      if (!rep.rank || !rep.rank->certificate)
        throw nf::InputError("the " + (rep.rank ? rep.rank->engine : std::string("rank")) + " engine gives no certificate");
      std::ofstream out(o.certificate);
      nf::write_rank_certificate(out, net, nf::Target::product(n), *rep.rank->certificate);
      out.close();
      if (!out) throw nf::InputError("cannot write " + o.certificate);
    }
    if (o.json) {
      std::cout << nf::report_json(rep).dump() << '\n';
    } else if (o.table) {
      std::cout << nf::format_table_row(rep) << std::flush;
    } else {
      std::cout << "verify-product: " << (o.half ? "half of the paper's product gate (A4), 2^" : "the paper's product gate (A4), 2^")
                << (o.half ? n - 1 : n) << " neurons\n"
                << nf::format_proof_log(rep, net, activation);
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("verify-product", [&] { return run(argc, argv); });
}
