#include "bare_kernels.hpp"

#include <fflas-ffpack/fflas-ffpack-config.h>
#include <fflas-ffpack/fflas/fflas.h>
#include <fflas-ffpack/ffpack/ffpack.h>
#include <givaro/modular-balanced.h>
#include <givaro/modular.h>

#include <algorithm>
#include <chrono>

namespace nf::bench {

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class Field>
double timed_pluq(const Field& F, std::size_t M, std::size_t N, std::vector<double>& A, std::size_t& rank) {
  std::vector<std::size_t> P(M), Q(N);
  const auto start = std::chrono::steady_clock::now();
  rank = FFPACK::PLUQ(F, FFLAS::FflasNonUnit, M, N, A.data(), N, P.data(), Q.data());
  return since(start);
}

}  // namespace

double bare_pluq(BareField field, std::uint32_t p, std::size_t M, std::size_t N, const std::vector<double>& A,
                 std::size_t& rank) {
  std::vector<double> copy = A;
  if (field == BareField::Modular) return timed_pluq(Givaro::Modular<double>(p), M, N, copy, rank);
  const double P = static_cast<double>(p), half = static_cast<double>(p / 2);
  for (double& x : copy) x = x > half ? x - P : x;
  return timed_pluq(Givaro::ModularBalanced<double>(p), M, N, copy, rank);
}

double bare_dgemm_rate(int n) {
  const std::size_t size = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
  std::vector<double> A(size, 1.0), B(size, 1.0), C(size, 0.0);
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1.0, A.data(), n, B.data(), n, 1.0, C.data(), n);
    best = std::min(best, since(start));
  }
  return 2.0 * static_cast<double>(size) * static_cast<double>(n) / best;
}

}  // namespace nf::bench
