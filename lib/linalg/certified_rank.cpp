#include "linalg/certified_rank.hpp"

#include <random>
#include <unordered_set>

#include <flint/fmpq.h>
#include <flint/ulong_extras.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <map>
#include <ostream>
#include <sstream>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/rational.hpp"
#include "linalg/modular_rank.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"
#include "model/integer_network.hpp"
#include "poly/prime_field.hpp"
#include "poly/structured.hpp"

namespace nf {

std::string to_string(RankEngine e) {
  switch (e) {
    case RankEngine::Dense: return "dense";
    case RankEngine::Structured: return "structured";
    case RankEngine::Flint: return "flint";
  }
  return "dense";
}

RankEngine parse_rank_engine(const std::string& name) {
  if (name == "dense") return RankEngine::Dense;
  if (name == "structured") return RankEngine::Structured;
  if (name == "flint") return RankEngine::Flint;
  throw InputError("unknown rank engine '" + name + "': expected dense, structured or flint");
}

double dense_rank_bytes(std::uint64_t rows, std::uint64_t m) {
  return static_cast<double>(rows) * static_cast<double>(m) * 4.0 * 1.25 + static_cast<double>(m) * 64.0;
}

double dense_rank_double_bytes(std::uint64_t rows, std::uint64_t m) {
  return static_cast<double>(rows) * static_cast<double>(m) * 8.0 * 1.25 + static_cast<double>(m) * 64.0;
}

namespace {

using Clock = std::chrono::steady_clock;

// Primes in [2^19, 2^20): FFLAS delays the reductions of its BLAS products
// over about 2^53 / p^2 terms, so small primes spend least time reducing.
constexpr unsigned kRankPrimeBits = 20;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }


// Neurons whose input weights (on the rows that enter A) repeat an earlier
// neuron's: representative[j] = the first neuron with the same column.
std::vector<std::uint64_t> column_representatives(const Network& net, const Target& target) {
  const std::size_t n = net.inputs(), m = net.neurons();
  std::vector<std::size_t> used;
  for (std::size_t h = 0; h < n; ++h)
    if (target.r[h] > 0) used.push_back(h);
  std::map<std::vector<std::uint32_t>, std::uint64_t> first;
  std::vector<std::uint64_t> rep(m);
  std::vector<std::uint32_t> key(used.size());
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t u = 0; u < used.size(); ++u) key[u] = net.row(used[u]).code(j);
    rep[j] = first.emplace(key, j).first->second;
  }
  return rep;
}

// The network restricted to the neurons `keep` (in that order); w is not needed by A.
Network select_columns(const Network& net, const std::vector<std::uint64_t>& keep) {
  std::vector<CodedRow> rows;
  for (std::size_t h = 0; h < net.inputs(); ++h) {
    const CodedRow& row = net.row(h);
    rows.push_back(CodedRow::from_codes(row.dictionary(), keep.size(), [&](std::size_t t) { return row.code(keep[t]); }));
  }
  return Network(net.inputs(), keep.size(), std::move(rows), CodedRow(std::vector<mpq_class>(keep.size(), 1)));
}

std::vector<std::uint64_t> primes62(std::size_t count) {
  std::vector<std::uint64_t> ps;
  for (std::size_t k = 0; k < count; ++k) ps.push_back(n_nextprime((ulong(1) << 62) - (ulong(k) + 1) * (ulong(1) << 32), 1));
  return ps;
}

std::size_t primes62_for(const mpz_class& bound) {
  return (mpz_sizeinbase(bound.get_mpz_t(), 2) + 1) / 61 + 1;  // product of k such primes exceeds 2^(61 k)
}

// Depth-first walk over the rows s <= r of A (multisets of variables with
// multiplicity at most r_h), with the entries prod_h A_int[h][J[t]]^s_h mod q
// of each row on the columns J: visit(row_number, values).
class RowWalk {
 public:
  RowWalk(const IntegerNetwork& in, const Target& target, const std::vector<std::uint64_t>& J, std::uint64_t q)
      : target_(target), J_(J), q_(q), qinv_(n_preinvert_limb(q)), s_(target.r.size(), 0) {
    const std::size_t n = target.r.size();
    a_.assign(n, std::vector<std::uint64_t>(J.size()));
    for (std::size_t h = 0; h < n; ++h) {
      std::vector<std::uint64_t> dict;
      for (const mpz_class& v : in.row_values[h]) dict.push_back(mpz_fdiv_ui(v.get_mpz_t(), q));
      for (std::size_t t = 0; t < J.size(); ++t) a_[h][t] = dict[in.net->row(h).code(J[t])];
    }
    stride_.assign(n, 1);
    for (std::size_t h = 1; h < n; ++h) stride_[h] = stride_[h - 1] * (target.r[h - 1] + 1ull);
    stack_.assign(target.degree() + 1, std::vector<std::uint64_t>(J.size(), 1));
  }
  template <class Visit>
  void run(const Visit& visit) {
    descend(0, 0, 0, visit);
  }

