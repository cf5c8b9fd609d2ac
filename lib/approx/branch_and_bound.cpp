#include "approx/branch_and_bound.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <queue>
#include <string>

#include "core/cancel.hpp"
#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/rational.hpp"

namespace nf {

RationalBox parse_box(const std::string& text, std::size_t n) {
  std::vector<std::pair<mpq_class, mpq_class>> ranges;
  std::size_t start = 0;
  if (text.empty()) throw InputError("--box: empty");
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = text.substr(start, comma - start);
    const std::size_t dots = item.find("..");
    if (dots == std::string::npos)
      throw InputError("--box: '" + item + "': expected a range lo..hi (exact rationals, e.g. -1..1 or 0..1/2)");
    mpq_class lo, hi;
    try {
      lo = parse_rational(item.substr(0, dots));
      hi = parse_rational(item.substr(dots + 2));
    } catch (const InputError& e) {
      throw InputError("--box: '" + item + "': " + e.what());
    }
    if (lo > hi) throw InputError("--box: '" + item + "': the lower end exceeds the upper end");
    if (abs(lo) > 1000000 || abs(hi) > 1000000) throw InputError("--box: '" + item + "': ends beyond 10^6");
    ranges.emplace_back(lo, hi);
    if (ranges.size() > n) break;
    start = comma + 1;
  }
  if (ranges.size() != 1 && ranges.size() != n)
    throw InputError("--box: " + std::to_string(ranges.size()) + " ranges given, expected 1 or n = " +
                     std::to_string(n));
  RationalBox box;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = ranges[ranges.size() == 1 ? 0 : i];
    box.lo.push_back(r.first);
    box.hi.push_back(r.second);
  }
  return box;
}

std::string to_string(const RationalBox& box) {
  std::string out;
  bool same = true;
  for (std::size_t i = 1; i < box.dimension(); ++i) same = same && box.lo[i] == box.lo[0] && box.hi[i] == box.hi[0];
  for (std::size_t i = 0; i < (same ? std::min<std::size_t>(1, box.dimension()) : box.dimension()); ++i)
    out += (i ? "," : "") + nf::to_string(box.lo[i]) + ".." + nf::to_string(box.hi[i]);
  return out;
}

namespace {

// Coordinates u in [0, 1] are dyadic with at most 50 significant bits, exact
// in a double: bisection (a + b) / 2 of two such numbers is exact.
constexpr double kMinWidth = 0x1p-48;

class Search {
 public:
  Search(const ErrorFunction& g, const RationalBox& box, const BranchAndBoundOptions& opt)
      : g_(g), box_(box), opt_(opt), n_(box.dimension()) {
    for (std::size_t i = 0; i < n_; ++i) {
      lo_.push_back(Ball::rational(box.lo[i], g.precision()));
      const mpq_class w = box.hi[i] - box.lo[i];
      width_.push_back(Ball::rational(w, g.precision()));
      width_up_.push_back(abs_upper_double(width_.back()));
    }
    if (opt.epsilon) epsilon_down_ = lower_of(*opt.epsilon);
  }

  Enclosure run();

