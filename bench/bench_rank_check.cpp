// rank-check on the canonical product gate (A4): writes the 2^n-neuron
// network to a JSON file, then times each stage separately:
//   write     network -> JSON text -> file
//   parse     file -> Network (exact rationals)
//   expand    the identities (A2)/(A3) with the default expansion engine
//   rank      the rank of A (A7) with the default rank engine
//   total     the whole rank-check entry point (rank_check_file)
// Check values: the identities must hold and the rank must be 2^n.  Baselines
// in the same run: the moment expansion engine (and the literal one for
// n <= 8), the dense rank engine, and FLINT's rank of the integer matrix A.
//
//   bench_rank_check [N] [FILE]     defaults: N = 10, FILE = a temporary file
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "core/options.hpp"
#include "core/error.hpp"
#include "io/network_file.hpp"
#include "io/rank_check.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"
#include "model/construction.hpp"
#include "poly/expansion.hpp"
#include "verify/identities.hpp"
#include "verify/verification.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void row(const char* stage, double seconds, const std::string& check) {
  std::printf("  %-30s %9.3f s   %s\n", stage, seconds, check.c_str());
}

int run(int argc, char** argv) {
  const std::size_t n = argc > 1 ? static_cast<std::size_t>(std::stoul(argv[1])) : 10;
  const std::string path = argc > 2 ? argv[2] : "/tmp/bench_rank_check_n" + std::to_string(n) + ".json";
  const nf::Activation act = nf::Activation::generic();
  const nf::Target target = nf::Target::product(n);
  std::printf("bench_rank_check: canonical product gate (A4), n = %zu, m = 2^n = %llu, generic activation\n", n,
              1ull << n);
  std::printf("  file: %s\n", path.c_str());

  auto t = Clock::now();
  const nf::Network gate = nf::canonical_product_gate(n, act);
  const std::string json = nf::write_network_json(gate, std::string("generic"));
  {
    std::ofstream out(path, std::ios::binary);
    out << json;
    if (!out) throw nf::InputError("cannot write " + path);
  }
  row("write JSON", since(t), std::to_string(json.size()) + " bytes");

  t = Clock::now();
  const nf::NetworkFile parsed = nf::read_network_file(path);
  row("parse", since(t), parsed.network == gate ? "same network" : "DIFFERENT NETWORK");

  // The stages as rank-check runs them (default engines), then baselines.
  nf::VerifyOptions no_rank;
  no_rank.compute_rank = false;
  t = Clock::now();
  const nf::VerificationReport ids = nf::verify_network(parsed.network, act, target, no_rank);
  const double expansion = since(t);
  std::uint64_t monomials = 0;
  for (const nf::DegreeCheck& d : ids.identities.degrees) monomials += d.monomials;
  row("expand + identities (default)", expansion,
      std::string(ids.identities.holds ? "identities hold" : "IDENTITIES FAIL") + ", engine " + ids.engine + ", " +
          std::to_string(monomials) + " monomials");

  t = Clock::now();
  const nf::RankReport rank = nf::rank_report(parsed.network, target, {});
  const double rank_time = since(t);
  row("rank of A (default)", rank_time,
      "rank " + std::to_string(rank.rank) + (rank.rank == (1ull << n) ? " = 2^n" : " < 2^n: WRONG") + ", engine " +
          rank.engine);

  auto ratio = [](double baseline, double fast) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ", %.1fx the default's time", fast > 0 ? baseline / fast : 0.0);
    return std::string(buf);
  };
  // One baseline engine: the identities checked on its expansion, timed;
  // returns whether they hold.
  auto baseline_expansion = [&](const char* label, nf::ExpansionEngine engine) {
    const auto start = Clock::now();
    nf::IdentityChecker checker(act, target);
    nf::expand(parsed.network, static_cast<unsigned>(n), engine, checker);
    const bool holds = checker.finish().holds;
    const double seconds = since(start);
    row(label, seconds, std::string(holds ? "identities hold" : "IDENTITIES FAIL") + ratio(seconds, expansion));
    return holds;
  };
  const bool moment_holds = baseline_expansion("expand (moment, baseline)", nf::ExpansionEngine::Moment);
  if (n <= 8) baseline_expansion("expand (literal, baseline)", nf::ExpansionEngine::Literal);
  nf::VerifyOptions dense_opts;
  dense_opts.rank_engine = nf::RankEngine::Dense;
  t = Clock::now();
  const nf::RankReport dense = nf::rank_report(parsed.network, target, dense_opts);
  const double dense_time = since(t);
  row("rank (dense, baseline)", dense_time, "rank " + std::to_string(dense.rank) + ratio(dense_time, rank_time));
  t = Clock::now();
  const nf::FmpzMat A = nf::subset_matrix_integer(parsed.network, target);
  const nf::RankResult flint = nf::rank_exact(A);
  const double flint_time = since(t);
  row("rank (FLINT on A, baseline)", flint_time,
      "rank " + std::to_string(flint.rank) + ratio(flint_time, rank_time));

  t = Clock::now();
  const nf::RankCheckResult all = nf::rank_check_file(path, {});
  row("total (rank_check_file)", since(t), "status " + std::to_string(all.status));
  const bool ok = all.status == nf::kExitOk && ids.identities.holds && moment_holds && rank.rank == (1ull << n) &&
                  flint.rank == rank.rank && dense.rank == rank.rank && parsed.network == gate;
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("bench_rank_check", [&] { return run(argc, argv); });
}