 private:
  template <class Visit>
  void descend(unsigned depth, std::size_t first, std::uint64_t row, const Visit& visit) {
    visit(row, stack_[depth]);
    for (std::size_t h = first; h < s_.size(); ++h) {
      if (s_[h] == target_.r[h]) continue;
      const std::vector<std::uint64_t>& parent = stack_[depth];
      std::vector<std::uint64_t>& child = stack_[depth + 1];
      for (std::size_t t = 0; t < J_.size(); ++t) child[t] = n_mulmod2_preinv(parent[t], a_[h][t], q_, qinv_);
      ++s_[h];
      descend(depth + 1, h, row + stride_[h], visit);
      --s_[h];
    }
  }

  const Target& target_;
  const std::vector<std::uint64_t>& J_;
  std::uint64_t q_, qinv_;
  std::vector<unsigned> s_;
  std::vector<std::uint64_t> stride_;
  std::vector<std::vector<std::uint64_t>> a_, stack_;
};

// max_s prod_h max(1, max_j |A_int[h][j]|)^s_h = the same with s = r.
mpz_class largest_entry_bound(const IntegerNetwork& in, const Target& target) {
  mpz_class b = 1;
  for (std::size_t h = 0; h < target.r.size(); ++h) {
    mpz_class mh = std::max(mpz_class(1), in.row_max_abs(h)), p;
    mpz_pow_ui(p.get_mpz_t(), mh.get_mpz_t(), target.r[h]);
    b *= p;
  }
  return b;
}

// Integer multiples of rational vectors: u = L v with L the lcm of the denominators.
std::vector<std::pair<std::uint64_t, mpz_class>> clear_denominators(const std::vector<std::pair<std::uint64_t, mpq_class>>& v) {
  mpz_class L = 1;
  for (const auto& e : v) mpz_lcm(L.get_mpz_t(), L.get_mpz_t(), e.second.get_den_mpz_t());
  std::vector<std::pair<std::uint64_t, mpz_class>> u;
  for (const auto& e : v) u.emplace_back(e.first, e.second.get_num() * (L / e.second.get_den()));
  return u;
}

// A v = 0 exactly for every vector (indices are neurons of `net`).
bool check_right_kernel(const Network& net, const Target& target, const std::vector<KernelVector>& vectors,
                        const ResourceLimits& limits) {
  if (vectors.empty()) return true;
  const IntegerNetwork in = integerize(net, limits.max_memory_bytes);
  std::vector<std::uint64_t> J;
  for (const KernelVector& v : vectors)
    for (const auto& e : v.entries) J.push_back(e.first);
  std::sort(J.begin(), J.end());
  J.erase(std::unique(J.begin(), J.end()), J.end());
  std::vector<std::vector<std::pair<std::size_t, mpz_class>>> u;  // (position in J, integer value)
  mpz_class norm = 0;
  for (const KernelVector& v : vectors) {
    std::vector<std::pair<std::size_t, mpz_class>> cur;
    mpz_class l1 = 0;
    for (auto& [j, x] : clear_denominators(v.entries)) {
      cur.emplace_back(static_cast<std::size_t>(std::lower_bound(J.begin(), J.end(), j) - J.begin()), x);
      l1 += abs(x);
    }
    if (l1 > norm) norm = l1;
    u.push_back(std::move(cur));
  }
  // |(A_int u)_s| <= max entry * ||u||_1: residues modulo primes whose product exceeds twice that decide.
  const std::vector<std::uint64_t> qs = primes62(primes62_for(largest_entry_bound(in, target) * norm));
  for (std::uint64_t q : qs) {
    const ulong qinv = n_preinvert_limb(q);
    std::vector<std::vector<std::pair<std::size_t, std::uint64_t>>> um(u.size());
    for (std::size_t t = 0; t < u.size(); ++t)
      for (const auto& [pos, x] : u[t]) um[t].emplace_back(pos, mpz_fdiv_ui(x.get_mpz_t(), q));
    bool ok = true;
    RowWalk(in, target, J, q).run([&](std::uint64_t, const std::vector<std::uint64_t>& vals) {
      if (!ok) return;
      for (const auto& vec : um) {
        ulong acc = 0;
        for (const auto& [pos, x] : vec) acc = n_addmod(acc, n_mulmod2_preinv(vals[pos], x, q, qinv), q);
        if (acc != 0) ok = false;
      }
    });
    if (!ok) return false;
  }
  return true;
}

