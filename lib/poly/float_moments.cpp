#include "poly/float_moments.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>

#include "core/error.hpp"
#include "core/blas_threads.hpp"
#include "core/limits.hpp"
#include "core/thread_pool.hpp"

namespace nf {

namespace {

constexpr std::size_t kBlock = 1024;   // neurons per dgemm block
constexpr double kUnit = 0x1p-53;
constexpr double kRho = 0x1p-50;       // the scale of the weights' own errors in W

// The monomials of one group of variables with degree <= d, by degree; each
// row is its parent row times one variable.
struct GroupMonomials {
  std::size_t first = 0, count = 0;    // the variables first..first+count-1
  std::vector<Exponents> exps;         // over the group's variables
  std::vector<std::uint32_t> parent;   // row of the parent (row 0: the constant)
  std::vector<std::uint32_t> var;      // the variable appended (within the group)
  std::vector<std::size_t> begin;      // begin[a]: first row of degree a; begin[d + 1] = rows
  std::size_t rows() const { return exps.size(); }
  std::size_t rows_of(unsigned a) const { return begin[a + 1] - begin[a]; }
};

GroupMonomials enumerate(std::size_t first, std::size_t count, unsigned d) {
  GroupMonomials g;
  g.first = first;
  g.count = count;
  g.exps.push_back(Exponents(count, 0));
  g.parent.push_back(0);
  g.var.push_back(0);
  std::vector<std::uint32_t> last{0};
  g.begin = {0, 1};
  for (unsigned a = 1; a <= d; ++a) {
    const std::size_t level_begin = g.begin[a - 1], level_end = g.begin[a];
    for (std::size_t row = level_begin; row < level_end; ++row)
      for (std::uint32_t i = last[row]; i < count; ++i) {
        Exponents e = g.exps[row];
        ++e[i];
        g.exps.push_back(std::move(e));
        g.parent.push_back(static_cast<std::uint32_t>(row));
        g.var.push_back(i);
        last.push_back(i);
      }
    g.begin.push_back(g.rows());
  }
  return g;
}

// P[row][t] = prod of a_ij over the row's exponents, for neurons j0..j0+B-1.
void fill_powers(const FloatMomentProblem& p, const GroupMonomials& g, std::size_t j0, std::size_t B,
                 std::vector<double>& P) {
  std::fill(P.begin(), P.begin() + static_cast<std::ptrdiff_t>(B), 1.0);
  for (std::size_t row = 1; row < g.rows(); ++row) {
    const double* parent = &P[g.parent[row] * B];
    const double* a = &p.a[(g.first + g.var[row]) * p.m + j0];
    double* out = &P[row * B];
    for (std::size_t t = 0; t < B; ++t) out[t] = parent[t] * a[t];
  }
}

// The accumulators of one worker, for every degree a of u: C_a and A_a, each
// N1(a) x N2(<= d - a), and its buffers (allocated once: fresh allocations
// of this size cost page faults on every block).
struct Workspace {
  std::vector<double> C, A;
  std::vector<double> P1, P1abs, P2, V, Vabs;
};

class FloatMomentRun {
 public:
  FloatMomentRun(const FloatMomentProblem& p, bool tight) : p_(p), tight_(tight) {
    const std::size_t h = p.n / 2;
    g1_ = enumerate(0, h, p.d);
    g2_ = enumerate(h, p.n - h, p.d);
    for (unsigned a = 0; a <= p.d; ++a) {
      offset_.push_back(size_);
      size_ += g1_.rows_of(a) * cols_of(a);
    }
  }

  std::size_t blocks() const { return (p_.m + kBlock - 1) / kBlock; }
  std::size_t sums_size() const { return size_; }
  double bytes_per_worker() const {
    return 16.0 * static_cast<double>(size_) + 8.0 * static_cast<double>((2 * g1_.rows() + 3 * g2_.rows()) * kBlock);
  }

  void prepare(Workspace& w) const {
    w.C.assign(size_, 0.0);
    w.A.assign(size_, 0.0);
    w.P1.resize(g1_.rows() * kBlock);
    w.P1abs.resize(g1_.rows() * kBlock);
    w.P2.resize(g2_.rows() * kBlock);
    w.V.resize(g2_.rows() * kBlock);
    w.Vabs.resize(g2_.rows() * kBlock);
  }

  // C_a += P1_a V_a^T and A_a += |P1_a| Vabs_a^T for every a, where row t of
  // V_a is P2 row t (degree e <= d - a) scaled by U^(a+e), and of Vabs_a
  // |P2 row t| scaled by W^(a+e) = |U| + E/rho.
  void block(std::size_t b, Workspace& w) const {
    const std::size_t j0 = b * kBlock, B = std::min(kBlock, p_.m - j0);
    fill_powers(p_, g1_, j0, B, w.P1);
    fill_powers(p_, g2_, j0, B, w.P2);
    if (tight_)
      for (std::size_t t = 0; t < g1_.rows() * B; ++t) w.P1abs[t] = std::fabs(w.P1[t]);
    for (unsigned a = 0; a <= p_.d; ++a) {
      const std::size_t cols = cols_of(a);
      scale_second(w, a, j0, B);
      const std::size_t first = g1_.begin[a] * B;
      gemm(g1_.rows_of(a), cols, B, &w.P1[first], w.V.data(), &w.C[offset_[a]]);
      if (tight_) gemm(g1_.rows_of(a), cols, B, &w.P1abs[first], w.Vabs.data(), &w.A[offset_[a]]);
    }
  }

