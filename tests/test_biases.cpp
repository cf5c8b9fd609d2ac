// Networks with biases, f(x) = c + sum_j w_j sigma(a_j . x + b_j): the
// grouped exact path against a literal reference written from the definition
// V(k, r) = [k = 0] c + k!/r! sum_j w_j sigma_k(b_j) prod_i a_ij^r_i, enclosures
// against an independent 200-digit evaluation, the paper's fig. 2 gate with
// float weights, --tolerance, and --snap.
#include <doctest/doctest.h>

#include <boost/multiprecision/mpfr.hpp>

#include <charconv>
#include <map>
#include <memory>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "io/snap.hpp"
#include "model/construction.hpp"
#include "numeric/fast_sigma.hpp"
#include "numeric/real_activation.hpp"
#include "test_support.hpp"
#include "verify/bias_groups.hpp"
#include "verify/verification.hpp"

using namespace nf;

namespace {

using Coefficients = std::map<std::pair<unsigned, Exponents>, mpq_class>;

mpz_class factorial(unsigned k) {
  mpz_class f;
  mpz_fac_ui(f.get_mpz_t(), k);
  return f;
}

// sigma_k(b) of poly:c0,c1,... from its definition: sum_i c_i C(i, k) b^(i-k).
mpq_class poly_sigma(const std::vector<mpq_class>& c, unsigned k, const mpq_class& b) {
  mpq_class s = 0;
  for (unsigned i = k; i < c.size(); ++i) {
    mpz_class binom;
    mpz_bin_uiui(binom.get_mpz_t(), i, k);
    mpq_class power = 1;
    for (unsigned t = k; t < i; ++t) power *= b;
    s += c[i] * binom * power;
  }
  return s;
}

// Every exponent vector of degree k in n variables.
void exponents(std::size_t n, unsigned k, Exponents& r, std::size_t i, std::vector<Exponents>& out) {
  if (i + 1 == n) {
    r[i] = k;
    out.push_back(r);
    return;
  }
  for (unsigned e = 0; e <= k; ++e) {
    r[i] = e;
    exponents(n, k - e, r, i + 1, out);
  }
}

// The literal V(k, r) for a poly activation (every sigma_k(b) rational).
Coefficients literal_values(const Network& net, const std::vector<mpq_class>& c, unsigned d) {
  Coefficients out;
  const std::size_t n = net.inputs();
  for (unsigned k = 0; k <= d; ++k) {
    std::vector<Exponents> rs;
    Exponents r(n, 0);
    exponents(n, k, r, 0, rs);
    for (const Exponents& e : rs) {
      mpq_class v = k == 0 ? net.c() : mpq_class(0);
      mpz_class r_factorial = 1;
      for (unsigned x : e) r_factorial *= factorial(x);
      for (std::size_t j = 0; j < net.neurons(); ++j) {
        mpq_class term = net.w(j) * poly_sigma(c, k, net.b(j));
        for (std::size_t i = 0; i < n; ++i)
          for (unsigned t = 0; t < e[i]; ++t) term *= net.a(i, j);
        v += term;
      }
      mpq_class scale(factorial(k), r_factorial);
      scale.canonicalize();
      v *= scale;
      if (v != 0) out[{k, e}] = v;
    }
  }
  return out;
}

Network random_biased(std::mt19937_64& rng, std::size_t n, std::size_t m, const std::vector<mpq_class>& biases) {
  std::vector<mpq_class> a(n * m), w(m), b(m);
  for (auto& x : a) x = test::random_rational(rng, 3, 2);
  for (auto& x : w) x = test::random_rational(rng, 5, 4);
  for (auto& x : b) x = biases[rng() % biases.size()];
  return Network(n, m, std::move(a), std::move(w), std::move(b), test::random_rational(rng, 2, 3));
}

VerifyOptions listing_all() {
  VerifyOptions o;
  o.max_failures = 1000000;
  o.compute_rank = false;
  return o;
}

}  // namespace

