#include "numeric/gate_evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "numeric/numeric_util.hpp"

namespace nf {

std::vector<RealPoint> sample_points(std::size_t n, unsigned count, std::uint64_t seed) {
  std::vector<RealPoint> pts;
  if (count == 0) return pts;
  pts.emplace_back(n, mpq_class(1));
  std::mt19937_64 rng(seed);
  const mpz_class scale = mpz_class(1) << 20;
  while (pts.size() < count) {
    RealPoint x(n);
    for (auto& xi : x) {
      const std::uint64_t k = rng() % ((std::uint64_t(1) << 21) + 1);  // 0..2^21
      xi = mpq_class(mpz_class(static_cast<unsigned long>(k)) - scale, scale);
      xi.canonicalize();
    }
    pts.push_back(std::move(x));
  }
  return pts;
}

std::vector<mpq_class> default_lambdas() {
  std::vector<mpq_class> out;
  mpz_class decade = 1;
  for (int d = 0; d <= 4; ++d) {
    out.emplace_back(mpz_class(1), decade);
    if (d < 4) {
      out.emplace_back(mpz_class(1), decade * 2);
      out.emplace_back(mpz_class(1), decade * 5);
    }
    decade *= 10;
  }
  return out;
}

std::vector<mpq_class> parse_lambda_list(const std::string& text) {
  std::vector<mpq_class> out;
  std::size_t start = 0;
  if (text.empty()) throw InputError("--lambda: empty list");
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = text.substr(start, comma - start);
    mpq_class v;
    try {
      v = parse_rational(item);
    } catch (const InputError& e) {
      throw InputError(std::string("--lambda: ") + e.what());
    }
    if (v <= 0) throw InputError("--lambda: '" + item + "' is not positive");
    if (log2_abs(v) < -3000 || log2_abs(v) > 20)
      throw InputError("--lambda: '" + item + "' is outside 2^-3000..2^20");
    out.push_back(v);
    if (out.size() > 1000) throw InputError("--lambda: more than 1000 values");
    start = comma + 1;
  }
  return out;
}

FiniteScaleGate::FiniteScaleGate(Network net, RealActivation activation)
    : net_(std::move(net)), act_(std::move(activation)) {
  const std::size_t n = net_.inputs(), m = net_.neurons();
  if (n > 30) throw LimitError("finite-scale evaluation: n = " + std::to_string(n) + " exceeds 30");
  if (m > (std::size_t(1) << 24))
    throw LimitError("finite-scale evaluation: m = " + std::to_string(m) + " neurons exceeds 2^24");
  coeffs_ = act_.coefficients(static_cast<unsigned>(n + 2));
  const CertifiedCoefficient& s = coeffs_[n];
  if (s.certified_zero())
    throw InputError(act_.description() + " has sigma_" + std::to_string(n) +
                     "(b) = 0 exactly: the degree-n term vanishes (use --bias auto)");
  if (!s.certified_nonzero())
    throw InputError(act_.description() + ": sigma_" + std::to_string(n) + "(b) could not be certified nonzero");
  a_double_.reserve(n * m);
  for (const mpq_class& a : net_.a_row_major()) a_double_.push_back(a.get_d());
  for (const mpq_class& w : net_.w_all()) {
    w_double_.push_back(w.get_d());
    w_norm1_ += std::abs(w.get_d());
  }
  for (std::size_t j = 0; j < m; ++j) {
    double row = 0;
    for (std::size_t i = 0; i < n; ++i) row += std::abs(a_double_[i * m + j]);
    a_max_row_ = std::max(a_max_row_, row);
  }
}

mpfr_prec_t FiniteScaleGate::evaluation_precision(const mpq_class& lambda) const {
  const std::size_t n = degree();
  const double L = std::max(0.0, -log2_abs(lambda));
  const double sn = std::max(std::abs(coeffs_[n].enclosure.mid_double()), 1e-300);
  const double M = act_.magnitude_bound(lambda.get_d() * a_max_row_);
  const double amp = std::log2(std::max(w_norm1_ * M / sn, 1.0)) + static_cast<double>(n) * L;
  const double bits = 64 + std::ceil(amp) + std::ceil(2 * L) + std::ceil(std::log2(double(net_.neurons())));
  return static_cast<mpfr_prec_t>(std::clamp(bits, 64.0, double(1 << 16)));
}

