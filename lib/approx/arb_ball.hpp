// RAII over Arb's ball type arb_t (Debian libflint-arb-dev, Arb 2.23 on
// FLINT 2.9), and the exact conversions certify-approx needs.
//
// A ball [m +- r] (arf midpoint, mag radius) contains the exact value it
// stands for.  Every Arb operation returns a ball that contains the exact
// result of the operation applied to any points of its operands (Arb's
// documented contract: midpoints are rounded and the rounding error is added
// to the radius, radii are rounded upwards), so any composition of Arb
// operations encloses the composed function.  Transcendental functions
// (arb_exp, arb_tanh, arb_log1p) follow the same contract.
//
// Example:
//   Ball third = Ball::rational(mpq_class(1, 3), 128);
//   arb_mul_si(third.get(), third.get(), 3, 128);   // contains 1, radius ~ 2^-127
//   mpq_class up = upper_rational(third);           // a dyadic rational >= 1
#pragma once

#include <arb.h>
#include <gmpxx.h>
#include <mpfr.h>

#include <string>

namespace nf {

class Ball {
 public:
  Ball() { arb_init(v_); }
  Ball(const Ball& o) {
    arb_init(v_);
    arb_set(v_, o.v_);
  }
  Ball(Ball&& o) noexcept {
    arb_init(v_);
    arb_swap(v_, o.v_);
  }
  Ball& operator=(const Ball& o) {
    if (this != &o) arb_set(v_, o.v_);
    return *this;
  }
  Ball& operator=(Ball&& o) noexcept {
    arb_swap(v_, o.v_);
    return *this;
  }
  ~Ball() { arb_clear(v_); }

  arb_ptr get() { return v_; }
  arb_srcptr get() const { return v_; }

  // The ball of the exact rational q at `prec` bits (radius 0 when q is a
  // dyadic that fits, otherwise the rounding error).
  static Ball rational(const mpq_class& q, slong prec);
  // The exact double y (radius 0).
  static Ball exact(double y);

 private:
  arb_t v_;
};

// RAII over arf_t (an exact dyadic number or +-inf / nan).
class Arf {
 public:
  Arf() { arf_init(v_); }
  Arf(const Arf&) = delete;
  Arf& operator=(const Arf&) = delete;
  ~Arf() { arf_clear(v_); }
  arf_ptr get() { return v_; }
  arf_srcptr get() const { return v_; }

 private:
  arf_t v_;
};

// Bounds of a ball as doubles, rounded outward: lower_double(x) <= every
// point of x <= upper_double(x).  An infinite or nan ball gives -inf / +inf.
double lower_double(const Ball& x);
double upper_double(const Ball& x);
// Bounds of |x| as doubles: abs_lower_double(x) <= |t| <= abs_upper_double(x)
// for every point t of x.
double abs_lower_double(const Ball& x);
double abs_upper_double(const Ball& x);

// The exact rational value of a finite double (every double is a dyadic).
mpq_class exact_rational(double y);

// Decimal text of a rational rounded down (lower) or up (upper) to `digits`
// significant digits (MPFR printf with directed rounding): the printed
// number is itself a bound in the stated direction.
std::string decimal_down(const mpq_class& q, int digits);
std::string decimal_up(const mpq_class& q, int digits);

// [lo, hi] of a ball as directed decimals, "[0.0045173, 0.0045174]".
std::string ball_to_string(const Ball& x, int digits);

}  // namespace nf
