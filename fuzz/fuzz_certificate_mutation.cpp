// Differential fuzz target: the checkers must reject every certificate whose
// claim or witness was changed in a way that provably makes it wrong, and must
// still accept the ones changed in ways that provably keep it right.
//
// The valid certificates are the small committed ones (tests/data/proofs/
// good-*.cert, the two shards together, fuzz/seeds/check_rank/*.cert); each is
// checked to be VERIFIED once at start-up (otherwise the target would pass
// vacuously).  The fuzzer's bytes choose a certificate and a mutation.
//
// Must be rejected (status != 0), for check-proof:
//   point     one coordinate of one listed set (an 'i' or 'f' line) replaced
//             by a different value: that orbit representative is then missing,
//             since a valid certificate lists each one exactly once and the
//             changed set is either no representative or listed already;
//   scale-f   every output weight of one 'f' line times lambda != 1 (mod p over
//             F_p): the equation of the target monomial then reads lambda = 1;
//   target-y  the term of the target monomial removed from a polynomial 'y'
//             that some 'i' line uses: Y must have a nonzero coefficient there;
//   header    n, size, candidates, shard, degrees (as a set) or an 'end' count
//             changed to another value (each is derived from the claim and
//             the lines), or m lowered below size (the sets then have the
//             wrong size);
//   drop/dup  one 'i'/'f' line deleted or repeated, with the 'end' counts
//             adjusted (a representative missing or listed twice);
//   undef     an 'i' line pointing to a polynomial id that is never defined.
// for check-rank:
//   rank      the claimed rank changed (the rank of A is a function of the
//             network, and the certificate was valid for the old value).
// Must be accepted (status 0), alone or on top of the above without changing
// the verdict there: every coefficient of one polynomial 'y' times a nonzero
// lambda (the same zero set and support, lambda != 0 mod p), a number
// rewritten in a non-canonical equivalent form (2/4 for 1/2, -3/3 for -1).
// (check-rank's grammar is canonical, lowest terms and pivot entries 1, so
// its certificates get no neutral rewrite.)
//
// Value comparisons use GMP rationals (this harness, like the checkers, sees no
// engine header); the checkers are called through fuzz/checker_call.hpp.
#include <gmpxx.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "checker_call.hpp"

namespace {

struct Seed {
  std::string name;
  bool rank;  // a check-rank certificate (else check-proof)
  std::vector<std::string> lines;
};

// How many inputs broke a certificate (and were rejected) or kept it valid (and
// were accepted), by checker; printed by the replay driver (nf_fuzz_summary).
std::uint64_t rejected[2], accepted[2];

std::vector<Seed>& seeds() {
  static std::vector<Seed> s;
  return s;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(text);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

std::string unwords(const std::vector<std::string>& w) {
  std::string out;
  for (std::size_t i = 0; i < w.size(); ++i) out += (i ? " " : "") + w[i];
  return out;
}

mpq_class q_of(const std::string& text) {
  mpq_class q(text[0] == '+' ? text.substr(1) : text, 10);
  q.canonicalize();
  return q;
}

int run(const Seed& seed, const std::vector<std::string>& lines) {
  const std::string text = join(lines);
  return seed.rank ? nf_fuzz::check_rank(text) : nf_fuzz::check_proof(text);
}

void load(const std::filesystem::path& dir, const std::string& prefix, bool rank) {
  if (!std::filesystem::is_directory(dir)) return;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0 && e.path().extension() == ".cert") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    seeds().push_back({f.filename().string(), rank, split(text, '\n')});
  }
}

