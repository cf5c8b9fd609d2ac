#include "search/prove_minimal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <chrono>
#include <memory>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "search/certificate_file.hpp"
#include "search/certificate_writer.hpp"
#include "search/proof_checker_sink.hpp"

namespace nf {
namespace {

std::string degrees_text(const std::vector<unsigned>& degrees, const char* separator = " ") {
  std::string out;
  for (unsigned k : degrees) out += (out.empty() ? "" : separator) + std::to_string(k);
  return out;
}

bool complete(const SearchSummary& s) { return s.shard.count == 1 && !s.interrupted; }

std::string conclusion(const ProveResult& r) {
  const SearchSummary& s = r.summary;
  std::ostringstream out;
  if (s.interrupted) {
    out << "interrupted after " << s.units_done << " of " << s.units << " work units (" << s.orbits
        << " representatives decided, " << s.feasible << " feasible): no claim; continue with --resume";
    return out.str();
  }
  if (!complete(s)) {
    out << "shard " << s.shard.to_string() << " decided " << s.orbits << " representatives, " << s.feasible
        << " feasible; the claim about the whole case split needs every shard (check-proof on the concatenated "
           "certificates)";
    return out.str();
  }
  const std::string setting = "input weights in " + s.domain + (s.domain[0] == 'F' ? " (arithmetic mod p)" : "") +
                              " and an activation with sigma_k != 0 exactly for k in {" + degrees_text(s.degrees, ",") +
                              "} (k <= " + std::to_string(s.degrees.empty() ? s.n : s.degrees.back()) + ")";
  if (s.feasible == 0) {
    out << "no single-hidden-layer network with m <= " << s.m << " hidden neurons, " << setting
        << ", satisfies (A2)/(A3)" << (s.product_target ? std::string() : " for the target " + s.target);
  } else {
    out << s.feasible << " of the " << s.orbits << " representatives (" << s.feasible_candidates << " of the "
        << s.candidates << " sets of " << s.size << " distinct weight vectors) admit output weights, with " << setting
        << "; no other set of " << s.size << " does, so every " << (s.product_target ? "product gate" : "gate for " + s.target)
        << " with m <= " << s.m
        << " neurons has its weight vectors inside the orbit of one of these";
  }
  return out.str();
}

std::string paper_bound(const SearchSummary& s) {
  if (!s.product_target) {
    std::ostringstream out;
    out << "for the monomial " << s.target
        << " the grid construction (monomial_gate) has prod(r_i + 1) neurons; Rolnick & Tegmark (ICLR 2018) "
           "give prod(r_i + 1) as the minimum when sigma_k != 0 for all k <= |r|";
    if (complete(s))
      out << "; this run: " << (s.feasible == 0 ? "no gate with m = " : "gates with m = ") << s.m
          << (s.feasible == 0 ? " on this domain" : " exist on this domain");
    return out.str();
  }
  const std::uint64_t bound = std::uint64_t(1) << s.n;
  std::ostringstream out;
  out << "the paper (Appendix A.2) proves m >= 2^n = " << bound << " over the reals when sigma_k != 0 for all k <= n";
  if (!complete(s)) return out.str();
  const bool all_degrees = s.degrees.size() == s.n + 1;
  if (s.domain[0] == 'F') {
    out << "; this run is over the field F_p, outside the paper's setting: ";
    out << (s.feasible == 0 ? "no gate with m = " + std::to_string(s.m) + " exists there either"
                            : "gates with m = " + std::to_string(s.m) + " exist there");
  } else if (!all_degrees) {
    out << "; this activation has vanishing sigma_k, outside the theorem's hypothesis";
  } else if (s.feasible == 0) {
    out << "; this run confirms it for m = " << s.m << (s.m < bound ? " < " : " >= ") << bound
        << " on this domain without the rank argument";
  } else {
    out << "; the gates found have m = " << s.m << (s.m >= bound ? " >= 2^n, as the bound allows" : " < 2^n: CONTRADICTS the bound");
  }
  return out.str();
}

std::string seconds_text(double s) {
  char buf[64];
  if (s < 120) std::snprintf(buf, sizeof buf, "%.2f s", s);
  else if (s < 7200) std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
  else std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  return buf;
}

}  // namespace

namespace {

GateRecord gate_record(const CaseSplit& split, const CandidateResult& c) {
  GateRecord g;
  for (std::uint32_t p : c.points) g.points.push_back(split.format_point(p));
  for (const mpq_class& w : c.witness->weights) g.weights.push_back(to_string(w));
  g.orbit_size = split.orbit_size(c.points);
  return g;
}

// Writes a checkpoint at the end of the search (interrupted or not), before
// the certificate writer's last line, so that the checkpoint points at the end
// of the last complete unit.
class CheckpointAtEnd : public SearchSink {
 public:
  explicit CheckpointAtEnd(std::function<void()> save) : save_(std::move(save)) {}
  SinkNeeds needs() const override { return {}; }
  void begin(const CaseSplit&, const ShardSpec&) override {}
  void candidate(const CandidateResult&) override {}
  void end(const SearchSummary&) override { save_(); }

