#include "model/activation.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

Activation Activation::generic() { return Activation(Family::Generic, {}); }

Activation Activation::parse(const std::string& text) {
  // Names are case-insensitive ("Tanh", "SiLU"); poly: coefficients are numbers.
  const std::size_t colon = text.find(':');
  std::string spec = text;
  for (std::size_t i = 0; i < std::min(colon, spec.size()); ++i)
    spec[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(spec[i])));
  if (spec == "generic") return generic();
  if (spec == "exp") return Activation(Family::Exp, {});
  if (spec == "tanh") return Activation(Family::Tanh, {});
  if (spec == "sigmoid") return Activation(Family::Sigmoid, {});
  if (spec == "silu") return Activation(Family::Silu, {});
  if (spec == "softplus") return Activation(Family::Softplus, {});
  if (spec == "relu") return Activation(Family::Relu, {});
  if (spec.rfind("poly:", 0) == 0) {
    std::vector<mpq_class> coeffs;
    std::string list = spec.substr(5);
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      try {
        coeffs.push_back(parse_rational(list.substr(start, comma - start)));
      } catch (const InputError& e) {
        throw InputError("activation '" + spec + "': coefficient " + std::to_string(coeffs.size()) + ": " + e.what());
      }
      start = comma + 1;
    }
    if (coeffs.size() > 10000) throw InputError("activation '" + spec.substr(0, 40) + "...': more than 10000 coefficients");
    return Activation(Family::Poly, std::move(coeffs));
  }
  throw InputError("unknown activation '" + text +
                   "': expected generic, exp, tanh, sigmoid, silu, softplus, relu or poly:c0,c1,...");
}

std::string Activation::name() const {
  switch (family_) {
    case Family::Generic: return "generic";
    case Family::Exp: return "exp";
    case Family::Tanh: return "tanh";
    case Family::Sigmoid: return "sigmoid";
    case Family::Silu: return "silu";
    case Family::Softplus: return "softplus";
    case Family::Relu: return "relu";
    case Family::Poly: {
      std::string s = "poly:";
      for (std::size_t i = 0; i < poly_.size(); ++i) s += (i ? "," : "") + to_string(poly_[i]);
      return s;
    }
  }
  return "generic";
}

namespace {

SigmaCoefficient rational(const mpq_class& q) {
  if (q == 0) return {SigmaCoefficient::Kind::Zero, 0};
  return {SigmaCoefficient::Kind::Rational, q};
}

mpq_class inverse_factorial(unsigned k) {
  mpz_class f;
  mpz_fac_ui(f.get_mpz_t(), k);
  return mpq_class(1, f);
}

}  // namespace

SigmaCoefficient Activation::sigma(unsigned k) const {
  switch (family_) {
    case Family::Generic: return {SigmaCoefficient::Kind::NonzeroSymbol, 0};
    case Family::Exp: return rational(inverse_factorial(k));
    case Family::Poly: return rational(k < poly_.size() ? poly_[k] : mpq_class(0));
    case Family::Tanh: return rational(tanh_coefficients(k + 1)[k]);
    case Family::Sigmoid: return rational(sigmoid_coefficients(k + 1)[k]);
    case Family::Silu: return rational(k == 0 ? mpq_class(0) : sigmoid_coefficients(k)[k - 1]);
    case Family::Softplus:
      if (k == 0) return {SigmaCoefficient::Kind::NonzeroSymbol, 0, "ln(2)"};
      return rational(sigmoid_coefficients(k)[k - 1] / k);
    case Family::Relu:
      throw InputError("relu is not smooth at 0: it has no Taylor coefficients there, so the criterion (A2)/(A3) "
                       "does not apply");
  }
  throw InternalError("unhandled activation family");
}

bool Activation::hypothesis_holds(unsigned d) const { return vanishing_degrees(d).empty(); }

std::vector<unsigned> Activation::vanishing_degrees(unsigned d) const {
  std::vector<unsigned> out;
  for (unsigned k = 0; k <= d; ++k)
    if (sigma(k).is_zero()) out.push_back(k);
  return out;
}

mpq_class Activation::normalization(unsigned d) const {
  SigmaCoefficient s = sigma(d);
  if (s.is_zero())
    throw InputError("activation " + name() + " has sigma_" + std::to_string(d) +
                     " = 0: no output weights can produce the degree-" + std::to_string(d) + " term");
  return s.kind == SigmaCoefficient::Kind::Rational ? s.value : mpq_class(1);
}

// tanh' = 1 - tanh^2, so (k+1) t_{k+1} = [k = 0] - sum_{i+j=k} t_i t_j.
std::vector<mpq_class> tanh_coefficients(unsigned count) {
  std::vector<mpq_class> t(count, 0);
  for (unsigned k = 0; k + 1 < count; ++k) {
    mpq_class s = (k == 0) ? 1 : 0;
    for (unsigned i = 0; i <= k; ++i) s -= t[i] * t[k - i];
    t[k + 1] = s / (k + 1);
  }
  return t;
}

// sigmoid(t) = 1/2 + tanh(t/2)/2.
std::vector<mpq_class> sigmoid_coefficients(unsigned count) {
  std::vector<mpq_class> t = tanh_coefficients(count);
  mpq_class half_power = 1;
  for (unsigned k = 0; k < count; ++k) {
    t[k] = t[k] * half_power / 2;
    half_power /= 2;
  }
  if (count > 0) t[0] += mpq_class(1, 2);
  return t;
}

}  // namespace nf
