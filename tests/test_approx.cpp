// certify-approx: known maxima, soundness against an independent MPFR
// evaluation at 700 bits (about 200 digits), evaluate-gate's sampled maxima
// below the certified upper bound, the lambda^2 order, limits and verdicts.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "approx/branch_and_bound.hpp"
#include "approx/certify_approx.hpp"
#include "approx/error_function.hpp"
#include "core/error.hpp"
#include "model/construction.hpp"
#include "numeric/evaluate_gate.hpp"
#include "numeric/interval.hpp"
#include "test_support.hpp"

using namespace nf;

namespace {

Enclosure certify(const ErrorFunction& g, const std::string& box, double gap = 0.01) {
  BranchAndBoundOptions opt;
  opt.gap = gap;
  opt.max_seconds = 20;
  return certify_max_error(g, parse_box(box, g.inputs()), opt);
}

// |f(x) - x^r| by the project's MPFR intervals (interval.hpp, real_activation.hpp),
// sharing no code with the Arb path: f = L^-d (c + sum_j w_j sigma(b_j + L a_j.x)).
Interval reference_error(const Network& net, const Activation& act, const mpq_class& L, const Target& t,
                         const std::vector<mpq_class>& x, mpfr_prec_t prec = 700) {
  const RealActivation real(act, 0);
  Interval sum(net.c(), prec);
  for (std::size_t j = 0; j < net.neurons(); ++j) {
    mpq_class u = net.b(j);
    for (std::size_t i = 0; i < net.inputs(); ++i) u += L * net.a(i, j) * x[i];
    sum += Interval(net.w(j), prec) * real.sigma(Interval(u, prec));
  }
  mpq_class scale = 1, mono = 1;
  for (unsigned k = 0; k < t.degree(); ++k) scale /= L;
  for (std::size_t i = 0; i < x.size(); ++i)
    for (unsigned e = 0; e < t.r[i]; ++e) mono *= x[i];
  return sum * Interval(scale, prec) - Interval(mono, prec);
}

double abs_lo(const Interval& v) {
  if (v.contains_zero()) return 0;
  return v.positive() ? v.lo_double() : -v.hi_double();
}
double abs_hi(const Interval& v) { return std::max(std::abs(v.lo_double()), std::abs(v.hi_double())); }

}  // namespace

TEST_CASE("known maximum: sigma(t) = t + t^2, one neuron, g = (x1 + x2)/2 + (x1^2 + x2^2)/2") {
  // f = (1/2) sigma(x1 + x2), so f - x1 x2 = (x1 + x2)/2 + (x1^2 + x2^2)/2:
  // max |.| on [-1,1]^2 is 2 at (1, 1) (a vertex); on [-1,0]^2 it is 1/4 at
  // the interior point (-1/2, -1/2).
  const Network net(2, 1, {1, 1}, {mpq_class(1, 2)});
  const ErrorFunction g = ErrorFunction::from_network(net, Activation::parse("poly:0,1,1"), 1, Target::product(2));
  for (BoundForm form : {BoundForm::Taylor, BoundForm::MeanValue, BoundForm::Natural}) {
    CAPTURE(to_string(form));
    BranchAndBoundOptions opt;
    opt.form = form;
    const Enclosure e = certify_max_error(g, parse_box("-1..1", 2), opt);
    CHECK(e.lower <= 2);
    CHECK(e.upper >= 2);
    CHECK(e.status == 0);
    CHECK(e.upper - e.lower <= e.upper / 100);
    const Enclosure f = certify_max_error(g, parse_box("-1..0", 2), opt);
    CHECK(f.lower <= mpq_class(1, 4));
    CHECK(f.upper >= mpq_class(1, 4));
    CHECK(f.upper - f.lower <= f.upper / 100);
  }
  // The witness of the interior maximum is the centre (-1/2, -1/2), exact.
  const Enclosure f = certify(g, "-1..0");
  CHECK(f.lower == mpq_class(1, 4));
  CHECK(f.witness == std::vector<mpq_class>{mpq_class(-1, 2), mpq_class(-1, 2)});
}

