// The fast expansion paths against the literal FLINT reference on random
// inputs (seed logged; NF_TEST_SEED fixes it): the BLAS moment engine in
// exact doubles and modulo primes, with one and two threads; the structured
// two-valued path (multilinear moments, the lemma's verdicts) on structured
// and slightly broken networks.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "model/construction.hpp"
#include "model/integer_network.hpp"
#include "poly/expansion.hpp"
#include "poly/prime_field.hpp"
#include "poly/structured.hpp"
#include "test_support.hpp"
#include "verify/verification.hpp"

using namespace nf;

namespace {

void require_same_terms(const CollectedExpansion& a, const CollectedExpansion& b) {
  CHECK(a.monomials() == b.monomials());
  REQUIRE(a.terms().size() == b.terms().size());
  auto it = b.terms().begin();
  for (const auto& [key, c] : a.terms()) {
    CHECK(key == it->first);
    CHECK(c == it->second);
    ++it;
  }
}

// Every row takes one of two random values (sometimes huge, sometimes one value).
Network random_two_valued(std::mt19937_64& rng, std::size_t n, std::size_t m, bool huge) {
  std::vector<CodedRow> rows;
  for (std::size_t i = 0; i < n; ++i) {
    mpq_class v0 = test::random_rational(rng, huge ? 1000000007L : 3, huge ? 999999937L : 3), v1 = v0;
    if (rng() % 6) {
      do v1 = test::random_rational(rng, huge ? 1000000007L : 3, huge ? 999999937L : 3);
      while (v1 == v0);
    }
    const unsigned distinct = v1 == v0 ? 1 : 2;
    std::vector<mpq_class> dict{v0};
    if (distinct == 2) dict.push_back(v1);
    rows.push_back(CodedRow::from_codes(dict, m, [&](std::size_t) { return distinct == 2 ? rng() % 2 : 0; }));
  }
  std::vector<mpq_class> w(m);
  for (auto& x : w) x = test::random_rational(rng, huge ? 1000000007L : 4, huge ? 999999937L : 4);
  return Network(n, m, std::move(rows), CodedRow(w));
}

// (A4) with row i scaled by s_i and w divided by prod s_i: still an exact gate.
Network scaled_gate(std::mt19937_64& rng, std::size_t n, bool huge) {
  const Network gate = canonical_product_gate(n, Activation::generic());
  const std::size_t m = gate.neurons();
  std::vector<mpq_class> a(n * m), w(m);
  mpq_class product = 1;
  for (std::size_t i = 0; i < n; ++i) {
    mpq_class s;
    do s = test::random_rational(rng, huge ? 1000000007L : 9, huge ? 999999937L : 9);
    while (s == 0);
    product *= s;
    for (std::size_t j = 0; j < m; ++j) a[i * m + j] = gate.a(i, j) * s;
  }
  for (std::size_t j = 0; j < m; ++j) w[j] = gate.w(j) / product;
  return Network(n, m, a, w);
}

}  // namespace

TEST_CASE("BLAS moment engine (exact doubles and primes, 1 and 2 threads) agrees with the literal engine") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  int modular = 0;
  for (int iter = 0; iter < test::scaled(50); ++iter) {
    const std::size_t n = 1 + rng() % 5, m = 1 + rng() % 40;
    const unsigned d = static_cast<unsigned>(rng() % 7);
    const bool huge = rng() % 3 == 0;
    const Network net = test::random_network(rng, n, m, huge ? 2000000000L : 3, huge ? 1000000007L : 4);
    CAPTURE(iter);
    CAPTURE(n);
    CAPTURE(m);
    CAPTURE(d);
    CollectedExpansion literal, fast;
    expand_literal(net, d, literal);
    ExpansionOptions opts;
    opts.threads = 1 + iter % 2;
    const ExpansionStats stats = expand_moment(net, d, fast, opts);
    modular += stats.primes > 0;
    require_same_terms(literal, fast);
  }
  MESSAGE(modular << " runs used primes");
}

