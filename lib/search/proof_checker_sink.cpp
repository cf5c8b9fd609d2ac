#include "search/proof_checker_sink.hpp"

namespace nf {

void ProofCheckerSink::fail(const std::string& why) {
  if (failure_.empty()) failure_ = why;
}

void ProofCheckerSink::begin(const CaseSplit& split, const ShardSpec& shard) {
  split_ = &split;
  shard_ = shard;
  previous_.clear();
  count_ = feasible_ = covered_ = 0;
  finished_ = false;
  failure_.clear();
}

void ProofCheckerSink::candidate(const CandidateResult& result) {
  if (!failure_.empty()) return;
  const std::string where = "representative " + std::to_string(count_);
  const auto& pts = result.points;
  if (pts.size() != split_->size()) return fail(where + ": wrong number of points");
  for (std::size_t j = 0; j < pts.size(); ++j) {
    if (pts[j] >= split_->point_count()) return fail(where + ": point number out of range");
    if (j > 0 && pts[j] <= pts[j - 1]) return fail(where + ": points not ascending and distinct");
  }
  if (!previous_.empty() && !(previous_ < pts)) return fail(where + ": representatives not in ascending order");
  if (!split_->is_orbit_representative(pts)) return fail(where + ": not the smallest set of its orbit");
  if (!result.witness) return fail(where + ": no witness");
  if (result.witness->feasible != result.feasible) return fail(where + ": witness kind differs from the verdict");
  const std::string why = check_witness(*split_, pts, *result.witness);
  if (!why.empty()) return fail(where + ": " + why);
  covered_ += split_->orbit_size(pts);
  if (result.feasible) ++feasible_;
  previous_ = pts;
  ++count_;
}

void ProofCheckerSink::end(const SearchSummary& summary) {
  finished_ = true;
  if (!failure_.empty()) return;
  if (summary.interrupted)
    return fail("interrupted after " + std::to_string(summary.units_done) + " of " + std::to_string(summary.units) +
                " work units");
  if (summary.units_resumed > 0) {  // only this run's units were seen
    if (count_ + summary.orbits_resumed != summary.orbits) fail("the resumed run's representative count differs");
    return;
  }
  if (count_ != summary.orbits) fail("the search counted " + std::to_string(summary.orbits) +
                                     " representatives but reported " + std::to_string(count_));
  if (feasible_ != summary.feasible) fail("the feasible count differs from the witnesses");
  if (shard_.count == 1) {
    const std::uint64_t all = binomial_saturating(split_->point_count(), split_->size());
    if (covered_ != all)
      fail("the orbits of the representatives cover " + std::to_string(covered_) + " of the " +
           std::to_string(all) + " candidate sets");
  }
}

}  // namespace nf
