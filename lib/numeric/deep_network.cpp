#include "numeric/deep_network.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/rational.hpp"
#include "model/construction.hpp"
#include "numeric/numeric_util.hpp"

namespace nf {

// ---------------------------------------------------------------- structure

DeepProductNetwork::DeepProductNetwork(std::size_t n) : n_(n) {
  if (n < 2 || n > (std::size_t(1) << 16))
    throw InputError("deep product network: n must be in 2..65536, got " + std::to_string(n));
  std::vector<unsigned> prev_sizes;  // neurons of each node of the previous level (empty: inputs)
  std::size_t factors = n;
  while (factors > 1) {
    DeepLevel level;
    std::vector<unsigned> sizes;
    for (std::size_t f = 0; f < factors; f += 2) {
      DeepNode node;
      node.arity = f + 1 < factors ? 2 : 1;
      for (unsigned c = 0; c < node.arity; ++c) node.children.push_back(f + c);
      std::uint64_t fan_in = 0;
      for (std::size_t c : node.children) fan_in += prev_sizes.empty() ? 1 : prev_sizes[c];
      level.synapses_in += fan_in * node.neurons();
      level.neurons += node.neurons();
      (node.arity == 2 ? level.gates : level.copies) += 1;
      sizes.push_back(node.neurons());
      level.nodes.push_back(std::move(node));
    }
    factors = level.nodes.size();
    prev_sizes = std::move(sizes);
    levels_.push_back(std::move(level));
  }
}

std::uint64_t DeepProductNetwork::neurons() const {
  std::uint64_t s = 0;
  for (const DeepLevel& l : levels_) s += l.neurons;
  return s;
}

std::uint64_t DeepProductNetwork::gates() const {
  std::uint64_t s = 0;
  for (const DeepLevel& l : levels_) s += l.gates;
  return s;
}

std::uint64_t DeepProductNetwork::copies() const {
  std::uint64_t s = 0;
  for (const DeepLevel& l : levels_) s += l.copies;
  return s;
}

std::uint64_t DeepProductNetwork::output_synapses() const { return levels_.back().nodes.front().neurons(); }

std::uint64_t DeepProductNetwork::synapses() const {
  std::uint64_t s = output_synapses();
  for (const DeepLevel& l : levels_) s += l.synapses_in;
  return s;
}

std::vector<FlatteningCostRow> flattening_cost_table(std::size_t from, std::size_t to) {
  if (from < 2 || to < from || to > 4096)
    throw InputError("flattening cost table: need 2 <= from <= to <= 4096, got " + std::to_string(from) + ".." +
                     std::to_string(to));
  std::vector<FlatteningCostRow> rows;
  for (std::size_t n = from; n <= to; ++n) {
    const DeepProductNetwork net(n);
    FlatteningCostRow r;
    r.n = n;
    r.depth = net.depth();
    r.deep_neurons = net.neurons();
    r.deep_synapses = net.synapses();
    r.copies = net.copies();
    r.flat_neurons = mpz_class(1) << static_cast<mp_bitcnt_t>(n);
    r.flat_synapses = r.flat_neurons * static_cast<unsigned long>(n + 1);
    r.neuron_cost = mpq_class(r.flat_neurons, mpz_class(static_cast<unsigned long>(r.deep_neurons)));
    r.neuron_cost.canonicalize();
    r.synapse_cost = mpq_class(r.flat_synapses, mpz_class(static_cast<unsigned long>(r.deep_synapses)));
    r.synapse_cost.canonicalize();
    rows.push_back(r);
  }
  return rows;
}

namespace {

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s.insert(0, w - s.size(), ' ');
  return s;
}

std::string sci(const mpq_class& q) { return format_double(q.get_d(), 4); }

}  // namespace

