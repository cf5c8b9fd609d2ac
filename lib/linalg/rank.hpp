// Exact rank over Q.
//
//   rank_exact      rank modulo a random 62-bit prime p first: a rank equal
//                   to the number of rows certifies full row rank over Q
//                   (a nonzero minor mod p is a nonzero integer).  Otherwise
//                   FLINT's exact fmpz_mat_rank decides.
//   rank_reference  textbook Gaussian elimination over mpq_class: slow, for tests.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/flint.hpp"

namespace nf {

struct RankResult {
  std::uint64_t rank = 0;
  std::string method;  // how the rank was established
};

RankResult rank_exact(const FmpzMat& matrix, std::uint64_t seed = 1);

std::uint64_t rank_reference(std::vector<std::vector<mpq_class>> rows);

}  // namespace nf
