// The option layer every tool shares (core/options.hpp): GNU conventions,
// suggestions, case-insensitive values, repeated options, the status table.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/options.hpp"
#include "verify/verify_flags.hpp"

using namespace nf;

namespace {

const ToolInfo kTool{"test-tool", "[options] FILE...", "A tool for the tests.", ""};

// Parses argv (argv[0] added) against the table; returns the InputError text, or "" on success.
std::string parse(const std::vector<Option>& table, std::vector<std::string> args) {
  args.insert(args.begin(), "test-tool");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  try {
    (void)parse_command_line(kTool, table, static_cast<int>(argv.size()), argv.data());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

struct Parsed {
  VerifyFlags flags;
  std::vector<std::string> files;
  std::string domain;
  std::uint64_t count = 0;
  std::vector<Option> table() {
    std::vector<Option> t = {positionals("FILE", "files", append_value(files)),
                             option("--domain", "SPEC", "a domain", text_value(domain)),
                             option("--count", "N", "a count", count_value(count, 1, 30))};
    for (Option& o : verify_options(flags)) t.push_back(std::move(o));
    return t;
  }
};

}  // namespace

TEST_CASE("--opt=value and --opt value, values that start with '-', and --") {
  Parsed p;
  CHECK(parse(p.table(), {"--domain=-3..3", "--count", "7", "a.json"}) == "");
  CHECK(p.domain == "-3..3");
  CHECK(p.count == 7);
  CHECK(p.files == std::vector<std::string>{"a.json"});
  Parsed q;
  CHECK(parse(q.table(), {"--domain", "-3..3", "--", "--json", "-"}) == "");
  CHECK(q.domain == "-3..3");
  CHECK(q.files == std::vector<std::string>{"--json", "-"});
  CHECK_FALSE(q.flags.json);
}

TEST_CASE("a typo gets a suggestion; an unknown option without a near name does not") {
  Parsed p;
  CHECK(parse(p.table(), {"--activaton", "tanh"}) == "unknown option '--activaton' (did you mean --activation?)");
  CHECK(parse(p.table(), {"--rank-engin=dense"}) == "unknown option '--rank-engin' (did you mean --rank-engine?)");
  CHECK(parse(p.table(), {"--zzzzzzzzzzzz"}) == "unknown option '--zzzzzzzzzzzz' (see --help)");
}

TEST_CASE("enumerated values are case-insensitive, activation specs too") {
  Parsed p;
  CHECK(parse(p.table(), {"--engine", "MOMENT", "--rank-engine=Dense", "--activation", "Tanh"}) == "");
  CHECK(p.flags.verify.engine == ExpansionEngine::Moment);
  CHECK(p.flags.verify.rank_engine == RankEngine::Dense);
  CHECK(parse(Parsed().table(), {"--engine", "fast"}) == "--engine: expected one of literal, moment, structured, got 'fast'");
}

TEST_CASE("a single-valued option given twice is an error; flags may repeat") {
  Parsed p;
  CHECK(parse(p.table(), {"--count", "3", "--count=4"}) == "--count given more than once");
  Parsed q;
  CHECK(parse(q.table(), {"--json", "--json"}) == "");
  CHECK(q.flags.json);
  CHECK(parse(Parsed().table(), {"--count"}) == "--count needs a value");
}

TEST_CASE("--threads 0 means every core; ranges are enforced with the option's name") {
  Parsed p;
  p.flags.verify.threads = 7;
  CHECK(parse(p.table(), {"--threads", "0"}) == "");
  CHECK(p.flags.verify.threads == 0);
  CHECK(parse(Parsed().table(), {"--count", "31"}) == "--count: 31 is outside 1..30");
  CHECK(parse(Parsed().table(), {"--max-memory", "-1"}) == "--max-memory: expected a whole number in 1..1125899906842624, got '-1'");
  CHECK(parse(Parsed().table(), {"--max-work=nan"}) == "--max-work: expected a positive number, got 'nan'");
}

TEST_CASE("bytes with suffixes") {
  std::uint64_t bytes = 0;
  bytes_value(bytes)("--max-memory", "8G");
  CHECK(bytes == (8ull << 30));
  bytes_value(bytes)("--max-memory", "1024");
  CHECK(bytes == 1024);
}

TEST_CASE("help and version texts") {
  Parsed p;
  const std::string help = help_text(kTool, p.table());
  CHECK(help.find("Usage: test-tool [options] FILE...") == 0);
  CHECK(help.find("--activation SPEC") != std::string::npos);
  CHECK(help.find("--version") != std::string::npos);
  CHECK(help.find("Exit status:") != std::string::npos);
  const std::string version = version_text("test-tool");
  CHECK(version.find("test-tool (noflat) ") == 0);
  CHECK(version.find("git revision ") != std::string::npos);
}

TEST_CASE("the status table: errors are 2, engine faults 5; the worst of several statuses") {
  CHECK(run_tool("t", [] { return 4; }) == 4);
  CHECK(run_tool("t", []() -> int { throw InputError("bad"); }) == kExitUsage);
  CHECK(run_tool("t", []() -> int { throw LimitError("big"); }) == kExitUsage);
  CHECK(run_tool("t", []() -> int { throw InternalError("bug"); }) == kExitInternal);
  std::string message;
  CHECK(run_tool("t", []() -> int { throw std::logic_error("bug"); }, &message) == kExitInternal);
  CHECK(message == "bug");
  CHECK(worse_status(kExitOk, kExitRefuted) == kExitRefuted);
  CHECK(worse_status(kExitUnknown, kExitRefuted) == kExitUnknown);
  CHECK(worse_status(kExitUnknown, kExitUsage) == kExitUsage);
  CHECK(worse_status(kExitCounterexample, kExitUsage) == kExitCounterexample);
  CHECK(worse_status(kExitCounterexample, kExitInternal) == kExitInternal);
}
