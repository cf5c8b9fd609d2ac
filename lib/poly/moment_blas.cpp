// The moment engine as matrix products (see expand_moment in expansion.hpp).
//
// Split the variables into a first group G1 = {0..n1-1} and a second group
// G2 = {n1..n-1}.  Every exponent vector r with |r| <= d is uniquely r = u + v
// with u supported on G1 (degree a) and v on G2 (degree b), a + b <= d, and
//
//   S(r) = sum_j W_j prod_i A_ij^r_i = sum_j (W_j prod_{i in G1} A_ij^u_i) (prod_{i in G2} A_ij^v_i)
//        = (M1 M2^T)[u, v],
//
// with M1[u, j] = W_j prod A_ij^u_i and M2[v, j] = prod A_ij^v_i.  M2 holds
// every v with |v| <= d, sorted by degree, so the v with |v| <= d - a form a
// prefix; rows u of M1 are produced depth first (each from its parent by one
// elementwise product with a row of A) into per-degree buffers of R rows and
// multiplied against that prefix by dgemm.  Every product entry is one wanted S(r), and
// no S(r) is computed twice.
//
// Arithmetic.  B = sum_j |W_j| * max(1, max_ij |A_ij|)^d bounds every |S(r)|,
// every entry of M1 and M2, and every partial sum of a dot product.  If
// B < 2^53 all of it is exact in doubles (one pass; every partial sum is a
// sum over a subset of neurons, so at most B).  Otherwise each pass works
// modulo a prime p < 2^22 on centered residues, so that every dgemm is exact
// (prime_field.hpp, and the blocks below); primes are added until their
// product exceeds 2B, and then S(r) is the centered Chinese remainder of its
// residues: zero exactly when all residues are zero, and exactly
// reconstructed otherwise.
//
// Blocks and parallelism.  The neurons are cut into column blocks of at most
// kBlasChunk; for each block the G1 tree is walked with vectors of block
// length (they stay in cache) and every product is accumulated (dgemm with
// beta = 1) into an array of all C(n+d, d) sums, laid out by a plan fixed in
// advance (the same walk, the same batches, for every block and pass).  Each
// thread takes whole blocks, keeps its own array (BLAS single-threaded
// meanwhile), and the arrays are added at the end.  Modulo p, an array is
// reduced to centered residues after every block, so each block adds at most
// kBlasChunk ((p-1)/2)^2 to entries of magnitude at most (p-1)/2.
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/blas_threads.hpp"
#include "core/error.hpp"
#include "core/huge_buffer.hpp"
#include "core/thread_pool.hpp"
#include "model/integer_network.hpp"
#include "poly/expansion.hpp"
#include "poly/prime_field.hpp"

namespace nf {

namespace {


// Reports S(r) (an integer) as the rational coefficient of x^r:
// [x^r] P_k = k!/r! * S(r) / (D_w prod_i D_i^r_i).
class MomentEmitter {
 public:
  MomentEmitter(const IntegerNetwork& in, unsigned d, ExpansionSink& sink) : in_(in), sink_(sink), factorial_(d + 1) {
    mpz_class f = 1;
    for (unsigned k = 0; k <= d; ++k) {
      if (k > 0) f *= k;
      factorial_[k] = f;
    }
  }
  void emit(unsigned k, const Exponents& r, const mpz_class& S) {
    if (S == 0) return;
    mpz_class num = factorial_[k] * S, den = in_.w_den;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (r[i] == 0) continue;
      den *= factorial_[r[i]];
      mpz_class p;
      mpz_pow_ui(p.get_mpz_t(), in_.row_den[i].get_mpz_t(), r[i]);
      den *= p;
    }
    mpq_class c(num, den);
    c.canonicalize();
    sink_.on_term(k, r, c);
  }

