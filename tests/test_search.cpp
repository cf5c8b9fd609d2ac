// Exhaustive runs (lib/search): the worked example, known answers, the fast
// echelon decision against a literal rank reference on random domains, the
// orbit enumeration against a literal canonicity scan, witnesses, shards,
// threads, and the in-process checker against deliberately wrong searches.
#include <doctest/doctest.h>

#include <zstd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "linalg/rank.hpp"
#include "search/candidate_solver.hpp"
#include "core/stop_request.hpp"
#include "search/case_split.hpp"
#include "search/checkpoint.hpp"
#include "search/certificate_file.hpp"
#include "search/certificate_writer.hpp"
#include "search/proof_checker_sink.hpp"
#include "search/prove_minimal.hpp"
#include "search/search.hpp"
#include "test_support.hpp"

using namespace nf;

namespace {

CaseSplitSpec spec(unsigned n, std::uint64_t m, const std::string& domain, const std::string& activation = "generic",
                   SymmetryChoice symmetry = SymmetryChoice::Full) {
  CaseSplitSpec s;
  s.n = n;
  s.m = m;
  s.domain = WeightDomain::parse(domain);
  s.activation = Activation::parse(activation);
  s.symmetry = symmetry;
  return s;
}

// Keeps every reported representative.
class Recorder : public SearchSink {
 public:
  explicit Recorder(SinkNeeds needs) : needs_(needs) {}
  SinkNeeds needs() const override { return needs_; }
  void begin(const CaseSplit&, const ShardSpec&) override {}
  void candidate(const CandidateResult& r) override { results.push_back(r); }
  void end(const SearchSummary&) override {}
  std::vector<CandidateResult> results;

 private:
  SinkNeeds needs_;
};

SearchOptions threads(unsigned t) {
  SearchOptions o;
  o.threads = t;
  return o;
}

// The literal definition: (A2)/(A3) restricted to the imposed degrees is the
// system M w = e with M[r][j] = a_j^r; it is solvable iff rank M = rank [M | e].
// Over F_p a textbook elimination modulo p.
std::uint64_t rank_mod(std::vector<std::vector<std::uint64_t>> a, std::uint64_t p) {
  std::uint64_t rank = 0;
  const std::size_t cols = a.empty() ? 0 : a[0].size();
  for (std::size_t c = 0; c < cols && rank < a.size(); ++c) {
    std::size_t piv = rank;
    while (piv < a.size() && a[piv][c] == 0) ++piv;
    if (piv == a.size()) continue;
    std::swap(a[piv], a[rank]);
    std::uint64_t inv = 1;
    for (std::uint64_t t = 1; t < p; ++t)
      if (a[rank][c] * t % p == 1) inv = t;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i == rank || a[i][c] == 0) continue;
      const std::uint64_t f = a[i][c] * inv % p;
      for (std::size_t k = 0; k < cols; ++k) a[i][k] = (a[i][k] + (p - f) * a[rank][k]) % p;
    }
    ++rank;
  }
  return rank;
}

bool feasible_literal(const CaseSplit& split, const std::vector<std::uint32_t>& pts) {
  const Exponents product(split.n(), 1);
  if (split.domain().is_prime_field()) {
    const std::uint64_t p = split.domain().prime();
    std::vector<std::vector<std::uint64_t>> m, me;
    for (const Exponents& r : split.monomials()) {
      std::vector<std::uint64_t> row;
      for (std::uint32_t x : pts) {
        std::uint64_t v = 1;
        for (unsigned i = 0; i < split.n(); ++i)
          for (unsigned e = 0; e < r[i]; ++e) v = v * split.coordinate(x, i) % p;
        row.push_back(v);
      }
      m.push_back(row);
      row.push_back(r == product ? 1 : 0);
      me.push_back(row);
    }
    return rank_mod(m, p) == rank_mod(me, p);
  }
  std::vector<std::vector<mpq_class>> m, me;
  for (const Exponents& r : split.monomials()) {
    std::vector<mpq_class> row;
    for (std::uint32_t x : pts) {
      mpq_class v = 1;
      for (unsigned i = 0; i < split.n(); ++i)
        for (unsigned e = 0; e < r[i]; ++e) v *= split.point_value(x, i);
      row.push_back(v);
    }
    m.push_back(row);
    row.push_back(r == product ? 1 : 0);
    me.push_back(row);
  }
  return rank_reference(m) == rank_reference(me);
}

