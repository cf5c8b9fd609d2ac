// Certified ranks (dense modular PLUQ with kernel certificates, structured
// pattern count, FLINT) against textbook elimination over Q, on random
// networks with a logged seed (NF_TEST_SEED fixes it), and the certificates'
// own claims checked directly: the minor by elimination over Q, the kernel
// vectors by multiplication with A, their echelon form.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "linalg/certified_rank.hpp"
#include "linalg/modular_rank.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"
#include "model/construction.hpp"
#include "poly/prime_field.hpp"
#include "test_support.hpp"

using namespace nf;

namespace {

// A random network of small rationals with some neurons repeated and, when
// asked, some input rows made dependent on others' values (low rank).
Network random_deficient(std::mt19937_64& rng, std::size_t n, std::size_t m) {
  Network net = test::random_network(rng, n, m, 2, 2);
  std::vector<mpq_class> a = net.a_row_major();
  for (std::size_t j = 1; j < m; ++j)
    if (rng() % 4 == 0)
      for (std::size_t i = 0; i < n; ++i) a[i * m + j] = a[i * m + rng() % j];
  // Occasionally a row with few values (rank drops through the Kronecker structure).
  if (rng() % 3 == 0) {
    const std::size_t i = rng() % n;
    for (std::size_t j = 0; j < m; ++j) a[i * m + j] = (j % 2) ? 1 : 0;
  }
  return Network(n, m, a, net.w_all());
}

void check_certificate(const Network& net, const Target& t, const CertifiedRank& c) {
  REQUIRE(c.certificate);
  const RankCertificate& cert = *c.certificate;
  const auto A = subset_matrix_rational(net, t);
  CHECK(cert.rank == c.rank);
  if (cert.kind == RankCertificate::Kind::Patterns) return;
  // Lower bound: the minor has full rank over Q.
  std::vector<std::vector<mpq_class>> minor;
  for (std::uint64_t r : cert.minor_rows) {
    std::vector<mpq_class> row;
    for (std::uint64_t col : cert.minor_cols) row.push_back(A[r][col]);
    minor.push_back(row);
  }
  CHECK(rank_reference(minor) == cert.rank);
  // Upper bound: kernel vectors, echelon, in the kernel.
  const std::uint64_t rows = A.size(), m = net.neurons();
  if (cert.side == RankCertificate::Side::None) {
    CHECK(cert.rank == std::min(rows, m));
    return;
  }
  const bool right = cert.side == RankCertificate::Side::Right;
  CHECK(cert.kernel.size() == (right ? m : rows) - cert.rank);
  std::map<std::uint64_t, std::size_t> pivots;
  for (std::size_t t2 = 0; t2 < cert.kernel.size(); ++t2) pivots[cert.kernel[t2].pivot] = t2;
  CHECK(pivots.size() == cert.kernel.size());
  for (std::size_t k = 0; k < cert.kernel.size(); ++k) {
    const KernelVector& v = cert.kernel[k];
    std::vector<mpq_class> dense(right ? m : rows, 0);
    for (const auto& [idx, x] : v.entries) dense[idx] = x;
    CHECK(dense[v.pivot] == 1);
    for (const auto& [pivot, owner] : pivots)
      if (owner < k) CHECK(dense[pivot] == 0);
    if (right) {
      for (std::uint64_t r = 0; r < rows; ++r) {
        mpq_class s = 0;
        for (std::uint64_t j = 0; j < m; ++j) s += A[r][j] * dense[j];
        CHECK(s == 0);
      }
    } else {
      for (std::uint64_t j = 0; j < m; ++j) {
        mpq_class s = 0;
        for (std::uint64_t r = 0; r < rows; ++r) s += dense[r] * A[r][j];
        CHECK(s == 0);
      }
    }
  }
}

}  // namespace

TEST_CASE("dense certified rank agrees with elimination over Q, certificates check out") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  RankOptions opts;
  opts.engine = RankEngine::Dense;
  opts.keep_certificate = true;
  int left = 0, right = 0, none = 0;
  for (int iter = 0; iter < test::scaled(60); ++iter) {
    const std::size_t n = 1 + rng() % 4, m = 1 + rng() % 24;
    const Network net = random_deficient(rng, n, m);
    Target t = Target::product(n);
    if (iter % 5 == 4) {
      for (auto& e : t.r) e = static_cast<unsigned>(rng() % 3);
      if (t.degree() == 0) t.r[0] = 1;
    }
    CAPTURE(iter);
    CAPTURE(n);
    CAPTURE(m);
    opts.seed = rng();
    opts.threads = 1 + iter % 2;
    const CertifiedRank c = certified_rank(net, t, opts);
    CHECK(c.certified);
    CHECK(c.engine == RankEngine::Dense);
    CHECK(c.rank == rank_reference(subset_matrix_rational(net, t)));
    check_certificate(net, t, c);
    left += c.certificate->side == RankCertificate::Side::Left;
    right += c.certificate->side == RankCertificate::Side::Right;
    none += c.certificate->side == RankCertificate::Side::None;
  }
  MESSAGE("kernel sides: " << left << " left, " << right << " right, " << none << " none");
}