 private:
  const IntegerNetwork& in_;
  ExpansionSink& sink_;
  std::vector<mpz_class> factorial_;
};

// The rows of M2: exponent vectors over G2 with |v| <= d, by degree.
struct SecondGroup {
  std::size_t n2 = 0;
  std::vector<std::uint32_t> parent;
  std::vector<std::uint8_t> var;     // the variable (0-based within G2) appended to the parent
  std::vector<std::uint8_t> degree;
  std::vector<std::uint8_t> exps;    // rows x n2
  std::vector<std::size_t> upto;     // upto[b]: rows of degree <= b
  std::size_t rows() const { return degree.size(); }
};

// Exponent vectors of degree <= d in k variables: C(k + d, d).
std::uint64_t vectors_up_to(std::size_t k, unsigned d) { return monomials_up_to_degree(k, d); }

SecondGroup enumerate_second(std::size_t n2, unsigned d) {
  SecondGroup g;
  g.n2 = n2;
  g.parent.push_back(0);
  g.var.push_back(0);
  g.degree.push_back(0);
  g.exps.assign(n2, 0);
  g.upto.push_back(1);
  std::vector<std::uint8_t> last{0};
  std::size_t level_begin = 0;
  for (unsigned b = 1; b <= d; ++b) {
    const std::size_t level_end = g.rows();
    for (std::size_t row = level_begin; row < level_end && n2 > 0; ++row) {
      for (std::size_t i = last[row]; i < n2; ++i) {
        g.parent.push_back(static_cast<std::uint32_t>(row));
        g.var.push_back(static_cast<std::uint8_t>(i));
        g.degree.push_back(static_cast<std::uint8_t>(b));
        last.push_back(static_cast<std::uint8_t>(i));
        const std::size_t base = g.exps.size();
        g.exps.insert(g.exps.end(), g.exps.begin() + static_cast<std::ptrdiff_t>(row * n2),
                      g.exps.begin() + static_cast<std::ptrdiff_t>(row * n2 + n2));
        ++g.exps[base + i];
      }
    }
    level_begin = level_end;
    g.upto.push_back(g.rows());
  }
  return g;
}

// A product block: rows of M1 of one G1 degree against the M2 prefix, filling
// positions [offset, offset + rows * cols) row-major.
struct Batch {
  std::uint64_t offset = 0;
  unsigned degree = 0;
  std::uint32_t rows = 0, cols = 0;
  std::vector<std::uint8_t> exps;  // rows x n1 (recorded by the planner)
};

struct Plan {
  std::size_t n = 0, n1 = 0, n2 = 0, m = 0;
  unsigned d = 0;
  SecondGroup second;
  std::size_t buffer_rows = 0;  // R
  std::size_t block = 0;        // neurons per column block
  std::vector<Batch> batches;
  std::uint64_t positions = 0;
  std::uint64_t cols(unsigned a) const { return second.upto[d - a]; }
};

// Depth-first walk of the G1 tree (nondecreasing variable sequences of length
// <= d) with per-degree buffers of R rows: on_push(seq) for every node in
// order, on_flush(degree, rows) whenever a buffer fills and, at the end, for
// every nonempty buffer by increasing degree.  The planner and the workers
// both use it, so batches line up.
template <class OnPush, class OnFlush>
class TreeWalk {
 public:
  TreeWalk(const Plan& plan, OnPush& on_push, OnFlush& on_flush)
      : plan_(plan), on_push_(on_push), on_flush_(on_flush), counts_(plan.d + 1, 0) {}
  void run() {
    std::vector<std::uint8_t> seq;
    descend(seq);
    for (unsigned a = 0; a <= plan_.d; ++a)
      if (counts_[a] > 0) flush(a);
  }

 private:
  void descend(std::vector<std::uint8_t>& seq) {
    const unsigned a = static_cast<unsigned>(seq.size());
    on_push_(seq, counts_[a]);
    if (++counts_[a] == plan_.buffer_rows) flush(a);
    if (a == plan_.d) return;
    const std::size_t first = seq.empty() ? 0 : seq.back();
    for (std::size_t i = first; i < plan_.n1; ++i) {
      seq.push_back(static_cast<std::uint8_t>(i));
      descend(seq);
      seq.pop_back();
    }
  }
  void flush(unsigned a) {
    on_flush_(a, counts_[a]);
    counts_[a] = 0;
  }