// Every set of s points, literally, with a callback.
template <class F>
void for_each_subset(std::uint32_t v, std::size_t s, F f) {
  std::vector<std::uint32_t> c(s);
  for (std::size_t j = 0; j < s; ++j) c[j] = static_cast<std::uint32_t>(j);
  while (true) {
    f(c);
    std::size_t j = s;
    while (j > 0 && c[j - 1] == v - s + j - 1) --j;
    if (j == 0) return;
    ++c[j - 1];
    for (std::size_t k = j; k < s; ++k) c[k] = c[k - 1] + 1;
  }
}

std::string random_domain(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 3);
  switch (kind(rng)) {
    case 0: {
      std::uniform_int_distribution<int> lo(-2, 0), len(1, 3);
      const int a = lo(rng);
      return std::to_string(a) + ".." + std::to_string(a + len(rng));
    }
    case 1: return std::uniform_int_distribution<int>(0, 1)(rng) ? "F3" : "F5";
    default: {
      std::uniform_int_distribution<int> size(2, 4);
      std::vector<mpq_class> vals;
      const int want = size(rng);
      while (static_cast<int>(vals.size()) < want) {
        mpq_class q = test::random_rational(rng, 3, 3);
        if (std::find(vals.begin(), vals.end(), q) == vals.end()) vals.push_back(q);
      }
      std::string out = "{";
      for (std::size_t i = 0; i < vals.size(); ++i) out += (i ? "," : "") + vals[i].get_str();
      return out + "}";
    }
  }
}

}  // namespace

TEST_CASE("worked example: n = 1, D = -1..1, m = 1 has two orbits, both infeasible") {
  const CaseSplit split(spec(1, 1, "-1..1"));
  CHECK(split.point_count() == 3);
  CHECK(split.format_point(0) == "(-1)");
  CHECK(split.group_order() == 2);
  CHECK(split.symmetry_description() == "permute negate");
  CHECK(split.candidate_count() == 3);
  CHECK(split.is_orbit_representative({0}));
  CHECK(split.is_orbit_representative({1}));
  CHECK_FALSE(split.is_orbit_representative({2}));
  Recorder rec({true, true});
  const SearchSummary sum = run_search(split, threads(1), rec);
  CHECK(sum.orbits == 2);
  CHECK(sum.feasible == 0);
  REQUIRE(rec.results.size() == 2);
  CHECK(format_witness_polynomial(split, *rec.results[0].witness) == "1 1*x1");  // Y = 1 + x1 vanishes at -1
  CHECK(format_witness_polynomial(split, *rec.results[1].witness) == "1*x1");    // Y = x1 vanishes at 0
  std::ostringstream cert;
  CertificateWriter writer(cert);
  (void)run_search(split, threads(2), writer);
  CHECK(cert.str() ==
        "noflat-proof 2\nn 1\nm 1\ndomain -1..1\nactivation generic\ndegrees 0 1\nsymmetry permute negate\nsize 1\n"
        "candidates 3\nshard 1/1\nunits 2\nu 1\ny 1 1 1*x1\ni 0 0 : 1\nu 2\ny 2 1*x1\ni 0 1 : 2\nend 2 0\n");
}

// | run                          | candidates | orbits | feasible (sets)  | where                          |
// | n=1 m=2 -1..1                | 3          | 2      | 2 (3)            | m = 2^1 suffices (A.1)         |
// | n=2 m=3 -3..3                | 18424      | 2397   | 0                | m >= 2^2 (A.2)                 |
// | n=2 m=3 F5, F7, F11          | 2300 ...   | ...    | 0                | (beyond the paper: F_p)        |
// | n=2 m=4 -2..2                | 12650      | 1666   | 41 (220)         | (A4) is gate 41 of the list    |
// | n=3 m=7 -1..1                | 888030     | 19587  | 0                | m >= 2^3 (A.2)                 |
TEST_CASE("known answers: counts of the proof runs") {
  struct Row {
    unsigned n;
    std::uint64_t m;
    const char* domain;
    std::uint64_t candidates, orbits, feasible, feasible_sets;
  };
  const Row rows[] = {
      {1, 2, "-1..1", 3, 2, 2, 3},         {2, 3, "-3..3", 18424, 2397, 0, 0}, {2, 3, "F5", 2300, 85, 0, 0},
      {2, 3, "F7", 18424, 283, 0, 0},      {2, 3, "F11", 287980, 1500, 0, 0}, {2, 4, "-2..2", 12650, 1666, 41, 220},
      {3, 7, "-1..1", 888030, 19587, 0, 0}};
  for (const Row& r : rows) {
    INFO(r.n, " ", r.m, " ", r.domain);
    FeasibleCollector gates;
    const SearchSummary s = run_search(CaseSplit(spec(r.n, r.m, r.domain)), threads(2), gates);
    CHECK(s.candidates == r.candidates);
    CHECK(s.orbits == r.orbits);
    CHECK(s.feasible == r.feasible);
    CHECK(s.feasible_candidates == r.feasible_sets);
  }
}

