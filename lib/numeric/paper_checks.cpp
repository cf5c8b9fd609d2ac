#include "numeric/paper_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <utility>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "linalg/rank.hpp"
#include "poly/expansion.hpp"

namespace nf {

// ---------------------------------------------------------------- eq. (11)

Network eq11_numerator_network() {
  // Neurons: u+v, -u-v, u-v, -u+v with weights 1, 1, -1, -1.
  std::vector<mpq_class> a = {1, -1, 1, -1, 1, -1, -1, 1};
  std::vector<mpq_class> w = {1, 1, -1, -1};
  return Network(2, 4, std::move(a), std::move(w));
}

Eq11Check eq11_check() {
  CollectedExpansion sink;
  expand(eq11_numerator_network(), 3, ExpansionEngine::Moment, sink);
  Eq11Check c;
  c.degrees_0_1_3_vanish = true;
  for (const auto& [key, value] : sink.terms()) {
    if (key.first == 2 && key.second == Exponents{1, 1}) c.uv_coefficient = value;
    if (key.first != 2 && value != 0) c.degrees_0_1_3_vanish = false;
  }
  return c;
}

// ---------------------------------------------------------------- parity moments

namespace {

// Unnormalized Walsh-Hadamard transform: out[S] = sum_p (-1)^{|S & p|} in[p].
template <class T>
void walsh_hadamard(std::vector<T>& v) {
  for (std::size_t h = 1; h < v.size(); h <<= 1)
    for (std::size_t i = 0; i < v.size(); i += 2 * h)
      for (std::size_t j = i; j < i + h; ++j) {
        T x = v[j], y = v[j + h];
        v[j] = x + y;
        v[j + h] = x - y;
      }
}

// The sign pattern of neuron j: bit i set when a_ij = -1.  Throws unless +-1.
std::vector<std::size_t> sign_patterns(const Network& net) {
  const std::size_t n = net.inputs(), m = net.neurons();
  if (n > 24) throw InputError("parity moments: n = " + std::to_string(n) + " exceeds 24");
  std::vector<std::size_t> p(m, 0);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) {
      const mpq_class& a = net.a(i, j);
      if (a == -1)
        p[j] |= std::size_t(1) << i;
      else if (a != 1)
        throw InputError("parity moments need every a_ij = +1 or -1");
    }
  return p;
}

}  // namespace

std::vector<mpq_class> parity_moments(const Network& net) {
  const std::vector<std::size_t> p = sign_patterns(net);
  std::vector<mpq_class> g(std::size_t(1) << net.inputs(), 0);
  for (std::size_t j = 0; j < p.size(); ++j) g[p[j]] += net.w(j);
  walsh_hadamard(g);
  return g;
}

Network eq28_network(std::size_t n) {
  if (n == 0 || n > 24) throw InputError("eq. 28 network: n must be in 1..24");
  const std::size_t m = std::size_t(1) << n;
  std::vector<mpq_class> a(n * m), w(m);
  for (std::size_t j = 0; j < m; ++j) {
    int prod = 1;
    for (std::size_t i = 0; i < n; ++i) {
      const int s = ((j >> i) & 1u) ? -1 : 1;
      a[i * m + j] = s;
      prod *= s;
    }
    w[j] = mpq_class(prod, 1) / mpq_class(mpz_class(1) << static_cast<mp_bitcnt_t>(n));
  }
  return Network(n, m, std::move(a), std::move(w));
}

ParityIdentities parity_identities(const Network& net) {
  const std::vector<mpq_class> M = parity_moments(net);
  ParityIdentities r;
  r.lower_vanish = true;
  for (std::size_t S = 0; S + 1 < M.size(); ++S) r.lower_vanish = r.lower_vanish && M[S] == 0;
  mpz_class f;
  mpz_fac_ui(f.get_mpz_t(), net.inputs());
  r.top_coefficient = M.back() * f;
  return r;
}