namespace {

// sigma_n(b) at precision >= prec (recomputed when the cached one is coarser).
Interval sigma_n_at(const RealActivation& act, const CertifiedCoefficient& c, unsigned n, mpfr_prec_t prec) {
  if (c.exact) return Interval(c.value, prec);
  if (c.enclosure.precision() >= prec) return c.enclosure;
  return act.coefficients_at(n, prec)[n].enclosure;
}

mpq_class product_of(const RealPoint& x) {
  mpq_class p = 1;
  for (const mpq_class& v : x) p *= v;
  return p;
}

std::vector<mpq_class> dots_of(const Network& net, const RealPoint& x) {
  const std::size_t n = net.inputs(), m = net.neurons();
  std::vector<mpq_class> d(m, 0);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) d[j] += net.a(i, j) * x[i];
  return d;
}

std::vector<Interval> weights_at(const Network& net, mpfr_prec_t prec) {
  std::vector<Interval> w;
  w.reserve(net.neurons());
  for (const mpq_class& v : net.w_all()) w.emplace_back(v, prec);
  return w;
}

// f_lambda from enclosures of the dot products a_j . x and of the weights.
Interval evaluate_from_dots(const RealActivation& act, const Interval& denom, const std::vector<Interval>& w,
                            const Interval& lambda, const Interval& bias, const std::vector<Interval>& dots,
                            mpfr_prec_t prec) {
  Interval sum(prec);
  for (std::size_t j = 0; j < dots.size(); ++j) sum += w[j] * act.sigma(bias + lambda * dots[j]);
  return sum / denom;
}

// Enclosures of the dot products at `prec`.  Exact dyadic values (the seeded
// points against dyadic weights) are enclosed exactly at 64 bits and reused.
class DotCache {
 public:
  explicit DotCache(std::vector<mpq_class> dots) : dots_(std::move(dots)) {
    exact_ = true;
    for (const mpq_class& d : dots_) {
      Interval i(d, 64);
      exact_ = exact_ && mpfr_equal_p(i.lo(), i.hi());
      fixed_.push_back(std::move(i));
    }
  }
  const std::vector<Interval>& at(mpfr_prec_t prec) {
    if (exact_) return fixed_;
    if (prec != prec_) {
      cached_.clear();
      for (const mpq_class& d : dots_) cached_.emplace_back(d, prec);
      prec_ = prec;
    }
    return cached_;
  }

 private:
  std::vector<mpq_class> dots_;
  bool exact_ = false;
  std::vector<Interval> fixed_, cached_;
  mpfr_prec_t prec_ = 0;
};

double evaluate_double_from_dots(const RealActivation& act, const std::vector<double>& w, double sigma_n, double lambda,
                                 std::size_t n, const std::vector<double>& dots) {
  const double b = act.bias().get_d();
  double sum = 0;
  for (std::size_t j = 0; j < dots.size(); ++j) sum += w[j] * act.sigma(b + lambda * dots[j]);
  return sum / (std::pow(lambda, double(n)) * sigma_n);
}

std::vector<double> dots_double(const Network& net, const RealPoint& x) {
  const std::size_t n = net.inputs(), m = net.neurons();
  std::vector<double> d(m, 0.0);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) d[j] += net.a(i, j).get_d() * x[i].get_d();
  return d;
}

}  // namespace

Interval FiniteScaleGate::evaluate(const mpq_class& lambda, const RealPoint& x, mpfr_prec_t prec) const {
  if (x.size() != degree()) throw InputError("point has " + std::to_string(x.size()) + " coordinates, expected " +
                                            std::to_string(degree()));
  const Interval sn = sigma_n_at(act_, coeffs_[degree()], static_cast<unsigned>(degree()), prec);
  const Interval lam(lambda, prec);
  DotCache dots(dots_of(net_, x));
  return evaluate_from_dots(act_, lam.pow(static_cast<unsigned>(degree())) * sn, weights_at(net_, prec), lam,
                            Interval(act_.bias(), prec), dots.at(prec), prec);
}

double FiniteScaleGate::evaluate_double(const mpq_class& lambda, const RealPoint& x) const {
  const std::size_t n = degree(), m = net_.neurons();
  std::vector<double> dots(m, 0.0);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) dots[j] += a_double_[i * m + j] * x[i].get_d();
  return evaluate_double_from_dots(act_, w_double_, coeffs_[n].enclosure.mid_double(), lambda.get_d(), n, dots);
}

