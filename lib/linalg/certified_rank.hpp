// Certified rank of the matrix A (A7) of a network, fast on every matrix.
//
// Engines (RankEngine):
//   Dense       A modulo a seeded random prime p < 2^20 built directly from the
//               weights, PLUQ on BLAS (FFLAS-FFPACK over OpenBLAS).  The rank r
//               modulo p is a lower bound over Q, certified by the nonzero
//               r x r minor on the pivot rows and columns (a minor nonzero mod p
//               is a nonzero rational: p divides no denominator of a).  When
//               r < min(rows, m) the upper bound comes from exact rational
//               kernel vectors: first the neurons that repeat an earlier
//               neuron's input weights (e_j - e_j'), then, if still needed,
//               the kernel on the side with fewer vectors (right: m - r,
//               left: rows - r), solved modulo further primes with the same
//               pivots, reconstructed by Chinese remaindering and rational
//               reconstruction, and checked exactly against A (modulo 62-bit
//               primes whose product exceeds a proven bound on every entry of
//               A v).  Kernel vectors are in echelon form: vector t is 1 at its
//               own pivot position and every vector listed after it is 0
//               there, so the vectors are independent.
//   Structured  every row h of a takes at most r_h + 1 values: rank = number of
//               distinct value patterns (structured.hpp, proofs/lemmas/two_valued.md).
//   Flint       FLINT: rank modulo a 62-bit prime, and fmpz_mat_rank when that
//               is below the row count.  The reference; no certificate.
// Default: Structured when it applies, else Dense.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "model/network.hpp"
#include "model/target.hpp"

namespace nf {

enum class RankEngine { Dense, Structured, Flint };

std::string to_string(RankEngine e);
// "dense" | "structured" | "flint"; throws InputError otherwise.
RankEngine parse_rank_engine(const std::string& name);

// A kernel vector in sparse form: (index, value) pairs by increasing index,
// value 1 at `pivot`; zero at the pivots of the vectors listed before it.
struct KernelVector {
  std::uint64_t pivot = 0;
  std::vector<std::pair<std::uint64_t, mpq_class>> entries;
};

// Both halves of a rank certificate.
struct RankCertificate {
  enum class Kind { Minor, Patterns };
  enum class Side { None, Right, Left };
  Kind kind = Kind::Minor;
  std::uint64_t rows = 0, cols = 0, rank = 0;
  // Minor: rank <= the r x r minor on these rows and columns is nonzero mod prime.
  std::uint32_t prime = 0;
  std::vector<std::uint64_t> minor_rows, minor_cols;
  // Upper bound: None when rank = min(rows, cols); else kernel vectors of A
  // (Right: A v = 0, length cols) or of A^T (Left: y^T A = 0, length rows).
  Side side = Side::None;
  std::vector<KernelVector> kernel;
};

struct RankOptions {
  std::optional<RankEngine> engine;  // default: structured when it applies, else dense
  unsigned threads = 0;              // 0: every core
  ResourceLimits limits;
  std::uint64_t seed = 1;            // picks the primes
  bool keep_certificate = false;     // fill CertifiedRank::certificate
};

struct CertifiedRank {
  std::uint64_t rows = 0, cols = 0, rank = 0;
  bool certified = false;  // both bounds proven (always, unless `method` says otherwise)
  RankEngine engine = RankEngine::Dense;
  std::string method;
  double rank_seconds = 0;         // the rank itself (modular elimination or pattern count)
  double certificate_seconds = 0;  // kernel vectors and their exact checks
  std::optional<RankCertificate> certificate;
};

// Throws InputError (target of wrong length; engine Structured requested on a
// network it does not apply to) and LimitError (A or the kernel above
// opts.limits, naming --max-memory) before large allocations.
CertifiedRank certified_rank(const Network& net, const Target& target, const RankOptions& opts);

// Estimated bytes of the dense engine for a rows x m matrix: its elimination
// in floats modulo a small prime (checked by certified_rank; exposed for
// limit checks before a network is built).  When that rank needs kernel
// vectors or falls short, the elimination in doubles needs
// dense_rank_double_bytes; above the limit the rank is reported uncertified
// (a proven lower bound) rather than refused.
double dense_rank_bytes(std::uint64_t rows, std::uint64_t m);
double dense_rank_double_bytes(std::uint64_t rows, std::uint64_t m);

// The certificate as plain text (grammar in proofs/lemmas/rank_certificate.md):
// version line, the network's input weights, the target, both halves.
void write_rank_certificate(std::ostream& out, const Network& net, const Target& target, const RankCertificate& cert);

}  // namespace nf
