// rank-check in process (lib/io/rank_check.hpp): transformed product gates
// that must verify, near misses that must be refuted, the exit statuses, the
// example networks of tests/data/networks, and mutated files end to end.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "core/rational.hpp"
#include "core/error.hpp"
#include "io/network_file.hpp"
#include "io/rank_check.hpp"
#include "model/activation.hpp"
#include "model/construction.hpp"
#include "test_support.hpp"

namespace {

const std::string kData = NF_TEST_DATA;

nf::RankCheckResult check_text(const std::string& content, const nf::RankCheckOptions& opts = {}) {
  return nf::rank_check_network("mem", nf::parse_network(content, "mem", opts.format, opts.verify.limits), opts);
}

// The network with its (n + 1) x m weights rebuilt by `f(a, w)`.
template <class F>
nf::Network edited(const nf::Network& net, F f) {
  std::vector<mpq_class> a = net.a_row_major(), w = net.w_all();
  std::size_t n = net.inputs(), m = net.neurons();
  f(a, w, n, m);
  return nf::Network(n, m, std::move(a), std::move(w));
}

// A random product gate equivalent to (A4): inputs scaled by rationals c_i
// (w divided by prod c_i), neurons and inputs permuted, and some neurons split
// into two copies whose output weights add up to the original.
nf::Network transformed_gate(std::size_t n, const nf::Activation& act, std::mt19937_64& rng) {
  const nf::Network base = nf::canonical_product_gate(n, act);
  return edited(base, [&](std::vector<mpq_class>& a, std::vector<mpq_class>& w, std::size_t& nn, std::size_t& m) {
    mpq_class product = 1;
    for (std::size_t i = 0; i < nn; ++i) {
      mpq_class c;
      do c = nf::test::random_rational(rng, 1000, 1000);
      while (c == 0);
      if (rng() % 4 == 0) c *= mpq_class(mpz_class("1234567890123456789012345678901234567891"), 1);
      product *= c;
      for (std::size_t j = 0; j < m; ++j) a[i * m + j] *= c;
    }
    for (auto& x : w) x /= product;
    // Split a few neurons.
    const std::size_t splits = rng() % 3;
    for (std::size_t s = 0; s < splits; ++s) {
      const std::size_t j = rng() % m;
      const mpq_class part = nf::test::random_rational(rng, 50, 50);
      std::vector<mpq_class> a2(nn * (m + 1));
      for (std::size_t i = 0; i < nn; ++i) {
        std::copy(a.begin() + i * m, a.begin() + (i + 1) * m, a2.begin() + i * (m + 1));
        a2[i * (m + 1) + m] = a[i * m + j];
      }
      a = std::move(a2);
      w.push_back(w[j] * part);
      w[j] -= w.back();
      ++m;
    }
    // Permute neurons and inputs.
    std::vector<std::size_t> pj(m), pi(nn);
    std::iota(pj.begin(), pj.end(), 0);
    std::iota(pi.begin(), pi.end(), 0);
    std::shuffle(pj.begin(), pj.end(), rng);
    std::shuffle(pi.begin(), pi.end(), rng);
    std::vector<mpq_class> a3(nn * m), w3(m);
    for (std::size_t i = 0; i < nn; ++i)
      for (std::size_t j = 0; j < m; ++j) a3[i * m + j] = a[pi[i] * m + pj[j]];
    for (std::size_t j = 0; j < m; ++j) w3[j] = w[pj[j]];
    a = std::move(a3);
    w = std::move(w3);
  });
}

}  // namespace

