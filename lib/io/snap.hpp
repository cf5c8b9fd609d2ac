// --snap: each weight of a network read from a file replaced by the simplest
// rational (smallest denominator) that rounds to the same stored value, so
// that a float export of an exact gate can be verified as the gate it stands
// for.  The interval of a stored value x:
//   float16/32/64 tensors   [x - u/2, x + u/2], u the unit in the last place of
//                           x in that format (ONNX initializers);
//   text                    the shortest decimal of a float64 (what json.dump
//                           writes): the float64 interval around it, or the
//                           float32 one when that float64 is a float32 value
//                           (a float32 tensor written through .tolist());
//                           any other decimal: half a unit of its last digit;
//                           a fraction p/q with q not a product of 2s and 5s
//                           is exact and kept;
//   --snap-tolerance REL    [x - REL |x|, x + REL |x|] instead, for every weight.
// Example: the float64 0.020833333333333332 (json.dumps of 1/48) snaps to 1/48,
// and so does the float32 0.0208333339542150497436523437.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <string>

#include "io/network_file.hpp"
#include "model/network.hpp"

namespace nf {

struct SnapOptions {
  std::optional<mpq_class> relative;  // --snap-tolerance REL
};

struct SnapReport {
  std::uint64_t weights = 0;  // a, w, b and c
  std::uint64_t changed = 0;
  mpq_class max_change;            // largest |snapped - stored|
  mpq_class max_relative_change;   // largest |snapped - stored| / |stored|
  std::string max_change_at;       // "w[3]", "a[2][7]", "b[1]", "c" (1-based, as in the proof log)
  std::string rule;                // how the intervals were chosen
};

// The interval [lo, hi] of values a stored x stands for (above).
void stored_interval(const mpq_class& x, StoredPrecision precision, const SnapOptions& options, mpq_class& lo,
                     mpq_class& hi);

// The simplest rational in [lo, hi] (FLINT's fmpq_simplest_between).
mpq_class simplest_between(const mpq_class& lo, const mpq_class& hi);

// The snapped network and what changed.  Throws InputError for a negative or
// absurd --snap-tolerance (REL must be in [0, 1)).
Network snap_network(const Network& net, const StoredPrecisions& precisions, const SnapOptions& options,
                     SnapReport& report);

}  // namespace nf