TEST_CASE("the modular moment path on exact gates with rational scalings (identities hold)") {
  std::mt19937_64 rng(test::test_seed());
  for (std::size_t n = 2; n <= 4; ++n) {
    const Network net = scaled_gate(rng, n, true);
    CollectedExpansion literal, fast;
    expand_literal(net, static_cast<unsigned>(n), literal);
    ExpansionOptions opts;
    opts.threads = 2;
    const ExpansionStats stats = expand_moment(net, static_cast<unsigned>(n), fast, opts);
    CHECK(stats.primes > 1);
    require_same_terms(literal, fast);
    CHECK(fast.terms().size() == 1);
  }
}

TEST_CASE("centered reduction and the Chinese remainder theorem") {
  const std::vector<std::uint32_t> ps = blas_primes(3);
  CHECK(ps[0] < (1u << 22));
  CHECK(ps[0] > ps[1]);
  const DoubleModulus mod(ps[0]);
  std::vector<double> x = {0, 1, -1, 4503599627370495.0, -4503599627370495.0, 123456789012345.0};
  std::vector<double> y = x;
  reduce_centered(y.data(), y.size(), mod);
  for (std::size_t k = 0; k < x.size(); ++k) {
    CHECK(std::abs(y[k]) <= (ps[0] - 1) / 2.0);
    CHECK(residue_of_double(y[k], ps[0]) == residue_of_double(x[k], ps[0]));
  }
  const CrtBasis crt(ps);
  const mpz_class value("-12345678901234567890");
  std::vector<std::uint32_t> res;
  for (std::uint32_t p : ps) res.push_back(residue(value, p));
  CHECK(crt.reconstruct(res.data()) == value);
}

TEST_CASE("Chinese remaindering: Garner and the subproduct tree against the residues, random values") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  gmp_randclass random(gmp_randinit_default);
  random.seed(static_cast<unsigned long>(seed));
  for (std::size_t t : {std::size_t(1), std::size_t(7), CrtBasis::kGarnerPrimes, CrtBasis::kGarnerPrimes + 1,
                        std::size_t(300)}) {
    CAPTURE(t);
    const CrtBasis crt(blas_primes(t));
    for (int it = 0; it < 20; ++it) {
      // |value| <= P/2 - 1, both signs, and the extremes.
      mpz_class value = it == 0 ? mpz_class(0) : it == 1 ? mpz_class(crt.modulus() / 2 - 1)
                                                        : mpz_class(random.get_z_range(crt.modulus() / 2));
      if (it % 2 == 1) value = -value;
      std::vector<std::uint32_t> res;
      for (std::uint32_t p : crt.primes()) res.push_back(residue(value, p));
      CHECK(crt.reconstruct(res.data()) == value);
      const mpz_class nonneg = crt.reconstruct_nonnegative(res.data());
      CHECK(nonneg >= 0);
      CHECK(nonneg < crt.modulus());
      CHECK((nonneg - value) % crt.modulus() == 0);
    }
  }
}

TEST_CASE("structured multilinear moments equal the literal coefficients of x^T / |T|!") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  for (int iter = 0; iter < test::scaled(40); ++iter) {
    const std::size_t n = 1 + rng() % 5, m = 1 + rng() % 30;
    const Network net = random_two_valued(rng, n, m, iter % 3 == 0);
    CAPTURE(iter);
    CollectedExpansion literal;
    expand_literal(net, static_cast<unsigned>(n), literal);
    const MultilinearMoments mm = multilinear_moments(net, ResourceLimits{}, 1 + iter % 2);
    std::size_t multilinear_nonzero = 0;
    for (const auto& [key, c] : literal.terms()) {
      bool multilinear = true;
      for (unsigned e : key.second) multilinear = multilinear && e <= 1;
      multilinear_nonzero += multilinear;
    }
    CHECK(mm.nonzero.size() == multilinear_nonzero);
    for (const auto& [T, M] : mm.nonzero) {
      Exponents r(n);
      unsigned k = 0;
      for (std::size_t i = 0; i < n; ++i) k += r[i] = (T >> i) & 1u;
      mpz_class f;
      mpz_fac_ui(f.get_mpz_t(), k);
      auto it = literal.terms().find({k, r});
      REQUIRE(it != literal.terms().end());
      CHECK(it->second == M * f);
    }
  }
}

