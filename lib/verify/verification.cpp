#include "verify/verification.hpp"

#include <chrono>
#include <string>
#include <tuple>
#include <utility>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "linalg/subset_matrix.hpp"
#include "poly/structured.hpp"
#include "verify/bias_groups.hpp"
#include "verify/float_path.hpp"

namespace nf {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string list_degrees(const std::vector<unsigned>& ks) {
  std::string s;
  for (unsigned k : ks) s += (s.empty() ? "" : ", ") + std::to_string(k);
  return s;
}

std::string gate_name(const VerificationReport& rep) {
  return rep.target == format_monomial(Exponents(rep.n, 1)) ? "product gate" : rep.target + " gate";
}

std::string rows_text(const VerificationReport& rep) { return rep.rank ? std::to_string(rep.rank->rows) : ""; }

// (A5)-(A8): identities + hypothesis => full row rank => m >= rows.
std::string conclude_exact(const VerificationReport& rep) {
  const std::string rows = rows_text(rep), gate = gate_name(rep);
  std::string s = "the identities (A2)/(A3) hold exactly: this network is an exact " + gate + " in the limit of small inputs.";
  if (!rep.hypothesis_holds)
    return s + " The activation has sigma_k = 0 for k = " + list_degrees(rep.vanishing_degrees) +
           ", so the theorem's hypothesis fails and its lower bound need not apply" +
           (rep.rank ? " (rank of A: " + std::to_string(rep.rank->rank) + " of " + rows + ")." : ".");
  if (!rep.rank) return s;
  if (!rep.rank->certified) return s + " The rank of A could not be certified: " + rep.rank->method + ".";
  if (rep.rank->full_row_rank)
    return s + " A (A7) has full row rank " + rows + ", as (A5)-(A8) require: every single-hidden-layer " + gate +
           " under an activation with sigma_k != 0 (k <= " + std::to_string(rep.degree) + ") needs m >= " + rows +
           " neurons; this one has m = " + std::to_string(rep.m) + ".";
  return "COUNTEREXAMPLE: the identities and the hypothesis hold, yet rank A = " + std::to_string(rep.rank->rank) +
         " < " + rows + ", contradicting (A5)-(A8). This indicates an engine error; please report the input.";
}

std::string conclude_refuted(const VerificationReport& rep) {
  const IdentityReport& id = rep.identities;
  const std::string gate = gate_name(rep);
  std::string s = "the identities fail at " + std::to_string(id.failure_count) + " monomial(s): this network is not an exact " +
                  gate + ".";
  if (id.tolerance)
    s += " " + std::to_string(id.exceeding) + " residual(s) exceed the tolerance " + to_string(*id.tolerance) + ".";
  if (id.degrees.back().sigma_zero)
    s += " The activation has sigma_" + std::to_string(rep.degree) + " = 0, so the degree-" +
         std::to_string(rep.degree) + " part of f vanishes whatever the weights: (A2) cannot hold and f_lambda -> 0; "
         "no network is an exact " + gate + " under this activation.";
  if (!id.scale_hint.empty()) s += " Note: " + id.scale_hint + ".";
  if (rep.rank && rep.hypothesis_holds && !rep.rank->full_row_rank)
    s += " Consistent with the theorem: rank A = " + std::to_string(rep.rank->rank) + " < " + rows_text(rep) +
         ", and (A5)-(A8) show that a network whose A lacks full row rank cannot satisfy (A2)/(A3).";
  return s;
}

std::string conclude(const VerificationReport& rep) {
  const IdentityReport& id = rep.identities;
  if (!rep.taylor_applies)
    return "the Taylor criterion (A2)/(A3) does not apply: " + rep.expansion_method +
           ", so this network is not a product gate in the sense of the theorem (its rank of A is reported for "
           "reference).";
  if (rep.verdict == Verdict::Refuted) return conclude_refuted(rep);
  if (id.holds && id.undecided == 0) return conclude_exact(rep);
  const std::string largest = id.max_residual ? id.max_residual->decimal() : "0";
  if (rep.verdict == Verdict::Approximate)
    return "every residual is certified within the tolerance " + to_string(*id.tolerance) + " (largest " + largest +
           "): this network is an approximate " + gate_name(rep) + " within " + to_string(*id.tolerance) +
           ", not an exact one.";
  if (id.undecided > 0)
    return std::to_string(id.undecided) + " coefficient(s) could not be decided: their certified enclosures contain the "
           "required value (largest residual " + largest + "), so whether the identities hold exactly is unknown" +
           (id.tolerance ? "" : " (give --tolerance to ask for an approximate gate)") + ".";
  return "the identities hold, but the rank of A could not be certified: " + rep.rank->method + ".";
}

}  // namespace

