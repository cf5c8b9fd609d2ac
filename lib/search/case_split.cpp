#include "search/case_split.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {
namespace {

constexpr std::uint64_t kMaxGroupTable = 25'000'000;  // entries of the point x group table

// Exponent vectors of total degree k in n variables, descending lexicographically.
void monomials_of_degree(unsigned n, unsigned k, Exponents& cur, unsigned i, std::vector<Exponents>& out) {
  if (i + 1 == n) {
    cur[i] = k;
    out.push_back(cur);
    return;
  }
  for (unsigned e = k + 1; e-- > 0;) {
    cur[i] = e;
    monomials_of_degree(n, k - e, cur, i + 1, out);
  }
}

std::uint64_t mul_saturating(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}

std::uint64_t pow_mod(std::uint64_t b, std::uint64_t e, std::uint64_t p) {
  std::uint64_t r = 1 % p;
  b %= p;
  while (e) {
    if (e & 1) r = r * b % p;
    b = b * b % p;
    e >>= 1;
  }
  return r;
}

}  // namespace

SymmetryChoice parse_symmetry(const std::string& text) {
  if (text == "none") return SymmetryChoice::None;
  if (text == "permute") return SymmetryChoice::Permute;
  if (text == "full") return SymmetryChoice::Full;
  throw InputError("unknown symmetry '" + text + "': expected none, permute or full");
}

std::uint64_t binomial_saturating(std::uint64_t n, std::uint64_t k) {
  if (k > n) return 0;
  k = std::min(k, n - k);
  // C(n, i) = C(n, i-1) * (n-i+1) / i, exact at each step; 128-bit intermediate.
  unsigned __int128 c = 1;
  for (std::uint64_t i = 1; i <= k; ++i) {
    c = c * (n - i + 1) / i;
    if (c > UINT64_MAX) return UINT64_MAX;
  }
  return static_cast<std::uint64_t>(c);
}

std::uint64_t residue_mod(const mpq_class& x, std::uint64_t p) {
  const mpz_class pz(static_cast<unsigned long>(p));
  mpz_class den = x.get_den() % pz;
  if (den == 0) throw InputError("the value " + to_string(x) + " has a denominator divisible by p = " + std::to_string(p));
  mpz_class num = x.get_num() % pz;
  if (num < 0) num += pz;
  mpz_class inv;
  mpz_invert(inv.get_mpz_t(), den.get_mpz_t(), pz.get_mpz_t());
  mpz_class r = num * inv % pz;
  return r.get_ui();
}