TEST_CASE("grouped biases, poly activation: every failing coefficient equals the literal reference") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const std::vector<mpq_class> c = {mpq_class(1), mpq_class(-2), mpq_class(1, 3), mpq_class(0), mpq_class(5, 7)};
  std::string spec = "poly:";
  for (std::size_t i = 0; i < c.size(); ++i) spec += (i ? "," : "") + to_string(c[i]);
  const Activation act = Activation::parse(spec);
  for (int iter = 0; iter < test::scaled(40); ++iter) {
    const std::size_t n = 1 + rng() % 3, m = 1 + rng() % 6;
    std::vector<mpq_class> biases = {mpq_class(0), mpq_class(1, 2), mpq_class(-3)};
    biases.resize(1 + rng() % 3);
    const Network net = random_biased(rng, n, m, biases);
    const unsigned d = static_cast<unsigned>(n);
    CAPTURE(iter);
    const VerificationReport rep = verify_network(net, act, Target::product(n), listing_all());
    const Coefficients want = literal_values(net, c, d);
    std::size_t wrong = 0;
    for (const auto& [key, v] : want)
      if (v != ((key.first == d && key.second == Exponents(n, 1)) ? 1 : 0)) ++wrong;
    if (!want.count({d, Exponents(n, 1)})) ++wrong;  // the target term is missing
    CHECK(rep.identities.failure_count == wrong);
    CHECK(rep.identities.undecided == 0);
    for (const IdentityFailure& f : rep.identities.failures) {
      REQUIRE(f.value.exact);
      const auto it = want.find({f.k, f.r});
      CHECK(f.value.value == (it == want.end() ? mpq_class(0) : it->second));
    }
  }
}

TEST_CASE("distinct biases, tanh: every enclosure contains a 200-digit evaluation") {
  using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<200>>;
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const Activation act = Activation::parse("tanh");
  for (int iter = 0; iter < test::scaled(6); ++iter) {
    const std::size_t n = 1 + rng() % 2, m = 2 + rng() % 4;
    const Network net = random_biased(rng, n, m, {mpq_class(1, 2), mpq_class(-1, 3), mpq_class(2)});
    const unsigned d = static_cast<unsigned>(n) + 1;
    Exponents target(n, 1);
    target[0] = 2;
    const VerificationReport rep = verify_network(net, act, Target{target}, listing_all());
    CHECK(rep.identities.undecided == 0);
    for (const IdentityFailure& f : rep.identities.failures) {
      // tau_k(b) of tanh(b + x) from tau' = 1 - tau^2 at 200 digits.
      Big v = f.k == 0 ? Big(net.c().get_num().get_str()) / Big(net.c().get_den().get_str()) : Big(0);
      for (std::size_t j = 0; j < net.neurons(); ++j) {
        const Big b = Big(net.b(j).get_num().get_str()) / Big(net.b(j).get_den().get_str());
        std::vector<Big> tau(d + 1, Big(0));
        tau[0] = tanh(b);
        for (unsigned k = 0; k < d; ++k) {
          Big s = k == 0 ? Big(1) : Big(0);
          for (unsigned i = 0; i <= k; ++i) s -= tau[i] * tau[k - i];
          tau[k + 1] = s / (k + 1);
        }
        Big term = Big(net.w(j).get_num().get_str()) / Big(net.w(j).get_den().get_str()) * tau[f.k];
        for (std::size_t i = 0; i < n; ++i)
          term *= pow(Big(net.a(i, j).get_num().get_str()) / Big(net.a(i, j).get_den().get_str()), f.r[i]);
        v += term;
      }
      mpz_class r_factorial = 1;
      for (unsigned x : f.r) r_factorial *= factorial(x);
      v *= Big(factorial(f.k).get_str()) / Big(r_factorial.get_str());
      const mpq_class approx = parse_rational(v.str(120, std::ios_base::scientific));
      const mpq_class slack(1, mpz_class(1) << 300);
      CAPTURE(f.value.text());
      if (f.value.exact) {  // no group contributes: the value is exactly c (degree 0) or 0
        const mpq_class expected = f.k == 0 ? net.c() : mpq_class(0);
        CHECK(f.value.value == expected);
        CHECK(abs(v - Big(expected.get_num().get_str()) / Big(expected.get_den().get_str())) < Big(1e-150));
        continue;
      }
      CHECK(f.value.enclosure->lo_rational() - slack <= approx);
      CHECK(approx <= f.value.enclosure->hi_rational() + slack);
    }
  }
}

