// Typed errors of the engine.  Every error that a user can cause by bad input
// or an absurd request is one of these; the tools print `tool: error: what()`
// on one line and exit with status 2.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace nf {

// Malformed input: a file, a number, an option value.  The message names the
// place (file:line:col, or a JSON path such as a[1][7]) and what was expected.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request that would exceed a resource limit (memory, work).  The message
// names the estimate, the limit and the flag that raises it.
class LimitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Violation of an internal invariant: a bug in the engine, never bad input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Deliberate engine faults, for testing that the tools report an engine error
// as one (exit status 5): throws InternalError when the environment variable
// NF_INJECT_FAULT names `point` ("expansion", "rank", "search", "numeric").
inline void fault_point(const char* point) {
  const char* fault = std::getenv("NF_INJECT_FAULT");
  if (fault != nullptr && std::string(fault) == point)
    throw InternalError(std::string("injected fault at ") + point + " (NF_INJECT_FAULT)");
}

}  // namespace nf
