#include "approx/error_function.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "numeric/real_activation.hpp"

namespace nf {

std::string to_string(BoundForm form) {
  switch (form) {
    case BoundForm::Natural: return "natural";
    case BoundForm::MeanValue: return "mean-value";
    case BoundForm::Taylor: return "taylor";
  }
  return "?";
}

namespace {

void check_target(const Target& target, std::size_t n) {
  if (target.r.size() != n)
    throw InputError("the target has " + std::to_string(target.r.size()) + " variables, the network has n = " +
                     std::to_string(n));
}

// Working precision: 96 bits plus the bits lost to cancellation, about
// log2(sum_j |W_j| + |C|) (the gate at lambda cancels lambda^-n / sigma_n
// down to 1), plus log2 m.  Arb tracks every rounding in the radii, so the
// precision only decides how wide the balls are, never whether they are right.
slong working_precision(const std::vector<Ball>& W, const Ball& C) {
  double total = abs_upper_double(C);
  for (const Ball& w : W) total += abs_upper_double(w);
  if (!std::isfinite(total)) return 2048;
  const double bits = 96 + std::max(0.0, std::ceil(std::log2(1 + total))) + std::ceil(std::log2(static_cast<double>(W.size()) + 1.0));
  return static_cast<slong>(std::min(bits, 2048.0));
}

}  // namespace

ErrorFunction ErrorFunction::from_network(const Network& net, const Activation& act, const mpq_class& scale,
                                          const Target& target) {
  if (act.family() == Activation::Family::Generic)
    throw InputError("the generic activation has no numerical values: give --activation (sigmoid, tanh, ...)");
  if (scale <= 0) throw InputError("the scale must be positive");
  check_target(target, net.inputs());
  ErrorFunction g;
  g.n_ = net.inputs();
  g.m_ = net.neurons();
  g.family_ = act.family();
  for (unsigned e : target.r) g.r_.push_back(static_cast<int>(e));
  const slong setup = 256;
  // L^-d exactly, then W = L^-d w and C = L^-d c as exact rationals rounded once.
  mpq_class inv_scale_d = 1;
  for (unsigned k = 0; k < target.degree(); ++k) inv_scale_d /= scale;
  for (std::size_t i = 0; i < g.n_; ++i)
    for (std::size_t j = 0; j < g.m_; ++j) g.A_.push_back(Ball::rational(scale * net.a(i, j), setup));
  for (std::size_t j = 0; j < g.m_; ++j) {
    g.b_.push_back(Ball::rational(net.b(j), setup));
    g.W_.push_back(Ball::rational(inv_scale_d * net.w(j), setup));
  }
  g.C_ = Ball::rational(inv_scale_d * net.c(), setup);
  for (const mpq_class& c : poly_coefficients(act)) g.poly_.push_back(Ball::rational(c, setup));
  g.finish_setup();
  return g;
}

ErrorFunction ErrorFunction::from_gate(const Network& net, const RealActivation& act,
                                       const CertifiedCoefficient& sigma_n, const mpq_class& lambda,
                                       const Target& target) {
  if (!sigma_n.certified_nonzero()) throw InputError(act.description() + ": sigma_n(b) is not certified nonzero");
  if (lambda <= 0) throw InputError("the scale must be positive");
  check_target(target, net.inputs());
  ErrorFunction g;
  g.n_ = net.inputs();
  g.m_ = net.neurons();
  g.family_ = act.activation().family();
  for (unsigned e : target.r) g.r_.push_back(static_cast<int>(e));
  const slong setup = std::max<slong>(256, sigma_n.exact ? 256 : sigma_n.enclosure.precision());
  // sigma_n(b): the exact rational, or the MPFR enclosure [lo, hi] of
  // real_activation.hpp turned into a ball exactly (arb_set_interval_mpfr
  // rounds outward).
  Ball sn;
  if (sigma_n.exact) sn = Ball::rational(sigma_n.value, setup);
  else arb_set_interval_mpfr(sn.get(), sigma_n.enclosure.lo(), sigma_n.enclosure.hi(), setup);
  mpq_class lambda_n = 1;
  for (std::size_t k = 0; k < g.n_; ++k) lambda_n *= lambda;
  Ball denom = Ball::rational(lambda_n, setup);
  arb_mul(denom.get(), denom.get(), sn.get(), setup);
  if (arb_contains_zero(denom.get())) throw InternalError("from_gate: lambda^n sigma_n(b) contains 0");
  const Ball bias = Ball::rational(act.bias(), setup);
  for (std::size_t i = 0; i < g.n_; ++i)
    for (std::size_t j = 0; j < g.m_; ++j) g.A_.push_back(Ball::rational(lambda * net.a(i, j), setup));
  for (std::size_t j = 0; j < g.m_; ++j) {
    g.b_.push_back(bias);
    Ball w = Ball::rational(net.w(j), setup);
    arb_div(w.get(), w.get(), denom.get(), setup);
    g.W_.push_back(std::move(w));
  }
  arb_zero(g.C_.get());
  for (const mpq_class& c : poly_coefficients(act.activation())) g.poly_.push_back(Ball::rational(c, setup));
  g.finish_setup();
  return g;
}

void ErrorFunction::finish_setup() {
  if (family_ == Activation::Family::Generic)
    throw InputError("the generic activation has no numerical values: give --activation (sigmoid, tanh, ...)");
  prec_ = working_precision(W_, C_);
  u_.resize(m_);
  sig_.resize(3 * m_);
  tmp_.resize(8);
  grad_.resize(n_);
  hess_.resize(n_ * n_);
  xb_.resize(n_);
  e_.resize(n_);
}

std::vector<Ball> ErrorFunction::point(const std::vector<mpq_class>& x) const {
  if (x.size() != n_) throw InputError("a point with " + std::to_string(x.size()) + " coordinates, expected " +
                                       std::to_string(n_));
  std::vector<Ball> out;
  for (const mpq_class& v : x) out.push_back(Ball::rational(v, prec_));
  return out;
}

namespace {

// Scratch balls for the derivatives (owned by the ErrorFunction).
struct Scratch {
  arb_ptr s, s1, q, e;
};

// The logistic function on a ball: res = 1 / (1 + exp(-t)); e is scratch.
void logistic(arb_ptr res, arb_srcptr t, arb_ptr e, slong p) {
  arb_neg(e, t);
  arb_exp(e, e, p);
  arb_add_ui(e, e, 1, p);
  arb_inv(res, e, p);
}

// Enclosures of the sigmoid s and its derivatives up to `order` (<= 3) on t.
void sigmoid_derivatives(arb_srcptr t, int order, Ball* out, const Scratch& w, slong p) {
  logistic(w.s, t, w.e, p);
  arb_set(out[0].get(), w.s);
  if (order >= 1) {
    arb_sub_ui(w.q, w.s, 1, p);
    arb_neg(w.q, w.q);
    arb_mul(w.s1, w.s, w.q, p);  // s' = s (1 - s)
    arb_set(out[1].get(), w.s1);
  }
  if (order >= 2) {
    arb_mul_2exp_si(w.q, w.s, 1);
    arb_sub_ui(w.q, w.q, 1, p);
    arb_neg(w.q, w.q);
    arb_mul(out[2].get(), w.s1, w.q, p);  // s'' = s' (1 - 2 s)
  }
  if (order >= 3) {
    arb_mul(w.e, out[2].get(), w.q, p);
    arb_sqr(w.q, w.s1, p);
    arb_mul_2exp_si(w.q, w.q, 1);
    arb_sub(out[3].get(), w.e, w.q, p);  // s''' = s'' (1 - 2 s) - 2 s'^2
  }
}

// tanh T and its derivatives up to `order` (<= 3).
void tanh_derivatives(arb_srcptr t, int order, Ball* out, const Scratch& w, slong p) {
  arb_tanh(w.s, t, p);
  arb_set(out[0].get(), w.s);
  if (order >= 1) {
    arb_sqr(w.q, w.s, p);
    arb_sub_ui(w.q, w.q, 1, p);
    arb_neg(w.s1, w.q);  // T' = 1 - T^2
    arb_set(out[1].get(), w.s1);
  }
  if (order >= 2) {
    arb_mul(w.q, w.s, w.s1, p);
    arb_mul_si(out[2].get(), w.q, -2, p);  // T'' = -2 T T'
  }
  if (order >= 3) {
    arb_sqr(w.q, w.s1, p);
    arb_addmul(w.q, w.s, out[2].get(), p);
    arb_mul_si(out[3].get(), w.q, -2, p);  // T''' = -2 (T'^2 + T T'')
  }
}

// softplus log(1 + e^t) and its derivatives up to `order` (<= 3): s, s', s''.
void softplus_derivatives(arb_srcptr t, int order, Ball* out, const Scratch& w, slong p) {
  arb_exp(w.q, t, p);
  arb_log1p(out[0].get(), w.q, p);  // log(1 + e^t)
  if (order >= 1) {
    logistic(w.s, t, w.e, p);
    arb_set(out[1].get(), w.s);  // ' = s
  }
  if (order >= 2) {
    arb_sub_ui(w.q, w.s, 1, p);
    arb_neg(w.q, w.q);
    arb_mul(w.s1, w.s, w.q, p);  // '' = s' = s (1 - s)
    arb_set(out[2].get(), w.s1);
  }
  if (order >= 3) {
    arb_mul_2exp_si(w.q, w.s, 1);
    arb_sub_ui(w.q, w.q, 1, p);
    arb_neg(w.q, w.q);
    arb_mul(out[3].get(), w.s1, w.q, p);  // ''' = s'' = s' (1 - 2 s)
  }
}

// silu t s(t) and its derivatives up to `order` (<= 3).
void silu_derivatives(arb_srcptr t, int order, Ball* out, const Scratch& w, slong p) {
  logistic(w.s, t, w.e, p);
  arb_mul(out[0].get(), t, w.s, p);  // t s
  if (order >= 1) {
    arb_sub_ui(w.q, w.s, 1, p);
    arb_neg(w.q, w.q);
    arb_mul(w.s1, w.s, w.q, p);          // s'
    arb_mul(w.q, t, w.s1, p);
    arb_add(out[1].get(), w.s, w.q, p);  // s + t s'
  }
  if (order >= 2) {
    arb_mul_2exp_si(w.q, w.s, 1);
    arb_sub_ui(w.q, w.q, 1, p);
    arb_neg(w.q, w.q);
    arb_mul(w.e, w.s1, w.q, p);  // s'' = s' (1 - 2 s)
    arb_mul(w.e, w.e, t, p);
    arb_mul_2exp_si(w.q, w.s1, 1);
    arb_add(out[2].get(), w.q, w.e, p);  // 2 s' + t s''
  }
  if (order >= 3) {
    // s'' again, then s''' = s'' (1 - 2 s) - 2 s'^2 and y''' = 3 s'' + t s'''.
    arb_mul_2exp_si(w.q, w.s, 1);
    arb_sub_ui(w.q, w.q, 1, p);
    arb_neg(w.q, w.q);                   // 1 - 2 s
    arb_mul(w.e, w.s1, w.q, p);          // s''
    arb_mul(w.q, w.e, w.q, p);           // s'' (1 - 2 s)
    arb_submul(w.q, w.s1, w.s1, p);
    arb_submul(w.q, w.s1, w.s1, p);      // s'''
    arb_mul(w.q, w.q, t, p);             // t s'''
    arb_addmul_ui(w.q, w.e, 3, p);       // + 3 s''
    arb_set(out[3].get(), w.q);
  }
}

// sum_k c_k t^k and its derivatives up to `order`, by Horner on the exact
// coefficients c (as balls); q is scratch.
void poly_derivatives(arb_srcptr t, int order, Ball* out, const std::vector<Ball>& c, arb_ptr q, slong p) {
  const std::size_t K = c.size();
  for (int d = 0; d <= order; ++d) {
    arb_zero(out[d].get());
    for (std::size_t k = K; k-- > static_cast<std::size_t>(d);) {
      arb_mul(out[d].get(), out[d].get(), t, p);
      // coefficient of t^(k-d) in the d-th derivative: c_k k!/(k-d)!
      arb_set(q, c[k].get());
      for (int u = 0; u < d; ++u) arb_mul_ui(q, q, k - u, p);
      arb_add(out[d].get(), out[d].get(), q, p);
    }
  }
}

// relu max(0, t) and (order 1) its generalized derivative; throws
// InternalError for order >= 2.
void relu_derivatives(arb_srcptr t, int order, Ball* out) {
  arb_nonnegative_part(out[0].get(), t);  // encloses {max(0, u) : u in t}
  if (order >= 1) {
    if (arb_is_positive(t)) arb_one(out[1].get());
    else if (arb_is_negative(t)) arb_zero(out[1].get());
    else arb_unit_interval(out[1].get());  // the generalized derivative [0, 1]
  }
  if (order >= 2) throw InternalError("relu has no second derivative");
}

}  // namespace

void ErrorFunction::sigma_derivatives(arb_srcptr t, int order, Ball* out) const {
  const slong p = prec_;
  const Scratch w{tmp_[0].get(), tmp_[1].get(), tmp_[2].get(), tmp_[3].get()};
  switch (family_) {
    case Activation::Family::Sigmoid: sigmoid_derivatives(t, order, out, w, p); return;
    case Activation::Family::Tanh: tanh_derivatives(t, order, out, w, p); return;
    case Activation::Family::Softplus: softplus_derivatives(t, order, out, w, p); return;
    case Activation::Family::Silu: silu_derivatives(t, order, out, w, p); return;
    case Activation::Family::Exp:
      arb_exp(out[0].get(), t, p);
      for (int k = 1; k <= order; ++k) arb_set(out[k].get(), out[0].get());
      return;
    case Activation::Family::Poly: poly_derivatives(t, order, out, poly_, w.q, p); return;
    case Activation::Family::Relu: relu_derivatives(t, order, out); return;
    case Activation::Family::Generic: break;
  }
  throw InternalError("sigma_derivatives: generic activation");
}

void ErrorFunction::monomial(const std::vector<Ball>& x, const std::vector<int>& e, Ball& out) const {
  arb_one(out.get());
  for (std::size_t i = 0; i < n_; ++i) {
    if (e[i] < 0) {
      arb_zero(out.get());
      return;
    }
    if (e[i] == 0) continue;
    arb_pow_ui(tmp_[4].get(), x[i].get(), static_cast<ulong>(e[i]), prec_);
    arb_mul(out.get(), out.get(), tmp_[4].get(), prec_);
  }
}

void ErrorFunction::value(const std::vector<Ball>& x, Ball& f, Ball& g) const {
  if (x.size() != n_) throw InternalError("ErrorFunction::value: wrong dimension");
  const slong p = prec_;
  arb_set(f.get(), C_.get());
  Ball* s = &sig_[0];
  for (std::size_t j = 0; j < m_; ++j) {
    arb_ptr u = u_[j].get();
    arb_set(u, b_[j].get());
    for (std::size_t i = 0; i < n_; ++i) arb_addmul(u, A_[i * m_ + j].get(), x[i].get(), p);
    sigma_derivatives(u, 0, s);
    arb_addmul(f.get(), W_[j].get(), s[0].get(), p);
  }
  Ball xr;
  for (std::size_t i = 0; i < n_; ++i) e_[i] = r_[i];
  monomial(x, e_, xr);
  arb_sub(g.get(), f.get(), xr.get(), p);
}

void ErrorFunction::monomial_derivative(const std::vector<Ball>& x, std::initializer_list<std::size_t> vars,
                                        Ball& out) const {
  // d/dx_{v1} ... d/dx_{vk} x^r = (prod of falling factorials) x^(r - counts).
  for (std::size_t i = 0; i < n_; ++i) e_[i] = r_[i];
  long coef = 1;
  for (std::size_t v : vars) {
    coef *= e_[v];
    e_[v] -= 1;
  }
  if (coef == 0) {
    arb_zero(out.get());
  } else {
    monomial(x, e_, out);
    arb_mul_si(out.get(), out.get(), coef, prec_);
  }
  for (std::size_t i = 0; i < n_; ++i) e_[i] = r_[i];
}

namespace {

// The box B = x0 +- rho as balls: X_i = x0_i +- rho_i contains every point of
// B; H_i = 0 +- rho_i contains h_i and hsq_i = rho_i^2/2 +- rho_i^2/2 contains
// h_i^2.  X, H and hsq have one entry per input.
void box_balls(const std::vector<Ball>& x0, const std::vector<double>& rho, slong p, std::vector<Ball>& X,
               std::vector<Ball>& H, std::vector<Ball>& hsq) {
  for (std::size_t i = 0; i < x0.size(); ++i) {
    arb_zero(H[i].get());
    Ball r = Ball::exact(rho[i]);
    arb_add_error(H[i].get(), r.get());
    arb_set(X[i].get(), x0[i].get());
    arb_add_error(X[i].get(), r.get());
    arb_sqr(hsq[i].get(), r.get(), p);
    arb_mul_2exp_si(hsq[i].get(), hsq[i].get(), -1);
    arb_add_error(hsq[i].get(), hsq[i].get());  // rho^2/2 +- rho^2/2
  }
}

}  // namespace

void ErrorFunction::centre_terms(const std::vector<Ball>& x0, int centre_order, BoxBound& out,
                                 std::vector<Ball>& hc) const {
  const slong p = prec_;
  Ball xr, part, part2, fc;
  Ball s4[4];
  out.gradient_centre.resize(n_);
  arb_set(fc.get(), C_.get());
  for (std::size_t i = 0; i < n_; ++i) arb_zero(out.gradient_centre[i].get());
  for (std::size_t j = 0; j < m_; ++j) {
    arb_ptr u = u_[j].get();
    arb_set(u, b_[j].get());
    for (std::size_t i = 0; i < n_; ++i) arb_addmul(u, A_[i * m_ + j].get(), x0[i].get(), p);
    sigma_derivatives(u, centre_order, s4);
    arb_addmul(fc.get(), W_[j].get(), s4[0].get(), p);
    if (centre_order >= 1) {
      arb_mul(part.get(), W_[j].get(), s4[1].get(), p);
      for (std::size_t i = 0; i < n_; ++i)
        arb_addmul(out.gradient_centre[i].get(), part.get(), A_[i * m_ + j].get(), p);
    }
    if (centre_order >= 2) {
      arb_mul(part.get(), W_[j].get(), s4[2].get(), p);
      for (std::size_t i = 0; i < n_; ++i) {
        arb_mul(part2.get(), part.get(), A_[i * m_ + j].get(), p);
        for (std::size_t k = i; k < n_; ++k) arb_addmul(hc[i * n_ + k].get(), part2.get(), A_[k * m_ + j].get(), p);
      }
    }
  }
  for (std::size_t i = 0; i < n_; ++i) e_[i] = r_[i];
  monomial(x0, e_, xr);
  arb_sub(out.g_centre.get(), fc.get(), xr.get(), p);
  if (centre_order >= 1)
    for (std::size_t i = 0; i < n_; ++i) {
      monomial_derivative(x0, {i}, xr);
      arb_sub(out.gradient_centre[i].get(), out.gradient_centre[i].get(), xr.get(), p);
    }
  if (centre_order >= 2)
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t k = i; k < n_; ++k) {
        monomial_derivative(x0, {i, k}, xr);
        arb_sub(hc[i * n_ + k].get(), hc[i * n_ + k].get(), xr.get(), p);
      }
}