ErrorPrediction predict_error(const FiniteScaleGate& gate, const std::vector<RealPoint>& points) {
  const Network& net = gate.network();
  const std::size_t n = gate.degree();
  const auto& c = gate.coefficients();
  const double sn = c[n].enclosure.mid_double();
  // max over points of |P_k(x)| for k = 0..n+2, and of |P_n(x) - x1...xn|.
  std::vector<mpq_class> max_abs(n + 3, 0);
  mpq_class max_dev = 0;
  for (const RealPoint& x : points) {
    const std::vector<mpq_class> d = dots_of(net, x);
    std::vector<mpq_class> P(n + 3, 0);
    for (std::size_t j = 0; j < d.size(); ++j) {
      mpq_class pw = 1;
      for (std::size_t k = 0; k <= n + 2; ++k) {
        P[k] += net.w(j) * pw;
        pw *= d[j];
      }
    }
    for (std::size_t k = 0; k <= n + 2; ++k) max_abs[k] = std::max<mpq_class>(max_abs[k], abs(P[k]));
    max_dev = std::max<mpq_class>(max_dev, abs(P[n] - product_of(x)));
  }
  ErrorPrediction p;
  for (std::size_t k = 0; k < n; ++k)
    if (max_abs[k] != 0 && !c[k].certified_zero()) {
      p.kind = "diverges";
      p.order = static_cast<int>(k) - static_cast<int>(n);
      p.constant = std::abs(c[k].enclosure.mid_double() / sn) * max_abs[k].get_d();
      return p;
    }
  if (max_dev != 0) {
    p.kind = "constant";
    p.order = 0;
    p.constant = max_dev.get_d();
    return p;
  }
  p.odd_term_vanishes = max_abs[n + 1] == 0;
  for (std::size_t j = 1; j <= 2; ++j) {
    if (max_abs[n + j] == 0 || c[n + j].certified_zero()) continue;
    p.kind = "converges";
    p.order = static_cast<int>(j);
    p.constant = std::abs(c[n + j].enclosure.mid_double() / sn) * max_abs[n + j].get_d();
    return p;
  }
  p.kind = "higher";
  p.order = 3;
  return p;
}

std::optional<double> fitted_order(const std::vector<SweepRow>& rows, const mpq_class& below, unsigned* used) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  unsigned k = 0;
  for (const SweepRow& r : rows) {
    const double e = r.max_error.mid_double();
    if (r.lambda > below || !r.tight || !(e > 0)) continue;
    const double x = log2_abs(r.lambda), y = std::log2(e);
    sx += x; sy += y; sxx += x * x; sxy += x * y;
    ++k;
  }
  if (used) *used = k;
  if (k < 2) return std::nullopt;
  const double den = k * sxx - sx * sx;
  if (den == 0) return std::nullopt;
  return (k * sxy - sx * sy) / den;
}

void check_sweep_work(std::size_t n, std::size_t m, const SweepOptions& opts) {
  double work = 0;
  for (const mpq_class& l : opts.lambdas) {
    const double bits = 64 + double(n + 2) * std::max(0.0, -log2_abs(l)) + std::log2(double(m)) + 16;
    work += double(opts.points) * double(m) * std::max(1.0, bits / 64);
  }
  if (work > opts.max_work)
    throw LimitError("the sweep needs about " + format_double(work, 3) + " sigma evaluations (64-bit units), above " +
                     format_double(opts.max_work, 3) + " (raise --max-work, or lower --points or n)");
}

mpfr_prec_t next_sweep_precision(const Interval& worst, mpfr_prec_t prec, const mpq_class& lambda, bool& tight) {
  constexpr mpfr_prec_t kMaxPrecision = 1 << 16;
  tight = worst.width_upper() <= 1e-6 * worst.hi_double();
  const double l = std::min(1.0, lambda.get_d());
  if (tight || prec >= kMaxPrecision || worst.hi_double() <= std::ldexp(l * l, -40)) return 0;
  return std::min<mpfr_prec_t>(prec * 2, kMaxPrecision);
}

