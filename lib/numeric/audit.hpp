// audit-paper: one row per quantitative statement of Lin, Tegmark & Rolnick
// (2017) that a computation can check.  Each row names the statement, where
// the paper makes it, the value the paper claims, the value computed here,
// and a verdict:
//   PASS  the computation agrees with the statement;
//   FAIL  it does not (a finding about the paper, not an error of the tool);
//   NOTE  the statement is right in substance but a detail differs, or it is
//         qualitative and the row reports the number behind it;
//   ERROR the computation could not run (a resource limit): the only outcome
//         that makes the tool exit non-zero.
// The computations live in paper_checks.hpp, gate_evaluation.hpp,
// deep_network.hpp and lib/verify; this module only assembles and judges.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nf {

enum class AuditVerdict { Pass, Fail, Note, Error };
const char* to_string(AuditVerdict v);

struct AuditRow {
  std::string id;         // short key, e.g. "theorem-1"
  std::string statement;  // the paper's statement, paraphrased
  std::string where;      // "Sect. 2.3.1, Theorem 1"
  std::string claimed;    // what the paper says the value is
  std::string computed;   // what the computation gives
  AuditVerdict verdict = AuditVerdict::Note;
  std::string reason;     // why, when not a plain PASS; notes otherwise
  double seconds = 0;
};

struct AuditOptions {
  std::uint64_t seed = 1;
  // (A4) and the lower bound go through nf::verify_network (the general
  // moment engine; the certified dense rank) for n <= rank_upto; every
  // n = 1..12 also goes through the parity-moment and Gram certificates.
  unsigned rank_upto = 12;
  std::vector<std::string> only;  // run only these ids (all when empty)
};

// The ids of every row, in order.
std::vector<std::string> audit_row_ids();

// Runs the rows; a row whose computation throws becomes an ERROR row with the
// message.  Throws InputError for an unknown id in opts.only.
std::vector<AuditRow> run_audit(const AuditOptions& opts);

std::string format_audit_row(const AuditRow& row);
std::string format_audit_summary(const std::vector<AuditRow>& rows);
// Keys: id, statement, where, claimed, computed, verdict, reason, seconds.
nlohmann::ordered_json audit_row_json(const AuditRow& row);

}  // namespace nf
