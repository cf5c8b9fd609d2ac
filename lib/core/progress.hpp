// Progress lines of long computations.  A tool reports "N boxes, gap 3%,
// ETA 2 min" through progress_line(); by default the line goes to stderr,
// and a caller that shows progress its own way (the Python module: a
// callback or a bar) installs a handler for the duration of a call.
#pragma once

#include <functional>
#include <string>

namespace nf {

// Writes `line` (no trailing newline) to the installed handler, or to stderr.
void progress_line(const std::string& line);

// Installs `handler` for the lifetime of the scope (process-wide; scopes
// nest, the innermost wins).
class ProgressHandlerScope {
 public:
  explicit ProgressHandlerScope(std::function<void(const std::string&)> handler);
  ~ProgressHandlerScope();
  ProgressHandlerScope(const ProgressHandlerScope&) = delete;
  ProgressHandlerScope& operator=(const ProgressHandlerScope&) = delete;

 private:
  std::function<void(const std::string&)> previous_;
};

}  // namespace nf
