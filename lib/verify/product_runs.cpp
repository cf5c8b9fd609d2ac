#include "verify/product_runs.hpp"

#include <algorithm>
#include <ostream>

#include "core/error.hpp"
#include "core/output_file.hpp"
#include "model/construction.hpp"
#include "verify/report_format.hpp"

namespace nf {

int verification_status(const VerificationReport& rep) {
  if (rep.counterexample) return kExitCounterexample;
  switch (rep.verdict) {
    case Verdict::Verified:
    case Verdict::Approximate: return kExitOk;
    case Verdict::Refuted: return kExitRefuted;
    case Verdict::Unknown: return kExitUnknown;
  }
  return kExitInternal;
}

namespace {

void write_certificate(const VerifyFlags& flags, const VerificationReport& rep, const Network& net,
                       const Target& target) {
  if (flags.certificate.empty()) return;
  if (!rep.rank || !rep.rank->certificate)
    throw InputError("the " + (rep.rank ? rep.rank->engine : std::string("rank")) + " engine gives no certificate");
  write_file(flags.certificate, [&](std::ostream& f) { write_rank_certificate(f, net, target, *rep.rank->certificate); });
}

}  // namespace

int run_verify_product(const ProductRun& run, std::ostream& out) {
  if (run.from > run.to) throw InputError("--from " + std::to_string(run.from) + " exceeds " + std::to_string(run.to));
  if (!run.flags.certificate.empty() && run.from != run.to) throw InputError("--certificate needs a single n");
  const Activation activation = Activation::parse(run.flags.activation.value_or("generic"));
  const VerifyOptions& opts = run.flags.verify;
  // Refuse the whole range before computing any of it.  The gate is
  // two-valued and stored compactly (about one bit per weight), so by default
  // the structured engines run.
  for (std::uint64_t n = run.from; n <= run.to; ++n)
    check_verification_limits(n, (std::size_t(1) << n) >> (run.half ? 1 : 0), static_cast<unsigned>(n),
                              std::uint64_t(1) << n, opts.engine.value_or(ExpansionEngine::Structured),
                              opts.compute_rank, opts.rank_engine.value_or(RankEngine::Structured), 1.0, opts.limits);
  int status = kExitOk;
  if (run.table && !run.flags.json) out << format_table_header();
  for (std::uint64_t n = run.from; n <= run.to; ++n) {
    const Network net = run.half ? half_product_gate(n, activation) : canonical_product_gate(n, activation);
    const VerificationReport rep = verify_network(net, activation, Target::product(n), opts);
    status = worse_status(status, verification_status(rep));
    write_certificate(run.flags, rep, net, Target::product(n));
    if (run.flags.json) {
      out << report_json(rep).dump() << '\n';
    } else if (run.table) {
      out << format_table_row(rep);
    } else {
      out << "verify-product: " << (run.half ? "half of the paper's product gate (A4), 2^" : "the paper's product gate (A4), 2^")
          << (run.half ? n - 1 : n) << " neurons\n"
          << format_proof_log(rep, net, activation);
    }
    out << std::flush;
  }
  return status;
}

int run_verify_monomial(const MonomialRun& run, std::ostream& out) {
  const std::string& spec = run.spec;
  if (spec.find('x') != std::string::npos && run.vars == 0)
    throw InputError("a monomial such as " + spec + " needs --vars N");
  const std::size_t n = run.vars ? run.vars : static_cast<std::size_t>(std::count(spec.begin(), spec.end(), ',') + 1);
  if (n > 64) throw InputError("at most 64 variables");
  const Target target = parse_target(spec, n);
  const Activation activation = Activation::parse(run.flags.activation.value_or("generic"));
  std::uint64_t m = 1;
  for (unsigned e : target.r) {
    if (m > (std::uint64_t(1) << 30) / (e + 1ull)) throw InputError("the construction would need more than 2^30 neurons");
    m *= e + 1ull;
  }
  const VerifyOptions& opts = run.flags.verify;
  check_verification_limits(n, m, target.degree(), m, opts.engine.value_or(ExpansionEngine::Moment), opts.compute_rank,
                            opts.limits);
  const Network net = monomial_gate(target, activation);
  const VerificationReport rep = verify_network(net, activation, target, opts);
  write_certificate(run.flags, rep, net, target);
  if (run.flags.json) {
    out << report_json(rep).dump() << '\n';
  } else {
    out << "verify-monomial: the grid construction for " << rep.target << ", prod (r_i + 1) = " << m << " neurons\n"
        << format_proof_log(rep, net, activation);
  }
  return verification_status(rep);
}

}  // namespace nf
