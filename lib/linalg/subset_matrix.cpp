#include "linalg/subset_matrix.hpp"

#include <limits>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "model/integer_network.hpp"

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
FmpzMat subset_matrix_integer(const Network& net, const Target& target) {
  const IntegerNetwork in = integerize(net);
  const std::uint64_t rows = subset_matrix_rows(target);
  const std::size_t m = in.m;
  FmpzMat A(static_cast<slong>(rows), static_cast<slong>(m));
  FmpzVec row_h(static_cast<slong>(in.n * m));
  for (std::size_t t = 0; t < in.A.size(); ++t) fmpz_set_mpz(row_h[t], in.A[t].get_mpz_t());
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
