#include "poly/expansion.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "poly/structured.hpp"

namespace nf {

std::string to_string(ExpansionEngine e) {
  switch (e) {
    case ExpansionEngine::Literal: return "literal";
    case ExpansionEngine::Moment: return "moment";
    case ExpansionEngine::Structured: return "structured";
  }
  return "moment";
}

ExpansionEngine parse_expansion_engine(const std::string& name) {
  if (name == "literal") return ExpansionEngine::Literal;
  if (name == "moment") return ExpansionEngine::Moment;
  if (name == "structured") return ExpansionEngine::Structured;
  throw InputError("unknown engine '" + name + "': expected literal, moment or structured");
}

namespace {

std::uint64_t binomial_saturating(std::uint64_t top, std::uint64_t bottom) {
  mpz_class b;
  mpz_bin_uiui(b.get_mpz_t(), top, bottom);
  return mpz_fits_ulong_p(b.get_mpz_t()) ? b.get_ui() : std::numeric_limits<std::uint64_t>::max();
}


}  // namespace

std::uint64_t monomials_of_degree(std::size_t n, unsigned k) {
  return k == 0 ? 1 : binomial_saturating(n + k - 1, k);
}

std::uint64_t monomials_up_to_degree(std::size_t n, unsigned d) { return binomial_saturating(n + d, d); }

void check_expansion_limits(std::size_t inputs, std::size_t neurons, unsigned d, ExpansionEngine engine,
                            const ResourceLimits& limits) {
  const double n = static_cast<double>(inputs), m = static_cast<double>(neurons);
  const double monomials = static_cast<double>(monomials_up_to_degree(inputs, d));
  // Moment: one elementwise product and one dot product of length m per
  // exponent vector.  Literal: multiplying a polynomial of up to `monomials`
  // terms by a linear form of n terms, per neuron and degree.
  // The moment engine's memory: an 8-byte sum per monomial and thread (two
  // assumed), one 4-byte residue per monomial and prime (one assumed), its
  // row buffers; the engine rechecks with the actual thread and prime counts.
  if (engine == ExpansionEngine::Structured) {
    // 2^n moments (8 bytes, one array per prime; two assumed) and O(nm + n 2^n) work.
    const double size = std::ldexp(1.0, static_cast<int>(std::min<std::size_t>(inputs, 1000)));
    const double sbytes = size * 16.0 + m * 8.0, swork = n * m + n * size;
    if (swork > limits.max_work)
      throw LimitError("the structured path for n = " + std::to_string(inputs) + " needs about " + format_estimate(swork) +
                       " operations, above the limit " + format_estimate(limits.max_work) + " (raise it with --max-work)");
    if (sbytes > static_cast<double>(limits.max_memory_bytes))
      throw LimitError("the structured path for n = " + std::to_string(inputs) + " needs about " + format_estimate(sbytes) +
                       " bytes, above the limit " + format_estimate(static_cast<double>(limits.max_memory_bytes)) +
                       " (raise it with --max-memory)");
    return;
  }
  const double work = engine == ExpansionEngine::Moment ? 2.0 * monomials * m : monomials * n * m;
  const double bytes = engine == ExpansionEngine::Moment ? monomials * 20.0 + 64.0 * 1024 * 1024 + n * m * 8.0
                                                         : monomials * 2.0 * 64.0;
  if (work > limits.max_work)
    throw LimitError("the " + to_string(engine) + " expansion to degree " + std::to_string(d) + " of a network with n = " +
                     std::to_string(inputs) + ", m = " + std::to_string(neurons) + " needs about " +
                     format_estimate(work) + " operations, above the limit " + format_estimate(limits.max_work) +
                     " (raise it with --max-work)");
  if (bytes > static_cast<double>(limits.max_memory_bytes))
    throw LimitError("the " + to_string(engine) + " expansion to degree " + std::to_string(d) + " needs about " +
                     format_estimate(bytes) + " bytes, above the limit " + format_estimate(static_cast<double>(limits.max_memory_bytes)) +
                     " (raise it with --max-memory)");
}

void CollectedExpansion::on_term(unsigned k, const Exponents& r, const mpq_class& c) {
  auto [it, inserted] = terms_.emplace(std::make_pair(k, r), c);
  if (!inserted) throw InternalError("expansion reported the monomial " + format_monomial(r) + " twice");
}

// ---------------------------------------------------------------- literal

void expand_literal(const Network& net, unsigned d, ExpansionSink& sink) {
  const std::size_t n = net.inputs(), m = net.neurons();
  auto ctx = std::make_shared<FmpqMpolyCtx>(static_cast<slong>(n));
  std::vector<FmpqMpoly> P(d + 1, FmpqMpoly(ctx));
  FmpqMpoly linear(ctx), power(ctx), term(ctx), next(ctx);
  std::vector<ulong> exps(n, 0);
  for (std::size_t j = 0; j < m; ++j) {
    fmpq_mpoly_zero(linear.get(), ctx->get());
    for (std::size_t i = 0; i < n; ++i) {
      Fmpq c(net.a(i, j));
      exps.assign(n, 0);
      exps[i] = 1;
      fmpq_mpoly_set_coeff_fmpq_ui(linear.get(), c.get(), exps.data(), ctx->get());
    }
    Fmpq wj(net.w(j));
    fmpq_mpoly_one(power.get(), ctx->get());
    for (unsigned k = 0; k <= d; ++k) {
      fmpq_mpoly_scalar_mul_fmpq(term.get(), power.get(), wj.get(), ctx->get());
      fmpq_mpoly_add(P[k].get(), P[k].get(), term.get(), ctx->get());
      if (k < d) {
        fmpq_mpoly_mul(next.get(), power.get(), linear.get(), ctx->get());
        fmpq_mpoly_swap(power.get(), next.get(), ctx->get());
      }
    }
  }
  for (unsigned k = 0; k <= d; ++k) sink.on_degree(k, monomials_of_degree(n, k));
  Fmpq coeff;
  Exponents r(n);
  for (unsigned k = 0; k <= d; ++k) {
    slong len = fmpq_mpoly_length(P[k].get(), ctx->get());
    for (slong t = 0; t < len; ++t) {
      fmpq_mpoly_get_term_exp_ui(exps.data(), P[k].get(), t, ctx->get());
      fmpq_mpoly_get_term_coeff_fmpq(coeff.get(), P[k].get(), t, ctx->get());
      for (std::size_t i = 0; i < n; ++i) r[i] = static_cast<unsigned>(exps[i]);
      sink.on_term(k, r, coeff.to_mpq());
    }
  }
}

ExpansionEngine default_expansion_engine(const Network& net) {
  return two_valued_obstruction(net).empty() ? ExpansionEngine::Structured : ExpansionEngine::Moment;
}

namespace {

ExpansionStats run_named_engine(const Network& net, unsigned d, ExpansionEngine engine, ExpansionSink& sink,
                                const ExpansionOptions& opts) {
  switch (engine) {
    case ExpansionEngine::Literal: {
      expand_literal(net, d, sink);
      ExpansionStats stats;
      stats.method = "literal: FLINT fmpq_mpoly powers of each linear form";
      return stats;
    }
    case ExpansionEngine::Moment: return expand_moment(net, d, sink, opts);
    case ExpansionEngine::Structured: return *expand_structured(net, d, sink, opts, false);
  }
  throw InternalError("unhandled expansion engine");
}

// `engine`, with stats.engine set.
ExpansionStats run_engine(const Network& net, unsigned d, ExpansionEngine engine, ExpansionSink& sink,
                          const ExpansionOptions& opts) {
  ExpansionStats stats = run_named_engine(net, d, engine, sink, opts);
  stats.engine = engine;
  return stats;
}

// The structured engine, or the moment engine when the structured listing
// would be costly (the same coefficients, faster).
ExpansionStats structured_or_moment(const Network& net, unsigned d, ExpansionSink& sink, const ExpansionOptions& opts) {
  if (std::optional<ExpansionStats> stats = expand_structured(net, d, sink, opts, true)) {
    stats->engine = ExpansionEngine::Structured;
    return *stats;
  }
  ResourceLimits limits;
  limits.max_memory_bytes = opts.memory_bytes;
  limits.max_work = opts.max_work;
  check_expansion_limits(net.inputs(), net.neurons(), d, ExpansionEngine::Moment, limits);
  ExpansionStats stats = run_engine(net, d, ExpansionEngine::Moment, sink, opts);
  stats.method = "structured path declined (the multilinear moments of proper subsets do not all vanish and listing "
                 "every coefficient from them would be slower); " + stats.method;
  return stats;
}

}  // namespace

ExpansionStats expand(const Network& net, unsigned d, std::optional<ExpansionEngine> engine, ExpansionSink& sink,
                      const ExpansionOptions& opts) {
  fault_point("expansion");
  if (engine) return run_engine(net, d, *engine, sink, opts);
  const ExpansionEngine picked = default_expansion_engine(net);
  if (picked == ExpansionEngine::Structured) return structured_or_moment(net, d, sink, opts);
  return run_engine(net, d, picked, sink, opts);
}

}  // namespace nf
