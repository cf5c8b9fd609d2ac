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
#include <optional>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "core/stop_request.hpp"
#include "search/prove_minimal.hpp"

namespace nf {

int rank_check_main(const std::vector<std::string>& args, std::ostream& out);
int verify_product_main(const std::vector<std::string>& args, std::ostream& out);
int verify_monomial_main(const std::vector<std::string>& args, std::ostream& out);
int certify_approx_main(const std::vector<std::string>& args, std::ostream& out);
int prove_minimal_main(const std::vector<std::string>& args, std::ostream& out);

// prove-minimal in two steps, for the tool's MPI ranks and signal handlers:
// the parsed request (nullopt after --help/--version), then the run, which
// polls `stop` between work units (status 4 when it stopped early).
struct ProveMinimalRun {
  ProveRequest request;
  bool json = false, quiet = false;
  unsigned ranks = 1;  // MPI processes, for the report
};
std::optional<ProveMinimalRun> parse_prove_minimal(const std::vector<std::string>& args, std::ostream& out);
int run_prove_minimal(ProveMinimalRun& run, std::ostream& out, StopRequest& stop);
int evaluate_gate_main(const std::vector<std::string>& args, std::ostream& out);

}  // namespace nf