namespace {

// Refuses a sweep above opts.max_work sigma evaluations weighted by precision
// in 64-bit words (LimitError).
void check_gate_sweep_work(const FiniteScaleGate& gate, const SweepOptions& opts) {
  double work = 0;
  for (const mpq_class& l : opts.lambdas)
    work += double(opts.points) * double(gate.network().neurons()) *
            std::max(1.0, double(gate.evaluation_precision(l)) / 64);
  if (work > opts.max_work)
    throw LimitError("the sweep needs about " + format_double(work, 3) + " sigma evaluations (64-bit units), above " +
                     format_double(opts.max_work, 3) + " (raise --max-work, or lower --points or n)");
}

// What the sweep reuses at every lambda: the dot products a_j . x at each
// point (exact, and in double), the products x1...xn, the weights and
// sigma_n(b) in double.
struct SweepPoints {
  std::vector<DotCache> dots;
  std::vector<std::vector<double>> dots_d;
  std::vector<mpq_class> products;
  std::vector<double> products_double;
  std::vector<double> w_double;
  double sn_double = 0;
};

SweepPoints prepare_sweep_points(const FiniteScaleGate& gate, const std::vector<RealPoint>& points) {
  const Network& net = gate.network();
  SweepPoints sp;
  for (const mpq_class& v : net.w_all()) sp.w_double.push_back(v.get_d());
  sp.sn_double = gate.coefficients()[gate.degree()].enclosure.mid_double();
  for (const RealPoint& x : points) {
    sp.dots.emplace_back(dots_of(net, x));
    sp.dots_d.push_back(dots_double(net, x));
    sp.products.push_back(product_of(x));
    sp.products_double.push_back(sp.products.back().get_d());
  }
  return sp;
}

// Sets row.max_error (max over the points of |F(x) - x1...xn|, certified),
// row.precision and row.tight, raising the precision as next_sweep_precision asks.
void certified_sweep_error(const FiniteScaleGate& gate, SweepPoints& sp, SweepRow& row) {
  const std::size_t n = gate.degree();
  mpfr_prec_t prec = gate.evaluation_precision(row.lambda);
  for (;;) {
    const Interval sn = sigma_n_at(gate.activation(), gate.coefficients()[n], static_cast<unsigned>(n), prec);
    const std::vector<Interval> w = weights_at(gate.network(), prec);
    const Interval lam(row.lambda, prec), bias(gate.activation().bias(), prec);
    const Interval denom = lam.pow(static_cast<unsigned>(n)) * sn;
    Interval worst(prec);
    for (std::size_t p = 0; p < sp.dots.size(); ++p) {
      const Interval f = evaluate_from_dots(gate.activation(), denom, w, lam, bias, sp.dots[p].at(prec), prec);
      worst = Interval::max(worst, (f - Interval(sp.products[p], prec)).abs());
    }
    row.max_error = worst;
    row.precision = prec;
    prec = next_sweep_precision(worst, prec, row.lambda, row.tight);
    if (prec == 0) break;
  }
}

// The same maximum in double arithmetic (NaN as soon as one point gives NaN).
double double_sweep_error(const FiniteScaleGate& gate, const SweepPoints& sp, const mpq_class& lambda) {
  double worst_double = 0;
  for (std::size_t p = 0; p < sp.dots_d.size(); ++p) {
    const double e = std::abs(evaluate_double_from_dots(gate.activation(), sp.w_double, sp.sn_double, lambda.get_d(),
                                                        gate.degree(), sp.dots_d[p]) -
                              sp.products_double[p]);
    worst_double = std::isnan(e) ? e : std::max(worst_double, e);
    if (std::isnan(e)) break;
  }
  return worst_double;
}

// The order log2(e0 / e1) / log2(lambda0 / lambda1) between two tight rows.
std::optional<double> local_order(const SweepRow& prev, const SweepRow& row) {
  const double e0 = prev.max_error.mid_double(), e1 = row.max_error.mid_double();
  const double dl = log2_abs(prev.lambda) - log2_abs(row.lambda);
  if (e0 > 0 && e1 > 0 && dl != 0) return (std::log2(e0) - std::log2(e1)) / dl;
  return std::nullopt;
}

}  // namespace

