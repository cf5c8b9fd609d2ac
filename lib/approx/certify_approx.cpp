#include "approx/certify_approx.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "core/options.hpp"
#include "core/output_file.hpp"
#include "core/rational.hpp"
#include "io/network_file.hpp"
#include "model/construction.hpp"
#include "numeric/gate_evaluation.hpp"
#include "numeric/numeric_util.hpp"
#include "numeric/plot.hpp"

namespace nf {

namespace {

std::string point_text(const std::vector<mpq_class>& x) {
  std::string out = "(";
  for (std::size_t i = 0; i < x.size(); ++i) out += (i ? ", " : "") + to_string(x[i]);
  return out + ")";
}

// The seeded points of evaluate-gate ((1,...,1) first, dyadics in [-1, 1]^n)
// mapped affinely onto the box: x_i = lo_i + (p_i + 1)/2 (hi_i - lo_i).
std::vector<std::vector<mpq_class>> box_samples(const RationalBox& box, unsigned count, std::uint64_t seed) {
  std::vector<std::vector<mpq_class>> out;
  for (const RealPoint& p : sample_points(box.dimension(), count, seed)) {
    std::vector<mpq_class> x(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) x[i] = box.lo[i] + (p[i] + 1) / 2 * (box.hi[i] - box.lo[i]);
    out.push_back(std::move(x));
  }
  return out;
}

double sampled_max(const ErrorFunction& g, const RationalBox& box, unsigned count, std::uint64_t seed) {
  double best = 0;
  Ball f, v;
  for (const auto& x : box_samples(box, count, seed)) {
    g.value(g.point(x), f, v);
    best = std::max(best, abs_lower_double(v));
  }
  return best;
}

// Over the rows with scale <= 1/10 when there are at least two (the
// asymptotic regime, as evaluate-gate fits), else over every row.
std::optional<double> least_squares_order(const std::vector<CertifyApproxRow>& rows, unsigned* used) {
  unsigned small = 0;
  for (const CertifyApproxRow& r : rows) small += r.scale <= mpq_class(1, 10) && r.enclosure.upper > 0;
  const bool only_small = small >= 2;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int k = 0;
  for (const CertifyApproxRow& r : rows) {
    if (only_small && r.scale > mpq_class(1, 10)) continue;
    const double u = r.enclosure.upper.get_d();
    if (!(u > 0)) continue;
    const double x = std::log(r.scale.get_d()), y = std::log(u);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    ++k;
  }
  *used = static_cast<unsigned>(k);
  if (k < 2 || sxx * k - sx * sx <= 0) return std::nullopt;
  return (k * sxy - sx * sy) / (k * sxx - sx * sx);
}

}  // namespace

namespace {

// The request's own consistency: a file or a gate, --bias with a gate only,
// positive scales.
void check_request(const CertifyApproxRequest& request) {
  const bool gate = request.gate != 0;
  if (gate == !request.network_file.empty()) throw InputError("give either a network FILE or --gate N");
  if (gate && (request.gate < 1 || request.gate > 8))
    throw InputError("--gate: n = " + std::to_string(request.gate) + " is outside 1..8");
  if (!gate && request.bias != "auto")
    throw InputError("--bias applies to --gate only (a network file carries its own biases)");
  for (const mpq_class& s : request.scales)
    if (s <= 0) throw InputError("--scale: " + to_string(s) + " is not positive");
}

// The network (the (A4) gate or the file's) and the activation's spec
// (--activation, else the file's, else sigmoid for a gate).
Network load_network(const CertifyApproxRequest& request, CertifyApproxResult& result, std::string& spec) {
  spec = request.activation;
  if (request.gate != 0) {
    result.source = "the (A4) gate for n = " + std::to_string(request.gate);
    if (spec.empty()) spec = "sigmoid";
    return canonical_product_gate(request.gate, Activation::generic());
  }
  NetworkFile file = read_network_file(request.network_file);
  result.source = request.network_file;
  if (spec.empty()) {
    if (!file.activation || lower_ascii(*file.activation) == "generic")
      throw InputError(request.network_file +
                       ": the file names no numerical activation: give --activation (sigmoid, tanh, ...)");
    spec = *file.activation;
  }
  return std::move(file.network);
}

// Sizes, the activation (numerical), the target and the box.
Activation describe_problem(const CertifyApproxRequest& request, const Network& net, const std::string& spec,
                            CertifyApproxResult& result, Target& target) {
  result.n = net.inputs();
  result.m = net.neurons();
  if (result.n > 64) throw LimitError("certify-approx: n = " + std::to_string(result.n) + " inputs exceeds 64");
  if (double(result.n) * double(result.m) > 1e6)
    throw LimitError("certify-approx: n m = " + format_estimate(double(result.n) * double(result.m)) +
                     " weights exceeds 10^6 (each box evaluates every neuron)");
  const Activation act = Activation::parse(spec);
  if (act.family() == Activation::Family::Generic)
    throw InputError("--activation: generic has no numerical values (give sigmoid, tanh, softplus, silu, exp, poly:... "
                     "or relu)");
  result.activation = act.name();
  target = request.target.empty() ? Target::product(result.n) : parse_target(request.target, result.n);
  result.target = format_monomial(target.r);
  result.box = parse_box(request.box, result.n);
  if (request.gate != 0 && target.degree() != result.n)
    throw InputError("--target: the gate's f_lambda is scaled for degree n = " + std::to_string(result.n) +
                     "; a target of degree " + std::to_string(target.degree()) + " needs a network file");
  return act;
}

// The gate's bias (--bias auto: as evaluate-gate chooses it) and sigma_n(b),
// certified nonzero (f_lambda divides by it).
std::pair<RealActivation, CertifiedCoefficient> gate_activation(const CertifyApproxRequest& request,
                                                                const Activation& act, CertifyApproxResult& result) {
  if (request.bias == "auto") {
    const BiasCertificate cert = find_certified_bias(act, static_cast<unsigned>(result.n));
    if (!cert.found) throw InputError("--bias auto: " + act.name() + ": " + cert.reason);
    result.bias = cert.bias;
    result.bias_note = "b = " + to_string(cert.bias) + " (--bias auto, as evaluate-gate)";
  } else {
    result.bias = parse_rational(request.bias);
    result.bias_note = "b = " + to_string(*result.bias) + " (given)";
  }
  RealActivation real(act, *result.bias);
  const CertifiedCoefficient sigma_n = real.coefficients(static_cast<unsigned>(result.n))[result.n];
  if (!sigma_n.certified_nonzero())
    throw InputError(real.description() + ": sigma_" + std::to_string(result.n) +
                     "(b) = 0 (or not certified nonzero): f_lambda, which divides by it, is undefined");
  return {std::move(real), sigma_n};
}

// One scale: the sampled maximum, the certified enclosure, the local order
// against the previous scale.
CertifyApproxRow certify_scale(const ErrorFunction& g, const mpq_class& s, const CertifyApproxRequest& request,
                               const CertifyApproxResult& result) {
  CertifyApproxRow row;
  row.scale = s;
  row.sampled = request.points ? sampled_max(g, result.box, request.points, request.seed) : 0.0;
  row.enclosure = certify_max_error(g, result.box, request.options);
  if (!result.rows.empty()) {
    const CertifyApproxRow& prev = result.rows.back();
    const double u0 = prev.enclosure.upper.get_d(), u1 = row.enclosure.upper.get_d();
    if (u0 > 0 && u1 > 0 && prev.scale != s)
      row.local_order = std::log(u0 / u1) / std::log(prev.scale.get_d() / s.get_d());
  }
  return row;
}

}  // namespace

CertifyApproxResult certify_approx(const CertifyApproxRequest& request) {
  check_request(request);
  CertifyApproxResult result;
  result.gap = request.options.gap;
  result.epsilon = request.options.epsilon;
  result.form = to_string(request.options.form);
  result.points = request.points;
  result.sweep = request.sweep;
  const std::vector<mpq_class> scales = request.scales.empty() ? std::vector<mpq_class>{1} : request.scales;
  std::string spec;
  const Network net = load_network(request, result, spec);
  Target target;
  const Activation act = describe_problem(request, net, spec, result, target);
  std::optional<std::pair<RealActivation, CertifiedCoefficient>> gate;
  if (request.gate != 0) gate.emplace(gate_activation(request, act, result));
  fault_point("numeric");
  for (const mpq_class& s : scales) {
    const ErrorFunction g = gate ? ErrorFunction::from_gate(net, gate->first, gate->second, s, target)
                                 : ErrorFunction::from_network(net, act, s, target);
    CertifyApproxRow row = certify_scale(g, s, request, result);
    result.status = worse_status(result.status, row.enclosure.status);
    result.rows.push_back(std::move(row));
  }
  if (result.rows.size() >= 2) result.fitted_order = least_squares_order(result.rows, &result.fit_rows);
  return result;
}

namespace {

std::string pct(double x) {
  std::ostringstream o;
  o.precision(3);
  o << 100 * x << "%";
  return o.str();
}

double gap_of(const Enclosure& e) {
  const double u = e.upper.get_d(), l = e.lower.get_d();
  return u > 0 ? (u - l) / u : 0.0;
}

std::string status_text(const Enclosure& e, const std::optional<mpq_class>& eps) {
  if (e.verdict == "within") return "within: E* <= upper <= " + to_string(*eps) + " (status 0)";
  if (e.verdict == "exceeds")
    return "exceeds: E* >= lower > " + to_string(*eps) + ", the witness is a counterexample (status 1)";
  if (e.verdict == "enclosed") return "enclosed to the requested gap (status 0)";
  return "unknown: " + e.reason + " (status 4, the enclosure reached is shown)";
}

}  // namespace

std::string format_certify_approx(const CertifyApproxResult& r) {
  std::ostringstream o;
  o << "certify-approx: " << r.source << ", " << r.activation;
  if (r.bias) o << ", " << r.bias_note;
  o << "\n";
  o << "network: n = " << r.n << " inputs, m = " << r.m << " neurons, target " << r.target << ", box "
    << to_string(r.box) << ", " << r.form << " form, gap " << pct(r.gap);
  if (r.epsilon) o << ", epsilon " << to_string(*r.epsilon);
  o << "\n";
  if (!r.sweep) {
    const CertifyApproxRow& row = r.rows.front();
    const Enclosure& e = row.enclosure;
    o << "scale " << to_string(row.scale) << (r.bias ? ": f(x) = sum_j w_j sigma(b + L a_j.x) / (L^n sigma_n(b))"
                                                      : ": f(x) = L^-d (c + sum_j w_j sigma(b_j + L a_j.x))")
      << "\n";
    if (r.points)
      o << "sampled: max |f - " << r.target << "| over " << r.points << " points >= " << decimal_down(mpq_class(row.sampled), 8)
        << "\n";
    o << "certified: " << decimal_down(e.lower, 8) << " <= max |f - " << r.target << "| <= " << decimal_up(e.upper, 8)
      << " on the box (gap " << pct(gap_of(e)) << ")\n";
    o << "witness: x = " << point_text(e.witness) << ", f(x) in " << ball_to_string(e.f_witness, 12) << "\n";
    o << "boxes: " << e.boxes << " bounded, " << e.queued << " left, " << format_fixed(e.seconds, 3) << " s\n";
    o << "verdict: " << status_text(e, r.epsilon) << "\n";
    return o.str();
  }
  o << "  scale        sampled         lower <= E* <=  upper          boxes   seconds  order  verdict\n";
  for (const CertifyApproxRow& row : r.rows) {
    const Enclosure& e = row.enclosure;
    char line[512];
    std::snprintf(line, sizeof line, "  %-10s %-15s %-15s %-15s %9llu %9s  %-5s  %s\n", to_string(row.scale).c_str(),
                  decimal_down(mpq_class(row.sampled), 6).c_str(), decimal_down(e.lower, 6).c_str(),
                  decimal_up(e.upper, 6).c_str(), static_cast<unsigned long long>(e.boxes),
                  format_fixed(e.seconds, 3).c_str(), row.local_order ? format_fixed(*row.local_order, 3).c_str() : "-",
                  e.verdict.c_str());
    o << line;
  }
  if (r.fitted_order)
    o << "fitted order: " << format_fixed(*r.fitted_order, 3)
      << " (least squares of log upper on log scale over the " << r.fit_rows << " rows"
      << (r.fit_rows < r.rows.size() ? " with scale <= 1/10" : "") << ")\n";
  return o.str();
}

std::vector<nlohmann::ordered_json> certify_approx_json(const CertifyApproxResult& r) {
  std::vector<nlohmann::ordered_json> lines;
  for (const CertifyApproxRow& row : r.rows) {
    const Enclosure& e = row.enclosure;
    nlohmann::ordered_json j;
    // lower / upper as doubles rounded outward: still certified bounds.
    j["lower"] = lower_double(Ball::rational(e.lower, 128));
    j["upper"] = upper_double(Ball::rational(e.upper, 128));
    j["witness"] = nlohmann::ordered_json::array();
    for (const mpq_class& x : e.witness) j["witness"].push_back(to_string(x));
    j["f_lo"] = lower_double(e.f_witness);
    j["f_hi"] = upper_double(e.f_witness);
    j["verdict"] = e.verdict;
    j["status"] = e.status;
    j["reason"] = e.reason;
    j["boxes"] = e.boxes;
    j["scale"] = to_string(row.scale);
    j["box"] = to_string(r.box);
    j["target"] = r.target;
    j["activation"] = r.activation;
    j["bias"] = r.bias ? nlohmann::ordered_json(to_string(*r.bias)) : nlohmann::ordered_json(nullptr);
    j["n"] = r.n;
    j["m"] = r.m;
    j["form"] = r.form;
    j["gap"] = r.gap;
    j["epsilon"] = r.epsilon ? nlohmann::ordered_json(to_string(*r.epsilon)) : nlohmann::ordered_json(nullptr);
    j["sampled"] = row.sampled;
    j["seconds"] = e.seconds;
    if (r.sweep) {
      j["local_order"] = row.local_order ? nlohmann::ordered_json(*row.local_order) : nlohmann::ordered_json(nullptr);
      j["fitted_order"] = r.fitted_order ? nlohmann::ordered_json(*r.fitted_order) : nlohmann::ordered_json(nullptr);
    }
    lines.push_back(std::move(j));
  }
  return lines;
}

std::string certify_approx_csv(const CertifyApproxResult& r) {
  std::string out = "scale,sampled,lower,upper,boxes,seconds\n";
  for (const CertifyApproxRow& row : r.rows)
    out += to_string(row.scale) + "," + format_double(row.sampled, 17) + "," + decimal_down(row.enclosure.lower, 17) +
           "," + decimal_up(row.enclosure.upper, 17) + "," + std::to_string(row.enclosure.boxes) + "," +
           format_double(row.enclosure.seconds, 6) + "\n";
  return out;
}

void write_certify_approx_plot(const CertifyApproxResult& r, const std::string& png_path) {
  std::ostringstream o;
  o << "# certified worst-case error against the scale (log-log), certify-approx\n";
  o << "set terminal pngcairo size 1000,700 enhanced font \"sans,11\"\n";
  o << "set output \"" << png_path << "\"\n";
  o << "set title \"" << r.activation << ", n = " << r.n << ", m = " << r.m << ": max over the box of |f - "
    << r.target << "|\"\n";
  o << "set logscale xy\nset format x \"10^{%L}\"\nset format y \"10^{%L}\"\n";
  o << "set xlabel \"scale\"\nset ylabel \"error\"\nset key left top\nset grid\n";
  o << "$d << EOD\n";
  for (const CertifyApproxRow& row : r.rows) {
    const double l = row.enclosure.lower.get_d(), u = row.enclosure.upper.get_d();
    o << format_double(row.scale.get_d(), 17) << ' ' << (u > 0 ? format_double(u, 17) : "NaN") << ' '
      << (l > 0 ? format_double(l, 17) : "NaN") << ' ' << (row.sampled > 0 ? format_double(row.sampled, 17) : "NaN")
      << '\n';
  }
  o << "EOD\n";
  o << "plot $d using 1:2 with linespoints lw 2 pt 7 lc 1 title \"certified upper\", \\\n"
    << "     $d using 1:3 with points pt 6 lc 1 title \"certified lower\", \\\n"
    << "     $d using 1:4 with linespoints dt 2 lw 1.5 lc 2 title \"sampled max (" << r.points
    << " points, as evaluate-gate)\"\n";
  if (png_path.find('"') != std::string::npos) throw InputError("--plot: the file name contains a double quote");
  run_gnuplot(o.str(), png_path + ".gp");
}

}  // namespace nf
