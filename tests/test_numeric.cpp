// lib/numeric: intervals, certified Taylor coefficients at a bias, the bias
// search, finite-scale gates and their order of convergence, the deep network.
#include <boost/multiprecision/mpfr.hpp>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "model/construction.hpp"
#include "numeric/deep_network.hpp"
#include "numeric/gate_evaluation.hpp"
#include "numeric/interval.hpp"
#include "numeric/real_activation.hpp"
#include "test_support.hpp"

using nf::Activation;
using nf::Interval;
using nf::RealActivation;

namespace {

mpq_class q(long p, long d = 1) { return mpq_class(p, d); }

// sigma_k(b) = sum_{j >= k} C(j, k) sigma_j(0) b^(j-k): the Taylor series at 0
// re-expanded at b (inside the radius of convergence), exactly, to `terms` terms.
mpq_class reexpanded(const std::vector<mpq_class>& at0, unsigned k, const mpq_class& b) {
  mpq_class s = 0, bp = 1;
  for (unsigned j = k; j < at0.size(); ++j) {
    mpz_class c;
    mpz_bin_uiui(c.get_mpz_t(), j, k);
    s += mpq_class(c) * at0[j] * bp;
    bp *= b;
  }
  return s;
}

}  // namespace

TEST_CASE("interval arithmetic encloses exact results") {
  const Interval third(q(1, 3), 128);
  CHECK(third.contains(q(1, 3)));
  CHECK_FALSE(third.contains(q(1, 3) + mpq_class(1, 1000000)));
  const Interval one = third * Interval(q(3), 128);
  CHECK(one.contains(q(1)));
  CHECK(one.width_upper() < 1e-35);
  CHECK((one - Interval(q(1), 128)).contains_zero());
  CHECK(Interval(q(0), 64).sigmoid().contains(q(1, 2)));
  CHECK(Interval(q(0), 64).exp().contains(q(1)));
  CHECK(Interval(q(0), 64).tanh().contains(q(0)));
  CHECK(Interval(q(-2), 64).pow(2).contains(q(4)));
  CHECK(Interval::hull(q(-1), q(2), 64).pow(2).lo_double() == 0.0);
  CHECK(Interval::hull(q(-3), q(2), 64).abs().hi_double() == 3.0);
  // ln 2 = log1p(1) against a long double value.
  const Interval ln2 = Interval(q(1), 200).log1p();
  CHECK(ln2.lo_double() <= 0.6931471805599453);
  CHECK(ln2.hi_double() >= 0.6931471805599453);
  CHECK_THROWS_AS(one / Interval::hull(q(-1), q(1), 64), nf::InternalError);
}

TEST_CASE("known coefficients: the sigmoid at 0 is 1/2, 1/4, 0, -1/48, 0, 1/480") {
  const RealActivation s(Activation::parse("sigmoid"), 0);
  const auto c = s.coefficients(5);
  const mpq_class want[] = {q(1, 2), q(1, 4), q(0), q(-1, 48), q(0), q(1, 480)};
  for (unsigned k = 0; k <= 5; ++k) {
    CHECK(c[k].exact);
    CHECK(c[k].value == want[k]);
    CHECK(c[k].enclosure.contains(want[k]));
  }
  CHECK(c[2].certified_zero());
  CHECK(c[3].sign == nf::CertifiedSign::Negative);
  // tanh at 0: 0, 1, 0, -1/3, 0, 2/15; softplus: ln 2, 1/2, 1/8, 0, -1/192.
  const auto t = RealActivation(Activation::parse("tanh"), 0).coefficients(5);
  CHECK(t[3].value == q(-1, 3));
  CHECK(t[5].value == q(2, 15));
  const auto sp = RealActivation(Activation::parse("softplus"), 0).coefficients(4);
  CHECK_FALSE(sp[0].exact);
  CHECK(sp[0].enclosure.lo_double() <= std::log(2.0));
  CHECK(sp[0].enclosure.hi_double() >= std::log(2.0));
  CHECK(sp[2].value == q(1, 8));
  CHECK(sp[4].value == q(-1, 192));
  CHECK_THROWS_AS(RealActivation(Activation::generic(), 0), nf::InputError);
}