std::string format_flattening_cost_table(const std::vector<FlatteningCostRow>& rows) {
  std::ostringstream o;
  o << "   n  layers  deep neurons  deep synapses  copies                 flat neurons 2^n"
       "                   flat synapses (n+1)2^n   C_n = flat/deep   C_s = flat/deep\n";
  for (const FlatteningCostRow& r : rows)
    o << pad(std::to_string(r.n), 4) << pad(std::to_string(r.depth), 8) << pad(std::to_string(r.deep_neurons), 14)
      << pad(std::to_string(r.deep_synapses), 15) << pad(std::to_string(r.copies), 8)
      << pad(r.flat_neurons.get_str(), 29) << pad(r.flat_synapses.get_str(), 40) << pad(sci(r.neuron_cost), 18)
      << pad(sci(r.synapse_cost), 18) << '\n';
  return o.str();
}

std::string format_deep_structure(const DeepProductNetwork& net) {
  std::ostringstream o;
  o << "deep product network, n = " << net.inputs() << ": " << net.depth() << " hidden layers, " << net.gates()
    << " multiplication gates (4 neurons), " << net.copies() << " copy gates (2 neurons)\n";
  o << "  layer  factors in  gates  copies  neurons  synapses in\n";
  std::size_t factors = net.inputs();
  for (std::size_t l = 0; l < net.levels().size(); ++l) {
    const DeepLevel& L = net.levels()[l];
    o << pad(std::to_string(l + 1), 7) << pad(std::to_string(factors), 12) << pad(std::to_string(L.gates), 7)
      << pad(std::to_string(L.copies), 8) << pad(std::to_string(L.neurons), 9) << pad(std::to_string(L.synapses_in), 13)
      << '\n';
    factors = L.nodes.size();
  }
  o << "  output" << pad(std::to_string(net.output_synapses()), 46) << '\n';
  o << "  total: " << net.neurons() << " hidden neurons, " << net.synapses() << " synapses (biases not counted: one "
    << "per hidden neuron when b != 0); flat (A4): 2^" << net.inputs() << " = "
    << mpz_class(mpz_class(1) << static_cast<mp_bitcnt_t>(net.inputs())).get_str() << " neurons\n";
  return o.str();
}

// ---------------------------------------------------------------- exact series

