// Resource limits checked before any large allocation or long computation.
#pragma once

#include <cstdint>
#include <string>

namespace nf {

struct ResourceLimits {
  // Largest estimated working memory a command may use (bytes); --max-memory.
  std::uint64_t max_memory_bytes = std::uint64_t(8) << 30;
  // Largest estimated number of elementary operations; --max-work.
  double max_work = 1e13;
};

// Estimates in limit messages: "1.5e+13" and "512 MiB" (three digits).
std::string format_estimate(double x);
std::string format_mebibytes(double bytes);

}  // namespace nf
