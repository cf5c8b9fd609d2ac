#include "search/search.hpp"

#include <flint/flint.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "poly/prime_field.hpp"

namespace nf {
namespace {

constexpr std::uint64_t kTargetTasks = 4096;
// Integer rows stay within +-2^62, so negation and gcd never overflow.
constexpr std::int64_t kMaxEntry = std::int64_t(1) << 62;

enum class Arithmetic { Integer, Modular, Exact };

// Everything the walkers share, read-only.
struct Context {
  const CaseSplit* split = nullptr;
  Arithmetic arithmetic = Arithmetic::Exact;
  std::uint64_t p = 0;
  std::size_t v = 0;       // points
  std::size_t s = 0;       // points per candidate
  std::size_t r = 0;       // monomials (columns), x1...xn last
  std::size_t g = 1;       // group order
  std::size_t words = 1;   // 64-bit words per point set
  std::vector<std::int64_t> rows;  // v x r: a_j^r as integers or residues
  std::vector<std::vector<std::uint64_t>> binom;  // binom[a][b] = C(a, b), a <= v, b <= s
  SinkNeeds needs;
  std::uint64_t raw(std::size_t after, std::size_t remaining) const { return binom[after][remaining]; }
};

struct TaskResult {
  std::vector<CandidateResult> reported;  // ordinal = position among the task's representatives
  std::uint64_t orbits = 0, feasible = 0, feasible_candidates = 0, raw = 0, fallbacks = 0;
};

std::int64_t gcd64(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(std::gcd(static_cast<std::uint64_t>(a < 0 ? -a : a),
                                            static_cast<std::uint64_t>(b < 0 ? -b : b)));
}


// Depth-first walker over ascending point tuples with canonicity pruning and an
// incremental row echelon form.  One per thread.
class Walker {
 public:
  explicit Walker(const Context& ctx)
      : c_(ctx),
        chosen_(ctx.s),
        set_((ctx.s + 1) * ctx.words, 0),
        images_((ctx.s + 1) * ctx.g * ctx.words, 0),
        rows_(ctx.s * ctx.r, 0),
        pivot_(ctx.s, -1),
        order_((ctx.s + 1) * ctx.s, 0),
        rank_(ctx.s + 1, 0),
        feasible_(ctx.s + 1, 0),
        overflow_(ctx.s + 1, 0) {}

  // Canonical prefixes of size d in ascending order; the candidate sets of
  // the subtrees pruned on the way are added to `pruned`.
  void prefixes(std::size_t d, const std::function<void(const std::vector<std::uint32_t>&)>& visit,
                std::uint64_t& pruned) {
    prefix_visit_ = &visit;
    prefix_depth_ = d;
    pruned_ = &pruned;
    walk_prefixes(0, 0);
  }

  // Decides every representative below a canonical prefix.
  void run_task(const std::vector<std::uint32_t>& prefix, TaskResult& out) {
    out_ = &out;
    for (std::size_t k = 0; k < prefix.size(); ++k) {
      if (!extend(k, prefix[k])) throw InternalError("search: a task prefix is not canonical");
      chosen_[k] = prefix[k];
      insert_row(k, prefix[k], k + 1 == c_.s);
    }
    if (prefix.size() == c_.s) {
      leaf();
      out.raw += 1;
    } else {
      descend(prefix.size(), prefix.back() + 1);
    }
    out_ = nullptr;
  }

 private:
  std::uint64_t* level_set(std::size_t k) { return set_.data() + k * c_.words; }
  std::uint64_t* level_image(std::size_t k, std::size_t g) { return images_.data() + (k * c_.g + g) * c_.words; }

