// audit-paper: every quantitative statement of the paper that a computation
// can check, one row each: statement, where, claimed, computed, verdict.
//
//   audit-paper [--json] [--only ID,ID,...] [--list] [--seed S] [--rank-upto N]
// Exit: 0 when every row ran (FAIL rows are findings, not errors), 1 when a
// row could not run (ERROR), 2 usage error.
#include <iostream>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "numeric/audit.hpp"

namespace {

const char* kUsage =
    "usage: audit-paper [--json] [--only ID,ID,...] [--list] [--seed S] [--rank-upto N]\n"
    "  One row per checkable statement of Lin, Tegmark & Rolnick (2017): PASS, FAIL (a finding\n"
    "  about the paper) or NOTE.  --rank-upto N (1..12, default 12) runs nf::verify_network on\n"
    "  the (A4) gates up to n = N.\n";

int run(int argc, char** argv) {
  nf::AuditOptions opts;
  bool json = false, list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return nf::kExitOk;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--list") {
      list = true;
    } else if (arg == "--seed") {
      opts.seed = nf::parse_count(nf::option_value(argc, argv, i), "--seed", 0, UINT64_MAX >> 2);
    } else if (arg == "--rank-upto") {
      opts.rank_upto = static_cast<unsigned>(nf::parse_count(nf::option_value(argc, argv, i), "--rank-upto", 1, 12));
    } else if (arg == "--only") {
      const std::string v = nf::option_value(argc, argv, i);
      std::size_t start = 0;
      while (start <= v.size()) {
        std::size_t comma = v.find(',', start);
        if (comma == std::string::npos) comma = v.size();
        opts.only.push_back(v.substr(start, comma - start));
        start = comma + 1;
      }
    } else {
      throw nf::InputError("unknown argument '" + arg + "'");
    }
  }
  if (list) {
    for (const std::string& id : nf::audit_row_ids()) std::cout << id << '\n';
    return nf::kExitOk;
  }
  const std::vector<nf::AuditRow> rows = nf::run_audit(opts);
  bool all_ran = true;
  for (const nf::AuditRow& r : rows) {
    all_ran = all_ran && r.verdict != nf::AuditVerdict::Error;
    if (json)
      std::cout << nf::audit_row_json(r).dump() << '\n';
    else
      std::cout << nf::format_audit_row(r) << '\n';
  }
  if (!json) std::cout << nf::format_audit_summary(rows);
  return all_ran ? nf::kExitOk : nf::kExitRefuted;
}

}  // namespace

int main(int argc, char** argv) {
  return nf::run_tool("audit-paper", [&] { return run(argc, argv); });
}
