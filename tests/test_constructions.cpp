// The constructions beyond (A4): the grid gate for any monomial x^r, and the
// half gate for sigma(t) = t^n and for odd activations.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "linalg/subset_matrix.hpp"
#include "model/construction.hpp"
#include "test_support.hpp"
#include "verify/verification.hpp"

using namespace nf;

namespace {

VerifyOptions literal_engine() {
  VerifyOptions o;
  o.engine = ExpansionEngine::Literal;
  return o;
}

std::string power_activation(unsigned n) {  // poly:0,...,0,1 = t^n
  std::string s = "poly:";
  for (unsigned k = 0; k < n; ++k) s += "0,";
  return s + "1";
}

}  // namespace

TEST_CASE("the grid gate for x^r has prod (r_i + 1) neurons, satisfies the identities, full row rank") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  for (int iter = 0; iter < test::scaled(25); ++iter) {
    const std::size_t n = 1 + rng() % 3;
    Target t{Exponents(n)};
    for (auto& e : t.r) e = static_cast<unsigned>(rng() % 3);
    if (t.degree() == 0) t.r[0] = 1;
    const Activation act = iter % 2 ? Activation::parse("exp") : Activation::generic();
    const Network net = monomial_gate(t, act);
    CAPTURE(format_monomial(t.r));
    CHECK(net.neurons() == subset_matrix_rows(t));
    const VerificationReport rep = verify_network(net, act, t, literal_engine());
    CHECK(rep.identities.holds);
    CHECK(rep.rank->full_row_rank);
  }
}

TEST_CASE("the grid gate for x1...xn is (A4) up to the order of neurons") {
  for (std::size_t n = 1; n <= 5; ++n) {
    const Network grid = monomial_gate(Target::product(n), Activation::generic());
    const Network a4 = canonical_product_gate(n, Activation::generic());
    REQUIRE(grid.neurons() == a4.neurons());
    // Grid neuron t has coordinate 2t_i - 1 = -1 for t_i = 0; (A4) neuron j has -1 for bit i set.
    const std::size_t m = a4.neurons();
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t flipped = (m - 1) ^ j;
      for (std::size_t i = 0; i < n; ++i) CHECK(grid.a(i, j) == a4.a(i, flipped));
      CHECK(grid.w(j) == a4.w(flipped));
    }
  }
}

TEST_CASE("sigma(t) = t^n: 2^(n-1) neurons suffice (Waring decomposition), n = 2..10") {
  for (std::size_t n = 2; n <= 10; ++n) {
    CAPTURE(n);
    const Activation act = Activation::parse(power_activation(static_cast<unsigned>(n)));
    const Network net = half_product_gate(n, act);
    CHECK(net.neurons() == (std::size_t(1) << (n - 1)));
    const VerificationReport rep = verify_network(net, act, Target::product(n), VerifyOptions{});
    CHECK(rep.identities.holds);
    CHECK_FALSE(rep.hypothesis_holds);
    CHECK_FALSE(rep.counterexample);
    CHECK(rep.verdict == Verdict::Verified);
  }
}

TEST_CASE("tanh with odd n: the half gate (2^(n-1) neurons) is exact, n = 3, 5, 7") {
  const Activation tanh = Activation::parse("tanh");
  for (std::size_t n : {3, 5, 7}) {
    const Network net = half_product_gate(n, tanh);
    const VerificationReport rep = verify_network(net, tanh, Target::product(n), VerifyOptions{});
    CHECK(rep.identities.holds);
    CHECK_FALSE(rep.hypothesis_holds);
    CHECK(rep.rank->rank == net.neurons());
  }
}

TEST_CASE("the half gate is not a product gate under a generic activation") {
  for (std::size_t n = 1; n <= 6; ++n) {
    const Network net = half_product_gate(n, Activation::generic());
    const VerificationReport rep = verify_network(net, Activation::generic(), Target::product(n), VerifyOptions{});
    CHECK(rep.verdict == Verdict::Refuted);
    CHECK_FALSE(rep.rank->full_row_rank);
  }
}

TEST_CASE("constructions refuse impossible requests") {
  CHECK_THROWS_AS(half_product_gate(2, Activation::parse("tanh")), InputError);  // sigma_2 = 0
  CHECK_THROWS_AS(monomial_gate(Target{Exponents{0, 0}}, Activation::generic()), InputError);
  CHECK_THROWS_AS(canonical_product_gate(0, Activation::generic()), InputError);
}
