// The prove-minimal tool as library calls: decide by exhaustive exact
// computation, for every n x m input-weight matrix with entries in a finite
// domain, whether output weights satisfying (A2)/(A3) exist; optionally write
// a certificate for check-proof.  The tool (tools/prove-minimal.cpp) adds MPI
// and the signal handlers around these.
#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "cli/tool_mains.hpp"
#include "core/progress.hpp"
#include "verify/verify_flags.hpp"

namespace nf {

namespace {

const ToolInfo kTool{
    "prove-minimal", "N M --domain SPEC [options]",
    "Decides for every n x m input-weight matrix with entries in a finite domain whether output weights satisfying\n"
    "(A2)/(A3) exist (orbit-reduced exhaustive search, exact), and writes a certificate for check-proof.",
    "Example: prove-minimal 2 3 --domain=-3..3; prove-minimal 3 7 --domain -1..1 --certificate n3.cert\n"
    "Several machines: mpirun -np K prove-minimal ... (one search, units handed out dynamically; built with NF_MPI)\n"
    "Statuses: 0 the run completed, 1 the in-process check (--self-check) failed, 2 bad input or a refused size,\n"
    "4 interrupted (SIGINT/SIGTERM: the certificate is marked incomplete; continue with --resume)."};

struct Values {
  std::uint64_t n = 0, m = 0;
  std::optional<std::string> domain, activation, target, symmetry, shard, fault;
};

std::vector<Option> option_table(Values& v, ProveMinimalRun& run) {
  std::vector<Option> table = {
      positional("N", "inputs n", count_value(v.n, 1, CaseSplit::kMaxInputs), true),
      positional("M", "hidden neurons m", count_value(v.m, 1, std::uint64_t(1) << 40), true),
      option("--domain", "SPEC", "input weights: lo..hi (integers), {v1,v2,...} (exact rationals) or Fp (prime field)",
             optional_text_value(v.domain)),
      option("--activation", "SPEC", "generic (default), exp, tanh, sigmoid, silu, softplus, poly:c0,c1,...",
             activation_value(v.activation)),
      option("--target", "R", "the monomial x^r: x1^2*x3 or exponents 2,0,1 (default x1*...*xn)",
             optional_text_value(v.target)),
      option("--symmetry", "S", "full (default), permute or none: the group used for orbit reduction",
             optional_text_value(v.symmetry)),
      option("--certificate", "FILE", "write the certificate (check it with check-proof FILE)",
             text_value(run.request.certificate_path)),
      option("--checkpoint", "FILE", "record the completed work units in FILE (atomically, every --checkpoint-every seconds)",
             text_value(run.request.checkpoint_path)),
      option("--checkpoint-every", "SECONDS", "seconds between checkpoints (default 60)",
             positive_real_value(run.request.checkpoint_interval)),
      flag("--resume", "continue the run recorded in --checkpoint FILE (same arguments)", run.request.resume),
      option("--shard", "I/N", "run only part I of N; the parts' certificates concatenate", optional_text_value(v.shard)),
      threads_option(run.request.search.threads),
      flag("--self-check", "check every witness in-process as it is produced", run.request.self_check),
      flag("--json", "print the summary as one JSON object", run.json),
      flag("--quiet", "no progress on stderr", run.quiet),
      option("--inject-fault", "KIND:K", "deliberately wrong output for testing the checkers: skip:K, coefficient:K or product:K",
             optional_text_value(v.fault)),
  };
  for (Option& o : limit_options(run.request.split.limits)) table.push_back(std::move(o));
  return table;
}

}  // namespace

std::optional<ProveMinimalRun> parse_prove_minimal(const std::vector<std::string>& args, std::ostream& out) {
  ProveMinimalRun run;
  run.request.checkpoint_interval = 60;
  Values v;
  const std::vector<Option> table = option_table(v, run);
  if (parse_command_line(kTool, table, args, out)) return std::nullopt;
  if (!v.domain) throw InputError("give --domain (see --help)");
  ProveRequest& request = run.request;
  request.split.n = static_cast<unsigned>(v.n);
  request.split.m = v.m;
  request.split.domain = WeightDomain::parse(*v.domain);
  if (v.activation) request.split.activation = Activation::parse(*v.activation);
  if (v.target) request.split.target = parse_target(*v.target, v.n).r;
  if (v.symmetry) request.split.symmetry = parse_symmetry(lower_ascii(*v.symmetry));
  if (v.shard) request.search.shard = parse_shard(*v.shard);
  if (v.fault) request.search.fault = parse_fault(lower_ascii(*v.fault));
  return run;
}

int run_prove_minimal(ProveMinimalRun& run, std::ostream& out, StopRequest& stop) {
  ProveRequest& request = run.request;
  if (!run.quiet)
    request.search.progress = [](const SearchProgress& p) { progress_line("prove-minimal: " + format_progress(p)); };
  if (!run.json)
    request.planned = [&out](const SearchPlan& plan) { out << format_prove_header(plan) << std::flush; };
  request.search.stop = &stop;
  ProveResult r = prove_minimal(request);
  r.summary.ranks = run.ranks;
  if (run.json) out << prove_json(r).dump() << '\n';
  else out << format_prove_result(r);
  if (r.summary.interrupted) {
    const std::string& checkpoint = request.checkpoint_path;
    std::cerr << "prove-minimal: interrupted" << (stop.signal_number() ? " by signal " + std::to_string(stop.signal_number()) : "")
              << " after " << r.summary.units_done << " of " << r.summary.units << " work units"
              << (checkpoint.empty() ? std::string() : "; continue with --resume --checkpoint " + checkpoint) << std::endl;
    return kExitUnknown;
  }
  return r.self_check_failure.empty() ? kExitOk : kExitRefuted;
}

int prove_minimal_main(const std::vector<std::string>& args, std::ostream& out) {
  std::optional<ProveMinimalRun> run = parse_prove_minimal(args, out);
  if (!run) return kExitOk;
  StopRequest stop;  // also set by request_cancel() (core/cancel.hpp)
  return run_prove_minimal(*run, out, stop);
}

}  // namespace nf
