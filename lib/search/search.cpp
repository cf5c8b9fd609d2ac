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
#include "core/cancel.hpp"
#include "core/stop_request.hpp"
#include "poly/prime_field.hpp"

namespace nf {
namespace {

constexpr std::uint64_t kTargetTasks = 4096;
// A unit's representatives are held in memory until it is reported in order:
// no unit may cover more candidate sets than this (about 3.5e5 representatives
// at the |G| = 48 of n = 3), which matters only for the largest runs.
constexpr std::uint64_t kMaxUnitCandidates = std::uint64_t(1) << 24;
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
  void run_task(const std::vector<std::uint32_t>& prefix, UnitResult& out) {
    out_ = &out;
    recent_.clear();  // the witnesses of a unit depend on that unit alone
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
    UnitResult& out = *out_;
    // A cancelled run (core/cancel.hpp) abandons the unit in hand: its result
    // is never delivered, so the certificate and checkpoint stay at the last
    // completed unit.
    if ((out.orbits & 1023) == 0) throw_if_cancelled();
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
    if (!witness && !feasible && c_.needs.witnesses) witness = recent_witness(points);
    if (!witness && (feasible || c_.needs.witnesses)) {
      witness = solve_candidate(*c_.split, points);
      if (witness->feasible != feasible)
        throw InternalError("search: the echelon decision and the rref disagree on a candidate");
      if (!feasible) {
        // A witness that also vanishes at later points serves the sets that
        // follow (same prefix, another last point): the rref of a wider set.
        if (std::optional<Witness> wide = wider_witness(points)) witness = std::move(wide);
        remember(*witness);
      }
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

  // Witness reuse: neighbouring representatives of a unit often share their
  // polynomial Y (n3-m7-pm1: 2337 distinct Y for 19587 sets), and checking
  // that a known Y vanishes at s points costs far less than an rref.  A Y is
  // taken from the unit's recent witnesses, most recently used first, when
  // its exact value at every point is zero: it then proves infeasibility by
  // itself (R5), so the fast echelon decision is confirmed as the rref would
  // confirm it.  Integer rows with common denominator 1 (the rows are the
  // exact a_j^r) and F_p only; never across units, so the certificate does
  // not depend on threads or ranks.
  struct Recent {
    Witness witness;
    std::vector<std::int64_t> dense;  // coefficient of each column (residues over F_p)
  };
  static constexpr std::size_t kRecent = 16;

  std::optional<Witness> recent_witness(const std::vector<std::uint32_t>& points) {
    if (!reuse_) return std::nullopt;
    const std::size_t R = c_.r;
    for (std::size_t k = 0; k < recent_.size(); ++k) {
      const std::vector<std::int64_t>& y = recent_[k].dense;
      bool vanishes = true;
      for (std::uint32_t x : points) {
        const std::int64_t* row = c_.rows.data() + static_cast<std::size_t>(x) * R;
        if (c_.arithmetic == Arithmetic::Modular) {
          unsigned __int128 sum = 0;
          for (std::size_t j = 0; j < R; ++j)
            sum += static_cast<unsigned __int128>(static_cast<std::uint64_t>(y[j])) * static_cast<std::uint64_t>(row[j]);
          vanishes = sum % c_.p == 0;
        } else {
          __int128 sum = 0;  // |y_j| < 2^62, |row_j| <= 2^40, R <= 2^20 terms: no overflow
          for (std::size_t j = 0; j < R; ++j) sum += static_cast<__int128>(y[j]) * row[j];
          vanishes = sum == 0;
        }
        if (!vanishes) break;
      }
      if (vanishes) {
        std::rotate(recent_.begin(), recent_.begin() + static_cast<std::ptrdiff_t>(k),
                    recent_.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        return recent_.front().witness;
      }
    }
    return std::nullopt;
  }

  // The points of an infeasible set S, followed by the later points x (in
  // increasing order) for which S + the points taken so far + x stays
  // infeasible, as long as the solution space has room; the rref of that
  // wider set gives a Y vanishing on all of them (R5 needs only that Y
  // vanishes on S).  std::nullopt when nothing was added, on word overflow,
  // or when the rref does not confirm (then S's own witness is used).
  std::optional<Witness> wider_witness(const std::vector<std::uint32_t>& points) {
    if (!reuse_ || points.empty()) return std::nullopt;
    const std::size_t R = c_.r;
    std::vector<std::vector<std::int64_t>> ech;  // fraction-free echelon, by increasing pivot
    std::vector<std::size_t> pivots;
    std::vector<std::int64_t> row(R);
    // Reduces `row` by the echelon; its leading column (R when zero), or
    // R + 1 on overflow.
    auto reduce = [&]() -> std::size_t {
      for (std::size_t i = 0; i < ech.size(); ++i) {
        const std::size_t col = pivots[i];
        if (row[col] == 0) continue;
        const std::vector<std::int64_t>& e = ech[i];
        if (c_.arithmetic == Arithmetic::Modular) {
          const std::uint64_t inv = inverse_mod(static_cast<std::uint64_t>(e[col]), c_.p);
          const std::uint64_t f = static_cast<std::uint64_t>(row[col]) * inv % c_.p;
          for (std::size_t j = col; j < R; ++j)
            row[j] = static_cast<std::int64_t>(
                (static_cast<std::uint64_t>(row[j]) + (c_.p - f) * static_cast<std::uint64_t>(e[j]) % c_.p) % c_.p);
        } else {
          std::int64_t f = e[col], g = row[col];
          const std::int64_t h = gcd64(f, g);
          f /= h;
          g /= h;
          for (std::size_t j = 0; j < R; ++j) {
            std::int64_t a = 0, b = 0;
            if (__builtin_mul_overflow(row[j], f, &a) || __builtin_mul_overflow(e[j], g, &b) ||
                __builtin_sub_overflow(a, b, &row[j]) || row[j] > kMaxEntry || row[j] < -kMaxEntry)
              return R + 1;
          }
          std::int64_t content = 0;
          for (std::size_t j = 0; j < R; ++j) content = gcd64(content, row[j]);
          if (content > 1)
            for (std::size_t j = 0; j < R; ++j) row[j] /= content;
        }
      }
      std::size_t leading = 0;
      while (leading < R && row[leading] == 0) ++leading;
      return leading;
    };
    auto insert = [&](std::size_t leading) {
      const std::size_t at = static_cast<std::size_t>(std::lower_bound(pivots.begin(), pivots.end(), leading) - pivots.begin());
      pivots.insert(pivots.begin() + static_cast<std::ptrdiff_t>(at), leading);
      ech.insert(ech.begin() + static_cast<std::ptrdiff_t>(at), row);
    };
    for (std::uint32_t x : points) {
      std::copy_n(c_.rows.data() + static_cast<std::size_t>(x) * R, R, row.begin());
      const std::size_t leading = reduce();
      if (leading > R || leading == R - 1) return std::nullopt;  // overflow, or (unexpectedly) feasible
      if (leading < R) insert(leading);
    }
    std::vector<std::uint32_t> wide = points;
    for (std::size_t x = points.back() + 1; x < c_.v && ech.size() + 1 < R; ++x) {
      std::copy_n(c_.rows.data() + x * R, R, row.begin());
      const std::size_t leading = reduce();
      if (leading > R) break;
      if (leading == R - 1) continue;  // x would make the target reachable
      if (leading < R) insert(leading);
      wide.push_back(static_cast<std::uint32_t>(x));
    }
    if (wide.size() == points.size()) return std::nullopt;
    Witness w = solve_candidate(*c_.split, wide);
    if (w.feasible) return std::nullopt;
    return w;
  }

  void remember(const Witness& w) {
    if (!reuse_ || c_.r > (std::size_t(1) << 20)) return;
    Recent e{w, std::vector<std::int64_t>(c_.r, 0)};
    for (const auto& [column, coefficient] : w.polynomial) {
      if (column >= c_.r || coefficient.get_den() != 1 || !coefficient.get_num().fits_slong_p()) return;
      const long v = coefficient.get_num().get_si();
      if (v >= (long(1) << 62) || v <= -(long(1) << 62)) return;
      e.dense[column] = v;
    }
    if (recent_.size() == kRecent) recent_.pop_back();
    recent_.insert(recent_.begin(), std::move(e));
  }

  const Context& c_;
  bool reuse_ = (c_.arithmetic == Arithmetic::Modular) ||
                (c_.arithmetic == Arithmetic::Integer && c_.split->domain().common_denominator() == 1);
  std::vector<Recent> recent_;
  std::vector<std::uint32_t> chosen_;
  std::vector<std::uint64_t> set_;
  std::vector<std::uint64_t> images_;
  std::vector<std::int64_t> rows_;
  std::vector<std::ptrdiff_t> pivot_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> rank_;
  std::vector<char> feasible_, overflow_;
  UnitResult* out_ = nullptr;
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
void SinkList::unit(std::uint64_t index, std::uint64_t count) {
  for (auto* s : sinks_) s->unit(index, count);
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

// ---------------------------------------------------------------- the plan

struct SearchPlan::Impl {
  const CaseSplit* split = nullptr;
  ShardSpec shard;
  Context ctx;
  std::vector<std::vector<std::uint32_t>> tasks;  // every task of the split
  std::vector<std::size_t> mine;                  // the shard's units: task numbers
  std::uint64_t pruned = 0, shard_total = 0;
};

SearchPlan::SearchPlan(const CaseSplit& split, const ShardSpec& shard, SinkNeeds needs) : impl_(new Impl) {
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count)
    throw InputError("--shard: expected I/N with 1 <= I <= N");
  Impl& p = *impl_;
  p.split = &split;
  p.shard = shard;
  Context& ctx = p.ctx;
  ctx.split = &split;
  ctx.v = split.point_count();
  ctx.s = split.size();
  ctx.r = split.monomials().size();
  ctx.g = split.group_order();
  ctx.words = (ctx.v + 63) / 64;
  ctx.needs = needs;
  ctx.binom.assign(ctx.v + 1, std::vector<std::uint64_t>(ctx.s + 1, 0));
  for (std::size_t a = 0; a <= ctx.v; ++a) {
    ctx.binom[a][0] = 1;
    for (std::size_t b = 1; b <= std::min(a, ctx.s); ++b)
      ctx.binom[a][b] = ctx.binom[a - 1][b - 1] + (b <= a - 1 ? ctx.binom[a - 1][b] : 0);
  }
  build_rows(split, ctx);

  // Tasks: the canonical prefixes of the smallest depth with enough of them,
  // none of them too large.
  {
    Walker walker(ctx);
    for (std::size_t d = 1; d <= ctx.s; ++d) {
      p.tasks.clear();
      p.pruned = 0;
      std::uint64_t largest = 0;
      walker.prefixes(d, [&](const std::vector<std::uint32_t>& t) {
        p.tasks.push_back(t);
        largest = std::max(largest, ctx.raw(ctx.v - 1 - t.back(), ctx.s - t.size()));
      }, p.pruned);
      if ((p.tasks.size() >= kTargetTasks && largest <= kMaxUnitCandidates) || d == ctx.s) break;
    }
  }
  std::uint64_t all = p.pruned;
  p.shard_total = shard.index == 1 ? p.pruned : 0;
  for (std::size_t t = 0; t < p.tasks.size(); ++t) {
    const std::uint64_t sub = ctx.raw(ctx.v - 1 - p.tasks[t].back(), ctx.s - p.tasks[t].size());
    all += sub;
    if (t % shard.count == shard.index - 1) {
      p.mine.push_back(t);
      p.shard_total += sub;
    }
  }
  if (all != split.candidate_count())
    throw InternalError("search: the task split accounts for " + std::to_string(all) + " of " +
                        std::to_string(split.candidate_count()) + " candidates");
}

SearchPlan::~SearchPlan() = default;
const CaseSplit& SearchPlan::split() const { return *impl_->split; }
const ShardSpec& SearchPlan::shard() const { return impl_->shard; }
SinkNeeds SearchPlan::needs() const { return impl_->ctx.needs; }
std::uint64_t SearchPlan::units() const { return impl_->mine.size(); }
std::uint64_t SearchPlan::shard_candidates() const { return impl_->shard_total; }
std::uint64_t SearchPlan::pruned_before_units() const { return impl_->shard.index == 1 ? impl_->pruned : 0; }

struct UnitWorker::Impl {
  const SearchPlan::Impl* plan;
  Walker walker;
  explicit Impl(const SearchPlan::Impl& p) : plan(&p), walker(p.ctx) {}
};

UnitWorker::UnitWorker(const SearchPlan& plan) : impl_(new Impl(*plan.impl_)) {}
UnitWorker::~UnitWorker() = default;

UnitResult UnitWorker::run(std::uint64_t unit) {
  const SearchPlan::Impl& p = *impl_->plan;
  if (unit >= p.mine.size()) throw InputError("search: unit " + std::to_string(unit) + " does not exist");
  UnitResult r;
  impl_->walker.run_task(p.tasks[p.mine[unit]], r);
  return r;
}

// ---------------------------------------------------------------- shipping results

namespace {

class Encoder {
 public:
  void u64(std::uint64_t v) {
    do {  // LEB128
      unsigned char b = v & 0x7f;
      v >>= 7;
      if (v) b |= 0x80;
      out.push_back(static_cast<char>(b));
    } while (v);
  }
  void text(const std::string& t) {
    u64(t.size());
    out += t;
  }
  void q(const mpq_class& v) { text(v.get_str(36)); }
  std::string out;
};

class Decoder {
 public:
  explicit Decoder(const std::string& b) : bytes(b) {}
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.size()) bad();
      const unsigned char b = static_cast<unsigned char>(bytes[pos++]);
      v |= std::uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    bad();
  }
  std::uint64_t count(std::uint64_t max) {
    const std::uint64_t v = u64();
    if (v > max) bad();
    return v;
  }
  std::string text() {
    const std::uint64_t n = count(bytes.size() - pos);
    std::string t = bytes.substr(pos, n);
    pos += n;
    return t;
  }
  mpq_class q() {
    const std::string t = text();
    if (t.empty() || t.find_first_not_of("-/0123456789abcdefghijklmnopqrstuvwxyz") != std::string::npos) bad();
    mpq_class v;
    if (v.set_str(t, 36) != 0 || mpz_sgn(v.get_den_mpz_t()) == 0) bad();
    v.canonicalize();
    return v;
  }
  bool done() const { return pos == bytes.size(); }
  [[noreturn]] static void bad() { throw InputError("a unit result received from another process is malformed"); }

 private:
  const std::string& bytes;
  std::size_t pos = 0;
};

}  // namespace

std::string encode_unit_result(const UnitResult& r) {
  Encoder e;
  e.u64(r.orbits);
  e.u64(r.feasible);
  e.u64(r.feasible_candidates);
  e.u64(r.raw);
  e.u64(r.fallbacks);
  e.u64(r.reported.size());
  for (const CandidateResult& c : r.reported) {
    e.u64(c.ordinal);
    e.u64(c.points.size());
    for (std::uint32_t x : c.points) e.u64(x);
    e.u64((c.feasible ? 1 : 0) | (c.decided_by_rref ? 2 : 0) | (c.witness ? 4 : 0) |
          (c.witness && c.witness->feasible ? 8 : 0));
    if (!c.witness) continue;
    e.u64(c.witness->polynomial.size());
    for (const auto& [index, coefficient] : c.witness->polynomial) {
      e.u64(index);
      e.q(coefficient);
    }
    e.u64(c.witness->weights.size());
    for (const mpq_class& w : c.witness->weights) e.q(w);
  }
  return std::move(e.out);
}

UnitResult decode_unit_result(const std::string& bytes) {
  Decoder d(bytes);
  UnitResult r;
  r.orbits = d.u64();
  r.feasible = d.u64();
  r.feasible_candidates = d.u64();
  r.raw = d.u64();
  r.fallbacks = d.u64();
  const std::uint64_t n = d.count(bytes.size());
  r.reported.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    CandidateResult c;
    c.ordinal = d.u64();
    const std::uint64_t pts = d.count(CaseSplit::kMaxPoints);
    for (std::uint64_t j = 0; j < pts; ++j) c.points.push_back(static_cast<std::uint32_t>(d.count(UINT32_MAX)));
    const std::uint64_t flags = d.count(15);
    c.feasible = flags & 1;
    c.decided_by_rref = flags & 2;
    if (flags & 4) {
      Witness w;
      w.feasible = flags & 8;
      const std::uint64_t terms = d.count(bytes.size());
      for (std::uint64_t j = 0; j < terms; ++j) {
        const std::uint64_t index = d.u64();
        w.polynomial.emplace_back(static_cast<std::size_t>(index), d.q());
      }
      const std::uint64_t weights = d.count(bytes.size());
      for (std::uint64_t j = 0; j < weights; ++j) w.weights.push_back(d.q());
      c.witness = std::move(w);
    }
    r.reported.push_back(std::move(c));
  }
  if (!d.done()) Decoder::bad();
  return r;
}

// ---------------------------------------------------------------- the run

SearchSummary run_search(const CaseSplit& split, const SearchOptions& options, SearchSink& sink) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const SearchPlan plan(split, options.shard, sink.needs());
  const std::uint64_t units = plan.units();
  const SearchTally& resume = options.resume;
  if (resume.units_done > units)
    throw InputError("resume: the checkpoint has " + std::to_string(resume.units_done) + " units done, the shard has " +
                     std::to_string(units));
  if (options.planned) options.planned(plan);

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(
      std::min<std::size_t>(threads, std::max<std::size_t>(units - resume.units_done, 1)));
  const std::uint64_t shard_total = plan.shard_candidates();

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
  sum.units = units;
  sum.units_resumed = resume.units_done;
  sum.orbits_resumed = resume.orbits;
  sum.orbits = resume.orbits;
  sum.feasible = resume.feasible;
  sum.feasible_candidates = resume.feasible_candidates;
  sum.exact_fallbacks = resume.exact_fallbacks;
  sink.begin(split, options.shard);