SweepResult sweep_gate(const FiniteScaleGate& gate, const SweepOptions& opts) {
  if (opts.lambdas.empty()) throw InputError("no lambda values to sweep");
  if (opts.points == 0) throw InputError("--points must be at least 1");
  check_gate_sweep_work(gate, opts);
  SweepResult r;
  r.activation = gate.activation().description();
  r.activation_name = gate.activation().activation().name();
  r.bias = gate.activation().bias();
  r.n = gate.degree();
  r.m = gate.network().neurons();
  r.points = opts.points;
  r.seed = opts.seed;
  const std::vector<RealPoint> points = sample_points(r.n, opts.points, opts.seed);
  r.prediction = predict_error(gate, points);
  SweepPoints sp = prepare_sweep_points(gate, points);
  for (const mpq_class& lambda : opts.lambdas) {
    const auto t0 = std::chrono::steady_clock::now();
    SweepRow row;
    row.lambda = lambda;
    certified_sweep_error(gate, sp, row);
    row.max_error_double = double_sweep_error(gate, sp, lambda);
    const double truth = row.max_error.mid_double();
    row.double_fails = !(std::abs(row.max_error_double - truth) <= 0.1 * truth);
    if (!r.rows.empty() && r.rows.back().tight && row.tight) row.local_order = local_order(r.rows.back(), row);
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (row.double_fails && (!r.double_breaks_at || lambda > *r.double_breaks_at)) r.double_breaks_at = lambda;
    r.rows.push_back(std::move(row));
  }
  unsigned small = 0;
  for (const SweepRow& row : r.rows) small += row.lambda <= mpq_class(1, 10);
  r.fit_below = small >= 3 ? mpq_class(1, 10) : *std::max_element(opts.lambdas.begin(), opts.lambdas.end());
  r.fitted_order = fitted_order(r.rows, r.fit_below, &r.fit_rows);
  return r;
}

std::string format_coefficient_table(const std::vector<CertifiedCoefficient>& c, unsigned required_degree) {
  std::ostringstream o;
  o << "    k  sigma_k(b)                                             sign\n";
  for (const CertifiedCoefficient& x : c) {
    std::string value = x.exact ? to_string(x.value) + " (exact)" : x.enclosure.to_string(17);
    if (value.size() < 54) value.resize(54, ' ');
    o << "  " << (x.k < 10 ? "  " : (x.k < 100 ? " " : "")) << x.k << "  " << value << " " << to_string(x.sign)
      << (x.k <= required_degree ? (x.certified_nonzero() ? "  (certified nonzero)" : "  (NOT certified nonzero)") : "")
      << '\n';
  }
  return o.str();
}

std::string format_sweep_table(const SweepResult& r) {
  std::ostringstream o;
  o << r.activation << ": n = " << r.n << ", m = " << r.m << ", " << r.points << " points in [-1,1]^" << r.n
    << " (seed " << r.seed << ", first (1,...,1))\n";
  o << "  lambda      max |f_lambda(x) - x1...xn| (certified)   bits  double precision        local order\n";
  for (const SweepRow& row : r.rows) {
    std::string lam = to_string(row.lambda);
    lam.resize(std::max<std::size_t>(lam.size(), 10), ' ');
    std::string cert = row.tight ? row.max_error.to_mid_rad_string(7)
                                 : "<= " + format_double(row.max_error.hi_double(), 3) + " (unresolved)";
    cert.resize(std::max<std::size_t>(cert.size(), 40), ' ');
    std::string dbl = format_double(row.max_error_double, 7) + (row.double_fails ? " WRONG" : "");
    dbl.resize(std::max<std::size_t>(dbl.size(), 22), ' ');
    char bits[16];
    std::snprintf(bits, sizeof bits, "%5ld", static_cast<long>(row.precision));
    o << "  " << lam << "  " << cert << "  " << bits << "  " << dbl << "  "
      << (row.local_order ? format_fixed(*row.local_order, 3) : std::string("-")) << '\n';
  }
  o << "fitted order: "
    << (r.fitted_order ? format_fixed(*r.fitted_order, 3) : std::string("n/a")) << " (least squares of log error on "
    << "log lambda over the " << r.fit_rows << " rows with lambda <= " << to_string(r.fit_below) << ")\n";
  const ErrorPrediction& p = r.prediction;
  o << "expansion: ";
  if (p.kind == "converges") {
    o << "error ~ " << format_double(p.constant, 6) << " lambda^" << p.order << " (max over the points of |sigma_"
      << r.n + p.order << "(b)/sigma_" << r.n << "(b) P_" << r.n + p.order << "(x)|)";
    if (p.order == 2 && p.odd_term_vanishes)
      o << "; P_" << r.n + 1 << "(x) = 0 exactly on every point: the degree n+1 terms cancel";
    o << '\n';
  } else if (p.kind == "diverges") {
    o << "some P_k with k < n is nonzero: f_lambda diverges like lambda^" << p.order << " (not a product gate)\n";
  } else if (p.kind == "constant") {
    o << "P_n differs from x1...xn by up to " << format_double(p.constant, 6)
      << ": the error tends to a nonzero constant (not a product gate)\n";
  } else {
    o << "P_{n+1} and P_{n+2} vanish on every point: order >= 3\n";
  }
  if (r.double_breaks_at)
    o << "double precision fails (off by more than 10% of the certified error) from lambda = "
      << to_string(*r.double_breaks_at) << " down\n";
  else
    o << "double precision agrees with the certified error to 10% at every lambda of the sweep\n";
  return o.str();
}