CaseSplit::CaseSplit(const CaseSplitSpec& spec)
    : n_(spec.n), m_(spec.m), domain_(spec.domain), activation_(spec.activation), symmetry_(spec.symmetry) {
  if (n_ < 1 || n_ > kMaxInputs)
    throw InputError("n = " + std::to_string(n_) + " is outside 1.." + std::to_string(kMaxInputs));
  if (m_ < 1) throw InputError("m must be at least 1");
  target_ = spec.target.empty() ? Target::product(n_) : Target{spec.target};
  if (target_.r.size() != n_)
    throw InputError("target " + format_monomial(target_.r) + " has " + std::to_string(target_.r.size()) +
                     " exponents, n = " + std::to_string(n_));
  d_ = target_.degree();
  if (d_ < 1 || d_ > 64) throw InputError("the target's degree must be in 1..64, got " + std::to_string(d_));
  const bool field = domain_.is_prime_field();
  const std::uint64_t p = domain_.prime();
  if (field && p <= d_)
    throw InputError("domain " + domain_.spec() + ": the prime must exceed the degree " + std::to_string(d_) +
                     " (the factors k!/r! must be units)");

  // Imposed degrees: sigma_k != 0 (mod p over F_p).
  for (unsigned k = 0; k <= d_; ++k) {
    const SigmaCoefficient c = activation_.sigma(k);
    bool nonzero = !c.is_zero();
    if (field && c.kind == SigmaCoefficient::Kind::Rational) {
      try {
        nonzero = residue_mod(c.value, p) != 0;
      } catch (const InputError&) {
        throw InputError("activation " + activation_.name() + ": sigma_" + std::to_string(k) + " = " +
                         to_string(c.value) + " is not defined modulo " + std::to_string(p));
      }
    }
    if (nonzero) degrees_.push_back(k);
  }
  if (degrees_.empty() || degrees_.back() != d_)
    throw InputError("activation " + activation_.name() + " has sigma_" + std::to_string(d_) + " = 0" +
                     (field ? " modulo " + std::to_string(p) : std::string()) +
                     ": no output weights can produce the degree-" + std::to_string(d_) + " term");

  // Monomials of the imposed degrees, the target last.
  const Exponents product = target_.r;
  for (unsigned k : degrees_) {
    std::vector<Exponents> of_k;
    Exponents cur(n_, 0);
    monomials_of_degree(n_, k, cur, 0, of_k);
    for (auto& r : of_k)
      if (r != product) monomials_.push_back(std::move(r));
    if (monomials_.size() > 200000) throw LimitError("more than 200000 monomials of degree <= " + std::to_string(d_));
  }
  monomials_.push_back(product);

  // Points of D^n.
  std::uint64_t v = 1;
  for (unsigned i = 0; i < n_; ++i) v = mul_saturating(v, domain_.size());
  if (v > kMaxPoints)
    throw LimitError("|D|^n = " + std::string(v == UINT64_MAX ? "more than 2^64" : std::to_string(v)) +
                     " points exceed the limit of " + std::to_string(kMaxPoints));
  points_ = static_cast<std::uint32_t>(v);
  s_ = static_cast<std::size_t>(std::min<std::uint64_t>(m_, points_));
  candidates_ = binomial_saturating(points_, s_);
  if (candidates_ > (std::uint64_t(1) << 62))
    throw LimitError("C(" + std::to_string(points_) + ", " + std::to_string(s_) +
                     ") candidate sets exceed 2^62: too many to enumerate");
  const double matrix_bytes = double(s_) * double(monomials_.size()) * 64.0 * 4;
  if (matrix_bytes > double(spec.limits.max_memory_bytes))
    throw LimitError("the linear system of one candidate (" + std::to_string(s_) + " x " +
                     std::to_string(monomials_.size()) + ") needs about " + std::to_string(std::uint64_t(matrix_bytes)) +
                     " bytes, above --max-memory");

  // The group: variable permutations times per-variable multipliers from H.
  std::vector<std::uint64_t> multipliers{1};  // as residues over F_p; 1 / -1 over Q
  if (symmetry_ == SymmetryChoice::Full) {
    if (field) {
      for (std::uint64_t c = 2; c < p; ++c) multipliers.push_back(c);
    } else if (domain_.closed_under_negation()) {
      multipliers.push_back(UINT64_MAX);  // stands for -1
    }
  }
  // Permutations pi with r_pi(i) = r_i: prod over exponent classes of (size)!.
  std::uint64_t permutations = 1;
  if (symmetry_ != SymmetryChoice::None) {
    std::vector<unsigned> sorted = target_.r;
    std::sort(sorted.begin(), sorted.end());
    std::uint64_t run = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      run = (i > 0 && sorted[i] == sorted[i - 1]) ? run + 1 : 1;
      permutations = mul_saturating(permutations, run);
    }
  }
  std::uint64_t order = permutations;
  if (symmetry_ != SymmetryChoice::None)
    for (unsigned i = 0; i < n_; ++i) order = mul_saturating(order, multipliers.size());
  if (mul_saturating(order, points_) > kMaxGroupTable)
    throw LimitError("the symmetry group (order " + std::string(order == UINT64_MAX ? "> 2^64" : std::to_string(order)) +
                     ") acting on " + std::to_string(points_) + " points needs a table above " +
                     std::to_string(kMaxGroupTable) + " entries: use --symmetry permute or none");
  group_order_ = static_cast<std::size_t>(order);
  table_.assign(static_cast<std::size_t>(points_) * group_order_, 0);
  std::vector<unsigned> pi(n_);
  std::iota(pi.begin(), pi.end(), 0u);
  std::vector<std::size_t> coords(n_), mapped(n_);
  const std::size_t combos = group_order_ / static_cast<std::size_t>(permutations);
  std::size_t g = 0;
  do {
    bool keeps_target = true;
    for (unsigned i = 0; i < n_; ++i) keeps_target = keeps_target && target_.r[pi[i]] == target_.r[i];
    if (!keeps_target) continue;
    for (std::size_t combo = 0; combo < combos; ++combo) {
      std::vector<std::uint64_t> c(n_);
      std::size_t rest = combo;
      for (unsigned i = n_; i-- > 0;) {
        c[i] = multipliers[rest % multipliers.size()];
        rest /= multipliers.size();
      }
      for (std::uint32_t point = 0; point < points_; ++point) {
        std::uint32_t image = 0;
        for (unsigned i = 0; i < n_; ++i) {
          const std::size_t src = coordinate(point, pi[i]);
          std::size_t dst = src;
          if (c[i] == UINT64_MAX) dst = domain_.negation_index(src);
          else if (field) dst = static_cast<std::size_t>(c[i] * src % p);
          image = image * static_cast<std::uint32_t>(domain_.size()) + static_cast<std::uint32_t>(dst);
        }
        table_[static_cast<std::size_t>(point) * group_order_ + g] = image;
      }
      ++g;
    }
    if (symmetry_ == SymmetryChoice::None) break;
  } while (std::next_permutation(pi.begin(), pi.end()));
  if (g != group_order_) throw InternalError("symmetry group size mismatch");

  // Memory of the enumeration: per-level point sets and images, the binomial
  // table and the rows a_j^r of every point.
  const double walker_bytes = double(s_ + 1) * double(group_order_) * double((points_ + 63) / 64) * 8.0 * 4.0 +
                              double(points_ + 1) * double(s_ + 1) * 8.0 +
                              double(points_) * double(monomials_.size()) * 8.0;
  if (s_ > 4096 || walker_bytes > double(spec.limits.max_memory_bytes))
    throw LimitError("the enumeration of sets of " + std::to_string(s_) + " of " + std::to_string(points_) +
                     " points needs about " + std::to_string(std::uint64_t(walker_bytes)) +
                     " bytes (at most 4096 points per set), above --max-memory");

  // Rough work estimate: per orbit one elimination (R x s) and the canonicity tests.
  const double work = double(candidates_) / double(group_order_) *
                      (double(monomials_.size()) * double(s_) + double(group_order_) + 1.0);
  if (work > spec.limits.max_work)
    throw LimitError("the case split has " + std::to_string(candidates_) + " candidates (about " +
                     std::to_string(std::uint64_t(double(candidates_) / double(group_order_))) +
                     " orbits), estimated work " + std::to_string(std::uint64_t(work)) + " above --max-work " +
                     std::to_string(std::uint64_t(spec.limits.max_work)));

  // Weight scale r! / (d! sigma_d).
  bool symbolic = false;
  const mpq_class sigma_n = sigma_value(d_, symbolic);
  mpq_class fact;
  {
    mpz_class df, e;
    mpz_fac_ui(df.get_mpz_t(), d_);
    fact = df;
    for (unsigned ri : target_.r) {
      mpz_fac_ui(e.get_mpz_t(), ri);
      fact /= e;
    }
  }
  if (field) {
    const std::uint64_t prod = residue_mod(fact * sigma_n, p);
    weight_scale_ = mpq_class(static_cast<unsigned long>(pow_mod(prod, p - 2, p)));
  } else {
    weight_scale_ = 1 / (fact * sigma_n);
  }
}