void ErrorFunction::box_terms(const std::vector<Ball>& X, int box_order, Ball& fn) const {
  const slong p = prec_;
  Ball part, part2;
  Ball s4[4];
  arb_set(fn.get(), C_.get());
  for (std::size_t i = 0; i < n_; ++i) arb_zero(grad_[i].get());
  std::vector<Ball>& T = hess_;  // n^3 entries, index (i n + k) n + l
  if (box_order >= 3) {
    if (T.size() != n_ * n_ * n_) T.resize(n_ * n_ * n_);
    for (Ball& t : T) arb_zero(t.get());
  }
  for (std::size_t j = 0; j < m_; ++j) {
    arb_ptr u = u_[j].get();
    arb_set(u, b_[j].get());
    for (std::size_t i = 0; i < n_; ++i) arb_addmul(u, A_[i * m_ + j].get(), X[i].get(), p);
    sigma_derivatives(u, box_order, s4);
    arb_addmul(fn.get(), W_[j].get(), s4[0].get(), p);
    if (box_order >= 1) {
      arb_mul(part.get(), W_[j].get(), s4[1].get(), p);
      for (std::size_t i = 0; i < n_; ++i) arb_addmul(grad_[i].get(), part.get(), A_[i * m_ + j].get(), p);
    }
    if (box_order >= 3) {
      arb_mul(part.get(), W_[j].get(), s4[3].get(), p);
      for (std::size_t i = 0; i < n_; ++i) {
        arb_mul(part2.get(), part.get(), A_[i * m_ + j].get(), p);
        for (std::size_t k = i; k < n_; ++k) {
          arb_mul(tmp_[5].get(), part2.get(), A_[k * m_ + j].get(), p);
          for (std::size_t l = k; l < n_; ++l)
            arb_addmul(T[(i * n_ + k) * n_ + l].get(), tmp_[5].get(), A_[l * m_ + j].get(), p);
        }
      }
    }
  }
}

