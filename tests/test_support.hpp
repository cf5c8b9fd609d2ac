// Helpers shared by the unit tests: a logged random seed and an iteration scale.
//   NF_TEST_SEED   the seed (printed by every randomized test); default the
//                  fixed kDefaultSeed, so that runs repeat; "random" takes one
//                  from the clock
//   NF_TEST_SCALE  multiplies the number of random iterations (default 1)
#pragma once

#include <doctest/doctest.h>
#include <gmpxx.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "model/network.hpp"

namespace nf::test {

inline constexpr std::uint64_t kDefaultSeed = 20261202;

inline std::uint64_t test_seed() {
  const char* s = std::getenv("NF_TEST_SEED");
  if (s == nullptr || *s == '\0') return kDefaultSeed;
  if (std::string(s) == "random")
    return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  return std::strtoull(s, nullptr, 10);
}

inline int scaled(int iterations) {
  double scale = 1.0;
  if (const char* s = std::getenv("NF_TEST_SCALE")) scale = std::strtod(s, nullptr);
  int n = static_cast<int>(iterations * scale);
  return n < 1 ? 1 : n;
}

// A random rational p/q with |p| <= max_num, 1 <= q <= max_den.
inline mpq_class random_rational(std::mt19937_64& rng, long max_num, long max_den) {
  std::uniform_int_distribution<long> num(-max_num, max_num), den(1, max_den);
  mpq_class q(num(rng), den(rng));
  q.canonicalize();
  return q;
}

inline Network random_network(std::mt19937_64& rng, std::size_t n, std::size_t m, long max_num, long max_den) {
  std::vector<mpq_class> a(n * m), w(m);
  for (auto& x : a) x = random_rational(rng, max_num, max_den);
  for (auto& x : w) x = random_rational(rng, max_num, max_den);
  return Network(n, m, std::move(a), std::move(w));
}

}  // namespace nf::test
