// Fuzz target: check-proof (proofs/checker/check-proof.cpp, GMP only) on
// arbitrary certificates.  It must answer with a status (0, 1 or 2) and
// never crash, hang or run out of memory.
#include <cstdint>
#include <cstdlib>

#include "checker_call.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int status = nf_fuzz::check_proof({reinterpret_cast<const char*>(data), size});
  if (status < 0 || status > 2) std::abort();
  return 0;
}
