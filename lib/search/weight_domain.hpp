// The finite set D that every input weight a_ij ranges over in an exhaustive
// run (prove-minimal --domain SPEC):
//
//   -3..3          the integers lo..hi                      (at most 4096 values)
//   {0,1/2,-1}     a finite set of distinct exact rationals  (at most 4096 values)
//   F7             the prime field F_p, p prime, 2 < p < 2^31, values 0..p-1
//
// Values are kept in ascending order (F_p: 0, 1, ..., p-1).  That order
// numbers the points of D^n (case_split.hpp) and so fixes which member of an
// orbit is its representative.  spec() prints the canonical form that parse()
// reads back: sets sorted ascending, ranges as lo..hi.
//
// Example: parse("{1/2,-1,0}") has values -1, 0, 1/2, spec "{-1,0,1/2}",
// is not closed under negation.
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nf {

class WeightDomain {
 public:
  enum class Kind { Rational, PrimeField };

  static constexpr std::size_t kMaxValues = 4096;

  // Throws InputError naming the accepted forms (malformed numbers, empty or
  // reversed ranges, duplicates, more than kMaxValues values, p not prime).
  static WeightDomain parse(const std::string& spec);

  Kind kind() const { return kind_; }
  bool is_prime_field() const { return kind_ == Kind::PrimeField; }
  std::uint64_t prime() const { return p_; }  // 0 for a rational domain
  std::size_t size() const { return values_.size(); }
  // Ascending; over F_p the residues 0..p-1 as integers.
  const std::vector<mpq_class>& values() const { return values_; }
  const mpq_class& value(std::size_t i) const { return values_[i]; }
  std::string format_value(std::size_t i) const;
  std::string spec() const;

  // -v is in D for every v in D (always true over F_p).
  bool closed_under_negation() const;
  // Index of -value(i); requires closed_under_negation().
  std::size_t negation_index(std::size_t i) const;
  // Least common multiple of the denominators (1 over F_p).
  mpz_class common_denominator() const;

 private:
  WeightDomain(Kind kind, std::vector<mpq_class> values, std::uint64_t p, bool range);
  Kind kind_;
  std::vector<mpq_class> values_;
  std::uint64_t p_ = 0;
  bool range_ = false;  // written as lo..hi
  std::vector<std::size_t> negation_;  // empty when not closed under negation
};

// Deterministic primality for 64-bit integers (trial division is enough for
// p < 2^31).
bool is_prime_u64(std::uint64_t p);

}  // namespace nf