TEST_CASE("certified coefficients at a bias agree with the re-expanded series at 0") {
  // Radius of convergence: pi for sigmoid, silu, softplus; pi/2 for tanh.  At
  // b = 1/2 the truncation after 300 terms is below (1/3)^300.
  const mpq_class b = q(1, 2);
  for (const char* name : {"sigmoid", "tanh", "exp", "silu", "softplus"}) {
    CAPTURE(name);
    const Activation act = Activation::parse(name);
    std::vector<mpq_class> at0;
    if (act.family() == Activation::Family::Exp) {
      mpz_class f = 1;
      for (unsigned j = 0; j < 300; ++j) {
        if (j) f *= j;
        at0.emplace_back(mpz_class(1), f);
      }
    } else {
      const std::vector<mpq_class> sig = nf::sigmoid_coefficients(300);
      const std::vector<mpq_class> th = nf::tanh_coefficients(300);
      for (unsigned j = 0; j < 300; ++j) {
        switch (act.family()) {
          case Activation::Family::Sigmoid: at0.push_back(sig[j]); break;
          case Activation::Family::Tanh: at0.push_back(th[j]); break;
          case Activation::Family::Silu: at0.push_back(j == 0 ? q(0) : sig[j - 1]); break;
          default: at0.push_back(j == 0 ? q(0) : sig[j - 1] / j); break;  // softplus, sigma_0 separately
        }
      }
    }
    const auto c = RealActivation(act, b).coefficients(8);
    for (unsigned k = act.family() == Activation::Family::Softplus ? 1 : 0; k <= 8; ++k) {
      CAPTURE(k);
      const double want = reexpanded(at0, k, b).get_d();
      CHECK(c[k].enclosure.width_upper() < 1e-40);
      CHECK(std::abs(c[k].enclosure.mid_double() - want) <= 1e-15 * std::max(1.0, std::abs(want)));
      CHECK(c[k].certified_nonzero());
    }
  }
  // poly at a bias, exactly: (1 + t)^3 at b = 2 is 27 + 27 t + 9 t^2 + t^3.
  const auto p = RealActivation(Activation::parse("poly:1,3,3,1"), 2).coefficients(4);
  CHECK(p[0].value == 27);
  CHECK(p[1].value == 27);
  CHECK(p[2].value == 9);
  CHECK(p[3].value == 1);
  CHECK(p[4].certified_zero());
}

TEST_CASE("the certified-bias search") {
  const std::vector<mpq_class> cand = nf::bias_candidates(9);
  const mpq_class want[] = {q(0), q(1), q(-1), q(1, 2), q(-1, 2), q(2), q(-2), q(1, 3), q(-1, 3)};
  for (unsigned i = 0; i < 9; ++i) CHECK(cand[i] == want[i]);

  // The sigmoid at 0 has sigma_2 = 0: the search moves to b = 1.
  const nf::BiasCertificate s = nf::find_certified_bias(Activation::parse("sigmoid"), 2);
  REQUIRE(s.found);
  CHECK(s.bias == 1);
  CHECK(s.candidates_tried == 2);
  REQUIRE(s.coefficients.size() == 5);
  for (unsigned k = 0; k <= 2; ++k) CHECK(s.coefficients[k].certified_nonzero());
  // sigma_2(1) = s(1-s)(1-2s)/2 with s = 1/(1+e^-1).
  const double sv = 1 / (1 + std::exp(-1.0));
  CHECK(std::abs(s.coefficients[2].enclosure.mid_double() - sv * (1 - sv) * (1 - 2 * sv) / 2) < 1e-15);
  CHECK(s.coefficients[2].enclosure.hi_double() < -0.0454);

  // exp needs no shift; tanh does; a polynomial of low degree never works.
  CHECK(nf::find_certified_bias(Activation::parse("exp"), 6).bias == 0);
  CHECK(nf::find_certified_bias(Activation::parse("tanh"), 3).bias == 1);
  CHECK_FALSE(nf::find_certified_bias(Activation::parse("poly:0,0,1"), 3).found);
  // poly:0,1,1,1 has sigma_0(0) = 0: b = 1 gives 3, 6, 4, 1.
  const nf::BiasCertificate p = nf::find_certified_bias(Activation::parse("poly:0,1,1,1"), 3);
  REQUIRE(p.found);
  CHECK(p.bias == 1);
  CHECK(p.coefficients[0].value == 3);
  CHECK(p.coefficients[1].value == 6);
  CHECK(p.coefficients[2].value == 4);
  // Every certified sigmoid bias for n = 12 has all sigma_k, k <= 12, certified nonzero.
  const nf::BiasCertificate big = nf::find_certified_bias(Activation::parse("sigmoid"), 12);
  REQUIRE(big.found);
  for (unsigned k = 0; k <= 12; ++k) CHECK(big.coefficients[k].certified_nonzero());
}

