#include "io/rank_check.hpp"

#include <chrono>
#include <cstdio>
#include <utility>

#include <iostream>
#include <ostream>

#include "core/error.hpp"
#include "core/options.hpp"
#include "core/output_file.hpp"
#include "core/rational.hpp"
#include "verify/product_runs.hpp"
#include "verify/report_format.hpp"

namespace nf {

int rank_check_status(const VerificationReport& rep) { return verification_status(rep); }

int rank_only_status(const RankReport& rank) {
  if (!rank.certified) return kExitUnknown;
  return rank.full_row_rank ? kExitOk : kExitRefuted;
}

RankCheckResult rank_check_network(const std::string& file, NetworkFile parsed, const RankCheckOptions& opts) {
  const std::string spec = opts.activation.value_or(parsed.activation.value_or("generic"));
  Activation activation = Activation::parse(spec);
  const std::string name = file == "-" ? "<stdin>" : file;
  VerificationReport rep;
  Target target;
  std::optional<SnapReport> snapped;
  try {
    if (opts.snap) {
      snapped.emplace();
      parsed.network = snap_network(parsed.network, parsed.precisions, opts.snap_options, *snapped);
    }
    const std::size_t n = parsed.network.inputs();
    target = opts.target ? parse_target(*opts.target, n) : Target::product(n);
    if (target.r.size() != n)
      throw InputError("target " + *opts.target + " has " + std::to_string(target.r.size()) +
                       " variables, the network has " + std::to_string(n) + " inputs");
    if (opts.rank_only) {
      rep.n = parsed.network.inputs();
      rep.m = parsed.network.neurons();
      rep.activation = activation.name();
      rep.target = format_monomial(target.r);
      rep.degree = target.degree();
      rep.rank = rank_report(parsed.network, target, opts.verify);
      rep.seconds = rep.rank->seconds;
    } else {
      rep = verify_network(parsed.network, activation, target, opts.verify);
    }
  } catch (const LimitError& e) {
    throw LimitError(name + ": " + e.what());
  } catch (const InputError& e) {
    throw InputError(name + ": " + e.what());
  }
  const int status = opts.rank_only ? rank_only_status(*rep.rank) : rank_check_status(rep);
  return RankCheckResult{file,           std::move(parsed.network), std::move(activation), std::move(target),
                         std::move(rep), opts.rank_only, std::move(snapped), status};
}

RankCheckResult rank_check_file(const std::string& path, const RankCheckOptions& opts) {
  // An invalid --activation is reported before the file is read.
  if (opts.activation) (void)Activation::parse(*opts.activation);
  const auto start = std::chrono::steady_clock::now();
  const std::string content = read_network_source(path, opts.verify.limits);
  NetworkFile parsed = parse_network(content, path == "-" ? "<stdin>" : path, opts.format, opts.verify.limits);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const NetworkFormat format = parsed.format;
  RankCheckResult r = rank_check_network(path, std::move(parsed), opts);
  r.format = format;
  r.read_bytes = content.size();
  r.read_seconds = seconds;
  return r;
}

namespace {

std::string format_decimal(const mpq_class& q) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", to_double(q));
  return buf;
}

std::string rank_only_meaning(int status) {
  switch (status) {
    case kExitOk: return "0 (A has full row rank 2^n)";
    case kExitRefuted: return "1 (rank A < 2^n)";
    default: return std::to_string(status) + " (unknown: the rank could not be certified)";
  }
}

std::string status_meaning(int status, const VerificationReport& rep, const Target& target) {
  const std::string what = target.is_product() ? "product gate" : "gate for " + format_monomial(target.r);
  switch (status) {
    case kExitOk:
      if (rep.verdict == Verdict::Approximate)
        return "0 (an approximate " + what + " within " + to_string(*rep.identities.tolerance) + ", not exact)";
      return "0 (an exact " + what + ")";
    case kExitRefuted: return "1 (not an exact " + what + ")";
    case kExitCounterexample: return "3 (COUNTEREXAMPLE to the theorem)";
    case kExitUnknown: return "4 (unknown: see the conclusion)";
    default: return std::to_string(status) + " (undecided)";
  }
}

}  // namespace

