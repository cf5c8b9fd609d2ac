// Exact rationals (gmpxx) and their exact textual forms.
//
// parse_rational accepts exactly what the file formats accept:
//   integer      -12, +7, 0
//   fraction     p/q with integer p and nonzero integer q   (3/-4 is -3/4)
//   decimal      -1.25, .5, 3., 3e-4, 1.5E+10
// and returns the value as written: "0.1" is 1/10, never the nearest double.
// Throws InputError (with the offending text) on anything else, on a zero
// denominator, and on a decimal exponent whose magnitude exceeds
// kMaxDecimalExponent (the value would need more than ~3 KB to store).
#pragma once

#include <gmpxx.h>

#include <string>
#include <string_view>

namespace nf {

inline constexpr long kMaxDecimalExponent = 10000;

mpq_class parse_rational(std::string_view text);

// "p/q" or "p" in lowest terms.
std::string to_string(const mpq_class& q);

// q rounded to the nearest double (mpq_class::get_d truncates toward zero).
double to_double(const mpq_class& q);

// Least common multiple of the denominators (1 for an empty range).
template <class Range>
mpz_class common_denominator(const Range& values) {
  mpz_class d = 1;
  for (const mpq_class& v : values) mpz_lcm(d.get_mpz_t(), d.get_mpz_t(), v.get_den_mpz_t());
  return d;
}

}  // namespace nf
