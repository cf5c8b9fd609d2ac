#include "model/construction.hpp"

#include <string>

#include "core/error.hpp"

namespace nf {

Network canonical_product_gate(std::size_t n, const Activation& activation) {
  if (n == 0 || n > 30) throw InputError("canonical product gate: n must be in 1..30, got " + std::to_string(n));
  const std::size_t m = std::size_t(1) << n;
  mpz_class factorial;
  mpz_fac_ui(factorial.get_mpz_t(), n);
  const mpq_class scale = mpq_class(1) / (mpq_class(mpz_class(m) * factorial) * activation.normalization(n));
  std::vector<mpq_class> a(n * m);
  std::vector<mpq_class> w(m);
  for (std::size_t j = 0; j < m; ++j) {
    int parity = 1;
    for (std::size_t i = 0; i < n; ++i) {
      bool in_subset = (j >> i) & 1u;
      a[i * m + j] = in_subset ? -1 : 1;
      if (in_subset) parity = -parity;
    }
    w[j] = parity * scale;
  }
  return Network(n, m, std::move(a), std::move(w));
}

}  // namespace nf
