#include "approx/arb_ball.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/flint.hpp"

namespace nf {

Ball Ball::rational(const mpq_class& q, slong prec) {
  Ball b;
  Fmpq f(q);
  arb_set_fmpq(b.v_, f.get(), prec);  // encloses q (Arb contract)
  return b;
}

Ball Ball::exact(double y) {
  if (!std::isfinite(y)) throw InternalError("Ball::exact: not a finite double");
  Ball b;
  arb_set_d(b.v_, y);  // exact: a double is an arf value
  return b;
}

namespace {

double bound_double(const Ball& x, bool upper, bool absolute) {
  Arf a;
  if (absolute) {
    if (upper) arb_get_abs_ubound_arf(a.get(), x.get(), 64);
    else arb_get_abs_lbound_arf(a.get(), x.get(), 64);
  } else {
    if (upper) arb_get_ubound_arf(a.get(), x.get(), 64);
    else arb_get_lbound_arf(a.get(), x.get(), 64);
  }
  // arb_get_*bound_arf round outward; arf_get_d rounds once more outward:
  // towards +infinity for an upper bound, -infinity for a lower one (Arb's
  // ARF_RND_UP/DOWN round away from/towards zero, which is inward for a
  // negative upper bound).
  if (arf_is_nan(a.get())) return upper ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  return arf_get_d(a.get(), upper ? ARF_RND_CEIL : ARF_RND_FLOOR);
}

std::string decimal(const mpq_class& q, int digits, mpfr_rnd_t rnd) {
  mpfr_t v;
  mpfr_init2(v, 256);
  mpfr_set_q(v, q.get_mpq_t(), rnd);  // rounded in the printing direction
  char* text = nullptr;
  const int len = rnd == MPFR_RNDD ? mpfr_asprintf(&text, "%.*RDg", digits, v)
                                   : mpfr_asprintf(&text, "%.*RUg", digits, v);
  mpfr_clear(v);
  if (len < 0 || text == nullptr) throw InternalError("mpfr_asprintf failed");
  std::string out(text);
  mpfr_free_str(text);
  return out;
}

}  // namespace

double lower_double(const Ball& x) { return bound_double(x, false, false); }
double upper_double(const Ball& x) { return bound_double(x, true, false); }
double abs_lower_double(const Ball& x) { return bound_double(x, false, true); }
double abs_upper_double(const Ball& x) { return bound_double(x, true, true); }

mpq_class exact_rational(double y) {
  if (!std::isfinite(y)) throw InternalError("exact_rational: not a finite double");
  mpq_class q(y);  // GMP converts a double exactly
  return q;
}

std::string decimal_down(const mpq_class& q, int digits) { return decimal(q, digits, MPFR_RNDD); }
std::string decimal_up(const mpq_class& q, int digits) { return decimal(q, digits, MPFR_RNDU); }

std::string ball_to_string(const Ball& x, int digits) {
  const double lo = lower_double(x), hi = upper_double(x);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return "[-inf, +inf]";
  return "[" + decimal_down(exact_rational(lo), digits) + ", " + decimal_up(exact_rational(hi), digits) + "]";
}

}  // namespace nf
