#include "search/certificate_writer.hpp"

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

void CertificateWriter::begin(const CaseSplit& split, const ShardSpec& shard) {
  split_ = &split;
  ids_.clear();
  next_id_ = 1;
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
       << "shard " << shard.to_string() << '\n';
}

void CertificateWriter::candidate(const CandidateResult& result) {
  if (!split_ || !result.witness) throw InternalError("certificate writer: a candidate without its witness");
  std::string points;
  for (std::uint32_t p : result.points) points += ' ' + split_->format_point(p);
  if (!result.witness->feasible) {
    const std::string poly = format_witness_polynomial(*split_, *result.witness);
    if (ids_.size() > 1'000'000) ids_.clear();  // bound the memory; later uses are written again
    auto [it, fresh] = ids_.emplace(poly, next_id_);
    if (fresh) out_ << "y " << next_id_++ << ' ' << poly << '\n';
    out_ << 'i' << points << " : " << it->second << '\n';
  } else {
    out_ << 'f' << points << " :";
    for (const mpq_class& w : result.witness->weights) out_ << ' ' << to_string(w);
    out_ << '\n';
  }
}

void CertificateWriter::end(const SearchSummary& summary) {
  out_ << "end " << summary.orbits << ' ' << summary.feasible << '\n';
  out_.flush();
}

}  // namespace nf