 private:
  static double lower_of(const mpq_class& q) {
    // A double <= q: the nearest, nudged down when above.
    double d = q.get_d();
    if (mpq_class(d) > q) d = std::nextafter(d, -INFINITY);
    return d;
  }
  // The exact point x = lo + width * u.
  std::vector<mpq_class> exact_point(const double* u) const {
    std::vector<mpq_class> x(n_);
    for (std::size_t i = 0; i < n_; ++i) x[i] = box_.lo[i] + (box_.hi[i] - box_.lo[i]) * exact_rational(u[i]);
    return x;
  }
  // Balls containing x = lo + width * u (u exact).
  void point_balls(const double* u, std::vector<Ball>& x) const {
    x.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      Ball ui = Ball::exact(u[i]);
      arb_mul(x[i].get(), width_[i].get(), ui.get(), g_.precision());
      arb_add(x[i].get(), x[i].get(), lo_[i].get(), g_.precision());
    }
  }
  // A candidate point for the lower bound.
  void try_point(const double* u) {
    point_balls(u, pt_);
    Ball f, gv;
    g_.value(pt_, f, gv);
    consider(u, gv);
  }
  void consider(const double* u, const Ball& gv) {
    const double l = abs_lower_double(gv);
    if (l > lower_ || !have_witness_) {
      lower_ = std::max(lower_, l);
      witness_u_.assign(u, u + n_);
      have_witness_ = true;
    }
  }
  double threshold() const {
    if (opt_.epsilon) return epsilon_down_;
    // Only a heuristic (any threshold keeps upper sound): boxes that cannot
    // keep the stopping rule from holding.
    return std::max(lower_ / (1 - opt_.gap) * (1 - 1e-12), lower_ + opt_.abs_gap * (1 - 1e-12));
  }
  // Bounds the box with unit coordinates [ulo, uhi]; queues or discards it.
  void process(const double* ulo, const double* uhi);
  // Every vertex of the box as a candidate point (n <= 12).
  void try_vertices();
  // Whether the bounds decide the run (within or enclosed to the gap, or
  // exceeds --epsilon); sets out.verdict and out.status when they do.
  bool decided(double upper, Enclosure& out) const;
  // The limit reached (boxes, seconds, 2 GiB of queue), or "".
  std::string limit_reached(double seconds) const;
  // Halves the queued box of largest bound along its side widest in x and
  // processes both halves; false, the queue unchanged, when no side can be halved.
  bool split_top();
  // The witness (exact point, f and g there), the certified lower bound and
  // the counts; out.upper must be set.
  void finish(Enclosure& out) const;

  const ErrorFunction& g_;
  const RationalBox& box_;
  const BranchAndBoundOptions& opt_;
  std::size_t n_;
  std::vector<Ball> lo_, width_;
  std::vector<double> width_up_;
  double epsilon_down_ = 0;  // a double <= epsilon

  // Arena of boxes: slot s holds ulo at 2 n s and uhi at 2 n s + n.
  std::vector<double> arena_;
  std::vector<std::size_t> free_;
  struct Entry {
    double bound;
    std::size_t slot;
    bool operator<(const Entry& o) const { return bound < o.bound; }
  };
  std::priority_queue<Entry> queue_;
  double discarded_ = 0;  // largest bound of a discarded box
  double lower_ = 0;
  bool have_witness_ = false;
  std::vector<double> witness_u_;
  std::uint64_t boxes_ = 0;
  std::vector<Ball> pt_, centre_;
  std::vector<double> rho_, uc_, corner_;
  ErrorFunction::BoxBound bb_;
};