namespace {

using Ctx = std::shared_ptr<FmpqMpolyCtx>;

struct Series {
  std::vector<FmpqMpoly> c;
  Series(const Ctx& ctx, unsigned order) {
    c.reserve(order + 1);
    for (unsigned t = 0; t <= order; ++t) c.emplace_back(ctx);
  }
};

void add_scaled(Series& acc, const Series& s, const mpq_class& k) {
  const Fmpq kk(k);
  for (std::size_t t = 0; t < acc.c.size(); ++t) {
    FmpqMpoly tmp(s.c[t]);
    fmpq_mpoly_scalar_mul_fmpq(tmp.get(), s.c[t].get(), kk.get(), s.c[t].ctx());
    fmpq_mpoly_add(acc.c[t].get(), acc.c[t].get(), tmp.get(), tmp.ctx());
  }
}

Series mul_trunc(const Series& a, const Series& b, const Ctx& ctx) {
  const unsigned order = static_cast<unsigned>(a.c.size()) - 1;
  Series r(ctx, order);
  FmpqMpoly tmp(ctx);
  for (unsigned i = 0; i <= order; ++i)
    for (unsigned j = 0; i + j <= order; ++j) {
      if (fmpq_mpoly_is_zero(a.c[i].get(), ctx->get()) || fmpq_mpoly_is_zero(b.c[j].get(), ctx->get())) continue;
      fmpq_mpoly_mul(tmp.get(), a.c[i].get(), b.c[j].get(), ctx->get());
      fmpq_mpoly_add(r.c[i + j].get(), r.c[i + j].get(), tmp.get(), ctx->get());
    }
  return r;
}

bool series_zero(const Series& s) {
  for (const FmpqMpoly& p : s.c)
    if (!fmpq_mpoly_is_zero(p.get(), p.ctx())) return false;
  return true;
}

// Refuses an order above 6 (InputError) and sizes whose polynomials would not
// fit (LimitError: n > 64 with order >= 1, n > 4096 at order 0).
void check_series_size(std::size_t n, unsigned order) {
  if (order > 6) throw InputError("series order " + std::to_string(order) + " exceeds 6");
  if (order > 0 && n > 64)
    throw LimitError("exact series of order >= 1 for n = " + std::to_string(n) + " > 64 (the polynomials grow)");
  if (n > 4096) throw LimitError("exact series for n = " + std::to_string(n) + " > 4096");
}

// sigma_0(b)..sigma_{T+2}(b), exact, for the series of order T = `order`.
// Lowers `order` to 0 (with rep.order_note saying why) when the activation is
// generic or sigma_k(b) is not rational; the vector is then empty or holds the
// exact values it has.  Throws InputError when sigma_1(b) or sigma_2(b) is not
// certified nonzero.
std::vector<mpq_class> series_sigma(const Activation& activation, const mpq_class& bias, unsigned& order,
                                    DeepSeriesReport& rep) {
  std::vector<mpq_class> sigma;
  if (activation.family() == Activation::Family::Generic) {
    if (order > 0) {
      rep.order_note = "the generic activation has symbolic sigma_k: only the limit c_0 is computed";
      order = 0;
    }
    return sigma;
  }
  const RealActivation real(activation, bias);
  const std::vector<CertifiedCoefficient> c = real.coefficients(std::max(2u, order + 2));
  for (unsigned k = 1; k <= 2; ++k)
    if (!c[k].certified_nonzero())
      throw InputError(real.description() + ": sigma_" + std::to_string(k) +
                       "(b) is not certified nonzero; the deep network needs sigma_1(b), sigma_2(b) != 0");
  bool exact = true;
  for (unsigned k = 0; k <= order + 2; ++k) exact = exact && c[k].exact;
  if (order > 0 && !exact) {
    rep.order_note = "sigma_k(b) is not rational for " + real.description() + ": only the limit c_0 is exact";
    order = 0;
  }
  if (exact)
    for (unsigned k = 0; k <= order + 2; ++k) sigma.push_back(c[k].value);
  return sigma;
}

// The inputs as series: x_i + 0 lambda + ... (order T).
std::vector<Series> input_series(const Ctx& ctx, std::size_t n, unsigned order) {
  std::vector<Series> values;
  for (std::size_t i = 0; i < n; ++i) {
    Series s(ctx, order);
    fmpq_mpoly_gen(s.c[0].get(), static_cast<slong>(i), ctx->get());
    values.push_back(std::move(s));
  }
  return values;
}

// The power sums P_k(u) = sum_j w_j (a_j . u)^k, k = 0..r+T, of gate g (arity
// r) at the children's series u, each truncated at order T.
std::vector<Series> gate_power_sums(const Network& g, const DeepNode& node, const std::vector<Series>& values,
                                    unsigned order, const Ctx& ctx) {
  const unsigned r = node.arity, kmax = r + order;
  std::vector<Series> P;
  for (unsigned k = 0; k <= kmax; ++k) P.emplace_back(ctx, order);
  for (std::size_t j = 0; j < g.neurons(); ++j) {
    Series L(ctx, order);
    for (unsigned c = 0; c < r; ++c) add_scaled(L, values[node.children[c]], g.a(c, j));
    Series power(ctx, order);
    fmpq_mpoly_one(power.c[0].get(), ctx->get());
    for (unsigned k = 0; k <= kmax; ++k) {
      add_scaled(P[k], power, g.w(j));
      if (k < kmax) power = mul_trunc(power, L, ctx);
    }
  }
  return P;
}

// The node's output series: coefficient t is
// sum_{k=r}^{r+t} sigma_k(b)/sigma_r(b) [lambda^(t-(k-r))] P_k, the expansion of
// sum_j w_j sigma(b + lambda a_j . u) / (lambda^r sigma_r(b)) once P_k = 0 for k < r.
Series combine_power_sums(const std::vector<Series>& P, unsigned r, const std::vector<mpq_class>& sigma, unsigned order,
                          const Ctx& ctx) {
  Series value(ctx, order);
  for (unsigned t = 0; t <= order; ++t)
    for (unsigned k = r; k <= r + t; ++k) {
      const mpq_class ratio = k == r ? mpq_class(1) : sigma[k] / sigma[r];
      FmpqMpoly tmp(P[k].c[t - (k - r)]);
      const Fmpq q(ratio);
      fmpq_mpoly_scalar_mul_fmpq(tmp.get(), tmp.get(), q.get(), ctx->get());
      fmpq_mpoly_add(value.c[t].get(), value.c[t].get(), tmp.get(), ctx->get());
    }
  return value;
}

// Runs the network level by level on series; clears rep.lower_degrees_vanish
// when some node has P_k != 0 for a k < r.  Returns the root's series.
Series network_series(const DeepProductNetwork& net, const std::vector<mpq_class>& sigma, unsigned order,
                      const Ctx& ctx, DeepSeriesReport& rep) {
  std::vector<Series> values = input_series(ctx, net.inputs(), order);
  const Network gates[2] = {canonical_product_gate(1, Activation::generic()),
                            canonical_product_gate(2, Activation::generic())};
  for (const DeepLevel& level : net.levels()) {
    std::vector<Series> next;
    for (const DeepNode& node : level.nodes) {
      const std::vector<Series> P = gate_power_sums(gates[node.arity - 1], node, values, order, ctx);
      for (unsigned k = 0; k < node.arity; ++k)
        rep.lower_degrees_vanish = rep.lower_degrees_vanish && series_zero(P[k]);
      next.push_back(combine_power_sums(P, node.arity, sigma, order, ctx));
    }
    values = std::move(next);
  }
  return std::move(values.front());
}

// x1 x2 ... xn.
FmpqMpoly product_of_inputs(const Ctx& ctx, std::size_t n) {
  FmpqMpoly product(ctx);
  fmpq_mpoly_one(product.get(), ctx->get());
  for (std::size_t i = 0; i < n; ++i) {
    FmpqMpoly x(ctx);
    fmpq_mpoly_gen(x.get(), static_cast<slong>(i), ctx->get());
    fmpq_mpoly_mul(product.get(), product.get(), x.get(), ctx->get());
  }
  return product;
}

// p(x) exactly, p in n variables.  Throws InputError when x has not n coordinates.
mpq_class evaluate_exact(const FmpqMpoly& p, const RealPoint& x, std::size_t n, const Ctx& ctx) {
  if (x.size() != n) throw InputError("deep_series: point of the wrong length");
  const auto fx = std::make_unique<Fmpq[]>(n);  // Fmpq is neither copyable nor movable
  std::vector<fmpq*> ptrs;
  for (std::size_t i = 0; i < n; ++i) {
    fmpq_set_mpq(fx[i].get(), x[i].get_mpq_t());
    ptrs.push_back(fx[i].get());
  }
  Fmpq ev;
  if (!fmpq_mpoly_evaluate_all_fmpq(ev.get(), p.get(), ptrs.data(), ctx->get()))
    throw InternalError("fmpq_mpoly_evaluate_all_fmpq failed");
  return ev.to_mpq();
}

// Fills rep.terms, rep.coefficients (text up to 12 terms) and
// rep.values_at_points for c_0..c_T of the root series.
void record_coefficients(const Series& root, const std::vector<RealPoint>& points, std::size_t n, unsigned order,
                         const Ctx& ctx, DeepSeriesReport& rep) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) names.push_back("x" + std::to_string(i + 1));
  std::vector<const char*> vars;
  for (const std::string& s : names) vars.push_back(s.c_str());
  for (unsigned t = 0; t <= order; ++t) {
    const slong len = fmpq_mpoly_length(root.c[t].get(), ctx->get());
    rep.terms.push_back(static_cast<std::uint64_t>(len));
    if (len <= 12) {
      char* s = fmpq_mpoly_get_str_pretty(root.c[t].get(), vars.data(), ctx->get());
      rep.coefficients.emplace_back(s);
      flint_free(s);
    } else {
      rep.coefficients.emplace_back("(" + std::to_string(len) + " terms)");
    }
    std::vector<mpq_class> vals;
    for (const RealPoint& x : points) vals.push_back(evaluate_exact(root.c[t], x, n, ctx));
    rep.values_at_points.push_back(std::move(vals));
  }
}

}  // namespace