// The fuzzer's bytes, read as small choices (0 once exhausted).
class Choices {
 public:
  Choices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  unsigned byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::size_t below(std::size_t n) {
    if (n == 0) return 0;
    const unsigned v = byte() | (byte() << 8);
    return v % n;
  }
  // A small rational: integers -9..9 and a few fractions.
  mpq_class rational() {
    static const char* table[] = {"0", "1", "-1", "2", "-2", "3", "-3", "1/2", "-1/2", "1/3", "2/3",
                                  "5", "7", "-7", "11", "100", "1/5", "-4/7", "13/11", "4"};
    return mpq_class(table[below(sizeof table / sizeof *table)]);
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

// ------------------------------------------------------------ check-proof

struct ProofView {
  std::uint64_t p = 0;  // the prime of a domain F_p, else 0
  unsigned n = 0;
  std::vector<std::size_t> sets, f_lines, y_lines, i_lines;
  std::size_t end_line = 0, size_line = 0, m_line = 0;
  std::set<std::string> used_ids, defined_ids;
};

ProofView view_of(const std::vector<std::string>& lines) {
  ProofView v;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto w = words(lines[k]);
    if (w.empty()) continue;
    if (w[0] == "domain" && w.size() == 2 && w[1][0] == 'F') v.p = std::stoull(w[1].substr(1));
    if (w[0] == "n" && w.size() == 2) v.n = static_cast<unsigned>(std::stoul(w[1]));
    if (w[0] == "m") v.m_line = k;
    if (w[0] == "size") v.size_line = k;
    if (w[0] == "end") v.end_line = k;
    if (w[0] == "y" && w.size() >= 2) {
      v.y_lines.push_back(k);
      v.defined_ids.insert(w[1]);
    }
    if (w[0] == "i" || w[0] == "f") v.sets.push_back(k);
    if (w[0] == "f") v.f_lines.push_back(k);
    if (w[0] == "i") {
      v.i_lines.push_back(k);
      v.used_ids.insert(w.back());
    }
  }
  return v;
}

// lambda is 1 in F_p (p > 0), or exactly 1.
bool is_one(const mpq_class& lambda, std::uint64_t p) {
  if (p == 0) return lambda == 1;
  const mpz_class pz(static_cast<unsigned long>(p));
  const mpz_class den = lambda.get_den();
  if (den % pz == 0) return false;
  return mpz_class(lambda.get_num() - den) % pz == 0;
}
// lambda is 0 or not a unit of F_p (p > 0).
bool not_a_unit(const mpq_class& lambda, std::uint64_t p) {
  if (lambda == 0) return true;
  const mpz_class pz(static_cast<unsigned long>(p));
  return p != 0 && (mpz_class(lambda.get_num() % pz) == 0 || mpz_class(lambda.get_den() % pz) == 0);
}

// A non-canonical spelling of the same value: 1/2 -> 2/4, -1 -> -3/3, 0 -> 0/5.
std::string respell(const std::string& text, unsigned k) {
  const mpq_class q = q_of(text);
  const long factor = 2 + k % 4;
  mpz_class num = q.get_num() * factor, den = q.get_den() * factor;
  return num.get_str() + "/" + den.get_str();
}

// Each term "c", "c*x1", "c*x1^2*x3"; the exponent vector of its monomial.
std::vector<unsigned> monomial_of(const std::string& term, unsigned n, std::string& coefficient) {
  std::vector<unsigned> r(n, 0);
  const auto factors = split(term, '*');
  coefficient = factors.empty() ? "" : factors[0];
  for (std::size_t f = 1; f < factors.size(); ++f) {
    const std::string& x = factors[f];
    const std::size_t caret = x.find('^');
    const unsigned var = static_cast<unsigned>(std::stoul(x.substr(1, caret == std::string::npos ? std::string::npos : caret - 1)));
    const unsigned e = caret == std::string::npos ? 1 : static_cast<unsigned>(std::stoul(x.substr(caret + 1)));
    if (var >= 1 && var <= n) r[var - 1] += e;
  }
  return r;
}

// The points of a set line: the words between the tag and ':'.
std::vector<std::size_t> point_words(const std::vector<std::string>& w) {
  std::vector<std::size_t> out;
  for (std::size_t k = 1; k < w.size() && w[k] != ":"; ++k) out.push_back(k);
  return out;
}

// Neutral rewrites (must keep an accepted certificate accepted).
void neutral(std::vector<std::string>& lines, const ProofView& v, Choices& c) {
  const unsigned kind = c.byte() % 3;
  if (kind == 0 && !v.y_lines.empty()) {  // scale one polynomial
    const std::size_t k = v.y_lines[c.below(v.y_lines.size())];
    mpq_class lambda = c.rational();
    if (not_a_unit(lambda, v.p)) lambda = -1;
    auto w = words(lines[k]);
    for (std::size_t t = 2; t < w.size(); ++t) {
      std::string coefficient;
      (void)monomial_of(w[t], v.n, coefficient);
      const mpq_class scaled = q_of(coefficient) * lambda;
      w[t] = scaled.get_str() + w[t].substr(coefficient.size());
    }
    lines[k] = unwords(w);
  } else if (kind == 1 && !v.sets.empty()) {  // respell one coordinate
    const std::size_t k = v.sets[c.below(v.sets.size())];
    auto w = words(lines[k]);
    const auto pw = point_words(w);
    if (pw.empty()) return;
    std::string& point = w[pw[c.below(pw.size())]];
    auto coords = split(point.substr(1, point.size() - 2), ',');
    const std::size_t at = c.below(coords.size());
    coords[at] = respell(coords[at], c.byte());
    std::string rebuilt = "(";
    for (std::size_t j = 0; j < coords.size(); ++j) rebuilt += (j ? "," : "") + coords[j];
    point = rebuilt + ")";
    lines[k] = unwords(w);
  } else if (kind == 2 && !v.f_lines.empty()) {  // respell one output weight
    const std::size_t k = v.f_lines[c.below(v.f_lines.size())];
    auto w = words(lines[k]);
    std::size_t colon = 0;
    while (colon < w.size() && w[colon] != ":") ++colon;
    if (colon + 1 >= w.size()) return;
    const std::size_t at = colon + 1 + c.below(w.size() - colon - 1);
    w[at] = respell(w[at], c.byte());
    lines[k] = unwords(w);
  }
}

// One mutation that must make the certificate rejected; returns its name, or
// nullptr when the chosen mutation does not apply (or changes no value).
const char* breaking(std::vector<std::string>& lines, const ProofView& v, Choices& c) {
  auto bump_end = [&](std::size_t k, long delta) {
    auto e = words(lines[v.end_line]);
    const bool is_f = words(lines[k])[0] == "f";
    if (e.size() == 3) e[is_f ? 2 : 1] = std::to_string(std::stol(e[is_f ? 2 : 1]) + delta);
    lines[v.end_line] = unwords(e);
  };
  switch (c.byte() % 8) {
    case 0: {  // point
      if (v.sets.empty()) return nullptr;
      const std::size_t k = v.sets[c.below(v.sets.size())];
      auto w = words(lines[k]);
      const auto pw = point_words(w);
      std::string& point = w[pw[c.below(pw.size())]];
      auto coords = split(point.substr(1, point.size() - 2), ',');
      const std::size_t at = c.below(coords.size());
      const mpq_class replacement = c.rational();
      if (q_of(coords[at]) == replacement) return nullptr;
      coords[at] = replacement.get_str();
      std::string rebuilt = "(";
      for (std::size_t j = 0; j < coords.size(); ++j) rebuilt += (j ? "," : "") + coords[j];
      point = rebuilt + ")";
      lines[k] = unwords(w);
      return "a coordinate of a listed set changed";
    }
    case 1: {  // scale-f
      if (v.f_lines.empty()) return nullptr;
      const std::size_t k = v.f_lines[c.below(v.f_lines.size())];
      const mpq_class lambda = c.rational();
      if (is_one(lambda, v.p)) return nullptr;
      auto w = words(lines[k]);
      std::size_t colon = 0;
      while (colon < w.size() && w[colon] != ":") ++colon;
      for (std::size_t t = colon + 1; t < w.size(); ++t) w[t] = mpq_class(q_of(w[t]) * lambda).get_str();
      lines[k] = unwords(w);
      return "the output weights of a feasible set scaled";
    }
    case 2: {  // target-y
      if (v.y_lines.empty()) return nullptr;
      const std::size_t k = v.y_lines[c.below(v.y_lines.size())];
      auto w = words(lines[k]);
      if (!v.used_ids.count(w[1])) return nullptr;
      for (const auto& l : lines)
        if (l.rfind("target ", 0) == 0) return nullptr;  // only x1...xn certificates
      std::vector<std::string> kept(w.begin(), w.begin() + 2);
      bool removed = false;
      for (std::size_t t = 2; t < w.size(); ++t) {
        std::string coefficient;
        if (monomial_of(w[t], v.n, coefficient) == std::vector<unsigned>(v.n, 1)) removed = true;
        else kept.push_back(w[t]);
      }
      if (!removed) return nullptr;
      lines[k] = unwords(kept);
      return "the target coefficient of a polynomial removed";
    }
    case 3: {  // header
      static const char* keys[] = {"n", "size", "candidates", "shard", "degrees", "end", "m"};
      const std::string key = keys[c.below(7)];
      for (auto& l : lines) {
        auto w = words(l);
        if (w.empty() || w[0] != key) continue;
        if (key == "shard") {
          const std::string replacement = std::to_string(1 + c.byte() % 3) + "/" + std::to_string(1 + c.byte() % 3);
          if (replacement == w[1]) return nullptr;
          w[1] = replacement;
        } else if (key == "degrees") {
          std::set<unsigned> old, now;
          for (std::size_t t = 1; t < w.size(); ++t) old.insert(static_cast<unsigned>(std::stoul(w[t])));
          const unsigned mask = c.byte();
          w.resize(1);
          for (unsigned d = 0; d < 6; ++d)
            if (mask >> d & 1) {
              now.insert(d);
              w.push_back(std::to_string(d));
            }
          if (now == old) return nullptr;
        } else if (key == "m") {
          const auto size_words = words(lines[v.size_line]);
          const std::uint64_t s = std::stoull(size_words.at(1));
          if (s <= 1) return nullptr;
          w[1] = std::to_string(1 + c.below(s - 1));
        } else {
          const std::size_t at = 1 + c.below(w.size() - 1);
          const std::uint64_t old = std::stoull(w[at]);
          const std::uint64_t now = key == "n" ? 1 + c.byte() % 16 : old + 1 + c.byte() % 3 - (c.byte() % 2 ? 2 : 0);
          if (now == old || (key == "n" && now > 16)) return nullptr;
          w[at] = std::to_string(now);
        }
        l = unwords(w);
        return "a header value changed";
      }
      return nullptr;
    }
    case 4: {  // drop
      if (v.sets.empty()) return nullptr;
      const std::size_t k = v.sets[c.below(v.sets.size())];
      bump_end(k, -1);
      lines.erase(lines.begin() + static_cast<long>(k));
      return "a listed set deleted";
    }
    case 5: {  // dup
      if (v.sets.empty()) return nullptr;
      const std::size_t k = v.sets[c.below(v.sets.size())];
      bump_end(k, +1);
      lines.insert(lines.begin() + static_cast<long>(k) + 1, lines[k]);
      return "a listed set repeated";
    }
    case 6: {  // undef
      if (v.i_lines.empty()) return nullptr;
      const std::size_t k = v.i_lines[c.below(v.i_lines.size())];
      auto w = words(lines[k]);
      std::string id = std::to_string(1000 + c.byte());
      if (v.defined_ids.count(id)) return nullptr;
      w.back() = id;
      lines[k] = unwords(w);
      return "a set points to an undefined polynomial";
    }
    default:
      return nullptr;  // neutral rewrites only
  }
}

// ------------------------------------------------------------ check-rank

const char* breaking_rank(std::vector<std::string>& lines, Choices& c) {
  if (c.byte() % 2) return nullptr;
  for (auto& l : lines) {
    auto w = words(l);
    if (w.size() != 2 || w[0] != "rank") continue;
    const std::uint64_t old = std::stoull(w[1]);
    const std::uint64_t now = c.byte() % 2 ? old + 1 + c.byte() % 3 : (old > 0 ? c.below(old) : 1);
    if (now == old) return nullptr;
    w[1] = std::to_string(now);
    l = unwords(w);
    return "the claimed rank changed";
  }
  return nullptr;
}

}  // namespace

