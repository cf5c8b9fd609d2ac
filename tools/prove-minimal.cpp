// prove-minimal: decide by exhaustive exact computation, for every n x m
// input-weight matrix with entries in a finite domain, whether output weights
// satisfying (A2)/(A3) exist; optionally write a certificate for check-proof.
// The options and the run are lib/cli's; this program adds MPI (one search
// over the ranks of mpirun) and SIGINT/SIGTERM as a clean stop.
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/tool_mains.hpp"
#include "core/stop_request.hpp"
#include "mpi/mpi_job.hpp"

namespace {

int run(int argc, char** argv) {
  const std::vector<std::string> args = nf::arguments(argc, argv);
#ifdef NF_HAVE_MPI
  std::unique_ptr<nf::MpiJob> job;
  if (nf::started_by_mpi_launcher()) job = std::make_unique<nf::MpiJob>(argc, argv);
  if (job && job->rank() > 0) {  // a worker rank: decide the units rank 0 hands out, print nothing
    std::optional<nf::ProveMinimalRun> parsed;
    try {
      std::ostringstream ignored_output;
      parsed = nf::parse_prove_minimal(args, ignored_output);
    } catch (const std::exception&) {  // rank 0 reports it
    }
    nf::StopRequest ignored;  // a signal to the whole job stops it through rank 0
    nf::StopOnSignals on_signals(ignored);
    (void)job->work(parsed ? &parsed->request.split : nullptr, parsed ? parsed->request.search.shard : nf::ShardSpec{},
                    parsed ? parsed->request.search.threads : 0);
    return nf::kExitOk;  // rank 0's status is the job's (a nonzero one here would make mpirun kill rank 0 before it reports)
  }
#else
  if (nf::started_by_mpi_launcher())
    throw nf::InputError("this prove-minimal was built without MPI (-DNF_MPI=OFF): under mpirun every rank would "
                         "repeat the whole search; rebuild with MPI or start independent --shard I/N jobs");
#endif
  std::optional<nf::ProveMinimalRun> parsed = nf::parse_prove_minimal(args, std::cout);
  if (!parsed) return nf::kExitOk;
#ifdef NF_HAVE_MPI
  if (job) {
    parsed->request.search.executor = &job->executor();
    parsed->ranks = static_cast<unsigned>(job->size());
  }
#endif
  nf::StopRequest stop;
  nf::StopOnSignals on_signals(stop);
  return nf::run_prove_minimal(*parsed, std::cout, stop);
}

}  // namespace

int main(int argc, char** argv) { return nf::run_tool("prove-minimal", [&] { return run(argc, argv); }); }