DeepSeriesReport deep_series(const DeepProductNetwork& net, const Activation& activation, const mpq_class& bias,
                             unsigned order, const std::vector<RealPoint>& points) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = net.inputs();
  DeepSeriesReport rep;
  check_series_size(n, order);
  const std::vector<mpq_class> sigma = series_sigma(activation, bias, order, rep);
  rep.order = order;
  auto ctx = std::make_shared<FmpqMpolyCtx>(static_cast<slong>(n));
  const Series root = network_series(net, sigma, order, ctx, rep);
  rep.limit_is_product =
      rep.lower_degrees_vanish && fmpq_mpoly_equal(root.c[0].get(), product_of_inputs(ctx, n).get(), ctx->get());
  record_coefficients(root, points, n, order, ctx, rep);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

// ---------------------------------------------------------------- finite lambda

DeepGateEvaluator::DeepGateEvaluator(const DeepProductNetwork& net, RealActivation activation)
    : net_(net), act_(std::move(activation)) {
  coeffs_ = act_.coefficients(2);
  for (unsigned k = 1; k <= 2; ++k)
    if (!coeffs_[k].certified_nonzero())
      throw InputError(act_.description() + ": sigma_" + std::to_string(k) +
                       "(b) is not certified nonzero; the deep network needs sigma_1(b), sigma_2(b) != 0 "
                       "(use --bias auto)");
}

