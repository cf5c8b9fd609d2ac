// The command-line layer of every tool: options as data, GNU conventions.
//
// A tool declares one table of Options (name, value, range, default, help),
// built with the helpers below, and hands it to parse_command_line.  The
// parser (CLI11, compiled once in options.cpp) gives every tool the same
// behaviour:
//   --opt value and --opt=value (a value may start with '-': --domain=-3..3),
//   -- ends the options, -h/--help and --version on every tool,
//   an unknown option gets "did you mean --activation?",
//   enumerated values are case-insensitive (--engine MOMENT),
//   a single-valued option given twice is an error (flags may repeat),
//   --threads 0 means every core.
// Errors are InputError with one line of text; run_tool prints them as
// `TOOL: error: ...` and maps every outcome to the exit-status table below.
//
// Example (a tool's table):
//   bool json = false; std::uint64_t n = 0;
//   std::vector<Option> table = {
//       positional("N", "the number of inputs", count_value(n, 1, 30)),
//       flag("--json", "one JSON object per line", json)};
//   if (parse_command_line(tool, table, argc, argv)) return kExitOk;  // --help or --version
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace nf {

// Exit statuses shared by every tool (README, "Exit status").
enum ExitStatus : int {
  kExitOk = 0,              // verified / within the tolerance / done
  kExitRefuted = 1,         // refuted / exceeds
  kExitUsage = 2,           // usage, input or limit error
  kExitCounterexample = 3,  // a counterexample to the theorem (never expected)
  kExitUnknown = 4,         // a limit or the precision was reached before a decision
  kExitInternal = 5,        // an engine error (a bug): please report the input
};

// What a tool is, for --help, --version and the man page.
struct ToolInfo {
  std::string name;         // "rank-check"
  std::string synopsis;     // "[options] FILE..."
  std::string description;  // one paragraph
  std::string epilog;       // examples and the statuses this tool uses
};

// One option or positional argument.  `set` receives each value given (once
// for a single-valued option, once per occurrence for a repeatable one) and
// throws InputError naming the option on a bad value.
struct Option {
  std::string names;       // "--engine", "-h,--help"; a positional has no dash: "FILE"
  std::string help;
  std::string value_name;  // "NAME", "N", ... ("" for a flag)
  std::function<void(const std::string&)> set;
  bool repeatable = false;  // may be given several times (positionals: several values)
  bool required = false;
};

// A parsed value: text -> stored value.  The helpers below make one for each
// value type; they throw InputError "OPTION: ..." with the option's name.
using ValueParser = std::function<void(const std::string& option, const std::string& text)>;

// Options of each kind.
Option flag(const std::string& names, const std::string& help, bool& target);
Option option(const std::string& names, const std::string& value_name, const std::string& help, ValueParser parse);
Option repeatable(const std::string& names, const std::string& value_name, const std::string& help, ValueParser parse);
Option positional(const std::string& name, const std::string& help, ValueParser parse, bool required = false);
Option positionals(const std::string& name, const std::string& help, ValueParser parse);

// Value parsers.
ValueParser count_value(std::uint64_t& target, std::uint64_t lo, std::uint64_t hi);
ValueParser unsigned_value(unsigned& target, unsigned lo, unsigned hi);
ValueParser bytes_value(std::uint64_t& target);        // 512M, 8G, 1048576 (K M G T: powers of 1024)
ValueParser positive_real_value(double& target);       // 1e12
ValueParser text_value(std::string& target);
ValueParser optional_text_value(std::optional<std::string>& target);
ValueParser append_value(std::vector<std::string>& target);
ValueParser comma_list_value(std::vector<std::string>& target);  // "a,b,c" appended element by element

// Case-insensitive choice among named values: choice_value(engine, {{"dense", Dense}, ...});
// the target may be the value type or a std::optional of it.
template <class T>
struct ChoiceOf {
  using type = T;
};
template <class T>
struct ChoiceOf<std::optional<T>> {
  using type = T;
};
template <class Target>
ValueParser choice_value(Target& target, std::vector<std::pair<std::string, typename ChoiceOf<Target>::type>> choices);

// --threads N: 0 (the default) means every core.
Option threads_option(unsigned& threads);

// Parses argv against the table.  Returns true when --help or --version was
// printed (the tool then exits 0).  Throws InputError with one line:
// "unknown option '--activaton' (did you mean --activation?)",
// "--engine: expected one of literal, moment, structured, got 'fast'",
// "--upto given more than once", ...
bool parse_command_line(const ToolInfo& tool, const std::vector<Option>& table, int argc, char** argv);
// The same for arguments given as strings (without the program name);
// --help and --version are written to `out`.
bool parse_command_line(const ToolInfo& tool, const std::vector<Option>& table, const std::vector<std::string>& args,
                        std::ostream& out);

// argv[1..argc-1] as strings: the start of a tool's process, which also
// parks OpenBLAS's idle threads (park_blas_threads, blas_threads.hpp; safe
// only here, before any other thread exists).
std::vector<std::string> arguments(int argc, char** argv);

// The --help text of a tool (what parse_command_line prints).
std::string help_text(const ToolInfo& tool, const std::vector<Option>& table);

// "rank-check (noflat) 0.2.0\ngit revision 1a2b3c4\n...".
std::string version_text(const std::string& tool);

// Runs body() and maps its outcome to an exit status: body's own status;
// InputError and LimitError -> one line `tool: error: ...` on stderr, status 2;
// std::bad_alloc -> status 2 with advice; InternalError or any other
// exception -> `tool: internal error: ...`, status 5.  When `message` is
// given it receives the error text (without the prefix).
// When `kind` is given it receives "input", "limit" or "internal".
int run_tool(const char* tool, const std::function<int()>& body, std::string* message = nullptr,
             std::string* kind = nullptr);

// The more severe of two statuses, for tools that report several inputs:
// 5 > 3 > 2 > 4 > 1 > 0 (an engine error, a counterexample, an input error,
// an undecided input, a refuted one, a verified one).
int worse_status(int a, int b);

// Lower-case ASCII copy (enumerated values are compared this way).
std::string lower_ascii(std::string text);

// ---------------------------------------------------------------- templates

template <class Target>
ValueParser choice_value(Target& target, std::vector<std::pair<std::string, typename ChoiceOf<Target>::type>> choices) {
  return [&target, choices = std::move(choices)](const std::string& option, const std::string& text) {
    const std::string key = lower_ascii(text);
    std::string names;
    for (const auto& [name, value] : choices) {
      if (name == key) {
        target = value;
        return;
      }
      names += (names.empty() ? "" : ", ") + name;
    }
    throw InputError(option + ": expected one of " + names + ", got '" + text + "'");
  };
}

}  // namespace nf