extern "C" void nf_fuzz_summary() {
  std::printf("certificate_mutation: check-proof rejected %llu broken certificates and accepted %llu rewritten ones; "
              "check-rank rejected %llu broken and accepted %llu unchanged\n",
              static_cast<unsigned long long>(rejected[0]), static_cast<unsigned long long>(accepted[0]),
              static_cast<unsigned long long>(rejected[1]), static_cast<unsigned long long>(accepted[1]));
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::filesystem::path data(NF_FUZZ_TESTS_DATA);
  load(data / "proofs", "good-", false);
  std::vector<std::string> shards;
  for (const char* f : {"shard-1-of-2.cert", "shard-2-of-2.cert"}) {
    std::ifstream in(data / "proofs" / f);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (auto& l : split(text, '\n')) shards.push_back(l);
  }
  seeds().push_back({"shard-1-of-2.cert + shard-2-of-2.cert", false, shards});
  load(data.parent_path().parent_path() / "fuzz" / "seeds" / "check_rank", "", true);
  for (const Seed& s : seeds())
    if (run(s, s.lines) != 0) {
      std::fprintf(stderr, "fuzz_certificate_mutation: the seed %s is not VERIFIED\n", s.name.c_str());
      std::abort();
    }
  if (seeds().size() < 10) {
    std::fprintf(stderr, "fuzz_certificate_mutation: only %zu seed certificates found\n", seeds().size());
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Choices c(data, size);
  const Seed& seed = seeds()[c.byte() % seeds().size()];
  std::vector<std::string> lines = seed.lines;
  const char* broken = nullptr;
  if (seed.rank) {
    broken = breaking_rank(lines, c);  // check-rank's grammar is canonical: no neutral rewrites
  } else {
    const ProofView v = view_of(lines);
    broken = breaking(lines, v, c);
    const ProofView after = view_of(lines);
    for (unsigned k = c.byte() % 3; k > 0; --k) neutral(lines, after, c);
  }
  const int status = run(seed, lines);
  if (broken != nullptr && status == 0) {
    std::fprintf(stderr, "ACCEPTED a wrong certificate (%s; from %s):\n%s", broken, seed.name.c_str(), join(lines).c_str());
    std::abort();
  }
  if (broken == nullptr && status != 0) {
    std::fprintf(stderr, "REJECTED a certificate rewritten without changing its meaning (from %s):\n%s", seed.name.c_str(),
                 join(lines).c_str());
    std::abort();
  }
  ++(broken != nullptr ? rejected : accepted)[seed.rank ? 1 : 0];
  return 0;
}
