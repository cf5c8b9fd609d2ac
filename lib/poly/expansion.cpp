#include "poly/expansion.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "model/integer_network.hpp"

namespace nf {

std::string to_string(ExpansionEngine e) { return e == ExpansionEngine::Literal ? "literal" : "moment"; }

ExpansionEngine parse_expansion_engine(const std::string& name) {
  if (name == "literal") return ExpansionEngine::Literal;
  if (name == "moment") return ExpansionEngine::Moment;
  throw InputError("unknown engine '" + name + "': expected literal or moment");
}

namespace {

std::uint64_t binomial_saturating(std::uint64_t top, std::uint64_t bottom) {
  mpz_class b;
  mpz_bin_uiui(b.get_mpz_t(), top, bottom);
  return mpz_fits_ulong_p(b.get_mpz_t()) ? b.get_ui() : std::numeric_limits<std::uint64_t>::max();
}

std::string human(double x) {
  std::ostringstream s;
  s.precision(3);
  s << x;
  return s.str();
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
  const double work = engine == ExpansionEngine::Moment ? 2.0 * monomials * m : monomials * n * m;
  const double bytes = engine == ExpansionEngine::Moment ? (d + 2.0) * m * 16.0 : monomials * 2.0 * 64.0;
  if (work > limits.max_work)
    throw LimitError("the " + to_string(engine) + " expansion to degree " + std::to_string(d) + " of a network with n = " +
                     std::to_string(inputs) + ", m = " + std::to_string(neurons) + " needs about " +
                     human(work) + " operations, above the limit " + human(limits.max_work) +
                     " (raise it with --max-work)");
  if (bytes > static_cast<double>(limits.max_memory_bytes))
    throw LimitError("the " + to_string(engine) + " expansion to degree " + std::to_string(d) + " needs about " +
                     human(bytes) + " bytes, above the limit " + human(static_cast<double>(limits.max_memory_bytes)) +
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

// ----------------------------------------------------------------- moment
//
// Exponent vectors r with |r| <= d are enumerated depth first as multisets
// i_1 <= i_2 <= ... <= i_k of variables: each node's prefix vector
// P_r[j] = prod_i A_ij^r_i is its parent's times row i_k of A, so a node costs
// one elementwise product and one dot product S(r) = sum_j W_j P_r[j].
// Then [x^r] P_k = k!/r! * S(r) / (D_w prod_i D_i^r_i).

namespace {

class MomentEmitter {
 public:
  MomentEmitter(const IntegerNetwork& in, unsigned d, ExpansionSink& sink) : in_(in), sink_(sink), factorial_(d + 1) {
    mpz_class f = 1;
    for (unsigned k = 0; k <= d; ++k) {
      if (k > 0) f *= k;
      factorial_[k] = f;
    }
  }
  // Reports S(r) (an integer) as the rational coefficient of x^r.
  void emit(unsigned k, const Exponents& r, const mpz_class& S) {
    if (S == 0) return;
    mpz_class num = factorial_[k] * S, den = in_.w_den;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (r[i] == 0) continue;
      den *= factorial_[r[i]];
      mpz_class p;
      mpz_pow_ui(p.get_mpz_t(), in_.row_den[i].get_mpz_t(), r[i]);
      den *= p;
    }
    mpq_class c(num, den);
    c.canonicalize();
    sink_.on_term(k, r, c);
  }

 private:
  const IntegerNetwork& in_;
  ExpansionSink& sink_;
  std::vector<mpz_class> factorial_;
};

// Word-size integers; the caller has proven sum_j |W_j| max|A|^d < 2^63.
class WordMoments {
 public:
  WordMoments(const IntegerNetwork& in, unsigned d, MomentEmitter& out)
      : in_(in), d_(d), out_(out), rows_(in.n * in.m), W_(in.m), prefix_(d + 1, std::vector<std::int64_t>(in.m, 1)), r_(in.n, 0) {
    for (std::size_t t = 0; t < rows_.size(); ++t) rows_[t] = in.A[t].get_si();
    for (std::size_t j = 0; j < in.m; ++j) W_[j] = in.W[j].get_si();
  }
  void run() { visit(0, 0); }

 private:
  void visit(unsigned depth, std::size_t first_var) {
    const std::int64_t* p = prefix_[depth].data();
    std::int64_t s = 0;
    for (std::size_t j = 0; j < in_.m; ++j) s += W_[j] * p[j];
    if (s != 0) out_.emit(depth, r_, mpz_class(static_cast<long>(s)));
    if (depth == d_) return;
    std::int64_t* q = prefix_[depth + 1].data();
    for (std::size_t i = first_var; i < in_.n; ++i) {
      const std::int64_t* row = rows_.data() + i * in_.m;
      for (std::size_t j = 0; j < in_.m; ++j) q[j] = p[j] * row[j];
      ++r_[i];
      visit(depth + 1, i);
      --r_[i];
    }
  }

  const IntegerNetwork& in_;
  unsigned d_;
  MomentEmitter& out_;
  std::vector<std::int64_t> rows_, W_;
  std::vector<std::vector<std::int64_t>> prefix_;
  Exponents r_;
};

// FLINT integers: any size.
class BigMoments {
 public:
  BigMoments(const IntegerNetwork& in, unsigned d, MomentEmitter& out)
      : in_(in), d_(d), out_(out), rows_(static_cast<slong>(in.n * in.m)), W_(static_cast<slong>(in.m)), r_(in.n, 0) {
    for (std::size_t t = 0; t < in.A.size(); ++t) fmpz_set_mpz(rows_[t], in.A[t].get_mpz_t());
    for (std::size_t j = 0; j < in.m; ++j) fmpz_set_mpz(W_[j], in.W[j].get_mpz_t());
    for (unsigned k = 0; k <= d; ++k) prefix_.emplace_back(static_cast<slong>(in.m));
    for (std::size_t j = 0; j < in.m; ++j) fmpz_one(prefix_[0][j]);
  }
  void run() { visit(0, 0); }

 private:
  void visit(unsigned depth, std::size_t first_var) {
    const fmpz* p = prefix_[depth].get();
    _fmpz_vec_dot(s_.get(), W_.get(), p, static_cast<slong>(in_.m));
    if (!fmpz_is_zero(s_.get())) out_.emit(depth, r_, s_.to_mpz());
    if (depth == d_) return;
    fmpz* q = prefix_[depth + 1].get();
    for (std::size_t i = first_var; i < in_.n; ++i) {
      const fmpz* row = rows_.get() + i * in_.m;
      for (std::size_t j = 0; j < in_.m; ++j) fmpz_mul(q + j, p + j, row + j);
      ++r_[i];
      visit(depth + 1, i);
      --r_[i];
    }
  }

  const IntegerNetwork& in_;
  unsigned d_;
  MomentEmitter& out_;
  FmpzVec rows_, W_;
  std::vector<FmpzVec> prefix_;
  Exponents r_;
  Fmpz s_;
};

// sum_j |W_j| * max(1, max|A_ij|)^d < 2^63: every prefix product, every
// W_j P_r[j] and every partial sum of a dot product then fits in int64.
bool fits_in_words(const IntegerNetwork& in, unsigned d) {
  mpz_class max_a = 1, sum_w = 0;
  for (const mpz_class& x : in.A)
    if (abs(x) > max_a) max_a = abs(x);
  for (const mpz_class& x : in.W) sum_w += abs(x);
  mpz_class bound;
  mpz_pow_ui(bound.get_mpz_t(), max_a.get_mpz_t(), d);
  bound *= sum_w;
  mpz_class limit = 1;
  limit <<= 63;
  return bound < limit;
}

}  // namespace

void expand_moment(const Network& net, unsigned d, ExpansionSink& sink) {
  const IntegerNetwork in = integerize(net);
  for (unsigned k = 0; k <= d; ++k) sink.on_degree(k, monomials_of_degree(net.inputs(), k));
  MomentEmitter emitter(in, d, sink);
  if (fits_in_words(in, d)) {
    WordMoments(in, d, emitter).run();
  } else {
    BigMoments(in, d, emitter).run();
  }
}

void expand(const Network& net, unsigned d, ExpansionEngine engine, ExpansionSink& sink) {
  if (engine == ExpansionEngine::Literal)
    expand_literal(net, d, sink);
  else
    expand_moment(net, d, sink);
}

}  // namespace nf
