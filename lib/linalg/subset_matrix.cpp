#include "linalg/subset_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "linalg/modular_rank.hpp"
#include "model/integer_network.hpp"
#include "poly/prime_field.hpp"

namespace nf {

std::uint64_t subset_matrix_rows(const Target& target) {
  std::uint64_t rows = 1;
  for (unsigned e : target.r) {
    if (rows > std::numeric_limits<std::uint64_t>::max() / (e + 1ull)) return std::numeric_limits<std::uint64_t>::max();
    rows *= e + 1ull;
  }
  return rows;
}

Exponents subset_row_exponents(const Target& target, std::uint64_t row) {
  Exponents s(target.r.size(), 0);
  for (std::size_t h = 0; h < target.r.size(); ++h) {
    s[h] = static_cast<unsigned>(row % (target.r[h] + 1ull));
    row /= target.r[h] + 1ull;
  }
  return s;
}

void check_subset_matrix_limits(std::uint64_t row_count, std::size_t m, const ResourceLimits& limits) {
  const double rows = static_cast<double>(row_count);
  const double bytes = rows * static_cast<double>(m) * 24.0;  // an fmpz entry plus elimination copy
  if (bytes > static_cast<double>(limits.max_memory_bytes)) {
    std::ostringstream msg;
    msg.precision(3);
    msg << "the matrix A (A7) has " << rows << " x " << m << " entries and needs about " << bytes
        << " bytes, above the limit " << static_cast<double>(limits.max_memory_bytes)
        << " (raise it with --max-memory, or skip the rank with --no-rank)";
    throw LimitError(msg.str());
  }
}

// Row s is built from the row s - e_h (h the first variable with s_h > 0),
// multiplied entrywise by row h of the integer input weights.
FmpzMat subset_matrix_integer(const Network& net, const Target& target, std::uint64_t max_bytes) {
  const IntegerNetwork in = integerize(net, max_bytes);
  const std::uint64_t rows = subset_matrix_rows(target);
  const std::size_t m = in.m;
  FmpzMat A(static_cast<slong>(rows), static_cast<slong>(m));
  FmpzVec row_h(static_cast<slong>(in.n * m));
  for (std::size_t i = 0; i < in.n; ++i)
    for (std::size_t j = 0; j < m; ++j) fmpz_set_mpz(row_h[i * m + j], in.a(i, j).get_mpz_t());
  for (std::size_t j = 0; j < m; ++j) fmpz_one(A.entry(0, j));
  std::uint64_t stride = 1;
  for (std::size_t h = 0; h < target.r.size(); ++h) {
    // Rows with s_h >= 1 and s_{h'} = 0 for h' > h come from the row one step lower in digit h.
    const std::uint64_t block = stride * (target.r[h] + 1ull);
    for (std::uint64_t row = stride; row < block; ++row)
      for (std::size_t j = 0; j < m; ++j)
        fmpz_mul(A.entry(row, j), A.entry(row - stride, j), row_h[h * m + j]);
    stride = block;
  }
  return A;
}

bool input_weight_residues(const Network& net, std::uint64_t p, std::vector<std::vector<std::uint64_t>>& residues) {
  residues.assign(net.inputs(), {});
  for (std::size_t h = 0; h < net.inputs(); ++h)
    for (const mpq_class& v : net.row(h).dictionary()) {
      const std::uint64_t den = mpz_fdiv_ui(v.get_den_mpz_t(), p);
      if (den == 0) return false;
      const std::uint64_t num = mpz_fdiv_ui(v.get_num_mpz_t(), p);
      residues[h].push_back(static_cast<std::uint64_t>((static_cast<unsigned __int128>(num) * inverse_mod(den, p)) % p));
    }
  return true;
}

namespace {

// Row products modulo p in floats on centered residues, p < 2^10: x y is
// exact (|x y| <= ((p-1)/2)^2 < 2^18), and x y / p is never within 1/(2p) >=
// 2^-11 of a half-integer (p odd does not divide 2 x y unless it divides x y),
// while fl(fl(x y) * fl(1/p)) is within (p/4) 2^-23 < 2^-15 of it; so the
// rounding is the nearest integer q, and x y - q p (exact) is the centered
// residue in [-(p-1)/2, (p-1)/2].
struct FloatRowProduct {
  std::uint32_t prime;
  float p, pinv;
  explicit FloatRowProduct(std::uint32_t q) : prime(q), p(static_cast<float>(q)), pinv(1.0f / static_cast<float>(q)) {}
  // r in [0, p) to the centered range.
  float residue(std::uint64_t r) const { return r > prime / 2 ? static_cast<float>(r) - p : static_cast<float>(r); }
  void operator()(float* out, const float* a, const float* b, std::size_t len) const {
    for (std::size_t k = 0; k < len; ++k) {
      const float x = a[k] * b[k];
      out[k] = x - std::nearbyint(x * pinv) * p;
    }
  }
};

// Row products modulo p in doubles on residues in [0, p) (prime_field.hpp).
struct DoubleRowProduct {
  DoubleModulus mod;
  explicit DoubleRowProduct(std::uint32_t prime) : mod(prime) {}
  double residue(std::uint64_t r) const { return static_cast<double>(r); }
  void operator()(double* out, const double* a, const double* b, std::size_t len) const { mul_mod(out, a, b, len, mod); }
};

// Row s of A mod p from row s - e_h (h the last variable with s_h > 0) times
// row h of a, digit by digit of the mixed-radix row number.
template <class T, class RowProduct>
bool build_subset_matrix_mod(const Network& net, const Target& target, std::uint32_t p, const RowProduct& product,
                             HugeBuffer<T>& out, unsigned threads) {
  std::vector<std::vector<std::uint64_t>> res;
  if (!input_weight_residues(net, p, res)) return false;
  const std::uint64_t rows = subset_matrix_rows(target);
  const std::size_t m = net.neurons();
  out.reset(rows * m);
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(m), T(1));
  std::vector<T> row_h(m);
  const unsigned workers = rows * m < (1u << 20) ? 1 : resolve_threads(threads);
  std::uint64_t stride = 1;
  for (std::size_t h = 0; h < target.r.size(); ++h) {
    const std::uint64_t block = stride * (target.r[h] + 1ull);
    if (block == stride) continue;
    for (std::size_t j = 0; j < m; ++j) row_h[j] = product.residue(res[h][net.row(h).code(j)]);
    // Rows [stride, block) from the rows one step lower in digit h; each
    // digit value depends on the previous one, so go one digit value at a time.
    for (std::uint64_t base = stride; base < block; base += stride)
      parallel_ranges(stride, workers, [&](std::size_t lo, std::size_t hi, unsigned) {
        for (std::uint64_t row = base + lo; row < base + hi; ++row)
          product(out.data() + row * m, out.data() + (row - stride) * m, row_h.data(), m);
      });
    stride = block;
  }
  return true;
}

}  // namespace

