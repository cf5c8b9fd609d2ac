// Speed benchmark, one run, ratios against FLINT measured in the same run.
//
//   bench_speed expansion [VERIFY_PRODUCT]
//                           the (A4) gate, every degree <= n: FLINT fmpq_mpoly
//                           (literal, median of 3) against the moment engine
//                           (no structure used, median of 5) and, given the
//                           binary, the whole `verify-product N --engine
//                           moment` process (median of 5), n = 8..10; then the
//                           moment engine against the bare dgemm time of the
//                           flops it issues (2 C(2n, n) m at the machine's
//                           square-dgemm rate) at n = 11..13; the scaled
//                           double gate (no two-valued row, m = 2^(n+1)) at
//                           n = 10, 12
//   bench_speed rank [RANK_CHECK]
//                           the rank of A: the bare FFLAS-FFPACK PLUQ of A
//                           modulo p over Modular<double> (p < 2^20) and
//                           ModularBalanced<double> (p < 2^23), the faster
//                           being the baseline; the dense engine in-process;
//                           given the rank-check binary, the whole command
//                           `rank-check --rank-only --rank-engine dense` on
//                           the network's file (median of 3) and its ratio to
//                           the baseline; FLINT fmpz_mat_rank at n = 12 and
//                           its ratio to the whole command.  Networks: the
//                           gate, a random network (a_ij in [-3, 3]), the
//                           same with one neuron repeated, a random
//                           two-valued network; n = 12 and 13
//   bench_speed wide [M]    the elimination of a wide 256 x M A (default
//                           10^6): the engine's float PLUQ against the bare
//                           double PLUQ and the dgemm time of its flops
//   bench_speed write DIR   the rank benchmark's networks as text files
// Every line prints a check value (identities hold, rank) beside the times.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include "bare_kernels.hpp"
#include "bench_networks.hpp"
#include "core/flint.hpp"
#include "io/network_file.hpp"
#include "linalg/certified_rank.hpp"
#include "linalg/modular_rank.hpp"
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