TEST_CASE("f_lambda against an independent Boost.Multiprecision evaluation") {
  using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<300>>;
  const nf::BiasCertificate cert = nf::find_certified_bias(Activation::parse("sigmoid"), 2);
  const nf::FiniteScaleGate gate(nf::canonical_product_gate(2, Activation::generic()),
                                 RealActivation(Activation::parse("sigmoid"), cert.bias));
  const nf::RealPoint x = {nf::parse_rational("0.3"), nf::parse_rational("-0.7")};
  for (const mpq_class& lambda : {q(1, 10), q(1, 1000), q(1, 100000)}) {
    const Interval f = gate.evaluate(lambda, x, gate.evaluation_precision(lambda));
    // sigma(b + lambda (s1 u + s2 v)), w = (1, -1, -1, 1)/8 for (u+v, -u+v, u-v, -u-v).
    const Big b = 1, lam = Big(1) / Big(lambda.get_den().get_str()), u = Big(3) / 10, v = Big(-7) / 10;
    auto sig = [](const Big& t) { return Big(1) / (1 + exp(-t)); };
    const Big s = sig(b + lam * (u + v)) - sig(b + lam * (-u + v)) - sig(b + lam * (u - v)) + sig(b + lam * (-u - v));
    const Big sb = sig(b);
    const Big sigma2 = sb * (1 - sb) * (1 - 2 * sb) / 2;
    const Big want = s / 8 / (lam * lam * sigma2);
    CAPTURE(nf::to_string(lambda));
    CHECK(f.width_upper() < 1e-20);
    CHECK(std::abs(f.mid_double() - want.convert_to<double>()) < 1e-15);
  }
}

TEST_CASE("the fig. 2 sigmoid gate at lambda = 1/10 and 100 (audit rows) against Boost.Multiprecision") {
  using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<200>>;
  const nf::FiniteScaleGate gate(nf::canonical_product_gate(2, Activation::generic()),
                                 RealActivation(Activation::parse("sigmoid"), 1));
  nf::SweepOptions o;
  o.lambdas = {q(1, 10), q(100)};
  o.points = 100;
  const nf::SweepResult r = nf::sweep_gate(gate, o);
  auto sig = [](const Big& t) { return Big(1) / (1 + exp(-t)); };
  const Big sb = sig(Big(1));
  const Big sigma2 = sb * (1 - sb) * (1 - 2 * sb) / 2;
  for (std::size_t i = 0; i < 2; ++i) {
    const Big lam = i == 0 ? Big(1) / 10 : Big(100);
    Big worst = 0;
    for (const nf::RealPoint& x : nf::sample_points(2, 100, 1)) {
      const Big u = Big(x[0].get_num().get_str()) / Big(x[0].get_den().get_str());
      const Big v = Big(x[1].get_num().get_str()) / Big(x[1].get_den().get_str());
      const Big s = sig(1 + lam * (u + v)) - sig(1 + lam * (-u + v)) - sig(1 + lam * (u - v)) + sig(1 + lam * (-u - v));
      const Big e = abs(s / 8 / (lam * lam * sigma2) - u * v);
      if (e > worst) worst = e;
    }
    CAPTURE(i);
    CHECK(std::abs(r.rows[i].max_error.mid_double() - worst.convert_to<double>()) < 1e-15);
  }
  CHECK(r.rows[0].max_error.mid_double() < 0.005);
  CHECK(r.rows[1].max_error.mid_double() > 0.99);
}