TEST_CASE("n = 2, m = 4 over -2..2: the (A4) gate is among the feasible sets with the paper's weights") {
  const CaseSplit split(spec(2, 4, "-2..2"));
  FeasibleCollector gates;
  (void)run_search(split, threads(2), gates);
  bool found = false;
  for (const CandidateResult& g : gates.gates()) {
    std::vector<std::string> pts;
    for (auto x : g.points) pts.push_back(split.format_point(x));
    if (pts == std::vector<std::string>{"(-1,-1)", "(-1,1)", "(1,-1)", "(1,1)"}) {
      found = true;
      // (A4): w_j = prod_i a_ij / (2^n n! sigma_n) = +-1/8.
      CHECK(g.witness->weights == std::vector<mpq_class>{mpq_class(1, 8), mpq_class(-1, 8), mpq_class(-1, 8), mpq_class(1, 8)});
    }
    CHECK(check_witness(split, g.points, *g.witness) == "");
  }
  CHECK(found);
}

TEST_CASE("random domains: the echelon decision equals the literal rank test, the orbit walk equals a literal scan") {
  const std::uint64_t seed = test::test_seed();
  MESSAGE("seed ", seed, " (set NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const char* activations[] = {"generic", "exp", "tanh", "poly:1,0,1", "poly:0,1,1", "poly:1,1,0,1", "sigmoid"};
  int runs = 0;
  for (int iter = 0; runs < test::scaled(60) && iter < 1000; ++iter) {
    const std::string domain = random_domain(rng);
    const unsigned n = std::uniform_int_distribution<unsigned>(1, 2)(rng);
    const std::uint64_t m = std::uniform_int_distribution<std::uint64_t>(1, 5)(rng);
    const std::string act = activations[std::uniform_int_distribution<int>(0, 6)(rng)];
    std::optional<CaseSplit> none, full;
    try {
      none.emplace(spec(n, m, domain, act, SymmetryChoice::None));
      full.emplace(spec(n, m, domain, act, SymmetryChoice::Full));
    } catch (const InputError&) {
      continue;  // sigma_n = 0 for this activation, or p <= n
    }
    if (none->candidate_count() > 2000) continue;  // keep the literal rank tests cheap
    ++runs;
    INFO("n = ", n, ", m = ", m, ", domain ", domain, ", activation ", act);
    // Every set, no symmetry: each verdict against the literal rank test.
    Recorder all({true, false});
    const SearchSummary s0 = run_search(*none, threads(2), all);
    CHECK(s0.orbits == none->candidate_count());
    REQUIRE(all.results.size() == none->candidate_count());
    std::uint64_t feasible_sets = 0;
    for (const CandidateResult& r : all.results) {
      CHECK(r.feasible == feasible_literal(*none, r.points));
      feasible_sets += r.feasible;
    }
    CHECK(s0.feasible == feasible_sets);
    // With symmetry: the representatives are exactly the canonical sets of a
    // literal scan, their witnesses hold, and the feasible sets agree.
    Recorder reps({true, true});
    ProofCheckerSink checker;
    SinkList both;
    both.add(reps);
    both.add(checker);
    const SearchSummary s1 = run_search(*full, threads(2), both);
    CHECK(checker.verified());
    CHECK(checker.failure() == "");
    std::vector<std::vector<std::uint32_t>> canonical;
    for_each_subset(full->point_count(), full->size(), [&](const std::vector<std::uint32_t>& c) {
      if (full->is_orbit_representative(c)) canonical.push_back(c);
    });
    REQUIRE(reps.results.size() == canonical.size());
    for (std::size_t i = 0; i < canonical.size(); ++i) {
      CHECK(reps.results[i].points == canonical[i]);
      CHECK(reps.results[i].feasible == feasible_literal(*full, canonical[i]));
      CHECK(check_witness(*full, canonical[i], *reps.results[i].witness) == "");
    }
    CHECK(s1.feasible_candidates == feasible_sets);
  }
  CHECK(runs > 0);
}

TEST_CASE("large values: the rref path after word overflow, or for every leaf, gives the literal answers") {
  // (2*10^6)^2 exceeds the 2^40 bound on the rows: every leaf goes through the rref.
  const CaseSplit huge(spec(2, 3, "{-2000000,0,1,1999999}", "generic", SymmetryChoice::None));
  Recorder all({true, false});
  const SearchSummary s = run_search(huge, threads(2), all);
  CHECK(s.exact_fallbacks == s.orbits);
  for (const CandidateResult& r : all.results) {
    CHECK(r.decided_by_rref);
    CHECK(r.feasible == feasible_literal(huge, r.points));
  }
  // Rows fit, but the fraction-free elimination overflows on some leaves.
  const CaseSplit mid(spec(3, 4, "{-1000,-999,999,1000}"));
  Recorder reps({true, false});
  const SearchSummary sm = run_search(mid, threads(2), reps);
  CHECK(sm.exact_fallbacks > 0);
  CHECK(sm.exact_fallbacks < sm.orbits);
  std::uint64_t checked = 0;
  for (std::size_t i = 0; i < reps.results.size(); ++i) {
    const CandidateResult& r = reps.results[i];
    if (!r.decided_by_rref && i % 29 != 0) continue;
    CHECK(r.feasible == feasible_literal(mid, r.points));
    ++checked;
  }
  CHECK(checked > sm.exact_fallbacks);
}

TEST_CASE("shards partition the representatives; output does not depend on the thread count") {
  const CaseSplit split(spec(2, 3, "-2..2"));
  Recorder whole({true, false});
  const SearchSummary full = run_search(split, threads(2), whole);
  std::vector<std::vector<std::uint32_t>> joined;
  std::uint64_t orbits = 0, shard_candidates = 0;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    SearchOptions o = threads(2);
    o.shard = {i, 3};
    Recorder part({true, false});
    const SearchSummary s = run_search(split, o, part);
    orbits += s.orbits;
    shard_candidates += s.shard_candidates;
    for (const auto& r : part.results) joined.push_back(r.points);
  }
  std::sort(joined.begin(), joined.end());
  std::vector<std::vector<std::uint32_t>> expected;
  for (const auto& r : whole.results) expected.push_back(r.points);
  CHECK(joined == expected);
  CHECK(orbits == full.orbits);
  CHECK(shard_candidates == split.candidate_count());

  const CaseSplit bigger(spec(2, 4, "-2..2"));
  std::string texts[2];
  for (unsigned t : {1u, 3u}) {
    std::ostringstream out;
    CertificateWriter w(out);
    (void)run_search(bigger, threads(t), w);
    texts[t == 1 ? 0 : 1] = out.str();
  }
  CHECK(texts[0] == texts[1]);
}