// Each certificate path on a network that must take it: a left kernel
// (fewer missing rows than missing columns), a right kernel, and none (full
// rank, the minor alone).
TEST_CASE("dense rank: the left-kernel, right-kernel and minor-only certificates are each taken and check") {
  auto row = [](std::initializer_list<const char*> values) {
    std::vector<mpq_class> out;
    for (const char* v : values) out.emplace_back(v);
    return out;
  };
  auto network = [](const std::vector<std::vector<mpq_class>>& a) {
    std::vector<mpq_class> flat;
    for (const auto& r : a) flat.insert(flat.end(), r.begin(), r.end());
    return Network(a.size(), a[0].size(), flat, std::vector<mpq_class>(a[0].size(), 1));
  };
  RankOptions opts;
  opts.engine = RankEngine::Dense;
  opts.keep_certificate = true;
  struct Case {
    Network net;
    std::uint64_t rank;
    RankCertificate::Side side;
  };
  const std::vector<mpq_class> ten = row({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
  const std::vector<Case> cases = {
      // rows {1} and {2} equal (a1 = a2): rank 3 of 4 rows, 10 columns -> one left kernel vector
      {network({ten, ten}), 3, RankCertificate::Side::Left},
      // a1 a2 = 1: rows {} and {1,2} equal, rank 3 with 4 rows and 4 columns -> one right kernel vector
      {network({row({"1", "2", "3", "4"}), row({"1", "1/2", "1/3", "1/4"})}), 3, RankCertificate::Side::Right},
      // the (A4) patterns: full rank, the minor alone
      {network({row({"1", "-1", "1", "-1"}), row({"1", "1", "-1", "-1"})}), 4, RankCertificate::Side::None},
  };
  for (const Case& c : cases) {
    const CertifiedRank r = certified_rank(c.net, Target::product(2), opts);
    CHECK(r.certified);
    CHECK(r.rank == c.rank);
    REQUIRE(r.certificate);
    CHECK(r.certificate->side == c.side);
    check_certificate(c.net, Target::product(2), r);
  }
}

TEST_CASE("dense rank: a dense rational kernel needs several primes and still certifies") {
  // Row 2 = (3/7) row 1, target x1^2 x2^2: A has rows a1^i (3/7 a1)^j, i, j <= 2,
  // spanning the 5 powers a1^0..a1^4: rank 5 of 9 x 6, a one-dimensional
  // right kernel with large rational entries (no repeated neuron).
  const std::vector<mpq_class> a1 = {mpq_class(123456789, 1000003), mpq_class(-987654321, 999983), mpq_class(55555, 7),
                                     mpq_class(3, 1000000007), mpq_class(-17, 19), mpq_class(1000000, 3)};
  std::vector<mpq_class> a = a1;
  for (const mpq_class& x : a1) a.push_back(x * mpq_class(3, 7));
  const Network net(2, 6, a, std::vector<mpq_class>(6, 1));
  const Target t{Exponents{2, 2}};
  RankOptions opts;
  opts.engine = RankEngine::Dense;
  opts.keep_certificate = true;
  const CertifiedRank c = certified_rank(net, t, opts);
  CHECK(c.rank == 5);
  REQUIRE(c.certificate);
  CHECK(c.certificate->side == RankCertificate::Side::Right);
  CHECK(c.certificate->kernel.size() == 1);
  MESSAGE(c.method);
  check_certificate(net, t, c);
  // Under a tiny work limit the upper bound is not attempted: rank >= 5 only, not certified.
  opts.limits.max_work = 50;
  const CertifiedRank limited = certified_rank(net, t, opts);
  CHECK_FALSE(limited.certified);
  CHECK(limited.method.find("--max-work") != std::string::npos);
}

TEST_CASE("structured rank is the number of distinct patterns; it agrees with elimination") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  RankOptions structured;
  structured.engine = RankEngine::Structured;
  structured.keep_certificate = true;
  for (int iter = 0; iter < test::scaled(60); ++iter) {
    const std::size_t n = 1 + rng() % 4, m = 1 + rng() % 20;
    // Row h takes at most 2 values (product target), chosen at random.
    std::vector<mpq_class> a(n * m);
    for (std::size_t i = 0; i < n; ++i) {
      const mpq_class v0 = test::random_rational(rng, 3, 3);
      mpq_class v1 = test::random_rational(rng, 3, 3);
      if (rng() % 5 == 0) v1 = v0;  // a one-valued row
      for (std::size_t j = 0; j < m; ++j) a[i * m + j] = rng() % 2 ? v0 : v1;
    }
    const Network net(n, m, a, std::vector<mpq_class>(m, 1));
    const Target t = Target::product(n);
    CAPTURE(iter);
    const std::uint64_t reference = rank_reference(subset_matrix_rational(net, t));
    const CertifiedRank c = certified_rank(net, t, structured);
    CHECK(c.engine == RankEngine::Structured);
    CHECK(c.rank == reference);
    // Default picks structured here; dense agrees.
    CHECK(certified_rank(net, t, RankOptions{}).engine == RankEngine::Structured);
    RankOptions dense;
    dense.engine = RankEngine::Dense;
    CHECK(certified_rank(net, t, dense).rank == reference);
    // A third value in one row: structured no longer applies, dense still does.
    std::vector<mpq_class> broken = a;
    broken[rng() % (n * m)] = mpq_class(7, 11);
    const Network bent(n, m, broken, std::vector<mpq_class>(m, 1));
    const std::uint64_t bent_reference = rank_reference(subset_matrix_rational(bent, t));
    bool two_valued = true;
    for (std::size_t i = 0; i < n; ++i) two_valued = two_valued && bent.row(i).dictionary().size() <= 2;
    if (two_valued) {
      CHECK(certified_rank(bent, t, structured).rank == bent_reference);
    } else {
      CHECK_THROWS_AS((void)certified_rank(bent, t, structured), InputError);
      CHECK(certified_rank(bent, t, RankOptions{}).engine == RankEngine::Dense);
    }
    CHECK(certified_rank(bent, t, RankOptions{}).rank == bent_reference);
  }
}

TEST_CASE("structured rank for x^r: rows with at most r_h + 1 values (the grid gate)") {
  for (const Exponents& r : {Exponents{2, 1}, Exponents{1, 0, 2}, Exponents{3}}) {
    const Target t{r};
    const Network gate = monomial_gate(t, Activation::generic());
    RankOptions structured;
    structured.engine = RankEngine::Structured;
    const CertifiedRank c = certified_rank(gate, t, structured);
    CHECK(c.rank == subset_matrix_rows(t));
    CHECK(c.rank == rank_reference(subset_matrix_rational(gate, t)));
  }
}

TEST_CASE("the three rank engines agree on the (A4) gate and on the gate with one neuron dropped") {
  for (std::size_t n = 1; n <= 6; ++n) {
    const Network gate = canonical_product_gate(n, Activation::generic());
    const Target t = Target::product(n);
    for (RankEngine e : {RankEngine::Dense, RankEngine::Structured, RankEngine::Flint}) {
      RankOptions o;
      o.engine = e;
      CHECK(certified_rank(gate, t, o).rank == (std::uint64_t(1) << n));
    }
    const std::size_t m = gate.neurons() - 1;
    std::vector<mpq_class> a;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) a.push_back(gate.a(i, j));
    const Network dropped(n, m, a, std::vector<mpq_class>(gate.w_all().begin(), gate.w_all().begin() + static_cast<std::ptrdiff_t>(m)));
    for (RankEngine e : {RankEngine::Dense, RankEngine::Structured, RankEngine::Flint}) {
      RankOptions o;
      o.engine = e;
      CHECK(certified_rank(dropped, t, o).rank == m);
    }
  }
}

