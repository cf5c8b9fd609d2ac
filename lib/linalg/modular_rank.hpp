// Dense linear algebra modulo a word-size prime on BLAS (FFLAS-FFPACK's
// PLUQ over Givaro::Modular<double>, OpenBLAS underneath).  Matrices are
// row-major arrays of doubles holding residues in [0, p); p must be a prime
// below 2^23 (so that FFLAS can delay reductions in its BLAS products).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nf {

struct ModularRankProfile {
  std::uint64_t rank = 0;
  // rows[t], cols[t] (t < rank): the pivots of the PLUQ factorization; the
  // rank x rank submatrix on these rows and columns is nonsingular mod p.
  std::vector<std::uint64_t> rows, cols;
};

// Rank and pivots of the M x N matrix A (destroyed).  threads: OpenBLAS
// threads during the factorization (0 = all cores).  O(M N min(M, N)).
ModularRankProfile modular_rank_profile(std::uint32_t p, std::size_t M, std::size_t N, double* A, unsigned threads);

// Solves C X = F mod p for the r x r matrix C (destroyed) and the r x k
// matrix F (overwritten by X).  Returns false when C is singular mod p.
bool modular_solve(std::uint32_t p, std::size_t r, std::size_t k, double* C, double* F, unsigned threads);

}  // namespace nf
