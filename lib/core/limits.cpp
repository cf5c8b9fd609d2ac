#include "core/limits.hpp"

#include <sstream>

namespace nf {

std::string format_estimate(double x) {
  std::ostringstream s;
  s.precision(3);
  s << x;
  return s.str();
}

std::string format_mebibytes(double bytes) { return format_estimate(bytes / (1024.0 * 1024.0)) + " MiB"; }

}  // namespace nf