TEST_CASE("the fig. 2 gate (sigmoid, every bias b = 1) with w rounded to double: refuted by the rounding, approximate within 1e-12") {
  const Activation sig = Activation::parse("sigmoid");
  const Interval s2 = RealActivation(sig, 1).coefficients(2)[2].enclosure;
  const double w = 1.0 / (8.0 * s2.mid_double());
  const Network gate = canonical_product_gate(2, Activation::generic());
  std::vector<mpq_class> ws;
  for (std::size_t j = 0; j < 4; ++j) ws.push_back(mpq_class(gate.w(j) > 0 ? w : -w));
  const Network net(2, 4, gate.a_row_major(), ws, std::vector<mpq_class>(4, mpq_class(1)));
  VerifyOptions o;
  const VerificationReport rep = verify_network(net, sig, Target::product(2), o);
  CHECK(rep.verdict == Verdict::Refuted);
  CHECK(rep.identities.failure_count == 1);
  REQUIRE(rep.identities.max_residual);
  CHECK(rep.identities.max_residual->nonzero());
  CHECK(rep.identities.max_residual->upper() < 1e-15);  // the size of a double's rounding
  CHECK(rep.identities.max_residual->lower() > 0);
  CHECK(rep.identities.failures[0].value.symbolic.find("sigmoid_2(1)") != std::string::npos);
  o.tolerance = parse_rational("1e-12");
  const VerificationReport approx = verify_network(net, sig, Target::product(2), o);
  CHECK(approx.verdict == Verdict::Approximate);
  o.tolerance = parse_rational("1e-20");
  CHECK(verify_network(net, sig, Target::product(2), o).verdict == Verdict::Refuted);
}

TEST_CASE("the generic activation with a nonzero bias is refused; relu is outside the Taylor criterion") {
  const Network gate = canonical_product_gate(2, Activation::generic());
  const Network biased(2, 4, gate.a_row_major(), gate.w_all(), std::vector<mpq_class>(4, mpq_class(1, 2)));
  CHECK_THROWS_AS((void)verify_network(biased, Activation::generic(), Target::product(2), {}), InputError);
  const VerificationReport relu = verify_network(gate, Activation::parse("ReLU"), Target::product(2), {});
  CHECK_FALSE(relu.taylor_applies);
  CHECK(relu.verdict == Verdict::Refuted);
  CHECK(relu.conclusion.find("does not apply") != std::string::npos);
}

TEST_CASE("the output bias c enters the constant coefficient") {
  const Network gate = canonical_product_gate(2, Activation::parse("exp"));
  const Network shifted(2, 4, gate.a_row_major(), gate.w_all(), {}, mpq_class(1, 5));
  const VerificationReport rep = verify_network(shifted, Activation::parse("exp"), Target::product(2), {});
  REQUIRE(rep.identities.failure_count == 1);
  CHECK(rep.identities.failures[0].k == 0);
  CHECK(rep.identities.failures[0].value.value == mpq_class(1, 5));
}

TEST_CASE("--snap: float64 and float32 values of (A4) weights snap back to the exact gate") {
  for (std::size_t n = 2; n <= 6; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    for (const bool single : {false, true}) {
      std::vector<mpq_class> w;
      for (std::size_t j = 0; j < gate.neurons(); ++j) {
        const double x = to_double(gate.w(j));
        w.push_back(single ? mpq_class(static_cast<double>(static_cast<float>(x))) : mpq_class(x));
      }
      const Network floats(n, gate.neurons(), gate.a_row_major(), w);
      StoredPrecisions p;
      p.w = single ? StoredPrecision::Float32 : StoredPrecision::Float64;
      SnapReport report;
      const Network snapped = snap_network(floats, p, {}, report);
      CAPTURE(n);
      CAPTURE(single);
      CHECK(snapped == gate);
      // The same through text: the shortest decimal of the double (json.dumps), read exactly.
      std::vector<mpq_class> text;
      for (const mpq_class& x : w) {
        char buf[64];
        const auto res = std::to_chars(buf, buf + sizeof buf, to_double(x));
        text.push_back(parse_rational(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf))));
      }
      const Network written(n, gate.neurons(), gate.a_row_major(), text);
      CHECK(snap_network(written, StoredPrecisions{}, {}, report) == gate);
      if (!(written == gate))
        CHECK(verify_network(written, Activation::generic(), Target::product(n), {}).verdict == Verdict::Refuted);
    }
  }
}