  const Plan& plan_;
  OnPush& on_push_;
  OnFlush& on_flush_;
  std::vector<std::size_t> counts_;
};

// Neurons per column block in exact doubles: small blocks keep the M2 prefix
// and the row buffers of a product in cache (n = 13: 2.7 s against 2.9 s
// with 1024).  Modulo primes a block is at most kBlasChunk (exactness) and
// as large as that, since the sums are reduced after every block.
constexpr std::size_t kExactBlock = 256;

Plan make_plan(std::size_t n, std::size_t m, unsigned d, unsigned workers, bool exact, const ExpansionOptions& opts) {
  Plan plan;
  plan.n = n;
  plan.m = m;
  plan.d = d;
  // Column blocks of at most kExactBlock or kBlasChunk neurons, at least one per worker.
  const std::size_t cap = exact ? kExactBlock : kBlasChunk;
  plan.block = std::max<std::size_t>(1, std::min<std::size_t>(cap, (m + workers - 1) / workers));
  // The largest G2 (at most half the variables) whose block of M2 fits in
  // min(256 MiB, a sixteenth of the limit, three times the sums) per worker:
  // a wider M2 gives the high G1 degrees more columns per product (n = 15:
  // 5 of 15 variables, 172 s against 225 s with 4), but it is fresh memory,
  // which costs more than it saves on small runs (n = 12: 7+5 beats 6+6).
  const double sums_bytes = static_cast<double>(monomials_up_to_degree(n, d)) * 8.0;
  const double m2_budget = std::min({256.0 * 1024 * 1024, static_cast<double>(opts.memory_bytes) / 16.0,
                                     std::max(4.0 * 1024 * 1024, 3.0 * sums_bytes)});
  std::size_t n2 = 0;
  for (std::size_t k = 1; k <= n / 2; ++k)
    if (static_cast<double>(vectors_up_to(k, d)) * static_cast<double>(plan.block) * 8.0 <= m2_budget) n2 = k;
  plan.n2 = n2;
  plan.n1 = n - n2;
  plan.second = enumerate_second(n2, d);
  // (d + 1) buffers of R rows of one block, within 8 MiB.
  const double per_row = static_cast<double>(d + 1) * static_cast<double>(plan.block) * 8.0;
  plan.buffer_rows = static_cast<std::size_t>(std::clamp(8.0 * 1024 * 1024 / per_row, 4.0, 512.0));
  std::uint64_t widest = 1;  // no degree has more G1 nodes than this
  for (unsigned a = 0; a <= d; ++a) widest = std::max(widest, monomials_of_degree(plan.n1, a));
  plan.buffer_rows = static_cast<std::size_t>(std::min<std::uint64_t>(plan.buffer_rows, widest));
  // Record the batches.
  const std::size_t n1 = std::max<std::size_t>(plan.n1, 1);
  std::vector<std::vector<std::uint8_t>> open(d + 1);
  auto on_push = [&](const std::vector<std::uint8_t>& seq, std::size_t slot) {
    std::vector<std::uint8_t>& e = open[seq.size()];
    e.resize((slot + 1) * n1, 0);
    std::fill(e.begin() + static_cast<std::ptrdiff_t>(slot * n1), e.end(), 0);
    for (std::uint8_t i : seq) ++e[slot * n1 + i];
  };
  auto on_flush = [&](unsigned a, std::size_t rows) {
    Batch b;
    b.offset = plan.positions;
    b.degree = a;
    b.rows = static_cast<std::uint32_t>(rows);
    b.cols = static_cast<std::uint32_t>(plan.cols(a));
    b.exps = std::move(open[a]);
    open[a].clear();
    plan.positions += static_cast<std::uint64_t>(b.rows) * b.cols;
    plan.batches.push_back(std::move(b));
  };
  TreeWalk<decltype(on_push), decltype(on_flush)>(plan, on_push, on_flush).run();
  return plan;
}

// One pass: exact doubles (prime = 0) or centered residues modulo `prime`.
struct PassInput {
  std::uint32_t prime = 0;
  DoubleModulus mod;
  std::vector<double> w;     // m
  std::vector<double> rows;  // n x m
};

PassInput make_pass(const Plan& plan, const IntegerNetwork& in, std::uint32_t prime) {
  PassInput pass;
  pass.prime = prime;
  const std::size_t m = plan.m;
  auto convert = [&](const std::vector<mpz_class>& dict, const CodedRow& row, double* out) {
    std::vector<double> values(dict.size());
    for (std::size_t t = 0; t < dict.size(); ++t)
      values[t] = prime ? centered(residue(dict[t], prime), prime) : dict[t].get_d();
    for (std::size_t j = 0; j < m; ++j) out[j] = values[row.code(j)];
  };
  if (prime) pass.mod = DoubleModulus(prime);
  pass.w.resize(m);
  convert(in.w_values, in.net->w_row(), pass.w.data());
  pass.rows.resize(plan.n * m);
  for (std::size_t i = 0; i < plan.n; ++i) convert(in.row_values[i], in.net->row(i), pass.rows.data() + i * m);
  return pass;
}

// Accumulates, over the column blocks it is given, the partial sums of every
// S(r) into its own array C (positions of the plan).
class BlockWorker {
 public:
  BlockWorker(const Plan& plan, const PassInput& in)
      : plan_(plan), in_(in), C_(plan.positions, 0.0),
        stack_(static_cast<std::size_t>(plan.d + 1) * plan.block),
        buffers_(static_cast<std::size_t>(plan.d + 1) * plan.buffer_rows * plan.block),
        m2_(plan.second.rows() * plan.block) {}
  HugeBuffer<double>& sums() { return C_; }