TEST_CASE("the in-process checker rejects a search that skips a candidate or reports a wrong witness") {
  const CaseSplit split(spec(2, 3, "-2..2"));
  for (const char* fault : {"skip:0", "skip:100", "skip:318", "coefficient:5", "product:7"}) {
    INFO(fault);
    SearchOptions o = threads(2);
    o.fault = parse_fault(fault);
    ProofCheckerSink checker;
    (void)run_search(split, o, checker);
    CHECK_FALSE(checker.verified());
    CHECK(checker.failure() != "");
  }
  ProofCheckerSink clean;
  (void)run_search(split, threads(2), clean);
  CHECK(clean.verified());
  // A feasible witness with a wrong weight is caught too.
  const CaseSplit gates(spec(2, 4, "-1..1"));
  SearchOptions o = threads(1);
  FeasibleCollector found;
  (void)run_search(gates, o, found);
  REQUIRE(!found.gates().empty());
  Witness w = *found.gates()[0].witness;
  CHECK(check_witness(gates, found.gates()[0].points, w) == "");
  w.weights[1] += mpq_class(1, 3);
  CHECK(check_witness(gates, found.gates()[0].points, w) != "");
}

TEST_CASE("prime fields: weights and witnesses are residues; activations with vanishing sigma_k") {
  const CaseSplit split(spec(2, 4, "F5"));
  FeasibleCollector gates;
  const SearchSummary s = run_search(split, threads(2), gates);
  CHECK(s.feasible > 0);
  for (const auto& g : gates.gates()) {
    CHECK(check_witness(split, g.points, *g.witness) == "");
    for (const auto& w : g.witness->weights) CHECK((w >= 0 && w < 5 && w.get_den() == 1));
  }
  // tanh has sigma_0 = sigma_2 = 0: only degrees 1 and 3 are imposed.
  const CaseSplit odd(spec(3, 2, "-1..1", "tanh"));
  CHECK(odd.imposed_degrees() == std::vector<unsigned>{1, 3});
  CHECK(odd.monomials().size() == 3 + 10);
}