TEST_CASE("snap intervals: decimals keep their last digit, fractions stay exact, --snap-tolerance") {
  mpq_class lo, hi;
  stored_interval(parse_rational("0.12345678901234567890123"), StoredPrecision::Text, {}, lo, hi);
  CHECK(hi - lo == parse_rational("1e-23"));
  stored_interval(mpq_class(1, 3), StoredPrecision::Text, {}, lo, hi);
  CHECK(lo == hi);
  SnapOptions rel;
  rel.relative = parse_rational("0.01");
  stored_interval(mpq_class(333, 1000), StoredPrecision::Text, rel, lo, hi);
  CHECK(simplest_between(lo, hi) == mpq_class(1, 3));
  CHECK_THROWS_AS((void)snap_network(canonical_product_gate(2, Activation::generic()), {},
                                     SnapOptions{parse_rational("2")}, *std::make_unique<SnapReport>()),
                  InputError);
}

TEST_CASE("float path (one bias per neuron): every enclosure contains the MPFR value, and the verdicts are sound") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const char* specs[] = {"tanh", "sigmoid", "softplus", "silu", "exp"};
  for (int iter = 0; iter < test::scaled(5); ++iter) {
    const std::size_t n = 1 + rng() % 3, m = kMaxBiasGroups + 1 + rng() % 40;
    std::vector<mpq_class> a(n * m), w(m), b(m);
    // float32-like values: dyadic rationals with a 24-bit significand
    auto dyadic = [&](int scale) { return mpq_class(static_cast<long>(rng() % (1 << 24)) - (1 << 23), 1L << (23 + scale)); };
    for (auto& x : a) x = dyadic(0);
    for (auto& x : w) x = dyadic(2);
    for (std::size_t j = 0; j < m; ++j) b[j] = mpq_class(static_cast<long>(j) - static_cast<long>(m / 2), 17) + dyadic(8);
    const Network net(n, m, a, w, b, dyadic(4));
    const Activation act = Activation::parse(specs[iter % 5]);
    CAPTURE(iter);
    CAPTURE(act.name());
    VerifyOptions o = listing_all();
    const VerificationReport rep = verify_network(net, act, Target::product(n), o);
    CHECK(rep.engine == "float");
    CHECK(rep.verdict == Verdict::Refuted);
    // Every listed value's enclosure contains the MPFR interval sum's midpoint.
    for (const IdentityFailure& f : rep.identities.failures) {
      REQUIRE_FALSE(f.value.exact);
      Interval sum(256);
      for (std::size_t j = 0; j < m; ++j) {
        const auto sigma = RealActivation(act, net.b(j)).coefficients(f.k);
        Interval term(net.w(j), 256);
        term *= sigma[f.k].enclosure;
        mpq_class power = 1;
        for (std::size_t i = 0; i < n; ++i)
          for (unsigned t = 0; t < f.r[i]; ++t) power *= net.a(i, j);
        term *= Interval(power, 256);
        sum += term;
      }
      mpz_class r_factorial = 1;
      for (unsigned x : f.r) r_factorial *= factorial(x);
      mpq_class scale(factorial(f.k), r_factorial);
      scale.canonicalize();
      sum *= Interval(scale, 256);
      if (f.k == 0) sum += Interval(net.c(), 256);
      CHECK(f.value.enclosure->lo_rational() <= sum.lo_rational());
      CHECK(sum.hi_rational() <= f.value.enclosure->hi_rational());
      CHECK(f.value.enclosure->width_upper() < 1e-6 * (1 + std::fabs(f.value.enclosure->mid_double())));
    }
  }
}

TEST_CASE("float path: a coefficient that is exactly right is never called wrong") {
  // The (A4) gate for n = 2 with every neuron duplicated at many distinct
  // biases and zero output weight, so that the identities hold exactly at
  // the bias 0 group only: the float enclosures of the exact zeros contain 0.
  const Network gate = canonical_product_gate(2, Activation::parse("exp"));
  const std::size_t m = 4 + kMaxBiasGroups + 4;
  std::vector<mpq_class> a(2 * m), w(m), b(m);
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t i = 0; i < 2; ++i) a[i * m + j] = gate.a(i, j % 4);
    w[j] = j < 4 ? gate.w(j) : mpq_class(0);
    b[j] = j < 4 ? mpq_class(0) : mpq_class(static_cast<long>(j), 3);
  }
  const VerificationReport rep =
      verify_network(Network(2, m, a, w, b), Activation::parse("exp"), Target::product(2), listing_all());
  CHECK(rep.engine == "float");
  CHECK(rep.identities.failure_count == 0);
  CHECK(rep.verdict != Verdict::Refuted);
}