TEST_CASE("known maximum: the (A4) gate under t + t^2 is exact, and the identity network") {
  // sigma(b + t) = sigma(b) + sigma_1(b) t + t^2 and the gate cancels every
  // degree but 2: f_lambda = x1 x2 exactly, E* = 0 (up to the ball radii).
  const Activation act = Activation::parse("poly:0,1,1");
  const RealActivation real(act, 1);
  const auto c = real.coefficients(2);
  const ErrorFunction g =
      ErrorFunction::from_gate(canonical_product_gate(2, Activation::generic()), real, c[2], mpq_class(1, 10),
                               Target::product(2));
  const Enclosure e = certify(g, "-1..1");
  CHECK(e.status == 0);
  CHECK(e.lower == 0);
  CHECK(e.upper <= mpq_class(1, 1000000) * mpq_class(1, 1000000) * mpq_class(1, 1000000));
  // f(x) = x with sigma(t) = t: g = 0 exactly (dyadic data, exact balls).
  const Network id(1, 1, {1}, {1});
  const Enclosure z = certify(ErrorFunction::from_network(id, Activation::parse("poly:0,1"), 1, Target::product(1)),
                              "-3..5/2");
  CHECK(z.upper == 0);
  CHECK(z.lower == 0);
  CHECK(z.verdict == "enclosed");
}

TEST_CASE("known maximum: relu, the error peaks at a kink") {
  // f = relu(x - 1/3) + relu(1/3 - x) = |x - 1/3|, target the constant 1:
  // |f - 1| is 1 at the kink x = 1/3 and 1/3 at both ends of [-1, 1].
  const Network net(1, 2, {1, -1}, {1, 1}, {mpq_class(-1, 3), mpq_class(1, 3)});
  const Target one{Exponents{0}};
  const ErrorFunction g = ErrorFunction::from_network(net, Activation::parse("relu"), 1, one);
  CHECK_FALSE(g.smooth());
  const Enclosure e = certify(g, "-1..1");
  CHECK(e.status == 0);
  CHECK(e.lower <= 1);
  CHECK(e.upper >= 1);
  CHECK(e.upper - e.lower <= e.upper / 100);
  // On [0, 2/3] the kink is the centre: the witness is 1/3 and the lower
  // bound 1 up to the ball of 1/3.
  const Enclosure c = certify(g, "0..2/3");
  CHECK(c.witness == std::vector<mpq_class>{mpq_class(1, 3)});
  CHECK(c.lower > 1 - mpq_class(1, mpz_class(1) << 80));
  CHECK(c.lower <= 1);
  CHECK(c.upper >= 1);
}

TEST_CASE("the gate: the same f_lambda as evaluate-gate, and its sampled maximum below the certified upper") {
  for (unsigned n : {2u, 3u}) {
    for (const char* spec : {"sigmoid", "tanh", "softplus"}) {
      CAPTURE(n);
      const std::string name = spec;
      CAPTURE(name);
      EvaluateGateRequest req;
      req.n = n;
      req.activations = {spec};
      req.sweep.lambdas = {mpq_class(1, 10), mpq_class(1, 100)};
      req.sweep.points = 50;
      const EvaluateGateResult sampled = evaluate_gate(req);
      REQUIRE(sampled.gates.size() == 1);
      REQUIRE(sampled.gates[0].sweep);
      const Activation act = Activation::parse(spec);
      const RealActivation real(act, sampled.gates[0].bias);
      const auto coeffs = real.coefficients(n);
      const Network net = canonical_product_gate(n, Activation::generic());
      const FiniteScaleGate fsg(net, real);
      for (const SweepRow& row : sampled.gates[0].sweep->rows) {
        const ErrorFunction g = ErrorFunction::from_gate(net, real, coeffs[n], row.lambda, Target::product(n));
        // Same f_lambda at a point: the Arb ball and the MPFR interval overlap.
        const std::vector<mpq_class> x(n, mpq_class(3, 7));
        Ball f, gv;
        g.value(g.point(x), f, gv);
        const Interval ref = fsg.evaluate(row.lambda, x, 256);
        CHECK(lower_double(f) <= ref.hi_double());
        CHECK(ref.lo_double() <= upper_double(f));
        CHECK(arb_rel_accuracy_bits(f.get()) > 80);
        const Enclosure e = certify(g, "-1..1");
        CHECK(e.status == 0);
        CHECK(row.max_error.hi_double() <= upper_double(Ball::rational(e.upper, 128)));
        CHECK(e.lower >= mpq_class(row.max_error.lo_double()) * mpq_class(99, 100));
      }
    }
  }
}

