// Cooperative cancellation of a long computation: a caller on another thread
// (the Python module on Ctrl-C, a signal handler) calls request_cancel(); the
// engines call throw_if_cancelled() at safe points (between work units, where
// no shared state is half-updated), which throws Cancelled.  reset_cancel()
// before the next computation.  Async-signal-safe: request_cancel only stores
// to a lock-free atomic.
#pragma once

#include <stdexcept>

namespace nf {

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("interrupted") {}
};

void request_cancel() noexcept;
void reset_cancel() noexcept;
bool cancel_requested() noexcept;
// Throws Cancelled when request_cancel() was called since the last reset.
void throw_if_cancelled();

}  // namespace nf
