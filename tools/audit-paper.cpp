// audit-paper: every quantitative statement of the paper that a computation
// can check, one row each: statement, where, claimed, computed, verdict.
#include <iostream>

#include "core/options.hpp"
#include "numeric/audit.hpp"

namespace {

const nf::ToolInfo kTool{
    "audit-paper", "[options]",
    "One row per checkable statement of Lin, Tegmark & Rolnick (2017): PASS, FAIL (a finding about the paper)\n"
    "or NOTE, with the claimed and the computed value.",
    "Example: audit-paper --only eq28,A4 --json\n"
    "Statuses: 0 every row ran (FAIL rows are findings, not errors), 1 a row could not run (ERROR), 2 bad input."};

int run(int argc, char** argv) {
  nf::AuditOptions opts;
  bool json = false, list = false;
  std::vector<nf::Option> table = {
      nf::flag("--json", "one JSON object per row (JSON Lines)", json),
      nf::repeatable("--only", "ID,ID,...", "run only these rows (see --list); repeatable", nf::comma_list_value(opts.only)),
      nf::flag("--list", "print the row ids and exit", list),
      nf::option("--seed", "S", "seed of the randomized rows (default 1)", nf::count_value(opts.seed, 0, UINT64_MAX >> 2)),
      nf::option("--rank-upto", "N", "run nf::verify_network on the (A4) gates up to n = N (1..12, default 12)",
                 nf::unsigned_value(opts.rank_upto, 1, 12)),
  };
  if (nf::parse_command_line(kTool, table, argc, argv)) return nf::kExitOk;
  if (list) {
    for (const std::string& id : nf::audit_row_ids()) std::cout << id << '\n';
    return nf::kExitOk;
  }
  const std::vector<nf::AuditRow> rows = nf::run_audit(opts);
  bool all_ran = true;
  for (const nf::AuditRow& r : rows) {
    all_ran = all_ran && r.verdict != nf::AuditVerdict::Error;
    std::cout << (json ? nf::audit_row_json(r).dump() : nf::format_audit_row(r)) << '\n';
  }
  if (!json) std::cout << nf::format_audit_summary(rows);
  return all_ran ? nf::kExitOk : nf::kExitRefuted;
}

}  // namespace

int main(int argc, char** argv) { return nf::run_tool("audit-paper", [&] { return run(argc, argv); }); }