TEST_CASE("bad requests are refused before any search") {
  CHECK_THROWS_AS(WeightDomain::parse(""), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("3..1"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("1..x"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("{1,2,1}"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("{1,1/0}"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("{1,2"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("F4"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("F2"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("F99999999999999999999"), InputError);
  CHECK_THROWS_AS(WeightDomain::parse("-100000..100000"), InputError);
  CHECK(WeightDomain::parse("{1/2,-1,0}").spec() == "{-1,0,1/2}");
  CHECK(WeightDomain::parse("-3..3").size() == 7);
  CHECK_FALSE(WeightDomain::parse("{1/2,-1,0}").closed_under_negation());
  CHECK(WeightDomain::parse("{-1/2,0,1/2}").closed_under_negation());
  CHECK_THROWS_AS(CaseSplit(spec(3, 2, "F3")), InputError);                     // p <= n
  CHECK_THROWS_AS(CaseSplit(spec(2, 3, "-1..1", "poly:1,1")), InputError);      // sigma_2 = 0
  CHECK_THROWS_AS(CaseSplit(spec(2, 3, "F3", "poly:1,1,1/3")), InputError);     // sigma_2 undefined mod 3
  CHECK_THROWS_AS(CaseSplit(spec(17, 3, "-1..1")), InputError);
  CHECK_THROWS_AS(CaseSplit(spec(6, 20, "-3..3")), LimitError);                 // far too many candidates
  CHECK_THROWS_AS(CaseSplit(spec(3, 7, "-3..3")), LimitError);                  // above the default work limit
  CHECK_THROWS_AS(parse_shard("0/3"), InputError);
  CHECK_THROWS_AS(parse_shard("4/3"), InputError);
  CHECK_THROWS_AS(parse_shard("1-3"), InputError);
  CHECK_THROWS_AS(parse_fault("drop:1"), InputError);
  CHECK_THROWS_AS(parse_symmetry("all"), InputError);
  CHECK(parse_shard("2/5").to_string() == "2/5");
}

TEST_CASE("prove_minimal: summary, JSON keys, paper bound") {
  ProveRequest req;
  req.split = spec(2, 3, "-3..3");
  req.self_check = true;
  req.search.threads = 2;
  const ProveResult r = prove_minimal(req);
  CHECK(r.self_check_failure == "");
  const auto j = prove_json(r);
  for (const char* key : {"n", "m", "domain", "candidates", "orbits", "feasible", "seconds", "degrees", "symmetry"})
    CHECK(j.contains(key));
  CHECK(j["orbits"] == 2397);
  CHECK(j["paper_bound"] == 4);
  const std::string text = format_prove_report(r);
  CHECK(text.find("no single-hidden-layer network with m <= 3") != std::string::npos);
  CHECK(text.find("self-check: passed") != std::string::npos);
}

// ---------------------------------------------------------------- units, stop, resume, remote execution

namespace {

std::string certificate_of(const CaseSplit& split, SearchOptions o) {
  std::ostringstream out;
  CertificateWriter w(out);
  (void)run_search(split, o, w);
  return out.str();
}

// Runs units on a thread of its own, shipping every result through
// encode_unit_result / decode_unit_result, as the MPI executor does.
class ThreadExecutor : public UnitExecutor {
 public:
  void serve(const SearchPlan& plan, const std::function<std::optional<std::uint64_t>()>& next_unit,
             const std::function<void(std::uint64_t, UnitResult&&)>& unit_done) override {
    UnitWorker worker(plan);
    while (const auto u = next_unit()) {
      ++units_run;
      unit_done(*u, decode_unit_result(encode_unit_result(worker.run(*u))));
    }
  }
  std::uint64_t units_run = 0;
};

}  // namespace

TEST_CASE("a stop after k units, then a resume from the tally, gives the uninterrupted certificate") {
  const CaseSplit split(spec(2, 4, "-2..2"));  // has feasible sets
  const std::string whole = certificate_of(split, threads(2));
  for (std::uint64_t k : {0, 1, 7, 300}) {
    INFO("stop after unit ", k);
    StopRequest stop;
    SearchTally at;
    std::ostringstream first;
    CertificateWriter w1(first);
    std::string cut;
    SearchOptions o = threads(2);
    o.stop = &stop;
    o.unit_done = [&](const SearchTally& t) {  // units in flight may still complete after the request
      at = t;
      cut = first.str();
      if (t.units_done >= k) stop.request();
    };
    if (k == 0) stop.request();
    const SearchSummary s1 = run_search(split, o, w1);
    CHECK(s1.interrupted);
    CHECK(s1.units_done == at.units_done);
    CHECK(first.str().find("incomplete " + std::to_string(s1.units_done) + " " + std::to_string(s1.units)) !=
          std::string::npos);
    // Resume: the text before the incomplete line, then what the resumed run writes.
    std::ostringstream second;
    CertificateWriter w2(second);
    if (at.units_done > 0) w2.restore(w1.dictionary());
    SearchOptions r = threads(1);
    r.resume = at;
    const SearchSummary s2 = run_search(split, r, w2);
    CHECK_FALSE(s2.interrupted);
    CHECK(s2.units_resumed == at.units_done);
    CHECK(cut + second.str() == whole);
  }
}

TEST_CASE("unit results survive encoding; a remote executor gives the same certificate") {
  const CaseSplit split(spec(2, 4, "-1..1"));
  const SearchPlan plan(split, ShardSpec{}, SinkNeeds{true, true});
  UnitWorker worker(plan);
  for (std::uint64_t u = 0; u < plan.units(); ++u) {
    const UnitResult a = worker.run(u);
    const std::string bytes = encode_unit_result(a);
    const UnitResult b = decode_unit_result(bytes);
    CHECK(encode_unit_result(b) == bytes);
    REQUIRE(b.reported.size() == a.reported.size());
    for (std::size_t i = 0; i < a.reported.size(); ++i) {
      CHECK(b.reported[i].points == a.reported[i].points);
      CHECK(check_witness(split, b.reported[i].points, *b.reported[i].witness).empty());
    }
    // A cut or corrupted message is an InputError, never a crash.
    for (std::size_t cut = 0; cut < bytes.size(); cut += 3) CHECK_THROWS_AS(decode_unit_result(bytes.substr(0, cut)), InputError);
  }
  CHECK_THROWS_AS(worker.run(plan.units()), InputError);
  const CaseSplit bigger(spec(3, 7, "-1..1"));
  ThreadExecutor remote;
  SearchOptions o = threads(1);
  o.executor = &remote;
  CHECK(certificate_of(bigger, o) == certificate_of(bigger, threads(2)));
  CHECK(remote.units_run > 0);
}

TEST_CASE("the certificate writer restarts its dictionary at a unit boundary after kDictionaryLimit entries") {
  std::ostringstream out;
  CertificateWriter w(out);
  const CaseSplit split(spec(1, 1, "-1..1"));
  w.begin(split, ShardSpec{});
  std::vector<std::string> big(kDictionaryLimit, "1*x1");
  w.restore(big);
  w.unit(0, 1);
  CHECK(out.str() == "d\nu 1\n");
  CHECK(w.dictionary().empty());
}

TEST_CASE("progress reports units and an ETA; a stop before the first unit reports nothing") {
  const CaseSplit split(spec(3, 7, "-1..1"));
  std::vector<SearchProgress> seen;
  SearchOptions o = threads(1);
  o.progress_interval = 1e-3;
  o.progress = [&](const SearchProgress& p) { seen.push_back(p); };
  FeasibleCollector gates;
  const SearchSummary s = run_search(split, o, gates);
  REQUIRE_FALSE(seen.empty());
  for (const SearchProgress& p : seen) {
    CHECK(p.units == s.units);
    CHECK(p.units_done <= p.units);
    CHECK(format_progress(p).find("ETA") != std::string::npos);
  }
  StopRequest stop;
  stop.request();
  SearchOptions o2 = threads(2);
  o2.stop = &stop;
  Recorder rec({true, true});
  const SearchSummary s2 = run_search(split, o2, rec);
  CHECK(s2.interrupted);
  CHECK(s2.units_done == 0);
  CHECK(s2.orbits == 0);
  CHECK(rec.results.empty());
}

TEST_CASE("checkpoints: round trip; every cut or changed byte is a clean InputError or a valid checkpoint") {
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const std::string path = dir + "/nf_test_checkpoint." + std::to_string(::getpid());
  Checkpoint c;
  c.run = "n=2 m=3 domain=-2..2 activation=generic target=x1*x2 symmetry=permute negate shard=1/1";
  c.units = 319;
  c.tally = SearchTally{17, 17, 1, 4, 0, 1234};
  c.seconds = 1.5;
  c.certificate = "cert.txt";
  c.certificate_bytes = 4321;
  c.gates.push_back(GateRecord{{"(0,1)", "(1,0)"}, {"1/2", "1/2"}, 4});
  c.dictionary = {"2*x2 1*x1*x2", "1*x1*x2"};
  write_checkpoint(path, c);
  const Checkpoint r = read_checkpoint(path);
  CHECK(r.run == c.run);
  CHECK(r.units == c.units);
  CHECK(r.tally == c.tally);
  CHECK(r.certificate == c.certificate);
  CHECK(r.certificate_bytes == c.certificate_bytes);
  REQUIRE(r.gates.size() == 1);
  CHECK(r.gates[0].weights == c.gates[0].weights);
  CHECK(r.dictionary == c.dictionary);
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::uint64_t seed = nf::test::test_seed();
  MESSAGE("seed ", seed, " (set NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  auto attempt = [&](const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    try {
      (void)read_checkpoint(path);
    } catch (const InputError&) {
    }
  };
  for (std::size_t cut = 0; cut < text.size(); ++cut) {
    INFO("cut at ", cut);
    if (cut + 1 < text.size()) CHECK_THROWS_AS((attempt(text.substr(0, cut)), read_checkpoint(path)), InputError);
  }
  for (int t = 0; t < nf::test::scaled(300); ++t) {
    std::string bytes = text;
    bytes[rng() % bytes.size()] = static_cast<char>(rng() % 256);
    attempt(bytes);  // never a crash
  }
  std::remove(path.c_str());
  CHECK_THROWS_AS(read_checkpoint(path), InputError);
}

TEST_CASE("certificate files: zstd frames end at sync(); a cut at a sync point continues to the same text") {
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  for (const std::string ext : {".txt", ".zst"}) {
    INFO(ext);
    const std::string path = dir + "/nf_test_cert." + std::to_string(::getpid()) + ext;
    std::uint64_t at = 0;
    {
      CertificateFile f(path, CertificateFile::Mode::InPlace);
      CHECK(f.compressed() == (ext == ".zst"));
      f.stream() << "first part\n";
      at = f.sync();
      f.stream() << "lost part\n";
      (void)f.sync();
    }
    {
      CertificateFile f(path, CertificateFile::Mode::InPlace, at);
      f.stream() << "second part\n";
      f.close();
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (ext == ".zst") {
      std::string text(1000, '\0');
      const std::size_t n = ZSTD_decompress(text.data(), text.size(), bytes.data(), bytes.size());
      REQUIRE_FALSE(ZSTD_isError(n));
      text.resize(n);
      bytes = text;
    }
    CHECK(bytes == "first part\nsecond part\n");
    CHECK_THROWS_AS(CertificateFile(path, CertificateFile::Mode::InPlace, 1u << 30), InputError);
    std::remove(path.c_str());
  }
  CHECK_THROWS_AS(CertificateFile("/nonexistent/dir/x.txt", CertificateFile::Mode::Atomic), InputError);
}