bool subset_matrix_mod(const Network& net, const Target& target, std::uint32_t p, HugeBuffer<double>& out,
                       unsigned threads) {
  return build_subset_matrix_mod(net, target, p, DoubleRowProduct(p), out, threads);
}

bool subset_matrix_mod(const Network& net, const Target& target, std::uint32_t p, HugeBuffer<float>& out,
                       unsigned threads) {
  if (p >= kSmallRankPrimeLimit) throw InternalError("subset_matrix_mod: float residues need a prime below 2^10");
  return build_subset_matrix_mod(net, target, p, FloatRowProduct(p), out, threads);
}

std::vector<std::vector<mpq_class>> subset_matrix_rational(const Network& net, const Target& target) {
  const std::uint64_t rows = subset_matrix_rows(target);
  std::vector<std::vector<mpq_class>> A(rows, std::vector<mpq_class>(net.neurons(), 1));
  for (std::uint64_t row = 0; row < rows; ++row) {
    Exponents s = subset_row_exponents(target, row);
    for (std::size_t j = 0; j < net.neurons(); ++j)
      for (std::size_t h = 0; h < s.size(); ++h)
        for (unsigned e = 0; e < s[h]; ++e) A[row][j] *= net.a(h, j);
  }
  return A;
}

}  // namespace nf
