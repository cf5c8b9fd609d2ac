// The certify-approx tool as a library call: the certified worst-case error of a real network against x^r on a box.
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "cli/tool_mains.hpp"
#include "core/progress.hpp"
#include "approx/certify_approx.hpp"
#include "core/options.hpp"
#include "core/output_file.hpp"
#include "core/rational.hpp"
#include "numeric/gate_evaluation.hpp"

namespace nf {

namespace {
const ToolInfo kTool{
    "certify-approx", "[FILE | --gate N] [options]",
    "Certifies how far a real network is from the monomial x^r (default x1...xn) on a box: an enclosure\n"
    "lower <= E* <= upper of E* = max over the box of |f(x) - x^r|, by branch and bound over sub-boxes with Arb\n"
    "ball arithmetic (third-order Taylor form), with the point where the lower bound is attained. FILE is a\n"
    "network file with biases (f_L(x) = L^-d (c + sum_j w_j sigma(b_j + L a_j.x))); --gate N is the paper's (A4)\n"
    "gate scaled as evaluate-gate scales it.",
    "Example: certify-approx --gate 2 --activation sigmoid --scale 1/10\n"
    "Statuses: 0 enclosed to the gap, or within --epsilon; 1 exceeds --epsilon (the witness is a counterexample);\n"
    "2 bad input; 4 unknown (a limit was reached first: the enclosure reached is printed)."};

}  // namespace

namespace {

// The options that are not fields of the request, as the command line gives them.
struct CertifyApproxFlags {
  std::string scale, sweep, epsilon, csv, plot;
  double gap = 0.01;
  bool json = false, quiet = false;
};

// The option table: each option writes into the request or into `flags`.
std::vector<Option> certify_approx_options(CertifyApproxRequest& request, CertifyApproxFlags& flags) {
  return {
      positional("FILE", "a network file (JSON, text, or any format the readers know) with its biases",
                     text_value(request.network_file)),
      option("--gate", "N", "the paper's (A4) gate for n = N (1..8) instead of a file",
                 count_value(request.gate, 1, 8)),
      option("--activation", "SPEC",
                 "sigmoid, tanh, softplus, silu, exp, poly:c0,c1,..., relu (default: the file's; sigmoid for --gate)",
                 text_value(request.activation)),
      option("--bias", "B", "--gate only: auto (default, as evaluate-gate) or a rational",
                 text_value(request.bias)),
      option("--target", "R", "the monomial x^r (x1^2*x2 or 2,1; default x1*...*xn)",
                 text_value(request.target)),
      option("--box", "SPEC", "-1..1 (every coordinate, default) or one range per input: -1..1,0..1/2,...",
                 text_value(request.box)),
      option("--scale", "L", "the scale L (lambda for --gate), an exact rational (default 1)",
                 text_value(flags.scale)),
      option("--sweep", "L1,L2,...", "certify each scale: a table with the fitted order", text_value(flags.sweep)),
      option("--epsilon", "E", "verdict: within (upper <= E, status 0) or exceeds (lower > E, status 1)",
                 text_value(flags.epsilon)),
      option("--gap", "G", "refine until upper - lower <= G upper (default 0.01)", positive_real_value(flags.gap)),
      option("--abs-gap", "A", "... or until upper - lower <= A (default 1e-20: exact fits end)",
                 positive_real_value(request.options.abs_gap)),
      option("--form", "F", "enclosure per box: taylor (default), mean-value or natural",
                 choice_value(request.options.form, {{"taylor", BoundForm::Taylor},
                                                         {"mean-value", BoundForm::MeanValue},
                                                         {"natural", BoundForm::Natural}})),
      option("--points", "K", "sample points for the sampled maximum (evaluate-gate's; default 100, 0: none)",
                 unsigned_value(request.points, 0, 100000)),
      option("--csv", "FILE", "the rows as CSV", text_value(flags.csv)),
      option("--plot", "FILE.png", "a log-log PNG of a sweep (gnuplot; the script is kept as FILE.png.gp)",
                 text_value(flags.plot)),
      flag("--json", "one JSON object per scale (JSON Lines)", flags.json),
      flag("--quiet", "no progress lines on stderr", flags.quiet),
      option("--max-work", "BOXES", "stop (status 4) after this many boxes (default 1e7)",
                 positive_real_value(request.options.max_work)),
      option("--max-seconds", "S", "stop (status 4) after S seconds per scale (default 600)",
                 positive_real_value(request.options.max_seconds)),
  };
}

// A progress line on stderr, once a scale has run for 3 seconds.
void print_progress(std::uint64_t boxes, double lower, double upper, double seconds) {
  if (seconds < 3) return;
  char line[160];
  std::snprintf(line, sizeof line, "certify-approx: %llu boxes, %.6g <= E* <= %.6g (gap %.3g%%), %.0f boxes/s",
                static_cast<unsigned long long>(boxes), lower, upper, upper > 0 ? 100 * (upper - lower) / upper : 0.0,
                static_cast<double>(boxes) / seconds);
  progress_line(line);
}

// Completes the request from the flags: the scales, the gap, epsilon and the
// progress callback.  Throws InputError naming the option that is wrong.
void complete_request(const CertifyApproxFlags& flags, CertifyApproxRequest& request) {
  if (!flags.scale.empty() && !flags.sweep.empty()) throw InputError("give either --scale or --sweep, not both");
  if (!flags.scale.empty()) {
    request.scales = parse_lambda_list(flags.scale);
    if (request.scales.size() != 1) throw InputError("--scale: one value (use --sweep for several)");
  }
  if (!flags.sweep.empty()) {
    request.scales = parse_lambda_list(flags.sweep);
    request.sweep = true;
  }
  if (!(flags.gap < 1)) throw InputError("--gap: expected a number in (0, 1)");
  request.options.gap = flags.gap;
  if (!flags.epsilon.empty()) {
    try {
      request.options.epsilon = parse_rational(flags.epsilon);
    } catch (const InputError& e) {
      throw InputError(std::string("--epsilon: ") + e.what());
    }
    if (*request.options.epsilon < 0) throw InputError("--epsilon: must be nonnegative");
  }
  if (!flags.quiet) request.options.progress = print_progress;
}

}  // namespace

int certify_approx_main(const std::vector<std::string>& args, std::ostream& out) {
  CertifyApproxRequest request;
  CertifyApproxFlags flags;
  std::vector<Option> table = certify_approx_options(request, flags);
  if (parse_command_line(kTool, table, args, out)) return kExitOk;
  complete_request(flags, request);
  const CertifyApproxResult result = certify_approx(request);
  if (flags.json)
    for (const auto& line : certify_approx_json(result)) out << line.dump() << '\n';
  else
    out << format_certify_approx(result);
  if (!flags.csv.empty()) write_file(flags.csv, [&](std::ostream& o) { o << certify_approx_csv(result); });
  if (!flags.plot.empty()) write_certify_approx_plot(result, flags.plot);
  return result.status;
}

}  // namespace nf