void Search::process(const double* ulo_in, const double* uhi_in) {
  std::vector<double> lo(ulo_in, ulo_in + n_), hi(uhi_in, uhi_in + n_);
  const double* ulo = lo.data();
  const double* uhi = hi.data();
  uc_.resize(n_);
  rho_.resize(n_);
  for (int pass = 0;; ++pass) {
    ++boxes_;
    for (std::size_t i = 0; i < n_; ++i) {
      uc_[i] = (ulo[i] + uhi[i]) / 2;  // exact (see kMinWidth)
      // rho_i >= width_i (uhi - ulo) / 2: the half width rounded up (the
      // product of an upper bound of width_i and the exact (uhi - ulo) / 2,
      // nudged up by one ulp to cover the rounding of the product).
      const double h = (uhi[i] - ulo[i]) / 2;
      rho_[i] = h == 0 ? 0.0 : std::nextafter(width_up_[i] * h, INFINITY);
    }
    point_balls(uc_.data(), centre_);
    g_.bound(centre_, rho_, opt_.form, bb_);
    consider(uc_.data(), bb_.g_centre);
    if (opt_.form == BoundForm::Natural || pass >= static_cast<int>(n_)) break;
    // Monotonicity: when g has one sign on the box and d_i g has one sign
    // too, |g| grows towards one face x_i = lo or hi (for every x in B the
    // segment to that face stays in B and |g| does not decrease along it:
    // the integral of d_i g, which lies in the enclosure, has the sign of g).
    // So sup over B of |g| = sup over that face, and the box is replaced by
    // the face: the bound of the face bounds the box.
    const int sign = arb_is_positive(bb_.g.get()) ? 1 : arb_is_negative(bb_.g.get()) ? -1 : 0;
    if (sign == 0) break;
    bool changed = false;
    for (std::size_t i = 0; i < n_; ++i) {
      if (!(uhi[i] > ulo[i])) continue;
      const Ball& d = bb_.gradient_box[i];
      const int ds = arb_is_positive(d.get()) ? 1 : arb_is_negative(d.get()) ? -1 : 0;
      if (ds == 0) continue;
      if (ds * sign > 0) lo[i] = hi[i];
      else hi[i] = lo[i];
      changed = true;
    }
    if (!changed) break;
  }
  // The vertex the linear model at the centre points to (gradient times the
  // sign of g(x0)), when the form computed the gradient.
  if (opt_.form != BoundForm::Natural && bb_.abs_upper > lower_) {
    const bool neg = arb_is_negative(bb_.g_centre.get());
    corner_.assign(uc_.begin(), uc_.end());
    bool moved = false;
    for (std::size_t i = 0; i < n_; ++i) {
      const Ball& d = bb_.gradient_centre[i];
      if (arb_is_positive(d.get())) corner_[i] = neg ? ulo[i] : uhi[i];
      else if (arb_is_negative(d.get())) corner_[i] = neg ? uhi[i] : ulo[i];
      moved = moved || corner_[i] != uc_[i];
    }
    if (moved) try_point(corner_.data());
  }
  const double bound = bb_.abs_upper;
  if (bound <= threshold()) {
    discarded_ = std::max(discarded_, bound);
    return;
  }
  std::size_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = arena_.size() / (2 * n_);
    arena_.resize(arena_.size() + 2 * n_);
  }
  std::copy(ulo, ulo + n_, arena_.begin() + 2 * n_ * slot);
  std::copy(uhi, uhi + n_, arena_.begin() + 2 * n_ * slot + n_);
  queue_.push(Entry{bound, slot});
}

void Search::try_vertices() {
  if (n_ > 12) return;
  std::vector<double> v(n_);
  for (std::uint64_t mask = 0; mask < (std::uint64_t(1) << n_); ++mask) {
    for (std::size_t i = 0; i < n_; ++i) v[i] = (mask >> i) & 1 ? 1.0 : 0.0;
    try_point(v.data());
  }
}

bool Search::decided(double upper, Enclosure& out) const {
  if (opt_.epsilon) {
    if (upper <= epsilon_down_) {
      out.verdict = "within";
      out.status = 0;
      return true;
    }
  } else if (upper - lower_ <= std::max(opt_.gap * upper, opt_.abs_gap)) {
    out.verdict = "enclosed";
    out.status = 0;
    return true;
  }
  // (exceeds is decided after the exact lower bound is recomputed below)
  if (opt_.epsilon && mpq_class(lower_) > *opt_.epsilon) {
    out.verdict = "exceeds";
    out.status = 1;
    return true;
  }
  return false;
}

std::string Search::limit_reached(double seconds) const {
  if (static_cast<double>(boxes_) >= opt_.max_work)
    return "--max-work " + std::to_string(static_cast<std::uint64_t>(opt_.max_work)) + " boxes reached";
  if (seconds >= opt_.max_seconds) return "--max-seconds reached after " + std::to_string(seconds) + " s";
  if (arena_.size() * sizeof(double) + queue_.size() * sizeof(Entry) > (std::size_t(2) << 30))
    return "the queue of boxes reached 2 GiB";
  return "";
}