RankReport rank_report(const Network& net, const Target& target, const VerifyOptions& opts) {
  RankOptions ro;
  ro.engine = opts.rank_engine;
  ro.threads = opts.threads;
  ro.limits = opts.limits;
  ro.keep_certificate = opts.keep_rank_certificate;
  const auto start = Clock::now();
  CertifiedRank c = certified_rank(net, target, ro);
  RankReport out;
  out.rows = c.rows;
  out.cols = c.cols;
  out.rank = c.rank;
  out.full_row_rank = c.certified && c.rank == c.rows;
  out.certified = c.certified;
  out.engine = to_string(c.engine);
  out.method = c.method;
  out.rank_seconds = c.rank_seconds;
  out.certificate_seconds = c.certificate_seconds;
  out.certificate = std::move(c.certificate);
  out.seconds = seconds_since(start);
  return out;
}

namespace {

// Every row h with r_h >= 1 takes at most r_h + 1 values (the structured rank applies).
bool structured_rank_applies(const Network& net, const Target& target) {
  for (std::size_t h = 0; h < net.inputs() && h < target.r.size(); ++h)
    if (target.r[h] > 0 && net.row(h).dictionary().size() > target.r[h] + 1ull) return false;
  return true;
}

}  // namespace

void check_verification_limits(std::size_t n, std::size_t m, unsigned degree, std::uint64_t rows,
                               ExpansionEngine engine, bool with_rank, const ResourceLimits& limits) {
  check_verification_limits(n, m, degree, rows, engine, with_rank, RankEngine::Dense, 40.0, limits);
}

void check_verification_limits(std::size_t n, std::size_t m, unsigned degree, std::uint64_t rows,
                               ExpansionEngine engine, bool with_rank, RankEngine rank_engine,
                               double bytes_per_weight, const ResourceLimits& limits) {
  const double network_bytes = (static_cast<double>(n) + 1.0) * static_cast<double>(m) * bytes_per_weight;
  if (network_bytes > static_cast<double>(limits.max_memory_bytes))
    throw LimitError("a network with n = " + std::to_string(n) + " inputs and m = " + std::to_string(m) +
                     " neurons needs about " + std::to_string(static_cast<unsigned long long>(network_bytes)) +
                     " bytes of exact weights, above the limit " + std::to_string(limits.max_memory_bytes) +
                     " (raise it with --max-memory)");
  check_expansion_limits(n, m, degree, engine, limits);
  if (!with_rank) return;
  if (rank_engine == RankEngine::Flint) {
    check_subset_matrix_limits(rows, m, limits);
  } else if (rank_engine == RankEngine::Dense) {
    const double bytes = dense_rank_bytes(rows, m);
    if (bytes > static_cast<double>(limits.max_memory_bytes))
      throw LimitError("the dense rank of A (" + std::to_string(rows) + " x " + std::to_string(m) + ") needs about " +
                       std::to_string(static_cast<unsigned long long>(bytes)) + " bytes, above the limit " +
                       std::to_string(limits.max_memory_bytes) +
                       " (raise it with --max-memory, or skip the rank with --no-rank)");
  }
}

