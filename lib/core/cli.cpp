#include "core/cli.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <new>

#include "core/error.hpp"

namespace nf {

std::string option_value(int argc, char** argv, int& i) {
  if (i + 1 >= argc) throw InputError(std::string(argv[i]) + " needs a value");
  return argv[++i];
}

std::uint64_t parse_count(const std::string& text, const std::string& option, std::uint64_t lo, std::uint64_t hi) {
  bool digits = !text.empty() && text.size() <= 19;
  for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits)
    throw InputError(option + ": expected a whole number in " + std::to_string(lo) + ".." + std::to_string(hi) +
                     ", got '" + text + "'");
  const std::uint64_t v = std::stoull(text);
  if (v < lo || v > hi)
    throw InputError(option + ": " + text + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

std::uint64_t parse_bytes(const std::string& text, const std::string& option) {
  std::string digits = text;
  std::uint64_t scale = 1;
  if (!digits.empty()) {
    switch (std::toupper(static_cast<unsigned char>(digits.back()))) {
      case 'K': scale = 1ull << 10; break;
      case 'M': scale = 1ull << 20; break;
      case 'G': scale = 1ull << 30; break;
      case 'T': scale = 1ull << 40; break;
      default: break;
    }
    if (scale != 1) digits.pop_back();
  }
  const std::uint64_t v = parse_count(digits, option, 1, (1ull << 50) / scale);
  return v * scale;
}

double parse_positive_real(const std::string& text, const std::string& option) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v > 0) || v > 1e300)
    throw InputError(option + ": expected a positive number, got '" + text + "'");
  return v;
}

int run_tool(const char* tool, const std::function<int()>& body) {
  try {
    return body();
  } catch (const InputError& e) {
    std::cerr << tool << ": error: " << e.what() << '\n';
  } catch (const LimitError& e) {
    std::cerr << tool << ": error: " << e.what() << '\n';
  } catch (const std::bad_alloc&) {
    std::cerr << tool << ": error: out of memory (lower the problem size or raise --max-memory only if it fits)\n";
  } catch (const std::exception& e) {
    std::cerr << tool << ": error: " << e.what() << '\n';
  }
  return kExitUsage;
}

}  // namespace nf
