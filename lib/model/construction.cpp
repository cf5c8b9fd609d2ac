#include "model/construction.hpp"

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace nf {

Network canonical_product_gate(std::size_t n, const Activation& activation) {
  if (n == 0 || n > 30) throw InputError("canonical product gate: n must be in 1..30, got " + std::to_string(n));
  const std::size_t m = std::size_t(1) << n;
  mpz_class factorial;
  mpz_fac_ui(factorial.get_mpz_t(), n);
  const mpq_class scale = mpq_class(1) / (mpq_class(mpz_class(m) * factorial) * activation.normalization(static_cast<unsigned>(n)));
  // Compact form (network.hpp): row i is +1 (code 0) or -1 (code 1) by bit i
  // of j; w_j is +scale (code 0) or -scale (code 1) by the parity of j.
  std::vector<CodedRow> rows;
  for (std::size_t i = 0; i < n; ++i)
    rows.push_back(CodedRow::from_codes({mpq_class(1), mpq_class(-1)}, m, [i](std::size_t j) { return (j >> i) & 1u; }));
  CodedRow w = CodedRow::from_codes({scale, mpq_class(-scale)}, m,
                                    [](std::size_t j) { return static_cast<unsigned>(__builtin_popcountll(j) & 1); });
  return Network(n, m, std::move(rows), std::move(w));
}

namespace {

mpz_class factorial(unsigned k) {
  mpz_class f;
  mpz_fac_ui(f.get_mpz_t(), k);
  return f;
}

// Divided-difference weights on the nodes 2t - r, t = 0..r.
std::vector<mpq_class> divided_difference_weights(unsigned r) {
  std::vector<mpq_class> lambda(r + 1);
  for (unsigned t = 0; t <= r; ++t) {
    mpq_class denominator = 1;
    for (unsigned u = 0; u <= r; ++u)
      if (u != t) denominator *= 2 * (static_cast<long>(t) - static_cast<long>(u));
    lambda[t] = 1 / denominator;
  }
  return lambda;
}

}  // namespace

Network monomial_gate(const Target& target, const Activation& activation) {
  const std::size_t n = target.r.size();
  const unsigned d = target.degree();
  if (n == 0 || d == 0) throw InputError("monomial gate: the target must have positive degree");
  std::uint64_t m = 1;
  for (unsigned e : target.r) {
    m *= e + 1ull;
    if (m > (1ull << 30)) throw InputError("monomial gate: more than 2^30 neurons");
  }
  mpq_class scale = mpq_class(1) / (mpq_class(factorial(d)) * activation.normalization(d));
  for (unsigned e : target.r) scale *= factorial(e);
  std::vector<std::vector<mpq_class>> lambda;
  for (unsigned e : target.r) lambda.push_back(divided_difference_weights(e));
  std::vector<mpq_class> a(n * m), w(m);
  for (std::uint64_t j = 0; j < m; ++j) {
    std::uint64_t rest = j;
    mpq_class weight = scale;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned t = static_cast<unsigned>(rest % (target.r[i] + 1ull));
      rest /= target.r[i] + 1ull;
      a[i * m + j] = 2 * static_cast<long>(t) - static_cast<long>(target.r[i]);
      weight *= lambda[i][t];
    }
    w[j] = weight;
  }
  return Network(n, m, std::move(a), std::move(w));
}

Network half_product_gate(std::size_t n, const Activation& activation) {
  if (n == 0 || n > 30) throw InputError("half product gate: n must be in 1..30, got " + std::to_string(n));
  const Network full = canonical_product_gate(n, activation);
  const std::size_t m = full.neurons() / 2;
  std::vector<mpq_class> a(n * m), w(m);
  std::size_t kept = 0;
  for (std::size_t j = 0; j < full.neurons(); ++j) {
    if (full.a(0, j) != 1) continue;
    for (std::size_t i = 0; i < n; ++i) a[i * m + kept] = full.a(i, j);
    w[kept++] = 2 * full.w(j);
  }
  return Network(n, m, std::move(a), std::move(w));
}

}  // namespace nf