TEST_CASE("worked example of rank_check.hpp: the n = 2 gate") {
  const nf::RankCheckResult r = nf::rank_check_file(kData + "/networks/paper_n2.json", {});
  CHECK(r.status == nf::kExitOk);
  REQUIRE(r.report.rank);
  CHECK(r.report.rank->rank == 4);
  CHECK(r.report.verdict == nf::Verdict::Verified);
  const std::string log = nf::format_rank_check(r);
  CHECK(log.find("rank-check: " + kData + "/networks/paper_n2.json\n") == 0);
  CHECK(log.find("\nstatus: 0 (an exact product gate)\n") != std::string::npos);
  const nlohmann::ordered_json j = nf::rank_check_json(r);
  for (const char* key : {"file", "status", "n", "m", "activation", "hypothesis_holds", "identities_hold", "failures",
                          "rows", "rank", "full_row_rank", "verdict", "seconds"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j["status"] == 0);
  CHECK(j["rank"] == 4);
}

TEST_CASE("transformed product gates verify (generic, exp, poly, tanh), through both formats") {
  const std::uint64_t seed = nf::test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  struct Case {
    std::string activation;
    std::vector<std::size_t> ns;
  };
  const std::vector<Case> cases = {{"generic", {1, 2, 3, 4}},
                                   {"exp", {1, 2, 3, 4}},
                                   {"poly:1,2,3,4,5", {1, 2, 3, 4}},
                                   {"tanh", {1, 3}}};
  for (int it = 0; it < nf::test::scaled(40); ++it) {
    for (const Case& c : cases) {
      const nf::Activation act = nf::Activation::parse(c.activation);
      const std::size_t n = c.ns[rng() % c.ns.size()];
      const nf::Network net = transformed_gate(n, act, rng);
      INFO("iteration " << it << ", activation " << c.activation << ", n = " << n << ", m = " << net.neurons());
      const nf::RankCheckResult j = check_text(nf::write_network_json(net, c.activation));
      CHECK(j.network == net);
      CHECK(j.status == nf::kExitOk);
      REQUIRE(j.report.rank);
      CHECK(j.report.rank->rank == (std::uint64_t(1) << n));
      nf::RankCheckOptions opts;
      opts.activation = c.activation;
      opts.verify.engine = nf::ExpansionEngine::Literal;
      CHECK(check_text(nf::write_network_text(net), opts).status == nf::kExitOk);
    }
  }
}

TEST_CASE("near misses are refuted") {
  const std::uint64_t seed = nf::test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const mpq_class tiny_w(1, mpz_class("1000000000000")), tiny_a(1, 1000000000);
  for (int it = 0; it < nf::test::scaled(40); ++it) {
    const std::size_t n = 1 + rng() % 4;
    const nf::Network gate = nf::canonical_product_gate(n, nf::Activation::generic());
    const std::size_t m = gate.neurons();
    INFO("iteration " << it << ", n = " << n);
    const nf::Network off_w = edited(gate, [&](auto&, auto& w, auto&, auto&) { w[rng() % m] += tiny_w; });
    const nf::RankCheckResult rw = check_text(nf::write_network_json(off_w));
    CHECK(rw.status == nf::kExitRefuted);
    CHECK(!rw.report.identities.failures.empty());
    CHECK(rw.report.rank->full_row_rank);

    const nf::Network off_a = edited(gate, [&](auto& a, auto&, auto&, auto&) { a[rng() % (n * m)] -= tiny_a; });
    CHECK(check_text(nf::write_network_text(off_a)).status == nf::kExitRefuted);

    // m = 2^n - 1: drop one neuron.  rank A <= m < 2^n, so the identities must fail.
    const std::size_t drop = rng() % m;
    const nf::Network fewer = edited(gate, [&](auto& a, auto& w, auto& nn, auto& mm) {
      std::vector<mpq_class> a2;
      for (std::size_t i = 0; i < nn; ++i)
        for (std::size_t j = 0; j < mm; ++j)
          if (j != drop) a2.push_back(a[i * mm + j]);
      a = std::move(a2);
      w.erase(w.begin() + drop);
      --mm;
    });
    const nf::RankCheckResult rf = check_text(nf::write_network_json(fewer));
    CHECK(rf.status == nf::kExitRefuted);
    CHECK(rf.report.rank->rank < (std::uint64_t(1) << n));
    CHECK(nf::format_rank_check(rf).find("note: m = " + std::to_string(m - 1)) != std::string::npos);

    // A random network is (almost surely) not a product gate.
    const nf::Network random = nf::test::random_network(rng, n, 1 + rng() % 20, 9, 9);
    CHECK(check_text(nf::write_network_json(random)).status == nf::kExitRefuted);
  }
}

TEST_CASE("the activation flag wins over the file's activation") {
  const std::string exp_gate =
      nf::write_network_json(nf::canonical_product_gate(2, nf::Activation::parse("exp")), std::string("exp"));
  CHECK(check_text(exp_gate).status == nf::kExitOk);
  nf::RankCheckOptions generic;
  generic.activation = "generic";
  const nf::RankCheckResult r = check_text(exp_gate, generic);
  CHECK(r.status == nf::kExitRefuted);
  CHECK(r.report.activation == "generic");
  nf::RankCheckOptions bad;
  bad.activation = "gelu";
  CHECK_THROWS_AS((void)nf::rank_check_file(kData + "/networks/paper_n2.json", bad), nf::InputError);
}

TEST_CASE("exit statuses: 0 gate, 1 not, 3 counterexample, 4 rank uncertified; --rank-only 0 full, 1 not, 4 uncertified") {
  nf::VerificationReport rep;
  rep.identities.holds = true;
  rep.verdict = nf::Verdict::Verified;
  CHECK(nf::rank_check_status(rep) == 0);
  // An uncertified rank leaves the verdict Unknown: the identities hold, the rank's part is undecided.
  rep.verdict = nf::Verdict::Unknown;
  CHECK(nf::rank_check_status(rep) == 4);
  rep.verdict = nf::Verdict::Refuted;
  CHECK(nf::rank_check_status(rep) == 1);
  rep.verdict = nf::Verdict::Approximate;
  CHECK(nf::rank_check_status(rep) == 0);
  rep.verdict = nf::Verdict::Verified;
  rep.counterexample = true;
  CHECK(nf::rank_check_status(rep) == 3);
  nf::RankReport k;
  k.certified = true;
  k.full_row_rank = true;
  CHECK(nf::rank_only_status(k) == 0);
  k.full_row_rank = false;
  CHECK(nf::rank_only_status(k) == 1);
  k.certified = false;
  CHECK(nf::rank_only_status(k) == 4);
}

TEST_CASE("--rank-only: the rank of A alone, for every rank engine") {
  for (const char* engine : {"dense", "structured", "flint"}) {
    INFO("rank engine " << engine);
    nf::RankCheckOptions opts;
    opts.rank_only = true;
    opts.verify.rank_engine = nf::parse_rank_engine(engine);
    const nf::RankCheckResult full = nf::rank_check_file(kData + "/networks/paper_n3.txt", opts);
    CHECK(full.status == 0);
    CHECK(full.report.rank->rank == 8);
    CHECK(full.report.identities.degrees.empty());
    CHECK(nf::format_rank_check(full).find("rank 8 = full row rank") != std::string::npos);
    const nf::RankCheckResult fewer = nf::rank_check_file(kData + "/networks/too_few_neurons.txt", opts);
    CHECK(fewer.status == 1);
    CHECK(fewer.report.rank->rank == 3);
    const nlohmann::ordered_json j = nf::rank_check_json(fewer);
    CHECK(j["rank"] == 3);
    CHECK(j["rows"] == 4);
    CHECK(j["status"] == 1);
    CHECK(j["full_row_rank"] == false);
  }
  // A wide network with many distinct weights: the structured rank does not
  // apply, the default picks another engine, and the rank agrees with FLINT's.
  nf::RankCheckOptions opts;
  opts.rank_only = true;
  const std::uint64_t rank = nf::rank_check_file(kData + "/bad/wide_network.txt", opts).report.rank->rank;
  opts.verify.rank_engine = nf::RankEngine::Flint;
  CHECK(nf::rank_check_file(kData + "/bad/wide_network.txt", opts).report.rank->rank == rank);
  CHECK(rank == 16);
}

TEST_CASE("resource limits are checked before the computation and name the file and the flag") {
  nf::RankCheckOptions opts;
  opts.verify.limits.max_work = 10;
  try {
    (void)nf::rank_check_file(kData + "/networks/paper_n3.txt", opts);
    FAIL("expected a LimitError");
  } catch (const nf::LimitError& e) {
    const std::string what = e.what();
    CHECK(what.find(kData + "/networks/paper_n3.txt: ") == 0);
    CHECK(what.find("--max-work") != std::string::npos);
  }
  try {
    (void)nf::rank_check_file(kData + "/bad/too_large.txt", {});
    FAIL("expected a LimitError");
  } catch (const nf::LimitError& e) {
    CHECK(std::string(e.what()).find("--max-work") != std::string::npos);
  }
}

TEST_CASE("the example networks give their expected statuses") {
  std::ifstream manifest(kData + "/networks/EXPECTED");
  REQUIRE(manifest);
  std::string line;
  int checked = 0;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string file, flag, value;
    int expected = -1;
    in >> file >> expected;
    nf::RankCheckOptions opts;
    while (in >> flag) {
      if (flag == "--no-rank") {
        opts.verify.compute_rank = false;
        continue;
      }
      if (flag == "--snap") {
        opts.snap = true;
        continue;
      }
      if (flag == "--rank-only") {
        opts.rank_only = true;
        continue;
      }
      in >> value;
      if (flag == "--activation") opts.activation = value;
      else if (flag == "--engine") opts.verify.engine = nf::parse_expansion_engine(value);
      else if (flag == "--format") opts.format = nf::parse_network_format(value);
      else if (flag == "--tolerance") opts.verify.tolerance = nf::parse_rational(value);
      else if (flag == "--rank-engine") opts.verify.rank_engine = nf::parse_rank_engine(value);
      else if (flag == "--max-work") opts.verify.limits.max_work = std::stod(value);
      else FAIL("unknown option in networks/EXPECTED: " << flag);
    }
    INFO(line);
    CHECK(nf::rank_check_file(kData + "/networks/" + file, opts).status == expected);
    ++checked;
  }
  CHECK(checked >= 15);
}