// y^T A = 0 exactly for every vector (indices are rows of A).
bool check_left_kernel(const Network& net, const Target& target, const std::vector<KernelVector>& vectors,
                       const ResourceLimits& limits) {
  if (vectors.empty()) return true;
  const IntegerNetwork in = integerize(net, limits.max_memory_bytes);
  const std::size_t m = net.neurons();
  std::vector<std::uint64_t> J(m);
  for (std::size_t j = 0; j < m; ++j) J[j] = j;
  // Row s of the integer matrix is row s of A times D^s = prod_h D_h^s_h, so
  // y^T A = 0 iff sum_s (y_s / D^s) A_int[s] = 0.
  std::vector<std::map<std::uint64_t, mpz_class>> z(vectors.size());
  mpz_class norm = 0;
  for (std::size_t t = 0; t < vectors.size(); ++t) {
    std::vector<std::pair<std::uint64_t, mpq_class>> scaled;
    for (const auto& [row, y] : vectors[t].entries) {
      const Exponents s = subset_row_exponents(target, row);
      mpz_class D = 1;
      for (std::size_t h = 0; h < s.size(); ++h) {
        mpz_class p;
        mpz_pow_ui(p.get_mpz_t(), in.row_den[h].get_mpz_t(), s[h]);
        D *= p;
      }
      mpq_class q = y / D;
      scaled.emplace_back(row, q);
    }
    mpz_class l1 = 0;
    for (auto& [row, x] : clear_denominators(scaled)) {
      l1 += abs(x);
      z[t].emplace(row, x);
    }
    if (l1 > norm) norm = l1;
  }
  const std::vector<std::uint64_t> qs = primes62(primes62_for(largest_entry_bound(in, target) * norm));
  for (std::uint64_t q : qs) {
    const ulong qinv = n_preinvert_limb(q);
    std::vector<std::map<std::uint64_t, std::uint64_t>> zm(z.size());
    for (std::size_t t = 0; t < z.size(); ++t)
      for (const auto& [row, x] : z[t]) zm[t].emplace(row, mpz_fdiv_ui(x.get_mpz_t(), q));
    std::vector<std::vector<std::uint64_t>> acc(z.size(), std::vector<std::uint64_t>(m, 0));
    RowWalk(in, target, J, q).run([&](std::uint64_t row, const std::vector<std::uint64_t>& vals) {
      for (std::size_t t = 0; t < zm.size(); ++t) {
        auto it = zm[t].find(row);
        if (it == zm[t].end() || it->second == 0) continue;
        for (std::size_t j = 0; j < m; ++j)
          acc[t][j] = n_addmod(acc[t][j], n_mulmod2_preinv(vals[j], it->second, q, qinv), q);
      }
    });
    for (const auto& a : acc)
      for (std::uint64_t x : a)
        if (x != 0) return false;
  }
  return true;
}

// The indices in [0, total) that are not in `pivots`, increasing.
std::vector<std::uint64_t> non_pivots(std::uint64_t total, const std::vector<std::uint64_t>& pivots) {
  std::vector<char> is_pivot(total, 0);
  for (std::uint64_t x : pivots) is_pivot[x] = 1;
  std::vector<std::uint64_t> free;
  for (std::uint64_t x = 0; x < total; ++x)
    if (!is_pivot[x]) free.push_back(x);
  return free;
}

// How many primes the kernel may need and what each costs.  Hadamard bound on
// the minors of the r x r systems (integer-scaled rows): numerators and
// denominators of X are at most H = (sqrt(r) max|A_int|)^r, so 2 log2 H + 2
// bits of modulus suffice.  Each prime costs about rows * m (building A) + r^3
// (the solve) operations, plus reducing every input weight modulo it.
struct KernelPrimeBudget {
  std::size_t max_primes = 0;
  double per_prime = 0;
};

KernelPrimeBudget kernel_prime_budget(const Network& net, const Target& target, std::uint64_t r,
                                      const ResourceLimits& limits) {
  const std::uint64_t M = subset_matrix_rows(target), N = net.neurons();
  const IntegerNetwork in = integerize(net, limits.max_memory_bytes);
  const double log2_entry = static_cast<double>(mpz_sizeinbase(largest_entry_bound(in, target).get_mpz_t(), 2));
  const double log2_H = static_cast<double>(r) * (0.5 * std::log2(static_cast<double>(std::max<std::uint64_t>(r, 1))) + log2_entry);
  KernelPrimeBudget b;
  b.max_primes = static_cast<std::size_t>((2.0 * log2_H + 2.0) / 19.0) + 2;
  b.per_prime = static_cast<double>(M) * static_cast<double>(N) + std::pow(static_cast<double>(r), 3.0) +
                static_cast<double>(in.n) * static_cast<double>(N) * (1.0 + log2_entry / 64.0);
  return b;
}