  // Level k+1 = level k plus point x; false when the new prefix is not the
  // smallest of its orbit (min of the symmetric difference with some image
  // lies outside the prefix).
  bool extend(std::size_t k, std::uint32_t x) {
    const std::size_t w = c_.words;
    std::uint64_t* s1 = level_set(k + 1);
    const std::uint64_t* s0 = level_set(k);
    for (std::size_t i = 0; i < w; ++i) s1[i] = s0[i];
    s1[x >> 6] |= std::uint64_t(1) << (x & 63);
    const std::uint32_t* img = c_.split->images_of(x);
    for (std::size_t g = 1; g < c_.g; ++g) {
      std::uint64_t* t1 = level_image(k + 1, g);
      const std::uint64_t* t0 = level_image(k, g);
      for (std::size_t i = 0; i < w; ++i) t1[i] = t0[i];
      t1[img[g] >> 6] |= std::uint64_t(1) << (img[g] & 63);
      for (std::size_t i = 0; i < w; ++i) {
        const std::uint64_t diff = s1[i] ^ t1[i];
        if (diff == 0) continue;
        if ((s1[i] & (diff & (~diff + 1))) == 0) return false;
        break;
      }
    }
    return true;
  }

  void walk_prefixes(std::size_t k, std::uint32_t first) {
    if (k == prefix_depth_) {
      std::vector<std::uint32_t> prefix(chosen_.begin(), chosen_.begin() + static_cast<std::ptrdiff_t>(k));
      (*prefix_visit_)(prefix);
      return;
    }
    const std::size_t last = c_.v - (c_.s - k);
    for (std::size_t x = first; x <= last; ++x) {
      if (!extend(k, static_cast<std::uint32_t>(x))) {
        *pruned_ += c_.raw(c_.v - 1 - x, c_.s - k - 1);
        continue;
      }
      chosen_[k] = static_cast<std::uint32_t>(x);
      walk_prefixes(k + 1, static_cast<std::uint32_t>(x + 1));
    }
  }

  void descend(std::size_t k, std::uint32_t first) {
    const std::size_t last = c_.v - (c_.s - k);
    const bool at_leaf = k + 1 == c_.s;
    for (std::size_t x = first; x <= last; ++x) {
      if (!extend(k, static_cast<std::uint32_t>(x))) {
        out_->raw += c_.raw(c_.v - 1 - x, c_.s - k - 1);
        continue;
      }
      chosen_[k] = static_cast<std::uint32_t>(x);
      insert_row(k, static_cast<std::uint32_t>(x), at_leaf);
      if (at_leaf) {
        leaf();
        out_->raw += 1;
      } else {
        descend(k + 1, static_cast<std::uint32_t>(x + 1));
      }
    }
  }