TEST_CASE("fuzz: mutated files end to end give status 0, 1, 4 or an InputError/LimitError") {
  const std::uint64_t seed = nf::test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  std::vector<std::string> seeds;
  for (const char* name : {"paper_n2.json", "paper_n3.txt", "decimals.txt", "square_two_neurons.json", "tanh_n3.json"}) {
    std::ifstream in(kData + "/networks/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    seeds.push_back(s.str());
  }
  nf::RankCheckOptions opts;
  opts.verify.limits.max_work = 1e7;
  int statuses[5] = {0, 0, 0, 0, 0};
  for (int it = 0; it < nf::test::scaled(4000); ++it) {
    std::string s = seeds[rng() % seeds.size()];
    for (int e = 0; e < 1 + static_cast<int>(rng() % 3); ++e) {
      const std::size_t pos = rng() % (s.size() + 1);
      switch (rng() % 4) {
        case 0:
          if (pos < s.size()) s[pos] = static_cast<char>(rng() % 256);
          break;
        case 1: s.insert(pos, 1, "0123456789-/.e,[]\"# \n"[rng() % 21]); break;
        case 2:
          if (pos < s.size()) s.erase(pos, 1);
          break;
        default: s.insert(pos, s.substr(rng() % s.size(), 1 + rng() % 8)); break;
      }
    }
    INFO("iteration " << it);
    int status;
    try {
      status = check_text(s, opts).status;
    } catch (const nf::InputError&) {
      status = nf::kExitUsage;
    } catch (const nf::LimitError&) {
      status = nf::kExitUsage;
    }
    CHECK(status >= 0);
    CHECK(status <= 4);
    CHECK(status != 3);
    ++statuses[status];
  }
  MESSAGE("statuses 0/1/2/4: " << statuses[0] << "/" << statuses[1] << "/" << statuses[2] << "/" << statuses[4]);
}

// Families of damage with a known outcome: a digit of a weight changed to
// another nonzero digit is still a network (status 0 or 1, never an error);
// a JSON file cut short is an error that names the place and says the input
// ended; a weight replaced by NaN is an error naming NaN at its place.
TEST_CASE("byte damage with a known outcome: statuses and messages") {
  const std::uint64_t seed = nf::test::test_seed();
  INFO("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  auto read = [](const std::string& name) {
    std::ifstream in(kData + "/networks/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  nf::RankCheckOptions opts;
  opts.verify.limits.max_work = 1e7;
  // "mem:LINE:COLUMN: ..." (no std::regex: GCC 12 warns inside it under ASan).
  auto positioned = [](const std::string& m) {
    std::size_t i = 4;
    auto digits = [&] {
      const std::size_t start = i;
      while (i < m.size() && std::isdigit(static_cast<unsigned char>(m[i]))) ++i;
      return i > start;
    };
    return m.rfind("mem:", 0) == 0 && digits() && i < m.size() && m[i++] == ':' && digits() &&
           m.compare(i, 2, ": ") == 0;
  };
  for (const char* name : {"paper_n2.json", "paper_n3.txt", "decimals.txt", "tanh_n3.json"}) {
    const std::string original = read(name);
    // Digits of weights: after the first line holding numbers (JSON: after
    // the first '['), outside '#' comments.
    std::size_t from = original.find('[');
    if (original[0] != '{') {  // text: the end of the header "n m", the first line that is not a comment
      std::size_t line = 0;
      while (original[original.find_first_not_of(" \t", line)] == '#' || original[line] == '\n')
        line = original.find('\n', line) + 1;
      from = original.find('\n', line);
    }
    auto in_comment = [&](std::size_t p) {
      const std::size_t line = original.rfind('\n', p);
      const std::size_t hash = original.find('#', line == std::string::npos ? 0 : line);
      return hash < p;
    };
    std::vector<std::size_t> digits;
    for (std::size_t p = from; p < original.size(); ++p)
      if (std::isdigit(static_cast<unsigned char>(original[p])) && !in_comment(p)) digits.push_back(p);
    for (int it = 0; it < nf::test::scaled(60); ++it) {
      std::string s = original;
      REQUIRE_FALSE(digits.empty());
      const std::size_t at = digits[rng() % digits.size()];
      s[at] = static_cast<char>('1' + (s[at] - '0' + 1 + rng() % 8) % 9);
      INFO("file " << std::string(name) << " with a digit changed:\n" << s);
      const int status = check_text(s, opts).status;
      CHECK((status == nf::kExitOk || status == nf::kExitRefuted));
    }
    if (original[0] != '{') continue;
    std::string trimmed = original.substr(0, original.find_last_not_of(" \n\r\t") + 1);
    for (int it = 0; it < nf::test::scaled(60); ++it) {
      const std::size_t cut = 1 + rng() % (trimmed.size() - 1);
      INFO("file " << std::string(name) << " cut at " << cut);
      try {
        (void)check_text(trimmed.substr(0, cut), opts);
        FAIL("a JSON file cut at " << cut << " was accepted");
      } catch (const nf::InputError& e) {
        const std::string message = e.what();
        CHECK(positioned(message));
        CHECK(message.find("truncated") != std::string::npos);
      }
    }
    const std::size_t w = trimmed.find("\"w\"");
    const std::size_t number = trimmed.find_first_of("-0123456789\"", trimmed.find('[', w) + 1);
    std::string with_nan = trimmed;
    with_nan.replace(number, trimmed.find_first_of(",]", number) - number, "NaN");
    try {
      (void)check_text(with_nan, opts);
      FAIL("NaN was accepted");
    } catch (const nf::InputError& e) {
      CHECK(positioned(std::string(e.what())));
      CHECK(std::string(e.what()).find("w[0]: NaN") != std::string::npos);
    }
  }
}
