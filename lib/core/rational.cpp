#include "core/rational.hpp"

#include <mpfr.h>

#include <cctype>
#include <cstdint>

#include "core/error.hpp"

namespace nf {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Optional sign followed by at least one digit.
bool is_integer_text(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return all_digits(s);
}

mpz_class parse_integer(std::string_view s) {
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  mpz_class z(std::string(s), 10);
  return negative ? mpz_class(-z) : z;
}

[[noreturn]] void bad_number(std::string_view text, const char* why) {
  throw InputError("expected a number (integer, p/q or decimal), got '" + std::string(text) +
                   "': " + why);
}

// The common case of a float written as a decimal (at most 19 significant
// digits, |scale| <= 27): digits * 10^scale in lowest terms without a gcd,
// since 10^-scale = 2^k 5^k only shares the factors 2 and 5 with the digits.
// Returns false when the value does not fit this form.
bool small_decimal(std::string_view int_part, std::string_view frac_part, long scale, mpq_class& out) {
  if (int_part.size() + frac_part.size() > 19 || scale > 27 || scale < -27) return false;
  std::uint64_t digits = 0;
  for (char c : int_part) digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
  for (char c : frac_part) digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
  if (scale >= 0 || digits == 0) {
    mpz_class value(static_cast<unsigned long>(digits));
    if (scale > 0 && digits != 0) {
      mpz_class power;
      mpz_ui_pow_ui(power.get_mpz_t(), 10, static_cast<unsigned long>(scale));
      value *= power;
    }
    out = mpq_class(value);
    return true;
  }
  long twos = -scale, fives = -scale;
  while (twos > 0 && digits % 2 == 0) digits /= 2, --twos;
  while (fives > 0 && digits % 5 == 0) digits /= 5, --fives;
  std::uint64_t five_power = 1;
  for (long i = 0; i < fives; ++i) five_power *= 5;
  mpz_set_ui(mpq_numref(out.get_mpq_t()), static_cast<unsigned long>(digits));
  mpz_set_ui(mpq_denref(out.get_mpq_t()), static_cast<unsigned long>(five_power));
  mpz_mul_2exp(mpq_denref(out.get_mpq_t()), mpq_denref(out.get_mpq_t()), static_cast<mp_bitcnt_t>(twos));
  return true;
}

mpq_class parse_decimal(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  size_t e_pos = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e_pos);
  long exponent = 0;
  if (e_pos != std::string_view::npos) {
    std::string_view exp_text = s.substr(e_pos + 1);
    if (!is_integer_text(exp_text)) bad_number(text, "malformed exponent");
    std::string_view digits = exp_text;
    if (digits[0] == '+' || digits[0] == '-') digits.remove_prefix(1);
    while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
    if (digits.size() > 6) bad_number(text, "exponent too large to represent exactly (limit 10000)");
    exponent = std::stol(std::string(exp_text));
    if (exponent > kMaxDecimalExponent || exponent < -kMaxDecimalExponent)
      bad_number(text, "exponent too large to represent exactly (limit 10000)");
  }
  size_t dot = mantissa.find('.');
  std::string_view int_part = mantissa.substr(0, dot);
  std::string_view frac_part =
      dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  if (int_part.empty() && frac_part.empty()) bad_number(text, "no digits");
  if ((!int_part.empty() && !all_digits(int_part)) || (!frac_part.empty() && !all_digits(frac_part)))
    bad_number(text, "unexpected character");
  long scale = exponent - static_cast<long>(frac_part.size());
  mpq_class small;
  if (small_decimal(int_part, frac_part, scale, small)) return negative ? mpq_class(-small) : small;
  std::string digits = std::string(int_part) + std::string(frac_part);
  mpz_class numerator(digits, 10);
  mpz_class power;
  mpz_ui_pow_ui(power.get_mpz_t(), 10, static_cast<unsigned long>(scale < 0 ? -scale : scale));
  mpq_class value = scale >= 0 ? mpq_class(numerator * power) : mpq_class(numerator, power);
  value.canonicalize();
  return negative ? mpq_class(-value) : value;
}

}  // namespace

mpq_class parse_rational(std::string_view text) {
  if (text.empty()) bad_number(text, "empty");
  if (text.size() > 100000) bad_number(text.substr(0, 20), "longer than 100000 characters");
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(0, slash), q = text.substr(slash + 1);
    if (q.find('/') != std::string_view::npos) bad_number(text, "more than one '/'");
    if (!is_integer_text(p) || !is_integer_text(q)) bad_number(text, "malformed fraction");
    mpz_class num = parse_integer(p), den = parse_integer(q);
    if (den == 0) bad_number(text, "zero denominator");
    mpq_class value(num, den);
    value.canonicalize();
    return value;
  }
  if (is_integer_text(text)) return mpq_class(parse_integer(text));
  bool letters = false;  // other than an exponent's e
  for (char c : text) letters = letters || (std::isalpha(static_cast<unsigned char>(c)) && c != 'e' && c != 'E');
  if (letters) {
    std::string lowered;
    for (char c : text) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered.find("nan") != std::string::npos || lowered.find("inf") != std::string::npos)
      bad_number(text, "NaN and infinity are not numbers here");
  }
  return parse_decimal(text);
}

std::string to_string(const mpq_class& q) { return q.get_str(10); }

double to_double(const mpq_class& q) {
  mpfr_t t;
  mpfr_init2(t, 53);
  mpfr_set_q(t, q.get_mpq_t(), MPFR_RNDN);
  const double d = mpfr_get_d(t, MPFR_RNDN);
  mpfr_clear(t);
  return d;
}

}  // namespace nf