bool Search::split_top() {
  const Entry top = queue_.top();
  const double* ulo = &arena_[2 * n_ * top.slot];
  const double* uhi = ulo + n_;
  // Halve the side that is widest in x.
  std::size_t best = n_;
  double widest = 0;
  for (std::size_t i = 0; i < n_; ++i) {
    if (uhi[i] - ulo[i] < kMinWidth) continue;
    const double w = width_up_[i] * (uhi[i] - ulo[i]);
    if (w > widest) {
      widest = w;
      best = i;
    }
  }
  if (best == n_) return false;
  queue_.pop();
  std::vector<double> a(ulo, ulo + n_), b(uhi, uhi + n_);
  free_.push_back(top.slot);
  const double mid = (a[best] + b[best]) / 2;
  std::vector<double> b1 = b, a2 = a;
  b1[best] = mid;
  a2[best] = mid;
  process(a.data(), b1.data());
  process(a2.data(), b.data());
  return true;
}

void Search::finish(Enclosure& out) const {
  out.witness = exact_point(witness_u_.data());
  const std::vector<Ball> xw = g_.point(out.witness);
  g_.value(xw, out.f_witness, out.g_witness);
  Arf l;
  arb_get_abs_lbound_arf(l.get(), out.g_witness.get(), g_.precision());
  Fmpq lq;
  arf_get_fmpq(lq.get(), l.get());
  // Both are certified lower bounds of |g(witness)|: keep the larger.
  out.lower = std::max(lq.to_mpq(), mpq_class(lower_));
  if (out.lower > out.upper) throw InternalError("certify-approx: lower bound above the upper bound");
  out.boxes = boxes_;
  out.queued = queue_.size();
}

Enclosure Search::run() {
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  Enclosure out;
  try_vertices();  // the maxima of these errors are often at a vertex
  {
    std::vector<double> zero(n_, 0.0), one(n_, 1.0);
    process(zero.data(), one.data());
  }
  double last_progress = 0;
  while (true) {
    throw_if_cancelled();  // between boxes: nothing is half-updated
    const double upper = std::max(discarded_, queue_.empty() ? 0.0 : queue_.top().bound);
    const double t = elapsed();
    if (opt_.progress && t - last_progress >= 1.0) {
      last_progress = t;
      opt_.progress(boxes_, lower_, upper, t);
    }
    bool done = decided(upper, out);
    if (!done) {
      out.reason = limit_reached(t);
      if (out.reason.empty() && !queue_.empty()) {
        if (split_top()) continue;
        out.reason = "the largest box cannot be halved further (2^-48 of the box side)";
      } else if (out.reason.empty() && !opt_.epsilon) {
        // Empty queue: every box discarded; upper = discarded_ decides.
        out.verdict = "enclosed";  // upper <= lower / (1 - gap)
        done = true;
      }
    }
    if (!done) {
      out.verdict = "unknown";
      out.status = 4;
      if (out.reason.empty()) out.reason = "undecided";
    }
    out.upper = mpq_class(upper);
    break;
  }
  finish(out);
  out.seconds = elapsed();
  return out;
}

}  // namespace

Enclosure certify_max_error(const ErrorFunction& g, const RationalBox& box, const BranchAndBoundOptions& options) {
  if (box.dimension() != g.inputs())
    throw InputError("--box: " + std::to_string(box.dimension()) + " ranges for a network with n = " +
                     std::to_string(g.inputs()) + " inputs");
  if (!(options.gap > 0 && options.gap < 1)) throw InputError("--gap: expected a number in (0, 1)");
  if (!(options.abs_gap >= 0) || !std::isfinite(options.abs_gap)) throw InputError("--abs-gap: expected a nonnegative number");
  if (options.epsilon && *options.epsilon < 0) throw InputError("--epsilon: expected a nonnegative number");
  Search search(g, box, options);
  return search.run();
}

}  // namespace nf