TEST_CASE("the certificate text names every part of the grammar") {
  std::mt19937_64 rng(5);
  const Network net = test::random_network(rng, 2, 3, 2, 2);
  RankOptions o;
  o.engine = RankEngine::Dense;
  o.keep_certificate = true;
  const Target t = Target::product(2);
  const CertifiedRank c = certified_rank(net, t, o);
  std::ostringstream out;
  write_rank_certificate(out, net, t, *c.certificate);
  const std::string text = out.str();
  CHECK(text.rfind("noflat-rank-certificate 1\nnetwork 2 3\na ", 0) == 0);
  CHECK(text.find("\ntarget 1 1\nrank ") != std::string::npos);
  CHECK(text.find("\nminor ") != std::string::npos);
  CHECK(text.find("\nkernel ") != std::string::npos);
  CHECK(text.substr(text.size() - 4) == "end\n");
}

TEST_CASE("rank engines by name") {
  CHECK(parse_rank_engine("dense") == RankEngine::Dense);
  CHECK(parse_rank_engine("structured") == RankEngine::Structured);
  CHECK(parse_rank_engine("flint") == RankEngine::Flint);
  CHECK_THROWS_AS(parse_rank_engine("fast"), InputError);
  CHECK(to_string(RankEngine::Flint) == "flint");
}

