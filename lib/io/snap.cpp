#include "io/snap.hpp"

#include <mpfr.h>

#include <charconv>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/rational.hpp"

namespace nf {

namespace {

// Significand bits and the least exponent of a normal number, per format.
struct FloatFormat {
  int precision;
  int min_exponent;  // of the leading bit of the least normal number
};

FloatFormat format_of(StoredPrecision p) {
  switch (p) {
    case StoredPrecision::Float16: return {11, -14};
    case StoredPrecision::Float32: return {24, -126};
    default: return {53, -1022};
  }
}

// floor(log2 |x|) for x != 0.
long binary_exponent(const mpq_class& x) {
  const long num = static_cast<long>(mpz_sizeinbase(x.get_num_mpz_t(), 2));
  const long den = static_cast<long>(mpz_sizeinbase(x.get_den_mpz_t(), 2));
  long e = num - den;  // 2^(e-1) < |x| < 2^(e+1)
  mpq_class scaled = abs(x);
  if (e >= 0) scaled /= mpq_class(mpz_class(1) << static_cast<mp_bitcnt_t>(e));
  else scaled *= mpq_class(mpz_class(1) << static_cast<mp_bitcnt_t>(-e));
  if (scaled < 1) --e;
  return e;
}

// 2^e as a rational.
mpq_class power_of_two(long e) {
  const mpz_class p = mpz_class(1) << static_cast<mp_bitcnt_t>(std::labs(e));
  return e >= 0 ? mpq_class(p) : mpq_class(1, p);
}

// Half a unit in the last place of x in the format (x a value of it).
mpq_class half_ulp(const mpq_class& x, StoredPrecision p) {
  const FloatFormat f = format_of(p);
  const long e = x == 0 ? f.min_exponent : std::max<long>(binary_exponent(x), f.min_exponent);
  return power_of_two(e - f.precision);
}

// The exact value of the shortest decimal that reads back as d.
mpq_class shortest_decimal(double d) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  return parse_rational(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
}

// x is a decimal p/q with q = 2^a 5^b: half a unit of its last digit 10^-max(a, b).
std::optional<mpq_class> half_last_digit(const mpq_class& x) {
  mpz_class q = x.get_den();
  unsigned twos = 0, fives = 0;
  while (mpz_divisible_ui_p(q.get_mpz_t(), 2)) q /= 2, ++twos;
  while (mpz_divisible_ui_p(q.get_mpz_t(), 5)) q /= 5, ++fives;
  if (q != 1) return std::nullopt;
  mpz_class ten;
  mpz_ui_pow_ui(ten.get_mpz_t(), 10, std::max(twos, fives));
  return mpq_class(1, ten * 2);
}

}  // namespace

void stored_interval(const mpq_class& x, StoredPrecision precision, const SnapOptions& options, mpq_class& lo,
                     mpq_class& hi) {
  mpq_class radius = 0;
  if (options.relative) {
    radius = abs(x) * *options.relative;
  } else if (precision != StoredPrecision::Text) {
    radius = half_ulp(x, precision);
  } else {
    const double d = to_double(x);
    if (std::isfinite(d) && shortest_decimal(d) == x) {
      const bool single = static_cast<double>(static_cast<float>(d)) == d && std::fabs(d) >= 1.2e-38;
      radius = half_ulp(mpq_class(d), single ? StoredPrecision::Float32 : StoredPrecision::Float64);
      lo = mpq_class(d) - radius;
      hi = mpq_class(d) + radius;
      return;
    }
    if (auto half = half_last_digit(x)) radius = *half;
  }
  lo = x - radius;
  hi = x + radius;
}

mpq_class simplest_between(const mpq_class& lo, const mpq_class& hi) {
  Fmpq l(lo), r(hi), mid;
  fmpq_simplest_between(mid.get(), l.get(), r.get());
  return mid.to_mpq();
}

namespace {

class Snapper {
 public:
  Snapper(const SnapOptions& options, SnapReport& report) : options_(options), report_(report) {}

  CodedRow row(const CodedRow& in, StoredPrecision p, const std::string& name) {
    std::vector<mpq_class> dict;
    for (std::size_t t = 0; t < in.dictionary().size(); ++t)
      dict.push_back(snap(in.dictionary()[t], p, name + "[" + std::to_string(first_use(in, t) + 1) + "]"));
    for (std::size_t j = 0; j < in.size(); ++j) report_.changed += dict[in.code(j)] != in[j];
    report_.weights += in.size();
    std::vector<mpq_class> values(in.size());
    for (std::size_t j = 0; j < in.size(); ++j) values[j] = dict[in.code(j)];
    return CodedRow(values);
  }

  mpq_class value(const mpq_class& x, StoredPrecision p, const std::string& name) {
    const mpq_class s = snap(x, p, name);
    report_.changed += s != x;
    ++report_.weights;
    return s;
  }

 private:
  static std::size_t first_use(const CodedRow& row, std::size_t code) {
    for (std::size_t j = 0; j < row.size(); ++j)
      if (row.code(j) == code) return j;
    return 0;
  }

  mpq_class snap(const mpq_class& x, StoredPrecision p, const std::string& where) {
    mpq_class lo, hi;
    stored_interval(x, p, options_, lo, hi);
    const mpq_class s = lo == hi ? x : simplest_between(lo, hi);
    const mpq_class change = abs(s - x);
    if (change > report_.max_change) {
      report_.max_change = change;
      report_.max_change_at = where;
    }
    if (x != 0 && change / abs(x) > report_.max_relative_change) report_.max_relative_change = change / abs(x);
    return s;
  }

  const SnapOptions& options_;
  SnapReport& report_;
};

}  // namespace

Network snap_network(const Network& net, const StoredPrecisions& precisions, const SnapOptions& options,
                     SnapReport& report) {
  if (options.relative && (*options.relative < 0 || *options.relative >= 1))
    throw InputError("--snap-tolerance: REL must be in [0, 1), got " + to_string(*options.relative));
  report = SnapReport{};
  report.rule = options.relative ? "within the relative tolerance " + to_string(*options.relative)
                                 : "within half a unit in the last place of each stored value (a: " +
                                       to_string(precisions.a) + ", w: " + to_string(precisions.w) + ")";
  Snapper snapper(options, report);
  std::vector<CodedRow> rows;
  for (std::size_t i = 0; i < net.inputs(); ++i)
    rows.push_back(snapper.row(net.row(i), precisions.a, "a[" + std::to_string(i + 1) + "]"));
  CodedRow w = snapper.row(net.w_row(), precisions.w, "w");
  CodedRow b = snapper.row(net.b_row(), precisions.b, "b");
  const mpq_class c = snapper.value(net.c(), precisions.c, "c");
  return Network(net.inputs(), net.neurons(), std::move(rows), std::move(w), std::move(b), c);
}

}  // namespace nf
