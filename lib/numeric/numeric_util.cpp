#include "numeric/numeric_util.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"

namespace nf {

double log2_abs(const mpq_class& q) {
  if (q == 0) throw InternalError("log2_abs(0)");
  long en = 0, ed = 0;
  const double mn = mpz_get_d_2exp(&en, q.get_num_mpz_t());
  const double md = mpz_get_d_2exp(&ed, q.get_den_mpz_t());
  return std::log2(std::abs(mn)) - std::log2(md) + double(en - ed);
}

std::string format_double(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string format_fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace nf