std::string format_rank_check(const RankCheckResult& r) {
  std::string out = "rank-check: " + (r.file == "-" ? std::string("<stdin>") : r.file) + "\n";
  if (r.format != NetworkFormat::Auto) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", r.read_seconds);
    out += "read: " + to_string(r.format) + ", " + std::to_string(r.read_bytes) + " bytes in " + seconds + " s\n";
  }
  if (r.rank_only) {
    const RankReport& k = *r.report.rank;
    out += "network: n = " + std::to_string(r.report.n) + " inputs, m = " + std::to_string(r.report.m) +
           " hidden neurons (rank only: the identities are not checked)\n";
    out += "matrix A (A7): " + std::to_string(k.rows) + " x " + std::to_string(k.cols) + ", rank " +
           std::to_string(k.rank) + (k.full_row_rank ? " = full row rank" : " < " + std::to_string(k.rows)) +
           (k.certified ? "" : " (NOT certified)") + "\n";
    out += "  engine " + k.engine + ": " + k.method + "\n";
    if (!k.full_row_rank && k.certified)
      out += "meaning: under an activation with sigma_k != 0 for all k <= n, no choice of output weights makes "
             "these input weights an exact product gate ((A5)-(A8)).\n";
    out += "status: " + rank_only_meaning(r.status) + "\n";
    return out;
  }
  if (r.snap)
    out += "snap: " + std::to_string(r.snap->changed) + " of " + std::to_string(r.snap->weights) +
           " weights replaced by the simplest rational " + r.snap->rule + "; largest change " +
           format_decimal(r.snap->max_change) + (r.snap->changed ? " at " + r.snap->max_change_at : "") +
           " (relative " + format_decimal(r.snap->max_relative_change) + "); the snapped network is verified below\n";
  if (r.report.counterexample)
    out += "!!! COUNTEREXAMPLE: the identities (A2)/(A3) and the hypothesis hold, yet rank A < 2^n.\n"
           "!!! This contradicts the theorem (A5)-(A8) and indicates an engine error.\n";
  out += format_proof_log(r.report, r.network, r.activation);
  if (r.report.rank && r.report.m < r.report.rank->rows)
    out += "note: m = " + std::to_string(r.report.m) + " < " + std::to_string(r.report.rank->rows) +
           " rows, so rank A <= m is below 2^n" +
           (r.report.hypothesis_holds ? ": under this activation no choice of weights with this few neurons makes the "
                                        "identities hold.\n"
                                      : "; the activation has sigma_k = 0 for some k <= n, so the theorem's bound "
                                        "does not apply.\n");
  out += "status: " + status_meaning(r.status, r.report, r.target) + "\n";
  return out;
}

nlohmann::ordered_json rank_check_json(const RankCheckResult& r) {
  nlohmann::ordered_json j;
  j["file"] = r.file;
  j["status"] = r.status;
  if (r.format != NetworkFormat::Auto) {
    j["format"] = to_string(r.format);
    j["read_bytes"] = r.read_bytes;
    j["read_seconds"] = r.read_seconds;
  }
  if (r.rank_only) {
    const RankReport& k = *r.report.rank;
    j["n"] = r.report.n;
    j["m"] = r.report.m;
    j["rows"] = k.rows;
    j["rank"] = k.rank;
    j["full_row_rank"] = k.full_row_rank;
    j["rank_certified"] = k.certified;
    j["rank_engine"] = k.engine;
    j["rank_method"] = k.method;
    j["seconds"] = k.seconds;
    return j;
  }
  const nlohmann::ordered_json report = report_json(r.report);
  for (auto it = report.begin(); it != report.end(); ++it) j[it.key()] = it.value();
  if (r.snap)
    j["snap"] = {{"weights", r.snap->weights},
                 {"changed", r.snap->changed},
                 {"max_change", to_double(r.snap->max_change)},
                 {"max_relative_change", to_double(r.snap->max_relative_change)},
                 {"max_change_at", r.snap->max_change_at},
                 {"rule", r.snap->rule}};
  return j;
}

nlohmann::ordered_json rank_check_error_json(const std::string& file, int status, const std::string& message,
                                             const std::string& type) {
  nlohmann::ordered_json j;
  j["file"] = file;
  j["status"] = status;
  j["error"] = message;
  j["error_type"] = type;
  return j;
}

namespace {

// One file: its report on `out`; its status.
int check_one(const RankCheckRun& run, const std::string& file, std::ostream& out) {
  const RankCheckResult r = rank_check_file(file, run.check);
  if (!run.certificate.empty()) {
    if (!r.report.rank || !r.report.rank->certificate)
      throw InputError("the " + (r.report.rank ? r.report.rank->engine : std::string("rank")) +
                       " engine gives no certificate");
    write_file(run.certificate, [&](std::ostream& f) {
      write_rank_certificate(f, r.network, r.target, *r.report.rank->certificate);
    });
  }
  if (run.json) {
    nlohmann::ordered_json j = rank_check_json(r);
    if (r.report.rank) {
      j["rank_seconds"] = r.report.rank->rank_seconds;
      j["certificate_seconds"] = r.report.rank->certificate_seconds;
    }
    out << j.dump() << '\n' << std::flush;
  } else {
    out << format_rank_check(r) << std::flush;
  }
  if (r.status == kExitCounterexample)
    std::cerr << "rank-check: COUNTEREXAMPLE to the theorem in " << file
              << ": identities and hypothesis hold, yet rank A < 2^n (an engine error; please report)\n";
  return r.status;
}

}  // namespace

int run_rank_check(const RankCheckRun& run, std::ostream& out) {
  if (run.files.empty()) throw InputError("no network file given (see --help)");
  if (run.check.rank_only && !run.check.verify.compute_rank) throw InputError("--rank-only and --no-rank exclude each other");
  if (!run.certificate.empty() && run.files.size() != 1)
    throw InputError("--certificate needs exactly one input file");
  int worst = kExitOk;
  for (const std::string& file : run.files) {
    std::string error, type;
    const int status = run_tool("rank-check", [&] { return check_one(run, file, out); }, &error, &type);
    if (run.json && !error.empty()) out << rank_check_error_json(file, status, error, type).dump() << '\n' << std::flush;
    worst = worse_status(worst, status);
  }
  return worst;
}

}  // namespace nf