  // Row echelon level k+1 from level k plus the row of point x: the row is
  // reduced by the stored rows in increasing pivot order; its first nonzero
  // column becomes a new pivot.  At a leaf the row is not stored normalized.
  void insert_row(std::size_t k, std::uint32_t x, bool at_leaf) {
    feasible_[k + 1] = feasible_[k];
    overflow_[k + 1] = overflow_[k];
    rank_[k + 1] = rank_[k];
    if (c_.arithmetic == Arithmetic::Exact || feasible_[k] || overflow_[k]) {
      std::copy_n(order_.begin() + k * c_.s, rank_[k], order_.begin() + (k + 1) * c_.s);
      pivot_[k] = -1;
      return;
    }
    const std::size_t R = c_.r;
    std::int64_t* row = rows_.data() + k * R;
    std::copy_n(c_.rows.data() + static_cast<std::size_t>(x) * R, R, row);
    const std::size_t* order = order_.data() + k * c_.s;
    bool overflow = false;
    if (c_.arithmetic == Arithmetic::Modular) {
      const std::uint64_t p = c_.p;
      for (std::size_t i = 0; i < rank_[k]; ++i) {
        const std::size_t lvl = order[i];
        const std::size_t col = static_cast<std::size_t>(pivot_[lvl]);
        const std::uint64_t f = static_cast<std::uint64_t>(row[col]);
        if (f == 0) continue;
        const std::int64_t* e = rows_.data() + lvl * R;  // pivot entry 1
        const std::uint64_t neg = p - f;
        for (std::size_t j = col; j < R; ++j)
          row[j] = static_cast<std::int64_t>((static_cast<std::uint64_t>(row[j]) + neg * static_cast<std::uint64_t>(e[j])) % p);
      }
    } else {
      for (std::size_t i = 0; i < rank_[k] && !overflow; ++i) {
        const std::size_t lvl = order[i];
        const std::size_t col = static_cast<std::size_t>(pivot_[lvl]);
        if (row[col] == 0) continue;
        const std::int64_t* e = rows_.data() + lvl * R;
        std::int64_t f = e[col], g = row[col];
        const std::int64_t h = gcd64(f, g);
        f /= h;
        g /= h;
        for (std::size_t j = 0; j < R; ++j) {
          std::int64_t a = 0, b = 0;
          if (__builtin_mul_overflow(row[j], f, &a) || __builtin_mul_overflow(e[j], g, &b) ||
              __builtin_sub_overflow(a, b, &row[j]) || row[j] > kMaxEntry || row[j] < -kMaxEntry) {
            overflow = true;
            break;
          }
        }
      }
    }
    std::size_t leading = 0;
    while (leading < R && row[leading] == 0) ++leading;
    if (overflow) {
      overflow_[k + 1] = 1;
      pivot_[k] = -1;
    } else if (leading == R) {
      pivot_[k] = -1;  // the point's row depends on the earlier ones
    } else {
      pivot_[k] = static_cast<std::ptrdiff_t>(leading);
      if (leading == R - 1) feasible_[k + 1] = 1;
      if (!at_leaf) {
        if (c_.arithmetic == Arithmetic::Modular) {
          const std::uint64_t inv = inverse_mod(static_cast<std::uint64_t>(row[leading]), c_.p);
          for (std::size_t j = leading; j < R; ++j)
            row[j] = static_cast<std::int64_t>(static_cast<std::uint64_t>(row[j]) * inv % c_.p);
        } else {
          std::int64_t content = 0;
          for (std::size_t j = leading; j < R; ++j) content = gcd64(content, row[j]);
          if (content > 1)
            for (std::size_t j = leading; j < R; ++j) row[j] /= content;
        }
      }
    }
    // The pivot order of level k+1.
    const std::size_t* src = order_.data() + k * c_.s;
    std::size_t* dst = order_.data() + (k + 1) * c_.s;
    std::size_t n = 0;
    bool placed = pivot_[k] < 0;
    for (std::size_t i = 0; i < rank_[k]; ++i) {
      if (!placed && pivot_[src[i]] > pivot_[k]) {
        dst[n++] = k;
        placed = true;
      }
      dst[n++] = src[i];
    }
    if (!placed) dst[n++] = k;
    rank_[k + 1] = n;
  }

  void leaf() {
    TaskResult& out = *out_;
    const std::size_t s = c_.s;
    const std::uint64_t ordinal = out.orbits++;
    bool feasible = feasible_[s] != 0;
    const bool exact = c_.arithmetic == Arithmetic::Exact || overflow_[s];
    std::vector<std::uint32_t> points;
    std::optional<Witness> witness;
    if (exact) {
      ++out.fallbacks;
      points.assign(chosen_.begin(), chosen_.end());
      witness = solve_candidate(*c_.split, points);
      feasible = witness->feasible;
    }
    if (!feasible && !c_.needs.all_candidates) return;
    if (points.empty()) points.assign(chosen_.begin(), chosen_.end());
    if (!witness && (feasible || c_.needs.witnesses)) {
      witness = solve_candidate(*c_.split, points);
      if (witness->feasible != feasible)
        throw InternalError("search: the echelon decision and the rref disagree on a candidate");
    }
    if (feasible) {
      ++out.feasible;
      out.feasible_candidates += c_.split->orbit_size(points);
    }
    CandidateResult result;
    result.ordinal = ordinal;
    result.points = std::move(points);
    result.feasible = feasible;
    result.decided_by_rref = exact;
    if (c_.needs.witnesses || feasible) result.witness = std::move(witness);
    out.reported.push_back(std::move(result));
  }