  void report(const Workspace& s, const std::function<void(unsigned, const Exponents&, double, double)>& sink) const {
    const double blocks_d = static_cast<double>(blocks());
    for (unsigned a = 0; a <= p_.d; ++a) {
      const std::size_t cols = cols_of(a);
      for (std::size_t iu = 0; iu < g1_.rows_of(a); ++iu)
        for (std::size_t t = 0; t < cols; ++t) {
          const unsigned k = a + degree2(t);
          const double K = 2.0 * k + 8.0 + static_cast<double>(p_.m) + 2.0 * blocks_d;
          const double gamma = K * kUnit / (1 - K * kUnit);
          const double c = s.C[offset_[a] + iu * cols + t];
          const double abs_sum = tight_ ? s.A[offset_[a] + iu * cols + t] : common_[k];
          if (!std::isfinite(c) || !std::isfinite(abs_sum))
            throw LimitError("the double-precision expansion overflows (weights too large for the float path)");
          const double bound =
              ((gamma + kRho) * abs_sum / (1 - gamma) + static_cast<double>(p_.m) * 0x1p-1000) * (1 + 0x1p-40);
          Exponents r = g1_.exps[g1_.begin[a] + iu];
          const Exponents& v = g2_.exps[t];
          r.insert(r.end(), v.begin(), v.end());
          sink(k, r, c, bound);
        }
    }
  }

 private:
  // The P2 rows with degree <= d - a.
  std::size_t cols_of(unsigned a) const { return g2_.begin[p_.d - a + 1]; }
  unsigned degree2(std::size_t row) const {
    unsigned e = 0;
    while (g2_.begin[e + 1] <= row) ++e;
    return e;
  }

  // T_k = sum_j W_j^(k) M_j^k for every k (the common bound), inflated so
  // that the rounding of this sum cannot make it too small.
  void common_bounds() {
    const double K = static_cast<double>(p_.m) + 2.0 * p_.d + 8.0;
    const double gamma = K * kUnit / (1 - K * kUnit);
    common_.assign(p_.d + 1, 0.0);
    for (std::size_t j = 0; j < p_.m; ++j) {
      double M = 0;
      for (std::size_t i = 0; i < p_.n; ++i) M = std::max(M, std::fabs(p_.a[i * p_.m + j]));
      M = M * (1 + 4 * kUnit) + 0x1p-1000;  // covers the representation of a_ij as a double
      double power = 1;
      for (unsigned k = 0; k <= p_.d; ++k) {
        common_[k] += (std::fabs(p_.u[k][j]) + p_.e[k][j] / kRho) * power;
        power *= M;
      }
    }
    for (double& t : common_) t = t / (1 - gamma) * (1 + 0x1p-40);
  }

 public:
  void prepare_bounds() {
    if (!tight_) common_bounds();
  }

 private:
  void scale_second(Workspace& w, unsigned a, std::size_t j0, std::size_t B) const {
    for (unsigned e = 0; a + e <= p_.d; ++e) {
      const double* u = &p_.u[a + e][j0];
      const double* err = &p_.e[a + e][j0];
      for (std::size_t t = g2_.begin[e]; t < g2_.begin[e + 1]; ++t) {
        const double* src = &w.P2[t * B];
        double* v = &w.V[t * B];
        double* vabs = &w.Vabs[t * B];
        if (!tight_) {
          for (std::size_t j = 0; j < B; ++j) v[j] = src[j] * u[j];
          continue;
        }
        for (std::size_t j = 0; j < B; ++j) {
          v[j] = src[j] * u[j];
          vabs[j] = std::fabs(src[j]) * (std::fabs(u[j]) + err[j] / kRho);
        }
      }
    }
  }

  // out (rows x cols) += X (rows x B) Y^T (cols x B).
  static void gemm(std::size_t rows, std::size_t cols, std::size_t B, const double* X, const double* Y, double* out) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), static_cast<int>(cols),
                static_cast<int>(B), 1.0, X, static_cast<int>(B), Y, static_cast<int>(B), 1.0, out,
                static_cast<int>(cols));
  }

  const FloatMomentProblem& p_;
  bool tight_;
  std::vector<double> common_;
  GroupMonomials g1_, g2_;
  std::vector<std::size_t> offset_;
  std::size_t size_ = 0;
};

}  // namespace

void float_moments(const FloatMomentProblem& problem, unsigned threads, std::uint64_t memory_bytes, bool tight,
                   const std::function<void(unsigned, const Exponents&, double, double)>& sink) {
  if (problem.n == 0 || problem.m == 0 || problem.n > 255 || problem.d > 255)
    throw LimitError("the float path handles 1..255 inputs and degrees up to 255");
  FloatMomentRun run(problem, tight);
  run.prepare_bounds();
  const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(resolve_threads(threads), run.blocks()));
  const double bytes = run.bytes_per_worker() * workers;
  if (bytes > static_cast<double>(memory_bytes))
    throw LimitError("the double-precision expansion needs about " + format_mebibytes(bytes) + ", above the limit " +
                     format_mebibytes(static_cast<double>(memory_bytes)) + " (raise it with --max-memory)");
  std::vector<Workspace> work(workers);
  for (Workspace& w : work) run.prepare(w);
  {
    const BlasThreadsGuard one_blas_thread(1);
    parallel_tasks(run.blocks(), workers, [&](std::size_t b, unsigned w) { run.block(b, work[w]); });
  }
  for (unsigned w = 1; w < workers; ++w)
    for (std::size_t i = 0; i < run.sums_size(); ++i) {
      work[0].C[i] += work[w].C[i];
      work[0].A[i] += work[w].A[i];
    }
  run.report(work[0], sink);
}

}  // namespace nf
