#include "verify/verification.hpp"

#include <chrono>
#include <string>

#include "core/error.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"

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

RankReport compute_rank(const Network& net, const Target& target) {
  const auto start = Clock::now();
  RankReport out;
  out.rows = subset_matrix_rows(target);
  out.cols = net.neurons();
  FmpzMat A = subset_matrix_integer(net, target);
  RankResult r = rank_exact(A);
  out.rank = r.rank;
  out.method = r.method;
  out.full_row_rank = out.rank == out.rows;
  out.seconds = seconds_since(start);
  return out;
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
    if (rep.rank->full_row_rank)
      return s + " A (A7) has full row rank " + rows + ", as (A5)-(A8) require: every single-hidden-layer " + gate +
             " under an activation with sigma_k != 0 (k <= " + std::to_string(rep.degree) + ") needs m >= " + rows +
             " neurons; this one has m = " + std::to_string(rep.m) + ".";
    return "COUNTEREXAMPLE: the identities and the hypothesis hold, yet rank A = " + std::to_string(rep.rank->rank) +
           " < " + rows + ", contradicting (A5)-(A8). This indicates an engine error; please report the input.";
  }
  std::string s = "the identities fail at " + std::to_string(rep.identities.failure_count) +
                  " monomial(s): this network is not an exact " + gate + ".";
  if (rep.rank && rep.hypothesis_holds && !rep.rank->full_row_rank)
    s += " Consistent with the theorem: rank A = " + std::to_string(rep.rank->rank) + " < " + rows +
         ", and (A5)-(A8) show that a network whose A lacks full row rank cannot satisfy (A2)/(A3).";
  return s;
}

}  // namespace

void check_verification_limits(std::size_t n, std::size_t m, unsigned degree, std::uint64_t rows,
                               ExpansionEngine engine, bool with_rank, const ResourceLimits& limits) {
  const double network_bytes = (static_cast<double>(n) + 1.0) * static_cast<double>(m) * 40.0;
  if (network_bytes > static_cast<double>(limits.max_memory_bytes))
    throw LimitError("a network with n = " + std::to_string(n) + " inputs and m = " + std::to_string(m) +
                     " neurons needs about " + std::to_string(static_cast<unsigned long long>(network_bytes)) +
                     " bytes of exact weights, above the limit " + std::to_string(limits.max_memory_bytes) +
                     " (raise it with --max-memory)");
  check_expansion_limits(n, m, degree, engine, limits);
  if (with_rank) check_subset_matrix_limits(rows, m, limits);
}

VerificationReport verify_network(const Network& net, const Activation& activation, const Target& target,
                                  const VerifyOptions& opts) {
  const auto start = Clock::now();
  if (target.r.size() != net.inputs())
    throw InputError("the target monomial has " + std::to_string(target.r.size()) + " exponents but the network has " +
                     std::to_string(net.inputs()) + " inputs");
  VerificationReport rep;
  rep.n = net.inputs();
  rep.m = net.neurons();
  rep.activation = activation.name();
  rep.target = format_monomial(target.r);
  rep.degree = target.degree();
  const ExpansionEngine engine = opts.engine.value_or(ExpansionEngine::Moment);
  rep.engine = to_string(engine);
  rep.vanishing_degrees = activation.vanishing_degrees(rep.degree);
  rep.hypothesis_holds = rep.vanishing_degrees.empty();

  check_verification_limits(rep.n, rep.m, rep.degree, subset_matrix_rows(target), engine, opts.compute_rank,
                            opts.limits);

  IdentityChecker checker(activation, target, opts.max_failures);
  const auto expansion_start = Clock::now();
  expand(net, rep.degree, engine, checker);
  rep.identities = checker.finish();
  rep.expansion_seconds = seconds_since(expansion_start);

  if (opts.compute_rank) rep.rank = compute_rank(net, target);
  rep.verdict = rep.identities.holds ? Verdict::Verified : Verdict::Refuted;
  rep.counterexample = rep.identities.holds && rep.hypothesis_holds && rep.rank && !rep.rank->full_row_rank;
  rep.conclusion = conclude(rep);
  rep.seconds = seconds_since(start);
  return rep;
}

}  // namespace nf
