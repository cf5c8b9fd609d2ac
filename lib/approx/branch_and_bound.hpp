// The certified worst-case error E* = max over a box of |g(x)|, g = f - x^r
// (error_function.hpp), by branch and bound.
//
//   lower <= E* <= upper,
//
// `lower` is a certified lower bound of |g| at one exact rational point (the
// witness), `upper` a certified upper bound of |g| over the whole box.
//
// The argument.
//   Coverage: the box is held as a set of sub-boxes whose union is the box
//   (bisection replaces a box by two halves that cover it; exact dyadic
//   coordinates u in [0, 1] per axis, x_i = lo_i + (hi_i - lo_i) u_i, so no
//   rounding ever moves a face).  Every sub-box is either in the queue with a
//   certified upper bound of |g| on it, or was discarded with one: upper =
//   max(largest queued bound, largest discarded bound) >= E*.
//   Bounds: ErrorFunction::bound (Arb balls: every rounding and every
//   transcendental enclosed), the double kept per box is the ball's upper
//   bound rounded up.
//   Lower: |g| at a point is bounded below by the lower bound of |ball of
//   g(x)|, and E* >= |g(x)| for every x in the box.  Candidates: every vertex
//   of the box (n <= 12), every box centre, and per box the vertex that the
//   gradient at the centre points to (the maximizer of the linear model).
//   Faces: when g has one sign on a box and so does d_i g (enclosed over the
//   box), |g| does not decrease towards one face x_i = lo_i or hi_i, so the
//   sup over the box is the sup over that face, and the box is replaced by
//   it (its bound bounds the box).
//   Pruning: a box whose bound is at most the threshold is discarded: with
//   --epsilon E the threshold is E (such boxes cannot hold a point above E);
//   otherwise lower / (1 - gap), so the stopping rule upper - lower <= gap
//   upper stays reachable, and the discarded bounds still count in `upper`.
// Stops: without epsilon when upper - lower <= max(gap * upper, abs_gap) (status 0,
// "enclosed"); with epsilon as soon as upper <= E ("within", 0) or lower > E
// ("exceeds", 1, the witness is a counterexample); at --max-work boxes or
// --max-seconds, when the queue would pass 2 GiB, or when the largest box can no longer be halved (2^-48 of
// its side), with status 4 ("unknown") and the enclosure reached.
//
// Example: the n = 2 sigmoid gate (b = 1) at lambda = 1/10 on [-1, 1]^2:
// lower = upper = 0.004517 to 1%, attained at (1, 1) (tests/test_approx.cpp).
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "approx/error_function.hpp"

namespace nf {

// A box prod_i [lo_i, hi_i] with exact rational ends, lo_i <= hi_i.
struct RationalBox {
  std::vector<mpq_class> lo, hi;
  std::size_t dimension() const { return lo.size(); }
};

// "-1..1" (every coordinate of an n-box) or "-1..1,0..1/2,..." (one range per
// input).  Throws InputError on a malformed range, lo > hi, a count other
// than 1 or n, or |end| > 10^6.
RationalBox parse_box(const std::string& text, std::size_t n);
std::string to_string(const RationalBox& box);

struct BranchAndBoundOptions {
  double gap = 0.01;                   // stop when upper - lower <= max(gap * upper, abs_gap)
  double abs_gap = 1e-20;              // absolute floor (an exact fit has upper ~ ball radii, never 0)
  std::optional<mpq_class> epsilon;    // the verdict threshold
  double max_work = 1e7;               // boxes bounded
  double max_seconds = 600;
  BoundForm form = BoundForm::Taylor;
  // Called about once a second with the state so far.
  std::function<void(std::uint64_t boxes, double lower, double upper, double seconds)> progress;
};

struct Enclosure {
  mpq_class lower, upper;           // certified bounds of E* (upper exact dyadic)
  std::vector<mpq_class> witness;   // |g(witness)| >= lower
  Ball f_witness, g_witness;        // enclosures of f and g at the witness
  std::uint64_t boxes = 0;          // boxes bounded
  std::size_t queued = 0;           // boxes left in the queue
  double seconds = 0;
  std::string verdict;              // enclosed, within, exceeds, unknown
  int status = 0;                   // 0, 0, 1, 4
  std::string reason;               // why unknown: the limit reached
};

// Throws InputError when the box dimension differs from g.inputs().
[[nodiscard]] Enclosure certify_max_error(const ErrorFunction& g, const RationalBox& box,
                                          const BranchAndBoundOptions& options);

}  // namespace nf
