#include "numeric/interval.hpp"

#include <algorithm>
#include <utility>

#include "core/error.hpp"

namespace nf {

namespace {

mpfr_prec_t checked_prec(mpfr_prec_t prec) {
  if (prec < MPFR_PREC_MIN || prec > (mpfr_prec_t(1) << 20))
    throw InternalError("interval precision " + std::to_string(prec) + " outside 2..2^20 bits");
  return prec;
}

// A temporary MPFR number.
class Mpfr {
 public:
  explicit Mpfr(mpfr_prec_t p) { mpfr_init2(v_, p); }
  Mpfr(const Mpfr&) = delete;
  Mpfr& operator=(const Mpfr&) = delete;
  ~Mpfr() { mpfr_clear(v_); }
  mpfr_ptr get() { return v_; }

 private:
  mpfr_t v_;
};

std::string format(mpfr_srcptr x, int digits, char rounding) {
  char* s = nullptr;
  const std::string spec = std::string("%.*R") + rounding + "g";
  if (mpfr_asprintf(&s, spec.c_str(), digits, x) < 0 || s == nullptr)
    throw InternalError("mpfr_asprintf failed");
  std::string out(s);
  mpfr_free_str(s);
  return out;
}

// lo <= e^a and e^b <= hi for a <= b.  For a narrow [a, b] one exponential
// suffices: e^a <= next_above(RNDD(e^a)) and e^b = e^a e^(b-a) <= e^a (1 + 2(b-a))
// when b - a <= 1.  Wider intervals take two correctly rounded exponentials.
void exp_bounds(mpfr_ptr lo, mpfr_ptr hi, mpfr_srcptr a, mpfr_srcptr b) {
  Mpfr w(mpfr_get_prec(hi));
  mpfr_sub(w.get(), b, a, MPFR_RNDU);
  if (!mpfr_number_p(w.get()) || mpfr_cmp_ui_2exp(w.get(), 1, -16) > 0) {
    mpfr_exp(lo, a, MPFR_RNDD);
    mpfr_exp(hi, b, MPFR_RNDU);
    return;
  }
  const int ternary = mpfr_exp(lo, a, MPFR_RNDD);
  mpfr_set(hi, lo, MPFR_RNDU);
  if (ternary != 0) mpfr_nextabove(hi);
  mpfr_mul_2ui(w.get(), w.get(), 1, MPFR_RNDU);
  mpfr_add_ui(w.get(), w.get(), 1, MPFR_RNDU);
  mpfr_mul(hi, hi, w.get(), MPFR_RNDU);
}

}  // namespace

Interval::Interval(mpfr_prec_t prec) {
  checked_prec(prec);
  mpfr_init2(lo_, prec);
  mpfr_init2(hi_, prec);
  mpfr_set_zero(lo_, 1);
  mpfr_set_zero(hi_, 1);
}

Interval::Interval(const mpq_class& q, mpfr_prec_t prec) : Interval(prec) {
  mpfr_set_q(lo_, q.get_mpq_t(), MPFR_RNDD);
  mpfr_set_q(hi_, q.get_mpq_t(), MPFR_RNDU);
}

Interval Interval::hull(const mpq_class& lo, const mpq_class& hi, mpfr_prec_t prec) {
  if (lo > hi) throw InternalError("Interval::hull: lo > hi");
  Interval r(prec);
  mpfr_set_q(r.lo_, lo.get_mpq_t(), MPFR_RNDD);
  mpfr_set_q(r.hi_, hi.get_mpq_t(), MPFR_RNDU);
  return r;
}

Interval::Interval(const Interval& o) {
  mpfr_init2(lo_, o.precision());
  mpfr_init2(hi_, o.precision());
  mpfr_set(lo_, o.lo_, MPFR_RNDD);
  mpfr_set(hi_, o.hi_, MPFR_RNDU);
}

Interval::Interval(Interval&& o) noexcept {
  mpfr_init2(lo_, MPFR_PREC_MIN);
  mpfr_init2(hi_, MPFR_PREC_MIN);
  mpfr_swap(lo_, o.lo_);
  mpfr_swap(hi_, o.hi_);
}

Interval& Interval::operator=(const Interval& o) {
  if (this != &o) {
    mpfr_set_prec(lo_, o.precision());
    mpfr_set_prec(hi_, o.precision());
    mpfr_set(lo_, o.lo_, MPFR_RNDD);
    mpfr_set(hi_, o.hi_, MPFR_RNDU);
  }
  return *this;
}

Interval& Interval::operator=(Interval&& o) noexcept {
  mpfr_swap(lo_, o.lo_);
  mpfr_swap(hi_, o.hi_);
  return *this;
}

Interval::~Interval() {
  mpfr_clear(lo_);
  mpfr_clear(hi_);
}

void Interval::set_prec_at_least(mpfr_prec_t p) {
  if (p > precision()) {
    // Raising the precision keeps the value exactly.
    mpfr_prec_round(lo_, p, MPFR_RNDD);
    mpfr_prec_round(hi_, p, MPFR_RNDU);
  }
}

bool Interval::contains_zero() const { return mpfr_sgn(lo_) <= 0 && mpfr_sgn(hi_) >= 0; }
bool Interval::positive() const { return mpfr_sgn(lo_) > 0; }
bool Interval::negative() const { return mpfr_sgn(hi_) < 0; }

bool Interval::contains(const mpq_class& q) const {
  return mpfr_cmp_q(lo_, q.get_mpq_t()) <= 0 && mpfr_cmp_q(hi_, q.get_mpq_t()) >= 0;
}

double Interval::width_upper() const {
  Mpfr w(precision());
  mpfr_sub(w.get(), hi_, lo_, MPFR_RNDU);
  return mpfr_get_d(w.get(), MPFR_RNDU);
}

double Interval::lo_double() const { return mpfr_get_d(lo_, MPFR_RNDD); }
double Interval::hi_double() const { return mpfr_get_d(hi_, MPFR_RNDU); }

double Interval::mid_double() const {
  Mpfr m(precision() + 1);
  mpfr_add(m.get(), lo_, hi_, MPFR_RNDN);  // exact at precision + 1
  mpfr_div_2ui(m.get(), m.get(), 1, MPFR_RNDN);
  return mpfr_get_d(m.get(), MPFR_RNDN);
}

mpq_class Interval::lo_rational() const {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), lo_);
  return q;
}