TEST_CASE("order of convergence of the canonical n = 2 and n = 3 gates is 2") {
  nf::SweepOptions o;
  o.lambdas = {q(1, 10), q(1, 20), q(1, 50), q(1, 100), q(1, 1000)};
  o.points = 12;
  o.seed = nf::test::test_seed();
  MESSAGE("seed " << o.seed);
  for (std::size_t n : {2, 3}) {
    for (const char* name : {"sigmoid", "tanh", "exp", "softplus", "silu"}) {
      CAPTURE(n);
      CAPTURE(name);
      const Activation act = Activation::parse(name);
      const nf::BiasCertificate cert = nf::find_certified_bias(act, static_cast<unsigned>(n));
      const nf::FiniteScaleGate gate(nf::canonical_product_gate(n, Activation::generic()), RealActivation(act, cert.bias));
      const nf::SweepResult r = nf::sweep_gate(gate, o);
      REQUIRE(r.fitted_order);
      CHECK(*r.fitted_order > 1.95);
      CHECK(*r.fitted_order < 2.05);
      CHECK(r.prediction.kind == "converges");
      CHECK(r.prediction.order == 2);
      CHECK(r.prediction.odd_term_vanishes);
      // The measured error at the smallest lambda matches the predicted constant.
      const double e = r.rows.back().max_error.mid_double(), l = r.rows.back().lambda.get_d();
      CHECK(std::abs(e / (l * l) - r.prediction.constant) <= 2e-2 * r.prediction.constant);
      for (const nf::SweepRow& row : r.rows) CHECK(row.tight);
    }
  }
  // exp at b = 0, n = 2, point (1, 1): P_4 = 4, sigma_4/sigma_2 = 1/12: constant 1/3.
  const nf::FiniteScaleGate e2(nf::canonical_product_gate(2, Activation::generic()),
                               RealActivation(Activation::parse("exp"), 0));
  const nf::ErrorPrediction p = nf::predict_error(e2, nf::sample_points(2, 1, 1));
  CHECK(std::abs(p.constant - 1.0 / 3) < 1e-15);
}

TEST_CASE("without the parity cancellation the order is 1") {
  // n = 1: a = (1, 2), w = (-1, 1): P_0 = 0, P_1 = x, P_2 = 3 x^2 != 0.
  const nf::Network net(1, 2, {q(1), q(2)}, {q(-1), q(1)});
  const nf::FiniteScaleGate gate(net, RealActivation(Activation::parse("exp"), 0));
  nf::SweepOptions o;
  o.lambdas = {q(1, 10), q(1, 100), q(1, 1000), q(1, 10000)};
  o.points = 5;
  const nf::SweepResult r = nf::sweep_gate(gate, o);
  CHECK(r.prediction.kind == "converges");
  CHECK(r.prediction.order == 1);
  REQUIRE(r.fitted_order);
  CHECK(std::abs(*r.fitted_order - 1) < 0.02);
  // A network that is not a gate diverges: w = (1, 1) has P_0 = 2.
  const nf::FiniteScaleGate bad(nf::Network(1, 2, {q(1), q(2)}, {q(1), q(1)}), RealActivation(Activation::parse("exp"), 0));
  CHECK(nf::predict_error(bad, nf::sample_points(1, 3, 1)).kind == "diverges");
}

TEST_CASE("double precision fails where the certified evaluation does not") {
  const nf::FiniteScaleGate gate(nf::canonical_product_gate(6, Activation::generic()),
                                 RealActivation(Activation::parse("exp"), 0));
  nf::SweepOptions o;
  o.lambdas = {q(1, 10), q(1, 10000)};
  o.points = 4;
  const nf::SweepResult r = nf::sweep_gate(gate, o);
  CHECK_FALSE(r.rows[0].double_fails);
  CHECK(r.rows[1].double_fails);  // cancellation lambda^-6 = 10^24 > 1/eps
  CHECK(r.rows[1].tight);
  CHECK(r.rows[1].precision > 64 + 6 * 13);
}

TEST_CASE("sweep refuses bad requests before computing") {
  const nf::FiniteScaleGate gate(nf::canonical_product_gate(2, Activation::generic()),
                                 RealActivation(Activation::parse("exp"), 0));
  nf::SweepOptions o;
  o.lambdas = {};
  CHECK_THROWS_AS(nf::sweep_gate(gate, o), nf::InputError);
  o.lambdas = {q(1, 10)};
  o.max_work = 10;
  CHECK_THROWS_AS(nf::sweep_gate(gate, o), nf::LimitError);
  CHECK_THROWS_AS(nf::parse_lambda_list("0.1,-1"), nf::InputError);
  CHECK_THROWS_AS(nf::parse_lambda_list("0.1,,2"), nf::InputError);
  CHECK_THROWS_AS(nf::parse_lambda_list("1e-5000"), nf::InputError);
  CHECK(nf::parse_lambda_list("1,0.5,1/5").size() == 3);
  // sigma_2(0) = 0 for the sigmoid: the n = 2 gate cannot be normalized.
  CHECK_THROWS_AS(nf::FiniteScaleGate(nf::canonical_product_gate(2, Activation::generic()),
                                      RealActivation(Activation::parse("sigmoid"), 0)),
                  nf::InputError);
}

