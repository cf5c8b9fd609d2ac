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

std::string describe_activation(const Activation& act, unsigned d, bool biases) {
  if (act.family() == Activation::Family::Generic)
    return "generic (every sigma_k a nonzero symbol; output weights normalized so that sigma_" + std::to_string(d) +
           " = 1)";
  if (!act.smooth()) return act.name() + " (not smooth at 0: no Taylor coefficients there)";
  std::string s = act.name() + " (sigma_k = sigma^(k)(0)/k!:";
  for (unsigned k = 0; k <= d && k <= 8; ++k) {
    SigmaCoefficient c = act.sigma(k);
    s += " " + (c.kind == SigmaCoefficient::Kind::NonzeroSymbol ? std::string("(nonzero)") : to_string(c.value));
  }
  s += d > 8 ? " ...)" : ")";
  if (biases) s += "; with biases: sigma_k(b) = sigma^(k)(b)/k! per distinct bias";
  return s;
}

std::string identity_name(unsigned k, unsigned d, const std::string& target) {
  if (k == d) return "(A2) sigma_" + std::to_string(k) + " P_" + std::to_string(k) + " = " + target;
  return "(A3) sigma_" + std::to_string(k) + " P_" + std::to_string(k) + " = 0";
}

void append_row(std::ostringstream& out, const char* name, const CodedRow& row, std::size_t m) {
  out << "  " << name << " =";
  for (std::size_t j = 0; j < m; ++j) out << ' ' << to_string(row[j]);
  out << '\n';
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
  append_row(out, "w   ", net.w_row(), net.neurons());
  if (net.has_biases()) {
    append_row(out, "b   ", net.b_row(), net.neurons());
    out << "  c    = " << to_string(net.c()) << '\n';
  }
}

std::string hypothesis_line(const VerificationReport& rep) {
  if (!rep.taylor_applies) return "does not apply (the activation is not smooth)";
  if (rep.hypothesis_holds) return "holds";
  if (!rep.identities.degrees.empty() && rep.identities.degrees.back().sigma_zero)
    return "fails, at the target degree itself (sigma_" + std::to_string(rep.degree) + " = 0)";
  return "fails (sigma_k = 0 for some k < " + std::to_string(rep.degree) + "; those degrees impose nothing)";
}

std::string holds_text(const DegreeCheck& dc) {
  if (!dc.imposed) return "n/a (sigma_k = 0)";
  if (dc.sigma_zero) return "NO (sigma_" + std::to_string(dc.k) + " = 0: impossible)";
  if (dc.failures > 0) return "NO (" + std::to_string(dc.failures) + " monomials)";
  if (dc.undecided > 0) return "undecided (" + std::to_string(dc.undecided) + ")";
  return "yes";
}

void append_degree_table(std::ostringstream& out, const VerificationReport& rep) {
  out << "     k   monomials  identity                                  holds\n";
  for (const DegreeCheck& dc : rep.identities.degrees) {
    char line[512];
    const std::string ident = identity_name(dc.k, rep.degree, rep.target);
    std::string holds = holds_text(dc);
    if (dc.max_residual)
      holds += "   largest residual " + dc.max_residual->decimal() + " at " + format_monomial(dc.max_monomial);
    std::snprintf(line, sizeof line, "  %4u  %10llu  %-40s  %s\n", dc.k, static_cast<unsigned long long>(dc.monomials),
                  ident.c_str(), holds.c_str());
    out << line;
  }
}

void append_failures(std::ostringstream& out, const IdentityReport& id) {
  if (id.failures.empty()) return;
  out << "first failing monomials (degree, monomial, coefficient, expected):\n";
  for (const IdentityFailure& f : id.failures) {
    out << "  k = " << f.k << "  " << format_monomial(f.r) << "  " << format_failure_coefficient(f);
    if (!f.value.exact || f.value.value.get_den() != 1) out << " (" << f.value.decimal() << ")";
    out << "  expected " << to_string(f.expected) << "  residual " << f.residual.decimal();
    if (f.exceeds_tolerance) out << "  exceeds the tolerance";
    out << '\n';
  }
  if (id.failure_count > id.failures.size())
    out << "  ... and " << id.failure_count - id.failures.size() << " more (--max-failures N lists more)\n";
}

void append_rank(std::ostringstream& out, const RankReport& rank) {
  out << "matrix A (A7): " << rank.rows << " x " << rank.cols << ", rank " << rank.rank
      << (rank.full_row_rank ? " = full row rank" : " < " + std::to_string(rank.rows)) << '\n';
  out << "  engine " << rank.engine << ": " << rank.method << " (" << fixed(rank.seconds) << " s)\n";
  if (!rank.certified) out << "  the rank is NOT certified: the verdict on it is unknown\n";
}

}  // namespace