// The system C X = F modulo a prime, from A (row-major, N columns): C =
// A[rows, cols] and F = A[rows, free] (right kernel), or C = A[rows, cols]^T
// and F = A[free, cols]^T (left kernel).  C is r x r, F is r x k.
void kernel_system(const HugeBuffer<double>& A, std::uint64_t N, const ModularRankProfile& profile, bool left,
                   const std::vector<std::uint64_t>& free, std::vector<double>& C, std::vector<double>& F) {
  const std::size_t r = profile.rank, k = free.size();
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t c = 0; c < r; ++c)
      C[i * r + c] = left ? A[profile.rows[c] * N + profile.cols[i]] : A[profile.rows[i] * N + profile.cols[c]];
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t t = 0; t < k; ++t)
      F[i * k + t] = left ? A[free[t] * N + profile.cols[i]] : A[profile.rows[i] * N + free[t]];
}

// Chinese remaindering of -X (X = F modulo q) into crt modulo Q; Q becomes Q q.
// Precondition: gcd(Q, q) = 1.
void accumulate_crt(std::vector<mpz_class>& crt, mpz_class& Q, const std::vector<double>& F, std::uint32_t q) {
  const std::uint64_t Qq = mpz_fdiv_ui(Q.get_mpz_t(), q), Qinv = inverse_mod(Qq, q);
  for (std::size_t e = 0; e < crt.size(); ++e) {
    const std::uint64_t want = (q - static_cast<std::uint64_t>(F[e])) % q;  // entries of -X
    const std::uint64_t have = mpz_fdiv_ui(crt[e].get_mpz_t(), q);
    const std::uint64_t c = (want + q - have) % q * Qinv % q;
    if (c) crt[e] += Q * static_cast<unsigned long>(c);
  }
  Q *= q;
}

