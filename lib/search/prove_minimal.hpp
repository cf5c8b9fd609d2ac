// prove-minimal: the exhaustive run as one library call, and its report.
//
//   prove_minimal(request)   builds the case split, runs the search with the
//                            sinks the request asks for (certificate writer,
//                            in-process checker, feasible-gate collector) and
//                            returns the summary with the gates found.
// Example: n = 2, m = 3, domain -3..3, generic activation: 18424 candidate
// sets, 2397 orbit representatives under the group of order 8, none feasible;
// the paper's bound m >= 2^n = 4 (Appendix A.2) holds on this domain.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "search/case_split.hpp"
#include "search/checkpoint.hpp"
#include "search/search.hpp"

namespace nf {

struct ProveRequest {
  CaseSplitSpec split;
  SearchOptions search;
  std::ostream* certificate = nullptr;  // write the certificate here when set
  // Or into this file (compressed when it ends in .zst; certificate_file.hpp):
  // atomically without a checkpoint, in place with one.
  std::string certificate_path;
  bool self_check = false;              // attach the in-process checker
  std::size_t gate_limit = 1000;        // feasible representatives kept for the report
  // Checkpoints (checkpoint.hpp): written every checkpoint_interval seconds
  // (after the unit in hand), when a stop is requested, and at the end.
  std::string checkpoint_path;
  double checkpoint_interval = 60;
  // Continue the run recorded in checkpoint_path: same claim, shard and
  // certificate file; its units are not redone.  InputError otherwise.
  bool resume = false;
  // Called once the work units are known, before any is run (the header).
  std::function<void(const SearchPlan&)> planned;
};

struct ProveResult {
  SearchSummary summary;
  std::vector<GateRecord> gates;
  bool gates_truncated = false;
  bool self_checked = false;
  std::string self_check_failure;  // "" when passed or not run
  std::uint64_t polynomials = 0;   // dictionary entries written by this run
  double seconds_before = 0;       // time spent by the runs this one resumed
};

// Throws InputError / LimitError for a bad or oversized request (before any
// search), InternalError on an engine inconsistency.
ProveResult prove_minimal(const ProveRequest& request);

// The header, printed before the search starts: the claim, the case split,
// the symmetry group with a lower bound on the orbit count, the work units.
std::string format_prove_header(const SearchPlan& plan);

// What follows the header at the end: the counts, the gates found (all of
// them), the conclusion with the paper's bound, the time.
std::string format_prove_result(const ProveResult& result);

// Header and result as one paragraph.
std::string format_prove_report(const ProveResult& result);

// Keys: n, m, domain, activation, degrees, symmetry, group_order, points,
// size, candidates, orbits, feasible, feasible_candidates, shard,
// shard_candidates, complete, units, units_done, units_resumed, interrupted,
// exact_fallbacks, paper_bound, conclusion, self_check,
// gates [{points, weights, orbit_size}], gates_truncated, threads, ranks, seconds.
nlohmann::ordered_json prove_json(const ProveResult& result);

// "1.2e8 of about 1.66e9 representatives (7.2%), ..., 4.1e6 representatives/s, ETA 6.3 min".
std::string format_progress(const SearchProgress& progress);

}  // namespace nf
