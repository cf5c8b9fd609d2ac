#include "poly/structured.hpp"

#include <flint/ulong_extras.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "model/integer_network.hpp"

namespace nf {

namespace {


// The patterns b_j of the neurons (bit i = code of row i).
std::vector<std::uint64_t> patterns(const Network& net) {
  const std::size_t n = net.inputs(), m = net.neurons();
  std::vector<std::uint64_t> b(m, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const CodedRow& row = net.row(i);
    if (row.dictionary().size() < 2) continue;
    for (std::size_t j = 0; j < m; ++j) b[j] |= static_cast<std::uint64_t>(row.code(j)) << i;
  }
  return b;
}

// The Kronecker transform in place over Z/2^64 (exact when a bound < 2^63 holds).
void transform_words(std::vector<std::int64_t>& v, std::size_t n, const std::vector<std::int64_t>& alpha,
                     const std::vector<std::int64_t>& beta, unsigned workers) {
  const std::size_t pairs = v.size() / 2;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t half = std::size_t(1) << i;
    const std::int64_t a = alpha[i], b = beta[i];
    parallel_ranges(pairs, workers, [&](std::size_t lo, std::size_t hi, unsigned) {
      for (std::size_t p = lo; p < hi; ++p) {
        const std::size_t k = ((p >> i) << (i + 1)) | (p & (half - 1));
        const std::int64_t x0 = v[k], x1 = v[k + half];
        v[k] = x0 + x1;
        v[k + half] = a * x0 + b * x1;
      }
    });
  }
}

void transform_mod(std::vector<std::uint64_t>& v, std::size_t n, const std::vector<std::uint64_t>& alpha,
                   const std::vector<std::uint64_t>& beta, std::uint64_t p, unsigned workers) {
  const std::size_t pairs = v.size() / 2;
  const ulong pinv = n_preinvert_limb(p);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t half = std::size_t(1) << i;
    const ulong a = alpha[i], b = beta[i];
    parallel_ranges(pairs, workers, [&](std::size_t lo, std::size_t hi, unsigned) {
      for (std::size_t q = lo; q < hi; ++q) {
        const std::size_t k = ((q >> i) << (i + 1)) | (q & (half - 1));
        const ulong x0 = v[k], x1 = v[k + half];
        v[k] = n_addmod(x0, x1, p);
        v[k + half] = n_addmod(n_mulmod2_preinv(a, x0, p, pinv), n_mulmod2_preinv(b, x1, p, pinv), p);
      }
    });
  }
}

}  // namespace

std::string two_valued_obstruction(const Network& net) {
  for (std::size_t i = 0; i < net.inputs(); ++i)
    if (net.row(i).dictionary().size() > 2)
      return "row " + std::to_string(i + 1) + " of a takes " + std::to_string(net.row(i).dictionary().size()) +
             " distinct values";
  return "";
}

