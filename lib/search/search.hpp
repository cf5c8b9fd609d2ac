// The exhaustive run behind prove-minimal: every orbit representative of the
// case split (case_split.hpp) is decided exactly and reported to a sink.
//
// Enumeration: depth-first over ascending point tuples.  A prefix (the k
// smallest points of a set) is extended only while it is the lexicographically
// smallest of its images under the symmetry group; this prunes nothing that
// matters, because a set that is the smallest of its orbit has every prefix
// the smallest of its own orbit (proofs/README.md, "prefix lemma").  Each
// pruned subtree is counted, so the candidates accounted for add up to
// C(|D|^n, s), which is checked at the end.
//
// Decision: each prefix keeps a row echelon form of its rows (a_j^r)_r with the
// target column (x1...xn, or x^r) last; the set is feasible exactly when that
// column becomes a pivot (case_split.hpp, (*)).  Over Q the rows are integers (the domain scaled
// by its common denominator, which preserves solvability) reduced fraction-free
// with overflow checks; over F_p residues.  A leaf whose word arithmetic
// overflowed, and every fresh witness, goes through solve_candidate (FLINT
// rref), which must agree with the fast answer (an InternalError otherwise).
// Witnesses are shared within a unit: a fresh one is computed for the set
// widened by later points on which it can also vanish, and a later set takes
// a recent witness whose exact value at each of its points is zero (which
// proves infeasibility by itself); never across units, so the sink's input
// does not depend on threads, ranks or interruptions.
//
// Parallelism: the canonical prefixes of a fixed depth (the smallest depth
// with at least 4096 of them none of which covers more than 2^24 candidate
// sets, or s) are tasks, numbered in order; shard I/N
// takes the tasks numbered I-1 mod N, and its threads take them in turn.
// Results are reported in task order, so the output does not depend on the
// number of threads, and the shards of a run partition its representatives.
//
// Work units: the tasks of a shard, numbered 0..U-1 in that order, are its
// units.  A SearchPlan computes them once; a UnitWorker decides any unit on
// its own (threads of this process, or another MPI rank through a
// UnitExecutor, with the result shipped as encode_unit_result bytes); the
// sink sees unit(k) and then unit k's representatives, k = 0, 1, ..., so the
// sink's input does not depend on where units ran.  A run can start after a
// prefix of units (SearchOptions::resume, from a checkpoint) and can stop
// after a prefix (SearchOptions::stop): it then reports the units it
// completed and sets SearchSummary::interrupted.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "search/case_split.hpp"
#include "search/search_sink.hpp"

namespace nf {

struct SearchProgress {
  std::uint64_t done = 0;    // candidate sets accounted for in this shard
  std::uint64_t total = 0;   // candidate sets this shard accounts for in all
  std::uint64_t orbits = 0;  // representatives decided so far
  // About how many representatives the shard has: C(|D|^n, s) / (|G| N), a
  // lower bound for the whole split (orbits have at most |G| members).  The
  // time per representative is nearly constant, so the ETA uses this count;
  // `done` jumps ahead whenever a large subtree is pruned.
  double expected_orbits = 0;
  double seconds = 0;
  std::uint64_t orbits_at_start = 0;  // representatives of units done before this run (resume)
  std::uint64_t units_done = 0, units = 0;
};

// The accounting after the first `units_done` units of a shard: what a
// checkpoint records and a resumed run starts from.
struct SearchTally {
  std::uint64_t units_done = 0;
  std::uint64_t orbits = 0, feasible = 0, feasible_candidates = 0, exact_fallbacks = 0;
  std::uint64_t candidates_done = 0;  // candidate sets accounted for (pruned ones included)
  bool operator==(const SearchTally& o) const {
    return units_done == o.units_done && orbits == o.orbits && feasible == o.feasible &&
           feasible_candidates == o.feasible_candidates && exact_fallbacks == o.exact_fallbacks &&
           candidates_done == o.candidates_done;
  }
};

// What one unit produced: the representatives the sink needs (ordinal =
// position among the unit's representatives, from 0) and its counts.
struct UnitResult {
  std::vector<CandidateResult> reported;
  std::uint64_t orbits = 0, feasible = 0, feasible_candidates = 0, raw = 0, fallbacks = 0;
};

// Bytes for shipping a UnitResult to another process, and back; the decoder
// throws InputError on anything malformed (never reads out of bounds).
std::string encode_unit_result(const UnitResult& result);
UnitResult decode_unit_result(const std::string& bytes);

// The units of one shard.  Deterministic: every process that builds the plan
// of the same split, shard and needs gets the same units.
// Throws InputError for a shard outside 1..N, InternalError if the task split
// does not account for C(|D|^n, s).
class SearchPlan {
 public:
  SearchPlan(const CaseSplit& split, const ShardSpec& shard, SinkNeeds needs);
  ~SearchPlan();
  SearchPlan(const SearchPlan&) = delete;
  SearchPlan& operator=(const SearchPlan&) = delete;
  const CaseSplit& split() const;
  const ShardSpec& shard() const;
  SinkNeeds needs() const;
  std::uint64_t units() const;
  // Candidate sets the shard accounts for in all, and those pruned before the
  // units (counted by shard 1 as done from the start).
  std::uint64_t shard_candidates() const;
  std::uint64_t pruned_before_units() const;

