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
// overflowed, and every witness, goes through solve_candidate (FLINT rref),
// which must agree with the fast answer (an InternalError otherwise).
//
// Parallelism: the canonical prefixes of a fixed depth (the smallest depth
// with at least 4096 of them, or s) are tasks, numbered in order; shard I/N
// takes the tasks numbered I-1 mod N, and its threads take them in turn.
// Results are reported in task order, so the output does not depend on the
// number of threads, and the shards of a run partition its representatives.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

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

struct SearchOptions {
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  ShardSpec shard;
  std::function<void(const SearchProgress&)> progress;  // called from the calling thread
  double progress_interval = 5.0;                       // seconds
  SearchFault fault;
};

// Runs the shard and returns its summary (also passed to sink.end()).
// Throws InputError for a shard outside 1..N, InternalError if the fast
// decision and the rref disagree or the accounting does not add up.
SearchSummary run_search(const CaseSplit& split, const SearchOptions& options, SearchSink& sink);

}  // namespace nf