namespace {

// The integer data of the Kronecker transform: row i of the cleared network
// takes the values alpha_i (code 0) and beta_i (code 1), and every M_int(T)
// is at most `bound` = sum_j |W_j| prod_i max(1, |alpha_i|, |beta_i|) in
// absolute value.
struct KroneckerData {
  std::vector<mpz_class> alpha, beta;
  mpz_class bound;
};

KroneckerData kronecker_data(const IntegerNetwork& in) {
  const std::size_t n = in.n;
  KroneckerData d{std::vector<mpz_class>(n), std::vector<mpz_class>(n), in.sum_abs_w()};
  for (std::size_t i = 0; i < n; ++i) {
    d.alpha[i] = in.row_values[i][0];
    d.beta[i] = in.row_values[i].size() > 1 ? in.row_values[i][1] : in.row_values[i][0];
    mpz_class largest = 1;
    if (abs(d.alpha[i]) > largest) largest = abs(d.alpha[i]);
    if (abs(d.beta[i]) > largest) largest = abs(d.beta[i]);
    d.bound *= largest;
  }
  return d;
}

// Distinct primes below 2^62 whose product exceeds 2 bound (prime gaps there
// are far below 2^32).
std::vector<std::uint64_t> moment_primes(const mpz_class& bound) {
  std::vector<std::uint64_t> ps;
  mpz_class product = 1;
  while (product <= 2 * bound) {
    const ulong p = n_nextprime((ulong(1) << 62) - (ulong(ps.size()) + 1) * (ulong(1) << 32), 1);
    ps.push_back(p);
    product *= static_cast<unsigned long>(p);
  }
  return ps;
}

// Throws LimitError (naming --max-memory) when 2^n moments for `primes` primes
// (at least one array) and the m patterns exceed limits.max_memory_bytes.
void check_structured_memory(std::size_t n, std::size_t m, std::size_t primes, const ResourceLimits& limits) {
  const double size = std::ldexp(1.0, static_cast<int>(n));
  const double bytes = size * 8.0 * static_cast<double>(std::max<std::size_t>(primes, 1) + 1) + static_cast<double>(m) * 8.0;
  if (bytes > static_cast<double>(limits.max_memory_bytes))
    throw LimitError("the structured path needs about " + format_mebibytes(bytes) + " for 2^" + std::to_string(n) +
                     " multilinear moments, above the limit " + format_mebibytes(static_cast<double>(limits.max_memory_bytes)) +
                     " (raise it with --max-memory)");
}

// M_int(T) for every T in 64-bit words: the pattern weights v[b_j] += W_j,
// then the Kronecker transform.  Exact when bound < 2^63.
std::vector<std::int64_t> moments_in_words(const IntegerNetwork& in, const KroneckerData& d,
                                           const std::vector<std::uint64_t>& b, unsigned workers) {
  const std::size_t n = in.n, m = in.m;
  std::vector<std::int64_t> v(std::size_t(1) << n, 0), a(n), be(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = d.alpha[i].get_si();
    be[i] = d.beta[i].get_si();
  }
  std::vector<std::int64_t> wv(in.w_values.size());
  for (std::size_t t = 0; t < wv.size(); ++t) wv[t] = in.w_values[t].get_si();
  for (std::size_t j = 0; j < m; ++j) v[b[j]] += wv[in.net->w_row().code(j)];
  transform_words(v, n, a, be, workers);
  return v;
}

// M_int(T) mod p for every T, the same steps modulo p.
std::vector<std::uint64_t> moments_mod(const IntegerNetwork& in, const KroneckerData& d,
                                       const std::vector<std::uint64_t>& b, std::uint64_t p, unsigned workers) {
  const std::size_t n = in.n, m = in.m;
  std::vector<std::uint64_t> v(std::size_t(1) << n, 0), a(n), be(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = mpz_fdiv_ui(d.alpha[i].get_mpz_t(), p);
    be[i] = mpz_fdiv_ui(d.beta[i].get_mpz_t(), p);
  }
  std::vector<std::uint64_t> wv(in.w_values.size());
  for (std::size_t t = 0; t < wv.size(); ++t) wv[t] = mpz_fdiv_ui(in.w_values[t].get_mpz_t(), p);
  for (std::size_t j = 0; j < m; ++j) v[b[j]] = n_addmod(v[b[j]], wv[in.net->w_row().code(j)], p);
  transform_mod(v, n, a, be, p, workers);
  return v;
}

// The integer x with x = residues[k][T] mod ps[k] for every k, in the centered
// range (-modulus/2, modulus/2] (Garner's reconstruction).
mpz_class reconstruct(const std::vector<std::vector<std::uint64_t>>& residues, const std::vector<std::uint64_t>& ps,
                      std::size_t T, const mpz_class& modulus) {
  mpz_class x = 0, P = 1;
  for (std::size_t k = 0; k < ps.size(); ++k) {
    const std::uint64_t p = ps[k];
    const ulong xk = mpz_fdiv_ui(x.get_mpz_t(), p), Pk = mpz_fdiv_ui(P.get_mpz_t(), p);
    const ulong c = n_mulmod2_preinv(n_submod(residues[k][T], xk, p), n_invmod(Pk, p), p, n_preinvert_limb(p));
    x += P * static_cast<unsigned long>(c);
    P *= static_cast<unsigned long>(p);
  }
  if (x > modulus / 2) x -= modulus;
  return x;
}

// Appends M(T) = M_int(T) / (D_w prod_{i in T} D_i) to out.nonzero.
void push_moment(MultilinearMoments& out, const IntegerNetwork& in, std::uint64_t T, const mpz_class& value) {
  mpz_class den = in.w_den;
  for (std::size_t i = 0; i < in.n; ++i)
    if ((T >> i) & 1u) den *= in.row_den[i];
  mpq_class q(value, den);
  q.canonicalize();
  out.nonzero.emplace_back(T, q);
}

// The nonzero moments from the residues modulo every prime of ps.
void moments_from_residues(MultilinearMoments& out, const IntegerNetwork& in,
                           const std::vector<std::vector<std::uint64_t>>& residues,
                           const std::vector<std::uint64_t>& ps) {
  mpz_class modulus = 1;
  for (std::uint64_t p : ps) modulus *= static_cast<unsigned long>(p);
  const std::size_t count = std::size_t(1) << in.n;
  for (std::size_t T = 0; T < count; ++T) {
    bool zero = true;
    for (std::size_t k = 0; k < ps.size() && zero; ++k) zero = residues[k][T] == 0;
    if (!zero) push_moment(out, in, T, reconstruct(residues, ps, T, modulus));
  }
}

}  // namespace

