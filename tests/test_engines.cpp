// The moment engine against the literal FLINT reference, and the rank against
// textbook elimination, on random inputs (seed logged; NF_TEST_SEED fixes it).
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"
#include "model/construction.hpp"
#include "poly/expansion.hpp"
#include "test_support.hpp"
#include "verify/identities.hpp"

using namespace nf;

namespace {

void require_same_expansion(const Network& net, unsigned d) {
  CollectedExpansion literal, moment;
  expand_literal(net, d, literal);
  expand_moment(net, d, moment);
  CHECK(literal.monomials() == moment.monomials());
  REQUIRE(literal.terms().size() == moment.terms().size());
  auto it = moment.terms().begin();
  for (const auto& [key, c] : literal.terms()) {
    CHECK(key == it->first);
    CHECK(c == it->second);
    ++it;
  }
}

// Identity reports from both engines agree (holds, counts, kept failures).
void require_same_verdicts(const Network& net, const Activation& act) {
  const Target t = Target::product(net.inputs());
  IdentityChecker a(act, t), b(act, t);
  expand_literal(net, t.degree(), a);
  expand_moment(net, t.degree(), b);
  const IdentityReport ra = a.finish(), rb = b.finish();
  CHECK(ra.holds == rb.holds);
  CHECK(ra.failure_count == rb.failure_count);
  REQUIRE(ra.failures.size() == rb.failures.size());
  for (std::size_t i = 0; i < ra.failures.size(); ++i) {
    CHECK(ra.failures[i].r == rb.failures[i].r);
    CHECK(ra.failures[i].value.text() == rb.failures[i].value.text());
  }
}

}  // namespace

TEST_CASE("moment and literal engines agree coefficient for coefficient on random networks") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const Activation acts[] = {Activation::generic(), Activation::parse("exp"), Activation::parse("poly:0,1,0,3,0,-2"),
                             Activation::parse("tanh")};
  for (int iter = 0; iter < test::scaled(60); ++iter) {
    const std::size_t n = 1 + rng() % 5, m = 1 + rng() % 12;
    const unsigned d = static_cast<unsigned>(rng() % 6);
    // Small entries take the word-size path; huge ones the FLINT-integer path.
    const bool huge = rng() % 3 == 0;
    const long num = huge ? 2000000000L : 3, den = huge ? 1000000007L : 4;
    const Network net = test::random_network(rng, n, m, num, den);
    CAPTURE(iter);
    CAPTURE(n);
    CAPTURE(m);
    CAPTURE(d);
    require_same_expansion(net, d);
    require_same_verdicts(net, acts[iter % 4]);
  }
}

TEST_CASE("both engines agree on the (A4) gate and on perturbed gates") {
  for (std::size_t n = 1; n <= 5; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    require_same_expansion(gate, static_cast<unsigned>(n));
    std::vector<mpq_class> a = gate.a_row_major();
    a[n * gate.neurons() / 2] += mpq_class(1, 1000000000);
    require_same_expansion(Network(n, gate.neurons(), a, gate.w_all()), static_cast<unsigned>(n));
  }
}

TEST_CASE("a deliberately wrong coefficient is caught by the comparison") {
  // The comparison itself must be able to fail: a sink that alters one term.
  struct Corrupting : ExpansionSink {
    CollectedExpansion inner;
    bool done = false;
    void on_degree(unsigned k, std::uint64_t m) override { inner.on_degree(k, m); }
    void on_term(unsigned k, const Exponents& r, const mpq_class& c) override {
      inner.on_term(k, r, done ? c : mpq_class(c + 1));
      done = true;
    }
  };
  const Network net = test::random_network(*std::make_unique<std::mt19937_64>(7), 3, 4, 3, 3);
  CollectedExpansion good;
  Corrupting bad;
  expand_literal(net, 3, good);
  expand_moment(net, 3, bad);
  CHECK(good.terms() != bad.inner.terms());
}

TEST_CASE("exact rank agrees with textbook elimination over Q") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  for (int iter = 0; iter < test::scaled(40); ++iter) {
    const std::size_t n = 1 + rng() % 4, m = 1 + rng() % 20;
    Network net = test::random_network(rng, n, m, 2, 3);
    // Repeat some neurons so that rank deficiency is common.
    std::vector<mpq_class> a = net.a_row_major();
    for (std::size_t j = 1; j < m; ++j)
      if (rng() % 3 == 0)
        for (std::size_t i = 0; i < n; ++i) a[i * m + j] = a[i * m + (rng() % j)];
    net = Network(n, m, a, net.w_all());
    const Target t = Target::product(n);
    CAPTURE(iter);
    const std::uint64_t reference = rank_reference(subset_matrix_rational(net, t));
    CHECK(rank_exact(subset_matrix_integer(net, t), rng()).rank == reference);
  }
}

TEST_CASE("the integer subset matrix is A with rows scaled by prod D_h^s_h") {
  std::mt19937_64 rng(11);
  const Network net = test::random_network(rng, 3, 5, 5, 7);
  const Target t{Exponents{2, 0, 1}};
  auto rational = subset_matrix_rational(net, t);
  FmpzMat integer = subset_matrix_integer(net, t);
  REQUIRE(rational.size() == 6);
  for (std::size_t row = 0; row < rational.size(); ++row) {
    const Exponents s = subset_row_exponents(t, row);
    mpz_class scale = 1;
    for (std::size_t h = 0; h < 3; ++h) {
      mpz_class d = 1;
      for (std::size_t j = 0; j < 5; ++j) mpz_lcm(d.get_mpz_t(), d.get_mpz_t(), net.a(h, j).get_den_mpz_t());
      for (unsigned e = 0; e < s[h]; ++e) scale *= d;
    }
    for (std::size_t j = 0; j < 5; ++j) {
      Fmpz x;
      fmpz_set(x.get(), integer.entry(row, j));
      CHECK(mpq_class(x.to_mpz()) == rational[row][j] * scale);
    }
  }
}

TEST_CASE("monomial counts") {
  CHECK(monomials_of_degree(3, 0) == 1);
  CHECK(monomials_of_degree(3, 3) == 10);
  CHECK(monomials_up_to_degree(10, 10) == 184756);
  CHECK(monomials_up_to_degree(12, 12) == 2704156);
}
