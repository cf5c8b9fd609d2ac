// rank-check: read a network file, check the identities (A2)/(A3) for a
// target monomial x^r (default the product x_1...x_n) under an activation, compute the rank of A (A7), and map
// the outcome to an exit status.  The one part of lib/io that uses lib/verify.
//
// Example: the n = 2 gate of network_file.hpp, generic activation:
//   RankCheckResult r = rank_check_file("gate.json", {});
//   r.status == kExitOk, r.report.rank->rank == 4, r.report.verdict == Verdict::Verified.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "io/network_file.hpp"
#include "io/snap.hpp"
#include "model/activation.hpp"
#include "model/network.hpp"
#include "model/target.hpp"
#include "verify/verification.hpp"

namespace nf {

struct RankCheckOptions {
  // --activation; wins over the file's "activation" key.  Default: generic.
  std::optional<std::string> activation;
  // --target: the monomial x^r in parse_target syntax ("x1^2*x2" or "2,1"),
  // read against the file's n.  Default: the product x_1...x_n.
  std::optional<std::string> target;
  NetworkFormat format = NetworkFormat::Auto;
  VerifyOptions verify;
  // --rank-only: the rank of A alone (rank_report), no identities.
  bool rank_only = false;
  // --snap: verify the network with every weight replaced by the simplest
  // rational that rounds to it (snap.hpp).
  bool snap = false;
  SnapOptions snap_options;
};

struct RankCheckResult {
  std::string file;  // as given ("-" for standard input)
  Network network;
  Activation activation;
  Target target;
  // With rank_only, only n, m, activation, target, degree, rank and seconds are filled.
  VerificationReport report;
  bool rank_only = false;
  std::optional<SnapReport> snap;  // with --snap: what changed (network is the snapped one)
  int status = 0;  // rank_check_status / rank_only_status
  // Reading the file (rank_check_file): the format read, its size in bytes
  // and the seconds taken to read and parse it.
  NetworkFormat format = NetworkFormat::Auto;
  std::uint64_t read_bytes = 0;
  double read_seconds = 0;
};

// From the identities, which are always decided exactly:
// 0 (kExitOk): they hold, the network computes x^r exactly;
// 1 (kExitRefuted): they fail;
// 3 (kExitCounterexample): they hold, the hypothesis holds and the certified
//   rank of A is below 2^n;
// 4 (kExitUnknown): they hold but the rank of A could not be certified.
[[nodiscard]] int rank_check_status(const VerificationReport& rep);
// --rank-only: 0 A has certified full row rank 2^n, 1 its certified rank is
// lower, 4 the rank could not be certified.
[[nodiscard]] int rank_only_status(const RankReport& rank);

// Reads `path` ("-" = standard input) and verifies it.  Throws InputError
// (malformed file or option, a target whose number of variables is not n) and LimitError (the file, the network, the
// expansion or A above opts.verify.limits) before any large computation.
RankCheckResult rank_check_network(const std::string& file, NetworkFile parsed, const RankCheckOptions& opts);
RankCheckResult rank_check_file(const std::string& path, const RankCheckOptions& opts);

// The readable report: file, proof log (format_proof_log), status line; a
// counterexample is announced in capitals.  With rank_only: the network's
// size and the rank of A.
std::string format_rank_check(const RankCheckResult& result);

// report_json plus "file" and "status" (rank_only: file, status, n, m, rows,
// rank, full_row_rank, certified, rank_engine, rank_method, seconds).
nlohmann::ordered_json rank_check_json(const RankCheckResult& result);

// The JSON line for a file that could not be checked: {"file", "status",
// "error", "error_type"} with the type "input", "limit" or "internal".
nlohmann::ordered_json rank_check_error_json(const std::string& file, int status, const std::string& message,
                                             const std::string& type);

// The rank-check tool: every file in turn, its report (text, or one JSON line
// with --json) on `out`, an unreadable file as one error line on stderr (and
// its JSON error line), a bad file not stopping the others; with
// `certificate` (one file) the rank certificate is written there.  Returns
// the worst status (worse_status).
struct RankCheckRun {
  std::vector<std::string> files;
  RankCheckOptions check;
  bool json = false;
  std::string certificate;
};
int run_rank_check(const RankCheckRun& run, std::ostream& out);

}  // namespace nf