MultilinearMoments multilinear_moments(const Network& net, const ResourceLimits& limits, unsigned threads) {
  const std::string why = two_valued_obstruction(net);
  if (!why.empty()) throw InputError("the structured path needs every row of a two-valued: " + why);
  const std::size_t n = net.inputs(), m = net.neurons();
  if (n > 40) throw LimitError("the structured path handles at most 40 inputs (2^n moments)");
  const IntegerNetwork in = integerize(net, limits.max_memory_bytes);
  const KroneckerData d = kronecker_data(in);
  const bool words = d.bound < (mpz_class(1) << 63);
  const std::vector<std::uint64_t> ps = words ? std::vector<std::uint64_t>{} : moment_primes(d.bound);
  check_structured_memory(n, m, ps.size(), limits);
  const double size = std::ldexp(1.0, static_cast<int>(n));
  const unsigned workers = threads == 0 && size * static_cast<double>(n) < 1e6 ? 1 : resolve_threads(threads);
  const std::vector<std::uint64_t> b = patterns(net);
  MultilinearMoments out;
  out.n = n;
  std::ostringstream method;
  method.precision(4);
  const double bound_bits = static_cast<double>(mpz_sizeinbase(d.bound.get_mpz_t(), 2));
  if (words) {
    const std::vector<std::int64_t> v = moments_in_words(in, d, b, workers);
    for (std::size_t T = 0; T < v.size(); ++T)
      if (v[T] != 0) push_moment(out, in, T, mpz_class(static_cast<long>(v[T])));
    method << "structured: Kronecker transform of the pattern weights in 64-bit integers (proven bound < 2^"
           << bound_bits << " <= 2^63), " << workers << " thread(s)";
  } else {
    std::vector<std::vector<std::uint64_t>> residues;
    for (std::uint64_t p : ps) residues.push_back(moments_mod(in, d, b, p, workers));
    moments_from_residues(out, in, residues, ps);
    method << "structured: Kronecker transform of the pattern weights modulo " << ps.size()
           << " primes near 2^62 (proven bound < 2^" << bound_bits << ", product of primes above twice it), "
           << workers << " thread(s)";
  }
  out.method = method.str();
  return out;
}

StructuredIdentities decide_product_identities(const MultilinearMoments& moments, const std::vector<bool>& imposed) {
  const std::size_t n = moments.n;
  const std::uint64_t full = n >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << n) - 1;
  StructuredIdentities out;
  out.first_nonzero_degree = static_cast<unsigned>(n);
  out.first_refuting_degree = static_cast<unsigned>(n) + 1;
  bool proper_nonzero = false;
  for (const auto& [T, M] : moments.nonzero) {
    const unsigned k = static_cast<unsigned>(__builtin_popcountll(T));
    Exponents r(n, 0);
    for (std::size_t i = 0; i < n; ++i) r[i] = (T >> i) & 1u;
    mpz_class factorial;
    mpz_fac_ui(factorial.get_mpz_t(), k);
    out.terms.push_back({k, r, M * factorial});
    if (T != full) {
      proper_nonzero = true;
      out.first_nonzero_degree = std::min(out.first_nonzero_degree, k);
      if (k < imposed.size() && imposed[k]) out.first_refuting_degree = std::min(out.first_refuting_degree, k);
    }
  }
  out.complete = !proper_nonzero;
  out.decided = out.complete || out.first_refuting_degree <= n;
  return out;
}

