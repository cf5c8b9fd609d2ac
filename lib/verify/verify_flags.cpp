#include "verify/verify_flags.hpp"

#include "core/cli.hpp"
#include "core/error.hpp"

namespace nf {

bool parse_verify_flag(int argc, char** argv, int& i, VerifyFlags& flags) {
  const std::string arg = argv[i];
  auto value = [&] { return option_value(argc, argv, i); };
  if (arg == "--engine") {
    flags.verify.engine = parse_expansion_engine(value());
  } else if (arg == "--rank-engine") {
    flags.verify.rank_engine = parse_rank_engine(value());
  } else if (arg == "--threads") {
    flags.verify.threads = static_cast<unsigned>(parse_count(value(), "--threads", 1, 1024));
  } else if (arg == "--activation") {
    flags.activation = value();
  } else if (arg == "--max-failures") {
    flags.verify.max_failures = static_cast<unsigned>(parse_count(value(), "--max-failures", 0, 1000000000));
  } else if (arg == "--no-rank") {
    flags.verify.compute_rank = false;
  } else if (arg == "--max-memory") {
    flags.verify.limits.max_memory_bytes = parse_bytes(value(), "--max-memory");
  } else if (arg == "--max-work") {
    flags.verify.limits.max_work = parse_positive_real(value(), "--max-work");
  } else {
    return false;
  }
  return true;
}

const char* verify_flags_usage() {
  return "  --engine literal|moment|structured\n"
         "                               expansion engine (default: structured when every row of a takes at\n"
         "                               most two values, else moment; literal is the FLINT reference)\n"
         "  --rank-engine dense|structured|flint\n"
         "                               rank engine for A (A7) (default: structured when it applies, else dense)\n"
         "  --threads N                  worker threads (default: every core)\n"
         "  --activation SPEC            generic|exp|tanh|sigmoid|silu|softplus|poly:c0,c1,... (default generic)\n"
         "  --no-rank                    skip the rank of A (A7)\n"
         "  --max-failures N             list at most N failing monomials (default 5)\n"
         "  --max-memory BYTES           memory limit, e.g. 8G (default 8G)\n"
         "  --max-work OPS               work limit in elementary operations (default 1e13)\n";
}

}  // namespace nf