void ErrorFunction::mean_value_form(const std::vector<Ball>& X, const std::vector<Ball>& H, const Ball& g_centre,
                                    Ball& mv) const {
  Ball xr;
  arb_set(mv.get(), g_centre.get());
  for (std::size_t i = 0; i < n_; ++i) {
    monomial_derivative(X, {i}, xr);
    arb_sub(grad_[i].get(), grad_[i].get(), xr.get(), prec_);
    arb_addmul(mv.get(), grad_[i].get(), H[i].get(), prec_);
  }
}

void ErrorFunction::taylor_form(const std::vector<Ball>& X, const std::vector<Ball>& H, const std::vector<Ball>& hsq,
                                const std::vector<Ball>& hc, const BoxBound& centre, Ball& t3) const {
  const slong p = prec_;
  Ball xr, part;
  arb_set(t3.get(), centre.g_centre.get());
  for (std::size_t i = 0; i < n_; ++i) arb_addmul(t3.get(), centre.gradient_centre[i].get(), H[i].get(), p);
  for (std::size_t i = 0; i < n_; ++i)
    for (std::size_t k = i; k < n_; ++k) {
      if (i == k) {
        arb_mul(part.get(), hc[i * n_ + i].get(), hsq[i].get(), p);
        arb_mul_2exp_si(part.get(), part.get(), -1);  // (1/2) H_ii h_i^2
      } else {
        arb_mul(part.get(), hc[i * n_ + k].get(), H[i].get(), p);
        arb_mul(part.get(), part.get(), H[k].get(), p);  // H_ik h_i h_k (both halves)
      }
      arb_add(t3.get(), t3.get(), part.get(), p);
    }
  for (std::size_t i = 0; i < n_; ++i)
    for (std::size_t k = i; k < n_; ++k)
      for (std::size_t l = k; l < n_; ++l) {
        Ball& t = hess_[(i * n_ + k) * n_ + l];
        monomial_derivative(X, {i, k, l}, xr);
        arb_sub(t.get(), t.get(), xr.get(), p);
        // (1/6) times the number of orderings of (i, k, l): 1/6, 1/2 or 1.
        const long perms = (i == k && k == l) ? 1 : (i == k || k == l) ? 3 : 6;
        arb_mul(part.get(), t.get(), H[i].get(), p);
        arb_mul(part.get(), part.get(), H[k].get(), p);
        arb_mul(part.get(), part.get(), H[l].get(), p);
        arb_mul_si(part.get(), part.get(), perms, p);
        arb_div_ui(part.get(), part.get(), 6, p);
        arb_add(t3.get(), t3.get(), part.get(), p);
      }
}

