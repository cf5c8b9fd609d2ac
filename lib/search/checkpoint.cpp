#include "search/checkpoint.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/output_file.hpp"
#include "core/rational.hpp"

namespace nf {

std::string describe_run(const CaseSplit& split, const ShardSpec& shard) {
  return "n=" + std::to_string(split.n()) + " m=" + std::to_string(split.m()) + " domain=" + split.domain().spec() +
         " activation=" + split.activation().name() + " target=" + format_monomial(split.target().r) +
         " symmetry=" + split.symmetry_description() + " shard=" + shard.to_string();
}

void write_checkpoint(const std::string& path, const Checkpoint& c) {
  write_file(path, [&](std::ostream& out) {
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "%.3f", c.seconds);
    out << "noflat-checkpoint 1\n"
        << "run " << c.run << '\n'
        << "units " << c.units << '\n'
        << "units_done " << c.tally.units_done << '\n'
        << "orbits " << c.tally.orbits << '\n'
        << "feasible " << c.tally.feasible << '\n'
        << "feasible_candidates " << c.tally.feasible_candidates << '\n'
        << "exact_fallbacks " << c.tally.exact_fallbacks << '\n'
        << "candidates_done " << c.tally.candidates_done << '\n'
        << "seconds " << seconds << '\n'
        << "certificate " << (c.certificate.empty() ? "-" : c.certificate) << '\n'
        << "certificate_bytes " << c.certificate_bytes << '\n';
    for (const GateRecord& g : c.gates) {
      out << "gate " << g.orbit_size;
      for (const auto& p : g.points) out << ' ' << p;
      out << " :";
      for (const auto& w : g.weights) out << ' ' << w;
      out << '\n';
    }
    for (const auto& y : c.dictionary) out << "y " << y << '\n';
    out << "end\n";
  });
}

namespace {

class Reader {
 public:
  Reader(std::istream& in, std::string path) : in_(in), path_(std::move(path)) {}
  [[noreturn]] void bad(const std::string& what) const {
    throw InputError(path_ + ":" + std::to_string(line_number_) + ": " + what);
  }
  const std::string& next() {
    if (!std::getline(in_, line_)) {
      ++line_number_;
      bad("the checkpoint is truncated (expected more lines)");
    }
    ++line_number_;
    return line_;
  }
  std::string value(const std::string& key) {
    next();
    if (line_.compare(0, key.size() + 1, key + " ") != 0 || line_.size() == key.size() + 1)
      bad("expected '" + key + " ...'");
    return line_.substr(key.size() + 1);
  }
  std::uint64_t number(const std::string& key) {
    const std::string v = value(key);
    if (v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos) bad(key + ": expected a whole number");
    return std::stoull(v);
  }
  const std::string& line() const { return line_; }

 private:
  std::istream& in_;
  std::string path_, line_;
  std::uint64_t line_number_ = 0;
};

}  // namespace

Checkpoint read_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read checkpoint " + path);
  Reader r(in, path);
  Checkpoint c;
  if (r.next() != "noflat-checkpoint 1") r.bad("expected the version line 'noflat-checkpoint 1'");
  c.run = r.value("run");
  c.units = r.number("units");
  c.tally.units_done = r.number("units_done");
  if (c.tally.units_done > c.units) r.bad("units_done exceeds units");
  c.tally.orbits = r.number("orbits");
  c.tally.feasible = r.number("feasible");
  c.tally.feasible_candidates = r.number("feasible_candidates");
  c.tally.exact_fallbacks = r.number("exact_fallbacks");
  c.tally.candidates_done = r.number("candidates_done");
  if (c.tally.feasible > c.tally.orbits) r.bad("more feasible representatives than representatives");
  {
    const std::string s = r.value("seconds");
    char* end = nullptr;
    c.seconds = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(c.seconds) || c.seconds < 0) r.bad("seconds: expected a number");
  }
  c.certificate = r.value("certificate");
  if (c.certificate == "-") c.certificate.clear();
  c.certificate_bytes = r.number("certificate_bytes");
  while (true) {
    const std::string& l = r.next();
    if (l == "end") break;
    if (l.compare(0, 2, "y ") == 0 && l.size() > 2) {
      c.dictionary.push_back(l.substr(2));
      continue;
    }
    if (!c.dictionary.empty()) r.bad("expected a 'y' line or 'end'");
    if (l.compare(0, 5, "gate ") != 0) r.bad("expected a 'gate' line or 'end'");
    std::istringstream ls(l.substr(5));
    GateRecord g;
    std::string tok;
    if (!(ls >> tok) || tok.size() > 19 || tok.find_first_not_of("0123456789") != std::string::npos)
      r.bad("gate: expected the orbit size");
    g.orbit_size = std::stoull(tok);
    while (ls >> tok && tok != ":") g.points.push_back(tok);
    if (tok != ":" || g.points.empty()) r.bad("gate: expected points, ':' and weights");
    while (ls >> tok) g.weights.push_back(tok);
    if (g.weights.size() != g.points.size()) r.bad("gate: expected one weight per point");
    c.gates.push_back(std::move(g));
  }
  std::string extra;
  if (std::getline(in, extra)) r.bad("unexpected text after 'end'");
  return c;
}

}  // namespace nf