// The median time of `runs` runs; `holds` is true only if every run found the
// identities to hold.
double median_run(const Network& net, ExpansionEngine engine, int runs, bool& holds, std::string* method = nullptr) {
  std::vector<double> times;
  holds = true;
  for (int k = 0; k < runs; ++k) {
    double t = 0;
    holds = identities_hold(net, engine, t, method) && holds;
    times.push_back(t);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

double run_command(const std::string& cmd, std::string& out);
double median_of(std::vector<double> times);

// The whole `verify-product N --engine moment` process: median of 5 wall
// clocks; `verified` is whether its status was 0.
double whole_verify_product(const std::string& binary, int n, bool& verified) {
  const std::string cmd = "'" + binary + "' " + std::to_string(n) + " --engine moment --json; echo \"status $?\"";
  std::vector<double> times;
  std::string out;
  for (int rep = 0; rep < 5; ++rep) times.push_back(run_command(cmd, out));
  verified = out.find("status 0") != std::string::npos;
  return median_of(times);
}

// FLINT against the moment engine in-process and the whole command, n = 8..10.
void expansion_against_flint(const std::string& verify_product) {
  std::printf("== expansion of the (A4) gate, every degree <= n: FLINT fmpq_mpoly (literal) vs the moment engine\n");
  std::printf("   medians: moment of 5 runs in-process, FLINT of 3; command: verify-product N --engine moment, "
              "whole process (reading nothing, building, expanding, rank, output), median of 5\n");
  std::printf("   target: FLINT / command >= 500x at n = 10\n");
  std::printf("%4s %7s %10s %10s %10s %10s %11s  %s\n", "n", "m", "FLINT s", "moment s", "FLINT/mom", "command s",
              "FLINT/cmd", "identities");
  for (int n = 8; n <= 10; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    bool hm = false, hl = false, hc = true;
    const double tm = median_run(gate, ExpansionEngine::Moment, 5, hm);
    const double tl = median_run(gate, ExpansionEngine::Literal, 3, hl);
    std::string command = "-", ratio = "-";
    if (!verify_product.empty()) {
      const double tc = whole_verify_product(verify_product, n, hc);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", tc);
      command = buf;
      std::snprintf(buf, sizeof buf, "%.0fx", tl / tc);
      ratio = buf;
    }
    std::printf("%4d %7zu %10.3f %10.4f %9.0fx %10s %11s  %s%s\n", n, gate.neurons(), tl, tm, tl / tm, command.c_str(),
                ratio.c_str(), hm && hc ? "hold" : "FAIL", hl == hm ? "" : "  ENGINES DISAGREE");
    std::fflush(stdout);
  }
}

// The moment engine against the bare dgemm time of its flops: every one of
// the C(2n, n) sums S(r) (|r| <= n) is a dot product of length m, 2 m flops.
void expansion_against_dgemm() {
  const double rate = bench::bare_dgemm_rate(4096);
  std::printf("\n== the moment engine against bare dgemm: flops 2 C(2n, n) m at the square dgemm rate (%.1f GFLOP/s, "
              "4096^3, every core)\n", rate / 1e9);
  std::printf("   target: moment / bare <= 2 at n = 12, 13\n");
  std::printf("%4s %7s %12s %10s %10s %10s  %s\n", "n", "m", "GFLOP", "bare s", "moment s", "moment/bare", "identities");
  for (int n = 11; n <= 13; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    bool holds = false;
    const double tm = median_run(gate, ExpansionEngine::Moment, n <= 12 ? 5 : 3, holds);
    const double flops = 2.0 * static_cast<double>(monomials_up_to_degree(static_cast<std::size_t>(n), static_cast<unsigned>(n))) *
                         static_cast<double>(gate.neurons());
    const double bare = flops / rate;
    std::printf("%4d %7zu %12.1f %10.3f %10.3f %9.2fx  %s\n", n, gate.neurons(), flops / 1e9, bare, tm, tm / bare,
                holds ? "hold" : "FAIL");
    std::fflush(stdout);
  }
}

void expansion(const std::string& verify_product) {
  expansion_against_flint(verify_product);
  expansion_against_dgemm();
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

// The network in rank-check's text format (write_network_text) at `path`.
void write_text(const Network& net, const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::perror(path.c_str());
    std::exit(2);
  }
  const std::string text = write_network_text(net);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

// The output of a shell command and its wall-clock seconds.
double run_command(const std::string& cmd, std::string& out) {
  out.clear();
  return seconds([&] {
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return;
    char buf[4096];
    std::size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
    pclose(pipe);
  });
}

double median_of(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// The whole command `rank-check --rank-only --rank-engine dense --json FILE`
// on the network written to a file: median wall-clock seconds of 3 runs
// (reading, building A, rank, certificate, output) and the rank it printed
// (-1 if none).
double whole_command(const std::string& rank_check, const Network& net, long& printed_rank) {
  char dir[] = "/tmp/nf-bench-XXXXXX";
  if (!mkdtemp(dir)) {
    std::perror("mkdtemp");
    std::exit(2);
  }
  const std::string file = std::string(dir) + "/net.txt";
  write_text(net, file);
  const std::string cmd = "'" + rank_check + "' --rank-only --rank-engine dense --json '" + file + "'";
  std::string out;
  std::vector<double> times;
  for (int rep = 0; rep < 3; ++rep) times.push_back(run_command(cmd, out));
  std::remove(file.c_str());
  rmdir(dir);
  const std::size_t at = out.find("\"rank\":");
  printed_rank = at == std::string::npos ? -1 : std::strtol(out.c_str() + at + 7, nullptr, 10);
  return median_of(times);
}

// The bare PLUQ of A mod p over `field` (A built by the library, not timed).
double bare_rank_of(bench::BareField field, std::uint32_t p, const Network& net, const Target& t, std::size_t& rank) {
  HugeBuffer<double> built;
  if (!subset_matrix_mod(net, t, p, built)) {
    std::fprintf(stderr, "bench: p = %u divides a denominator\n", p);
    std::exit(2);
  }
  const std::vector<double> A(built.begin(), built.end());
  return bench::bare_pluq(field, p, subset_matrix_rows(t), net.neurons(), A, rank);
}

std::string with_rank(double s, long rank) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f (%ld)", s, rank);
  return buf;
}

// One table line: the two bare PLUQs, the engine in-process, the whole
// command and its ratio to the faster bare PLUQ, FLINT and its ratio to the
// whole command (or to the in-process call without the binary).
void rank_line(const char* name, const Network& net, bool with_flint, const std::string& rank_check) {
  const std::size_t n = net.inputs();
  const Target t = Target::product(n);
  std::size_t r_mod = 0, r_bal = 0;
  const double t_mod = bare_rank_of(bench::BareField::Modular, 1048573, net, t, r_mod);          // largest prime < 2^20
  const double t_bal = bare_rank_of(bench::BareField::ModularBalanced, 8388593, net, t, r_bal);  // largest prime < 2^23
  const double baseline = std::min(t_mod, t_bal);
  RankOptions dense;
  dense.engine = RankEngine::Dense;
  CertifiedRank ours;
  const double td = seconds([&] { ours = certified_rank(net, t, dense); });
  double ours_total = td;
  std::string command = "-", vs_bare = "-";
  bool agree = true;
  if (!rank_check.empty()) {
    long printed = -1;
    ours_total = whole_command(rank_check, net, printed);
    command = with_rank(ours_total, printed);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fx", ours_total / baseline);
    vs_bare = buf;
    agree = printed == static_cast<long>(ours.rank);
  }
  std::string flint = "-", ratio = "-";
  if (with_flint) {
    FmpzMat A = subset_matrix_integer(net, t);
    slong r = 0;
    const double tf = seconds([&] { r = fmpz_mat_rank(A.get()); });
    flint = with_rank(tf, static_cast<long>(r));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1fx", tf / ours_total);
    ratio = buf;
    agree = agree && static_cast<std::uint64_t>(r) == ours.rank;
  }
  if (!agree) ratio += " DISAGREE";
  std::printf("%-30s %3zu %5zu %-14s %-14s %-14s %-13s %-9s %-14s %s\n", name, n, net.neurons(),
              with_rank(t_mod, static_cast<long>(r_mod)).c_str(), with_rank(t_bal, static_cast<long>(r_bal)).c_str(),
              with_rank(td, static_cast<long>(ours.rank)).c_str(), command.c_str(), vs_bare.c_str(), flint.c_str(),
              ratio.c_str());
  std::fflush(stdout);
}

void rank(const std::string& rank_check) {
  std::printf("== rank of A (A7): bare FFLAS-FFPACK PLUQ (baseline: the faster field), the dense engine, FLINT\n");
  std::printf("   Modular: PLUQ over Modular<double>, p = 1048573; Balanced: ModularBalanced<double>, p = 8388593\n");
  std::printf("   engine: certified_rank in-process (structure off); command: rank-check --rank-only --rank-engine "
              "dense FILE, median of 3 wall clocks\n");
  std::printf("   targets: command within 1.2x of the faster bare PLUQ; FLINT / command >= 5x (random) and 20x "
              "(repeated) at n = 12\n");
  std::printf("%-30s %3s %5s %-14s %-14s %-14s %-13s %-9s %-14s %s\n", "network", "n", "m", "Modular s", "Balanced s",
              "engine s", "command s", "cmd/bare", "FLINT s", "FLINT/cmd");
  for (int n : {12, 13}) {
    const bool flint = n == 12;
    const Network gate = canonical_product_gate(n, Activation::generic());
    rank_line("(A4) gate (Sylvester-Hadamard)", gate, flint, rank_check);
    const Network random = bench::random_integer_network(n, std::size_t(1) << n, 3, 12345);
    rank_line("random, a_ij in [-3, 3]", random, flint, rank_check);
    rank_line("random, one neuron repeated", bench::with_repeated_neuron(random), flint, rank_check);
    rank_line("random two-valued", bench::random_two_valued_network(n, 99), false, rank_check);
  }
}

// The elimination of a wide A (2^n x m): the dense engine's two library
// calls on it (A modulo a 9-bit prime in floats, PLUQ over
// ModularBalanced<float>) against the bare PLUQ over ModularBalanced<double>
// of the same matrix modulo a 23-bit prime, and against the dgemm time of
// 2 rows^2 m flops.  A random integer network (a_ij in [-3, 3]) of n = 8
// inputs.
void wide(std::size_t m) {
  const std::size_t n = 8;
  const Network net = bench::random_integer_network(n, m, 3, 777);
  const Target t = Target::product(n);
  const std::uint64_t rows = subset_matrix_rows(t);
  const double rate = bench::bare_dgemm_rate(4096);
  std::printf("== elimination of a wide A (%llu x %zu, random a_ij in [-3, 3]): the engine's float PLUQ against the "
              "bare double PLUQ and the dgemm time of 2 rows^2 m flops (%.1f GFLOP/s)\n",
              static_cast<unsigned long long>(rows), m, rate / 1e9);
  HugeBuffer<float> Af;
  ModularRankProfile profile;
  double build = 0;
  const std::uint32_t p = 509;
  const double ours = seconds([&] {
    build = seconds([&] { subset_matrix_mod(net, t, p, Af); });
    profile = modular_rank_profile(p, rows, m, Af.data(), 0);
  });
  std::size_t bare_rank = 0;
  const double bare = bare_rank_of(bench::BareField::ModularBalanced, 8388593, net, t, bare_rank);
  const double flops_time = 2.0 * static_cast<double>(rows) * static_cast<double>(rows) * static_cast<double>(m) / rate;
  std::printf("   engine (build A + float PLUQ): %.2f s (build %.2f s), rank %llu; bare double PLUQ: %.2f s, rank %zu; "
              "flops at the dgemm rate: %.2f s; engine / bare %.2fx, engine / flops %.2fx\n",
              ours, build, static_cast<unsigned long long>(profile.rank), bare, bare_rank, flops_time, ours / bare,
              ours / flops_time);
}

// The rank benchmark's networks as text files, for timing whole commands:
// DIR/{gate,random,repeated,twovalued}-N.txt.
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
  if (what == "wide") {
    wide(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000);
    return 0;
  }
  if (what == "write" && argc > 2) {
    write_files(argv[2]);
    return 0;
  }
  if (what == "expansion" || what == "all") expansion(what == "expansion" && argc > 2 ? argv[2] : "");
  if (what == "all") std::printf("\n");
  if (what == "rank" || what == "all") rank(what == "rank" && argc > 2 ? argv[2] : "");
  return 0;
}
