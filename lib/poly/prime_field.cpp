#include "poly/prime_field.hpp"

#include <flint/fmpz.h>
#include <flint/ulong_extras.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/error.hpp"

namespace nf {

namespace {

// Several vector widths, chosen at run time; the baseline is plain x86-64.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && defined(__GNUC__) && !defined(__clang__)
#define NF_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NF_VECTOR_CLONES
#endif

constexpr double kRoundMagic = 6755399441055744.0;  // 1.5 * 2^52: (v + M) - M rounds v to an integer

}  // namespace

std::vector<std::uint32_t> blas_primes(std::size_t count) {
  static std::mutex lock;
  static std::vector<std::uint32_t> cache;
  if (count > kMaxBlasPrimes) throw InternalError("blas_primes: more than kMaxBlasPrimes primes requested");
  std::lock_guard<std::mutex> guard(lock);
  while (cache.size() < count) {
    ulong p = cache.empty() ? (ulong(1) << kBlasPrimeBits) - 1 : cache.back() - 2ul;
    while (!n_is_prime(p)) p -= 2;  // n_is_prime is a proof for word-size integers
    cache.push_back(static_cast<std::uint32_t>(p));
  }
  return std::vector<std::uint32_t>(cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(count));
}

std::size_t primes_for_bound(const mpz_class& bound) {
  const mpz_class target = 2 * abs(bound);
  const std::size_t bits = mpz_sizeinbase(target.get_mpz_t(), 2);
  // Every prime lies in (2^21, 2^22): bits / 22 of them are too few, and
  // bits / 21 + 1 of them are enough (their product exceeds 2^bits > target).
  const std::vector<std::uint32_t> ps = blas_primes(bits / 21 + 1);  // InternalError above kMaxBlasPrimes
  std::size_t t = std::max<std::size_t>(bits / kBlasPrimeBits, 1);
  mpz_class product = 1;
  for (std::size_t k = 0; k < t; ++k) product *= ps[k];
  while (product <= target) product *= ps[t++];
  return t;
}

std::uint32_t residue(const mpz_class& x, std::uint32_t p) {
  return static_cast<std::uint32_t>(mpz_fdiv_ui(x.get_mpz_t(), p));
}

std::uint32_t residue_of_double(double x, std::uint32_t p) {
  const long long v = static_cast<long long>(x);
  long long r = v % static_cast<long long>(p);
  if (r < 0) r += p;
  return static_cast<std::uint32_t>(r);
}

NF_VECTOR_CLONES
void reduce_centered(double* x, std::size_t len, const DoubleModulus& mod) {
  const double p = mod.p, pinv = mod.pinv, h = (mod.p - 1) * 0.5;
  for (std::size_t k = 0; k < len; ++k) {
    const double q = (x[k] * pinv + kRoundMagic) - kRoundMagic;
    double z = x[k] - q * p;
    z -= z > h ? p : 0.0;
    z += z < -h ? p : 0.0;
    x[k] = z;
  }
}

NF_VECTOR_CLONES
void mul_reduce(double* out, const double* a, const double* b, std::size_t len, const DoubleModulus& mod) {
  const double p = mod.p, pinv = mod.pinv, h = (mod.p - 1) * 0.5;
  for (std::size_t k = 0; k < len; ++k) {
    const double x = a[k] * b[k];
    const double q = (x * pinv + kRoundMagic) - kRoundMagic;
    double z = x - q * p;
    z -= z > h ? p : 0.0;
    z += z < -h ? p : 0.0;
    out[k] = z;
  }
}

NF_VECTOR_CLONES
void mul_exact(double* out, const double* a, const double* b, std::size_t len) {
  for (std::size_t k = 0; k < len; ++k) out[k] = a[k] * b[k];
}

struct CrtBasis::Tree {
  explicit Tree(const std::vector<std::uint32_t>& primes)
      : limbs(primes.begin(), primes.end()), residues(primes.size()) {
    fmpz_comb_init(comb, limbs.data(), static_cast<slong>(limbs.size()));
    fmpz_comb_temp_init(temp, comb);
    fmpz_init(out);
  }
  ~Tree() {
    fmpz_clear(out);
    fmpz_comb_temp_clear(temp);
    fmpz_comb_clear(comb);
  }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  // The representative in [0, P).
  mpz_class reconstruct(const std::uint32_t* r) {
    for (std::size_t k = 0; k < residues.size(); ++k) residues[k] = r[k];
    fmpz_multi_CRT_ui(out, residues.data(), comb, temp, 0);
    mpz_class x;
    fmpz_get_mpz(x.get_mpz_t(), out);
    return x;
  }
  std::vector<mp_limb_t> limbs, residues;
  fmpz_comb_t comb;
  fmpz_comb_temp_t temp;
  fmpz_t out;
};

CrtBasis::CrtBasis(std::vector<std::uint32_t> primes) : primes_(std::move(primes)) {
  product_ = 1;
  const bool garner = primes_.size() <= kGarnerPrimes;
  for (std::uint32_t p : primes_) {
    if (garner) {
      prefix_.push_back(product_);
      const ulong inv = n_invmod(static_cast<ulong>(mpz_fdiv_ui(product_.get_mpz_t(), p)), p);
      prefix_inv_.push_back(static_cast<std::uint32_t>(inv));
    }
    product_ *= p;
  }
  half_ = product_ / 2;
  if (!garner) tree_ = std::make_unique<Tree>(primes_);
}

CrtBasis::~CrtBasis() = default;

mpz_class CrtBasis::reconstruct_nonnegative(const std::uint32_t* residues) const {
  if (tree_) return tree_->reconstruct(residues);
  // Garner: x_k = x_{k-1} + P_{k-1} * ((r_k - x_{k-1}) / P_{k-1} mod p_k), 0 <= x_k < P_k.
  mpz_class x = 0;
  for (std::size_t k = 0; k < primes_.size(); ++k) {
    const std::uint64_t p = primes_[k];
    const std::uint64_t xk = mpz_fdiv_ui(x.get_mpz_t(), static_cast<unsigned long>(p));
    const std::uint64_t diff = (residues[k] + p - xk) % p;
    const std::uint64_t c = diff * prefix_inv_[k] % p;
    if (c) x += prefix_[k] * static_cast<unsigned long>(c);
  }
  return x;
}

mpz_class CrtBasis::reconstruct(const std::uint32_t* residues) const {
  mpz_class x = reconstruct_nonnegative(residues);
  if (x > half_) x -= product_;
  return x;
}

}  // namespace nf