mpfr_prec_t DeepGateEvaluator::evaluation_precision(const mpq_class& lambda) const {
  const double L = std::max(0.0, -log2_abs(lambda));
  const double d = static_cast<double>(net_.depth());
  const double bits = 64 + std::ceil(2 * (d + 1) * L) + 8 * d;
  return static_cast<mpfr_prec_t>(std::clamp(bits, 64.0, double(1 << 16)));
}

Interval DeepGateEvaluator::evaluate(const mpq_class& lambda, const RealPoint& x, mpfr_prec_t prec) const {
  if (x.size() != net_.inputs()) throw InputError("point of the wrong length for the deep network");
  std::vector<Interval> values;
  for (const mpq_class& v : x) values.emplace_back(v, prec);
  const Interval lam(lambda, prec), b(act_.bias(), prec);
  Interval sigma_r[2] = {coeffs_[1].exact ? Interval(coeffs_[1].value, prec) : coeffs_[1].enclosure,
                         coeffs_[2].exact ? Interval(coeffs_[2].value, prec) : coeffs_[2].enclosure};
  if (prec > 256) {
    const std::vector<CertifiedCoefficient> c = act_.coefficients_at(2, prec);
    for (unsigned r = 1; r <= 2; ++r)
      if (!c[r].exact) sigma_r[r - 1] = c[r].enclosure;
  }
  const Interval denom[2] = {lam * sigma_r[0], lam.pow(2) * sigma_r[1]};
  const Network gates[2] = {canonical_product_gate(1, Activation::generic()),
                            canonical_product_gate(2, Activation::generic())};
  for (const DeepLevel& level : net_.levels()) {
    std::vector<Interval> next;
    for (const DeepNode& node : level.nodes) {
      const Network& g = gates[node.arity - 1];
      Interval sum(prec);
      for (std::size_t j = 0; j < g.neurons(); ++j) {
        Interval arg(prec);
        for (unsigned c = 0; c < node.arity; ++c) arg += Interval(g.a(c, j), prec) * values[node.children[c]];
        sum += Interval(g.w(j), prec) * act_.sigma(b + lam * arg);
      }
      next.push_back(sum / denom[node.arity - 1]);
    }
    values = std::move(next);
  }
  return values.front();
}

