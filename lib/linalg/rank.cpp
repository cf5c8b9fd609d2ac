#include "linalg/rank.hpp"

#include <flint/ulong_extras.h>

#include <utility>

namespace nf {

namespace {

std::uint64_t rank_mod_prime(const FmpzMat& matrix, mp_limb_t p) {
  NmodMat reduced(matrix.rows(), matrix.cols(), p);
  fmpz_mat_get_nmod_mat(reduced.get(), matrix.get());
  return static_cast<std::uint64_t>(nmod_mat_rank(reduced.get()));
}

}  // namespace

RankResult rank_exact(const FmpzMat& matrix, std::uint64_t seed) {
  RankResult out;
  if (matrix.rows() == 0 || matrix.cols() == 0) {
    out.method = "empty matrix";
    return out;
  }
  FlintRand state;
  flint_randseed(state.get(), seed, seed ^ 0x9e3779b97f4a7c15ull);
  const mp_limb_t p = n_randprime(state.get(), 62, 1);
  const std::uint64_t modular = rank_mod_prime(matrix, p);
  if (modular == static_cast<std::uint64_t>(matrix.rows())) {
    out.rank = modular;
    out.method = "rank mod p = " + std::to_string(p) + " equals the row count (certifies full row rank over Q)";
    return out;
  }
  out.rank = static_cast<std::uint64_t>(fmpz_mat_rank(matrix.get()));
  out.method = "exact fraction-free elimination over Z (FLINT fmpz_mat_rank)";
  return out;
}

std::uint64_t rank_reference(std::vector<std::vector<mpq_class>> rows) {
  std::uint64_t rank = 0;
  if (rows.empty()) return 0;
  const std::size_t cols = rows[0].size();
  for (std::size_t c = 0; c < cols && rank < rows.size(); ++c) {
    std::size_t pivot = rank;
    while (pivot < rows.size() && rows[pivot][c] == 0) ++pivot;
    if (pivot == rows.size()) continue;
    std::swap(rows[pivot], rows[rank]);
    for (std::size_t i = rank + 1; i < rows.size(); ++i) {
      if (rows[i][c] == 0) continue;
      mpq_class factor = rows[i][c] / rows[rank][c];
      for (std::size_t k = c; k < cols; ++k) rows[i][k] -= factor * rows[rank][k];
    }
    ++rank;
  }
  return rank;
}

}  // namespace nf
