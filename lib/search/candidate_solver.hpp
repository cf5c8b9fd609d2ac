// One candidate of the case split: a set of distinct points a_1..a_s of D^n.
// Decides the linear system (*) of case_split.hpp exactly and produces the
// witness of the answer:
//
//   feasible    output weights w_j = w'_j / (n! sigma_n) with w' solving (*):
//               (A2)/(A3) hold for the imposed degrees;
//   infeasible  a polynomial Y = sum_r y_r x^r over the imposed-degree
//               monomials with y_(1,...,1) != 0 and Y(a_j) = 0 for every j.
//
// For a target x^r (case_split.hpp) read x^r for x1...xn, (1,...,1) -> r and
// n -> d = |r| throughout: w_j = w'_j r!/(d! sigma_d), and Y has y_r != 0.
//
// Fredholm alternative: (*) reads M w' = e with M[r][j] = a_j^r and e the unit
// vector of x1...xn; it is unsolvable exactly when some y has y M = 0 and
// y . e = y_(1,...,1) != 0, and y M = 0 says Y vanishes at every a_j.  If a
// w solved (*), then 0 = sum_j w'_j Y(a_j) = sum_r y_r sum_j w'_j a_j^r =
// y_(1,...,1): so a Y as above proves that no w exists.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "search/case_split.hpp"

namespace nf {

struct Witness {
  bool feasible = false;
  // Infeasible: the nonzero coefficients of Y as (index into
  // CaseSplit::monomials(), coefficient), by increasing index.  Over Q a
  // primitive integer polynomial with positive x1...xn coefficient; over F_p
  // residues 0..p-1 with x1...xn coefficient 1.
  std::vector<std::pair<std::size_t, mpq_class>> polynomial;
  // Feasible: the output weights w_j, one per point (residues over F_p).
  std::vector<mpq_class> weights;
};

// Exact decision and witness: reduced row echelon form of the s x R matrix
// A[j][r] = a_j^r (FLINT fmpq_mat_rref over Q, nmod_mat_rref over F_p).  The
// system is solvable exactly when the x1...xn column is a pivot column of A.
// Y takes y_(1,...,1) = 1, the other free coordinates 0; w' is the solution
// of A^T w' = e with free coordinates 0.  Precondition: points ascending,
// distinct, fewer than point_count().  O(s R min(s, R)) field operations.
Witness solve_candidate(const CaseSplit& split, const std::vector<std::uint32_t>& points);

// Checks a witness against its definition, independently of how it was found:
// Y uses only imposed-degree monomials, has a nonzero x1...xn coefficient and
// vanishes at every point; w satisfies sigma_k k!/r! sum_j w_j a_j^r = [r =
// (1,...,1)] for every imposed k and |r| = k (a symbolic sigma_k: the sum
// vanishes for k < n, and sigma_n counts as 1).  Returns "" when the witness
// holds, otherwise the first reason it fails.
std::string check_witness(const CaseSplit& split, const std::vector<std::uint32_t>& points, const Witness& witness);

// "3*x1^2*x2 -1*x3 2": the polynomial of an infeasibility witness, terms
// separated by spaces, each COEF or COEF*MONOMIAL (certificate grammar).
std::string format_witness_polynomial(const CaseSplit& split, const Witness& witness);

}  // namespace nf