double DeepGateEvaluator::evaluate_double(const mpq_class& lambda, const RealPoint& x) const {
  std::vector<double> values;
  for (const mpq_class& v : x) values.push_back(v.get_d());
  const double lam = lambda.get_d(), b = act_.bias().get_d();
  const double s1 = coeffs_[1].enclosure.mid_double(), s2 = coeffs_[2].enclosure.mid_double();
  for (const DeepLevel& level : net_.levels()) {
    std::vector<double> next;
    for (const DeepNode& node : level.nodes) {
      if (node.arity == 2) {
        const double u = values[node.children[0]], v = values[node.children[1]];
        // canonical_product_gate(2): a = [[1,-1,1,-1],[1,1,-1,-1]], w = [1,-1,-1,1]/8.
        const double s = act_.sigma(b + lam * (u + v)) - act_.sigma(b + lam * (-u + v)) -
                         act_.sigma(b + lam * (u - v)) + act_.sigma(b + lam * (-u - v));
        next.push_back(s / 8 / (lam * lam * s2));
      } else {
        const double u = values[node.children[0]];
        next.push_back((act_.sigma(b + lam * u) - act_.sigma(b - lam * u)) / 2 / (lam * s1));
      }
    }
    values = std::move(next);
  }
  return values.front();
}

namespace {

// Refuses a sweep above opts.max_work sigma evaluations in 64-bit units
// (LimitError), counting the flat comparison when it runs (n <= 12).
void check_deep_sweep_work(const DeepGateEvaluator& eval, const DeepProductNetwork& net, const SweepOptions& opts,
                           bool compare_flat) {
  double work = 0;
  for (const mpq_class& l : opts.lambdas)
    work += double(opts.points) * double(net.neurons()) * std::max(1.0, double(eval.evaluation_precision(l)) / 64) *
            (compare_flat && net.inputs() <= 12 ? 1.0 + std::ldexp(1.0, int(net.inputs())) / double(net.neurons()) : 1.0);
  if (work > opts.max_work)
    throw LimitError("the deep sweep needs about " + format_double(work, 3) + " sigma evaluations (64-bit units), "
                     "above " + format_double(opts.max_work, 3) + " (raise --max-work, or lower --points or n)");
}

mpq_class product_at(const RealPoint& x) {
  mpq_class p = 1;
  for (const mpq_class& v : x) p *= v;
  return p;
}

// Sets row.max_error (max over the points of |F(x) - x1...xn|, certified),
// row.precision and row.tight, raising the precision as next_sweep_precision asks.
void certified_deep_error(const DeepGateEvaluator& eval, const std::vector<RealPoint>& points, DeepSweepRow& row) {
  mpfr_prec_t prec = eval.evaluation_precision(row.lambda);
  for (;;) {
    Interval worst(prec);
    for (const RealPoint& x : points)
      worst = Interval::max(worst, (eval.evaluate(row.lambda, x, prec) - Interval(product_at(x), prec)).abs());
    row.max_error = worst;
    row.precision = prec;
    prec = next_sweep_precision(worst, prec, row.lambda, row.tight);
    if (prec == 0) break;
  }
}

// The same maximum in double arithmetic (NaN as soon as one point gives NaN).
double double_deep_error(const DeepGateEvaluator& eval, const std::vector<RealPoint>& points, const mpq_class& lambda) {
  double wd = 0;
  for (const RealPoint& x : points) {
    double p = 1;
    for (const mpq_class& v : x) p *= v.get_d();
    const double e = std::abs(eval.evaluate_double(lambda, x) - p);
    wd = std::isnan(e) ? e : std::max(wd, e);
    if (std::isnan(e)) break;
  }
  return wd;
}

// The flat network's (A4) error at the same lambda, as a double.
double flat_gate_error(const FiniteScaleGate& flat, const std::vector<RealPoint>& points, const mpq_class& lambda) {
  double fe = 0;
  for (const RealPoint& x : points) {
    const mpfr_prec_t fp = flat.evaluation_precision(lambda);
    fe = std::max(fe, (flat.evaluate(lambda, x, fp) - Interval(product_at(x), fp)).abs().mid_double());
  }
  return fe;
}

}  // namespace

