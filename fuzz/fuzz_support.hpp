// Shared by the engine's fuzz targets: small resource limits, so that no input
// can make a target allocate much or work long, and the rule that only the
// engine's typed input errors are an acceptable way to fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace nf::fuzz {

// 64 MiB and 10^8 operations: a network file up to 4 MiB (1/16 of the memory
// limit) and weights of at most 64 MiB, far below libFuzzer's 2 GB rss limit.
inline ResourceLimits small_limits() {
  ResourceLimits limits;
  limits.max_memory_bytes = std::uint64_t(64) << 20;
  limits.max_work = 1e8;
  return limits;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property of an accepted input failed: a bug, reported as a crash.
[[noreturn]] inline void property_failed(const char* what) {
  std::fprintf(stderr, "fuzz: property failed: %s\n", what);
  std::abort();
}

// Runs f(); InputError and LimitError are the expected outcomes of bad input
// and are swallowed; anything else propagates and crashes the target.
template <class F>
void expect_only_input_errors(F&& f) {
  try {
    f();
  } catch (const InputError&) {
  } catch (const LimitError&) {
  }
}

}  // namespace nf::fuzz
