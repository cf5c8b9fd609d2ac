// The certificate of an exhaustive run as plain text, version 2 (grammar and
// a worked example in proofs/README.md; checked by proofs/checker/check-proof.cpp,
// which also reads version 1).
//
//   noflat-proof 2
//   n 1 / m 1 / domain -1..1 / activation generic / degrees 0 1 /
//   symmetry permute negate / size 1 / candidates 3 / shard 1/1 / units 2   (one per line)
//   u 1                   work unit 1 of 2 starts
//   y 1 1 1*x1            witness dictionary entry 1: Y = 1 + x1
//   i 0 0 : 1             a representative: 0 points shared with the previous
//                         set of the unit, then the point numbers (here point 0,
//                         i.e. (-1)); infeasible, Y_1 vanishes on it
//   f 1 2 : w1 w2         a feasible one (first point as before, then point 2)
//   d                     (before a unit) the dictionary starts again from 1
//   end 2 0               representatives and feasible ones in this section
//   incomplete 1 2        instead of end: the run stopped after 1 of 2 units
//
// Compactness: points are numbers (mixed radix over the domain), a set lists
// only the points after the prefix it shares with the previous set of its unit
// (the sets come in lexicographic order, so consecutive ones share long
// prefixes), and a polynomial is written once and referred to by number.  The
// dictionary is cleared ("d") at the first unit boundary after it reaches
// kDictionaryLimit entries, which bounds the memory of writer and checker; the
// rule depends on the text alone, so the certificate does not depend on
// threads, ranks or interruptions.  A resumed run restores the dictionary from
// its checkpoint (dictionary(), restore()).  Compression (zstd) is the file's
// business (certificate_file.hpp).
#pragma once

#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/search_sink.hpp"

namespace nf {

inline constexpr const char* kCertificateVersionLine = "noflat-proof 2";
inline constexpr std::size_t kDictionaryLimit = 20000;

class CertificateWriter : public SearchSink {
 public:
  explicit CertificateWriter(std::ostream& out) : out_(out) {}
  SinkNeeds needs() const override { return {true, true}; }
  void begin(const CaseSplit& split, const ShardSpec& shard) override;
  // Writes the header (through the shard line) and "units U" at the first unit.
  void unit(std::uint64_t index, std::uint64_t count) override;
  void candidate(const CandidateResult& result) override;
  void end(const SearchSummary& summary) override;
  std::uint64_t polynomials_written() const { return polynomials_; }
  // The dictionary entries in force, by number (entry k is element k-1).
  const std::vector<std::string>& dictionary() const { return polys_; }
  // A resumed run: the header is in the file, and this dictionary in force.
  void restore(std::vector<std::string> dictionary);

 private:
  void header();
  std::ostream& out_;
  const CaseSplit* split_ = nullptr;
  ShardSpec shard_;
  std::uint64_t units_ = 0;
  bool header_written_ = false;
  std::unordered_map<std::string, std::uint64_t> ids_;
  std::vector<std::string> polys_;
  std::vector<std::uint32_t> previous_;
  std::uint64_t polynomials_ = 0;
  std::string line_;
};

}  // namespace nf
