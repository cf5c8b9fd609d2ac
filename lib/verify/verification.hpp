// The engine's main entry point: is this network an exact product gate (or,
// generally, an exact x^r gate) under this activation, and what does the rank
// of A (A7) say?
//
// Example (the worked example of the engine, repeated as a test):
//   Network net = canonical_product_gate(3, Activation::generic());
//   VerificationReport rep = verify_network(net, Activation::generic(), Target::product(3), {});
//   rep.identities.holds == true, rep.rank->rank == 8, rep.verdict == Verdict::Verified.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "core/verdict.hpp"
#include "linalg/certified_rank.hpp"
#include "model/activation.hpp"
#include "model/network.hpp"
#include "model/target.hpp"
#include "poly/expansion.hpp"
#include "verify/identities.hpp"

namespace nf {

struct VerifyOptions {
  // Default: the fastest that applies (structured for a two-valued network
  // and the product target when its lemma decides, else moment).
  std::optional<ExpansionEngine> engine;
  // Default: structured when every row h takes at most r_h + 1 values, else dense.
  std::optional<RankEngine> rank_engine;
  unsigned threads = 0;  // 0: every core
  ResourceLimits limits;
  unsigned max_failures = 5;
  // --tolerance T: every residual certified <= T gives the verdict
  // Approximate; a residual certified > T, Refuted.
  std::optional<mpq_class> tolerance;
  bool compute_rank = true;
  bool keep_rank_certificate = false;  // fill RankReport::certificate
};

struct RankReport {
  std::uint64_t rows = 0;  // prod (r_h + 1): 2^n for the product gate
  std::uint64_t cols = 0;  // m
  std::uint64_t rank = 0;
  bool full_row_rank = false;
  bool certified = true;   // both bounds proven (see certified_rank.hpp)
  std::string engine;      // dense | structured | flint
  std::string method;
  double seconds = 0;              // rank and certificate together
  double rank_seconds = 0;         // the rank alone
  double certificate_seconds = 0;  // the upper-bound certificate (kernel vectors)
  std::optional<RankCertificate> certificate;
};

struct VerificationReport {
  std::size_t n = 0, m = 0;
  std::string activation;
  std::string target;  // formatted monomial
  unsigned degree = 0;
  std::string engine;            // literal | moment | structured: the path that ran
  std::string expansion_method;  // how it ran (arithmetic, bound, primes, threads; fallbacks)
  bool hypothesis_holds = true;             // sigma_k != 0 for all k <= d
  std::vector<unsigned> vanishing_degrees;  // the k <= d with sigma_k = 0
  bool biases = false;                      // some b_j or c is nonzero
  // The activation is not smooth (relu): the Taylor criterion does not apply
  // and no identity is checked.
  bool taylor_applies = true;
  IdentityReport identities;
  std::optional<RankReport> rank;
  // Verified: the identities hold (the network is an exact gate in the limit
  // lambda -> 0).  Approximate: every residual is certified within the
  // tolerance.  Refuted: a residual is certified nonzero (above the
  // tolerance), or the Taylor criterion does not apply.  Unknown: some
  // coefficient's enclosure could not be separated, or the rank of A could
  // not be certified.
  Verdict verdict = Verdict::Unknown;
  // The identities and the hypothesis hold and yet rank < rows: a
  // counterexample to the theorem.  Never expected on a correct engine.
  bool counterexample = false;
  std::string conclusion;  // one or two sentences, for people
  double expansion_seconds = 0;
  double seconds = 0;
};

// The resource checks verify_network makes, callable before a network is
// built: the network's own storage, the expansion and (when asked) A.
// Throws LimitError naming the estimate, the limit and the flag.  Assumes
// exact weights stored one by one; the overload below takes a compact
// network's bytes per weight and the rank engine (Structured: no matrix).
void check_verification_limits(std::size_t n, std::size_t m, unsigned degree, std::uint64_t rows,
                               ExpansionEngine engine, bool with_rank, const ResourceLimits& limits);
void check_verification_limits(std::size_t n, std::size_t m, unsigned degree, std::uint64_t rows,
                               ExpansionEngine engine, bool with_rank, RankEngine rank_engine,
                               double bytes_per_weight, const ResourceLimits& limits);

// The rank of A alone (rank-check --rank-only): certified_rank with the
// options' rank engine, threads, limits and certificate request.
RankReport rank_report(const Network& net, const Target& target, const VerifyOptions& opts);

// Throws InputError (target of wrong length or degree 0; the generic
// activation with biases) and LimitError (estimated work or memory above
// opts.limits) before any large computation.
VerificationReport verify_network(const Network& net, const Activation& activation, const Target& target,
                                  const VerifyOptions& opts);

}  // namespace nf