TEST_CASE("dense rank with 1000-digit entries: hundreds of primes, certified, agrees with elimination") {
  // Many primes are drawn here, so a repeated prime (which would make the
  // Chinese-remainder modulus non-invertible) must be skipped, not fatal.
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  mpz_class big;
  mpz_ui_pow_ui(big.get_mpz_t(), 10, 1000);
  // Row 3 of a is c times row 1 with a 1000-digit rational c, so rows {3} and
  // {1} of A are dependent with a kernel vector of 1000-digit entries.
  const std::size_t n = 3, m = 10;
  std::vector<mpq_class> a(n * m), w(m, 1);
  for (auto& x : a) x = mpq_class(big * static_cast<long>(1 + rng() % 7) + static_cast<long>(rng() % 5), rng() % 2 ? 1 : big);
  const mpq_class scale(big + 1, 3);
  for (std::size_t j = 0; j < m; ++j) a[2 * m + j] = scale * a[j];
  const Network net(n, m, a, w);
  RankOptions opts;
  opts.engine = RankEngine::Dense;
  opts.keep_certificate = true;
  opts.seed = rng();
  const CertifiedRank c = certified_rank(net, Target::product(n), opts);
  MESSAGE(c.method);
  CHECK(c.certified);
  CHECK(c.rank == rank_reference(subset_matrix_rational(net, Target::product(n))));
  check_certificate(net, Target::product(n), c);
}

TEST_CASE("the flint rank engine clears denominators within --max-memory") {
  // Eight neurons with distinct 1000-bit denominators: the cleared integers
  // take about 3 KB, above a 2 KB limit and far below the default.
  mpz_class den = 1;
  den <<= 1000;
  std::vector<mpq_class> a, w;
  for (int h = 0; h < 2; ++h)
    for (int j = 0; j < 8; ++j) a.push_back(mpq_class(h + j + 1, den + 2 * j + 1));
  for (int j = 0; j < 8; ++j) w.push_back(1);
  for (auto& v : a) v.canonicalize();
  const Network net(2, 8, a, w);
  const Target t = Target::product(2);
  RankOptions opts;
  opts.engine = RankEngine::Flint;
  opts.limits.max_memory_bytes = 2048;
  CHECK_THROWS_AS(certified_rank(net, t, opts), LimitError);
  opts.limits = ResourceLimits{};
  const CertifiedRank c = certified_rank(net, t, opts);
  // Times d_j^2, the four rows of A are polynomials of degree <= 2 in j, so
  // some combination of them vanishes at every j: rank 3.  The dense engine,
  // certified separately, agrees.
  opts.engine = RankEngine::Dense;
  const CertifiedRank d = certified_rank(net, t, opts);
  CHECK(c.rank == 3);
  CHECK(d.rank == 3);
  CHECK(c.certified);
  CHECK(d.certified);
}

TEST_CASE("modular_solve: a singular system modulo p is reported, a regular one solved") {
  // [[1, 2], [2, 4]] is singular modulo every prime (with a consistent and an
  // inconsistent right-hand side); [[1, 2], [3, 4]] has determinant -2.
  std::vector<double> singular = {1, 2, 2, 4}, consistent = {1, 2};
  CHECK_FALSE(nf::modular_solve(7, 2, 1, singular.data(), consistent.data(), 1));
  std::vector<double> singular2 = {1, 2, 2, 4}, inconsistent = {1, 1};
  CHECK_FALSE(nf::modular_solve(7, 2, 1, singular2.data(), inconsistent.data(), 1));
  std::vector<double> regular = {1, 2, 3, 4}, b = {1, 1};
  REQUIRE(nf::modular_solve(7, 2, 1, regular.data(), b.data(), 1));
  // x = (-1, 1) modulo 7: 1 * 6 + 2 * 1 = 8 = 1, 3 * 6 + 4 * 1 = 22 = 1.
  CHECK(static_cast<long>(b[0]) % 7 == 6);
  CHECK(static_cast<long>(b[1]) % 7 == 1);
}

