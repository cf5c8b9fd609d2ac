#include "model/target.hpp"

#include <cctype>
#include <numeric>

#include "core/error.hpp"

namespace nf {

unsigned Target::degree() const { return std::accumulate(r.begin(), r.end(), 0u); }

bool Target::is_product() const {
  for (unsigned e : r)
    if (e != 1) return false;
  return !r.empty();
}

std::string format_monomial(const Exponents& r) {
  std::string out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r[i] == 0) continue;
    if (!out.empty()) out += '*';
    out += "x" + std::to_string(i + 1);
    if (r[i] > 1) out += "^" + std::to_string(r[i]);
  }
  return out.empty() ? "1" : out;
}

namespace {

unsigned parse_small(const std::string& s, const std::string& whole) {
  if (s.empty() || s.size() > 4)
    throw InputError("target '" + whole + "': expected a small non-negative integer, got '" + s + "'");
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      throw InputError("target '" + whole + "': expected a digit, got '" + s + "'");
  return static_cast<unsigned>(std::stoul(s));
}

}  // namespace

Target parse_target(const std::string& text, std::size_t n) {
  Target t{Exponents(n, 0)};
  if (text.find('x') == std::string::npos) {
    std::size_t i = 0, start = 0;
    while (start <= text.size()) {
      std::size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      if (i >= n) throw InputError("target '" + text + "': more than n = " + std::to_string(n) + " exponents");
      t.r[i++] = parse_small(text.substr(start, comma - start), text);
      start = comma + 1;
    }
    if (i != n) throw InputError("target '" + text + "': expected " + std::to_string(n) + " exponents");
    return t;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t star = text.find('*', start);
    if (star == std::string::npos) star = text.size();
    std::string factor = text.substr(start, star - start);
    if (factor.size() < 2 || factor[0] != 'x')
      throw InputError("target '" + text + "': expected a factor such as x2 or x2^3, got '" + factor + "'");
    std::size_t caret = factor.find('^');
    unsigned var = parse_small(factor.substr(1, caret == std::string::npos ? std::string::npos : caret - 1), text);
    unsigned power = caret == std::string::npos ? 1 : parse_small(factor.substr(caret + 1), text);
    if (var < 1 || var > n)
      throw InputError("target '" + text + "': variable x" + std::to_string(var) + " outside x1..x" + std::to_string(n));
    t.r[var - 1] += power;
    start = star + 1;
  }
  return t;
}

}  // namespace nf
