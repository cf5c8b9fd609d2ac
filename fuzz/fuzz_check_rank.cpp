// Fuzz target: check-rank (proofs/checker/check-rank.cpp, GMP only) on
// arbitrary certificates read from standard input.  It must answer with a
// status (0, 1 or 2) and never crash, hang or run out of memory.
#include <cstdint>
#include <cstdlib>

#include "checker_call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int status = nf_fuzz::check_rank({reinterpret_cast<const char*>(data), size});
  if (status < 0 || status > 2) std::abort();
  return 0;
}