  void run_block(std::size_t j0, std::size_t j1) {
    j0_ = j0;
    K_ = j1 - j0;
    build_m2();
    std::memcpy(level(0), in_.w.data() + j0_, K_ * sizeof(double));
    cursor_ = 0;
    auto on_push = [this](const std::vector<std::uint8_t>& seq, std::size_t slot) {
      const unsigned a = static_cast<unsigned>(seq.size());
      if (a > 0) multiply(level(a), level(a - 1), row(seq.back()));
      std::memcpy(buffer(a) + slot * plan_.block, level(a), K_ * sizeof(double));
    };
    auto on_flush = [this](unsigned a, std::size_t rows) { product(a, rows); };
    TreeWalk<decltype(on_push), decltype(on_flush)>(plan_, on_push, on_flush).run();
    if (cursor_ != plan_.positions) throw InternalError("moment engine: block covered the wrong positions");
    if (in_.prime) reduce_centered(C_.data(), C_.size(), in_.mod);
  }

 private:
  double* level(std::size_t k) { return stack_.data() + k * plan_.block; }
  double* buffer(unsigned a) { return buffers_.data() + static_cast<std::size_t>(a) * plan_.buffer_rows * plan_.block; }
  const double* row(std::size_t i) const { return in_.rows.data() + i * plan_.m + j0_; }

  void multiply(double* out, const double* a, const double* b) const {
    if (in_.prime)
      mul_reduce(out, a, b, K_, in_.mod);
    else
      mul_exact(out, a, b, K_);
  }

  void build_m2() {
    const SecondGroup& g = plan_.second;
    const std::size_t K = plan_.block;
    std::fill(m2_.data(), m2_.data() + K_, 1.0);
    for (std::size_t r = 1; r < g.rows(); ++r)
      multiply(m2_.data() + r * K, m2_.data() + g.parent[r] * K, row(plan_.n1 + g.var[r]));
  }

