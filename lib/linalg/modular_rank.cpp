// The only translation unit that includes FFLAS-FFPACK (its headers are heavy
// and define their own CBLAS enumerations).
#include "linalg/modular_rank.hpp"

#include <fflas-ffpack/fflas-ffpack-config.h>
#include <fflas-ffpack/fflas/fflas.h>
#include <fflas-ffpack/ffpack/ffpack.h>
#include <givaro/modular-balanced.h>
#include <givaro/modular.h>

#include "core/error.hpp"
#include "core/blas_threads.hpp"
#include "core/thread_pool.hpp"

namespace nf {

namespace {

void check_prime(std::uint32_t p, std::uint32_t limit) {
  if (p < 3 || p >= limit) throw InternalError("modular rank: the prime must be in [3, " + std::to_string(limit) + ")");
}

// PLUQ of A (destroyed) over the field F; the pivots as mathematical permutations.
template <class Field>
ModularRankProfile pluq_profile(const Field& F, std::size_t M, std::size_t N, typename Field::Element* A,
                                unsigned threads) {
  ModularRankProfile out;
  if (M == 0 || N == 0) return out;
  const BlasThreadsGuard guard(static_cast<int>(resolve_threads(threads)));
  std::vector<std::size_t> P(M), Q(N), mathP(M), mathQ(N);
  const std::size_t r = FFPACK::PLUQ(F, FFLAS::FflasNonUnit, M, N, A, N, P.data(), Q.data());
  FFPACK::LAPACKPerm2MathPerm(mathP.data(), P.data(), M);
  FFPACK::LAPACKPerm2MathPerm(mathQ.data(), Q.data(), N);
  out.rank = r;
  out.rows.assign(mathP.begin(), mathP.begin() + static_cast<std::ptrdiff_t>(r));
  out.cols.assign(mathQ.begin(), mathQ.begin() + static_cast<std::ptrdiff_t>(r));
  return out;
}

}  // namespace

ModularRankProfile modular_rank_profile(std::uint32_t p, std::size_t M, std::size_t N, double* A, unsigned threads) {
  check_prime(p, 1u << 23);
  // [0, p) to the balanced range the field works in.
  const double P = static_cast<double>(p), half = static_cast<double>(p / 2);
  const std::size_t total = M * N;
  for (std::size_t t = 0; t < total; ++t) A[t] = A[t] > half ? A[t] - P : A[t];
  return pluq_profile(Givaro::ModularBalanced<double>(p), M, N, A, threads);
}

ModularRankProfile modular_rank_profile(std::uint32_t p, std::size_t M, std::size_t N, float* A, unsigned threads) {
  check_prime(p, kSmallRankPrimeLimit);
  return pluq_profile(Givaro::ModularBalanced<float>(static_cast<float>(p)), M, N, A, threads);
}

bool modular_solve(std::uint32_t p, std::size_t r, std::size_t k, double* C, double* Fm, unsigned threads) {
  check_prime(p, 1u << 23);
  if (r == 0 || k == 0) return true;
  const BlasThreadsGuard guard(static_cast<int>(resolve_threads(threads)));
  Givaro::Modular<double> F(p);
  int info = 0;
  const std::size_t rank = FFPACK::fgesv(F, FFLAS::FflasLeft, r, k, C, r, Fm, k, &info);
  return rank == r && info == 0;
}

}  // namespace nf