std::string sweep_csv_header() {
  return "activation,bias,n,m,lambda,lambda_value,max_error,max_error_lo,max_error_hi,max_error_double,double_fails,"
         "precision_bits,local_order\n";
}

std::string sweep_csv_rows(const SweepResult& r) {
  std::ostringstream o;
  for (const SweepRow& row : r.rows) {
    o << csv_field(r.activation_name) << ',' << to_string(r.bias) << ',' << r.n << ',' << r.m << ',' << to_string(row.lambda)
      << ',' << format_double(row.lambda.get_d(), 17) << ',' << format_double(row.max_error.mid_double(), 17) << ','
      << format_double(row.max_error.lo_double(), 17) << ',' << format_double(row.max_error.hi_double(), 17) << ','
      << format_double(row.max_error_double, 17) << ',' << (row.double_fails ? 1 : 0) << ',' << row.precision << ','
      << (row.local_order ? format_double(*row.local_order, 6) : std::string("")) << '\n';
  }
  return o.str();
}

nlohmann::ordered_json coefficients_json(const std::vector<CertifiedCoefficient>& c) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const CertifiedCoefficient& x : c) {
    nlohmann::ordered_json j;
    j["k"] = x.k;
    j["exact"] = x.exact;
    if (x.exact) j["value"] = to_string(x.value);
    j["lo"] = x.enclosure.lo_double();
    j["hi"] = x.enclosure.hi_double();
    j["sign"] = to_string(x.sign);
    out.push_back(j);
  }
  return out;
}

nlohmann::ordered_json sweep_json(const SweepResult& r) {
  nlohmann::ordered_json j;
  j["activation"] = r.activation_name;
  j["bias"] = to_string(r.bias);
  j["n"] = r.n;
  j["m"] = r.m;
  j["points"] = r.points;
  j["seed"] = r.seed;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const SweepRow& row : r.rows) {
    nlohmann::ordered_json x;
    x["lambda"] = to_string(row.lambda);
    x["max_error"] = row.max_error.mid_double();
    x["max_error_lo"] = row.max_error.lo_double();
    x["max_error_hi"] = row.max_error.hi_double();
    x["tight"] = row.tight;
    x["max_error_double"] = std::isfinite(row.max_error_double) ? nlohmann::ordered_json(row.max_error_double)
                                                                : nlohmann::ordered_json(nullptr);
    x["double_fails"] = row.double_fails;
    x["precision_bits"] = row.precision;
    x["local_order"] = row.local_order ? nlohmann::ordered_json(*row.local_order) : nlohmann::ordered_json(nullptr);
    rows.push_back(x);
  }
  j["rows"] = rows;
  j["fitted_order"] = r.fitted_order ? nlohmann::ordered_json(*r.fitted_order) : nlohmann::ordered_json(nullptr);
  j["fit_below"] = to_string(r.fit_below);
  j["prediction"] = {{"kind", r.prediction.kind},
                     {"order", r.prediction.order},
                     {"constant", r.prediction.constant},
                     {"odd_term_vanishes", r.prediction.odd_term_vanishes}};
  j["double_breaks_at"] =
      r.double_breaks_at ? nlohmann::ordered_json(to_string(*r.double_breaks_at)) : nlohmann::ordered_json(nullptr);
  return j;
}

}  // namespace nf
