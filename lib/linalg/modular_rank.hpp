// Dense linear algebra modulo a word-size prime on BLAS (FFLAS-FFPACK's PLUQ
// over Givaro's balanced fields, OpenBLAS underneath).  Matrices are
// row-major.
//
// Two fields.  ModularBalanced<double> for primes below 2^23 (residues held
// in doubles, FFLAS delays reductions over about 2^53 / (p/2)^2 products), and
// ModularBalanced<float> for primes below 2^10 (residues in floats, sgemm:
// twice the SIMD width and half the memory; on the benchmark machine its PLUQ
// of a 4096 x 4096 matrix takes 0.88 s against 1.4 s in double and 2.2 s over
// Modular<double>, bench_speed rank).  A small prime loses rank with
// probability about 1/p on a random matrix, never changes a nonzero minor
// into a false one: a rank modulo p is a lower bound on the rank over Q.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nf {

// Primes of this many bits (in [2^8, 2^9)) for the float field.
inline constexpr unsigned kSmallRankPrimeBits = 9;
// The float field's primes must lie below this.
inline constexpr std::uint32_t kSmallRankPrimeLimit = 1u << 10;

struct ModularRankProfile {
  std::uint64_t rank = 0;
  // rows[t], cols[t] (t < rank): the pivots of the PLUQ factorization; the
  // rank x rank submatrix on these rows and columns is nonsingular mod p.
  std::vector<std::uint64_t> rows, cols;
};

// Rank and pivots of the M x N matrix A (destroyed) of residues in [0, p),
// p a prime in [3, 2^23).  threads: OpenBLAS threads during the
// factorization (0 = all cores).  O(M N min(M, N)).
ModularRankProfile modular_rank_profile(std::uint32_t p, std::size_t M, std::size_t N, double* A, unsigned threads);

// The same over ModularBalanced<float>: A holds centered residues in
// [-(p-1)/2, (p-1)/2], p a prime in [3, kSmallRankPrimeLimit).
ModularRankProfile modular_rank_profile(std::uint32_t p, std::size_t M, std::size_t N, float* A, unsigned threads);

// Solves C X = F mod p for the r x r matrix C (destroyed) and the r x k
// matrix F (overwritten by X), residues in [0, p).  Returns false when C is
// singular mod p.
bool modular_solve(std::uint32_t p, std::size_t r, std::size_t k, double* C, double* F, unsigned threads);

}  // namespace nf
