// The command-line flags shared by every tool that calls verify_network:
//   --engine NAME  --rank-engine NAME  --threads N  --activation SPEC  --no-rank
//   --max-memory BYTES  --max-work OPS
#pragma once

#include <string>

#include "verify/verification.hpp"

namespace nf {

struct VerifyFlags {
  VerifyOptions verify;
  std::string activation = "generic";
};

// If argv[i] is one of the shared flags, consumes it (and its value, advancing
// i) into `flags` and returns true.  Throws InputError on a missing or bad value.
bool parse_verify_flag(int argc, char** argv, int& i, VerifyFlags& flags);

// The usage lines of the shared flags.
const char* verify_flags_usage();

}  // namespace nf
