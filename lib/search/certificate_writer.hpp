// The certificate of an exhaustive run as plain text (grammar and a worked
// example in proofs/README.md; checked by proofs/checker/check-proof.cpp).
//
//   noflat-proof 1
//   n 1 / m 1 / domain -1..1 / activation generic / degrees 0 1 /
//   symmetry permute negate / size 1 / candidates 3 / shard 1/1   (one per line)
//   y 1 1*x1 1            polynomial witness number 1: Y = x1 + 1
//   i (-1) : 1            representative {(-1)} is infeasible, Y_1 vanishes on it
//   f (a) (b) : w1 w2     a feasible representative with its output weights
//   end 2 0               representatives and feasible ones in this section
//
// Identical polynomials are written once per section and referred to by
// number.  Shards write one section each; their concatenation is a
// certificate of the whole case split.
#pragma once

#include <ostream>
#include <string>
#include <unordered_map>

#include "search/search_sink.hpp"

namespace nf {

inline constexpr const char* kCertificateVersionLine = "noflat-proof 1";

class CertificateWriter : public SearchSink {
 public:
  explicit CertificateWriter(std::ostream& out) : out_(out) {}
  SinkNeeds needs() const override { return {true, true}; }
  void begin(const CaseSplit& split, const ShardSpec& shard) override;
  void candidate(const CandidateResult& result) override;
  void end(const SearchSummary& summary) override;
  std::uint64_t polynomials_written() const { return next_id_ - 1; }

 private:
  std::ostream& out_;
  const CaseSplit* split_ = nullptr;
  std::unordered_map<std::string, std::uint64_t> ids_;
  std::uint64_t next_id_ = 1;
};

}  // namespace nf