DeepSweepResult sweep_deep(const DeepGateEvaluator& eval, const DeepProductNetwork& net, const SweepOptions& opts,
                           bool compare_flat) {
  if (opts.lambdas.empty()) throw InputError("no lambda values to sweep");
  check_deep_sweep_work(eval, net, opts, compare_flat);
  const std::size_t n = net.inputs();
  const std::vector<RealPoint> points = sample_points(n, opts.points, opts.seed);
  std::optional<FiniteScaleGate> flat;
  if (compare_flat && n <= 12) flat.emplace(canonical_product_gate(n, Activation::generic()), eval.activation());
  DeepSweepResult r;
  r.activation = eval.activation().description();
  for (const mpq_class& lambda : opts.lambdas) {
    DeepSweepRow row;
    row.lambda = lambda;
    certified_deep_error(eval, points, row);
    row.max_error_double = double_deep_error(eval, points, lambda);
    const double truth = row.max_error.mid_double();
    row.double_fails = !(std::abs(row.max_error_double - truth) <= 0.1 * truth);
    if (flat) row.flat_error = flat_gate_error(*flat, points, lambda);
    r.rows.push_back(std::move(row));
  }
  std::vector<SweepRow> as_rows;
  for (const DeepSweepRow& d : r.rows) {
    SweepRow s;
    s.lambda = d.lambda;
    s.max_error = d.max_error;
    s.tight = d.tight;
    as_rows.push_back(std::move(s));
  }
  r.fitted_order = fitted_order(as_rows, mpq_class(1, 10), &r.fit_rows);
  return r;
}

std::string format_deep_sweep(const DeepSweepResult& r, std::size_t n) {
  std::ostringstream o;
  o << "deep network at finite lambda (" << r.activation << "), max over the points of |F(x) - x1...x" << n << "|\n";
  o << "  lambda      deep (certified)                       bits  deep (double)           flat (A4), same lambda\n";
  for (const DeepSweepRow& row : r.rows) {
    std::string lam = to_string(row.lambda);
    lam.resize(std::max<std::size_t>(lam.size(), 10), ' ');
    std::string cert = row.tight ? row.max_error.to_mid_rad_string(7)
                                 : "<= " + format_double(row.max_error.hi_double(), 3) + " (unresolved)";
    cert.resize(std::max<std::size_t>(cert.size(), 37), ' ');
    std::string dbl = format_double(row.max_error_double, 7) + (row.double_fails ? " WRONG" : "");
    dbl.resize(std::max<std::size_t>(dbl.size(), 22), ' ');
    std::string bits = std::to_string(row.precision);
    bits.insert(0, bits.size() < 5 ? 5 - bits.size() : 0, ' ');
    o << "  " << lam << "  " << cert << "  " << bits << "  " << dbl << "  "
      << (row.flat_error ? format_double(*row.flat_error, 7) : std::string("-")) << '\n';
  }
  o << "fitted order (lambda <= 1/10, " << r.fit_rows
    << " rows): " << (r.fitted_order ? format_fixed(*r.fitted_order, 3) : std::string("n/a")) << '\n';
  return o.str();
}

}  // namespace nf