TEST_CASE("fast sigma_k(b): value +- error contains the MPFR enclosure, for every family and many biases") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const char* specs[] = {"tanh", "sigmoid", "softplus", "silu", "exp", "poly:1,-2,1/3,0,5", "relu"};
  for (const char* spec : specs) {
    const Activation act = Activation::parse(spec);
    for (int iter = 0; iter < test::scaled(30); ++iter) {
      // float32 biases, and decimals that are no double
      mpq_class b = iter % 3 ? mpq_class(static_cast<double>(static_cast<float>(std::ldexp(static_cast<double>(rng() % 4000000) - 2000000, -20))))
                             : mpq_class(static_cast<long>(rng() % 2001) - 1000, 317);
      if (act.family() == Activation::Family::Relu && b == 0) b = 1;
      const unsigned d = 1 + static_cast<unsigned>(rng() % 9);
      const FastSigma fast = fast_sigma(act, b, d);
      const auto exact = RealActivation(act, b).coefficients(d);
      CAPTURE(spec);
      CAPTURE(to_string(b));
      for (unsigned k = 0; k <= d; ++k) {
        CAPTURE(k);
        const mpq_class lo = mpq_class(fast.value[k]) - mpq_class(fast.error[k]);
        const mpq_class hi = mpq_class(fast.value[k]) + mpq_class(fast.error[k]);
        CHECK(lo <= exact[k].enclosure.lo_rational());
        CHECK(exact[k].enclosure.hi_rational() <= hi);
        CHECK(fast.error[k] <= 1e-12 * (1 + std::fabs(fast.value[k])));
      }
    }
  }
}

// The tolerance decisions on one residual: certified within t only when the
// whole enclosure is, certified above t only when all of it is; an exact
// residual equal to t is within.
TEST_CASE("residuals against a tolerance: enclosures straddling it decide nothing") {
  nf::Residual r;
  r.exact = false;
  r.enclosure = nf::Interval::hull(mpq_class(1, 100), mpq_class(3, 100), 64);
  const mpq_class below(1, 200), inside(2, 100), above(4, 100);
  CHECK(r.above(below));
  CHECK_FALSE(r.at_most(below));
  CHECK_FALSE(r.at_most(inside));
  CHECK_FALSE(r.above(inside));
  CHECK(r.at_most(above));
  CHECK_FALSE(r.above(above));
  nf::Residual e;
  e.value = mpq_class(1, 15625000000000000);
  CHECK(e.at_most(e.value));
  CHECK_FALSE(e.above(e.value));
}

TEST_CASE("the float path refuses a bias outside [-10^6, 10^6] with a message") {
  const std::size_t m = 70;  // more distinct biases than exact bias groups: the float path
  std::vector<mpq_class> a(m, 1), w(m, 1), b(m);
  for (std::size_t j = 0; j < m; ++j) b[j] = mpq_class(static_cast<long>(j), 7);
  b[m - 1] = 2000000;
  const nf::Network net(1, m, a, w, b);
  CHECK_THROWS_WITH_AS((void)nf::verify_network(net, nf::Activation::parse("tanh"), nf::Target::product(1), {}),
                       doctest::Contains("outside [-10^6, 10^6]"), nf::InputError);
  b[m - 1] = 1000000;
  const nf::Network edge(1, m, a, w, b);
  CHECK_NOTHROW((void)nf::verify_network(edge, nf::Activation::parse("tanh"), nf::Target::product(1), {}));
}

TEST_CASE("snap intervals are one unit in the last place wide, around and between powers of two") {
  // 0.1f lies in [2^-4, 2^-3): its float32 ulp is 2^-27; 0.75 in [2^-1, 1): 2^-24; 3 in [2, 4): 2^-22.
  const std::vector<std::pair<double, int>> cases = {{static_cast<double>(0.1f), -27}, {0.75, -24}, {3.0, -22},
                                                      {-0.75, -24}, {1.5, -23}};
  for (const auto& [x, exponent] : cases) {
    mpq_class lo, hi;
    nf::stored_interval(mpq_class(x), nf::StoredPrecision::Float32, nf::SnapOptions{}, lo, hi);
    mpq_class ulp(1);
    ulp /= mpq_class(mpz_class(1) << static_cast<unsigned>(-exponent));
    INFO("x = " << x);
    CHECK(hi - lo == ulp);
    CHECK(lo < mpq_class(x));
    CHECK(mpq_class(x) < hi);
  }
}