  void product(unsigned a, std::size_t rows) {
    const std::size_t cols = plan_.cols(a);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), static_cast<int>(cols),
                static_cast<int>(K_), 1.0, buffer(a), static_cast<int>(plan_.block), m2_.data(),
                static_cast<int>(plan_.block), 1.0, C_.data() + cursor_, static_cast<int>(cols));
    cursor_ += rows * cols;
  }

  const Plan& plan_;
  const PassInput& in_;
  HugeBuffer<double> C_;
  // Uninitialized: every entry is written before it is read.
  HugeBuffer<double> stack_, buffers_, m2_;
  std::size_t j0_ = 0, K_ = 0;
  std::uint64_t cursor_ = 0;
};

// All S(r) of one pass (exact values, or centered residues mod the prime).
HugeBuffer<double> run_pass(const Plan& plan, const PassInput& in, unsigned workers) {
  const std::size_t blocks = (plan.m + plan.block - 1) / plan.block;
  workers = static_cast<unsigned>(std::min<std::size_t>(workers, blocks));
  std::vector<std::unique_ptr<BlockWorker>> pool(workers);
  parallel_tasks(blocks, workers, [&](std::size_t b, unsigned w) {
    if (!pool[w]) pool[w] = std::make_unique<BlockWorker>(plan, in);
    pool[w]->run_block(b * plan.block, std::min(plan.m, (b + 1) * plan.block));
  });
  // A worker may have taken no block (dynamic scheduling): add those that did.
  HugeBuffer<double> total;
  for (unsigned w = 0; w < workers; ++w) {
    if (!pool[w]) continue;
    if (total.empty()) {
      total = std::move(pool[w]->sums());
    } else {
      const HugeBuffer<double>& part = pool[w]->sums();
      for (std::size_t t = 0; t < total.size(); ++t) total[t] += part[t];
    }
    pool[w].reset();
  }
  if (in.prime) reduce_centered(total.data(), total.size(), in.mod);
  return total;
}

// Refuses, before any pass, what the size of the numbers makes too large:
// more primes than kMaxBlasPrimes, or more work than opts.max_work.
// bound_bits >= log2 B.  With t primes (t <= log2(2B) / 21 + 1, each prime
// above 2^21): t passes of monomials * m multiply-adds, the residues of every
// distinct integer in each pass, and the Chinese remaindering of up to every
// coefficient (Garner: about t^2 / 3 word operations each; the subproduct
// tree: about 8 t log2 t).
void check_moment_size(const IntegerNetwork& in, double bound_bits, std::uint64_t monomials,
                       const ExpansionOptions& opts) {
  const double bits = bound_bits + 1.0;
  if (bits < 53) return;  // one pass in exact doubles
  const double t = std::floor(bits / 21.0) + 1.0;
  std::ostringstream why;
  why << "the proven bound on the coefficients is 2^" << static_cast<long long>(bits - 1.0)
      << " (weights with large or many distinct denominators), so the moment engine would need about "
      << static_cast<long long>(t) << " primes";
  if (t > static_cast<double>(kMaxBlasPrimes))
    throw LimitError(why.str() + ", more than the " + std::to_string(kMaxBlasPrimes) + " it uses (try --engine literal)");
  double entry_words = 0;
  for (const auto& row : in.row_values)
    for (const mpz_class& v : row) entry_words += static_cast<double>(mpz_size(v.get_mpz_t())) + 1.0;
  const double mono = static_cast<double>(monomials);
  const double crt = t <= static_cast<double>(CrtBasis::kGarnerPrimes) ? t * t / 3.0 : 8.0 * t * std::log2(t);
  const double work = t * (mono * static_cast<double>(in.m) + entry_words) + mono * crt;
  if (work > opts.max_work)
    throw LimitError(why.str() + " and about " + format_estimate(work) + " operations, above the limit " +
                     format_estimate(opts.max_work) + " (raise it with --max-work)");
}