bool subset_matrix_gram_is_scalar(const Network& net) {
  const std::vector<std::size_t> p = sign_patterns(net);
  const std::size_t rows = std::size_t(1) << net.inputs();
  if (net.inputs() > 14) throw LimitError("Gram certificate limited to n <= 14");
  std::vector<std::int64_t> count(rows, 0);
  for (std::size_t pj : p) ++count[pj];
  const std::int64_t m = static_cast<std::int64_t>(p.size());
  std::vector<std::int64_t> g(rows);
  for (std::size_t S = 0; S < rows; ++S) {
    // g[q] = sum_{j : p_j = q} chi_S(q); its transform at T is (A A^T)_{T,S}.
    for (std::size_t q = 0; q < rows; ++q) g[q] = (__builtin_popcountll(S & q) % 2 ? -1 : 1) * count[q];
    walsh_hadamard(g);
    for (std::size_t T = 0; T < rows; ++T)
      if (g[T] != (T == S ? m : 0)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- eq. (13)

Interval eq13_error(unsigned k, unsigned s, const mpq_class& beta, mpfr_prec_t prec) {
  if (s > k) throw InputError("eq13_error: s > k");
  const mpq_class arg = -beta * (mpq_class(k) - mpq_class(1, 2) - mpq_class(s));
  const Interval sig = Interval(arg, prec).sigmoid();
  if (s == k) return (Interval(mpq_class(1), prec) - sig).abs();
  return sig.abs();
}

BetaBound smallest_beta(unsigned D, unsigned max_k, bool half_unit) {
  if (D < 1 || D > 1000) throw InputError("smallest_beta: D must be in 1..1000");
  if (max_k < 1 || max_k > 20) throw InputError("smallest_beta: max_k must be in 1..20");
  const mpfr_prec_t prec = 64 + 4 * static_cast<mpfr_prec_t>(D);
  mpz_class ten_d;
  mpz_ui_pow_ui(ten_d.get_mpz_t(), 10, D);
  const mpq_class inv_t = half_unit ? mpq_class(2 * ten_d) : mpq_class(ten_d);
  // ln(1/t - 1) = log1p(1/t - 2).
  const Interval L = Interval(inv_t - 2, prec).log1p();
  BetaBound b;
  mpq_class d_min = -1;
  for (unsigned k = 1; k <= max_k; ++k)
    for (std::uint32_t x = 0; x < (1u << k); ++x) {
      ++b.strings;
      const unsigned s = static_cast<unsigned>(__builtin_popcount(x));
      mpq_class d = mpq_class(k) - mpq_class(1, 2) - mpq_class(s);
      d = abs(d);
      if (d_min < 0 || d < d_min) {
        d_min = d;
        b.worst_k = k;
        b.worst_s = s;
      }
    }
  b.beta = L / Interval(d_min, prec);
  return b;
}

// ---------------------------------------------------------------- eq. (12)

std::vector<mpq_class> moebius_inversion(const std::vector<mpq_class>& H, std::size_t n) {
  if (n > 24 || H.size() != (std::size_t(1) << n)) throw InputError("moebius_inversion: need 2^n values, n <= 24");
  std::vector<mpq_class> h = H;
  for (std::size_t bit = 1; bit < h.size(); bit <<= 1)
    for (std::size_t b = 0; b < h.size(); ++b)
      if (b & bit) h[b] -= h[b ^ bit];
  return h;
}

std::vector<mpq_class> zeta_transform(const std::vector<mpq_class>& h, std::size_t n) {
  if (n > 24 || h.size() != (std::size_t(1) << n)) throw InputError("zeta_transform: need 2^n values, n <= 24");
  std::vector<mpq_class> H = h;
  for (std::size_t bit = 1; bit < H.size(); bit <<= 1)
    for (std::size_t b = 0; b < H.size(); ++b)
      if (b & bit) H[b] += H[b ^ bit];
  return H;
}

std::vector<mpq_class> random_bit_function(std::size_t n, std::uint64_t seed) {
  if (n > 24) throw InputError("random_bit_function: n > 24");
  std::mt19937_64 rng(seed);
  std::vector<mpq_class> H(std::size_t(1) << n);
  for (mpq_class& v : H) {
    const long p = static_cast<long>(rng() % 201) - 100;
    const long q = static_cast<long>(rng() % 10) + 1;
    v = mpq_class(p, q);
    v.canonicalize();
  }
  return H;
}

ThreeLayerCheck three_layer_network_check(const std::vector<mpq_class>& H, std::size_t n, const mpq_class& beta) {
  if (n > 12) throw LimitError("three-layer network check limited to n <= 12");
  const std::vector<mpq_class> h = moebius_inversion(H, n);
  const mpfr_prec_t prec = 128;
  // A neuron's output depends on its argument -beta (|K| - 1/2 - |K & x|) only.
  std::map<std::pair<unsigned, unsigned>, Interval> out;
  for (unsigned k = 1; k <= n; ++k)
    for (unsigned s = 0; s <= k; ++s) {
      const mpq_class arg = -beta * (mpq_class(k) - mpq_class(1, 2) - mpq_class(s));
      out.emplace(std::make_pair(k, s), Interval(arg, prec).sigmoid());
    }
  ThreeLayerCheck c;
  c.neurons = h.size() - 1;
  c.max_error = Interval(prec);
  for (std::size_t x = 0; x < h.size(); ++x) {
    Interval value(h[0], prec);
    for (std::size_t K = 1; K < h.size(); ++K) {
      if (h[K] == 0) continue;
      const unsigned k = static_cast<unsigned>(__builtin_popcountll(K));
      const unsigned s = static_cast<unsigned>(__builtin_popcountll(K & x));
      value += Interval(h[K], prec) * out.at({k, s});
    }
    c.max_error = Interval::max(c.max_error, (value - Interval(H[x], prec)).abs());
  }
  mpq_class sum_abs = 0;
  for (std::size_t K = 1; K < h.size(); ++K) sum_abs += abs(h[K]);
  c.bound = Interval(sum_abs, prec) * Interval(-beta / 2, prec).sigmoid();
  return c;
}

// ---------------------------------------------------------------- eq. (27)

double eq27(std::size_t n, double p) { return -std::expm1(double(n) * std::log1p(-p * p)) / (2 * p); }

SparseMonteCarlo sparse_product_monte_carlo(std::size_t n, double p, unsigned trials, std::uint64_t seed) {
  if (n < 1 || n > 4096) throw InputError("sparse Monte Carlo: n must be in 1..4096");
  if (!(p > 0 && p < 1)) throw InputError("sparse Monte Carlo: p must be in (0, 1)");
  if (trials < 1 || trials > 100000) throw InputError("sparse Monte Carlo: trials must be in 1..100000");
  std::mt19937_64 rng(seed);
  const std::uint64_t threshold = static_cast<std::uint64_t>(std::ldexp(p, 64));
  const std::size_t words = (n + 63) / 64;
  SparseMonteCarlo r;
  double sum_f = 0, sum_ab = 0, sum_ratio = 0, sum_ratio2 = 0;
  std::vector<std::uint64_t> rows(n * words), cols(n * words);
  for (unsigned t = 0; t < trials; ++t) {
    std::fill(rows.begin(), rows.end(), 0);
    std::fill(cols.begin(), cols.end(), 0);
    std::uint64_t nnz_ab = 0;
    for (std::size_t i = 0; i < n; ++i)  // A, row major: rows[i] has bit k for A_ik
      for (std::size_t k = 0; k < n; ++k)
        if (rng() < threshold) {
          rows[i * words + k / 64] |= std::uint64_t(1) << (k % 64);
          ++nnz_ab;
        }
    for (std::size_t k = 0; k < n; ++k)  // B, row major: cols[j] has bit k for B_kj
      for (std::size_t j = 0; j < n; ++j)
        if (rng() < threshold) {
          cols[j * words + k / 64] |= std::uint64_t(1) << (k % 64);
          ++nnz_ab;
        }
    std::uint64_t nnz_f = 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        bool any = false;
        for (std::size_t w = 0; w < words && !any; ++w) any = (rows[i * words + w] & cols[j * words + w]) != 0;
        nnz_f += any;
      }
    sum_f += double(nnz_f);
    sum_ab += double(nnz_ab);
    if (nnz_ab > 0) {
      const double q = double(nnz_f) / double(nnz_ab);
      sum_ratio += q;
      sum_ratio2 += q * q;
    }
  }
  r.trials = trials;
  r.ratio = sum_ab > 0 ? sum_f / sum_ab : 0;
  r.mean_ratio = sum_ratio / trials;
  const double var = trials > 1 ? (sum_ratio2 - trials * r.mean_ratio * r.mean_ratio) / (trials - 1) : 0;
  r.std_error = std::sqrt(std::max(var, 0.0) / trials);
  return r;
}

std::uint64_t product_nonzeros_literal(const std::vector<std::vector<int>>& A, const std::vector<std::vector<int>>& B) {
  std::uint64_t nnz = 0;
  for (std::size_t i = 0; i < A.size(); ++i)
    for (std::size_t j = 0; j < B[0].size(); ++j) {
      long s = 0;
      for (std::size_t k = 0; k < B.size(); ++k) s += long(A[i][k]) * B[k][j];
      nnz += s != 0;
    }
  return nnz;
}

// ---------------------------------------------------------------- low rank

LowRankCheck low_rank_check(std::size_t n, std::size_t k, std::uint64_t seed) {
  if (n < 1 || n > 512 || k < 1 || k > n) throw InputError("low-rank check: need 1 <= k <= n <= 512");
  std::mt19937_64 rng(seed);
  // Nonzero entries in [-2^20, 2^20]: an entry of BC vanishes with probability
  // about 2^-21, so A is dense (n^2 nonzeros) in practice; nnz(A) is counted.
  auto entry = [&] {
    long v = 0;
    while (v == 0) v = static_cast<long>(rng() % ((1ul << 21) + 1)) - (1l << 20);
    return v;
  };
  std::vector<long> B(n * k), C(k * n);
  for (long& v : B) v = entry();
  for (long& v : C) v = entry();
  FmpzMat A(static_cast<slong>(n), static_cast<slong>(n));
  LowRankCheck r;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      long s = 0;
      for (std::size_t t = 0; t < k; ++t) s += B[i * k + t] * C[t * n + j];
      fmpz_set_si(A.entry(static_cast<slong>(i), static_cast<slong>(j)), s);
      r.flat_synapses += s != 0;
    }
  r.deep_synapses = static_cast<std::uint64_t>(std::count_if(B.begin(), B.end(), [](long v) { return v != 0; }) +
                                               std::count_if(C.begin(), C.end(), [](long v) { return v != 0; }));
  r.rank = rank_exact(A, seed).rank;
  r.cost = mpq_class(static_cast<unsigned long>(r.flat_synapses), static_cast<unsigned long>(r.deep_synapses));
  r.cost.canonicalize();
  return r;
}

// ---------------------------------------------------------------- FWHT

FwhtCheck fwht_check(unsigned log2n) {
  if (log2n < 1 || log2n > 11) throw InputError("fwht_check: log2 n must be in 1..11");
  const std::size_t n = std::size_t(1) << log2n;
  // M = F_L ... F_1 applied to the identity, column by column.
  std::vector<std::int64_t> M(n * n, 0);
  for (std::size_t i = 0; i < n; ++i) M[i * n + i] = 1;
  FwhtCheck c;
  for (unsigned h = 0; h < log2n; ++h) {
    const std::size_t bit = std::size_t(1) << h;
    c.deep_synapses += 2 * n;  // each output row of the butterfly reads two inputs
    std::vector<std::int64_t> next(n * n);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t col = 0; col < n; ++col) {
        const std::int64_t a = M[(i & ~bit) * n + col], b = M[(i | bit) * n + col];
        next[i * n + col] = (i & bit) ? a - b : a + b;
      }
    M = std::move(next);
  }
  c.product_is_hadamard = true;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      c.flat_synapses += M[i * n + j] != 0;
      const std::int64_t want = (__builtin_popcountll(i & j) % 2) ? -1 : 1;
      c.product_is_hadamard = c.product_is_hadamard && M[i * n + j] == want;
    }
  return c;
}

// ---------------------------------------------------------------- small counts

unsigned smallest_n_with_power_of_two_above(unsigned decimal_exponent) {
  mpz_class ten;
  mpz_ui_pow_ui(ten.get_mpz_t(), 10, decimal_exponent);
  unsigned n = 0;
  mpz_class p = 1;
  while (p <= ten) {
    p <<= 1;
    ++n;
  }
  return n;
}

std::uint64_t count_monomials_by_enumeration(unsigned n, unsigned d) {
  if (n == 0) return 1;
  if (std::pow(double(d) + 1, double(n)) > 1e7)
    throw InputError("count_monomials_by_enumeration: (d + 1)^n exceeds 10^7");
  std::vector<unsigned> r(n, 0);
  std::uint64_t count = 0;
  for (;;) {
    unsigned s = 0;
    for (unsigned v : r) s += v;
    if (s <= d) ++count;
    // Odometer over {0..d}^n.
    std::size_t i = 0;
    while (i < n && r[i] == d) r[i++] = 0;
    if (i == n) break;
    ++r[i];
  }
  return count;
}

}  // namespace nf
