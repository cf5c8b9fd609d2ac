#include "core/stop_request.hpp"

#include <signal.h>

#include "core/error.hpp"

namespace nf {
namespace {

std::atomic<StopRequest*> g_target{nullptr};
struct sigaction g_old_int, g_old_term;

extern "C" void on_stop_signal(int signal_number) {
  if (StopRequest* s = g_target.load()) s->request(signal_number);
}

}  // namespace

StopOnSignals::StopOnSignals(StopRequest& stop) {
  StopRequest* expected = nullptr;
  if (!g_target.compare_exchange_strong(expected, &stop))
    throw InternalError("StopOnSignals: the signal handlers are already installed");
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  g_target.store(nullptr);
}

}  // namespace nf