std::size_t CaseSplit::coordinate(std::uint32_t point, unsigned i) const {
  const std::size_t d = domain_.size();
  for (unsigned k = n_ - 1; k > i; --k) point /= static_cast<std::uint32_t>(d);
  return point % d;
}

std::string CaseSplit::format_point(std::uint32_t point) const {
  std::string out = "(";
  for (unsigned i = 0; i < n_; ++i) out += (i ? "," : "") + domain_.format_value(coordinate(point, i));
  return out + ")";
}

std::string CaseSplit::symmetry_description() const {
  switch (symmetry_) {
    case SymmetryChoice::None: return "none";
    case SymmetryChoice::Permute: return "permute";
    case SymmetryChoice::Full:
      if (domain_.is_prime_field()) return "permute scale";
      return domain_.closed_under_negation() ? "permute negate" : "permute";
  }
  return "none";
}

bool CaseSplit::is_orbit_representative(const std::vector<std::uint32_t>& points) const {
  std::vector<std::uint32_t> img(points.size());
  for (std::size_t g = 1; g < group_order_; ++g) {
    for (std::size_t j = 0; j < points.size(); ++j) img[j] = image(g, points[j]);
    std::sort(img.begin(), img.end());
    if (img < points) return false;
  }
  return true;
}

std::uint64_t CaseSplit::orbit_size(const std::vector<std::uint32_t>& points) const {
  std::set<std::vector<std::uint32_t>> seen;
  std::vector<std::uint32_t> img(points.size());
  for (std::size_t g = 0; g < group_order_; ++g) {
    for (std::size_t j = 0; j < points.size(); ++j) img[j] = image(g, points[j]);
    std::sort(img.begin(), img.end());
    seen.insert(img);
  }
  return seen.size();
}

mpq_class CaseSplit::sigma_value(unsigned k, bool& symbolic) const {
  const SigmaCoefficient c = activation_.sigma(k);
  symbolic = c.kind == SigmaCoefficient::Kind::NonzeroSymbol;
  if (symbolic) return 1;
  if (domain_.is_prime_field()) return mpq_class(static_cast<unsigned long>(residue_mod(c.value, domain_.prime())));
  return c.value;
}

}  // namespace nf