 private:
  friend class UnitWorker;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decides units of a plan; one per thread (it keeps the walk's buffers).
class UnitWorker {
 public:
  explicit UnitWorker(const SearchPlan& plan);
  ~UnitWorker();
  UnitWorker(const UnitWorker&) = delete;
  UnitWorker& operator=(const UnitWorker&) = delete;
  // Throws InputError for a unit outside 0..units()-1.
  UnitResult run(std::uint64_t unit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Units run elsewhere (the MPI ranks other than 0).  run_search calls serve()
// on a thread of its own; serve hands out units obtained from next_unit()
// (std::nullopt: nothing more, or a stop was requested) and delivers each
// result through unit_done (both thread-safe), and returns once every remote
// worker has been told to stop and every unit it took has been delivered.
class UnitExecutor {
 public:
  virtual ~UnitExecutor() = default;
  virtual void serve(const SearchPlan& plan, const std::function<std::optional<std::uint64_t>()>& next_unit,
                     const std::function<void(std::uint64_t, UnitResult&&)>& unit_done) = 0;
};

// Deliberately wrong output, to test that the checkers reject it.
struct SearchFault {
  enum class Kind { None, SkipCandidate, ChangeCoefficient, DropProductTerm };
  Kind kind = Kind::None;
  std::uint64_t ordinal = 0;  // which representative of the shard (from 0)
};

// "skip:K" (representative K is neither reported nor counted), "coefficient:K"
// (the first coefficient of its witness is increased by 1), "product:K" (its
// polynomial witness loses the target's term, x1...xn or x^r).  Throws InputError.
SearchFault parse_fault(const std::string& text);

class StopRequest;

struct SearchOptions {
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency(); local threads beside an executor
  ShardSpec shard;
  std::function<void(const SearchProgress&)> progress;  // called from the calling thread
  double progress_interval = 5.0;                       // seconds
  SearchFault fault;
  const StopRequest* stop = nullptr;  // polled between units; see search.hpp's header
  SearchTally resume;                 // units [0, resume.units_done) were done by an earlier run
  // After unit k's representatives reached the sink (k ascending), with the
  // tally of units 0..k; on the calling thread or a worker's, never two at once.
  std::function<void(const SearchTally&)> unit_done;
  UnitExecutor* executor = nullptr;   // also run units there
  // Called once the plan is built, before any unit (the header on stdout).
  std::function<void(const SearchPlan&)> planned;
};

// Runs the shard and returns its summary (also passed to sink.end()).
// Throws InputError for a shard outside 1..N or a resume tally past the
// shard's units, InternalError if the fast decision and the rref disagree or
// the accounting does not add up.  When a stop is requested the summary
// covers the units completed (a prefix), with interrupted set.
SearchSummary run_search(const CaseSplit& split, const SearchOptions& options, SearchSink& sink);

}  // namespace nf
