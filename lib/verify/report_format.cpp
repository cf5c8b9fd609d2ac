#include "verify/report_format.hpp"

#include <cstdio>
#include <sstream>

#include "core/rational.hpp"

namespace nf {

namespace {

std::string fixed(double x, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string describe_activation(const Activation& act, unsigned d) {
  if (act.family() == Activation::Family::Generic)
    return "generic (every sigma_k a nonzero symbol; output weights normalized so that sigma_" + std::to_string(d) +
           " = 1)";
  std::string s = act.name() + " (sigma_k = sigma^(k)(0)/k!:";
  for (unsigned k = 0; k <= d && k <= 8; ++k) {
    SigmaCoefficient c = act.sigma(k);
    s += " " + (c.kind == SigmaCoefficient::Kind::NonzeroSymbol ? std::string("(nonzero)") : to_string(c.value));
  }
  return s + (d > 8 ? " ...)" : ")");
}

std::string identity_name(unsigned k, unsigned d, const std::string& target) {
  if (k == d) return "(A2) sigma_" + std::to_string(k) + " P_" + std::to_string(k) + " = " + target;
  return "(A3) sigma_" + std::to_string(k) + " P_" + std::to_string(k) + " = 0";
}

void append_weights(std::ostringstream& out, const Network& net) {
  constexpr std::size_t kShown = 16;
  if (net.neurons() > kShown) {
    out << "  (weights not shown for m > " << kShown << ")\n";
    return;
  }
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    out << "  a[" << i + 1 << "] =";
    for (std::size_t j = 0; j < net.neurons(); ++j) out << ' ' << to_string(net.a(i, j));
    out << '\n';
  }
  out << "  w    =";
  for (std::size_t j = 0; j < net.neurons(); ++j) out << ' ' << to_string(net.w(j));
  out << '\n';
}

}  // namespace

std::string format_proof_log(const VerificationReport& rep, const Network& net, const Activation& activation) {
  std::ostringstream out;
  out << "network: n = " << rep.n << " inputs, m = " << rep.m << " hidden neurons, target " << rep.target
      << " (degree " << rep.degree << ")\n";
  out << "activation: " << describe_activation(activation, rep.degree) << '\n';
  out << "hypothesis sigma_k != 0 for all k <= " << rep.degree << ": "
      << (rep.hypothesis_holds                           ? "holds"
          : rep.identities.degrees.back().sigma_zero ? "fails, at the target degree itself (sigma_" +
                                                             std::to_string(rep.degree) + " = 0)"
                                                       : "fails (sigma_k = 0 for some k < " + std::to_string(rep.degree) +
                                                             "; those degrees impose nothing)")
      << '\n';
  append_weights(out, net);
  out << "expansion of P_k = sum_j w_j (a_j . x)^k, engine " << rep.engine << ":\n";
  if (!rep.expansion_method.empty()) out << "  path: " << rep.expansion_method << '\n';
  out << "     k   monomials  identity                                  holds\n";
  for (const DegreeCheck& dc : rep.identities.degrees) {
    char line[256];
    std::string ident = identity_name(dc.k, rep.degree, rep.target);
    std::string holds = !dc.imposed  ? "n/a (sigma_k = 0)"
                        : dc.sigma_zero ? "NO (sigma_" + std::to_string(dc.k) + " = 0: impossible)"
                        : dc.holds      ? "yes"
                                        : "NO (" + std::to_string(dc.failures) + " monomials)";
    std::snprintf(line, sizeof line, "  %4u  %10llu  %-40s  %s\n", dc.k, static_cast<unsigned long long>(dc.monomials),
                  ident.c_str(), holds.c_str());
    out << line;
  }
  if (!rep.identities.failures.empty()) {
    out << "first failing monomials (degree, monomial, coefficient, expected):\n";
    for (const IdentityFailure& f : rep.identities.failures)
      out << "  k = " << f.k << "  " << format_monomial(f.r) << "  " << format_failure_coefficient(f) << "  expected "
          << to_string(f.expected) << '\n';
  }
  if (rep.rank) {
    out << "matrix A (A7): " << rep.rank->rows << " x " << rep.rank->cols << ", rank " << rep.rank->rank
        << (rep.rank->full_row_rank ? " = full row rank" : " < " + std::to_string(rep.rank->rows)) << '\n';
    out << "  engine " << rep.rank->engine << ": " << rep.rank->method << " (" << fixed(rep.rank->seconds) << " s)\n";
    if (!rep.rank->certified) out << "  the rank is NOT certified: the verdict on it is unknown\n";
  }
  out << "conclusion: " << rep.conclusion << '\n';
  out << "verdict: " << (rep.counterexample ? "COUNTEREXAMPLE" : to_string(rep.verdict)) << "   time "
      << fixed(rep.seconds) << " s\n";
  return out.str();
}

bool report_verified(const VerificationReport& rep) {
  return rep.verdict == Verdict::Verified && !rep.counterexample;
}

std::string format_table_header() {
  return "   n          m  engine      monomials  identities   rank of A         verdict    seconds\n";
}

std::string format_table_row(const VerificationReport& rep) {
  unsigned long long monomials = 0;
  for (const DegreeCheck& dc : rep.identities.degrees) monomials += dc.monomials;
  std::string rank = rep.rank ? std::to_string(rep.rank->rank) + "/" + std::to_string(rep.rank->rows) +
                                    (rep.rank->full_row_rank ? " full" : "")
                              : "-";
  char line[256];
  std::snprintf(line, sizeof line, "%4zu %10zu  %-10s %10llu  %-11s  %-16s  %-9s %8s\n", rep.n, rep.m,
                rep.engine.c_str(), monomials, rep.identities.holds ? "hold" : "FAIL", rank.c_str(),
                rep.counterexample ? "COUNTEREX" : to_string(rep.verdict), fixed(rep.seconds).c_str());
  return line;
}

nlohmann::ordered_json report_json(const VerificationReport& rep) {
  nlohmann::ordered_json j;
  j["n"] = rep.n;
  j["m"] = rep.m;
  j["activation"] = rep.activation;
  j["target"] = rep.target;
  j["degree"] = rep.degree;
  j["engine"] = rep.engine;
  j["expansion_method"] = rep.expansion_method;
  j["hypothesis_holds"] = rep.hypothesis_holds;
  j["vanishing_degrees"] = rep.vanishing_degrees;
  nlohmann::ordered_json degrees = nlohmann::ordered_json::array();
  for (const DegreeCheck& dc : rep.identities.degrees)
    degrees.push_back({{"k", dc.k},
                       {"monomials", dc.monomials},
                       {"sigma_zero", dc.sigma_zero},
                       {"imposed", dc.imposed},
                       {"holds", dc.holds}});
  j["degrees"] = degrees;
  j["identities_hold"] = rep.identities.holds;
  j["failure_count"] = rep.identities.failure_count;
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const IdentityFailure& f : rep.identities.failures)
    failures.push_back({{"k", f.k}, {"monomial", format_monomial(f.r)}, {"coefficient", format_failure_coefficient(f)},
                        {"expected", to_string(f.expected)}});
  j["failures"] = failures;
  if (rep.rank) {
    j["rows"] = rep.rank->rows;
    j["rank"] = rep.rank->rank;
    j["full_row_rank"] = rep.rank->full_row_rank;
    j["rank_engine"] = rep.rank->engine;
    j["rank_certified"] = rep.rank->certified;
    j["rank_method"] = rep.rank->method;
    j["rank_seconds"] = rep.rank->rank_seconds;
    j["certificate_seconds"] = rep.rank->certificate_seconds;
  } else {
    j["rows"] = nullptr;
    j["rank"] = nullptr;
    j["full_row_rank"] = nullptr;
  }
  j["verdict"] = rep.counterexample ? "counterexample" : to_string(rep.verdict);
  j["verified"] = report_verified(rep);
  j["counterexample"] = rep.counterexample;
  j["conclusion"] = rep.conclusion;
  j["expansion_seconds"] = rep.expansion_seconds;
  j["seconds"] = rep.seconds;
  return j;
}

}  // namespace nf
