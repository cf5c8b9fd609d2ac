#include "search/candidate_solver.hpp"

#include <flint/fmpq_mat.h>
#include <flint/nmod_mat.h>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/rational.hpp"
#include "poly/prime_field.hpp"

namespace nf {
namespace {

// The first nonzero column of each of the first `rank` rows.
template <class IsZero>
std::vector<slong> pivot_columns(slong rank, slong cols, IsZero is_zero) {
  std::vector<slong> pivots;
  for (slong i = 0; i < rank; ++i) {
    slong c = 0;
    while (c < cols && is_zero(i, c)) ++c;
    if (c == cols) throw InternalError("rref: a row within the rank is zero");
    pivots.push_back(c);
  }
  return pivots;
}

mpq_class power_product(const CaseSplit& split, std::uint32_t point, const Exponents& r) {
  mpq_class v = 1;
  for (unsigned i = 0; i < split.n(); ++i)
    for (unsigned e = 0; e < r[i]; ++e) v *= split.point_value(point, i);
  return v;
}

std::uint64_t power_product_mod(const CaseSplit& split, std::uint32_t point, const Exponents& r) {
  const std::uint64_t p = split.domain().prime();
  std::uint64_t v = 1;
  for (unsigned i = 0; i < split.n(); ++i) {
    const std::uint64_t a = split.coordinate(point, i);
    for (unsigned e = 0; e < r[i]; ++e) v = v * a % p;
  }
  return v;
}


Witness solve_rational(const CaseSplit& split, const std::vector<std::uint32_t>& points) {
  const slong s = static_cast<slong>(points.size());
  const slong cols = static_cast<slong>(split.monomials().size());
  const slong last = cols - 1;
  FmpqMat a(s, cols), b(s, cols);
  for (slong j = 0; j < s; ++j)
    for (slong c = 0; c < cols; ++c) {
      const mpq_class v = power_product(split, points[j], split.monomials()[c]);
      fmpq_set_mpq(a.entry(j, c), v.get_mpq_t());
    }
  const slong rank = fmpq_mat_rref(b.get(), a.get());
  const auto pivots = pivot_columns(rank, cols, [&](slong i, slong c) { return fmpq_is_zero(b.entry(i, c)); });
  Witness w;
  w.feasible = !pivots.empty() && pivots.back() == last;
  if (!w.feasible) {
    // y_last = 1, other free coordinates 0, pivot coordinates from the rref rows.
    std::vector<mpq_class> y(cols, 0);
    y[last] = 1;
    for (slong i = 0; i < rank; ++i) y[pivots[i]] = -b.at(i, last) / b.at(i, pivots[i]);
    mpz_class den = 1, content = 0;
    for (const auto& v : y) mpz_lcm(den.get_mpz_t(), den.get_mpz_t(), v.get_den_mpz_t());
    for (auto& v : y) {
      v *= den;
      mpz_gcd(content.get_mpz_t(), content.get_mpz_t(), v.get_num_mpz_t());
    }
    for (slong c = 0; c < cols; ++c)
      if (y[c] != 0) w.polynomial.emplace_back(static_cast<std::size_t>(c), mpq_class(y[c] / content));
    return w;
  }
  // A^T w' = e: rref of the R x (s+1) augmented matrix.
  FmpqMat t(cols, s + 1), u(cols, s + 1);
  for (slong c = 0; c < cols; ++c)
    for (slong j = 0; j < s; ++j) fmpq_set(t.entry(c, j), a.entry(j, c));
  fmpq_one(t.entry(last, s));
  const slong rank_t = fmpq_mat_rref(u.get(), t.get());
  const auto piv_t = pivot_columns(rank_t, s + 1, [&](slong i, slong c) { return fmpq_is_zero(u.entry(i, c)); });
  if (!piv_t.empty() && piv_t.back() == s) throw InternalError("solve_candidate: rank test and solve disagree");
  w.weights.assign(s, 0);
  for (slong i = 0; i < rank_t; ++i) w.weights[piv_t[i]] = u.at(i, s) / u.at(i, piv_t[i]);
  for (auto& v : w.weights) v *= split.weight_scale();
  return w;
}

Witness solve_prime_field(const CaseSplit& split, const std::vector<std::uint32_t>& points) {
  const std::uint64_t p = split.domain().prime();
  const slong s = static_cast<slong>(points.size());
  const slong cols = static_cast<slong>(split.monomials().size());
  const slong last = cols - 1;
  NmodMat a(s, cols, p);
  for (slong j = 0; j < s; ++j)
    for (slong c = 0; c < cols; ++c) a.at(j, c) = power_product_mod(split, points[j], split.monomials()[c]);
  NmodMat t(cols, s + 1, p);
  for (slong c = 0; c < cols; ++c)
    for (slong j = 0; j < s; ++j) t.at(c, j) = a.at(j, c);
  t.at(last, s) = 1;
  const slong rank = nmod_mat_rref(a.get());
  const auto pivots = pivot_columns(rank, cols, [&](slong i, slong c) { return a.at(i, c) == 0; });
  Witness w;
  w.feasible = !pivots.empty() && pivots.back() == last;
  if (!w.feasible) {
    std::vector<std::uint64_t> y(cols, 0);
    y[last] = 1;
    for (slong i = 0; i < rank; ++i)
      y[pivots[i]] = (p - a.at(i, last)) % p * inverse_mod(a.at(i, pivots[i]), p) % p;
    for (slong c = 0; c < cols; ++c)
      if (y[c] != 0) w.polynomial.emplace_back(static_cast<std::size_t>(c), mpq_class(static_cast<unsigned long>(y[c])));
    return w;
  }
  const slong rank_t = nmod_mat_rref(t.get());
  const auto piv_t = pivot_columns(rank_t, s + 1, [&](slong i, slong c) { return t.at(i, c) == 0; });
  if (!piv_t.empty() && piv_t.back() == s) throw InternalError("solve_candidate: rank test and solve disagree");
  const std::uint64_t scale = residue_mod(split.weight_scale(), p);
  std::vector<std::uint64_t> wv(s, 0);
  for (slong i = 0; i < rank_t; ++i) wv[piv_t[i]] = t.at(i, s) * inverse_mod(t.at(i, piv_t[i]), p) % p;
  for (slong j = 0; j < s; ++j) w.weights.emplace_back(static_cast<unsigned long>(wv[j] * scale % p));
  return w;
}

// Value of a field element: reduced mod p over F_p.
mpq_class reduce(const CaseSplit& split, const mpq_class& v) {
  if (!split.domain().is_prime_field()) return v;
  return mpq_class(static_cast<unsigned long>(residue_mod(v, split.domain().prime())));
}

}  // namespace

Witness solve_candidate(const CaseSplit& split, const std::vector<std::uint32_t>& points) {
  if (points.empty()) throw InternalError("solve_candidate: empty candidate");
  return split.domain().is_prime_field() ? solve_prime_field(split, points) : solve_rational(split, points);
}

std::string check_witness(const CaseSplit& split, const std::vector<std::uint32_t>& points, const Witness& witness) {
  const auto& monos = split.monomials();
  if (!witness.feasible) {
    bool product_seen = false;
    for (const auto& [c, coef] : witness.polynomial) {
      if (c >= monos.size()) return "Y uses a monomial outside the imposed degrees";
      if (reduce(split, coef) == 0) return "Y lists a zero coefficient";
      if (c == split.product_column()) product_seen = true;
    }
    if (!product_seen) return "Y has zero coefficient of the target " + format_monomial(split.target().r);
    for (std::uint32_t pt : points) {
      mpq_class value = 0;
      for (const auto& [c, coef] : witness.polynomial) value += coef * power_product(split, pt, monos[c]);
      if (reduce(split, value) != 0) return "Y does not vanish at " + split.format_point(pt);
    }
    return "";
  }
  if (witness.weights.size() != points.size()) return "the number of weights differs from the number of points";
  // The coefficient of x^r is sigma_d d!/r! sum_j w_j a_j^r.
  mpq_class fact_n;
  {
    mpz_class f;
    mpz_fac_ui(f.get_mpz_t(), split.degree());
    fact_n = f;
    for (unsigned e : split.target().r) {
      mpz_fac_ui(f.get_mpz_t(), e);
      fact_n /= f;
    }
  }
  for (std::size_t c = 0; c < monos.size(); ++c) {
    mpq_class sum = 0;
    for (std::size_t j = 0; j < points.size(); ++j) sum += witness.weights[j] * power_product(split, points[j], monos[c]);
    if (c == split.product_column()) {
      bool symbolic = false;
      const mpq_class sigma_n = split.sigma_value(split.degree(), symbolic);
      if (reduce(split, sigma_n * fact_n * sum) != 1)
        return "(A2): the coefficient of " + format_monomial(split.target().r) + " is not 1";
    } else if (reduce(split, sum) != 0) {
      return "(A2)/(A3): the coefficient of " + format_monomial(monos[c]) + " is not 0";
    }
  }
  return "";
}

std::string format_witness_polynomial(const CaseSplit& split, const Witness& witness) {
  std::string out;
  for (const auto& [c, coef] : witness.polynomial) {
    if (!out.empty()) out += ' ';
    out += to_string(coef);
    const Exponents& r = split.monomials()[c];
    bool constant = true;
    for (unsigned e : r) constant = constant && e == 0;
    if (!constant) out += "*" + format_monomial(r);
  }
  return out;
}

}  // namespace nf
