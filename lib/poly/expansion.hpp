// Truncated expansion of a network's output, degree by degree:
//
//   sum_j w_j sigma(a_j . x) = sum_k sigma_k P_k(x),   P_k(x) = sum_j w_j (a_j . x)^k,
//
// and the coefficient of x^r (|r| = k) in P_k is
//
//   [x^r] P_k = k!/r! * sum_j w_j prod_i a_ij^r_i        (r! = prod_i r_i!)
//
// (the paper's (A2)/(A3) multiply P_k by sigma_k; that is left to the checker).
//
// Engines report to an ExpansionSink and know nothing about identities:
//   Literal  FLINT fmpq_mpoly: builds each linear form a_j . x, takes its
//            powers and accumulates w_j (a_j . x)^k.  The reference.
//   Moment   the coefficient formula above, all exponent vectors at once as
//            BLAS matrix products over exact doubles or word-size primes
//            (see expand_moment).  No polynomial arithmetic, no structure
//            of the weights assumed.
// Both report every degree k = 0..d and every nonzero coefficient exactly, in
// unspecified order; they must agree term for term.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/limits.hpp"
#include "model/network.hpp"
#include "model/target.hpp"

namespace nf {

class ExpansionSink {
 public:
  virtual ~ExpansionSink() = default;
  // Called once per degree k = 0..d before any term: the number of monomials
  // of degree k in n variables that the engine examines, C(n+k-1, k).
  virtual void on_degree(unsigned k, std::uint64_t monomials) = 0;
  // A nonzero coefficient of x^r in P_k, k = |r|.
  virtual void on_term(unsigned k, const Exponents& r, const mpq_class& coefficient) = 0;
};

// Structured: the two-valued path of structured.hpp (every row of a takes at
// most two values): every coefficient from the 2^n multilinear moments.
// Throws InputError when a row takes more values.
enum class ExpansionEngine { Literal, Moment, Structured };

std::string to_string(ExpansionEngine e);
// "literal" | "moment" | "structured"; throws InputError otherwise.
ExpansionEngine parse_expansion_engine(const std::string& name);

// Number of monomials of degree exactly k in n variables, C(n+k-1, k); and of
// degree <= d, C(n+d, d).  Saturate at UINT64_MAX.
std::uint64_t monomials_of_degree(std::size_t n, unsigned k);
std::uint64_t monomials_up_to_degree(std::size_t n, unsigned d);

// Estimated elementary operations and bytes of an expansion to degree d.
// Throws LimitError naming the limit and the flag (--max-work, --max-memory)
// when an estimate exceeds `limits`.
void check_expansion_limits(std::size_t n, std::size_t m, unsigned d, ExpansionEngine engine,
                            const ResourceLimits& limits);

// Options of the moment engine.  threads = 0: every core.  memory_bytes
// bounds its working memory (the product matrix, buffers and residues);
// LimitError (naming --max-memory) when the chosen layout cannot fit.
// max_work bounds its operations once the size of the numbers is known (the
// number of primes multiplies the work); LimitError naming --max-work.
struct ExpansionOptions {
  unsigned threads = 0;
  std::uint64_t memory_bytes = ResourceLimits{}.max_memory_bytes;
  double max_work = ResourceLimits{}.max_work;
};

// What an engine did, for the report: e.g. "moment: exact double BLAS
// products (bound 2^12.0 < 2^53)" or "moment: 9 primes below 2^22, bound 2^165".
struct ExpansionStats {
  ExpansionEngine engine = ExpansionEngine::Moment;  // the engine that listed the coefficients
  std::string method;
  std::size_t primes = 0;      // 0: exact arithmetic without residues
  double bound_bits = 0;       // log2 of the proven bound on every |S(r)|
};

void expand_literal(const Network& net, unsigned d, ExpansionSink& sink);
// The moment engine (moment_blas.cpp): S(r) = sum_j W_j prod_i A_ij^r_i for
// all |r| <= d as the entries of matrix products M1 M2^T, where M1 holds
// W_j prod A_ij^r_i over the first variables and M2 prod A_ij^r_i over the
// others (one row per exponent vector of each group), computed by BLAS dgemm
// in exact doubles when a proven bound allows and otherwise modulo as many
// primes below 2^22 as the bound requires (prime_field.hpp).  Work
// O(primes * C(n+d, d) * m); every nonzero coefficient is reconstructed
// exactly.  Throws LimitError when its memory would exceed opts.memory_bytes.
ExpansionStats expand_moment(const Network& net, unsigned d, ExpansionSink& sink, const ExpansionOptions& opts = {});
// The engine the dispatcher picks when none is requested: structured for a
// network whose rows of a are all two-valued, otherwise moment.
ExpansionEngine default_expansion_engine(const Network& net);
// The dispatcher: runs `engine` and says what it did.  Without an engine it
// runs default_expansion_engine(net); the structured engine then declines,
// the sink untouched, when its listing would be costly (expand_structured),
// and the moment engine runs instead (after check_expansion_limits, which may
// throw LimitError).  Throws InputError when the structured engine is
// requested for a network with a row taking more than two values.
ExpansionStats expand(const Network& net, unsigned d, std::optional<ExpansionEngine> engine, ExpansionSink& sink,
                      const ExpansionOptions& opts = {});

// A sink that keeps everything: for tests and small cross-checks.
class CollectedExpansion : public ExpansionSink {
 public:
  void on_degree(unsigned k, std::uint64_t monomials) override { monomials_[k] = monomials; }
  void on_term(unsigned k, const Exponents& r, const mpq_class& c) override;
  const std::map<std::pair<unsigned, Exponents>, mpq_class>& terms() const { return terms_; }
  const std::map<unsigned, std::uint64_t>& monomials() const { return monomials_; }

 private:
  std::map<std::pair<unsigned, Exponents>, mpq_class> terms_;
  std::map<unsigned, std::uint64_t> monomials_;
};

}  // namespace nf
