#include "verify/bias_groups.hpp"

#include <map>
#include <utility>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

namespace {

constexpr mpfr_prec_t kValuePrecision = 256;

// sigma_k(0) from the activation's exact coefficients (softplus_0 = ln 2 enclosed).
CoefficientValue sigma_at_zero(const Activation& activation, unsigned k) {
  const SigmaCoefficient s = activation.sigma(k);
  if (s.kind != SigmaCoefficient::Kind::NonzeroSymbol) return CoefficientValue::of(s.is_zero() ? mpq_class(0) : s.value);
  CoefficientValue v;
  v.exact = false;
  v.enclosure = Interval(mpq_class(1), kValuePrecision).log1p();
  v.symbolic = s.symbol;
  return v;
}

CoefficientValue from_certified(const CertifiedCoefficient& c) {
  if (c.exact) return CoefficientValue::of(c.value);
  CoefficientValue v;
  v.exact = false;
  v.enclosure = c.enclosure;
  return v;
}

bool is_zero(const CoefficientValue& v) { return v.exact && v.value == 0; }

// The exact or symbolic product coefficient * sigma.
CoefficientValue times(const mpq_class& coefficient, const CoefficientValue& sigma, const std::string& name) {
  if (sigma.exact) return CoefficientValue::of(coefficient * sigma.value);
  CoefficientValue v;
  v.exact = false;
  v.enclosure = Interval(coefficient, kValuePrecision) * *sigma.enclosure;
  v.symbolic = coefficient == 1 ? name : coefficient == -1 ? "-" + name : to_string(coefficient) + "*" + name;
  return v;
}

// value + q (exact q); a symbolic form survives only when q = 0.
CoefficientValue plus(CoefficientValue v, const mpq_class& q) {
  if (q == 0) return v;
  if (v.exact) return CoefficientValue::of(v.value + q);
  *v.enclosure += Interval(q, kValuePrecision);
  v.symbolic.clear();
  return v;
}

// Collects one group's expansion.
class Collector : public ExpansionSink {
 public:
  void on_degree(unsigned k, std::uint64_t monomials) override { monomials_[k] = monomials; }
  void on_term(unsigned k, const Exponents& r, const mpq_class& c) override { terms_[{k, r}] = c; }
  std::map<std::pair<unsigned, Exponents>, mpq_class> terms_;
  std::map<unsigned, std::uint64_t> monomials_;
};

}  // namespace

GroupSigma group_sigma(const Activation& activation, const mpq_class& bias, unsigned d) {
  if (!activation.smooth()) throw InputError(activation.name() + " is not smooth: the Taylor criterion does not apply");
  if (activation.family() == Activation::Family::Generic && bias != 0)
    throw InputError("the generic activation with a nonzero bias: its symbols sigma_k(b_j) would differ from bias to "
                     "bias, so the identities cannot be stated; give a concrete activation (--activation)");
  GroupSigma g;
  g.bias = bias;
  if (bias == 0 || activation.family() == Activation::Family::Generic) {
    for (unsigned k = 0; k <= d; ++k) {
      g.sigma.push_back(sigma_at_zero(activation, k));
      g.names.push_back(g.sigma.back().symbolic);
    }
    return g;
  }
  const RealActivation real(activation, bias);
  for (const CertifiedCoefficient& c : real.coefficients(d)) {
    g.sigma.push_back(from_certified(c));
    g.names.push_back(activation.name() + "_" + std::to_string(c.k) + "(" + to_string(bias) + ")");
  }
  return g;
}

Network bias_group_network(const Network& net, std::uint32_t code) {
  std::vector<std::size_t> neurons;
  for (std::size_t j = 0; j < net.neurons(); ++j)
    if (net.b_row().code(j) == code) neurons.push_back(j);
  std::vector<CodedRow> rows;
  std::vector<mpq_class> values(neurons.size());
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    for (std::size_t t = 0; t < neurons.size(); ++t) values[t] = net.a(i, neurons[t]);
    rows.emplace_back(values);
  }
  for (std::size_t t = 0; t < neurons.size(); ++t) values[t] = net.w(neurons[t]);
  const std::vector<mpq_class> bias(neurons.size(), net.b_row().dictionary()[code]);
  return Network(net.inputs(), neurons.size(), std::move(rows), CodedRow(values), CodedRow(bias));
}

std::string check_bias_groups(const Network& net, const Activation& activation, unsigned d, IdentityChecker& checker,
                              const std::function<void(const Network&, ExpansionSink&)>& expand_group) {
  const std::vector<mpq_class>& biases = net.b_row().dictionary();
  if (biases.size() > kMaxBiasGroups)
    throw InternalError("check_bias_groups: more than " + std::to_string(kMaxBiasGroups) + " bias groups");
  std::vector<GroupSigma> sigmas;
  for (const mpq_class& beta : biases) sigmas.push_back(group_sigma(activation, beta, d));
  for (unsigned k = 0; k <= d; ++k) {
    bool zero = true;
    for (const GroupSigma& g : sigmas) zero = zero && is_zero(g.sigma[k]);
    checker.set_sigma_zero(k, zero);
  }
  // One exact expansion per group, merged by monomial.
  std::map<std::pair<unsigned, Exponents>, std::vector<std::pair<std::size_t, mpq_class>>> merged;
  for (std::uint32_t g = 0; g < biases.size(); ++g) {
    Collector collected;
    expand_group(biases.size() == 1 ? net : bias_group_network(net, g), collected);
    if (g == 0)
      for (const auto& [k, count] : collected.monomials_) checker.on_degree(k, count);
    for (auto& [key, c] : collected.terms_) merged[key].emplace_back(g, std::move(c));
  }
  const std::pair<unsigned, Exponents> constant{0, Exponents(net.inputs(), 0)};
  if (net.c() != 0) merged[constant];  // c contributes to the constant coefficient
  bool enclosed = false;
  for (const auto& [key, parts] : merged) {
    const unsigned k = key.first;
    CoefficientValue value = CoefficientValue::of(0);
    bool first = true;
    for (const auto& [g, c] : parts) {
      const CoefficientValue term = times(c, sigmas[g].sigma[k], sigmas[g].names[k]);
      if (first) value = term;
      else if (value.exact && term.exact) value = CoefficientValue::of(value.value + term.value);
      else {
        Interval sum = (value.exact ? Interval(value.value, kValuePrecision) : *value.enclosure) +
                       (term.exact ? Interval(term.value, kValuePrecision) : *term.enclosure);
        value = CoefficientValue{false, 0, std::move(sum), ""};
      }
      first = false;
    }
    if (k == 0) value = plus(std::move(value), net.c());
    enclosed = enclosed || !value.exact;
    checker.on_value(k, key.second, value);
  }
  return std::to_string(biases.size()) + " bias group(s), one exact expansion each; sigma_k(b) " +
         (enclosed ? "enclosed (MPFR, 256+ bits) where it is transcendental" : "rational throughout");
}

}  // namespace nf
