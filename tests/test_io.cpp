// The network file formats (lib/io/network_file.hpp): exact numbers, the
// worked examples, round trips, one malformed file per defect, and random
// byte mutations that must never crash the parsers.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "io/network_file.hpp"
#include "model/activation.hpp"
#include "model/construction.hpp"
#include "test_support.hpp"

namespace {

const std::string kData = NF_TEST_DATA;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message of the InputError or LimitError that parsing `content` throws
// ("" if it parses).
std::string parse_error(const std::string& content, nf::NetworkFormat format = nf::NetworkFormat::Auto,
                        const nf::ResourceLimits& limits = {}) {
  try {
    (void)nf::parse_network(content, "t", format, limits);
  } catch (const nf::InputError& e) {
    return e.what();
  } catch (const nf::LimitError& e) {
    return e.what();
  }
  return "";
}

// True when `text` contains the pieces of `fragment` (separated by " ... ") in order.
bool contains_in_order(const std::string& text, const std::string& fragment) {
  std::size_t at = 0, start = 0;
  while (true) {
    const std::size_t sep = fragment.find(" ... ", start);
    const std::string piece = fragment.substr(start, sep == std::string::npos ? std::string::npos : sep - start);
    at = text.find(piece, at);
    if (at == std::string::npos) return false;
    at += piece.size();
    if (sep == std::string::npos) return true;
    start = sep + 5;
  }
}

nf::Network gate2() { return nf::canonical_product_gate(2, nf::Activation::generic()); }

}  // namespace

TEST_CASE("worked examples of network_file.hpp read as the n = 2 product gate (A4)") {
  const std::string json =
      "{\"activation\": \"generic\",\n"
      " \"a\": [[\"1\", \"-1\", \"1\", \"-1\"], [\"1\", \"1\", \"-1\", \"-1\"]],\n"
      " \"w\": [\"1/8\", \"-1/8\", \"-1/8\", \"1/8\"]}\n";
  const nf::NetworkFile j = nf::parse_network(json, "example.json", nf::NetworkFormat::Auto);
  CHECK(j.format == nf::NetworkFormat::Json);
  CHECK(j.network == gate2());
  REQUIRE(j.activation);
  CHECK(*j.activation == "generic");

  const std::string text =
      "# the n = 2 product gate (A4)\n"
      "2 4\n"
      "1 -1  1 -1\n"
      "1  1 -1 -1\n"
      "1/8 -1/8 -1/8 1/8\n";
  const nf::NetworkFile t = nf::parse_network(text, "example.txt", nf::NetworkFormat::Auto);
  CHECK(t.format == nf::NetworkFormat::Text);
  CHECK(t.network == gate2());
  CHECK(!t.activation);
}

TEST_CASE("numbers are read exactly as written") {
  const std::string json =
      "{\"a\": [[0.1, \"0.1\", 3e-4, \"3e-4\", -1.25, \"1/3\", \"3/-4\", 12345678901234567890123, -0, 1E+2, "
      "\"+5\", \"1234567890123456789012345678901234567890/9876543210987654321098765432109876543211\"]], "
      "\"w\": [1,1,1,1,1,1,1,1,1,1,1,1]}";
  const nf::Network net = nf::parse_network_json(json, "t").network;
  REQUIRE(net.neurons() == 12);
  CHECK(net.a(0, 0) == mpq_class(1, 10));
  CHECK(net.a(0, 1) == mpq_class(1, 10));
  CHECK(net.a(0, 2) == mpq_class(3, 10000));
  CHECK(net.a(0, 3) == mpq_class(3, 10000));
  CHECK(net.a(0, 4) == mpq_class(-5, 4));
  CHECK(net.a(0, 5) == mpq_class(1, 3));
  CHECK(net.a(0, 6) == mpq_class(-3, 4));
  CHECK(net.a(0, 7) == mpq_class(mpz_class("12345678901234567890123")));
  CHECK(net.a(0, 8) == 0);
  CHECK(net.a(0, 9) == 100);
  CHECK(net.a(0, 10) == 5);
  mpq_class big(mpz_class("1234567890123456789012345678901234567890"),
                mpz_class("9876543210987654321098765432109876543211"));
  big.canonicalize();
  CHECK(net.a(0, 11) == big);

  const nf::Network t = nf::parse_network_text("1 4\n0.1 .5 3. 1.5E+10\n1 1 1 1\n", "t").network;
  CHECK(t.a(0, 0) == mpq_class(1, 10));
  CHECK(t.a(0, 1) == mpq_class(1, 2));
  CHECK(t.a(0, 2) == 3);
  CHECK(t.a(0, 3) == 15000000000);
}