  std::mutex mutex;
  std::condition_variable wake;
  std::map<std::uint64_t, UnitResult> finished;  // by unit number
  std::uint64_t next_emit = resume.units_done;
  std::uint64_t raw_done = resume.units_done == 0 ? plan.pruned_before_units() : resume.candidates_done;
  std::atomic<std::uint64_t> next_unit{resume.units_done};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::size_t running = threads + (options.executor ? 1 : 0);
  bool skipped = false;  // the skip fault fires once
  auto stopping = [&] { return failed.load() || (options.stop && options.stop->requested()); };

  auto emit_ready = [&] {  // under the mutex
    while (true) {
      auto it = finished.find(next_emit);
      if (it == finished.end()) return;
      UnitResult& r = it->second;
      const std::uint64_t base = sum.orbits;
      std::uint64_t orbits = r.orbits;
      const SearchFault& fault = options.fault;
      const bool skip_here = fault.kind == SearchFault::Kind::SkipCandidate && !skipped && fault.ordinal >= base &&
                             fault.ordinal < base + r.orbits;
      skipped = skipped || skip_here;
      sink.unit(next_emit, units);
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
      raw_done += r.raw;
      finished.erase(it);
      ++next_emit;
      if (options.unit_done) {
        SearchTally t{next_emit, sum.orbits, sum.feasible, sum.feasible_candidates, sum.exact_fallbacks, raw_done};
        options.unit_done(t);
      }
    }
  };
  auto deliver = [&](std::uint64_t unit, UnitResult&& r) {
    std::lock_guard<std::mutex> lock(mutex);
    finished.emplace(unit, std::move(r));
    emit_ready();
  };
  auto take = [&]() -> std::optional<std::uint64_t> {
    if (stopping()) return std::nullopt;
    const std::uint64_t i = next_unit.fetch_add(1);
    if (i >= units) return std::nullopt;
    return i;
  };
  auto fail = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    if (!error) error = std::current_exception();
    failed = true;
  };
  auto finish = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    --running;
    wake.notify_all();
  };

  auto work = [&] {
    try {
      UnitWorker worker(plan);
      while (const auto i = take()) deliver(*i, worker.run(*i));
    } catch (const Cancelled&) {  // the unit in hand is abandoned; stopping() holds for every thread
    } catch (...) {
      fail();
    }
    flint_cleanup();  // this thread's FLINT caches (fmpz), used by solve_candidate
    finish();
  };

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  if (options.executor)
    pool.emplace_back([&] {
      try {
        options.executor->serve(plan, take, deliver);
      } catch (...) {
        fail();
      }
      finish();
    });
  {
    std::unique_lock<std::mutex> lock(mutex);
    double last_report = 0;
    const double expected = double(split.candidate_count()) / double(split.group_order()) / double(options.shard.count);
    while (running > 0) {
      wake.wait_for(lock, std::chrono::duration<double>(std::min(options.progress_interval, 0.25)));
      const double now = elapsed();
      if (running > 0 && options.progress && now - last_report >= options.progress_interval) {
        last_report = now;
        SearchProgress pr{raw_done, shard_total, sum.orbits, expected, now, resume.orbits, next_emit, units};
        lock.unlock();
        options.progress(pr);
        lock.lock();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  sum.units_done = next_emit;
  sum.interrupted = next_emit != units;
  if (sum.interrupted && !(options.stop && options.stop->requested()))
    throw InternalError("search: some units were not reported");
  if (!sum.interrupted && raw_done != shard_total)
    throw InternalError("search: the shard accounted for " + std::to_string(raw_done) + " of " +
                        std::to_string(shard_total) + " candidates");
  sum.seconds = elapsed();
  sink.end(sum);
  return sum;
}

}  // namespace nf