TEST_CASE("the paper's gate: lambda^2 order in the sweep") {
  CertifyApproxRequest req;
  req.gate = 2;
  req.scales = {mpq_class(1, 10), mpq_class(1, 20), mpq_class(1, 40), mpq_class(1, 80)};
  req.sweep = true;
  req.points = 10;
  const CertifyApproxResult r = certify_approx(req);
  REQUIRE(r.fitted_order);
  CHECK(*r.fitted_order == doctest::Approx(2.0).epsilon(0.03));
  CHECK(r.status == 0);
  for (const auto& row : r.rows) {
    CHECK(row.sampled <= row.enclosure.upper.get_d());
    CHECK(row.enclosure.lower <= row.enclosure.upper);
  }
  // 0.0045173 at lambda = 1/10 (evaluate-gate's sampled value, attained at a vertex).
  CHECK(r.rows[0].enclosure.lower.get_d() == doctest::Approx(0.004517301).epsilon(1e-6));
}

TEST_CASE("soundness: random networks with biases against a 700-bit MPFR grid") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed);
  std::mt19937_64 rng(seed);
  const char* specs[] = {"sigmoid", "tanh", "softplus", "silu", "exp", "poly:1/2,-1,1/3,1/5", "relu"};
  const int iterations = test::scaled(14);
  for (int it = 0; it < iterations; ++it) {
    const std::size_t n = 1 + rng() % 2, m = 1 + rng() % 6;
    std::vector<mpq_class> a(n * m), w(m), b(m);
    for (auto& v : a) v = test::random_rational(rng, 6, 4);
    for (auto& v : w) v = test::random_rational(rng, 6, 4);
    for (auto& v : b) v = test::random_rational(rng, 4, 3);
    const mpq_class c = test::random_rational(rng, 3, 2);
    const Network net(n, m, a, w, b, c);
    const Activation act = Activation::parse(specs[rng() % 7]);
    const mpq_class L = rng() % 2 ? mpq_class(1) : mpq_class(1, 2 + rng() % 5);
    const Target t = Target::product(n);
    const std::string box = rng() % 2 ? "-1..1" : "-1/3..1/2";
    CAPTURE(act.name());
    CAPTURE(m);
    CAPTURE(n);
    CAPTURE(box);
    const ErrorFunction g = ErrorFunction::from_network(net, act, L, t);
    const Enclosure e = certify(g, box);
    REQUIRE(e.status == 0);
    // The witness: its 700-bit value is at least `lower`.
    const Interval at_w = reference_error(net, act, L, t, e.witness);
    CHECK(abs_hi(at_w) >= e.lower.get_d() * (1 - 1e-12));
    // Every grid point: its 700-bit value is at most `upper`.
    const RationalBox bx = parse_box(box, n);
    const int k = 24;
    double grid_max = 0;
    std::vector<mpq_class> x(n);
    for (int p = 0; p < (n == 1 ? k + 1 : (k + 1) * (k + 1)); ++p) {
      for (std::size_t i = 0; i < n; ++i) {
        const int q = i == 0 ? p % (k + 1) : p / (k + 1);
        x[i] = bx.lo[i] + (bx.hi[i] - bx.lo[i]) * mpq_class(q, k);
      }
      const Interval v = reference_error(net, act, L, t, x);
      grid_max = std::max(grid_max, abs_lo(v));
      CHECK(abs_lo(v) <= e.upper.get_d());
    }
    CHECK(e.lower.get_d() <= e.upper.get_d());
    CHECK(std::max(grid_max, abs_lo(at_w)) <= e.upper.get_d());
    CHECK(std::max(grid_max, abs_hi(at_w)) >= e.lower.get_d() * (1 - 1e-12));
  }
}

