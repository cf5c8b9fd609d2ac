// Expansion benchmark: the (A4) gate, every degree <= n, with both engines in
// one run.  Prints the median of `reps` runs, the ratio literal/moment and a
// check value (nonzero coefficients found, identities hold) for each n.
//
//   bench_expansion [FROM] [TO_LITERAL] [TO_MOMENT] [REPS]     default 6 9 11 3
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "model/construction.hpp"
#include "poly/expansion.hpp"
#include "verify/identities.hpp"

using namespace nf;

namespace {

struct Run {
  double seconds;
  std::uint64_t nonzero;
  bool holds;
};

struct CountingChecker : IdentityChecker {
  using IdentityChecker::IdentityChecker;
  std::uint64_t nonzero = 0;
  void on_term(unsigned k, const Exponents& r, const mpq_class& c) override {
    ++nonzero;
    IdentityChecker::on_term(k, r, c);
  }
};

Run run_once(const Network& net, ExpansionEngine engine) {
  const std::size_t n = net.inputs();
  CountingChecker checker(Activation::generic(), Target::product(n));
  const auto start = std::chrono::steady_clock::now();
  expand(net, static_cast<unsigned>(n), engine, checker);
  const bool holds = checker.finish().holds;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {s, checker.nonzero, holds};
}

Run median(const Network& net, ExpansionEngine engine, int reps) {
  std::vector<Run> runs;
  for (int i = 0; i < reps; ++i) runs.push_back(run_once(net, engine));
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
  return runs[runs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int from = argc > 1 ? std::atoi(argv[1]) : 6;
  const int to_literal = argc > 2 ? std::atoi(argv[2]) : 9;
  const int to_moment = argc > 3 ? std::atoi(argv[3]) : 11;
  const int reps = argc > 4 ? std::atoi(argv[4]) : 3;
  std::printf("expansion of the (A4) gate to degree n, median of %d runs\n", reps);
  std::printf("%4s %8s %12s %12s %10s %10s  %s\n", "n", "m", "literal s", "moment s", "ratio", "nonzero", "identities");
  for (int n = from; n <= std::max(to_literal, to_moment); ++n) {
    const Network net = canonical_product_gate(n, Activation::generic());
    const Run moment = median(net, ExpansionEngine::Moment, reps);
    if (n <= to_literal) {
      const Run literal = median(net, ExpansionEngine::Literal, reps);
      const bool agree = literal.nonzero == moment.nonzero && literal.holds == moment.holds;
      std::printf("%4d %8zu %12.4f %12.4f %9.1fx %10llu  %s%s\n", n, net.neurons(), literal.seconds, moment.seconds,
                  literal.seconds / moment.seconds, static_cast<unsigned long long>(moment.nonzero),
                  moment.holds ? "hold" : "FAIL", agree ? "" : "  ENGINES DISAGREE");
    } else {
      std::printf("%4d %8zu %12s %12.4f %10s %10llu  %s\n", n, net.neurons(), "-", moment.seconds, "-",
                  static_cast<unsigned long long>(moment.nonzero), moment.holds ? "hold" : "FAIL");
    }
    std::fflush(stdout);
  }
  return 0;
}