// The bound B of the file comment: sum_j |W_j| (max_ij |A_ij|)^d over the
// cleared network, its size checked (check_moment_size) before it is formed.
// Sets stats.bound_bits = log2 B.
mpz_class coefficient_bound(const IntegerNetwork& in, unsigned d, std::uint64_t monomials,
                            const ExpansionOptions& opts, ExpansionStats& stats) {
  const mpz_class sum_w = in.sum_abs_w();
  mpz_class max_a = 1;
  for (std::size_t i = 0; i < in.n; ++i) max_a = std::max(max_a, in.row_max_abs(i));
  check_moment_size(in,
                    static_cast<double>(mpz_sizeinbase(sum_w.get_mpz_t(), 2)) +
                        static_cast<double>(d) * static_cast<double>(mpz_sizeinbase(max_a.get_mpz_t(), 2)),
                    monomials, opts);
  mpz_class bound;
  mpz_pow_ui(bound.get_mpz_t(), max_a.get_mpz_t(), d);
  bound *= sum_w;
  stats.bound_bits = std::log2(bound.get_d() > 0 ? bound.get_d() : 1.0);
  if (!std::isfinite(stats.bound_bits)) stats.bound_bits = static_cast<double>(mpz_sizeinbase(bound.get_mpz_t(), 2));
  return bound;
}

// Throws LimitError (naming --max-memory) when the passes would need more than
// opts.memory_bytes: per worker its sums, M2 block, stack and buffers; plus
// the residues of every prime and the cleared network.
void check_moment_memory(const Plan& plan, const IntegerNetwork& in, unsigned workers, std::uint64_t monomials,
                         std::size_t primes, const ExpansionOptions& opts) {
  const std::size_t n = in.n, m = in.m;
  const double K = static_cast<double>(plan.block);
  const double bytes = workers * (static_cast<double>(monomials) * 8.0 + static_cast<double>(plan.second.rows()) * K * 8.0 +
                                  (plan.d + 1.0) * (static_cast<double>(plan.buffer_rows) + 1.0) * K * 8.0) +
                       static_cast<double>(primes) * static_cast<double>(monomials) * 4.0 +
                       static_cast<double>(n + 1) * static_cast<double>(m) * 8.0;
  if (bytes > static_cast<double>(opts.memory_bytes))
    throw LimitError("the moment engine needs about " + format_mebibytes(bytes) + " for n = " + std::to_string(n) +
                     ", m = " + std::to_string(m) + ", degree " + std::to_string(plan.d) + " with " +
                     std::to_string(primes) + " primes, above the limit " +
                     format_mebibytes(static_cast<double>(opts.memory_bytes)) + " (raise it with --max-memory)");
}

// Calls emitter.emit for every position of the plan whose value S_at gives
// (returning false for a zero), with the exponents the position stands for.
void decode_positions(const Plan& plan, MomentEmitter& emitter,
                      const std::function<bool(std::uint64_t, mpz_class&)>& S_at) {
  const std::size_t n1 = std::max<std::size_t>(plan.n1, 1);
  Exponents r(plan.n);
  mpz_class S;
  for (const Batch& b : plan.batches)
    for (std::size_t rho = 0; rho < b.rows; ++rho)
      for (std::size_t gamma = 0; gamma < b.cols; ++gamma) {
        if (!S_at(b.offset + rho * b.cols + gamma, S)) continue;
        unsigned k = 0;
        for (std::size_t i = 0; i < plan.n1; ++i) k += r[i] = b.exps[rho * n1 + i];
        for (std::size_t i = 0; i < plan.n2; ++i) k += r[plan.n1 + i] = plan.second.exps[gamma * plan.n2 + i];
        emitter.emit(k, r, S);
      }
}

// One pass in exact doubles (bound < 2^53).
void emit_exact(const Plan& plan, const IntegerNetwork& in, unsigned workers, MomentEmitter& emitter) {
  const HugeBuffer<double> S = run_pass(plan, make_pass(plan, in, 0), workers);
  decode_positions(plan, emitter, [&](std::uint64_t pos, mpz_class& out) {
    if (S[pos] == 0) return false;
    out = static_cast<long>(S[pos]);
    return true;
  });
}