TEST_CASE("format detection and forced formats") {
  CHECK(nf::detect_network_format("  \n{") == nf::NetworkFormat::Json);
  CHECK(nf::detect_network_format("[") == nf::NetworkFormat::Json);
  CHECK(nf::detect_network_format("\xEF\xBB\xBF{") == nf::NetworkFormat::Json);
  CHECK(nf::detect_network_format("# {\n1 1") == nf::NetworkFormat::Text);
  CHECK(nf::detect_network_format("") == nf::NetworkFormat::Text);
  CHECK(nf::parse_network_format("json") == nf::NetworkFormat::Json);
  CHECK(nf::parse_network_format("text") == nf::NetworkFormat::Text);
  CHECK(nf::parse_network_format("auto") == nf::NetworkFormat::Auto);
  CHECK_THROWS_AS((void)nf::parse_network_format("xml"), nf::InputError);
  CHECK(parse_error("1 1\n1\n1\n", nf::NetworkFormat::Json).find("t:1:1: expected a JSON object") == 0);
  CHECK(parse_error("{\"a\": [[1]], \"w\": [1]}", nf::NetworkFormat::Text).find("t:1:14: header: expected two whole numbers") == 0);
}

TEST_CASE("text layout: comments, blank lines, CRLF, byte order mark, tabs") {
  const std::string text =
      "\xEF\xBB\xBF# comment\r\n\r\n2 4 # header\r\n\t1 -1 1 -1\r\n# between rows\r\n1 1 -1 -1\r\n"
      "1/8 -1/8 -1/8 1/8";  // no final newline
  CHECK(nf::parse_network_text(text, "t").network == gate2());
}

TEST_CASE("JSON layout: key order, whitespace, escapes") {
  const std::string json =
      "\n\t{ \"w\" : [ \"1/8\" , \"-1/8\", \"-1/8\", 0.125 ] ,\r\n \"activation\":\"\\u0067eneric\", "
      "\"a\":[[1,-1,1,-1],[1,1,-1,-1]] }\n\n";
  const nf::NetworkFile f = nf::parse_network_json(json, "t");
  CHECK(f.network == gate2());
  CHECK(*f.activation == "generic");
  CHECK(parse_error("{\"a\": [[1]], \"w\": [1], \"activation\": \"\\ud83d\\ude00\"}").find("unknown activation") !=
        std::string::npos);
  CHECK(parse_error("{\"a\": [[1]], \"w\": [1], \"activation\": \"\\ud83d\"}").find("unpaired high surrogate") !=
        std::string::npos);
}

TEST_CASE("messages name the place: line:column and a JSON path") {
  CHECK(parse_error("{\"a\": [[1, 2], [3, 4]],\n \"w\": [1, 2, 3]}") ==
        "t:2:7: w: expected 2 numbers (m = 2, the length of the rows of a), got 3");
  CHECK(parse_error("{\"a\": [[1, 2], [3, \"x\"]], \"w\": [1, 2]}") ==
        "t:1:20: a[1][1]: expected a number (integer, p/q or decimal), got 'x': unexpected character");
  CHECK(parse_error("1 2\n1 2\n1 1/0\n") ==
        "t:3:3: entry 2 of w: expected a number (integer, p/q or decimal), got '1/0': zero denominator");
  CHECK(parse_error("{\"a\": [[1, 2]], \"w\": [1, 2], \"w\": [3, 4]}") == "t:1:30: duplicate key \"w\"");
  CHECK(parse_error("{\"a\": [[1, 2]], \"w\": [1, 2]").find("t:1:28: expected ',' or '}' after the value of \"w\", got the end") ==
        0);
  CHECK(parse_error("{}") == "t:1:1: missing key \"a\" (the input weights: n arrays of m numbers)");
  CHECK(parse_error("{\"a\": [[1]]").find("truncated JSON?") != std::string::npos);
}

TEST_CASE("every malformed file in tests/data/bad fails with its message") {
  std::ifstream manifest(kData + "/bad/EXPECTED");
  REQUIRE(manifest);
  std::string line;
  int checked = 0;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    REQUIRE(cols.size() >= 2);
    // Files that fail only under extra options or in the verification stage
    // are covered by tests/cli/rank_check.sh and test_rank_check.
    if (cols.size() > 2 || cols[0] == "too_large.txt") continue;
    INFO("file: " << cols[0]);
    std::string message;
    try {
      (void)nf::read_network_file(kData + "/bad/" + cols[0]);
    } catch (const nf::InputError& e) {
      message = e.what();
    } catch (const nf::LimitError& e) {
      message = e.what();
    }
    CHECK_MESSAGE(contains_in_order(message, cols[1]), message);
    CHECK(message.find('\n') == std::string::npos);
    ++checked;
  }
  CHECK(checked >= 50);
}

