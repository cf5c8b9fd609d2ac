// Each tool's command line as one library call, so that the tools (tools/)
// and the Python module (python/) share the option tables, the checks and
// the output:
//
//   NAME_main(args, out)   parses `args` (the arguments without the program
//                          name) with the tool's option table, runs it, writes
//                          its report (text, or JSON Lines with --json) to
//                          `out` and returns the exit status (options.hpp).
//
// Errors are thrown as the tool body throws them (InputError, LimitError,
// InternalError); run_tool maps them to messages and statuses.  --help and
// --version write to `out` and return 0.
//
// Example: std::ostringstream out;
//          verify_product_main({"3", "--json"}, out) == kExitOk, out holds one JSON object.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/options.hpp"

namespace nf {

int rank_check_main(const std::vector<std::string>& args, std::ostream& out);
int verify_product_main(const std::vector<std::string>& args, std::ostream& out);
int verify_monomial_main(const std::vector<std::string>& args, std::ostream& out);
int certify_approx_main(const std::vector<std::string>& args, std::ostream& out);
int evaluate_gate_main(const std::vector<std::string>& args, std::ostream& out);

}  // namespace nf
