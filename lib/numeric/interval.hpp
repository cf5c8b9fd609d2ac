// Closed real intervals [lo, hi] with MPFR endpoints and outward (directed)
// rounding: every operation returns an interval that contains the exact
// result of the operation applied to any points of its operands.
//
// The argument: MPFR rounds every elementary operation correctly in the
// requested direction, so computing a lower endpoint with MPFR_RNDD and an
// upper endpoint with MPFR_RNDU bounds the exact value of each step.  For a
// monotone function (exp, log1p, tanh, the sigmoid) the image of [lo, hi] is
// [f(lo), f(hi)] (or reversed), so rounding f(lo) down and f(hi) up encloses
// it.  Products take the minimum and maximum of the four endpoint products,
// each rounded outward.  Composing enclosures gives an enclosure.
//
// Example:
//   Interval third(mpq_class(1, 3), 128);   // [0.333...3, 0.333...4], width ~ 2^-129
//   Interval x = third * Interval(mpq_class(3), 128);
//   x.contains(mpq_class(1)) == true, x.width_upper() <= 2^-120.
//
// Precision: a result has the larger of its operands' precisions.  Values are
// copied (an endpoint pair is two mpfr_t); no global MPFR state is changed.
#pragma once

#include <gmpxx.h>
#include <mpfr.h>

#include <string>

namespace nf {

class Interval {
 public:
  // [0, 0] at `prec` bits (MPFR_PREC_MIN <= prec <= 1 << 20).
  explicit Interval(mpfr_prec_t prec = 64);
  // The tightest enclosure of the exact rational q at `prec` bits.
  Interval(const mpq_class& q, mpfr_prec_t prec);
  // [lo, hi] from two rationals with lo <= hi (InternalError otherwise).
  static Interval hull(const mpq_class& lo, const mpq_class& hi, mpfr_prec_t prec);

  Interval(const Interval& o);
  Interval(Interval&& o) noexcept;
  Interval& operator=(const Interval& o);
  Interval& operator=(Interval&& o) noexcept;
  ~Interval();

  mpfr_prec_t precision() const { return mpfr_get_prec(lo_); }
  mpfr_srcptr lo() const { return lo_; }
  mpfr_srcptr hi() const { return hi_; }

  bool contains_zero() const;
  bool positive() const;  // lo > 0
  bool negative() const;  // hi < 0
  bool contains(const mpq_class& q) const;
  // An upper bound of hi - lo.
  double width_upper() const;
  // Endpoints as doubles rounded outward, and the midpoint rounded to nearest.
  double lo_double() const;
  double hi_double() const;
  double mid_double() const;

  // The endpoints as exact rationals (an MPFR number is a dyadic rational).
  mpq_class lo_rational() const;
  mpq_class hi_rational() const;

  Interval operator-() const;
  Interval& operator+=(const Interval& o);
  Interval& operator-=(const Interval& o);
  Interval& operator*=(const Interval& o);
  // Throws InternalError if o contains zero.
  Interval& operator/=(const Interval& o);

  // |x| as an interval: [min |x|, max |x|].
  Interval abs() const;
  // x^k, k >= 0 (tight for even k: the result is non-negative).
  Interval pow(unsigned k) const;
  // Hull of two intervals: [min lo, max hi].
  static Interval join(const Interval& a, const Interval& b);
  // Pointwise max of two intervals (the interval of max(a, b)).
  static Interval max(const Interval& a, const Interval& b);

  // Monotone elementary functions, enclosures of the exact images.
  Interval exp() const;
  Interval log1p() const;  // requires lo > -1 (InternalError otherwise)
  Interval tanh() const;
  // 1 / (1 + e^-x).
  Interval sigmoid() const;

  // "[lo, hi]" with `digits` significant decimal digits, lo rounded down and hi up.
  std::string to_string(int digits = 20) const;
  // The midpoint with `digits` significant digits and the half-width, "m +- r".
  std::string to_mid_rad_string(int digits = 20) const;

 private:
  void set_prec_at_least(mpfr_prec_t p);
  mpfr_t lo_, hi_;
};

inline Interval operator+(Interval a, const Interval& b) { return a += b; }
inline Interval operator-(Interval a, const Interval& b) { return a -= b; }
inline Interval operator*(Interval a, const Interval& b) { return a *= b; }
inline Interval operator/(Interval a, const Interval& b) { return a /= b; }

}  // namespace nf
