#include "verify/verification.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "linalg/subset_matrix.hpp"
#include "poly/structured.hpp"

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

// (A5)-(A8): identities + hypothesis => full row rank => m >= rows.
std::string conclude(const VerificationReport& rep) {
  const std::string rows = rep.rank ? std::to_string(rep.rank->rows) : "";
  const std::string gate = rep.target == format_monomial(Exponents(rep.n, 1)) ? "product gate" : rep.target + " gate";
  if (rep.identities.holds) {
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
  std::string s = "the identities fail at " + std::to_string(rep.identities.failure_count) +
                  " monomial(s): this network is not an exact " + gate + ".";
  if (rep.identities.degrees.back().sigma_zero)
    s += " The activation has sigma_" + std::to_string(rep.degree) + " = 0, so the degree-" +
         std::to_string(rep.degree) + " part of f vanishes whatever the weights: (A2) cannot hold and f_lambda -> 0; "
         "no network is an exact " + gate + " under this activation.";
  if (rep.rank && rep.hypothesis_holds && !rep.rank->full_row_rank)
    s += " Consistent with the theorem: rank A = " + std::to_string(rep.rank->rank) + " < " + rows +
         ", and (A5)-(A8) show that a network whose A lacks full row rank cannot satisfy (A2)/(A3).";
  return s;
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

// The engine that runs when none is requested: structured for a network whose
// rows are two-valued (it declines to the moment engine when its listing would
// be costly), otherwise moment.
ExpansionEngine default_engine(const Network& net) {
  return two_valued_obstruction(net).empty() ? ExpansionEngine::Structured : ExpansionEngine::Moment;
}

// Runs the expansion into the checker; returns the engine that listed the
// coefficients and how.
std::pair<ExpansionEngine, std::string> run_expansion(const Network& net, unsigned d, const VerifyOptions& opts,
                                                      IdentityChecker& checker) {
  ExpansionOptions eo;
  eo.threads = opts.threads;
  eo.memory_bytes = opts.limits.max_memory_bytes;
  eo.max_work = opts.limits.max_work;
  const ExpansionEngine engine = opts.engine.value_or(default_engine(net));
  if (engine == ExpansionEngine::Structured && !opts.engine) {
    if (auto stats = expand_structured(net, d, checker, eo, true)) return {engine, stats->method};
    check_expansion_limits(net.inputs(), net.neurons(), d, ExpansionEngine::Moment, opts.limits);
    const ExpansionStats stats = expand_moment(net, d, checker, eo);
    return {ExpansionEngine::Moment,
            "structured path declined (the multilinear moments of proper subsets do not all vanish and listing "
            "every coefficient from them would be slower); " + stats.method};
  }
  return {engine, expand(net, d, engine, checker, eo).method};
}

Verdict decide(const VerificationReport& rep) {
  if (!rep.identities.holds) return Verdict::Refuted;
  if (rep.rank && !rep.rank->certified) return Verdict::Unknown;
  return Verdict::Verified;
}

}  // namespace

VerificationReport verify_network(const Network& net, const Activation& activation, const Target& target,
                                  const VerifyOptions& opts) {
  const auto start = Clock::now();
  if (target.r.size() != net.inputs())
    throw InputError("the target monomial has " + std::to_string(target.r.size()) + " exponents but the network has " +
                     std::to_string(net.inputs()) + " inputs");
  if (net.has_biases())
    throw InputError("this network has biases: the identities are checked for networks without biases only");
  VerificationReport rep;
  rep.n = net.inputs();
  rep.m = net.neurons();
  rep.activation = activation.name();
  rep.target = format_monomial(target.r);
  rep.degree = target.degree();
  rep.vanishing_degrees = activation.vanishing_degrees(rep.degree);
  rep.hypothesis_holds = rep.vanishing_degrees.empty();

  if (opts.engine == ExpansionEngine::Structured) {
    const std::string obstruction = two_valued_obstruction(net);
    if (!obstruction.empty()) throw InputError("the structured engine does not apply: " + obstruction);
  }
  const ExpansionEngine planned = opts.engine.value_or(default_engine(net));
  const RankEngine rank_engine =
      opts.rank_engine.value_or(structured_rank_applies(net, target) ? RankEngine::Structured : RankEngine::Dense);
  const double bytes_per_weight =
      static_cast<double>(net.storage_bytes()) / ((static_cast<double>(rep.n) + 1.0) * static_cast<double>(rep.m));
  check_verification_limits(rep.n, rep.m, rep.degree, subset_matrix_rows(target), planned, opts.compute_rank,
                            rank_engine, bytes_per_weight, opts.limits);

  IdentityChecker checker(activation, target, opts.max_failures);
  const auto expansion_start = Clock::now();
  fault_point("expansion");
  const auto [engine, method] = run_expansion(net, rep.degree, opts, checker);
  rep.engine = to_string(engine);
  rep.expansion_method = method;
  rep.identities = checker.finish();
  rep.expansion_seconds = seconds_since(expansion_start);

  if (opts.compute_rank) {
    VerifyOptions ro = opts;
    ro.rank_engine = rank_engine;
    rep.rank = rank_report(net, target, ro);
  }
  rep.verdict = decide(rep);
  rep.counterexample = rep.identities.holds && rep.hypothesis_holds && rep.rank && rep.rank->certified &&
                       !rep.rank->full_row_rank;
  rep.conclusion = conclude(rep);
  rep.seconds = seconds_since(start);
  return rep;
}

}  // namespace nf
