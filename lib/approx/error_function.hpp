// The approximation error of a network against a monomial, in Arb balls:
//
//   g(x) = f(x) - x^r,   f(x) = C + sum_j W_j sigma(b_j + sum_i A_ij x_i),
//
// and certified enclosures of g at a point and over a box.
//
// Two ways to build it, both with exact rational data enclosed in balls:
//   - a network file at scale L (section 3.6 of the paper: a -> L a, and the
//     output divided by L^d for a target of degree d):
//       A = L a,  b_j = b_j,  W = L^-d w,  C = L^-d c;
//     L = 1 is the network as it is.
//   - the paper's gate as evaluate-gate scales it (gate_evaluation.hpp):
//       f_lambda(x) = sum_j w_j sigma(b + lambda a_j . x) / (lambda^n sigma_n(b)),
//     A = lambda a, b_j = b, W = w / (lambda^n sigma_n(b)), C = 0, with
//     sigma_n(b) the certified enclosure (or exact value) that evaluate-gate
//     uses, so both tools evaluate the same f_lambda.
//
// Enclosures over a box B = x0 +- rho (x0 the exact centre, rho_i >= 0):
//   natural     C + sum_j W_j sigma(U_j) - X^r, U_j = b_j + A_j . B as a ball:
//               zeroth order, no use where the sum cancels (the gate).
//   mean value  g(B) in g(x0) + sum_i G_i [-rho_i, rho_i] with G_i an
//               enclosure of d_i g over B (mean value theorem on the segment
//               from x0 to x, which lies in B since B is convex).  For relu,
//               which is Lipschitz but not differentiable at 0, the
//               derivative of sigma on a ball straddling 0 is [0, 1]: along
//               the segment t -> relu(u(t)) is piecewise linear and
//               absolutely continuous with derivative in {0, 1} times u'
//               almost everywhere, so the integral form of the mean value
//               theorem still puts g(x) - g(x0) in the same sum.
//   taylor      g(B) in g(x0) + grad g(x0) . h + (1/2) h^T H(x0) h
//               + (1/6) T(B)[h, h, h], h in [-rho, rho], with grad g and the
//               Hessian H at the centre and T(B) an enclosure of the third
//               derivatives over B (Taylor's theorem with the Lagrange
//               remainder, sigma in C^3; not for relu).  The terms up to order
//               2 are evaluated at the centre, where Arb resolves the gate's
//               cancellation (sum_j W_j sigma(..) ~ lambda^-n terms summing to
//               O(1), errors O(lambda^2)) exactly, so the overestimate is
//               |H(x0)| rho^2 + O(rho^3) with |H(x0)| of the size of the error
//               itself, instead of the mean value form's
//               (sum_j |W_j| |A_j|^2 |sigma''|) rho^2 ~ lambda^(2-n) rho^2.
// bound() intersects every form that applies up to the one asked for (each
// is an enclosure, so their intersection is one).
//
// Activations (every derivative enclosed on the whole ball): sigmoid s = 1/(1
// + e^-t), s' = s(1 - s), s'' = s'(1 - 2s); tanh T, T' = 1 - T^2, T'' = -2 T
// T'; softplus log1p(e^t), ' = s, '' = s'; silu t s, ' = s + t s', '' = 2 s'
// + t s''; exp; poly (Horner on the exact coefficients); relu max(0, t),
// ' = 1, 0 or [0, 1].  An identity such as s' = s(1 - s) holds pointwise, and
// evaluating its right side in ball arithmetic on an enclosure of s(U)
// encloses s'(t) for every t in U.
//
// Not thread-safe: the evaluations use scratch balls held by the object.
//
// Example: the n = 2 gate under the sigmoid at b = 1, lambda = 1/10:
// value() at (1, 1) contains 1.004517301... - 1 = 0.0045173...
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "approx/arb_ball.hpp"
#include "model/activation.hpp"
#include "model/network.hpp"
#include "model/target.hpp"
#include "numeric/real_activation.hpp"

