// Checkpoints of an exhaustive run: which work units are done, so that a run
// killed in any way (SIGKILL included) continues where it was (--resume).
//
// A checkpoint records the run it belongs to (describe_run: the claim and the
// shard), the shard's unit count, the tally after a prefix of units
// (search.hpp, SearchTally), the gates found in them, the time spent, and
// where the certificate of those units ends (its file and byte size: a
// resumed run cuts the file there and appends, certificate_file.hpp).
//
//   noflat-checkpoint 1
//   run n=2 m=3 domain=-2..2 activation=generic target=x1*x2 symmetry=permute negate shard=1/1
//   units 1186
//   units_done 512
//   orbits 1003 / feasible 0 / feasible_candidates 0 / exact_fallbacks 0 / candidates_done 9921   (one per line)
//   seconds 0.41
//   certificate /path/to/cert.txt        ("-" without one)
//   certificate_bytes 40213
//   gate 4 (0,1) (1,0) : 1/2 1/2         (orbit size, points, weights; one line per gate)
//   y 1*x1*x2 2*x2                       (the certificate's dictionary in force, entry 1, 2, ...)
//   end
//
// write_checkpoint is atomic (temporary file, fsync, rename): a reader sees
// the previous checkpoint or the new one, never a mixture.  read_checkpoint
// throws InputError "PATH:LINE: expected ..." on anything malformed or
// truncated, "cannot read PATH" when it cannot be opened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "search/case_split.hpp"
#include "search/search.hpp"

namespace nf {

// A feasible representative, formatted: its points and output weights.
struct GateRecord {
  std::vector<std::string> points;
  std::vector<std::string> weights;
  std::uint64_t orbit_size = 1;
};

struct Checkpoint {
  std::string run;
  std::uint64_t units = 0;
  SearchTally tally;
  double seconds = 0;
  std::string certificate;  // "" when the run writes none
  std::uint64_t certificate_bytes = 0;
  std::vector<GateRecord> gates;
  std::vector<std::string> dictionary;  // certificate_writer.hpp
};

// "n=3 m=7 domain=-1..1 activation=generic target=x1*x2*x3 symmetry=permute negate shard=1/1".
std::string describe_run(const CaseSplit& split, const ShardSpec& shard);

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
Checkpoint read_checkpoint(const std::string& path);

}  // namespace nf