TEST_CASE("structured verdicts agree with the literal engine; broken structure falls back to moment") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const Activation acts[] = {Activation::generic(), Activation::parse("exp"), Activation::parse("poly:1,1,0,1,1,1"),
                             Activation::parse("tanh")};
  VerifyOptions literal;
  literal.engine = ExpansionEngine::Literal;
  literal.compute_rank = false;
  VerifyOptions fast;
  fast.compute_rank = false;
  int structured_runs = 0;
  for (int iter = 0; iter < test::scaled(40); ++iter) {
    const std::size_t n = 1 + rng() % 4;
    const Activation& act = acts[iter % 4];
    CAPTURE(iter);
    CAPTURE(n);
    CAPTURE(act.name());
    Network net = iter % 2 ? scaled_gate(rng, n, iter % 4 == 1) : random_two_valued(rng, n, 1 + rng() % 20, false);
    if (iter % 2 && act.family() != Activation::Family::Generic) {
      // Normalize for sigma_n: divide w by sigma_n when it is a nonzero rational.
      const SigmaCoefficient s = act.sigma(static_cast<unsigned>(n));
      if (s.kind == SigmaCoefficient::Kind::Rational) {
        std::vector<mpq_class> w = net.w_all();
        for (auto& x : w) x /= s.value;
        net = Network(n, net.neurons(), net.a_row_major(), w);
      }
    }
    const Target t = Target::product(n);
    const VerificationReport a = verify_network(net, act, t, literal), b = verify_network(net, act, t, fast);
    CHECK(a.identities.holds == b.identities.holds);
    structured_runs += b.engine == "structured";
    // Every engine lists every failing monomial, whatever path decided.
    CHECK(a.identities.failure_count == b.identities.failure_count);
    REQUIRE(a.identities.failures.size() == b.identities.failures.size());
    for (std::size_t f = 0; f < a.identities.failures.size(); ++f) {
      CHECK(a.identities.failures[f].r == b.identities.failures[f].r);
      CHECK(a.identities.failures[f].value.text() == b.identities.failures[f].value.text());
    }
    for (std::size_t k = 0; k < a.identities.degrees.size(); ++k) {
      CHECK(a.identities.degrees[k].holds == b.identities.degrees[k].holds);
      CHECK(a.identities.degrees[k].monomials == b.identities.degrees[k].monomials);
    }
    // One entry moved to a third value: no longer two-valued.
    std::vector<mpq_class> bent = net.a_row_major();
    const std::size_t i = rng() % n;
    bent[i * net.neurons()] = mpq_class(1000003, 7);
    const Network broken(n, net.neurons(), bent, net.w_all());
    if (broken.row(i).dictionary().size() > 2) {
      const VerificationReport c = verify_network(broken, act, t, literal), e = verify_network(broken, act, t, fast);
      CHECK(e.engine == "moment");
      CHECK(c.identities.holds == e.identities.holds);
      CHECK(c.identities.failure_count == e.identities.failure_count);
      VerifyOptions forced = fast;
      forced.engine = ExpansionEngine::Structured;
      CHECK_THROWS_AS((void)verify_network(broken, act, t, forced), InputError);
    }
  }
  MESSAGE(structured_runs << " verdicts by the structured path");
  CHECK(structured_runs > 0);
}