TEST_CASE("deep network: neuron counts for n = 2, 4, 8 and odd levels") {
  const std::size_t ns[] = {2, 4, 8, 5, 32};
  const std::uint64_t neurons[] = {4, 12, 28, 20, 124};
  const std::uint64_t depth[] = {1, 2, 3, 3, 5};
  for (int i = 0; i < 5; ++i) {
    const nf::DeepProductNetwork net(ns[i]);
    CAPTURE(ns[i]);
    CHECK(net.neurons() == neurons[i]);
    CHECK(net.depth() == depth[i]);
  }
  const nf::DeepProductNetwork four(4);
  CHECK(four.levels()[0].synapses_in == 16);
  CHECK(four.levels()[1].synapses_in == 32);
  CHECK(four.synapses() == 52);
  const nf::DeepProductNetwork five(5);
  CHECK(five.copies() == 2);
  // Slow literal count: a power of two has n - 1 gates and no copies; in general
  // gates = n - 1 (each gate removes one factor) and neurons = 4 gates + 2 copies.
  for (std::size_t n = 2; n <= 200; ++n) {
    const nf::DeepProductNetwork net(n);
    CHECK(net.gates() == n - 1);
    CHECK(net.neurons() == 4 * net.gates() + 2 * net.copies());
    CHECK((std::size_t(1) << net.depth()) >= n);
    CHECK((std::size_t(1) << (net.depth() - 1)) < n);
  }
  const auto table = nf::flattening_cost_table(2, 64);
  CHECK(table.size() == 63);
  CHECK(table.back().flat_neurons.get_str() == "18446744073709551616");
  CHECK(table.back().deep_neurons == 252);
  CHECK_THROWS_AS(nf::DeepProductNetwork(1), nf::InputError);
}

TEST_CASE("deep network: exact limit and the lambda^2 term against finite lambda") {
  for (std::size_t n = 2; n <= 9; ++n) {
    const nf::DeepProductNetwork net(n);
    const auto rep = nf::deep_series(net, Activation::parse("exp"), 0, 2);
    CAPTURE(n);
    CHECK(rep.limit_is_product);
    CHECK(rep.lower_degrees_vanish);
    CHECK(rep.terms[1] == 0);
  }
  // Irrational coefficients or the generic activation: only the limit.
  const auto g = nf::deep_series(nf::DeepProductNetwork(6), Activation::generic(), 0, 2);
  CHECK(g.order == 0);
  CHECK(g.limit_is_product);
  const auto s = nf::deep_series(nf::DeepProductNetwork(3), Activation::parse("sigmoid"), 1, 2);
  CHECK(s.order == 0);
  CHECK(s.limit_is_product);

  // n = 2: the deep network is the flat gate; both evaluations agree.
  const nf::DeepProductNetwork two(2);
  const nf::DeepGateEvaluator deep2(two, RealActivation(Activation::parse("tanh"), 1));
  const nf::FiniteScaleGate flat2(nf::canonical_product_gate(2, Activation::generic()),
                                  RealActivation(Activation::parse("tanh"), 1));
  const nf::RealPoint x2 = {q(1, 3), q(-3, 4)};
  const Interval d = deep2.evaluate(q(1, 10), x2, 200), f = flat2.evaluate(q(1, 10), x2, 200);
  CHECK(std::abs(d.mid_double() - f.mid_double()) < 1e-14);
  CHECK(std::abs(deep2.evaluate_double(q(1, 10), x2) - d.mid_double()) < 1e-12);

  // n = 5 (with copies), silu at 0: (F - x1...x5) / lambda^2 -> c_2(x) at lambda = 10^-4.
  const nf::DeepProductNetwork five(5);
  const std::vector<nf::RealPoint> pts = nf::sample_points(5, 4, 7);
  const auto rep = nf::deep_series(five, Activation::parse("silu"), 0, 2, pts);
  REQUIRE(rep.order == 2);
  const nf::DeepGateEvaluator eval(five, RealActivation(Activation::parse("silu"), 0));
  const mpq_class lambda(1, 10000);
  for (std::size_t p = 0; p < pts.size(); ++p) {
    mpq_class prod = 1;
    for (const mpq_class& v : pts[p]) prod *= v;
    const Interval F = eval.evaluate(lambda, pts[p], eval.evaluation_precision(lambda));
    const double got = (F - Interval(prod, 300)).mid_double() / (lambda.get_d() * lambda.get_d());
    const double want = rep.values_at_points[2][p].get_d();
    CAPTURE(p);
    CHECK(std::abs(got - want) <= 1e-6 * std::max(1.0, std::abs(want)));
  }
}
