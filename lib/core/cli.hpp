// Small helpers shared by the command-line tools: option values and the
// uniform error convention (one line `tool: error: ...` on stderr, exit 2).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace nf {

// Exit statuses shared by the tools.
enum ExitStatus : int { kExitOk = 0, kExitRefuted = 1, kExitUsage = 2, kExitCounterexample = 3 };

// The value of the option argv[i] (argv[i + 1]); advances i.  Throws
// InputError "OPTION needs a value" when there is none.
std::string option_value(int argc, char** argv, int& i);

// A non-negative integer in [lo, hi]; throws InputError naming the option.
std::uint64_t parse_count(const std::string& text, const std::string& option, std::uint64_t lo, std::uint64_t hi);

// A byte count such as 512M, 8G, 1048576 (suffixes K, M, G, T: powers of 1024).
std::uint64_t parse_bytes(const std::string& text, const std::string& option);

// A positive real such as 1e12 (for --max-work).
double parse_positive_real(const std::string& text, const std::string& option);

// Runs body(); maps InputError, LimitError and any other exception to one
// line on stderr and status 2.  Returns body's status otherwise.
int run_tool(const char* tool, const std::function<int()>& body);

}  // namespace nf