// The kernel vectors, one per free index t: 1 at free[t], the rational
// reconstruction of crt[i k + t] modulo Q at piv[i] (with a running common
// denominator per vector), entries sorted by index.  Returns false when some
// entry does not reconstruct.
bool reconstruct_kernel(const std::vector<mpz_class>& crt, const mpz_class& Q, const std::vector<std::uint64_t>& free,
                        const std::vector<std::uint64_t>& piv, std::size_t r, std::vector<KernelVector>& candidate) {
  const std::size_t k = free.size();
  candidate.assign(k, KernelVector{});
  Fmpz a, modulus(Q);
  Fmpq f;
  for (std::size_t t = 0; t < k; ++t) {
    mpz_class L = 1;
    KernelVector& v = candidate[t];
    v.pivot = free[t];
    std::vector<std::pair<std::uint64_t, mpq_class>> entries{{free[t], mpq_class(1)}};
    for (std::size_t i = 0; i < r; ++i) {
      mpz_class x = crt[i * k + t] * L % Q;
      if (x == 0) continue;
      fmpz_set_mpz(a.get(), x.get_mpz_t());
      if (!fmpq_reconstruct_fmpz(f.get(), a.get(), modulus.get())) return false;
      mpq_class value = f.to_mpq() / L;
      L *= f.to_mpq().get_den();
      entries.emplace_back(piv[i], value);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    v.entries = std::move(entries);
  }
  return true;
}

bool same_kernel(const std::vector<KernelVector>& a, const std::vector<KernelVector>& b) {
  bool same = a.size() == b.size();
  for (std::size_t t = 0; same && t < a.size(); ++t) same = a[t].entries == b[t].entries;
  return same;
}

// Exact kernel vectors of A' (the network `net`) with pivots (rows, cols) of
// rank r: right side (free columns) or left side (free rows).  Solves modulo
// primes, reconstructs, checks exactly.  Returns false when the vectors do
// not check out within the Hadamard-bound number of primes or after they
// stabilize (then the modular rank was below the rational one), or when the
// next prime would pass limits.max_work (then over_budget is set).
bool exact_kernel(const Network& net, const Target& target, const ModularRankProfile& profile, bool left,
                  std::uint64_t seed, unsigned threads, const ResourceLimits& limits, std::vector<KernelVector>& out,
                  std::size_t& primes_used, bool& over_budget) {
  const std::uint64_t N = net.neurons(), r = profile.rank;
  const std::vector<std::uint64_t>& piv = left ? profile.rows : profile.cols;  // pivots on the kernel's side
  const std::vector<std::uint64_t> free = non_pivots(left ? subset_matrix_rows(target) : N, piv);
  const std::size_t k = free.size();
  out.clear();
  if (k == 0) return true;
  const KernelPrimeBudget budget = kernel_prime_budget(net, target, r, limits);
  std::vector<mpz_class> crt(r * k, 0);
  mpz_class Q = 1;
  std::vector<KernelVector> previous, candidate;
  HugeBuffer<double> A;
  std::vector<double> C(r * r), F(r * k);
  std::size_t used = 0;
  std::set<std::uint32_t> primes_seen;  // distinct primes only: Q must stay invertible modulo the next one
  over_budget = false;
  for (std::uint64_t index = 0; used < budget.max_primes; ++index) {
    if ((static_cast<double>(used) + 1.0) * budget.per_prime > limits.max_work) {
      over_budget = true;
      return false;
    }
    const std::uint32_t q = seeded_prime(kRankPrimeBits, seed ^ 0x5bd1e995ull, index);
    if (!primes_seen.insert(q).second) continue;
    if (!subset_matrix_mod(net, target, q, A, threads)) continue;
    kernel_system(A, N, profile, left, free, C, F);
    if (!modular_solve(q, r, k, C.data(), F.data(), threads)) continue;  // q divides the pivot minor
    ++used;
    accumulate_crt(crt, Q, F, q);
    // Reconstruct only after 1, 2, 4, 8, ... primes (and at the last one):
    // reconstruction costs grow with Q, so this keeps the total within a
    // constant factor of the final attempt instead of quadratic in the primes.
    if (used < budget.max_primes && (used & (used - 1)) != 0) continue;
    if (!reconstruct_kernel(crt, Q, free, piv, r, candidate)) continue;
    const bool ok = left ? check_left_kernel(net, target, candidate, limits)
                         : check_right_kernel(net, target, candidate, limits);
    if (ok) {
      out = std::move(candidate);
      primes_used = used;
      return true;
    }
    // A reconstruction that repeats with more primes yet fails the exact
    // check solves the pivot rows exactly: the modular rank was too small.
    if (same_kernel(previous, candidate)) return false;
    previous = std::move(candidate);
  }
  return false;
}

CertifiedRank structured(const Network& net, const Target& target, bool keep, bool& applies, std::string& why) {
  CertifiedRank out;
  out.rows = subset_matrix_rows(target);
  out.cols = net.neurons();
  out.engine = RankEngine::Structured;
  const auto start = Clock::now();
  std::uint64_t rank = 0;
  applies = structured_rank(net, target, rank, why);
  if (!applies) return out;
  out.rank = rank;
  out.certified = true;
  out.rank_seconds = seconds_since(start);
  out.method = "structured: every row h of a takes at most r_h + 1 values, so A = K E with K a Kronecker product of "
               "full-column-rank Vandermonde factors and rank A = the number of distinct value patterns (" +
               std::to_string(rank) + ")";
  if (keep) {
    RankCertificate cert;
    cert.kind = RankCertificate::Kind::Patterns;
    cert.rows = out.rows;
    cert.cols = out.cols;
    cert.rank = rank;
    out.certificate = std::move(cert);
  }
  return out;
}

CertifiedRank flint_rank(const Network& net, const Target& target, const ResourceLimits& limits) {
  CertifiedRank out;
  out.rows = subset_matrix_rows(target);
  out.cols = net.neurons();
  out.engine = RankEngine::Flint;
  const auto start = Clock::now();
  FmpzMat A = subset_matrix_integer(net, target, limits.max_memory_bytes);
  RankResult r = rank_exact(A);
  out.rank = r.rank;
  out.certified = true;
  out.method = "flint: " + r.method;
  out.rank_seconds = seconds_since(start);
  return out;
}

// A prime and the PLUQ profile of A' modulo it.
struct PrimeProfile {
  std::uint32_t p = 0;
  ModularRankProfile profile;
};

std::string field_name(std::uint32_t p) {
  return p < kSmallRankPrimeLimit ? "ModularBalanced<float> on BLAS sgemm" : "ModularBalanced<double> on BLAS dgemm";
}

// A' (the network `net`, M rows) modulo the first seeded prime of `bits`
// bits at index first, first + 1, ... (before `last`) that divides no
// denominator of a, held as T (float: the small-prime field; double: the
// 20-bit one), and its PLUQ profile; nothing when every one divides one.
template <class T>
std::optional<PrimeProfile> prime_profile(const Network& net, const Target& target, std::uint64_t M, unsigned bits,
                                          std::uint64_t seed, std::uint64_t first, std::uint64_t last,
                                          unsigned threads) {
  HugeBuffer<T> A;
  for (std::uint64_t index = first; index < last; ++index) {
    const std::uint32_t p = seeded_prime(bits, seed, index);
    if (subset_matrix_mod(net, target, p, A, threads))
      return PrimeProfile{p, modular_rank_profile(p, M, net.neurons(), A.data(), threads)};
  }
  return std::nullopt;
}

// The float field: 64 primes of kSmallRankPrimeBits bits at most.
std::optional<PrimeProfile> small_prime_profile(const Network& net, const Target& target, std::uint64_t M,
                                                std::uint64_t seed, unsigned threads) {
  return prime_profile<float>(net, target, M, kSmallRankPrimeBits, seed ^ 0x2545f4914f6cdd1dull, 0, 64, threads);
}

// The double field: kRankPrimeBits primes from index 1000 attempt on (there
// are about 37,000 such primes, so one divides no denominator of a stored network).
PrimeProfile rank_prime_profile(const Network& net, const Target& target, std::uint64_t M, const RankOptions& opts,
                                std::uint64_t attempt) {
  const std::optional<PrimeProfile> found = prime_profile<double>(net, target, M, kRankPrimeBits, opts.seed,
                                                                  attempt * 1000, std::numeric_limits<std::uint64_t>::max(), opts.threads);
  if (!found) throw InternalError("dense rank: no prime of the double field divides no denominator of a");
  return *found;
}

// A wide A (m much larger than its 2^|r| rows, as in a trained network)
// usually has full row rank, and then a few random columns show it: a
// nonzero M x M minor modulo p among them is a nonzero minor of A over Q
// (lower bound M), and M rows bound the rank from above.  Returns nothing
// when the sample has lower rank (the caller then reduces the whole matrix).
std::optional<CertifiedRank> sampled_full_row_rank(const Network& net, const Target& target, const RankOptions& opts) {
  const std::uint64_t M = subset_matrix_rows(target), N = net.neurons();
  const std::uint64_t sample_size = 2 * M + 16;
  if (N < 4 * sample_size) return std::nullopt;
  const auto start = Clock::now();
  std::mt19937_64 rng(opts.seed ^ 0x9e3779b97f4a7c15ull);
  std::vector<std::uint64_t> sample;
  std::unordered_set<std::uint64_t> chosen;
  while (sample.size() < sample_size) {
    const std::uint64_t j = rng() % N;
    if (chosen.insert(j).second) sample.push_back(j);
  }
  // The sampled columns with their own (small) dictionaries.
  std::vector<CodedRow> rows;
  for (std::size_t h = 0; h < net.inputs(); ++h) {
    std::vector<mpq_class> values;
    for (std::uint64_t j : sample) values.push_back(net.a(h, j));
    rows.emplace_back(values);
  }
  const Network columns(net.inputs(), sample_size, std::move(rows), CodedRow(std::vector<mpq_class>(sample_size, 1)));
  // A small prime first (float field); a 20-bit one when it falls short.
  std::optional<PrimeProfile> found = small_prime_profile(columns, target, M, opts.seed, opts.threads);
  if (!found || found->profile.rank < M) found = rank_prime_profile(columns, target, M, opts, 0);
  if (found->profile.rank < M) return std::nullopt;
  const std::uint32_t p = found->p;
  const ModularRankProfile& profile = found->profile;
  CertifiedRank out;
  out.rows = M;
  out.cols = N;
  out.rank = M;
  out.certified = true;
  out.engine = RankEngine::Dense;
  std::ostringstream method;
  method << "dense: " << sample_size << " random columns of " << N << ", PLUQ modulo p = " << p
         << " (FFLAS-FFPACK, " << field_name(p) << "): a nonzero " << M << " x " << M
         << " minor mod p (lower bound); rank <= rows (upper bound): full row rank";
  out.method = method.str();
  if (opts.keep_certificate) {
    RankCertificate cert;
    cert.kind = RankCertificate::Kind::Minor;
    cert.rows = M;
    cert.cols = N;
    cert.rank = M;
    cert.prime = p;
    cert.minor_rows = profile.rows;
    for (std::uint64_t c : profile.cols) cert.minor_cols.push_back(sample[c]);
    out.certificate = std::move(cert);
  }
  out.rank_seconds = seconds_since(start);
  return out;
}

// Repeated neurons (equal columns of A'): each gives the exact kernel vector
// e_j - e_rep(j); `keep` lists the first column of each class, increasing.
struct RepeatedNeurons {
  std::vector<std::uint64_t> keep;
  std::vector<KernelVector> repeats;
};

RepeatedNeurons repeated_neurons(const Network& net, const Target& target) {
  const std::vector<std::uint64_t> rep = column_representatives(net, target);
  RepeatedNeurons out;
  for (std::uint64_t j = 0; j < net.neurons(); ++j) {
    if (rep[j] == j) {
      out.keep.push_back(j);
    } else {
      KernelVector v;
      v.pivot = j;
      v.entries = {{rep[j], mpq_class(-1)}, {j, mpq_class(1)}};
      out.repeats.push_back(std::move(v));
    }
  }
  return out;
}

// The lower-bound half: a nonzero r x r minor modulo p, its columns mapped
// back from the reduced network through `keep`.
RankCertificate minor_certificate(std::uint64_t M, std::uint64_t N, std::uint32_t p,
                                  const ModularRankProfile& profile, const std::vector<std::uint64_t>& keep) {
  RankCertificate cert;
  cert.kind = RankCertificate::Kind::Minor;
  cert.rows = M;
  cert.cols = N;
  cert.rank = profile.rank;
  cert.prime = p;
  cert.minor_rows = profile.rows;
  for (std::uint64_t c : profile.cols) cert.minor_cols.push_back(keep[c]);
  return cert;
}

enum class UpperBound { Certified, Failed, OverBudget };

// The upper-bound half from exact kernel vectors of the reduced network, on
// the side with fewer of them; right-side vectors are mapped back through
// `keep` and preceded by the repeats.  Appends to `method` what it proved.
UpperBound kernel_upper_bound(const Network& reduced, const Target& target, const ModularRankProfile& profile,
                              const RepeatedNeurons& rn, const RankOptions& opts, std::uint64_t attempt,
                              RankCertificate& cert, std::ostringstream& method) {
  const std::uint64_t r = profile.rank;
  const bool left = cert.rows - r < cert.cols - r;
  std::vector<KernelVector> vectors;
  std::size_t primes = 0;
  bool over_budget = false;
  const bool found = exact_kernel(reduced, target, profile, left, opts.seed + attempt, opts.threads, opts.limits,
                                  vectors, primes, over_budget);
  if (over_budget) return UpperBound::OverBudget;
  if (!found) return UpperBound::Failed;
  cert.side = left ? RankCertificate::Side::Left : RankCertificate::Side::Right;
  if (!left) {
    for (KernelVector& v : vectors) {
      v.pivot = rn.keep[v.pivot];
      for (auto& e : v.entries) e.first = rn.keep[e.first];
    }
    // Repeats first: the solved vectors vanish at their pivots (repeated neurons).
    vectors.insert(vectors.begin(), rn.repeats.begin(), rn.repeats.end());
  }
  cert.kernel = std::move(vectors);
  method << "; " << cert.kernel.size() << " exact " << (left ? "left" : "right")
         << " kernel vectors in echelon form (" << primes << " primes, Chinese remaindering and rational "
         << "reconstruction, checked exactly against A) (upper bound)";
  return UpperBound::Certified;
}

// The upper-bound half: rank = min(rows, m), or full column rank once the
// repeats are removed (they span the rest), or exact kernel vectors.
UpperBound upper_bound(const Network& reduced, const Target& target, const ModularRankProfile& profile,
                       const RepeatedNeurons& rn, const RankOptions& opts, std::uint64_t attempt, RankCertificate& cert,
                       std::ostringstream& method) {
  const std::uint64_t r = profile.rank;
  if (r == std::min(cert.rows, cert.cols)) {
    method << "; rank = min(rows, m) (upper bound)";
    return UpperBound::Certified;
  }
  if (r == rn.keep.size()) {
    cert.side = RankCertificate::Side::Right;
    cert.kernel = rn.repeats;
    method << "; " << rn.repeats.size() << " repeated neuron(s) give exact kernel vectors e_j - e_j' (upper bound)";
    return UpperBound::Certified;
  }
  return kernel_upper_bound(reduced, target, profile, rn, opts, attempt, cert, method);
}

// Certifies the profile of A' modulo p (the network `reduced`): the minor
// for the lower bound, then the upper bound.  Fills `out` and returns true
// when certified or over the work limit (then out.certified is false);
// returns false when the kernel vectors failed (try another prime).
bool certify_profile(const Network& reduced, const Target& target, const PrimeProfile& found,
                     const RepeatedNeurons& rn, const RankOptions& opts, std::uint64_t attempt,
                     Clock::time_point start, CertifiedRank& out) {
  const std::uint64_t r = found.profile.rank;
  out.rank_seconds = seconds_since(start);
  const auto cert_start = Clock::now();
  RankCertificate cert = minor_certificate(out.rows, out.cols, found.p, found.profile, rn.keep);
  std::ostringstream method;
  method << "dense: PLUQ modulo p = " << found.p << " (FFLAS-FFPACK, " << field_name(found.p) << ") gives rank " << r
         << ", a nonzero " << r << " x " << r << " minor mod p (lower bound)";
  const UpperBound upper = upper_bound(reduced, target, found.profile, rn, opts, attempt, cert, method);
  out.certificate_seconds = seconds_since(cert_start);
  if (upper == UpperBound::Failed) return false;
  out.rank = r;
  out.certified = upper == UpperBound::Certified;
  out.method = method.str();
  if (!out.certified) {
    out.method += "; the exact kernel vectors for the upper bound would exceed the work limit (raise it with "
                  "--max-work): rank >= " + std::to_string(r) + " is proven, rank <= " + std::to_string(r) + " is not";
    return true;
  }
  if (opts.keep_certificate) out.certificate = std::move(cert);
  out.rank_seconds = seconds_since(start) - out.certificate_seconds;
  return true;
}

// PLUQ modulo a small prime first (float field, the fastest): its rank is
// final whenever it needs no kernel vectors (full row rank, or full column
// rank once repeated neurons are set aside).  Otherwise, or when it falls
// short, up to 8 primes of kRankPrimeBits bits in doubles, whose rank the
// exact kernel vectors certify.
CertifiedRank dense(const Network& net, const Target& target, const RankOptions& opts) {
  CertifiedRank out;
  const std::uint64_t M = subset_matrix_rows(target), N = net.neurons();
  out.rows = M;
  out.cols = N;
  out.engine = RankEngine::Dense;
  const auto start = Clock::now();
  const RepeatedNeurons rn = repeated_neurons(net, target);
  const Network reduced = rn.repeats.empty() ? net : select_columns(net, rn.keep);
  const std::optional<PrimeProfile> fast = small_prime_profile(reduced, target, M, opts.seed, opts.threads);
  if (fast) {
    const std::uint64_t r = fast->profile.rank;
    if ((r == M || r == rn.keep.size()) && certify_profile(reduced, target, *fast, rn, opts, 0, start, out))
      return out;
  }
  const double bytes = dense_rank_double_bytes(M, rn.keep.size());
  if (bytes > static_cast<double>(opts.limits.max_memory_bytes)) {
    out.rank = fast ? fast->profile.rank : 0;
    out.certified = false;
    out.rank_seconds = seconds_since(start);
    const std::string found = fast ? "dense: PLUQ modulo p = " + std::to_string(fast->p) + " gives rank " +
                                         std::to_string(out.rank) + " (a proven lower bound)"
                                   : "dense: no 9-bit prime divides no denominator of a";
    out.method = found + "; certifying the rank needs the elimination in doubles modulo 20-bit primes, about " +
                 format_mebibytes(bytes) + ", above the limit " +
                 format_mebibytes(static_cast<double>(opts.limits.max_memory_bytes)) + " (raise it with --max-memory)";
    return out;
  }
  for (std::uint64_t attempt = 0; attempt < 8; ++attempt) {
    const PrimeProfile found = rank_prime_profile(reduced, target, M, opts, attempt);
    if (certify_profile(reduced, target, found, rn, opts, attempt, start, out)) return out;
  }
  out.certified = false;
  out.method = "dense: the kernel vectors did not certify the modular rank after 8 primes";
  return out;
}

}  // namespace

