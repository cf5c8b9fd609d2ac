// The command line of the two checkers, with the conventions of every noflat
// tool (-h/--help, --version, --opt=value, --, a suggestion on a typo, a
// single-valued option given twice is an error), on the header-only CLI11.
// The checkers keep their own copy of these conventions so that they depend
// on no engine code: this header includes CLI11, the standard library and
// the generated version header only.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "noflat_version.h"

namespace checker_options {

// A usage error: the checker prints "TOOL: error: what()" and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Parses argv into the options already declared on `app` (whose positional
// arguments collect the files).  Returns true when --help or --version was
// printed.  Throws UsageError.
inline bool parse(CLI::App& app, const std::string& tool, const std::string& help, const std::vector<std::string>& names,
                  int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      std::cout << help
                << "\nExit status: 0 s VERIFIED, 1 s NOT VERIFIED (the failing step is named), 2 usage or input error.\n"
                   "Values may be given as --option value or --option=value; -- ends the options.\n";
      return true;
    }
    if (arg == "--version") {
      std::cout << tool << " (noflat) " << NF_VERSION << "\ngit revision " << NF_GIT_REVISION
                << "\nIndependent checker: GMP only, no code shared with the engine.\n";
      return true;
    }
  }
  app.set_help_flag();
  app.allow_extras();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ArgumentMismatch& e) {
    const std::string what = e.what();
    const std::string name = what.substr(0, what.find(':'));
    throw UsageError(what.find("At Most") != std::string::npos ? name + " given more than once" : name + " needs a value");
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  for (const std::string& extra : app.remaining()) {
    if (extra == "--") continue;
    if (extra.size() > 1 && extra[0] == '-') {
      const std::string name = extra.substr(0, extra.find('='));
      std::string best;
      std::size_t best_distance = name.size();
      for (const std::string& candidate : names) {
        const std::size_t d = edit_distance(name, candidate);
        if (d < best_distance) best_distance = d, best = candidate;
      }
      const bool close = !best.empty() && best_distance <= std::max<std::size_t>(2, name.size() / 3);
      throw UsageError("unknown option '" + name + "'" + (close ? " (did you mean " + best + "?)" : " (see --help)"));
    }
    throw UsageError("unexpected argument '" + extra + "' (see --help)");
  }
  return false;
}

}  // namespace checker_options