TEST_CASE("expand() with the structured engine lists every coefficient, to any degree") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  for (std::size_t n = 1; n <= 5; ++n) {
    const Network net = scaled_gate(rng, n, n % 2 == 0);
    CollectedExpansion literal, structured;
    expand_literal(net, static_cast<unsigned>(n), literal);
    expand(net, static_cast<unsigned>(n), ExpansionEngine::Structured, structured);
    require_same_terms(literal, structured);
  }
  // A refuted gate: the listing goes beyond the multilinear moments.
  std::vector<mpq_class> w = canonical_product_gate(3, Activation::generic()).w_all();
  w[0] += 1;
  const Network bad(3, 8, canonical_product_gate(3, Activation::generic()).a_row_major(), w);
  CollectedExpansion literal_bad, structured_bad;
  expand_literal(bad, 3, literal_bad);
  expand(bad, 3, ExpansionEngine::Structured, structured_bad);
  require_same_terms(literal_bad, structured_bad);
  // Random two-valued networks (one-valued rows included), degrees below, at and above n.
  for (int iter = 0; iter < test::scaled(60); ++iter) {
    const std::size_t n = 1 + rng() % 4;
    const unsigned d = static_cast<unsigned>(rng() % (n + 3));
    const Network net = random_two_valued(rng, n, 1 + rng() % 12, iter % 3 == 0);
    CAPTURE(iter);
    CAPTURE(n);
    CAPTURE(d);
    CollectedExpansion a, b;
    expand_literal(net, d, a);
    expand(net, d, ExpansionEngine::Structured, b);
    require_same_terms(a, b);
  }
}

TEST_CASE("verify-product's gates: structured and moment paths give the same report") {
  for (std::size_t n = 1; n <= 7; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    VerifyOptions moment;
    moment.engine = ExpansionEngine::Moment;
    const VerificationReport a = verify_network(gate, Activation::generic(), Target::product(n), {}),
                             b = verify_network(gate, Activation::generic(), Target::product(n), moment);
    CHECK(a.engine == "structured");
    CHECK(b.engine == "moment");
    CHECK(a.identities.holds);
    CHECK(b.identities.holds);
    CHECK(a.rank->rank == b.rank->rank);
    CHECK(a.rank->engine == "structured");
  }
}

TEST_CASE("numbers too large for the moment engine or the limits are refused before any pass") {
  // q has 1.2 million bits: the row {1/q, 1} clears to {1, q}, and degree 2
  // makes the bound 2^2.4e6, beyond 100000 primes of 21 bits.
  mpz_class q = 1;
  q <<= 1200000;
  q += 1;
  const Network huge(2, 2, {mpq_class(1, 1) / mpq_class(q), 1, 1, 1}, {1, -1});
  CollectedExpansion sink;
  try {
    expand_moment(huge, 2, sink);
    FAIL("expected a LimitError");
  } catch (const LimitError& e) {
    CHECK(std::string(e.what()).find("primes, more than the 100000") != std::string::npos);
  }
  // 40 distinct 200-bit denominators: within the primes, above a small work limit.
  std::vector<mpq_class> a, w;
  mpz_class den = 1;
  den <<= 200;
  for (int j = 0; j < 40; ++j) {
    a.push_back(mpq_class(j + 1, den + 2 * j + 1));
    a.push_back(mpq_class(1, j + 2));
    w.push_back(mpq_class(j % 2 ? 1 : -1, den + 2 * j + 3));
  }
  for (auto& v : a) v.canonicalize();
  for (auto& v : w) v.canonicalize();
  const Network wide(2, 40, a, w);
  ExpansionOptions small;
  small.max_work = 1e6;
  try {
    expand_moment(wide, 2, sink, small);
    FAIL("expected a LimitError");
  } catch (const LimitError& e) {
    CHECK(std::string(e.what()).find("(raise it with --max-work)") != std::string::npos);
  }
  // The same network within the default limit: it runs, and agrees with FLINT.
  CollectedExpansion literal, fast;
  expand_literal(wide, 2, literal);
  const ExpansionStats stats = expand_moment(wide, 2, fast);
  CHECK(stats.primes > CrtBasis::kGarnerPrimes);
  require_same_terms(literal, fast);
  // Clearing the denominators alone over a memory limit.
  CHECK_THROWS_AS(integerize(wide, 1000), LimitError);
}
