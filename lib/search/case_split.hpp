// The case split of an exhaustive run: every input-weight matrix a (n x m)
// with entries in a finite domain D, reduced to orbit representatives of sets
// of distinct weight vectors.
//
// For a set of points a_1..a_s of D^n, output weights w satisfying (A2)/(A3)
// exist exactly when the linear system
//
//     sum_j w'_j a_j^r = [r = (1,...,1)]     for every x^r with |r| in K     (*)
//
// is solvable, where K = {k <= n : sigma_k != 0} are the imposed degrees and
// w = w' / (n! sigma_n).  For a target monomial x^r of degree d = |r| the
// right side is [r' = r] over |r'| in K, k <= d, and w = w' r! / (d! sigma_d).  (The coefficient of x^r in sum_j w_j (a_j . x)^k is
// k!/r! sum_j w_j a_j^r, expansion.hpp; the factor k!/r! is a unit over Q and
// over F_p for p > n.)  The reductions, proved in proofs/README.md:
//   - merging repeated neurons: only sets of distinct points matter;
//   - a solution for a set extends (by w_j = 0) to every superset, so all sets
//     of exactly s = min(m, |D|^n) points cover every set of at most m points;
//   - the maps a -> (c_1 a_pi(1), ..., c_n a_pi(n)) with pi a permutation of
//     the variables and c_i in H preserve solvability (w -> w / prod c_i),
//     where H = {1, -1} when D = -D ("negate"), H = F_p^* over F_p ("scale"),
//     H = {1} otherwise; --symmetry chooses none, permute or full.  For a
//     target x^r only permutations with r_pi(i) = r_i are used (the
//     coefficient of x^r changes by prod c_i^r_i, a unit).
// Points of D^n are numbered in mixed radix over the ascending values of D with
// x1 most significant; a set is the representative of its orbit when its
// ascending tuple of point numbers is lexicographically smallest among the
// images under the group.
//
// Example: n = 1, D = -1..1: points (-1), (0), (1) are 0, 1, 2; with m = 1 the
// orbits under x1 -> -x1 are {0, 2} and {1}, with representatives {0} and {1}.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "model/activation.hpp"
#include "model/target.hpp"
#include "search/weight_domain.hpp"

namespace nf {

enum class SymmetryChoice { None, Permute, Full };

// "none" | "permute" | "full"; throws InputError otherwise.
SymmetryChoice parse_symmetry(const std::string& text);

struct CaseSplitSpec {
  unsigned n = 1;
  std::uint64_t m = 1;
  WeightDomain domain = WeightDomain::parse("-1..1");
  Activation activation = Activation::generic();
  // The target monomial x^r (r of length n); empty: the product x1...xn.
  Exponents target;
  SymmetryChoice symmetry = SymmetryChoice::Full;
  ResourceLimits limits;
};

class CaseSplit {
 public:
  static constexpr unsigned kMaxInputs = 16;
  static constexpr std::uint32_t kMaxPoints = 1u << 20;

  // Validates and builds the point numbering, the monomials and the group.
  // Throws InputError (n outside 1..16, m = 0, a target of other length or of
  // degree 0 or above 64, F_p with p <= d, sigma_d = 0,
  // a rational sigma_k whose denominator p divides) and LimitError (too many
  // points, group table, candidates or work for `limits`, naming the flag).
  explicit CaseSplit(const CaseSplitSpec& spec);

  unsigned n() const { return n_; }
  // The target x^r and its degree d = |r| (n for the product).
  const Target& target() const { return target_; }
  unsigned degree() const { return d_; }
  std::uint64_t m() const { return m_; }
  // s = min(m, |D|^n): the number of distinct points per candidate.
  std::size_t size() const { return s_; }
  const WeightDomain& domain() const { return domain_; }
  const Activation& activation() const { return activation_; }
  SymmetryChoice symmetry() const { return symmetry_; }

  // K: degrees k <= d whose sigma_k is nonzero (over F_p: nonzero mod p).
  const std::vector<unsigned>& imposed_degrees() const { return degrees_; }
  // The monomials x^r with |r| in K: by degree, then exponents descending
  // lexicographically; the target x^r is the last one.
  const std::vector<Exponents>& monomials() const { return monomials_; }
  std::size_t product_column() const { return monomials_.size() - 1; }

  std::uint32_t point_count() const { return points_; }
  // Index into domain().values() of coordinate i (0-based) of a point.
  std::size_t coordinate(std::uint32_t point, unsigned i) const;
  const mpq_class& point_value(std::uint32_t point, unsigned i) const {
    return domain_.value(coordinate(point, i));
  }
  // "(v1,...,vn)".
  std::string format_point(std::uint32_t point) const;

  // C(|D|^n, s): the number of candidate sets before symmetry reduction.
  std::uint64_t candidate_count() const { return candidates_; }

  // The symmetry group as permutations of the points; element 0 is the identity.
  std::string symmetry_description() const;  // none | permute | permute negate | permute scale
  std::size_t group_order() const { return group_order_; }
  std::uint32_t image(std::size_t g, std::uint32_t point) const {
    return table_[static_cast<std::size_t>(point) * group_order_ + g];
  }
  // All images of one point, contiguous (group_order() entries).
  const std::uint32_t* images_of(std::uint32_t point) const {
    return table_.data() + static_cast<std::size_t>(point) * group_order_;
  }
  // Literal tests on an ascending list of distinct points: every image sorted
  // and compared; the number of distinct images.  O(|G| s log s) and
  // O(|G| s log |G|).
  bool is_orbit_representative(const std::vector<std::uint32_t>& points) const;
  std::uint64_t orbit_size(const std::vector<std::uint32_t>& points) const;

  // The factor turning a solution w' of (*) into output weights:
  // r! / (d! sigma_d) (sigma_d = 1 when symbolic); over F_p its residue.
  const mpq_class& weight_scale() const { return weight_scale_; }
  // sigma_k in the base field: the residue over F_p, the rational over Q;
  // a symbolic nonzero sigma_k is reported as 1 with `symbolic` set.
  mpq_class sigma_value(unsigned k, bool& symbolic) const;

 private:
  unsigned n_;
  Target target_;
  unsigned d_ = 0;
  std::uint64_t m_;
  std::size_t s_ = 0;
  WeightDomain domain_;
  Activation activation_;
  SymmetryChoice symmetry_;
  std::vector<unsigned> degrees_;
  std::vector<Exponents> monomials_;
  std::uint32_t points_ = 0;
  std::uint64_t candidates_ = 0;
  std::size_t group_order_ = 1;
  std::vector<std::uint32_t> table_;  // point-major: table_[point * |G| + g]
  mpq_class weight_scale_;
};

// C(n, k), saturating at UINT64_MAX.
std::uint64_t binomial_saturating(std::uint64_t n, std::uint64_t k);

// x mod p in 0..p-1 for a rational whose denominator p does not divide;
// throws InputError otherwise.
std::uint64_t residue_mod(const mpq_class& x, std::uint64_t p);

}  // namespace nf
