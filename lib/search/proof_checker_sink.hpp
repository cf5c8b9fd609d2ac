// The in-process checker: a SearchSink that checks what the search reports as
// it arrives, with the engine's own arithmetic but none of the search's
// shortcuts.  Each representative must be canonical (every group image sorted
// and compared, CaseSplit::is_orbit_representative), come in strictly
// ascending order, and carry a witness that check_witness accepts.  For a
// complete run (shard 1/1) the orbit sizes of the representatives must add up
// to C(|D|^n, s): distinct canonical sets have disjoint orbits, so the
// representatives then cover every candidate.  (For one shard of several, only
// the witnesses and the order are checked; check-proof confirms coverage on
// the concatenated certificates.)
#pragma once

#include <string>
#include <vector>

#include "search/search_sink.hpp"

namespace nf {

class ProofCheckerSink : public SearchSink {
 public:
  SinkNeeds needs() const override { return {true, true}; }
  void begin(const CaseSplit& split, const ShardSpec& shard) override;
  void candidate(const CandidateResult& result) override;
  void end(const SearchSummary& summary) override;

  bool verified() const { return finished_ && failure_.empty(); }
  // The first failing step ("" when none).
  const std::string& failure() const { return failure_; }

 private:
  void fail(const std::string& why);
  const CaseSplit* split_ = nullptr;
  ShardSpec shard_;
  std::vector<std::uint32_t> previous_;
  std::uint64_t count_ = 0, feasible_ = 0, covered_ = 0;
  bool finished_ = false;
  std::string failure_;
};

}  // namespace nf
