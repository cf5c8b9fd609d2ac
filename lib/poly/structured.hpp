// The structure-aware path for two-valued networks (proofs/lemmas/two_valued.md).
//
// A network is two-valued when every row i of a takes at most two distinct
// values alpha_i, beta_i (the paper's +-1 gate (A4), rows scaled by
// constants, 0/1 designs).  Write b_ij = 0 when a_ij = alpha_i and 1 when
// a_ij = beta_i (b_ij = 0 on a one-valued row); the pattern of neuron j is
// b_j = (b_1j, ..., b_nj) in {0,1}^n.
//
// Multilinear moments.  M(T) = sum_j w_j prod_{i in T} a_ij for T subset of
// [n].  With Omega(b) = sum_{j : b_j = b} w_j,
//   M = (F_n (x) ... (x) F_1) Omega,   F_i = [[1, 1], [alpha_i, beta_i]]
// (a Kronecker product applied one coordinate at a time, a Walsh-Hadamard-type
// transform): O(nm) to build Omega and O(n 2^n) for the transform.
//
// Lemma (two_valued.md).  For a two-valued network and every exponent vector
// r with |r| <= n, r != (1,...,1), S(r) = sum_j w_j prod_i a_ij^r_i is a
// linear combination of the M(T) with T strictly inside supp(r).  Hence
//   (i)  if M(T) = 0 for every proper subset T of [n], then every coefficient
//        of sum_j w_j (a_j . x)^k, k <= n, vanishes except that of x_1...x_n,
//        which is n! M([n]);
//   (ii) M(T) is itself the moment of x^T (its coefficient in P_|T| is |T|! M(T)).
// So under the theorem's hypothesis (every sigma_k != 0) the identities
// (A2)/(A3) hold exactly when M(T) = 0 for every proper T and
// sigma_n n! M([n]) = 1; a nonzero M(T) at an imposed degree refutes them at
// the monomial x^T.
//
// Rank.  For any target x^r, if row h takes at most r_h + 1 distinct values,
// A (A7) = K E with K a Kronecker product of full-column-rank Vandermonde
// blocks and E the 0/1 matrix sending each neuron to its value pattern, so
// rank A = the number of distinct value patterns among the neurons.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "model/network.hpp"
#include "model/target.hpp"
#include "poly/expansion.hpp"

namespace nf {

// Empty when every row of a takes at most two values; otherwise why not
// ("row 3 of a takes 4 distinct values").
std::string two_valued_obstruction(const Network& net);

// The 2^n multilinear moments, exactly.
struct MultilinearMoments {
  std::size_t n = 0;
  // Every nonzero M(T), T as a bit mask (bit i <-> input i), increasing T.
  std::vector<std::pair<std::uint64_t, mpq_class>> nonzero;
  std::string method;  // how they were computed (word-size or modular, bound)
};

// Throws InputError if the network is not two-valued or n > 40, LimitError if
// the 2^n array would exceed limits.max_memory_bytes (naming --max-memory).
// threads = 0: every core.  Work O(nm + n 2^n) word operations per prime;
// int64 when the proven bound sum_j |W_j| prod_i max(1, max_j |A_ij|) is
// below 2^63, otherwise modulo 62-bit primes with exact reconstruction.
MultilinearMoments multilinear_moments(const Network& net, const ResourceLimits& limits, unsigned threads = 0);

// The outcome of the lemma for the product target.
struct StructuredIdentities {
  // Decided: (i) applies (complete), or a nonzero M(T) at an imposed degree
  // refutes.  Undecided: the nonzero M(T) of proper subsets all sit at
  // degrees with sigma_k = 0 (their effect on the imposed degrees needs the
  // full listing, expand_structured).
  bool decided = false;
  // Every nonzero coefficient of P_k (k <= n) is among `terms` (case (i)).
  bool complete = false;
  // The nonzero multilinear coefficients: (k, x^T, |T|! M(T)).
  struct Term {
    unsigned k;
    Exponents r;
    mpq_class coefficient;
  };
  std::vector<Term> terms;
  // The least |T| of a proper T with M(T) != 0 (n when there is none), and
  // the least such |T| at an imposed degree (n + 1 when there is none): a
  // nonzero M(T) there refutes the identity at x^T.
  unsigned first_nonzero_degree = 0;
  unsigned first_refuting_degree = 0;
};

// imposed[k], k = 0..n: sigma_k != 0, or k = n (the target degree is always imposed).
StructuredIdentities decide_product_identities(const MultilinearMoments& moments, const std::vector<bool>& imposed);

// Every coefficient of P_k, k <= d, of a two-valued network, from its
// multilinear moments.  On a row taking the values alpha_i, beta_i every
// power is affine in a_ij: a^e = u_e + v_e a with v_e = (beta^e -
// alpha^e)/(beta - alpha), u_e = alpha^e - v_e alpha (u_e = alpha^e, v_e = 0
// on a one-valued row), so
//   S(r) = sum_j w_j prod_i a_ij^r_i
//        = sum_{T subset supp r} prod_{i in supp r \ T} u_{i,r_i} prod_{i in T} v_{i,r_i} M(T)
// and [x^r] P_k = k!/r! S(r) (expansion.hpp).  When every proper M(T)
// vanishes and d <= n the only nonzero coefficient is that of x_1...x_n
// (lemma (i)) and nothing is enumerated; otherwise every exponent vector of
// degree <= d is, at C(n+d, d) * (nonzero moments) * n rational products.
struct StructuredListingCost {
  bool complete = false;  // lemma (i) applies: no enumeration
  double work = 0;        // rational operations of the enumeration
};
StructuredListingCost structured_listing_cost(const MultilinearMoments& moments, unsigned d);
// Reports every degree k <= d and every nonzero coefficient to the sink.
// Throws LimitError (naming --max-work) when the enumeration's work exceeds max_work.
void list_structured(const Network& net, const MultilinearMoments& moments, unsigned d, ExpansionSink& sink,
                     double max_work);

// The structured engine: multilinear_moments, then list_structured.  With
// decline_if_costly it returns std::nullopt, the sink untouched, when the
// listing would enumerate more than kCheapStructuredListing operations (the
// moment engine is then the faster way to the same coefficients).  Throws
// InputError when a row of a takes more than two values.
inline constexpr double kCheapStructuredListing = 2e6;
std::optional<ExpansionStats> expand_structured(const Network& net, unsigned d, ExpansionSink& sink,
                                                const ExpansionOptions& opts, bool decline_if_costly);

// The rank of A (A7) for `target` when every row h of a takes at most
// r_h + 1 distinct values: the number of distinct value patterns.  Returns
// false (and leaves rank alone) when some row has more values; `why` says
// which.  O(nm) time, O(m) memory (hash of patterns).
bool structured_rank(const Network& net, const Target& target, std::uint64_t& rank, std::string& why);

}  // namespace nf