namespace nf {

enum class BoundForm { Natural, MeanValue, Taylor };
std::string to_string(BoundForm form);

class ErrorFunction {
 public:
  // A network with its own biases at scale L > 0: W = L^-d w, A = L a, C =
  // L^-d c, d = |r|.  Throws InputError for the generic activation, a target
  // with the wrong number of variables or L <= 0.
  static ErrorFunction from_network(const Network& net, const Activation& act, const mpq_class& scale,
                                    const Target& target);
  // The gate as evaluate-gate scales it at lambda (see above): every hidden
  // bias is act.bias(), and sigma_n = sigma_n(b) (exact or an enclosure that
  // excludes 0; InputError otherwise).
  static ErrorFunction from_gate(const Network& net, const RealActivation& act, const CertifiedCoefficient& sigma_n,
                                 const mpq_class& lambda, const Target& target);

  std::size_t inputs() const { return n_; }
  std::size_t neurons() const { return m_; }
  slong precision() const { return prec_; }
  bool smooth() const { return family_ != Activation::Family::Relu; }

  // The ball of a rational point at the working precision.
  std::vector<Ball> point(const std::vector<mpq_class>& x) const;
  // Enclosures of f(x) and g(x) = f(x) - x^r at a point (balls containing it).
  void value(const std::vector<Ball>& x, Ball& f, Ball& g) const;

  struct BoxBound {
    Ball g;              // an enclosure of g over the box (the tightest of the forms)
    double abs_upper;    // >= |g(x)| for every x in the box (rounded up)
    Ball g_centre;       // g(x0)
    std::vector<Ball> gradient_centre;  // grad g(x0) (for the forms that compute it)
    std::vector<Ball> gradient_box;     // an enclosure of grad g over the box (same forms)
  };
  // Enclosures over the box x0 +- rho; rho_i are exact nonnegative doubles
  // (upper bounds of the half widths) and x0 a ball containing the centre.
  void bound(const std::vector<Ball>& x0, const std::vector<double>& rho, BoundForm form, BoxBound& out) const;

 private:
  ErrorFunction() = default;
  void finish_setup();
  // out[0..order] = sigma^(k)(t), k = 0..order (order <= 3), enclosures over t.
  void sigma_derivatives(arb_srcptr t, int order, Ball* out) const;
  // x^e for an exponent vector e (negative exponent: 0).
  void monomial(const std::vector<Ball>& x, const std::vector<int>& e, Ball& out) const;
  // A partial derivative of x^r over the listed variables (repeats allowed).
  void monomial_derivative(const std::vector<Ball>& x, std::initializer_list<std::size_t> vars, Ball& out) const;
  // The steps of bound().  centre_terms: g(x0) and (centre_order >= 1)
  // grad g(x0) into out, (centre_order >= 2) the upper triangle of the Hessian
  // of g at x0 into hc (n*n entries, index i*n + k, zero on entry).
  void centre_terms(const std::vector<Ball>& x0, int centre_order, BoxBound& out, std::vector<Ball>& hc) const;
  // Over the box X: f(X) into fn, (box_order >= 1) grad f(X) into grad_,
  // (box_order >= 3) the third derivatives of f over X into hess_ (i <= k <= l).
  void box_terms(const std::vector<Ball>& X, int box_order, Ball& fn) const;
  // The mean-value form g(x0) + sum_i G_i h_i (h_i in H_i), G = grad g(X):
  // turns grad_ from grad f(X) into grad g(X).  After box_terms(X, >= 1).
  void mean_value_form(const std::vector<Ball>& X, const std::vector<Ball>& H, const Ball& g_centre, Ball& mv) const;
  // The third-order Taylor form g(x0) + grad g(x0) . h + (1/2) h^T H(x0) h +
  // (1/6) T(B)[h, h, h] (Lagrange remainder): turns hess_ from the third
  // derivatives of f into those of g.  After centre_terms(x0, 2) and box_terms(X, 3).
  void taylor_form(const std::vector<Ball>& X, const std::vector<Ball>& H, const std::vector<Ball>& hsq,
                   const std::vector<Ball>& hc, const BoxBound& centre, Ball& t3) const;

  std::size_t n_ = 0, m_ = 0;
  Activation::Family family_ = Activation::Family::Sigmoid;
  std::vector<Ball> poly_;        // poly: c_k as balls
  std::vector<Ball> A_;           // n*m, index i*m + j
  std::vector<Ball> b_, W_;       // m
  Ball C_;
  std::vector<int> r_;            // the target exponents
  slong prec_ = 128;
  // scratch
  mutable std::vector<Ball> u_, sig_, tmp_;
  mutable std::vector<Ball> grad_, hess_, xb_;
  mutable std::vector<int> e_;
};

}  // namespace nf
