// What an exhaustive run reports, step by step.  The search (search.hpp)
// reports to a SearchSink and knows nothing about files: a certificate writer
// (certificate_writer.hpp), an in-process checker (proof_checker_sink.hpp) and
// a collector of feasible gates are sinks.
//
// Order: begin(), then for each work unit k = 0, 1, ... unit(k) followed by
// candidate() for its orbit representatives, in ascending lexicographic order
// of their point tuples (only feasible ones unless needs().all_candidates),
// then end().  Calls never overlap.  A resumed run starts at the first unit
// not done; an interrupted one ends early with summary.interrupted set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "search/candidate_solver.hpp"
#include "search/case_split.hpp"

namespace nf {

// --shard I/N: the I-th of N independent parts (1 <= I <= N).
struct ShardSpec {
  std::uint64_t index = 1;
  std::uint64_t count = 1;
  std::string to_string() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "I/N"; throws InputError.
ShardSpec parse_shard(const std::string& text);

struct SinkNeeds {
  bool all_candidates = false;  // report infeasible representatives too
  bool witnesses = false;       // attach a witness to every reported representative
};

struct CandidateResult {
  std::uint64_t ordinal = 0;           // position among this shard's representatives, from 0
  std::vector<std::uint32_t> points;   // ascending point numbers
  bool feasible = false;
  std::optional<Witness> witness;      // when needs().witnesses, and always for feasible ones
  bool decided_by_rref = false;        // word arithmetic overflowed or was unavailable
};

struct SearchSummary {
  unsigned n = 0;
  std::uint64_t m = 0;
  std::size_t size = 0;                  // s
  std::string domain, activation, symmetry;
  std::string target;                    // format_monomial of x^r
  bool product_target = true;            // x^r = x1...xn
  std::uint64_t paper_bound = 0;         // prod(r_i + 1): 2^n for the product (Appendix A.2; Rolnick & Tegmark 2018)
  std::vector<unsigned> degrees;
  std::size_t group_order = 1;
  std::uint32_t points = 0;              // |D|^n
  std::uint64_t candidates = 0;          // C(|D|^n, s), the whole case split
  ShardSpec shard;
  std::uint64_t shard_candidates = 0;    // candidate sets this shard accounts for
  std::uint64_t orbits = 0;              // representatives decided in this shard
  std::uint64_t feasible = 0;            // feasible representatives
  std::uint64_t feasible_candidates = 0; // feasible candidate sets (orbit sizes summed)
  std::uint64_t exact_fallbacks = 0;     // leaves decided by the rref path after word overflow
  unsigned threads = 1;
  double seconds = 0;
  std::uint64_t units = 0;               // work units of this shard
  std::uint64_t units_done = 0;          // units reported (all of them unless interrupted)
  std::uint64_t units_resumed = 0;       // units done by an earlier run (checkpoint)
  std::uint64_t orbits_resumed = 0;      // representatives decided in those units
  bool interrupted = false;              // a stop was requested: only units_done units are covered
  unsigned ranks = 1;                    // MPI processes
};

class SearchSink {
 public:
  virtual ~SearchSink() = default;
  virtual SinkNeeds needs() const = 0;
  virtual void begin(const CaseSplit& split, const ShardSpec& shard) = 0;
  // Work unit `index` (from 0) of `count` starts; its candidates follow.
  virtual void unit(std::uint64_t /*index*/, std::uint64_t /*count*/) {}
  virtual void candidate(const CandidateResult& result) = 0;
  virtual void end(const SearchSummary& summary) = 0;
};

// Forwards every call to several sinks; needs() is their union.
class SinkList : public SearchSink {
 public:
  void add(SearchSink& sink) { sinks_.push_back(&sink); }
  SinkNeeds needs() const override;
  void begin(const CaseSplit& split, const ShardSpec& shard) override;
  void unit(std::uint64_t index, std::uint64_t count) override;
  void candidate(const CandidateResult& result) override;
  void end(const SearchSummary& summary) override;

 private:
  std::vector<SearchSink*> sinks_;
};

// Keeps the feasible representatives (the product gates found), up to a limit.
class FeasibleCollector : public SearchSink {
 public:
  explicit FeasibleCollector(std::size_t limit = 1000) : limit_(limit) {}
  SinkNeeds needs() const override { return {}; }
  void begin(const CaseSplit&, const ShardSpec&) override {}
  void candidate(const CandidateResult& result) override;
  void end(const SearchSummary&) override {}
  const std::vector<CandidateResult>& gates() const { return gates_; }
  bool truncated() const { return truncated_; }

 private:
  std::size_t limit_;
  std::vector<CandidateResult> gates_;
  bool truncated_ = false;
};

}  // namespace nf