 private:
  std::function<void()> save_;
};

}  // namespace

ProveResult prove_minimal(const ProveRequest& request) {
  fault_point("search");
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const CaseSplit split(request.split);
  const std::string run = describe_run(split, request.search.shard);
  const bool checkpointing = !request.checkpoint_path.empty();
  if (request.resume && !checkpointing) throw InputError("--resume needs --checkpoint FILE");
  if (request.certificate && !request.certificate_path.empty())
    throw InternalError("prove_minimal: a certificate stream and a certificate file");
  std::optional<Checkpoint> previous;
  if (request.resume) {
    previous = read_checkpoint(request.checkpoint_path);
    if (previous->run != run)
      throw InputError("--resume: " + request.checkpoint_path + " is the checkpoint of '" + previous->run +
                       "', not of this run '" + run + "'");
    if (previous->certificate != request.certificate_path)
      throw InputError("--resume: " + request.checkpoint_path + " was written with --certificate '" +
                       (previous->certificate.empty() ? std::string("(none)") : previous->certificate) +
                       "', this run has '" +
                       (request.certificate_path.empty() ? std::string("(none)") : request.certificate_path) + "'");
  }

  SinkList sinks;
  FeasibleCollector gates(request.gate_limit);
  sinks.add(gates);
  std::optional<CheckpointAtEnd> at_end;
  std::unique_ptr<CertificateFile> file;
  if (!request.certificate_path.empty()) {
    const bool in_place = checkpointing;
    file = std::make_unique<CertificateFile>(
        request.certificate_path, in_place ? CertificateFile::Mode::InPlace : CertificateFile::Mode::Atomic,
        previous ? previous->certificate_bytes : 0);
  }
  std::ostream* cert_out = file ? &file->stream() : request.certificate;
  std::optional<CertificateWriter> writer;

  // Checkpointing: the state after the last unit reported.
  SearchOptions options = request.search;
  if (previous) options.resume = previous->tally;
  SearchTally latest = options.resume;
  double last_save = 0;
  std::uint64_t units_of_plan = previous ? previous->units : 0;
  auto save = [&] {
    Checkpoint c;
    c.run = run;
    c.tally = latest;
    c.seconds = (previous ? previous->seconds : 0) + elapsed();
    c.certificate = request.certificate_path;
    if (file) c.certificate_bytes = file->sync();
    if (previous) c.gates = previous->gates;
    for (const CandidateResult& g : gates.gates()) c.gates.push_back(gate_record(split, g));
    if (writer) c.dictionary = writer->dictionary();
    c.units = units_of_plan;
    write_checkpoint(request.checkpoint_path, c);
    last_save = elapsed();
  };
  if (checkpointing) {
    at_end.emplace(save);
    sinks.add(*at_end);  // before the writer: its end line comes after the checkpoint's offset
    options.unit_done = [&, user = request.search.unit_done](const SearchTally& t) {
      latest = t;
      if (elapsed() - last_save >= request.checkpoint_interval) save();
      if (user) user(t);
    };
  }
  if (cert_out) {
    writer.emplace(*cert_out);
    if (previous && previous->tally.units_done > 0) writer->restore(previous->dictionary);
    sinks.add(*writer);
  }
  ProofCheckerSink checker;
  if (request.self_check) sinks.add(checker);
  options.planned = [&](const SearchPlan& plan) {
    units_of_plan = plan.units();
    if (previous && previous->units != plan.units())
      throw InputError("--resume: the checkpoint has " + std::to_string(previous->units) + " work units, this run " +
                       std::to_string(plan.units()));
    if (request.planned) request.planned(plan);
  };
  ProveResult r;
  r.summary = run_search(split, options, sinks);
  if (file) file->close();
  if (previous) {
    r.gates = previous->gates;
    r.seconds_before = previous->seconds;
  }
  for (const CandidateResult& c : gates.gates()) {
    if (r.gates.size() >= request.gate_limit) {
      r.gates_truncated = true;
      break;
    }
    r.gates.push_back(gate_record(split, c));
  }
  r.gates_truncated = r.gates_truncated || gates.truncated();
  r.self_checked = request.self_check;
  if (request.self_check && !checker.verified())
    r.self_check_failure = checker.failure().empty() ? "not finished" : checker.failure();
  if (writer) r.polynomials = writer->polynomials_written();
  return r;
}

std::string format_prove_header(const SearchPlan& plan) {
  const CaseSplit& split = plan.split();
  std::ostringstream out;
  out << "prove-minimal: n = " << split.n() << ", m = " << split.m() << ", input weights in " << split.domain().spec()
      << ", activation " << split.activation().name() << ", target " << format_monomial(split.target().r) << "\n"
      << "imposed degrees (sigma_k != 0): " << degrees_text(split.imposed_degrees()) << "\n"
      << "case split: " << split.point_count() << " weight vectors; all sets of " << split.size()
      << " distinct ones: " << split.candidate_count() << " candidates\n";
  const double at_least = std::ceil(double(split.candidate_count()) / double(split.group_order()));
  char bound[64];
  std::snprintf(bound, sizeof bound, "%.0f", at_least);
  out << "symmetry: " << split.symmetry_description() << " (group of order " << split.group_order()
      << "): at least " << bound << " orbit representatives; " << plan.units() << " work units"
      << (plan.shard().count == 1 ? std::string() : " in shard " + plan.shard().to_string()) << "\n";
  return out.str();
}

std::string format_prove_result(const ProveResult& r) {
  const SearchSummary& s = r.summary;
  std::ostringstream out;
  out << "orbit representatives: " << s.orbits
      << (s.shard.count == 1 ? "" : " in shard " + s.shard.to_string() + " (" + std::to_string(s.shard_candidates) +
                                        " candidates)");
  if (s.units_resumed) out << " (" << s.units_resumed << " of " << s.units << " work units from the checkpoint)";
  out << "\n"
      << "feasible: " << s.feasible << " representatives (" << s.feasible_candidates << " candidate sets)\n";
  for (std::size_t i = 0; i < r.gates.size(); ++i) {
    const GateRecord& g = r.gates[i];
    out << "  gate " << i + 1 << ":";
    for (const auto& p : g.points) out << ' ' << p;
    out << "  w =";
    for (const auto& w : g.weights) out << ' ' << w;
    out << "  (orbit of " << g.orbit_size << ")\n";
  }
  if (r.gates_truncated) out << "  (further gates not listed)\n";
  out << "conclusion: " << conclusion(r) << "\n"
      << "paper: " << paper_bound(s) << "\n";
  if (r.self_checked)
    out << "self-check: " << (r.self_check_failure.empty() ? "passed" : "FAILED: " + r.self_check_failure) << "\n";
  out << "time: " << seconds_text(s.seconds + r.seconds_before) << ", " << s.threads << " thread"
      << (s.threads == 1 ? "" : "s");
  if (s.ranks > 1) out << " x " << s.ranks << " MPI ranks";
  if (s.exact_fallbacks) out << ", " << s.exact_fallbacks << " leaves decided by rref";
  out << "\n";
  return out.str();
}

std::string format_prove_report(const ProveResult& r) {
  const SearchSummary& s = r.summary;
  std::ostringstream out;
  out << "prove-minimal: n = " << s.n << ", m = " << s.m << ", input weights in " << s.domain << ", activation "
      << s.activation << ", target " << s.target << "\n"
      << "imposed degrees (sigma_k != 0): " << degrees_text(s.degrees) << "\n"
      << "case split: " << s.points << " weight vectors; all sets of " << s.size << " distinct ones: " << s.candidates
      << " candidates\n"
      << "symmetry: " << s.symmetry << " (group of order " << s.group_order << "); " << s.units << " work units\n"
      << format_prove_result(r);
  return out.str();
}

nlohmann::ordered_json prove_json(const ProveResult& r) {
  const SearchSummary& s = r.summary;
  nlohmann::ordered_json j;
  j["n"] = s.n;
  j["m"] = s.m;
  j["domain"] = s.domain;
  j["activation"] = s.activation;
  j["target"] = s.target;
  j["degrees"] = s.degrees;
  j["symmetry"] = s.symmetry;
  j["group_order"] = s.group_order;
  j["points"] = s.points;
  j["size"] = s.size;
  j["candidates"] = s.candidates;
  j["orbits"] = s.orbits;
  j["feasible"] = s.feasible;
  j["feasible_candidates"] = s.feasible_candidates;
  j["shard"] = s.shard.to_string();
  j["shard_candidates"] = s.shard_candidates;
  j["complete"] = complete(s);
  j["units"] = s.units;
  j["units_done"] = s.units_done;
  j["units_resumed"] = s.units_resumed;
  j["interrupted"] = s.interrupted;
  j["exact_fallbacks"] = s.exact_fallbacks;
  j["paper_bound"] = s.paper_bound;
  j["conclusion"] = conclusion(r);
  j["self_check"] = !r.self_checked ? "not run" : (r.self_check_failure.empty() ? "passed" : "failed: " + r.self_check_failure);
  nlohmann::ordered_json gates = nlohmann::ordered_json::array();
  for (const GateRecord& g : r.gates) {
    nlohmann::ordered_json e;
    e["points"] = g.points;
    e["weights"] = g.weights;
    e["orbit_size"] = g.orbit_size;
    gates.push_back(e);
  }
  j["gates"] = gates;
  j["gates_truncated"] = r.gates_truncated;
  j["threads"] = s.threads;
  j["ranks"] = s.ranks;
  j["seconds"] = s.seconds + r.seconds_before;
  return j;
}

std::string format_progress(const SearchProgress& p) {
  char buf[240];
  const double rate = p.seconds > 0 ? double(p.orbits - p.orbits_at_start) / p.seconds : 0.0;
  const double left = std::max(0.0, p.expected_orbits - double(p.orbits));
  const double eta = rate > 0 ? left / rate : 0.0;
  std::snprintf(buf, sizeof buf,
                "%.3g of about %.3g representatives (%.1f%%), %.3g of %.3g candidate sets accounted for, "
                "%.3g representatives/s, unit %llu of %llu, ETA %s",
                double(p.orbits), p.expected_orbits,
                p.expected_orbits > 0 ? std::min(100.0, 100.0 * double(p.orbits) / p.expected_orbits) : 100.0,
                double(p.done), double(p.total), rate,
                static_cast<unsigned long long>(p.units_done), static_cast<unsigned long long>(p.units), rate > 0 ? seconds_text(eta).c_str() : "unknown");
  return buf;
}

}  // namespace nf