TEST_CASE("nesting a million levels deep is an error, not a stack overflow") {
  const std::size_t depth = 1000000;
  CHECK(parse_error(std::string(depth, '[')) .find("t:1:1: expected a JSON object") == 0);
  CHECK(parse_error("{\"a\": " + std::string(depth, '[')).find("t:1:9: a[0][0]: expected a number") == 0);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\": ";
  CHECK(parse_error(objects).find("t:1:7: a: expected an array of n rows") == 0);
}

TEST_CASE("sizes: absurd headers and large files are refused before allocation") {
  CHECK(parse_error("999999999999 999999999999\n").find("raise it with --max-memory") != std::string::npos);
  CHECK(parse_error("3000 100000\n").find("t:1:1: header: a network with n = 3000 inputs and m = 100000 neurons") == 0);
  // A header within the limits but larger than the file: fails at the end of the file.
  CHECK(parse_error("1000 1000\n1 2\n").find("t:2:1: row 1 of a: expected 1000 numbers") == 0);
  nf::ResourceLimits small;
  small.max_memory_bytes = 16 << 20;
  CHECK(nf::max_network_file_bytes(small) == (16 << 20) / nf::kFileBytesDivisor);
  small.max_memory_bytes = 1000;
  CHECK(nf::max_network_file_bytes(small) == 64 << 10);
  CHECK(nf::max_network_file_bytes({}) == (std::uint64_t(8) << 30) / 16);
  CHECK_NOTHROW(nf::check_network_size(1, 7, small, "x"));  // 2 * 7 * 64 = 896 bytes
  CHECK_THROWS_AS(nf::check_network_size(1, 8, small, "x"), nf::LimitError);
  CHECK_NOTHROW(nf::check_network_size(1, 1, {}, "x"));
  // A file above the cap is refused from its size alone.
  const std::string path = kData + "/bad/deep_nesting.json";
  nf::ResourceLimits one_mb;
  one_mb.max_memory_bytes = 1 << 20;
  try {
    (void)nf::read_network_source(path, one_mb);
    FAIL("expected a LimitError");
  } catch (const nf::LimitError& e) {
    CHECK(std::string(e.what()).find("above the limit 65536 bytes for network files") != std::string::npos);
  }
  CHECK_THROWS_AS((void)nf::read_network_source(kData + "/no-such-file.json"), nf::InputError);
  CHECK_THROWS_AS((void)nf::read_network_source(kData), nf::InputError);
}

TEST_CASE("round trip: write then parse gives the same network") {
  const std::uint64_t seed = nf::test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  const std::vector<std::string> activations = {"generic", "tanh", "poly:1/2,-3,0,7/9", "exp"};
  for (int it = 0; it < nf::test::scaled(1000); ++it) {
    const std::size_t n = 1 + rng() % 4, m = 1 + rng() % 9;
    const long num = it % 3 == 0 ? 1000000000L : 20, den = it % 2 == 0 ? 1000000007L : 6;
    nf::Network net = nf::test::random_network(rng, n, m, num, den);
    if (it % 5 == 0) {
      // Entries with 40-digit numerators and denominators.
      std::vector<mpq_class> a = net.a_row_major(), w = net.w_all();
      mpq_class big(mpz_class("1234567890123456789012345678901234567891"),
                    mpz_class("-9876543210987654321098765432109876543217"));
      big.canonicalize();
      a[rng() % a.size()] *= big;
      w[rng() % w.size()] += big;
      net = nf::Network(n, m, std::move(a), std::move(w));
    }
    if (it % 4 == 1) {
      // Hidden biases (some zero) and an output bias.
      std::vector<mpq_class> b(m);
      for (mpq_class& v : b) {
        v = rng() % 3 == 0 ? mpq_class(0) : mpq_class(static_cast<long>(rng() % 41) - 20, 7);
        v.canonicalize();
      }
      mpq_class c(static_cast<long>(rng() % 9), 4);
      c.canonicalize();
      net = nf::Network(n, m, net.a_row_major(), net.w_all(), std::move(b), c);
    }
    const std::string act = activations[rng() % activations.size()];
    INFO("iteration " << it << ", n = " << n << ", m = " << m);
    const nf::NetworkFile j = nf::parse_network(nf::write_network_json(net, act), "rt.json", nf::NetworkFormat::Auto);
    CHECK(j.format == nf::NetworkFormat::Json);
    CHECK(j.network == net);
    CHECK(j.activation == act);
    CHECK(nf::parse_network(nf::write_network_json(net), "rt.json", nf::NetworkFormat::Auto).activation ==
          std::nullopt);
    const nf::NetworkFile t = nf::parse_network(nf::write_network_text(net), "rt.txt", nf::NetworkFormat::Auto);
    CHECK(t.format == nf::NetworkFormat::Text);
    CHECK(t.network == net);
  }
}