namespace nf {

NF_VECTOR_CLONES
void mul_mod(double* out, const double* a, const double* b, std::size_t len, const DoubleModulus& mod) {
  const double p = mod.p, pinv = mod.pinv;
  for (std::size_t k = 0; k < len; ++k) {
    const double x = a[k] * b[k];
    const double q = (x * pinv + kRoundMagic) - kRoundMagic;
    double z = x - q * p;
    z += z < 0 ? p : 0.0;
    z -= z >= p ? p : 0.0;
    out[k] = z;
  }
}

std::uint32_t seeded_prime(unsigned bits, std::uint64_t seed, std::uint64_t index) {
  if (bits < 3 || bits > 31) throw InternalError("seeded_prime: bits must be in [3, 31]");
  std::uint64_t state = seed * 0x9e3779b97f4a7c15ull + index * 0xbf58476d1ce4e5b9ull + 0x94d049bb133111ebull;
  for (;;) {
    state ^= state >> 31;
    state *= 0xd6e8feb86659fd93ull;
    state ^= state >> 32;
    const std::uint64_t low = std::uint64_t(1) << (bits - 1);
    const std::uint64_t candidate = (low + state % low) | 1u;
    if (candidate < (std::uint64_t(1) << bits) && n_is_prime(candidate)) return static_cast<std::uint32_t>(candidate);
    state += 0x2545f4914f6cdd1dull;
  }
}

std::uint64_t inverse_mod(std::uint64_t x, std::uint64_t p) { return n_invmod(x % p, p); }

}  // namespace nf
