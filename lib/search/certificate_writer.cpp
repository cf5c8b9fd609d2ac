#include "search/certificate_writer.hpp"

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

void CertificateWriter::begin(const CaseSplit& split, const ShardSpec& shard) {
  split_ = &split;
  shard_ = shard;
  if (!header_written_) {
    ids_.clear();
    polys_.clear();
  }
  previous_.clear();
  polynomials_ = 0;
}

void CertificateWriter::restore(std::vector<std::string> dictionary) {
  header_written_ = true;
  polys_ = std::move(dictionary);
  ids_.clear();
  for (std::size_t k = 0; k < polys_.size(); ++k) ids_.emplace(polys_[k], k + 1);
}

void CertificateWriter::header() {
  const CaseSplit& split = *split_;
  out_ << kCertificateVersionLine << '\n'
       << "n " << split.n() << '\n'
       << "m " << split.m() << '\n'
       << "domain " << split.domain().spec() << '\n'
       << "activation " << split.activation().name() << '\n';
  // The product target keeps the original header (no target line).
  if (!split.target().is_product()) out_ << "target " << format_monomial(split.target().r) << '\n';
  out_ << "degrees";
  for (unsigned k : split.imposed_degrees()) out_ << ' ' << k;
  out_ << '\n'
       << "symmetry " << split.symmetry_description() << '\n'
       << "size " << split.size() << '\n'
       << "candidates " << split.candidate_count() << '\n'
       << "shard " << shard_.to_string() << '\n'
       << "units " << units_ << '\n';
  header_written_ = true;
}

void CertificateWriter::unit(std::uint64_t index, std::uint64_t count) {
  if (!split_) throw InternalError("certificate writer: unit() before begin()");
  units_ = count;
  if (!header_written_) header();
  if (polys_.size() >= kDictionaryLimit) {
    out_ << "d\n";
    ids_.clear();
    polys_.clear();
  }
  out_ << "u " << index + 1 << '\n';
  previous_.clear();
}

void CertificateWriter::candidate(const CandidateResult& result) {
  if (!split_ || !result.witness) throw InternalError("certificate writer: a candidate without its witness");
  std::size_t shared = 0;
  while (shared < previous_.size() && shared < result.points.size() && previous_[shared] == result.points[shared])
    ++shared;
  line_.clear();
  line_ += result.witness->feasible ? 'f' : 'i';
  line_ += ' ';
  line_ += std::to_string(shared);
  for (std::size_t j = shared; j < result.points.size(); ++j) {
    line_ += ' ';
    line_ += std::to_string(result.points[j]);
  }
  line_ += " :";
  if (!result.witness->feasible) {
    const std::string poly = format_witness_polynomial(*split_, *result.witness);
    auto [it, fresh] = ids_.emplace(poly, polys_.size() + 1);
    if (fresh) {
      polys_.push_back(poly);
      out_ << "y " << it->second << ' ' << poly << '\n';
      ++polynomials_;
    }
    line_ += ' ';
    line_ += std::to_string(it->second);
  } else {
    for (const mpq_class& w : result.witness->weights) {
      line_ += ' ';
      line_ += to_string(w);
    }
  }
  line_ += '\n';
  out_ << line_;
  previous_ = result.points;
}

void CertificateWriter::end(const SearchSummary& summary) {
  units_ = summary.units;
  if (!header_written_) header();  // a shard without units
  if (summary.interrupted) out_ << "incomplete " << summary.units_done << ' ' << summary.units << '\n';
  else out_ << "end " << summary.orbits << ' ' << summary.feasible << '\n';
  out_.flush();
}

}  // namespace nf
