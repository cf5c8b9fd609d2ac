// Speed benchmark, one run, ratios against FLINT measured in the same run.
//
//   bench_speed expansion   the (A4) gate, every degree <= n: FLINT fmpq_mpoly
//                           (literal) against the moment engine (no structure
//                           used), n = 8..10, then the moment engine alone to
//                           n = 13; the scaled double gate (no two-valued
//                           row, m = 2^(n+1)) at n = 10, 12
//   bench_speed rank        the rank of A, dense engine (structure detection
//                           off: building A mod p, PLUQ, certificate) against
//                           FLINT fmpz_mat_rank on the same integer matrix:
//                           the gate, a random network (a_ij in [-3, 3]), the
//                           same with one neuron repeated, a random two-valued
//                           network (dense and structured); n = 12, then ours
//                           alone at n = 13
//   bench_speed write DIR   the rank benchmark's networks as text files
// Every line prints a check value (identities hold, rank) beside the times.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

#include "bench_networks.hpp"
#include "core/flint.hpp"
#include "linalg/certified_rank.hpp"
#include "linalg/subset_matrix.hpp"
#include "poly/expansion.hpp"
#include "verify/identities.hpp"
#include "verify/verification.hpp"

using namespace nf;

namespace {

double seconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool identities_hold(const Network& net, ExpansionEngine engine, double& s, std::string* method = nullptr) {
  const std::size_t n = net.inputs();
  IdentityChecker checker(Activation::generic(), Target::product(n));
  s = seconds([&] {
    if (engine == ExpansionEngine::Moment) {
      const ExpansionStats st = expand_moment(net, static_cast<unsigned>(n), checker);
      if (method) *method = st.method;
    } else {
      expand(net, static_cast<unsigned>(n), engine, checker);
    }
  });
  return checker.finish().holds;
}

void expansion() {
  std::printf("== expansion of the (A4) gate, every degree <= n, engine moment (no structure) vs FLINT fmpq_mpoly\n");
  std::printf("%4s %9s %12s %12s %10s  %s\n", "n", "m", "FLINT s", "moment s", "ratio", "identities");
  for (int n = 8; n <= 13; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    double tm = 0, tl = 0;
    const bool hm = identities_hold(gate, ExpansionEngine::Moment, tm);
    if (n <= 10) {
      const bool hl = identities_hold(gate, ExpansionEngine::Literal, tl);
      std::printf("%4d %9zu %12.3f %12.3f %9.0fx  %s%s\n", n, gate.neurons(), tl, tm, tl / tm, hm ? "hold" : "FAIL",
                  hl == hm ? "" : "  ENGINES DISAGREE");
    } else {
      std::printf("%4d %9zu %12s %12.3f %10s  %s\n", n, gate.neurons(), "-", tm, "-", hm ? "hold" : "FAIL");
    }
    std::fflush(stdout);
  }
  std::printf("\n== scaled double gate (rows scaled by p/q, 1 <= p, q <= 9; no two-valued row; m = 2^(n+1)), engine moment\n");
  std::printf("%4s %9s %12s  %-10s  %s\n", "n", "m", "moment s", "identities", "arithmetic");
  for (int n : {10, 12}) {
    const Network net = bench::scaled_double_gate(n, 2017);
    double t = 0;
    std::string method;
    const bool h = identities_hold(net, ExpansionEngine::Moment, t, &method);
    std::printf("%4d %9zu %12.3f  %-10s  %s\n", n, net.neurons(), t, h ? "hold" : "FAIL", method.c_str());
    std::fflush(stdout);
  }
}

void rank_line(const char* name, const Network& net, bool with_flint, bool structured_too) {
  const std::size_t n = net.inputs();
  const Target t = Target::product(n);
  RankOptions dense;
  dense.engine = RankEngine::Dense;
  CertifiedRank ours;
  const double td = seconds([&] { ours = certified_rank(net, t, dense); });
  std::string flint = "-", ratio = "-";
  if (with_flint) {
    FmpzMat A = subset_matrix_integer(net, t);
    slong r = 0;
    const double tf = seconds([&] { r = fmpz_mat_rank(A.get()); });
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f (%ld)", tf, static_cast<long>(r));
    flint = buf;
    std::snprintf(buf, sizeof buf, "%.1fx", tf / td);
    ratio = buf;
    if (static_cast<std::uint64_t>(r) != ours.rank) ratio += " DISAGREE";
  }
  std::string structured = "-";
  if (structured_too) {
    RankOptions so;
    so.engine = RankEngine::Structured;
    CertifiedRank s;
    const double ts = seconds([&] { s = certified_rank(net, t, so); });
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f (%llu)", ts, static_cast<unsigned long long>(s.rank));
    structured = buf;
  }
  std::printf("%-34s %3zu %6zu %6llu %5s %9.2f %9.2f %9.2f  %-16s %-10s %s\n", name, n, net.neurons(),
              static_cast<unsigned long long>(ours.rank), ours.certified ? "yes" : "NO", ours.rank_seconds,
              ours.certificate_seconds, td, flint.c_str(), ratio.c_str(), structured.c_str());
  std::fflush(stdout);
}

void rank() {
  std::printf("== rank of A (A7), dense engine (build A mod p, PLUQ on BLAS, certificate) vs FLINT fmpz_mat_rank\n");
  std::printf("%-34s %3s %6s %6s %5s %9s %9s %9s  %-16s %-10s %s\n", "network", "n", "m", "rank", "cert", "rank s",
              "cert s", "total s", "FLINT s (rank)", "ratio", "structured s (rank)");
  for (int n : {12, 13}) {
    const bool flint = n == 12;
    const Network gate = canonical_product_gate(n, Activation::generic());
    rank_line("(A4) gate (Sylvester-Hadamard)", gate, flint, true);
    const Network random = bench::random_integer_network(n, std::size_t(1) << n, 3, 12345);
    rank_line("random, a_ij in [-3, 3]", random, flint, false);
    rank_line("random, one neuron repeated", bench::with_repeated_neuron(random), flint, false);
    rank_line("random two-valued (random rationals)", bench::random_two_valued_network(n, 99), flint, true);
  }
}

// The rank benchmark's networks as text files (the format of rank-check),
// for timing whole commands: DIR/{gate,random,repeated,twovalued}-N.txt.
void write_text(const Network& net, const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::perror(path.c_str());
    std::exit(2);
  }
  std::fprintf(f, "%zu %zu\n", net.inputs(), net.neurons());
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    for (std::size_t j = 0; j < net.neurons(); ++j) std::fprintf(f, j ? " %s" : "%s", net.a(i, j).get_str().c_str());
    std::fprintf(f, "\n");
  }
  for (std::size_t j = 0; j < net.neurons(); ++j) std::fprintf(f, j ? " %s" : "%s", net.w(j).get_str().c_str());
  std::fprintf(f, "\n");
  std::fclose(f);
}

void write_files(const std::string& dir) {
  for (int n : {12, 13}) {
    const std::string N = std::to_string(n);
    const Network random = bench::random_integer_network(n, std::size_t(1) << n, 3, 12345);
    write_text(canonical_product_gate(n, Activation::generic()), dir + "/gate-" + N + ".txt");
    write_text(random, dir + "/random-" + N + ".txt");
    write_text(bench::with_repeated_neuron(random), dir + "/repeated-" + N + ".txt");
    write_text(bench::random_two_valued_network(n, 99), dir + "/twovalued-" + N + ".txt");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "all";
  if (what == "write" && argc > 2) {
    write_files(argv[2]);
    return 0;
  }
  if (what == "expansion" || what == "all") expansion();
  if (what == "all") std::printf("\n");
  if (what == "rank" || what == "all") rank();
  return 0;
}
