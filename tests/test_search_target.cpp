// Exhaustive runs for a target monomial x^r (CaseSplitSpec::target): the grid
// gate of monomial_gate is feasible and minimal under its own points, the
// restricted symmetry group (permutations only among equal exponents) counts
// the same feasible sets as no symmetry at all, and the group orders.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "model/activation.hpp"
#include "model/construction.hpp"
#include "search/candidate_solver.hpp"
#include "search/case_split.hpp"
#include "search/prove_minimal.hpp"

using namespace nf;

namespace {

CaseSplitSpec target_spec(const Exponents& r, std::uint64_t m, const std::string& domain,
                          SymmetryChoice symmetry = SymmetryChoice::Full) {
  CaseSplitSpec s;
  s.n = static_cast<unsigned>(r.size());
  s.m = m;
  s.domain = WeightDomain::parse(domain);
  s.target = r;
  s.symmetry = symmetry;
  return s;
}

// Feasible candidate sets (orbit sizes summed) of a complete run.
std::uint64_t feasible_sets(const CaseSplitSpec& spec) {
  ProveRequest req;
  req.split = spec;
  req.search.threads = 2;
  return prove_minimal(req).summary.feasible_candidates;
}

}  // namespace

TEST_CASE("target: group orders keep only permutations among equal exponents") {
  CHECK(CaseSplit(target_spec({2, 1}, 2, "-1..1")).group_order() == 4);
  CHECK(CaseSplit(target_spec({2, 2}, 2, "-1..1")).group_order() == 8);
  CHECK(CaseSplit(target_spec({1, 1, 2}, 2, "-1..1")).group_order() == 16);
  CHECK(CaseSplit(target_spec({1, 0, 1}, 2, "-1..1")).group_order() == 16);
  CHECK(CaseSplit(target_spec({1, 1, 1}, 2, "-1..1")).group_order() == 48);
  CHECK(CaseSplit(target_spec({1, 1, 2}, 2, "-1..1", SymmetryChoice::Permute)).group_order() == 2);
  const CaseSplit split(target_spec({2, 1}, 2, "-1..1"));
  CHECK(split.degree() == 3);
  CHECK(split.monomials().back() == Exponents{2, 1});
  CHECK(split.imposed_degrees() == std::vector<unsigned>{0, 1, 2, 3});
  // w = w' r!/(d! sigma_d) = w' 2/6 for the generic activation.
  CHECK(split.weight_scale() == mpq_class(1, 3));
  CHECK_THROWS_AS(CaseSplit(target_spec({0, 0}, 2, "-1..1")), InputError);
  CHECK_THROWS_AS(CaseSplit(target_spec({2, 1}, 2, "F3")), InputError);  // p must exceed d = 3
  CaseSplitSpec wrong = target_spec({2, 1}, 2, "-1..1");
  wrong.n = 3;
  CHECK_THROWS_AS(CaseSplit{wrong}, InputError);
}

TEST_CASE("target: the grid gate is feasible, and no proper subset of it is") {
  for (const Exponents& r : {Exponents{2, 1}, Exponents{2, 2}, Exponents{1, 1, 2}, Exponents{3}, Exponents{1, 3}}) {
    INFO("r = " << format_monomial(r));
    const Network gate = monomial_gate(Target{r}, Activation::generic());
    // Nodes 2t - r_i lie in -k..k for k = max r_i; points in mixed radix 2k + 1.
    const long k = *std::max_element(r.begin(), r.end());
    CaseSplitSpec spec =
        target_spec(r, gate.neurons(), std::to_string(-k) + ".." + std::to_string(k), SymmetryChoice::None);
    spec.limits.max_work = 1e30;  // single candidates only, the split is never enumerated
    const CaseSplit split(spec);
    std::vector<std::uint32_t> points;
    for (std::size_t j = 0; j < gate.neurons(); ++j) {
      std::uint32_t x = 0;
      for (std::size_t i = 0; i < r.size(); ++i)
        x = x * static_cast<std::uint32_t>(2 * k + 1) + static_cast<std::uint32_t>(gate.a(i, j).get_num().get_si() + k);
      points.push_back(x);
    }
    std::sort(points.begin(), points.end());
    const Witness w = solve_candidate(split, points);
    REQUIRE(w.feasible);
    CHECK(check_witness(split, points, w) == "");
    for (std::size_t drop = 0; drop < points.size(); ++drop) {
      std::vector<std::uint32_t> fewer = points;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(drop));
      const Witness y = solve_candidate(split, fewer);
      CHECK_FALSE(y.feasible);
      CHECK(check_witness(split, fewer, y) == "");
    }
  }
}

TEST_CASE("target: the restricted group counts the same feasible sets as no symmetry") {
  struct Run {
    Exponents r;
    std::uint64_t m;
    const char* domain;
  };
  for (const Run& run : {Run{{2, 1}, 6, "-2..2"}, Run{{1, 1, 0}, 4, "-1..1"}, Run{{1, 0, 1}, 4, "-1..1"},
                         Run{{1, 2}, 6, "{-1,0,1,2}"}}) {
    INFO("r = " << format_monomial(run.r) << ", m = " << run.m << ", domain " << run.domain);
    const std::uint64_t all = feasible_sets(target_spec(run.r, run.m, run.domain, SymmetryChoice::None));
    CHECK(all > 0);
    CHECK(feasible_sets(target_spec(run.r, run.m, run.domain, SymmetryChoice::Full)) == all);
    CHECK(feasible_sets(target_spec(run.r, run.m, run.domain, SymmetryChoice::Permute)) == all);
  }
}
