#include "verify/float_path.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "core/thread_pool.hpp"
#include "numeric/fast_sigma.hpp"
#include "numeric/real_activation.hpp"
#include "poly/expansion.hpp"
#include "poly/float_moments.hpp"

namespace nf {

namespace {

constexpr double kUnit = 0x1p-53;
constexpr mpfr_prec_t kRefinePrecision = 256;

double rounding(double v) { return kUnit * std::fabs(v) + 0x1p-1020; }

// U_j^(k) = w_j sigma_k(b_j) in double, with its error bound, for every neuron.
// Marks the degrees where sigma_k(b) = 0 exactly for every bias (those below d impose nothing).
void weights_by_degree(const Network& net, const Activation& activation, unsigned d, unsigned threads,
                       FloatMomentProblem& p, IdentityChecker& checker) {
  const std::vector<mpq_class>& biases = net.b_row().dictionary();
  std::vector<FastSigma> sigma(biases.size());
  parallel_tasks(biases.size(), resolve_threads(threads),
                 [&](std::size_t t, unsigned) { sigma[t] = fast_sigma(activation, biases[t], d); });
  for (unsigned k = 0; k <= d; ++k) {
    bool zero = true;
    for (const FastSigma& s : sigma) zero = zero && s.value[k] == 0 && s.error[k] == 0;
    checker.set_sigma_zero(k, zero);
  }
  std::vector<double> w(net.w_row().dictionary().size()), w_err(w.size());
  for (std::size_t t = 0; t < w.size(); ++t) {
    w[t] = to_double(net.w_row().dictionary()[t]);
    w_err[t] = rounding(w[t]);
  }
  p.u.assign(d + 1, std::vector<double>(net.neurons()));
  p.e.assign(d + 1, std::vector<double>(net.neurons()));
  for (std::size_t j = 0; j < net.neurons(); ++j) {
    const FastSigma& s = sigma[net.b_row().code(j)];
    const std::uint32_t wc = net.w_row().code(j);
    for (unsigned k = 0; k <= d; ++k) {
      const double v = w[wc] * s.value[k];
      p.u[k][j] = v;
      p.e[k][j] = (std::fabs(w[wc]) * s.error[k] + std::fabs(s.value[k]) * w_err[wc] + w_err[wc] * s.error[k] +
                   rounding(v)) *
                  (1 + 0x1p-40);
    }
  }
}

void inputs_as_doubles(const Network& net, FloatMomentProblem& p) {
  p.a.resize(net.inputs() * net.neurons());
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    const CodedRow& row = net.row(i);
    std::vector<double> values(row.dictionary().size());
    for (std::size_t t = 0; t < values.size(); ++t) values[t] = to_double(row.dictionary()[t]);
    for (std::size_t j = 0; j < net.neurons(); ++j) p.a[i * net.neurons() + j] = values[row.code(j)];
  }
}

double factorial_ratio(unsigned k, const Exponents& r) {
  double f = 1;
  for (unsigned t = 2; t <= k; ++t) f *= t;
  for (unsigned e : r)
    for (unsigned t = 2; t <= e; ++t) f /= t;
  return f;  // exact while k! < 2^53 (k <= 18); otherwise its rounding is bounded below
}

// [x - b, x + b] widened outward by a few ulps, plus the exact rational c.
CoefficientValue enclosure(double x, double b, const mpq_class& c) {
  const double lo = std::nextafter(std::nextafter(x - b, -INFINITY), -INFINITY);
  const double hi = std::nextafter(std::nextafter(x + b, INFINITY), INFINITY);
  CoefficientValue v;
  v.exact = false;
  v.enclosure = Interval::hull(mpq_class(lo), mpq_class(hi), kRefinePrecision);
  if (c != 0) *v.enclosure += Interval(c, kRefinePrecision);
  return v;
}

// V(k, r) with MPFR intervals: sigma_k(b) per distinct bias at 256+ bits.
class Refiner {
 public:
  Refiner(const Network& net, const Activation& activation, unsigned d) : net_(net), act_(activation), d_(d) {}