namespace {

ExpansionOptions expansion_options(const VerifyOptions& opts) {
  ExpansionOptions eo;
  eo.threads = opts.threads;
  eo.memory_bytes = opts.limits.max_memory_bytes;
  eo.max_work = opts.limits.max_work;
  return eo;
}

// Runs the expansion of a network without biases into the checker through the
// dispatcher (which picks the engine when none is requested); returns the
// engine that listed the coefficients and how.
std::pair<ExpansionEngine, std::string> run_expansion(const Network& net, unsigned d, const VerifyOptions& opts,
                                                      ExpansionSink& sink) {
  const ExpansionStats stats = expand(net, d, opts.engine, sink, expansion_options(opts));
  return {stats.engine, stats.method};
}

// A network with biases: one expansion per bias group (bias_groups.hpp).
std::pair<std::string, std::string> run_biased_expansion(const Network& net, const Activation& activation,
                                                             const Target& target, const VerifyOptions& opts,
                                                             IdentityChecker& checker) {
  const unsigned d = target.degree();
  const Exponents& checker_target = target.r;
  if (net.b_row().dictionary().size() > kMaxBiasGroups)
    return {"float", check_float_path(net, activation, Target{checker_target}, opts.threads, opts.limits, checker)};
  std::pair<ExpansionEngine, std::string> ran;
  const std::string groups = check_bias_groups(net, activation, d, checker, [&](const Network& group, ExpansionSink& sink) {
    ran = run_expansion(group, d, opts, sink);
  });
  return {to_string(ran.first), groups + "; last group: " + ran.second};
}

// The report of a non-smooth activation: the Taylor criterion does not apply.
void note_not_smooth(VerificationReport& rep) {
  rep.taylor_applies = false;
  rep.identities.degree = rep.degree;
  rep.identities.holds = false;
  rep.engine = "none";
  rep.expansion_method = rep.activation + " is not smooth at 0, so the network has no Taylor expansion there; "
                         "wherever it is smooth sigma_k(b) = 0 for k >= 2, so no degree >= 2 part can appear";
}

Verdict decide(const VerificationReport& rep) {
  const IdentityReport& id = rep.identities;
  if (!rep.taylor_applies) return Verdict::Refuted;
  if (id.tolerance ? id.exceeding > 0 : id.failure_count > 0) return Verdict::Refuted;
  Verdict v = Verdict::Verified;
  if (!id.holds || id.undecided > 0) v = id.within_tolerance() ? Verdict::Approximate : Verdict::Unknown;
  if (rep.rank && !rep.rank->certified && v != Verdict::Refuted) return Verdict::Unknown;
  return v;
}

// The report's description of the request: sizes, activation, target, and
// the hypothesis as the activation states it (refined by the checker later).
// Throws InputError when the target has not one exponent per input.
VerificationReport describe_request(const Network& net, const Activation& activation, const Target& target) {
  if (target.r.size() != net.inputs())
    throw InputError("the target monomial has " + std::to_string(target.r.size()) + " exponents but the network has " +
                     std::to_string(net.inputs()) + " inputs");
  VerificationReport rep;
  rep.n = net.inputs();
  rep.m = net.neurons();
  rep.activation = activation.name();
  rep.target = format_monomial(target.r);
  rep.degree = target.degree();
  if (activation.smooth()) rep.vanishing_degrees = activation.vanishing_degrees(rep.degree);
  rep.hypothesis_holds = activation.smooth() && rep.vanishing_degrees.empty();
  return rep;
}

// Refuses, before any arithmetic, a structured engine that does not apply
// (InputError) and a run above the limits (LimitError); returns the rank
// engine that will run.
RankEngine plan_engines(const Network& net, const Target& target, const VerifyOptions& opts,
                        const VerificationReport& rep) {
  if (opts.engine == ExpansionEngine::Structured) {
    const std::string obstruction = two_valued_obstruction(net);
    if (!obstruction.empty()) throw InputError("the structured engine does not apply: " + obstruction);
  }
  const ExpansionEngine planned = opts.engine.value_or(default_expansion_engine(net));
  const RankEngine rank_engine =
      opts.rank_engine.value_or(structured_rank_applies(net, target) ? RankEngine::Structured : RankEngine::Dense);
  const double bytes_per_weight =
      static_cast<double>(net.storage_bytes()) / ((static_cast<double>(rep.n) + 1.0) * static_cast<double>(rep.m));
  check_verification_limits(rep.n, rep.m, rep.degree, subset_matrix_rows(target), planned, opts.compute_rank,
                            rank_engine, bytes_per_weight, opts.limits);
  return rank_engine;
}

// The identities (A2)/(A3): expands the network (per bias group when it has
// biases) into the checker and records the engine, its method, the checker's
// report and the degrees where sigma_k(b) = 0.
void check_identities(const Network& net, const Activation& activation, const Target& target,
                      const VerifyOptions& opts, VerificationReport& rep) {
  IdentityChecker checker(activation, target, opts.max_failures, opts.tolerance);
  if (rep.biases) {
    std::tie(rep.engine, rep.expansion_method) = run_biased_expansion(net, activation, target, opts, checker);
  } else {
    const auto [engine, method] = run_expansion(net, rep.degree, opts, checker);
    rep.engine = to_string(engine);
    rep.expansion_method = method;
  }
  rep.identities = checker.finish();
  rep.vanishing_degrees.clear();
  for (const DegreeCheck& dc : rep.identities.degrees)
    if (dc.sigma_zero) rep.vanishing_degrees.push_back(dc.k);
  rep.hypothesis_holds = rep.vanishing_degrees.empty();
}

}  // namespace

VerificationReport verify_network(const Network& net, const Activation& activation, const Target& target,
                                  const VerifyOptions& opts) {
  const auto start = Clock::now();
  VerificationReport rep = describe_request(net, activation, target);
  const RankEngine rank_engine = plan_engines(net, target, opts, rep);

  const auto expansion_start = Clock::now();
  fault_point("expansion");
  rep.biases = net.has_biases();
  if (!activation.smooth())
    note_not_smooth(rep);
  else
    check_identities(net, activation, target, opts, rep);
  rep.expansion_seconds = seconds_since(expansion_start);

  if (opts.compute_rank) {
    VerifyOptions ro = opts;
    ro.rank_engine = rank_engine;
    rep.rank = rank_report(net, target, ro);
  }
  rep.verdict = decide(rep);
  rep.counterexample = rep.taylor_applies && rep.identities.holds && rep.identities.undecided == 0 &&
                       rep.hypothesis_holds && rep.rank && rep.rank->certified && !rep.rank->full_row_rank;
  rep.conclusion = conclude(rep);
  rep.seconds = seconds_since(start);
  return rep;
}

}  // namespace nf