TEST_CASE("the JSON writer writes exact strings, one row of a per line") {
  const std::string out = nf::write_network_json(gate2(), std::string("generic"));
  CHECK(out ==
        "{\n"
        "  \"activation\": \"generic\",\n"
        "  \"a\": [\n"
        "    [\"1\", \"-1\", \"1\", \"-1\"],\n"
        "    [\"1\", \"1\", \"-1\", \"-1\"]\n"
        "  ],\n"
        "  \"w\": [\"1/8\", \"-1/8\", \"-1/8\", \"1/8\"]\n"
        "}\n");
}

namespace {

// One random edit of `s`: flip, replace, insert or delete bytes, duplicate or
// cut a chunk, or splice in a token that parsers find interesting.
void mutate(std::string& s, std::mt19937_64& rng) {
  static const std::vector<std::string> tokens = {
      "\"", "[", "]", "{", "}", ",", ":", "/", "/0", "-", ".", "e", "E99999", "1e10001", "NaN", "Infinity",
      "true", "null", "\\", "\\u", "#", "\n", "\r", " ", "\t", std::string(1, '\0'), "\xFF", "999999999",
      "0", "\"a\"", "\"w\"", "\"activation\": \"poly:1,2\",", "[[", "]]", "1/", "//", "+", "00"};
  const std::size_t size = s.size();
  const std::size_t pos = size ? rng() % (size + 1) : 0;
  switch (rng() % 7) {
    case 0:
      if (pos < size) s[pos] = static_cast<char>(s[pos] ^ (1u << (rng() % 8)));
      break;
    case 1:
      if (pos < size) s[pos] = static_cast<char>(rng() % 256);
      break;
    case 2: s.insert(pos, 1, static_cast<char>(rng() % 256)); break;
    case 3:
      if (pos < size) s.erase(pos, 1 + rng() % 4);
      break;
    case 4: s.insert(pos, tokens[rng() % tokens.size()]); break;
    case 5: {
      const std::size_t len = 1 + rng() % 16;
      if (pos < size) s.insert(rng() % (size + 1), s.substr(pos, len));
      break;
    }
    default: s.resize(pos); break;
  }
}

}  // namespace

TEST_CASE("fuzz: random mutations of valid files parse or fail with InputError/LimitError") {
  const std::uint64_t seed = nf::test::test_seed();
  MESSAGE("seed " << seed << " (NF_TEST_SEED to repeat)");
  std::mt19937_64 rng(seed);
  std::vector<std::string> seeds;
  for (const char* name : {"paper_n2.json", "paper_n3.txt", "decimals.txt", "split_neurons.json",
                           "square_two_neurons.json", "big_rationals.json", "too_few_neurons.txt"}) {
    seeds.push_back(slurp(kData + "/networks/" + name));
    REQUIRE(!seeds.back().empty());
  }
  nf::ResourceLimits limits;
  limits.max_memory_bytes = 64 << 20;
  int parsed = 0, rejected = 0;
  for (int it = 0; it < nf::test::scaled(30000); ++it) {
    std::string s = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) mutate(s, rng);
    INFO("iteration " << it);
    try {
      const nf::NetworkFile f = nf::parse_network(s, "fuzz", nf::NetworkFormat::Auto, limits);
      // Whatever parses is a well-formed network that writes and reads back.
      CHECK(nf::parse_network_json(nf::write_network_json(f.network, f.activation), "back", limits).network ==
            f.network);
      ++parsed;
    } catch (const nf::InputError& e) {
      CHECK(std::string(e.what()).rfind("fuzz", 0) == 0);
      ++rejected;
    } catch (const nf::LimitError&) {
      ++rejected;
    }
  }
  MESSAGE(parsed << " mutants parsed, " << rejected << " rejected");
  CHECK(rejected > 0);
}
