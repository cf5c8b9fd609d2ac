// The runs behind verify-product and verify-monomial: build the paper's
// construction (A4), its half, or the grid gate for x^r, verify it with
// verify_network, and report (proof log, table row or JSON line).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "verify/verify_flags.hpp"

namespace nf {

struct ProductRun {
  std::uint64_t from = 0, to = 0;  // n = from..to
  bool table = false;              // one row per n (--upto), else a proof log per n
  bool half = false;               // --construction half
  VerifyFlags flags;
};

// Checks every n's limits before computing any, then verifies n = from..to.
// Status: 0 every n verified, 1 some refuted, 4 some undecided (worse_status).
// Throws InputError (sigma_n = 0 for the construction, --certificate with
// several n) and LimitError.
int run_verify_product(const ProductRun& run, std::ostream& out);

struct MonomialRun {
  std::string spec;        // "2,0,1" or "x1^2*x3" (with vars)
  std::uint64_t vars = 0;  // --vars N (0: the number of comma-separated exponents)
  VerifyFlags flags;
};

int run_verify_monomial(const MonomialRun& run, std::ostream& out);

// The exit status of one verification: 0 verified, 1 refuted, 3
// counterexample, 4 unknown.
[[nodiscard]] int verification_status(const VerificationReport& rep);

}  // namespace nf