TEST_CASE("the three forms enclose the same maximum on random tanh networks") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed);
  std::mt19937_64 rng(seed);
  for (int it = 0; it < test::scaled(4); ++it) {
    const Network net = test::random_network(rng, 2, 5, 5, 3);
    const ErrorFunction g = ErrorFunction::from_network(net, Activation::parse("tanh"), 1, Target::product(2));
    std::vector<Enclosure> es;
    for (BoundForm form : {BoundForm::Taylor, BoundForm::MeanValue, BoundForm::Natural}) {
      BranchAndBoundOptions opt;
      opt.form = form;
      es.push_back(certify_max_error(g, parse_box("-1..1", 2), opt));
    }
    for (const Enclosure& x : es)
      for (const Enclosure& y : es) CHECK(x.lower <= y.upper);
  }
}

TEST_CASE("verdicts and limits") {
  const RealActivation real(Activation::parse("sigmoid"), 1);
  const auto c = real.coefficients(2);
  const ErrorFunction g = ErrorFunction::from_gate(canonical_product_gate(2, Activation::generic()), real, c[2],
                                                   mpq_class(1, 10), Target::product(2));
  BranchAndBoundOptions opt;
  opt.epsilon = mpq_class(5, 1000);
  Enclosure e = certify_max_error(g, parse_box("-1..1", 2), opt);
  CHECK(e.verdict == "within");
  CHECK(e.status == 0);
  CHECK(e.upper <= mpq_class(5, 1000));
  opt.epsilon = mpq_class(4, 1000);
  e = certify_max_error(g, parse_box("-1..1", 2), opt);
  CHECK(e.verdict == "exceeds");
  CHECK(e.status == 1);
  CHECK(e.lower > mpq_class(4, 1000));
  // The witness is a counterexample: |g| there exceeds epsilon.
  Ball f, gv;
  g.value(g.point(e.witness), f, gv);
  CHECK(abs_lower_double(gv) > 0.004);
  // Limits give unknown with a valid enclosure.
  BranchAndBoundOptions few;
  few.max_work = 3;
  few.gap = 1e-9;
  e = certify_max_error(g, parse_box("-1..1", 2), few);
  CHECK(e.verdict == "unknown");
  CHECK(e.status == 4);
  CHECK(e.lower <= e.upper);
  CHECK(e.upper >= mpq_class(4517, 1000000));
  BranchAndBoundOptions quick;
  quick.max_seconds = 1e-9;
  quick.gap = 1e-9;
  e = certify_max_error(g, parse_box("-1..1", 2), quick);
  CHECK(e.status == 4);
}

TEST_CASE("box specifications") {
  const RationalBox b = parse_box("-1..1,0..1/2", 2);
  CHECK(b.lo[1] == 0);
  CHECK(b.hi[1] == mpq_class(1, 2));
  CHECK(to_string(parse_box("-1..1", 3)) == "-1..1");
  CHECK(to_string(b) == "-1..1,0..1/2");
  for (const char* bad : {"1..0", "a..1", "-1..1,0..1,2..3", "nan..1", "-1", "", "1e7..2e7", "0..1/0"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_box(bad, 2), InputError);
  }
  const Network net(2, 1, {1, 1}, {1});
  const ErrorFunction g = ErrorFunction::from_network(net, Activation::parse("tanh"), 1, Target::product(2));
  CHECK_THROWS_AS(certify_max_error(g, parse_box("-1..1", 3), {}), InputError);
  CHECK_THROWS_AS(ErrorFunction::from_network(net, Activation::generic(), 1, Target::product(2)), InputError);
  CHECK_THROWS_AS(ErrorFunction::from_network(net, Activation::parse("tanh"), 1, Target::product(3)), InputError);
}

TEST_CASE("ball bounds as doubles round outward, for negative balls too") {
  for (const char* text : {"-1/3", "1/3", "-21061669761561283/100000000000000000", "-7/10", "5"}) {
    const mpq_class q(text);
    for (slong prec : {20, 53, 64, 200}) {
      const nf::Ball x = nf::Ball::rational(q, prec);
      INFO("q = " << text << ", prec " << prec);
      CHECK(mpq_class(nf::lower_double(x)) <= q);
      CHECK(q <= mpq_class(nf::upper_double(x)));
      CHECK(nf::lower_double(x) <= nf::upper_double(x));
    }
  }
}
