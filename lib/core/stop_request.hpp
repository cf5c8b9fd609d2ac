// A request to stop a long computation early, and SIGINT/SIGTERM as its source.
//
//   StopRequest stop;                       // shared by the caller and the computation
//   StopOnSignals guard(stop);              // SIGINT/SIGTERM now set it (first signal only)
//   run(..., &stop);                        // polls stop.requested() between work units
//
// Contract: request() is async-signal-safe (one store to a lock-free atomic)
// and may be called from any thread or a signal handler; requested() is a
// relaxed load, cheap enough to poll between units of work.  A computation
// that sees the request finishes the unit in hand, reports what it completed
// and returns normally (never throws for it); the caller maps that outcome to
// exit status 4 (kExitUnknown, "interrupted").
//
// StopOnSignals installs the handlers for its lifetime (at most one guard at a
// time; a second one throws InternalError) and restores the previous ones on
// destruction.  The handlers are one-shot (SA_RESETHAND): a second Ctrl-C
// terminates the process the usual way, for a user who does not want to wait.
#pragma once

#include <atomic>

#include "core/cancel.hpp"

namespace nf {

class StopRequest {
 public:
  void request(int signal_number = 0) noexcept {
    signal_.store(signal_number, std::memory_order_relaxed);
    requested_.store(true, std::memory_order_release);
  }
  // Also true after request_cancel() (core/cancel.hpp: the Python module's Ctrl-C).
  bool requested() const noexcept { return requested_.load(std::memory_order_acquire) || cancel_requested(); }
  // The signal that asked (SIGINT = 2, SIGTERM = 15), 0 for a programmatic request.
  int signal_number() const noexcept { return signal_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> requested_{false};
  std::atomic<int> signal_{0};
  static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
                "signal handlers need lock-free atomics");
};

class StopOnSignals {
 public:
  explicit StopOnSignals(StopRequest& stop);
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;
  ~StopOnSignals();
};

}  // namespace nf