  const Context& c_;
  std::vector<std::uint32_t> chosen_;
  std::vector<std::uint64_t> set_;
  std::vector<std::uint64_t> images_;
  std::vector<std::int64_t> rows_;
  std::vector<std::ptrdiff_t> pivot_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> rank_;
  std::vector<char> feasible_, overflow_;
  TaskResult* out_ = nullptr;
  const std::function<void(const std::vector<std::uint32_t>&)>* prefix_visit_ = nullptr;
  std::size_t prefix_depth_ = 0;
  std::uint64_t* pruned_ = nullptr;
};

// The rows a_j^r of every point: integers (domain scaled by its common
// denominator) when each fits in 2^40, residues over F_p, else none.
void build_rows(const CaseSplit& split, Context& ctx) {
  const auto& monos = split.monomials();
  if (split.domain().is_prime_field()) {
    ctx.arithmetic = Arithmetic::Modular;
    ctx.p = split.domain().prime();
    ctx.rows.assign(ctx.v * ctx.r, 0);
    for (std::uint32_t x = 0; x < ctx.v; ++x)
      for (std::size_t c = 0; c < ctx.r; ++c) {
        std::uint64_t val = 1;
        for (unsigned i = 0; i < split.n(); ++i)
          for (unsigned e = 0; e < monos[c][i]; ++e) val = val * split.coordinate(x, i) % ctx.p;
        ctx.rows[x * ctx.r + c] = static_cast<std::int64_t>(val);
      }
    return;
  }
  const mpz_class q = split.domain().common_denominator();
  std::vector<mpz_class> scaled;
  mpz_class largest = 0;
  for (const mpq_class& v : split.domain().values()) {
    scaled.push_back(mpz_class(v * q));
    if (abs(scaled.back()) > largest) largest = abs(scaled.back());
  }
  mpz_class bound;
  mpz_pow_ui(bound.get_mpz_t(), largest.get_mpz_t(), split.degree());
  if (bound > (mpz_class(1) << 40) || double(ctx.v) * double(ctx.r) > 5e7) {
    ctx.arithmetic = Arithmetic::Exact;
    return;
  }
  ctx.arithmetic = Arithmetic::Integer;
  ctx.rows.assign(ctx.v * ctx.r, 0);
  for (std::uint32_t x = 0; x < ctx.v; ++x)
    for (std::size_t c = 0; c < ctx.r; ++c) {
      mpz_class val = 1;
      for (unsigned i = 0; i < split.n(); ++i)
        for (unsigned e = 0; e < monos[c][i]; ++e) val *= scaled[split.coordinate(x, i)];
      ctx.rows[x * ctx.r + c] = val.get_si();
    }
}

void apply_fault(const SearchFault& fault, CandidateResult& result) {
  if (!result.witness) return;
  Witness& w = *result.witness;
  if (fault.kind == SearchFault::Kind::ChangeCoefficient) {
    if (w.feasible && !w.weights.empty()) w.weights[0] += 1;
    if (!w.feasible && !w.polynomial.empty()) w.polynomial[0].second += 1;
  } else if (fault.kind == SearchFault::Kind::DropProductTerm && !w.feasible && !w.polynomial.empty()) {
    w.polynomial.pop_back();  // the x1...xn term is the last one
  }
}

}  // namespace

ShardSpec parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  auto digits = [](const std::string& t) {
    return !t.empty() && t.size() <= 12 && std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (slash == std::string::npos || !digits(text.substr(0, slash)) || !digits(text.substr(slash + 1)))
    throw InputError("--shard: expected I/N with 1 <= I <= N, got '" + text + "'");
  ShardSpec s{std::stoull(text.substr(0, slash)), std::stoull(text.substr(slash + 1))};
  if (s.count < 1 || s.index < 1 || s.index > s.count)
    throw InputError("--shard: expected I/N with 1 <= I <= N, got '" + text + "'");
  return s;
}

SearchFault parse_fault(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const std::string number = colon == std::string::npos ? "" : text.substr(colon + 1);
  SearchFault f;
  if (kind == "skip") f.kind = SearchFault::Kind::SkipCandidate;
  else if (kind == "coefficient") f.kind = SearchFault::Kind::ChangeCoefficient;
  else if (kind == "product") f.kind = SearchFault::Kind::DropProductTerm;
  else throw InputError("--inject-fault: expected skip:K, coefficient:K or product:K, got '" + text + "'");
  if (number.empty() || number.size() > 18 ||
      !std::all_of(number.begin(), number.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    throw InputError("--inject-fault: expected a representative number after ':', got '" + text + "'");
  f.ordinal = std::stoull(number);
  return f;
}

SinkNeeds SinkList::needs() const {
  SinkNeeds n;
  for (auto* s : sinks_) {
    n.all_candidates = n.all_candidates || s->needs().all_candidates;
    n.witnesses = n.witnesses || s->needs().witnesses;
  }
  return n;
}
void SinkList::begin(const CaseSplit& split, const ShardSpec& shard) {
  for (auto* s : sinks_) s->begin(split, shard);
}
void SinkList::candidate(const CandidateResult& result) {
  for (auto* s : sinks_) s->candidate(result);
}
void SinkList::end(const SearchSummary& summary) {
  for (auto* s : sinks_) s->end(summary);
}

void FeasibleCollector::candidate(const CandidateResult& result) {
  if (!result.feasible) return;
  if (gates_.size() >= limit_) {
    truncated_ = true;
    return;
  }
  gates_.push_back(result);
}

SearchSummary run_search(const CaseSplit& split, const SearchOptions& options, SearchSink& sink) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (options.shard.count < 1 || options.shard.index < 1 || options.shard.index > options.shard.count)
    throw InputError("--shard: expected I/N with 1 <= I <= N");

  Context ctx;
  ctx.split = &split;
  ctx.v = split.point_count();
  ctx.s = split.size();
  ctx.r = split.monomials().size();
  ctx.g = split.group_order();
  ctx.words = (ctx.v + 63) / 64;
  ctx.needs = sink.needs();
  ctx.binom.assign(ctx.v + 1, std::vector<std::uint64_t>(ctx.s + 1, 0));
  for (std::size_t a = 0; a <= ctx.v; ++a) {
    ctx.binom[a][0] = 1;
    for (std::size_t b = 1; b <= std::min(a, ctx.s); ++b)
      ctx.binom[a][b] = ctx.binom[a - 1][b - 1] + (b <= a - 1 ? ctx.binom[a - 1][b] : 0);
  }
  build_rows(split, ctx);

  // Tasks: the canonical prefixes of the smallest depth with enough of them.
  std::vector<std::vector<std::uint32_t>> tasks;
  std::uint64_t pruned = 0;
  {
    Walker walker(ctx);
    for (std::size_t d = 1; d <= ctx.s; ++d) {
      tasks.clear();
      pruned = 0;
      walker.prefixes(d, [&](const std::vector<std::uint32_t>& p) { tasks.push_back(p); }, pruned);
      if (tasks.size() >= kTargetTasks || d == ctx.s) break;
    }
  }
  std::uint64_t all = pruned;
  std::vector<std::size_t> mine;  // task numbers of this shard
  std::uint64_t shard_total = options.shard.index == 1 ? pruned : 0;
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const std::uint64_t sub = ctx.raw(ctx.v - 1 - tasks[t].back(), ctx.s - tasks[t].size());
    all += sub;
    if (t % options.shard.count == options.shard.index - 1) {
      mine.push_back(t);
      shard_total += sub;
    }
  }
  if (all != split.candidate_count())
    throw InternalError("search: the task split accounts for " + std::to_string(all) + " of " +
                        std::to_string(split.candidate_count()) + " candidates");

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(mine.size(), 1)));

  SearchSummary sum;
  sum.n = split.n();
  sum.m = split.m();
  sum.size = split.size();
  sum.domain = split.domain().spec();
  sum.activation = split.activation().name();
  sum.symmetry = split.symmetry_description();
  sum.degrees = split.imposed_degrees();
  sum.target = format_monomial(split.target().r);
  sum.product_target = split.target().is_product();
  sum.paper_bound = 1;
  for (unsigned e : split.target().r) sum.paper_bound *= e + 1ull;
  sum.group_order = split.group_order();
  sum.points = split.point_count();
  sum.candidates = split.candidate_count();
  sum.shard = options.shard;
  sum.shard_candidates = shard_total;
  sum.threads = threads;
  sink.begin(split, options.shard);

  std::mutex mutex;
  std::condition_variable wake;
  std::map<std::size_t, TaskResult> finished;  // by position in `mine`
  std::size_t next_emit = 0;
  std::uint64_t raw_done = options.shard.index == 1 ? pruned : 0;
  std::atomic<std::size_t> next_task{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::size_t running = threads;
  bool skipped = false;  // the skip fault fires once

  auto emit_ready = [&] {  // under the mutex
    while (true) {
      auto it = finished.find(next_emit);
      if (it == finished.end()) return;
      TaskResult& r = it->second;
      const std::uint64_t base = sum.orbits;
      std::uint64_t orbits = r.orbits;
      const SearchFault& fault = options.fault;
      const bool skip_here = fault.kind == SearchFault::Kind::SkipCandidate && !skipped && fault.ordinal >= base &&
                             fault.ordinal < base + r.orbits;
      skipped = skipped || skip_here;
      for (CandidateResult& c : r.reported) {
        c.ordinal += base;
        if (skip_here && c.ordinal == fault.ordinal) {
          if (c.feasible) {
            --r.feasible;
            r.feasible_candidates -= split.orbit_size(c.points);
          }
          continue;
        }
        if (skip_here && c.ordinal > fault.ordinal) --c.ordinal;
        if (!skip_here && c.ordinal == fault.ordinal) apply_fault(fault, c);
        sink.candidate(c);
      }
      if (skip_here) --orbits;
      sum.orbits += orbits;
      sum.feasible += r.feasible;
      sum.feasible_candidates += r.feasible_candidates;
      sum.exact_fallbacks += r.fallbacks;
      finished.erase(it);
      ++next_emit;
    }
  };

  auto work = [&] {
    try {
      Walker walker(ctx);
      while (!stop) {
        const std::size_t i = next_task.fetch_add(1);
        if (i >= mine.size()) break;
        TaskResult r;
        walker.run_task(tasks[mine[i]], r);
        std::lock_guard<std::mutex> lock(mutex);
        raw_done += r.raw;
        finished.emplace(i, std::move(r));
        emit_ready();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!error) error = std::current_exception();
      stop = true;
    }
    flint_cleanup();  // this thread's FLINT caches (fmpz), used by solve_candidate
    std::lock_guard<std::mutex> lock(mutex);
    --running;
    wake.notify_all();
  };

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  {
    std::unique_lock<std::mutex> lock(mutex);
    double last_report = 0;
    while (running > 0) {
      wake.wait_for(lock, std::chrono::duration<double>(options.progress_interval));
      const double now = elapsed();
      if (running > 0 && options.progress && now - last_report >= options.progress_interval) {
        last_report = now;
        const double expected = double(split.candidate_count()) / double(split.group_order()) /
                                double(options.shard.count);
        SearchProgress pr{raw_done, shard_total, sum.orbits, expected, now};
        lock.unlock();
        options.progress(pr);
        lock.lock();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (next_emit != mine.size()) throw InternalError("search: some tasks were not reported");
  if (raw_done != shard_total)
    throw InternalError("search: the shard accounted for " + std::to_string(raw_done) + " of " +
                        std::to_string(shard_total) + " candidates");
  sum.seconds = elapsed();
  sink.end(sum);
  return sum;
}

}  // namespace nf
