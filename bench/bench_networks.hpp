// The benchmark instances, named once: the paper's gate (A4), its scaled
// double (identities hold, no two-valued row), random networks, and a random
// network with one neuron repeated.
#pragma once

#include <gmpxx.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "model/construction.hpp"
#include "model/network.hpp"

namespace nf::bench {

// Two copies of (A4); row i of copy c scaled by s_ci = p/q (1 <= p, q <= 9),
// the output weights of copy c divided by prod_i s_ci and halved.  m = 2^(n+1).
// Satisfies (A2)/(A3) exactly; row i takes the four values +-s_0i, +-s_1i
// (two when s_0i = s_1i, which the seed may produce rarely).
inline Network scaled_double_gate(std::size_t n, std::uint64_t seed) {
  const Network gate = canonical_product_gate(n, Activation::generic());
  const std::size_t half = gate.neurons(), m = 2 * half;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<long> digit(1, 9);
  std::vector<mpq_class> a(n * m), w(m);
  for (std::size_t c = 0; c < 2; ++c) {
    mpq_class product = 1;
    std::vector<mpq_class> s(n);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = mpq_class(digit(rng), digit(rng));
      s[i].canonicalize();
      product *= s[i];
    }
    for (std::size_t j = 0; j < half; ++j) {
      for (std::size_t i = 0; i < n; ++i) a[i * m + c * half + j] = gate.a(i, j) * s[i];
      w[c * half + j] = gate.w(j) / product / 2;
    }
  }
  return Network(n, m, std::move(a), std::move(w));
}

// a_ij uniform integers in [-range, range], w_j uniform in [-range, range].
inline Network random_integer_network(std::size_t n, std::size_t m, long range, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<long> u(-range, range);
  std::vector<mpq_class> a(n * m), w(m);
  for (auto& x : a) x = u(rng);
  for (auto& x : w) x = u(rng);
  return Network(n, m, std::move(a), std::move(w));
}

// The same network with neuron m-1 replaced by a copy of neuron 0.
inline Network with_repeated_neuron(const Network& net) {
  const std::size_t n = net.inputs(), m = net.neurons();
  std::vector<mpq_class> a = net.a_row_major(), w = net.w_all();
  for (std::size_t i = 0; i < n; ++i) a[i * m + m - 1] = a[i * m];
  return Network(n, m, std::move(a), std::move(w));
}

// Every row two-valued: row i takes alpha_i or beta_i (random small rationals,
// distinct), neuron j uses pattern bits from a random permutation of 0..2^n-1,
// and random small rational output weights.  Full rank, identities fail.
inline Network random_two_valued_network(std::size_t n, std::uint64_t seed) {
  const std::size_t m = std::size_t(1) << n;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<long> digit(1, 9);
  std::vector<std::size_t> pattern(m);
  for (std::size_t j = 0; j < m; ++j) pattern[j] = j;
  std::shuffle(pattern.begin(), pattern.end(), rng);
  std::vector<CodedRow> rows;
  for (std::size_t i = 0; i < n; ++i) {
    mpq_class alpha(digit(rng), digit(rng)), beta;
    alpha.canonicalize();
    do {
      beta = mpq_class(-digit(rng), digit(rng));
      beta.canonicalize();
    } while (beta == alpha);
    rows.push_back(CodedRow::from_codes({alpha, beta}, m, [&](std::size_t j) { return (pattern[j] >> i) & 1u; }));
  }
  std::vector<mpq_class> w(m);
  for (auto& x : w) {
    x = mpq_class(digit(rng) - 5, digit(rng));
    x.canonicalize();
  }
  return Network(n, m, std::move(rows), CodedRow(w));
}

}  // namespace nf::bench
