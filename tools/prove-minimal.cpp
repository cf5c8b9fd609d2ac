// prove-minimal: decide by exhaustive exact computation, for every n x m
// input-weight matrix with entries in a finite domain, whether output weights
// satisfying (A2)/(A3) exist; optionally write a certificate for check-proof.
#include <iostream>
#include <memory>

#include "core/stop_request.hpp"
#include "mpi/mpi_job.hpp"
#include "search/prove_minimal.hpp"
#include "verify/verify_flags.hpp"

namespace {

const nf::ToolInfo kTool{
    "prove-minimal", "N M --domain SPEC [options]",
    "Decides for every n x m input-weight matrix with entries in a finite domain whether output weights satisfying\n"
    "(A2)/(A3) exist (orbit-reduced exhaustive search, exact), and writes a certificate for check-proof.",
    "Example: prove-minimal 2 3 --domain=-3..3; prove-minimal 3 7 --domain -1..1 --certificate n3.cert\n"
    "Several machines: mpirun -np K prove-minimal ... (one search, units handed out dynamically; built with NF_MPI)\n"
    "Statuses: 0 the run completed, 1 the in-process check (--self-check) failed, 2 bad input or a refused size,\n"
    "4 interrupted (SIGINT/SIGTERM: the certificate is marked incomplete; continue with --resume)."};

int run(int argc, char** argv) {
#ifdef NF_HAVE_MPI
  std::unique_ptr<nf::MpiJob> job;
  if (nf::started_by_mpi_launcher()) job = std::make_unique<nf::MpiJob>(argc, argv);
#else
  if (nf::started_by_mpi_launcher())
    throw nf::InputError("this prove-minimal was built without MPI (-DNF_MPI=OFF): under mpirun every rank would "
                         "repeat the whole search; rebuild with MPI or start independent --shard I/N jobs");
#endif
  nf::ProveRequest request;
  std::uint64_t n = 0, m = 0;
  std::optional<std::string> domain, activation, target, symmetry, shard, fault;
  std::string certificate, checkpoint;
  bool json = false, quiet = false, resume = false;
  double checkpoint_every = 60;
  std::vector<nf::Option> table = {
      nf::positional("N", "inputs n", nf::count_value(n, 1, nf::CaseSplit::kMaxInputs), true),
      nf::positional("M", "hidden neurons m", nf::count_value(m, 1, std::uint64_t(1) << 40), true),
      nf::option("--domain", "SPEC", "input weights: lo..hi (integers), {v1,v2,...} (exact rationals) or Fp (prime field)",
                 nf::optional_text_value(domain)),
      nf::option("--activation", "SPEC", "generic (default), exp, tanh, sigmoid, silu, softplus, poly:c0,c1,...",
                 nf::activation_value(activation)),
      nf::option("--target", "R", "the monomial x^r: x1^2*x3 or exponents 2,0,1 (default x1*...*xn)",
                 nf::optional_text_value(target)),
      nf::option("--symmetry", "S", "full (default), permute or none: the group used for orbit reduction",
                 nf::optional_text_value(symmetry)),
      nf::option("--certificate", "FILE", "write the certificate (check it with check-proof FILE)",
                 nf::text_value(certificate)),
      nf::option("--checkpoint", "FILE",
                 "record the completed work units in FILE (atomically, every --checkpoint-every seconds)",
                 nf::text_value(checkpoint)),
      nf::option("--checkpoint-every", "SECONDS", "seconds between checkpoints (default 60)",
                 nf::positive_real_value(checkpoint_every)),
      nf::flag("--resume", "continue the run recorded in --checkpoint FILE (same arguments)", resume),
      nf::option("--shard", "I/N", "run only part I of N; the parts' certificates concatenate",
                 nf::optional_text_value(shard)),
      nf::threads_option(request.search.threads),
      nf::flag("--self-check", "check every witness in-process as it is produced", request.self_check),
      nf::flag("--json", "print the summary as one JSON object", json),
      nf::flag("--quiet", "no progress on stderr", quiet),
      nf::option("--inject-fault", "KIND:K",
                 "deliberately wrong output for testing the checkers: skip:K, coefficient:K or product:K",
                 nf::optional_text_value(fault)),
  };
  for (nf::Option& o : nf::limit_options(request.split.limits)) table.push_back(std::move(o));
  auto parse = [&] {  // false: --help or --version was printed
    if (nf::parse_command_line(kTool, table, argc, argv)) return false;
    if (!domain) throw nf::InputError("give --domain (see --help)");
    request.split.n = static_cast<unsigned>(n);
    request.split.m = m;
    request.split.domain = nf::WeightDomain::parse(*domain);
    if (activation) request.split.activation = nf::Activation::parse(*activation);
    if (target) request.split.target = nf::parse_target(*target, n).r;
    if (symmetry) request.split.symmetry = nf::parse_symmetry(nf::lower_ascii(*symmetry));
    if (shard) request.search.shard = nf::parse_shard(*shard);
    if (fault) request.search.fault = nf::parse_fault(nf::lower_ascii(*fault));
    return true;
  };
#ifdef NF_HAVE_MPI
  if (job && job->rank() > 0) {  // a worker rank: decide the units rank 0 hands out, print nothing
    std::cout.setstate(std::ios::failbit);
    bool ok = false;
    try {
      ok = parse();
    } catch (const std::exception&) {  // rank 0 reports it
    }
    nf::StopRequest ignored;  // a signal to the whole job stops it through rank 0
    nf::StopOnSignals on_signals(ignored);
    (void)job->work(ok ? &request.split : nullptr, request.search.shard, request.search.threads);
    return nf::kExitOk;  // rank 0's status is the job's (a nonzero one here would make mpirun kill rank 0 before it reports)
  }
  if (job) request.search.executor = &job->executor();
#endif
  if (!parse()) return nf::kExitOk;
  if (!quiet)
    request.search.progress = [](const nf::SearchProgress& p) {
      std::cerr << "prove-minimal: " << nf::format_progress(p) << std::endl;
    };
  request.certificate_path = certificate;
  request.checkpoint_path = checkpoint;
  request.checkpoint_interval = checkpoint_every;
  request.resume = resume;
  if (!json)
    request.planned = [](const nf::SearchPlan& plan) { std::cout << nf::format_prove_header(plan) << std::flush; };
  nf::StopRequest stop;
  nf::StopOnSignals on_signals(stop);
  request.search.stop = &stop;
  nf::ProveResult r = nf::prove_minimal(request);
#ifdef NF_HAVE_MPI
  if (job) r.summary.ranks = static_cast<unsigned>(job->size());
#endif
  if (json) std::cout << nf::prove_json(r).dump() << '\n';
  else std::cout << nf::format_prove_result(r);
  if (r.summary.interrupted) {
    std::cerr << "prove-minimal: interrupted by signal " << stop.signal_number() << " after " << r.summary.units_done
              << " of " << r.summary.units << " work units"
              << (checkpoint.empty() ? std::string() : "; continue with --resume --checkpoint " + checkpoint) << std::endl;
    return nf::kExitUnknown;
  }
  return r.self_check_failure.empty() ? nf::kExitOk : nf::kExitRefuted;
}

}  // namespace

int main(int argc, char** argv) { return nf::run_tool("prove-minimal", [&] { return run(argc, argv); }); }