CertifiedRank certified_rank(const Network& net, const Target& target, const RankOptions& opts) {
  fault_point("rank");
  if (target.r.size() != net.inputs())
    throw InputError("the target monomial has " + std::to_string(target.r.size()) + " exponents but the network has " +
                     std::to_string(net.inputs()) + " inputs");
  const std::uint64_t M = subset_matrix_rows(target), N = net.neurons();
  if (!opts.engine || *opts.engine == RankEngine::Structured) {
    bool applies = false;
    std::string why;
    CertifiedRank s = structured(net, target, opts.keep_certificate, applies, why);
    if (applies) return s;
    if (opts.engine) throw InputError("the structured rank engine does not apply: " + why);
  }
  if (opts.engine && *opts.engine == RankEngine::Flint) {
    check_subset_matrix_limits(M, N, opts.limits);
    return flint_rank(net, target, opts.limits);
  }
  if (std::optional<CertifiedRank> sampled = sampled_full_row_rank(net, target, opts)) return *sampled;
  const double bytes = dense_rank_bytes(M, N);
  if (bytes > static_cast<double>(opts.limits.max_memory_bytes))
    throw LimitError("the dense rank of A (" + std::to_string(M) + " x " + std::to_string(N) + ") needs about " +
                     format_mebibytes(bytes) + ", above the limit " +
                     format_mebibytes(static_cast<double>(opts.limits.max_memory_bytes)) +
                     " (raise it with --max-memory, or skip the rank with --no-rank)");
  return dense(net, target, opts);
}

