#include "core/progress.hpp"

#include <iostream>
#include <mutex>
#include <utility>

namespace nf {

namespace {
std::mutex g_mutex;
std::function<void(const std::string&)> g_handler;
}  // namespace

void progress_line(const std::string& line) {
  std::function<void(const std::string&)> handler;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    handler = g_handler;
  }
  if (handler) handler(line);
  else std::cerr << line << '\n' << std::flush;
}

ProgressHandlerScope::ProgressHandlerScope(std::function<void(const std::string&)> handler) {
  std::lock_guard<std::mutex> lock(g_mutex);
  previous_ = std::exchange(g_handler, std::move(handler));
}

ProgressHandlerScope::~ProgressHandlerScope() {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_handler = std::move(previous_);
}

}  // namespace nf