mpq_class Interval::hi_rational() const {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), hi_);
  return q;
}

Interval Interval::operator-() const {
  Interval r(precision());
  mpfr_neg(r.lo_, hi_, MPFR_RNDD);
  mpfr_neg(r.hi_, lo_, MPFR_RNDU);
  return r;
}

Interval& Interval::operator+=(const Interval& o) {
  set_prec_at_least(o.precision());
  mpfr_add(lo_, lo_, o.lo_, MPFR_RNDD);
  mpfr_add(hi_, hi_, o.hi_, MPFR_RNDU);
  return *this;
}

Interval& Interval::operator-=(const Interval& o) {
  set_prec_at_least(o.precision());
  // [a, b] - [c, d] = [a - d, b - c]; o may alias *this.
  Mpfr lo(precision()), hi(precision());
  mpfr_sub(lo.get(), lo_, o.hi_, MPFR_RNDD);
  mpfr_sub(hi.get(), hi_, o.lo_, MPFR_RNDU);
  mpfr_set(lo_, lo.get(), MPFR_RNDD);
  mpfr_set(hi_, hi.get(), MPFR_RNDU);
  return *this;
}

Interval& Interval::operator*=(const Interval& o) {
  set_prec_at_least(o.precision());
  const mpfr_prec_t p = precision();
  Mpfr lo(p), hi(p), t(p);
  mpfr_srcptr a[2] = {lo_, hi_};
  mpfr_srcptr b[2] = {o.lo_, o.hi_};
  bool first = true;
  for (mpfr_srcptr x : a)
    for (mpfr_srcptr y : b) {
      mpfr_mul(t.get(), x, y, MPFR_RNDD);
      if (first || mpfr_less_p(t.get(), lo.get())) mpfr_set(lo.get(), t.get(), MPFR_RNDD);
      mpfr_mul(t.get(), x, y, MPFR_RNDU);
      if (first || mpfr_greater_p(t.get(), hi.get())) mpfr_set(hi.get(), t.get(), MPFR_RNDU);
      first = false;
    }
  mpfr_set(lo_, lo.get(), MPFR_RNDD);
  mpfr_set(hi_, hi.get(), MPFR_RNDU);
  return *this;
}