// One pass per prime, then Chinese remaindering of every position with a
// nonzero residue.
void emit_modular(const Plan& plan, const IntegerNetwork& in, unsigned workers, std::size_t primes,
                  std::uint64_t monomials, MomentEmitter& emitter) {
  const std::vector<std::uint32_t> ps = blas_primes(primes);
  std::vector<std::vector<std::uint32_t>> residues(primes);
  for (std::size_t k = 0; k < primes; ++k) {
    const HugeBuffer<double> S = run_pass(plan, make_pass(plan, in, ps[k]), workers);
    residues[k].resize(monomials);
    const double p = static_cast<double>(ps[k]);
    for (std::size_t t = 0; t < monomials; ++t) residues[k][t] = static_cast<std::uint32_t>(S[t] < 0 ? S[t] + p : S[t]);
  }
  const CrtBasis crt(ps);
  std::vector<std::uint32_t> res(primes);
  decode_positions(plan, emitter, [&](std::uint64_t pos, mpz_class& out) {
    bool zero = true;
    for (std::size_t k = 0; k < primes; ++k) {
      res[k] = residues[k][pos];
      zero = zero && res[k] == 0;
    }
    if (zero) return false;
    out = crt.reconstruct(res.data());
    return true;
  });
}

}  // namespace

ExpansionStats expand_moment(const Network& net, unsigned d, ExpansionSink& sink, const ExpansionOptions& opts) {
  const std::size_t n = net.inputs(), m = net.neurons();
  for (unsigned k = 0; k <= d; ++k) sink.on_degree(k, monomials_of_degree(n, k));
  if (n > 255 || d > 255) throw LimitError("the moment engine handles at most 255 inputs and degree 255");
  const IntegerNetwork in = integerize(net, opts.memory_bytes);
  ExpansionStats stats;
  if (in.sum_abs_w() == 0) {
    stats.method = "moment: every output weight is 0, so every coefficient is 0";
    return stats;
  }
  const std::uint64_t monomials = monomials_up_to_degree(n, d);
  const mpz_class bound = coefficient_bound(in, d, monomials, opts, stats);
  const bool exact = bound < mpz_class("9007199254740992");  // 2^53
  const std::size_t primes = exact ? 0 : primes_for_bound(bound);
  stats.primes = primes;
  const double total_work = static_cast<double>(monomials) * static_cast<double>(m) *
                            static_cast<double>(std::max<std::size_t>(primes, 1));
  // Below about 5e8 multiply-adds (a few milliseconds of dgemm) a second
  // worker costs more in fresh memory (its own sums, M2 block, buffers) and
  // start-up than it saves (verify-product 10: 31 ms on one, 39 ms on two).
  const unsigned workers = opts.threads == 0 && total_work < 5e8 ? 1 : resolve_threads(opts.threads);
  const Plan plan = make_plan(n, m, d, workers, exact, opts);
  if (plan.positions != monomials) throw InternalError("moment engine: plan covers the wrong number of monomials");
  check_moment_memory(plan, in, workers, monomials, primes, opts);

  BlasThreadsGuard blas_guard(1);
  MomentEmitter emitter(in, d, sink);
  std::ostringstream method;
  method.precision(4);
  if (exact) {
    emit_exact(plan, in, workers, emitter);
    method << "moment: BLAS products in exact doubles (bound 2^" << stats.bound_bits << " < 2^53), ";
  } else {
    emit_modular(plan, in, workers, primes, monomials, emitter);
    method << "moment: BLAS products modulo " << primes << " primes below 2^22 (proven bound 2^" << stats.bound_bits
           << " on every coefficient; product of the primes above twice the bound), ";
  }
  method << plan.n1 << "+" << plan.n2 << " variable split, " << workers << " thread(s)";
  stats.method = method.str();
  return stats;
}

}  // namespace nf
