// Fuzz target: the small specification parsers.  The first byte picks one:
//   0 Activation::parse (--activation, the "activation" key)
//   1 parse_target (--target; the second byte gives n = 1..8)
//   2 WeightDomain::parse (prove-minimal --domain)
//   3 parse_rational (every number of every file format)
// the rest of the input is the text.  Property: what parses prints back
// (name(), format_monomial, spec(), to_string) to text that parses to the same
// value.
#include "core/rational.hpp"
#include "fuzz_support.hpp"
#include "model/activation.hpp"
#include "model/target.hpp"
#include "search/weight_domain.hpp"

namespace {

bool same_sigma(const nf::Activation& x, const nf::Activation& y, unsigned k) {
  if (!x.smooth() || !y.smooth()) return x.smooth() == y.smooth();
  const nf::SigmaCoefficient a = x.sigma(k), b = y.sigma(k);
  return a.kind == b.kind && a.symbol == b.symbol &&
         (a.kind != nf::SigmaCoefficient::Kind::Rational || a.value == b.value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned which = data[0] % 4;
  const std::size_t n = 1 + data[1] % 8;
  const std::string text(nf::fuzz::as_text(data + 2, size - 2));
  nf::fuzz::expect_only_input_errors([&] {
    switch (which) {
      case 0: {
        const nf::Activation act = nf::Activation::parse(text);
        const nf::Activation back = nf::Activation::parse(act.name());
        if (back.name() != act.name()) nf::fuzz::property_failed("Activation::name does not round-trip");
        for (unsigned k = 0; k <= 12; ++k)
          if (!same_sigma(act, back, k)) nf::fuzz::property_failed("Activation::name changes a sigma_k");
        break;
      }
      case 1: {
        const nf::Target t = nf::parse_target(text, n);
        if (t.r.size() != n) nf::fuzz::property_failed("parse_target: wrong number of exponents");
        if (t.degree() > 0 && nf::parse_target(nf::format_monomial(t.r), n).r != t.r)
          nf::fuzz::property_failed("format_monomial does not round-trip");
        break;
      }
      case 2: {
        const nf::WeightDomain d = nf::WeightDomain::parse(text);
        if (d.size() == 0 || d.size() > nf::WeightDomain::kMaxValues) nf::fuzz::property_failed("domain size out of range");
        for (std::size_t i = 1; i < d.size(); ++i)
          if (!(d.value(i - 1) < d.value(i))) nf::fuzz::property_failed("domain values not ascending");
        const nf::WeightDomain back = nf::WeightDomain::parse(d.spec());
        if (back.values() != d.values() || back.prime() != d.prime())
          nf::fuzz::property_failed("WeightDomain::spec does not round-trip");
        break;
      }
      default: {
        const mpq_class q = nf::parse_rational(text);
        if (nf::parse_rational(nf::to_string(q)) != q) nf::fuzz::property_failed("to_string does not round-trip");
        break;
      }
    }
  });
  return 0;
}