Interval& Interval::operator/=(const Interval& o) {
  if (o.contains_zero()) throw InternalError("interval division by an interval containing zero");
  Interval inv(o.precision());
  // 1/x is decreasing on each side of 0.
  mpfr_ui_div(inv.lo_, 1, o.hi_, MPFR_RNDD);
  mpfr_ui_div(inv.hi_, 1, o.lo_, MPFR_RNDU);
  return *this *= inv;
}

Interval Interval::abs() const {
  Interval r(precision());
  if (positive()) return *this;
  if (negative()) return -*this;
  mpfr_set_zero(r.lo_, 1);
  if (mpfr_cmpabs(lo_, hi_) > 0)
    mpfr_neg(r.hi_, lo_, MPFR_RNDU);
  else
    mpfr_set(r.hi_, hi_, MPFR_RNDU);
  return r;
}

Interval Interval::pow(unsigned k) const {
  Interval r(precision());
  if (k == 0) {
    mpfr_set_ui(r.lo_, 1, MPFR_RNDD);
    mpfr_set_ui(r.hi_, 1, MPFR_RNDU);
    return r;
  }
  const Interval base = (k % 2 == 0) ? abs() : *this;  // x^k monotone on the base
  mpfr_pow_ui(r.lo_, base.lo_, k, MPFR_RNDD);
  mpfr_pow_ui(r.hi_, base.hi_, k, MPFR_RNDU);
  return r;
}

Interval Interval::join(const Interval& a, const Interval& b) {
  Interval r(std::max(a.precision(), b.precision()));
  mpfr_min(r.lo_, a.lo_, b.lo_, MPFR_RNDD);
  mpfr_max(r.hi_, a.hi_, b.hi_, MPFR_RNDU);
  return r;
}

Interval Interval::max(const Interval& a, const Interval& b) {
  Interval r(std::max(a.precision(), b.precision()));
  mpfr_max(r.lo_, a.lo_, b.lo_, MPFR_RNDD);
  mpfr_max(r.hi_, a.hi_, b.hi_, MPFR_RNDU);
  return r;
}

Interval Interval::exp() const {
  Interval r(precision());
  exp_bounds(r.lo_, r.hi_, lo_, hi_);
  return r;
}

Interval Interval::log1p() const {
  if (mpfr_cmp_si(lo_, -1) <= 0) throw InternalError("Interval::log1p: argument not above -1");
  Interval r(precision());
  mpfr_log1p(r.lo_, lo_, MPFR_RNDD);
  mpfr_log1p(r.hi_, hi_, MPFR_RNDU);
  return r;
}

Interval Interval::tanh() const {
  Interval r(precision());
  mpfr_tanh(r.lo_, lo_, MPFR_RNDD);
  mpfr_tanh(r.hi_, hi_, MPFR_RNDU);
  return r;
}

Interval Interval::sigmoid() const {
  const mpfr_prec_t p = precision();
  Interval r(p);
  // e^-hi >= elo and e^-lo <= ehi; sigmoid(lo) >= 1/(1 + ehi), sigmoid(hi) <= 1/(1 + elo).
  Mpfr a(p), b(p), elo(p), ehi(p);
  mpfr_neg(a.get(), hi_, MPFR_RNDN);  // exact
  mpfr_neg(b.get(), lo_, MPFR_RNDN);
  exp_bounds(elo.get(), ehi.get(), a.get(), b.get());
  mpfr_add_ui(ehi.get(), ehi.get(), 1, MPFR_RNDU);
  mpfr_ui_div(r.lo_, 1, ehi.get(), MPFR_RNDD);
  mpfr_add_ui(elo.get(), elo.get(), 1, MPFR_RNDD);
  mpfr_ui_div(r.hi_, 1, elo.get(), MPFR_RNDU);
  return r;
}

std::string Interval::to_string(int digits) const {
  return "[" + format(lo_, digits, 'D') + ", " + format(hi_, digits, 'U') + "]";
}

std::string Interval::to_mid_rad_string(int digits) const {
  Mpfr mid(precision() + 1), rad(precision() + 1);
  mpfr_add(mid.get(), lo_, hi_, MPFR_RNDN);
  mpfr_div_2ui(mid.get(), mid.get(), 1, MPFR_RNDN);
  mpfr_sub(rad.get(), hi_, lo_, MPFR_RNDU);
  mpfr_div_2ui(rad.get(), rad.get(), 1, MPFR_RNDU);
  return format(mid.get(), digits, 'N') + " +- " + format(rad.get(), 2, 'U');
}

}  // namespace nf
