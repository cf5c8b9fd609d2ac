// Word-size modular arithmetic for the fast engines: primes below 2^22 held
// in doubles (so that BLAS products of residues are exact), reduction to the
// centered range, the Chinese remainder theorem, and the bound argument that
// makes residues conclusive.
//
// Exactness argument (used by every caller).  An integer S with |S| <= B is
// determined by its residues modulo primes p_1..p_t whose product P exceeds
// 2B: the centered representative of S mod P (in (-P/2, P/2]) is S itself.
// In particular S = 0 exactly when every residue is 0.  Callers prove B from
// the input (sum_j |W_j| prod_i max|A_i|^r_i for a moment) before choosing t;
// a residue is never read as a verdict without such a bound.
//
// Exact doubles.  A double holds every integer of magnitude <= 2^53.  With
// centered residues |x|, |y| <= (p-1)/2 < 2^21 the product xy is exact
// (< 2^42) and a sum of up to kBlasChunk = 1024 such products plus one
// centered residue stays below 2^52 + 2^21 < 2^53, so a BLAS dgemm over a
// chunk of at most kBlasChunk columns is exact whatever order it sums in
// (every partial sum is an integer below 2^53 in magnitude).
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace nf {

inline constexpr unsigned kBlasPrimeBits = 22;
inline constexpr std::size_t kBlasChunk = 1024;
// Largest magnitude for which double arithmetic on integers is exact.
inline constexpr double kExactDoubleLimit = 9007199254740992.0;  // 2^53

// At most this many: all of them lie above 2^21 (there are about 131000
// primes between 2^21 and 2^22), so each contributes more than 21 bits.
inline constexpr std::size_t kMaxBlasPrimes = 100000;

// The `count` largest primes below 2^22, in decreasing order.  Throws
// InternalError if more than kMaxBlasPrimes are asked for.
std::vector<std::uint32_t> blas_primes(std::size_t count);

// The least t such that the product of blas_primes(t) exceeds 2 * bound;
// InternalError when bits(2 * bound) / 21 + 1 (primes enough in any case)
// exceeds kMaxBlasPrimes.
std::size_t primes_for_bound(const mpz_class& bound);

// x mod p in [0, p).
std::uint32_t residue(const mpz_class& x, std::uint32_t p);
// The centered representative of r in [0, p): r or r - p, in [-(p-1)/2, (p-1)/2].
inline double centered(std::uint32_t r, std::uint32_t p) {
  return r > p / 2 ? static_cast<double>(r) - static_cast<double>(p) : static_cast<double>(r);
}
// x mod p in [0, p) for an exact integer x held in a double, |x| < 2^53.
std::uint32_t residue_of_double(double x, std::uint32_t p);

// Modulus p held as a double with its inverse, for vector reductions.
struct DoubleModulus {
  double p = 0, pinv = 0;
  DoubleModulus() = default;
  explicit DoubleModulus(std::uint32_t prime) : p(static_cast<double>(prime)), pinv(1.0 / static_cast<double>(prime)) {}
};

// x[k] <- centered representative of x[k] mod p, for exact integers
// |x[k]| <= 2^52 + 2^22.  The quotient q = round(x * (1/p)) is off by at most
// one (rounding error below 2^-20 against a distance of at least 1/(2p) from
// a half-integer), q*p and x - q*p are exact, and one correction by +-p brings
// the result into [-(p-1)/2, (p-1)/2].
void reduce_centered(double* x, std::size_t len, const DoubleModulus& mod);
// out[k] <- centered (a[k] * b[k] mod p), for centered a[k], b[k].
void mul_reduce(double* out, const double* a, const double* b, std::size_t len, const DoubleModulus& mod);
// out[k] <- a[k] * b[k] (exact integers whose product the caller has bounded below 2^53).
void mul_exact(double* out, const double* a, const double* b, std::size_t len);

// Chinese remaindering over a fixed list of primes: Garner's incremental
// formula for up to kGarnerPrimes primes (prefix products kept, O(t^2) word
// operations per value), FLINT's subproduct tree (fmpz_comb) above that
// (O(t) memory, quasi-linear time per value).  Not to be shared between
// threads.
class CrtBasis {
 public:
  static constexpr std::size_t kGarnerPrimes = 48;
  explicit CrtBasis(std::vector<std::uint32_t> primes);
  ~CrtBasis();
  CrtBasis(const CrtBasis&) = delete;
  CrtBasis& operator=(const CrtBasis&) = delete;
  const std::vector<std::uint32_t>& primes() const { return primes_; }
  const mpz_class& modulus() const { return product_; }
  // The centered representative in (-P/2, P/2] of the integer with residues
  // residues[k] mod primes[k] (each in [0, p_k)).
  mpz_class reconstruct(const std::uint32_t* residues) const;
  // The representative in [0, P) (for rational reconstruction).
  mpz_class reconstruct_nonnegative(const std::uint32_t* residues) const;

 private:
  struct Tree;  // the subproduct tree and its scratch space
  std::vector<std::uint32_t> primes_;
  std::vector<mpz_class> prefix_;            // p_0 ... p_{k-1} (Garner only)
  std::vector<std::uint32_t> prefix_inv_;    // (p_0 ... p_{k-1})^{-1} mod p_k (Garner only)
  mpz_class product_, half_;
  std::unique_ptr<Tree> tree_;
};

}  // namespace nf

namespace nf {

// out[k] <- a[k] * b[k] mod p in [0, p), for a[k], b[k] in [0, p), p < 2^23.
void mul_mod(double* out, const double* a, const double* b, std::size_t len, const DoubleModulus& mod);

// A random prime in [2^(bits-1), 2^bits) from a seeded generator (deterministic
// for a given seed and index); 3 <= bits <= 31.
std::uint32_t seeded_prime(unsigned bits, std::uint64_t seed, std::uint64_t index);

// The inverse of x modulo the prime p (x not divisible by p).
std::uint64_t inverse_mod(std::uint64_t x, std::uint64_t p);

}  // namespace nf