  CoefficientValue value(unsigned k, const Exponents& r) {
    Interval sum(kRefinePrecision);
    for (std::size_t j = 0; j < net_.neurons(); ++j) {
      Interval term(net_.w(j), kRefinePrecision);
      term *= sigma(net_.b_row().code(j), k);
      mpq_class power = 1;
      for (std::size_t i = 0; i < net_.inputs(); ++i)
        for (unsigned t = 0; t < r[i]; ++t) power *= net_.a(i, j);
      term *= Interval(power, kRefinePrecision);
      sum += term;
    }
    mpz_class kf, rf = 1, f;
    mpz_fac_ui(kf.get_mpz_t(), k);
    for (unsigned e : r) {
      mpz_fac_ui(f.get_mpz_t(), e);
      rf *= f;
    }
    sum *= Interval(mpq_class(kf, rf), kRefinePrecision);
    if (k == 0) sum += Interval(net_.c(), kRefinePrecision);
    CoefficientValue v;
    v.exact = false;
    v.enclosure = std::move(sum);
    return v;
  }

 private:
  const Interval& sigma(std::uint32_t code, unsigned k) {
    auto it = cache_.find(code);
    if (it == cache_.end())
      it = cache_.emplace(code, RealActivation(act_, net_.b_row().dictionary()[code]).coefficients(d_)).first;
    return it->second[k].enclosure;
  }

  const Network& net_;
  Activation act_;
  unsigned d_;
  std::map<std::uint32_t, std::vector<CertifiedCoefficient>> cache_;
};

}  // namespace

std::string check_float_path(const Network& net, const Activation& activation, const Target& target,
                             unsigned threads, const ResourceLimits& limits, IdentityChecker& checker) {
  if (activation.family() == Activation::Family::Generic)
    throw InputError("the generic activation with nonzero biases: its symbols sigma_k(b_j) would differ from bias to "
                     "bias; give a concrete activation (--activation)");
  const unsigned d = target.degree();
  const auto start = std::chrono::steady_clock::now();
  FloatMomentProblem p;
  p.n = net.inputs();
  p.m = net.neurons();
  p.d = d;
  weights_by_degree(net, activation, d, threads, p, checker);
  inputs_as_doubles(net, p);
  const double sigma_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (unsigned k = 0; k <= d; ++k) checker.on_degree(k, monomials_of_degree(net.inputs(), k));
  // Pass 1 with the common bound per degree; the coefficients it cannot
  // decide get the per-monomial bound (pass 2), then MPFR.
  struct Value {
    unsigned k;
    Exponents r;
    CoefficientValue value;
    bool decided;
  };
  std::vector<Value> values;
  std::size_t undecided = 0;
  auto judge = [&](unsigned k, const Exponents& r, double s, double bound) {
    const double f = factorial_ratio(k, r);
    const double value = f * s;
    const double total = (f * bound + (k > 18 ? 5.0 : 1.0) * rounding(value)) * (1 + 0x1p-40);
    CoefficientValue v = enclosure(value, total, k == 0 ? net.c() : mpq_class(0));
    const mpq_class expected = k == d && r == target.r ? 1 : 0;
    const bool decided = !v.enclosure->contains(expected);
    return Value{k, r, std::move(v), decided};
  };
  float_moments(p, threads, limits.max_memory_bytes, false, [&](unsigned k, const Exponents& r, double s, double b) {
    values.push_back(judge(k, r, s, b));
    undecided += !values.back().decided;
  });
  const std::size_t coarse_undecided = undecided;
  if (undecided > 0) {
    std::size_t i = 0;
    undecided = 0;
    float_moments(p, threads, limits.max_memory_bytes, true, [&](unsigned k, const Exponents& r, double s, double b) {
      Value& v = values[i++];
      if (v.decided) return;
      v = judge(k, r, s, b);
      undecided += !v.decided;
    });
  }
  const bool refine = static_cast<double>(undecided) * static_cast<double>(net.neurons()) <= kRefineTerms;
  Refiner refiner(net, activation, d);
  for (const Value& v : values)
    checker.on_value(v.k, v.r, v.decided || !refine ? v.value : refiner.value(v.k, v.r));
  std::ostringstream method;
  method << "float path: " << net.b_row().dictionary().size()
         << " distinct biases, sigma_k(b) in double with running error bounds (" << sigma_seconds
         << " s), every coefficient by BLAS in double with a rigorous error bound (poly/float_moments.hpp): "
         << coarse_undecided << " not decided by the common bound per degree"
         << (coarse_undecided ? ", " + std::to_string(undecided) + " not by the bound per monomial" : std::string())
         << (undecided == 0 ? "" : refine ? ", recomputed with MPFR intervals at 256 bits" : ", left undecided");
  return method.str();
}

}  // namespace nf
