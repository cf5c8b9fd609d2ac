#include "search/weight_domain.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {
namespace {

[[noreturn]] void bad_domain(const std::string& spec, const std::string& why) {
  throw InputError("domain '" + spec.substr(0, 60) + "': " + why +
                   " (expected lo..hi, {v1,v2,...} or Fp with p prime)");
}

bool parse_integer(const std::string& text, long long& out) {
  if (text.empty() || text.size() > 18) return false;
  std::size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return false;
  for (std::size_t k = i; k < text.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) return false;
  out = std::stoll(text);
  return true;
}

}  // namespace

bool is_prime_u64(std::uint64_t p) {
  if (p < 2) return false;
  for (std::uint64_t d = 2; d * d <= p; ++d)
    if (p % d == 0) return false;
  return true;
}

WeightDomain::WeightDomain(Kind kind, std::vector<mpq_class> values, std::uint64_t p, bool range)
    : kind_(kind), values_(std::move(values)), p_(p), range_(range) {
  if (kind_ == Kind::PrimeField) {
    negation_.resize(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) negation_[i] = i == 0 ? 0 : p_ - i;
    return;
  }
  std::vector<std::size_t> neg(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const mpq_class minus = -values_[i];
    auto it = std::lower_bound(values_.begin(), values_.end(), minus);
    if (it == values_.end() || *it != minus) return;
    neg[i] = static_cast<std::size_t>(it - values_.begin());
  }
  negation_ = std::move(neg);
}

WeightDomain WeightDomain::parse(const std::string& spec) {
  if (spec.empty()) bad_domain(spec, "empty");
  if (spec.size() > 200000) bad_domain(spec, "longer than 200000 characters");
  if (spec[0] == 'F' || spec[0] == 'f') {
    long long p = 0;
    const std::string digits = spec.substr(1);
    if (digits.empty() || !std::isdigit(static_cast<unsigned char>(digits[0])) || !parse_integer(digits, p))
      bad_domain(spec, "expected a prime after F");
    if (p >= (1ll << 31)) bad_domain(spec, "p must be below 2^31");
    if (!is_prime_u64(static_cast<std::uint64_t>(p))) bad_domain(spec, std::to_string(p) + " is not prime");
    if (p == 2) bad_domain(spec, "p = 2 is too small (p must exceed n >= 1 and the field needs -1 != 1)");
    if (static_cast<std::size_t>(p) > kMaxValues)
      bad_domain(spec, "more than " + std::to_string(kMaxValues) + " values");
    std::vector<mpq_class> values;
    for (long long v = 0; v < p; ++v) values.emplace_back(static_cast<long>(v));
    return WeightDomain(Kind::PrimeField, std::move(values), static_cast<std::uint64_t>(p), false);
  }
  if (spec.front() == '{') {
    if (spec.back() != '}') bad_domain(spec, "missing closing '}'");
    const std::string body = spec.substr(1, spec.size() - 2);
    std::vector<mpq_class> values;
    std::size_t start = 0;
    while (true) {
      std::size_t comma = body.find(',', start);
      if (comma == std::string::npos) comma = body.size();
      std::string item = body.substr(start, comma - start);
      item.erase(std::remove_if(item.begin(), item.end(), [](unsigned char c) { return std::isspace(c); }),
                 item.end());
      try {
        values.push_back(parse_rational(item));
      } catch (const InputError& e) {
        bad_domain(spec, "value " + std::to_string(values.size() + 1) + ": " + e.what());
      }
      if (values.size() > kMaxValues) bad_domain(spec, "more than " + std::to_string(kMaxValues) + " values");
      if (comma == body.size()) break;
      start = comma + 1;
    }
    std::sort(values.begin(), values.end());
    for (std::size_t i = 1; i < values.size(); ++i)
      if (values[i] == values[i - 1]) bad_domain(spec, "value " + to_string(values[i]) + " listed twice");
    return WeightDomain(Kind::Rational, std::move(values), 0, false);
  }
  const std::size_t dots = spec.find("..");
  if (dots == std::string::npos) bad_domain(spec, "unrecognized form");
  long long lo = 0, hi = 0;
  if (!parse_integer(spec.substr(0, dots), lo) || !parse_integer(spec.substr(dots + 2), hi))
    bad_domain(spec, "range bounds must be integers");
  if (lo > hi) bad_domain(spec, "empty range");
  if (hi - lo + 1 > static_cast<long long>(kMaxValues))
    bad_domain(spec, "more than " + std::to_string(kMaxValues) + " values");
  std::vector<mpq_class> values;
  for (long long v = lo; v <= hi; ++v) values.emplace_back(static_cast<long>(v));
  return WeightDomain(Kind::Rational, std::move(values), 0, true);
}

std::string WeightDomain::format_value(std::size_t i) const { return to_string(values_[i]); }

std::string WeightDomain::spec() const {
  if (kind_ == Kind::PrimeField) return "F" + std::to_string(p_);
  if (range_) return to_string(values_.front()) + ".." + to_string(values_.back());
  std::string out = "{";
  for (std::size_t i = 0; i < values_.size(); ++i) out += (i ? "," : "") + to_string(values_[i]);
  return out + "}";
}

bool WeightDomain::closed_under_negation() const { return !negation_.empty(); }

std::size_t WeightDomain::negation_index(std::size_t i) const {
  if (negation_.empty()) throw InternalError("negation_index on a domain not closed under negation");
  return negation_[i];
}

mpz_class WeightDomain::common_denominator() const { return nf::common_denominator(values_); }

}  // namespace nf
