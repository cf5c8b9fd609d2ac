// certify-approx speed: the four targets of issue 15, gap 1%, medians of
// RUNS runs (default 3), with two baselines measured in the same run:
//   - the branch and bound with the first-order mean-value form instead of
//     the third-order Taylor form (capped at CAP seconds, default 30: a capped
//     baseline gives a lower bound on the ratio, marked ">=");
//   - one point evaluation of f_lambda with the project's MPFR intervals
//     (FiniteScaleGate::evaluate, evaluate-gate's path) against Arb
//     (ErrorFunction::value) at the same precision.
// Each line prints the check values: the enclosure [lower, upper], the final
// gap, the boxes and boxes/s.
//
//   bench_approx [RUNS] [CAP]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "approx/branch_and_bound.hpp"
#include "approx/error_function.hpp"
#include "model/construction.hpp"
#include "numeric/gate_evaluation.hpp"

using namespace nf;

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Instance {
  std::string name;
  ErrorFunction g;
  RationalBox box;
};

Instance gate(unsigned n) {
  const RealActivation real(Activation::parse("sigmoid"), 1);
  const auto c = real.coefficients(n);
  return Instance{"(A4) gate n = " + std::to_string(n) + " (m = " + std::to_string(1u << n) +
                      "), sigmoid b = 1, lambda = 1/10, [-1,1]^" + std::to_string(n),
                  ErrorFunction::from_gate(canonical_product_gate(n, Activation::generic()), real, c[n],
                                           mpq_class(1, 10), Target::product(n)),
                  parse_box("-1..1", n)};
}

// A trained-size network: n = 2, m = 64, tanh, weights and biases with
// 4-digit decimals from a fixed seed (a in [-2, 2], w, b, c in [-1, 1]).
Instance trained() {
  std::mt19937_64 rng(2017);
  std::uniform_int_distribution<long> a(-20000, 20000), u(-10000, 10000);
  const std::size_t n = 2, m = 64;
  std::vector<mpq_class> A(n * m), w(m), b(m);
  for (auto& x : A) x = mpq_class(a(rng), 10000);
  for (auto& x : w) x = mpq_class(u(rng), 10000);
  for (auto& x : b) x = mpq_class(u(rng), 10000);
  for (auto* v : {&A, &w, &b})
    for (auto& x : *v) x.canonicalize();
  const Network net(n, m, A, w, b, mpq_class(1, 10));
  return Instance{"trained-size n = 2, m = 64, tanh, random biases, [-1,1]^2",
                  ErrorFunction::from_network(net, Activation::parse("tanh"), 1, Target::product(2)),
                  parse_box("-1..1", 2)};
}

void run(const Instance& in, int runs, double cap, double target_seconds) {
  std::vector<double> times;
  Enclosure e;
  for (int r = 0; r < runs; ++r) {
    BranchAndBoundOptions opt;
    const double t0 = now();
    e = certify_max_error(in.g, in.box, opt);
    times.push_back(now() - t0);
  }
  const double t = median(times);
  BranchAndBoundOptions base;
  base.form = BoundForm::MeanValue;
  base.max_seconds = cap;
  const double t0 = now();
  const Enclosure b = certify_max_error(in.g, in.box, base);
  const double tb = now() - t0;
  const double gap = (e.upper.get_d() - e.lower.get_d()) / e.upper.get_d();
  std::printf("%s\n  taylor:     %8.3f s (median of %d; target < %g s: %s)  [%.8g, %.8g]  gap %.3f%%  %llu boxes, %.0f boxes/s\n",
              in.name.c_str(), t, runs, target_seconds, t < target_seconds ? "met" : "MISSED", e.lower.get_d(),
              e.upper.get_d(), 100 * gap, static_cast<unsigned long long>(e.boxes), e.boxes / std::max(t, 1e-9));
  std::printf("  mean-value: %8.3f s%s  [%.8g, %.8g]  gap %.3f%%  %llu boxes, %.0f boxes/s   ratio %s%.1fx\n", tb,
              b.status == 4 ? " (capped)" : "", b.lower.get_d(), b.upper.get_d(),
              100 * (b.upper.get_d() - b.lower.get_d()) / b.upper.get_d(), static_cast<unsigned long long>(b.boxes),
              b.boxes / std::max(tb, 1e-9), b.status == 4 ? ">= " : "", tb / std::max(t, 1e-9));
}

// One point evaluation, Arb against MPFR intervals, at the same precision.
void evaluation_ratio(unsigned n) {
  const RealActivation real(Activation::parse("sigmoid"), 1);
  const auto c = real.coefficients(n);
  const Network net = canonical_product_gate(n, Activation::generic());
  const ErrorFunction g = ErrorFunction::from_gate(net, real, c[n], mpq_class(1, 10), Target::product(n));
  const FiniteScaleGate fsg(net, real);
  const std::vector<mpq_class> x(n, mpq_class(3, 7));
  const int reps = 2000;
  std::vector<double> ta, tm;
  Ball f, v;
  for (int r = 0; r < 3; ++r) {
    double t0 = now();
    for (int k = 0; k < reps; ++k) g.value(g.point(x), f, v);
    ta.push_back((now() - t0) / reps);
    t0 = now();
    for (int k = 0; k < reps; ++k) (void)fsg.evaluate(mpq_class(1, 10), x, g.precision());
    tm.push_back((now() - t0) / reps);
  }
  std::printf("point evaluation of f_lambda, gate n = %u, %ld bits: Arb %.2f us, MPFR intervals %.2f us, ratio %.1fx"
              "  (f in %s)\n",
              n, static_cast<long>(g.precision()), 1e6 * median(ta), 1e6 * median(tm), median(tm) / median(ta),
              ball_to_string(f, 10).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const double cap = argc > 2 ? std::atof(argv[2]) : 30;
  std::printf("== certify-approx, gap 1%%: third-order Taylor form against the mean-value form (capped at %g s)\n", cap);
  run(gate(2), runs, cap, 1);
  run(gate(3), runs, cap, 10);
  run(gate(4), runs, cap, 120);
  run(trained(), runs, cap, 10);
  evaluation_ratio(2);
  evaluation_ratio(4);
  return 0;
}
