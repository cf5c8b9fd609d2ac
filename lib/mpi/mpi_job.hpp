// One exhaustive search over the ranks of an MPI job:
//
//   mpirun -np K prove-minimal 3 7 --domain -2..2 --certificate run.cert.zst
//
// Rank 0 does everything prove-minimal does alone (header, progress, sinks,
// certificate, checkpoints) and also serves work units to ranks 1..K-1
// through the UnitExecutor of search.hpp; the other ranks only decide units,
// with --threads threads each, and send the results back (encode_unit_result).
// Distribution is dynamic (guided self-scheduling): a thread asks rank 0 for
// units when it has none, and gets a few at a time (fewer as the run nears its
// end), so a rank that finishes early simply takes more.  Rank 0 reports the
// units in order, so the summary and the certificate are the same as a
// single-process run's, whatever the number of ranks.
//
// Built only with NF_MPI (the library nf_mpi, linked into prove-minimal; not
// part of the installed noflat library).  MPI is initialized only when the
// process was started by an MPI launcher (started_by_mpi_launcher()), so the
// same binary run directly behaves exactly like a build without MPI.
//
// Contract of the protocol (all messages on MPI_COMM_WORLD):
//   1. every rank builds the same CaseSplit and SearchPlan from its arguments;
//   2. rank 0 broadcasts "go" with the sinks' needs, or "stop" when it will
//      not search (an input error: only rank 0 reports it);
//   3. worker threads send (results of the units they held) and receive the
//      next units, an empty list meaning "stop" (also after SIGINT/SIGTERM on
//      rank 0: the units in hand are finished and delivered first).
// A worker that fails (an engine error) aborts the job with MPI_Abort.
#pragma once

#include <cstdlib>
#include <memory>

#include "search/case_split.hpp"
#include "search/search.hpp"

namespace nf {

// OMPI_COMM_WORLD_SIZE, PMI_SIZE or MPI_LOCALNRANKS above 1 in the
// environment: several ranks were started.  Inline: a build without MPI uses
// it to refuse running as K copies of the whole search.
inline bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MPI_LOCALNRANKS"}) {
    const char* v = std::getenv(name);
    if (v && std::atoi(v) > 1) return true;
  }
  return false;
}

class MpiJob {
 public:
  // MPI_Init_thread with MPI_THREAD_SERIALIZED (MPI calls are made by one
  // thread at a time); throws InputError if the library cannot provide it.
  MpiJob(int& argc, char**& argv);
  MpiJob(const MpiJob&) = delete;
  MpiJob& operator=(const MpiJob&) = delete;
  // Rank 0: releases the workers if no search was served; then MPI_Finalize.
  ~MpiJob();

  int rank() const { return rank_; }
  int size() const { return size_; }

  // Rank 0: the executor that serves units to ranks 1..size-1 (valid while
  // this object lives; one search per job).
  UnitExecutor& executor();

  // Ranks 1..size-1: waits for rank 0's go, then decides units of the plan
  // of (split, shard) with `threads` threads until told to stop.  Returns
  // false when rank 0 released the job without a search.  With no spec (this
  // rank could not parse its arguments) or a split it cannot build (rank 0
  // reports the same input error) it takes part in the protocol with no threads.
  bool work(const CaseSplitSpec* split, const ShardSpec& shard, unsigned threads);

 private:
  class Executor;
  int rank_ = 0, size_ = 1;
  std::unique_ptr<Executor> executor_;
};

}  // namespace nf