namespace {

bool proper_moments_vanish(const MultilinearMoments& moments) {
  const std::uint64_t full = moments.n >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << moments.n) - 1;
  for (const auto& entry : moments.nonzero)
    if (entry.first != full) return false;
  return true;
}

// u[i][e], v[i][e] with a^e = u + v a on the values of row i, e = 0..d.
struct AffinePowers {
  std::vector<std::vector<mpq_class>> u, v;
};

AffinePowers affine_powers(const Network& net, unsigned d) {
  AffinePowers p;
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    const std::vector<mpq_class>& values = net.row(i).dictionary();
    const mpq_class alpha = values[0];
    std::vector<mpq_class> u(d + 1), v(d + 1);
    mpq_class alpha_e = 1, beta_e = 1;
    for (unsigned e = 0; e <= d; ++e) {
      if (values.size() < 2) {
        u[e] = alpha_e;
        v[e] = 0;
      } else {
        v[e] = (beta_e - alpha_e) / (values[1] - alpha);
        u[e] = alpha_e - v[e] * alpha;
      }
      alpha_e *= alpha;
      if (values.size() > 1) beta_e *= values[1];
    }
    p.u.push_back(std::move(u));
    p.v.push_back(std::move(v));
  }
  return p;
}

// Calls fn(r) for every exponent vector of degree k in n variables.
template <class Fn>
void for_each_exponent(Exponents& r, std::size_t i, unsigned left, Fn& fn) {
  if (i + 1 == r.size()) {
    r[i] = left;
    fn(r);
    r[i] = 0;
    return;
  }
  for (unsigned e = 0; e <= left; ++e) {
    r[i] = e;
    for_each_exponent(r, i + 1, left - e, fn);
  }
  r[i] = 0;
}

}  // namespace

StructuredListingCost structured_listing_cost(const MultilinearMoments& moments, unsigned d) {
  StructuredListingCost c;
  c.complete = d <= moments.n && proper_moments_vanish(moments);
  if (!c.complete)
    c.work = static_cast<double>(monomials_up_to_degree(moments.n, d)) *
             static_cast<double>(std::max<std::size_t>(moments.nonzero.size(), 1)) * static_cast<double>(moments.n + 1);
  return c;
}

void list_structured(const Network& net, const MultilinearMoments& moments, unsigned d, ExpansionSink& sink,
                     double max_work) {
  const std::size_t n = moments.n;
  const StructuredListingCost cost = structured_listing_cost(moments, d);
  for (unsigned k = 0; k <= d; ++k) sink.on_degree(k, monomials_of_degree(n, k));
  if (cost.complete) {
    // Lemma (i): only x_1...x_n, with n! M([n]), and only when d = n.
    for (const auto& [T, M] : moments.nonzero) {
      if (d != n) break;
      mpz_class factorial;
      mpz_fac_ui(factorial.get_mpz_t(), n);
      sink.on_term(static_cast<unsigned>(n), Exponents(n, 1), M * factorial);
    }
    return;
  }
  if (cost.work > max_work)
    throw LimitError("the structured listing of every coefficient needs about " + format_estimate(cost.work) +
                     " operations, above the limit " + format_estimate(max_work) + " (raise it with --max-work)");
  const AffinePowers p = affine_powers(net, d);
  std::vector<mpz_class> factorial(d + 1, 1);
  for (unsigned k = 1; k <= d; ++k) factorial[k] = factorial[k - 1] * k;
  Exponents r(n, 0);
  mpq_class S, term;
  for (unsigned k = 0; k <= d; ++k) {
    auto visit = [&](const Exponents& e) {
      std::uint64_t support = 0;
      mpz_class r_factorial = 1;
      for (std::size_t i = 0; i < n; ++i) {
        if (e[i] > 0) support |= std::uint64_t(1) << i;
        r_factorial *= factorial[e[i]];
      }
      S = 0;
      for (const auto& [T, M] : moments.nonzero) {
        if ((T & ~support) != 0) continue;
        term = M;
        for (std::size_t i = 0; i < n && term != 0; ++i)
          if ((support >> i) & 1u) term *= ((T >> i) & 1u) ? p.v[i][e[i]] : p.u[i][e[i]];
        S += term;
      }
      if (S != 0) sink.on_term(k, e, mpq_class(S * factorial[k] / r_factorial));
    };
    for_each_exponent(r, 0, k, visit);
  }
}