void write_rank_certificate(std::ostream& out, const Network& net, const Target& target, const RankCertificate& cert) {
  out << "noflat-rank-certificate 1\n";
  out << "network " << net.inputs() << ' ' << net.neurons() << '\n';
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    out << 'a';
    for (std::size_t j = 0; j < net.neurons(); ++j) out << ' ' << to_string(net.a(i, j));
    out << '\n';
  }
  out << "target";
  for (unsigned e : target.r) out << ' ' << e;
  out << '\n';
  out << "rank " << cert.rank << '\n';
  if (cert.kind == RankCertificate::Kind::Patterns) {
    out << "patterns\nend\n";
    return;
  }
  out << "minor " << cert.prime << ' ' << cert.minor_rows.size() << '\n';
  out << "rows";
  for (std::uint64_t x : cert.minor_rows) out << ' ' << x;
  out << "\ncols";
  for (std::uint64_t x : cert.minor_cols) out << ' ' << x;
  out << '\n';
  const char* side = cert.side == RankCertificate::Side::Right ? "right" : cert.side == RankCertificate::Side::Left ? "left" : "none";
  out << "kernel " << side << ' ' << cert.kernel.size() << '\n';
  for (const KernelVector& v : cert.kernel) {
    out << "v " << v.pivot << ' ' << v.entries.size();
    for (const auto& [idx, x] : v.entries) out << ' ' << idx << ' ' << to_string(x);
    out << '\n';
  }
  out << "end\n";
}

}  // namespace nf