void ErrorFunction::bound(const std::vector<Ball>& x0, const std::vector<double>& rho, BoundForm form,
                          BoxBound& out) const {
  const bool taylor = form == BoundForm::Taylor && smooth();
  const bool mean_value = form != BoundForm::Natural;
  const int box_order = taylor ? 3 : mean_value ? 1 : 0;
  const int centre_order = taylor ? 2 : mean_value ? 1 : 0;
  std::vector<Ball>& X = xb_;
  std::vector<Ball> H(n_), hsq(n_);
  box_balls(x0, rho, prec_, X, H, hsq);
  // Centre: g(x0), grad g(x0) and (taylor) the Hessian at x0.
  std::vector<Ball> hc(taylor ? n_ * n_ : 0);
  centre_terms(x0, centre_order, out, hc);
  // Over the box: the natural form g(X), then the mean-value and Taylor forms;
  // the tightest one wins.
  Ball fn, xr;
  box_terms(X, box_order, fn);
  monomial(X, e_, xr);
  arb_sub(fn.get(), fn.get(), xr.get(), prec_);
  double best = abs_upper_double(fn);
  Ball best_g = fn;
  if (mean_value) {
    Ball mv;
    mean_value_form(X, H, out.g_centre, mv);
    const double u = abs_upper_double(mv);
    if (u < best) {
      best = u;
      best_g = mv;
    }
  }
  if (taylor) {
    Ball t3;
    taylor_form(X, H, hsq, hc, out, t3);
    const double u = abs_upper_double(t3);
    if (u < best) {
      best = u;
      best_g = t3;
    }
  }
  out.abs_upper = best;
  out.g = std::move(best_g);
  out.gradient_box.resize(n_);
  if (mean_value)
    for (std::size_t i = 0; i < n_; ++i) arb_set(out.gradient_box[i].get(), grad_[i].get());
}

}  // namespace nf
