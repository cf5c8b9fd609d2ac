// The yardsticks of the speed benchmark: the library calls the engine is built
// on, alone, on data already in memory.
//   bare_pluq         FFLAS-FFPACK PLUQ of one matrix modulo p, over
//                     Givaro::Modular<double> or ModularBalanced<double>
//                     (the matrix copied in before the clock starts)
//   bare_dgemm_rate   OpenBLAS dgemm flops per second on square n x n
//                     products with every core (best of 3)
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nf::bench {

enum class BareField { Modular, ModularBalanced };

// Seconds of one PLUQ of the M x N matrix A (residues in [0, p)) over the
// field; `rank` receives its rank.  A is copied, not changed.
double bare_pluq(BareField field, std::uint32_t p, std::size_t M, std::size_t N, const std::vector<double>& A,
                 std::size_t& rank);

// Flops per second of dgemm (C += A B^T, row-major, the engine's layout) on n x n operands.
double bare_dgemm_rate(int n);

}  // namespace nf::bench