std::string format_proof_log(const VerificationReport& rep, const Network& net, const Activation& activation) {
  std::ostringstream out;
  out << "network: n = " << rep.n << " inputs, m = " << rep.m << " hidden neurons, target " << rep.target
      << " (degree " << rep.degree << ")" << (rep.biases ? ", with biases" : "") << "\n";
  out << "activation: " << describe_activation(activation, rep.degree, rep.biases) << '\n';
  out << "hypothesis sigma_k != 0 for all k <= " << rep.degree << ": " << hypothesis_line(rep) << '\n';
  append_weights(out, net);
  if (rep.taylor_applies) {
    out << "expansion of P_k = sum_j w_j (a_j . x)^k, engine " << rep.engine << ":\n";
    if (!rep.expansion_method.empty()) out << "  path: " << rep.expansion_method << '\n';
    append_degree_table(out, rep);
    append_failures(out, rep.identities);
    if (rep.identities.tolerance)
      out << "tolerance " << to_string(*rep.identities.tolerance) << ": " << rep.identities.exceeding
          << " residual(s) certified above it, " << rep.identities.tolerance_undecided << " undecided\n";
  }
  if (rep.rank) append_rank(out, *rep.rank);
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

namespace {

nlohmann::ordered_json residual_json(const std::optional<Residual>& r) {
  if (!r) return 0.0;
  return r->upper();
}

nlohmann::ordered_json degrees_json(const IdentityReport& id) {
  nlohmann::ordered_json degrees = nlohmann::ordered_json::array();
  for (const DegreeCheck& dc : id.degrees)
    degrees.push_back({{"k", dc.k},
                       {"monomials", dc.monomials},
                       {"sigma_zero", dc.sigma_zero},
                       {"imposed", dc.imposed},
                       {"holds", dc.holds && dc.undecided == 0}});
  return degrees;
}

nlohmann::ordered_json residuals_json(const IdentityReport& id) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const DegreeCheck& dc : id.degrees) {
    if (!dc.imposed) continue;
    nlohmann::ordered_json r;
    r["k"] = dc.k;
    r["max_abs"] = residual_json(dc.max_residual);
    r["max_abs_lo"] = dc.max_residual ? dc.max_residual->lower() : 0.0;
    r["exact"] = !dc.max_residual || dc.max_residual->exact;
    r["monomial"] = dc.max_residual ? nlohmann::ordered_json(format_monomial(dc.max_monomial)) : nlohmann::ordered_json(nullptr);
    out.push_back(r);
  }
  return out;
}

nlohmann::ordered_json failures_json(const IdentityReport& id) {
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const IdentityFailure& f : id.failures)
    failures.push_back({{"k", f.k},
                        {"monomial", format_monomial(f.r)},
                        {"coefficient", format_failure_coefficient(f)},
                        {"expected", to_string(f.expected)},
                        {"decimal", f.value.exact ? to_double(f.value.value) : f.value.enclosure->mid_double()},
                        {"residual", f.residual.upper()},
                        {"residual_lo", f.residual.lower()},
                        {"exceeds_tolerance", f.exceeds_tolerance}});
  return failures;
}

void rank_json(nlohmann::ordered_json& j, const std::optional<RankReport>& rank) {
  if (!rank) {
    j["rows"] = nullptr;
    j["rank"] = nullptr;
    j["full_row_rank"] = nullptr;
    return;
  }
  j["rows"] = rank->rows;
  j["rank"] = rank->rank;
  j["full_row_rank"] = rank->full_row_rank;
  j["rank_engine"] = rank->engine;
  j["rank_certified"] = rank->certified;
  j["rank_method"] = rank->method;
  j["rank_seconds"] = rank->rank_seconds;
  j["certificate_seconds"] = rank->certificate_seconds;
}

}  // namespace

nlohmann::ordered_json report_json(const VerificationReport& rep) {
  const IdentityReport& id = rep.identities;
  nlohmann::ordered_json j;
  j["n"] = rep.n;
  j["m"] = rep.m;
  j["activation"] = rep.activation;
  j["target"] = rep.target;
  j["degree"] = rep.degree;
  j["biases"] = rep.biases;
  j["taylor_applies"] = rep.taylor_applies;
  j["engine"] = rep.engine;
  j["expansion_method"] = rep.expansion_method;
  j["hypothesis_holds"] = rep.hypothesis_holds;
  j["vanishing_degrees"] = rep.vanishing_degrees;
  j["degrees"] = degrees_json(id);
  j["identities_hold"] = rep.taylor_applies && id.holds && id.undecided == 0;
  j["failure_count"] = id.failure_count;
  j["undecided"] = id.undecided;
  j["failures"] = failures_json(id);
  j["max_residual"] = residual_json(id.max_residual);
  j["max_residual_exact"] = id.max_residual && id.max_residual->exact ? nlohmann::ordered_json(to_string(id.max_residual->value))
                                                                       : nlohmann::ordered_json(nullptr);
  j["residuals"] = residuals_json(id);
  j["tolerance"] = id.tolerance ? nlohmann::ordered_json(to_string(*id.tolerance)) : nlohmann::ordered_json(nullptr);
  j["exceeding"] = id.exceeding;
  j["scale_hint"] = id.scale_hint;
  rank_json(j, rep.rank);
  j["verdict"] = rep.counterexample ? "counterexample" : to_string(rep.verdict);
  j["verified"] = report_verified(rep);
  j["counterexample"] = rep.counterexample;
  j["conclusion"] = rep.conclusion;
  j["expansion_seconds"] = rep.expansion_seconds;
  j["seconds"] = rep.seconds;
  return j;
}

}  // namespace nf
