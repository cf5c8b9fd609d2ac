// The options shared by every tool that calls verify_network (rank-check,
// verify-product, verify-monomial), declared once:
//   --json  --activation SPEC  --engine NAME  --rank-engine NAME  --threads N
//   --no-rank  --max-failures N  --certificate FILE  --max-memory BYTES  --max-work OPS
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "verify/verification.hpp"

namespace nf {

struct VerifyFlags {
  VerifyOptions verify;
  std::optional<std::string> activation;  // checked by Activation::parse when given
  std::string certificate;                // --certificate FILE ("" = none)
  bool json = false;
};

// The shared options, for a tool's table.
std::vector<Option> verify_options(VerifyFlags& flags);

// --max-memory BYTES and --max-work OPS alone (tools that do not verify networks).
std::vector<Option> limit_options(ResourceLimits& limits);

// --activation SPEC, checked as it is read (Activation::parse).
ValueParser activation_value(std::optional<std::string>& target);

// An exact non-negative rational ("1e-12", "1/1000"), parse_rational's syntax.
ValueParser rational_value(std::optional<mpq_class>& target);

// Checks the combinations after parsing: --certificate needs the rank.
// Sets flags.verify.keep_rank_certificate.  Throws InputError.
void finish_verify_flags(VerifyFlags& flags);

}  // namespace nf