std::optional<ExpansionStats> expand_structured(const Network& net, unsigned d, ExpansionSink& sink,
                                                const ExpansionOptions& opts, bool decline_if_costly) {
  ResourceLimits limits;
  limits.max_memory_bytes = opts.memory_bytes;
  limits.max_work = opts.max_work;
  const MultilinearMoments moments = multilinear_moments(net, limits, opts.threads);
  const StructuredListingCost cost = structured_listing_cost(moments, d);
  if (decline_if_costly && !cost.complete && cost.work > kCheapStructuredListing) return std::nullopt;
  list_structured(net, moments, d, sink, opts.max_work);
  ExpansionStats stats;
  stats.method = moments.method;
  if (cost.complete)
    stats.method += "; every multilinear moment of a proper subset vanishes, so every coefficient of degree <= n "
                    "other than that of x1...xn is 0 (lemma of proofs/lemmas/two_valued.md)";
  else
    stats.method += "; " + std::to_string(moments.nonzero.size()) +
                    " nonzero multilinear moments, every coefficient of degree <= " + std::to_string(d) +
                    " listed from them (powers affine on two values, structured.hpp)";
  return stats;
}

bool structured_rank(const Network& net, const Target& target, std::uint64_t& rank, std::string& why) {
  const std::size_t n = net.inputs(), m = net.neurons();
  if (target.r.size() != n) {
    why = "the target has the wrong number of variables";
    return false;
  }
  // Mixed-radix pattern keys over the rows with r_h >= 1.
  std::vector<std::size_t> used;
  double radix_product = 1;
  for (std::size_t h = 0; h < n; ++h) {
    if (target.r[h] == 0) continue;
    const std::size_t t = net.row(h).dictionary().size();
    if (t > target.r[h] + 1ull) {
      why = "row " + std::to_string(h + 1) + " of a takes " + std::to_string(t) + " distinct values, more than r_" +
            std::to_string(h + 1) + " + 1 = " + std::to_string(target.r[h] + 1);
      return false;
    }
    used.push_back(h);
    radix_product *= static_cast<double>(t);
  }
  if (radix_product >= 1.8e19) {
    // Keys do not fit in 64 bits: compare code vectors.
    std::vector<std::vector<std::uint32_t>> keys(m, std::vector<std::uint32_t>(used.size()));
    for (std::size_t u = 0; u < used.size(); ++u)
      for (std::size_t j = 0; j < m; ++j) keys[j][u] = net.row(used[u]).code(j);
    std::sort(keys.begin(), keys.end());
    rank = static_cast<std::uint64_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
    return true;
  }
  std::vector<std::uint64_t> keys(m, 0);
  std::uint64_t radix = 1;
  for (std::size_t h : used) {
    const CodedRow& row = net.row(h);
    for (std::size_t j = 0; j < m; ++j) keys[j] += radix * row.code(j);
    radix *= row.dictionary().size();
  }
  if (radix <= (std::uint64_t(1) << 28)) {
    std::vector<std::uint64_t> seen((radix + 63) / 64, 0);
    std::uint64_t distinct = 0;
    for (std::uint64_t k : keys) {
      const std::uint64_t bit = std::uint64_t(1) << (k & 63);
      if (!(seen[k >> 6] & bit)) {
        seen[k >> 6] |= bit;
        ++distinct;
      }
    }
    rank = distinct;
    return true;
  }
  std::sort(keys.begin(), keys.end());
  rank = static_cast<std::uint64_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
  return true;
}

}  // namespace nf