namespace {

// The product of every prime of kSmallRankPrimeBits bits: a difference of
// input weights equal to it makes a 2 x 2 minor vanish modulo each of them.
mpz_class small_prime_product() {
  mpz_class product = 1;
  for (unsigned long q = 1ul << (kSmallRankPrimeBits - 1); q < (1ul << kSmallRankPrimeBits); ++q)
    if (mpz_class(q) != 1 && mpz_probab_prime_p(mpz_class(q).get_mpz_t(), 30)) product *= q;
  return product;
}

// Rank modulo p by elimination on residues (the slow reference of the fields).
std::uint64_t rank_mod_reference(std::vector<std::vector<long>> A, long p) {
  std::uint64_t rank = 0;
  const std::size_t rows = A.size(), cols = rows ? A[0].size() : 0;
  for (std::size_t c = 0; c < cols && rank < rows; ++c) {
    std::size_t pivot = rank;
    while (pivot < rows && ((A[pivot][c] % p) + p) % p == 0) ++pivot;
    if (pivot == rows) continue;
    std::swap(A[pivot], A[rank]);
    const long inv = static_cast<long>(inverse_mod(static_cast<std::uint64_t>(((A[rank][c] % p) + p) % p), p));
    for (std::size_t r = rank + 1; r < rows; ++r) {
      const long f = ((A[r][c] % p) + p) % p * inv % p;
      for (std::size_t k = c; k < cols; ++k) A[r][k] = ((A[r][k] - f * A[rank][k]) % p + p) % p;
    }
    ++rank;
  }
  return rank;
}

}  // namespace

TEST_CASE("A modulo a small prime in floats: the same residues as in doubles, the same rank as elimination mod p") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  for (int iter = 0; iter < test::scaled(40); ++iter) {
    const std::size_t n = 1 + rng() % 5, m = 1 + rng() % 40;
    const Network net = random_deficient(rng, n, m);
    const Target t = Target::product(n);
    // Primes of 3 to 10 bits: every size the float field takes.
    const std::uint32_t p = seeded_prime(3 + static_cast<unsigned>(rng() % 8), rng(), 0);
    CAPTURE(iter);
    CAPTURE(p);
    HugeBuffer<float> Af;
    HugeBuffer<double> Ad;
    const bool ok_f = subset_matrix_mod(net, t, p, Af, 1 + iter % 2);
    REQUIRE(ok_f == subset_matrix_mod(net, t, p, Ad, 1));
    if (!ok_f) continue;
    const std::uint64_t rows = subset_matrix_rows(t);
    std::vector<std::vector<long>> residues(rows, std::vector<long>(m));
    for (std::size_t e = 0; e < rows * m; ++e) {
      const long x = static_cast<long>(Af[e]);
      CHECK(static_cast<float>(x) == Af[e]);
      CHECK(2 * std::abs(x) < static_cast<long>(p));
      CHECK(((x % static_cast<long>(p)) + static_cast<long>(p)) % static_cast<long>(p) == static_cast<long>(Ad[e]));
      residues[e / m][e % m] = static_cast<long>(Ad[e]);
    }
    const std::uint64_t expected = rank_mod_reference(residues, p);
    CHECK(modular_rank_profile(p, rows, m, Af.data(), 1).rank == expected);
    CHECK(modular_rank_profile(p, rows, m, Ad.data(), 1).rank == expected);
  }
}

TEST_CASE("dense rank: an A singular modulo every small prime is certified through a 20-bit prime") {
  // a = (0, P) with P the product of every 9-bit prime: the minor [[1, 1], [0, P]] is P.
  const mpz_class P = small_prime_product();
  const Network net(1, 2, std::vector<mpq_class>{0, mpq_class(P)}, std::vector<mpq_class>{1, 1});
  RankOptions opts;
  opts.engine = RankEngine::Dense;
  opts.keep_certificate = true;
  const CertifiedRank c = certified_rank(net, Target::product(1), opts);
  CHECK(c.certified);
  CHECK(c.rank == 2);
  CHECK(c.method.find("ModularBalanced<double>") != std::string::npos);
  check_certificate(net, Target::product(1), c);
  // Denominators divisible by every small prime: no float residues at all.
  const Network net2(1, 2, std::vector<mpq_class>{mpq_class(1, P), mpq_class(2, P)}, std::vector<mpq_class>{1, 1});
  const CertifiedRank c2 = certified_rank(net2, Target::product(1), opts);
  CHECK(c2.certified);
  CHECK(c2.rank == 2);
  CHECK(c2.method.find("ModularBalanced<double>") != std::string::npos);
  // An ordinary full-rank A takes the float field.
  const Network net3(1, 2, std::vector<mpq_class>{0, 1}, std::vector<mpq_class>{1, 1});
  CHECK(certified_rank(net3, Target::product(1), opts).method.find("ModularBalanced<float>") != std::string::npos);
}
