// Speed benchmark, one run, ratios against FLINT measured in the same run.
//
//   bench_speed expansion   the (A4) gate, every degree <= n: FLINT fmpq_mpoly
//                           (literal, median of 3) against the moment engine
//                           (no structure used, median of 5), n = 8..10,
//                           then the moment engine alone to n = 13; the
//                           scaled double gate (no two-valued row,
//                           m = 2^(n+1)) at n = 10, 12
//   bench_speed rank [RANK_CHECK]
//                           the rank of A, dense engine (structure detection
//                           off: building A mod p, PLUQ, certificate) against
//                           FLINT fmpz_mat_rank on the same integer matrix:
//                           the gate, a random network (a_ij in [-3, 3]), the
//                           same with one neuron repeated, a random two-valued
//                           network (dense and structured); n = 12, then ours
//                           alone at n = 13.  Given the rank-check binary,
//                           also the whole command on each network's file,
//                           and the ratio against it
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

#include "bench_networks.hpp"
#include "core/flint.hpp"
#include "io/network_file.hpp"
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

void expansion() {
  std::printf("== expansion of the (A4) gate, every degree <= n, engine moment (no structure) vs FLINT fmpq_mpoly\n");
  std::printf("   medians: moment of 5 runs, FLINT of 3\n");
  std::printf("%4s %9s %12s %12s %10s  %s\n", "n", "m", "FLINT s", "moment s", "ratio", "identities");
  for (int n = 8; n <= 13; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    bool hm = false, hl = false;
    const double tm = median_run(gate, ExpansionEngine::Moment, n <= 12 ? 5 : 3, hm);
    if (n <= 10) {
      const double tl = median_run(gate, ExpansionEngine::Literal, 3, hl);
      std::printf("%4d %9zu %12.3f %12.4f %9.0fx  %s%s\n", n, gate.neurons(), tl, tm, tl / tm, hm ? "hold" : "FAIL",
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

// The whole command `rank-check --rank-only --rank-engine dense --json FILE`
// on the network written to a file: wall-clock seconds (reading, building A,
// rank, certificate, output) and the rank it printed (-1 if none).
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
  const double t = seconds([&] {
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return;
    char buf[4096];
    std::size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
    pclose(pipe);
  });
  std::remove(file.c_str());
  rmdir(dir);
  const std::size_t at = out.find("\"rank\":");
  printed_rank = at == std::string::npos ? -1 : std::strtol(out.c_str() + at + 7, nullptr, 10);
  return t;
}

// One table line.  The ratio is FLINT's rank call against our whole command
// when `rank_check` names the binary, against the in-process call otherwise.
void rank_line(const char* name, const Network& net, bool with_flint, bool structured_too,
               const std::string& rank_check) {
  const std::size_t n = net.inputs();
  const Target t = Target::product(n);
  RankOptions dense;
  dense.engine = RankEngine::Dense;
  CertifiedRank ours;
  const double td = seconds([&] { ours = certified_rank(net, t, dense); });
  double ours_total = td;
  std::string command = "-";
  bool agree = true;
  if (!rank_check.empty()) {
    long printed = -1;
    ours_total = whole_command(rank_check, net, printed);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f (%ld)", ours_total, printed);
    command = buf;
    agree = printed == static_cast<long>(ours.rank);
  }
  std::string flint = "-", ratio = "-";
  if (with_flint) {
    FmpzMat A = subset_matrix_integer(net, t);
    slong r = 0;
    const double tf = seconds([&] { r = fmpz_mat_rank(A.get()); });
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f (%ld)", tf, static_cast<long>(r));
    flint = buf;
    std::snprintf(buf, sizeof buf, "%.1fx", tf / ours_total);
    ratio = buf;
    agree = agree && static_cast<std::uint64_t>(r) == ours.rank;
  }
  if (!agree) ratio += " DISAGREE";
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
  std::printf("%-37s %3zu %6zu %6llu %5s %8.2f %8.2f %8.2f  %-13s %-15s %-10s %s\n", name, n, net.neurons(),
              static_cast<unsigned long long>(ours.rank), ours.certified ? "yes" : "NO", ours.rank_seconds,
              ours.certificate_seconds, td, command.c_str(), flint.c_str(), ratio.c_str(), structured.c_str());
  std::fflush(stdout);
}

void rank(const std::string& rank_check) {
  std::printf("== rank of A (A7), dense engine (build A mod p, PLUQ on BLAS, certificate) vs FLINT fmpz_mat_rank\n");
  std::printf("   command: rank-check --rank-only --rank-engine dense on the network's file, wall clock (rank printed)\n");
  std::printf("   ratio: FLINT's rank call alone against %s\n",
              rank_check.empty() ? "our in-process call (total s)" : "our whole command");
  std::printf("%-37s %3s %6s %6s %5s %8s %8s %8s  %-13s %-15s %-10s %s\n", "network", "n", "m", "rank", "cert", "rank s",
              "cert s", "total s", "command s", "FLINT s (rank)", "ratio", "structured s (rank)");
  for (int n : {12, 13}) {
    const bool flint = n == 12;
    const Network gate = canonical_product_gate(n, Activation::generic());
    rank_line("(A4) gate (Sylvester-Hadamard)", gate, flint, true, rank_check);
    const Network random = bench::random_integer_network(n, std::size_t(1) << n, 3, 12345);
    rank_line("random, a_ij in [-3, 3]", random, flint, false, rank_check);
    rank_line("random, one neuron repeated", bench::with_repeated_neuron(random), flint, false, rank_check);
    rank_line("random two-valued (random rationals)", bench::random_two_valued_network(n, 99), flint, true,
              rank_check);
  }
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
  if (what == "write" && argc > 2) {
    write_files(argv[2]);
    return 0;
  }
  if (what == "expansion" || what == "all") expansion();
  if (what == "all") std::printf("\n");
  if (what == "rank" || what == "all") rank(argc > 2 ? argv[2] : "");
  return 0;
}
