// check-rank: the independent checker of rank certificates (rank-check
// --certificate FILE).
//
//   check-rank FILE          (FILE = - reads standard input)
//
// A certificate claims rank A = r for the matrix A (A7) of the input weights
// it lists: rows s <= t componentwise (t the target exponents; 2^n subsets
// for the product), numbered in mixed radix with variable 1 fastest,
// A_{s,j} = prod_h a_hj^s_h.  The grammar is in proofs/lemmas/rank_certificate.md.
// Two kinds:
//   minor + kernel   lower bound: the r x r minor on the listed rows and
//                    columns is nonzero modulo the listed prime p (so nonzero
//                    over Q; p must divide no denominator of a);
//                    upper bound: r = min(rows, m), or m - r right kernel
//                    vectors (A v = 0) or rows - r left kernel vectors
//                    (y^T A = 0), each 1 at its pivot and 0 at the pivots of
//                    the vectors before it (hence independent), checked
//                    exactly over Q.
//   patterns         every row h with t_h >= 1 takes at most t_h + 1
//                    distinct values; then rank A is the number of distinct
//                    value patterns of the neurons (proofs/lemmas/two_valued.md),
//                    which the checker counts.
// Output: comment lines "c ...", then "s VERIFIED" (exit 0) or "c failing
// step: ..." and "s NOT VERIFIED" (exit 1).  Usage errors exit 2.
// This file shares no code with the engine and links to GMP alone.
#include <gmp.h>

#include "checker_options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

class Z {
 public:
  Z() { mpz_init(v_); }
  Z(const Z& o) { mpz_init_set(v_, o.v_); }
  Z& operator=(const Z& o) { mpz_set(v_, o.v_); return *this; }
  ~Z() { mpz_clear(v_); }
  mpz_ptr get() { return v_; }
  mpz_srcptr get() const { return v_; }

 private:
  mpz_t v_;
};

class Q {
 public:
  Q() { mpq_init(v_); }
  Q(const Q& o) { mpq_init(v_); mpq_set(v_, o.v_); }
  Q& operator=(const Q& o) { mpq_set(v_, o.v_); return *this; }
  ~Q() { mpq_clear(v_); }
  mpq_ptr get() { return v_; }
  mpq_srcptr get() const { return v_; }
  bool operator==(const Q& o) const { return mpq_equal(v_, o.v_) != 0; }
  bool operator<(const Q& o) const { return mpq_cmp(v_, o.v_) < 0; }

 private:
  mpq_t v_;
};

struct Failure {
  std::string what;
};

[[noreturn]] void fail(const std::string& what) { throw Failure{what}; }

// ------------------------------------------------------------------ parsing

class Reader {
 public:
  explicit Reader(std::istream& in) : in_(in) {}
  // The next non-empty line split into words; fails at end of input.
  std::vector<std::string> line(const char* expected) {
    std::string text;
    while (std::getline(in_, text)) {
      ++number_;
      std::istringstream words(text);
      std::vector<std::string> out;
      std::string w;
      while (words >> w) out.push_back(w);
      if (!out.empty()) return out;
    }
    fail(std::string("line ") + std::to_string(number_ + 1) + ": expected " + expected + ", found end of file");
  }
  bool at_end() {
    std::string text;
    while (std::getline(in_, text)) {
      ++number_;
      if (text.find_first_not_of(" \t\r") != std::string::npos) return false;
    }
    return true;
  }
  std::string where() const { return "line " + std::to_string(number_); }

 private:
  std::istream& in_;
  std::size_t number_ = 0;
};

std::uint64_t parse_count(const std::string& s, const std::string& where) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    fail(where + ": expected a non-negative integer, found '" + s + "'");
  return std::stoull(s);
}

// An integer or p/q with q > 0, in lowest terms (mpq_set_str alone accepts "3/6").
Q parse_rational(const std::string& s, const std::string& where) {
  const std::size_t slash = s.find('/');
  auto digits = [](const std::string& t, bool sign) {
    std::size_t i = sign && !t.empty() && t[0] == '-' ? 1 : 0;
    return t.size() > i && t.find_first_not_of("0123456789", i) == std::string::npos;
  };
  const std::string num = s.substr(0, slash), den = slash == std::string::npos ? "1" : s.substr(slash + 1);
  if (!digits(num, true) || !digits(den, false)) fail(where + ": expected a rational p/q, found '" + s + "'");
  Q q;
  if (mpq_set_str(q.get(), s.c_str(), 10) != 0) fail(where + ": expected a rational p/q, found '" + s + "'");
  if (mpz_sgn(mpq_denref(q.get())) == 0) fail(where + ": zero denominator in '" + s + "'");
  Q canonical = q;
  mpq_canonicalize(canonical.get());
  if (!(canonical == q) || mpz_cmp(mpq_denref(canonical.get()), mpq_denref(q.get())) != 0)
    fail(where + ": '" + s + "' is not in lowest terms");
  return q;
}

void expect_word(const std::vector<std::string>& w, const char* word, std::size_t count, const std::string& where) {
  if (w.empty() || w[0] != word) fail(where + ": expected '" + word + "'");
  if (count != SIZE_MAX && w.size() != count) fail(where + ": '" + word + "' line has the wrong number of fields");
}

// ------------------------------------------------------------------- matrix

struct Claim {
  std::size_t n = 0, m = 0;
  std::vector<std::vector<Q>> a;  // n x m
  std::vector<unsigned> t;        // target exponents
  std::uint64_t rows = 0, rank = 0;
};

std::vector<unsigned> row_exponents(const Claim& c, std::uint64_t row) {
  std::vector<unsigned> s(c.n);
  for (std::size_t h = 0; h < c.n; ++h) {
    s[h] = static_cast<unsigned>(row % (c.t[h] + 1ull));
    row /= c.t[h] + 1ull;
  }
  return s;
}

// The integer rows A_int[h][j] = a_hj * D_h (D_h = lcm of the denominators of row h).
struct IntegerRows {
  std::vector<std::vector<Z>> A;
  std::vector<Z> D;
};

IntegerRows integer_rows(const Claim& c) {
  IntegerRows out;
  out.A.assign(c.n, std::vector<Z>(c.m));
  out.D.resize(c.n);
  for (std::size_t h = 0; h < c.n; ++h) {
    mpz_set_ui(out.D[h].get(), 1);
    for (std::size_t j = 0; j < c.m; ++j) mpz_lcm(out.D[h].get(), out.D[h].get(), mpq_denref(c.a[h][j].get()));
    for (std::size_t j = 0; j < c.m; ++j) {
      mpz_divexact(out.A[h][j].get(), out.D[h].get(), mpq_denref(c.a[h][j].get()));
      mpz_mul(out.A[h][j].get(), out.A[h][j].get(), mpq_numref(c.a[h][j].get()));
    }
  }
  return out;
}

// Every row s <= t with its integer entries on the columns `cols`: visit(row, values).
template <class Visit>
void walk_rows(const Claim& c, const IntegerRows& in, const std::vector<std::uint64_t>& cols, const Visit& visit) {
  std::vector<unsigned> s(c.n, 0);
  std::vector<std::uint64_t> stride(c.n, 1);
  for (std::size_t h = 1; h < c.n; ++h) stride[h] = stride[h - 1] * (c.t[h - 1] + 1ull);
  unsigned depth_max = 0;
  for (unsigned e : c.t) depth_max += e;
  std::vector<std::vector<Z>> stack(depth_max + 1, std::vector<Z>(cols.size()));
  for (Z& z : stack[0]) mpz_set_ui(z.get(), 1);
  // Recursive walk over multisets with multiplicities bounded by t.
  std::function<void(unsigned, std::size_t, std::uint64_t)> descend = [&](unsigned depth, std::size_t first, std::uint64_t row) {
    visit(row, stack[depth]);
    for (std::size_t h = first; h < c.n; ++h) {
      if (s[h] == c.t[h]) continue;
      for (std::size_t k = 0; k < cols.size(); ++k) mpz_mul(stack[depth + 1][k].get(), stack[depth][k].get(), in.A[h][cols[k]].get());
      ++s[h];
      descend(depth + 1, h, row + stride[h]);
      --s[h];
    }
  };
  descend(0, 0, 0);
}

// ------------------------------------------------------------------- checks

bool is_prime(std::uint64_t p) {
  if (p < 2) return false;
  for (std::uint64_t d = 2; d * d <= p; ++d)
    if (p % d == 0) return false;
  return true;
}

std::uint64_t mod_inverse(std::uint64_t x, std::uint64_t p) {
  std::int64_t a = static_cast<std::int64_t>(x % p), b = static_cast<std::int64_t>(p), u = 1, v = 0;
  while (b) {
    const std::int64_t q = a / b;
    std::swap(a -= q * b, b);
    std::swap(u -= q * v, v);
  }
  return static_cast<std::uint64_t>((u % static_cast<std::int64_t>(p) + static_cast<std::int64_t>(p)) % static_cast<std::int64_t>(p));
}

// The k x k minor modulo p is nonsingular (Gaussian elimination in doubles:
// residues below 2^26, every product below 2^52 and so exact).
void check_minor(const Claim& c, std::uint64_t p, const std::vector<std::uint64_t>& rows,
                 const std::vector<std::uint64_t>& cols) {
  const std::size_t k = rows.size();
  // a_hj mod p.
  std::vector<std::vector<std::uint64_t>> a(c.n, std::vector<std::uint64_t>(c.m));
  for (std::size_t h = 0; h < c.n; ++h)
    for (std::size_t j = 0; j < c.m; ++j) {
      const std::uint64_t den = mpz_fdiv_ui(mpq_denref(c.a[h][j].get()), p);
      if (den == 0) fail("minor: p = " + std::to_string(p) + " divides the denominator of a[" + std::to_string(h + 1) + "][" + std::to_string(j + 1) + "]");
      a[h][j] = mpz_fdiv_ui(mpq_numref(c.a[h][j].get()), p) * mod_inverse(den, p) % p;
    }
  std::vector<double> M(k * k);
  for (std::size_t i = 0; i < k; ++i) {
    const std::vector<unsigned> s = row_exponents(c, rows[i]);
    for (std::size_t l = 0; l < k; ++l) {
      std::uint64_t x = 1;
      for (std::size_t h = 0; h < c.n; ++h)
        for (unsigned e = 0; e < s[h]; ++e) x = x * a[h][cols[l]] % p;
      M[i * k + l] = static_cast<double>(x);
    }
  }
  const double P = static_cast<double>(p), Pinv = 1.0 / P;
  for (std::size_t col = 0; col < k; ++col) {
    std::size_t piv = col;
    while (piv < k && M[piv * k + col] == 0) ++piv;
    if (piv == k) fail("minor: the " + std::to_string(k) + " x " + std::to_string(k) + " minor is singular modulo " + std::to_string(p));
    if (piv != col)
      for (std::size_t l = 0; l < k; ++l) std::swap(M[piv * k + l], M[col * k + l]);
    const std::uint64_t inv = mod_inverse(static_cast<std::uint64_t>(M[col * k + col]), p);
    for (std::size_t i = col + 1; i < k; ++i) {
      const double x = M[i * k + col];
      if (x == 0) continue;
      const double f = static_cast<double>((p - static_cast<std::uint64_t>(x)) * inv % p);  // -x / pivot
      double* dst = M.data() + i * k;
      const double* src = M.data() + col * k;
      for (std::size_t l = col; l < k; ++l) {
        double y = dst[l] + f * src[l];  // < 2^26 + 2^52: exact
        double q = std::floor(y * Pinv);
        y -= q * P;
        if (y < 0) y += P;
        if (y >= P) y -= P;
        dst[l] = y;
      }
    }
  }
}

struct Vec {
  std::uint64_t pivot = 0;
  std::vector<std::pair<std::uint64_t, Q>> entries;
};

// Pivots and echelon form: entry 1 at the own pivot, 0 at the pivots of the
// vectors listed before.
void check_echelon(const std::vector<Vec>& vs, std::uint64_t length) {
  std::map<std::uint64_t, std::size_t> pivot_of;
  for (std::size_t t = 0; t < vs.size(); ++t) {
    const Vec& v = vs[t];
    if (v.pivot >= length) fail("kernel vector " + std::to_string(t + 1) + ": pivot out of range");
    if (!pivot_of.emplace(v.pivot, t).second) fail("kernel vector " + std::to_string(t + 1) + ": pivot repeated");
    bool has_pivot = false;
    for (std::size_t e = 0; e < v.entries.size(); ++e) {
      const auto& [idx, x] = v.entries[e];
      if (idx >= length) fail("kernel vector " + std::to_string(t + 1) + ": index out of range");
      if (e > 0 && idx <= v.entries[e - 1].first) fail("kernel vector " + std::to_string(t + 1) + ": indices not increasing");
      if (mpq_sgn(x.get()) == 0) fail("kernel vector " + std::to_string(t + 1) + ": explicit zero entry");
      if (idx == v.pivot) {
        if (mpq_cmp_si(x.get(), 1, 1) != 0) fail("kernel vector " + std::to_string(t + 1) + ": entry at the pivot is not 1");
        has_pivot = true;
      }
    }
    if (!has_pivot) fail("kernel vector " + std::to_string(t + 1) + ": no entry at its pivot");
  }
  for (std::size_t t = 0; t < vs.size(); ++t)
    for (const auto& [idx, x] : vs[t].entries) {
      auto it = pivot_of.find(idx);
      if (it != pivot_of.end() && it->second < t)
        fail("kernel vector " + std::to_string(t + 1) + ": nonzero at the pivot of vector " + std::to_string(it->second + 1));
    }
}

// Integer multiple of a rational sparse vector.
std::vector<std::pair<std::uint64_t, Z>> integer_multiple(const std::vector<std::pair<std::uint64_t, Q>>& v) {
  Z L;
  mpz_set_ui(L.get(), 1);
  for (const auto& e : v) mpz_lcm(L.get(), L.get(), mpq_denref(e.second.get()));
  std::vector<std::pair<std::uint64_t, Z>> out;
  for (const auto& e : v) {
    Z x;
    mpz_divexact(x.get(), L.get(), mpq_denref(e.second.get()));
    mpz_mul(x.get(), x.get(), mpq_numref(e.second.get()));
    out.emplace_back(e.first, x);
  }
  return out;
}

void check_right(const Claim& c, const std::vector<Vec>& vs) {
  const IntegerRows in = integer_rows(c);
  std::vector<std::uint64_t> cols;
  for (const Vec& v : vs)
    for (const auto& e : v.entries) cols.push_back(e.first);
  std::sort(cols.begin(), cols.end());
  cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
  std::vector<std::vector<std::pair<std::size_t, Z>>> u;
  for (const Vec& v : vs) {
    std::vector<std::pair<std::size_t, Z>> cur;
    for (auto& [idx, x] : integer_multiple(v.entries))
      cur.emplace_back(static_cast<std::size_t>(std::lower_bound(cols.begin(), cols.end(), idx) - cols.begin()), x);
    u.push_back(std::move(cur));
  }
  // Row s of A times prod_h D_h^s_h is the integer row: A v = 0 iff A_int u = 0.
  Z acc;
  walk_rows(c, in, cols, [&](std::uint64_t row, const std::vector<Z>& values) {
    for (std::size_t t = 0; t < u.size(); ++t) {
      mpz_set_ui(acc.get(), 0);
      for (const auto& [pos, x] : u[t]) mpz_addmul(acc.get(), values[pos].get(), x.get());
      if (mpz_sgn(acc.get()) != 0)
        fail("right kernel vector " + std::to_string(t + 1) + ": (A v) at row " + std::to_string(row) + " is not 0");
    }
  });
}

void check_left(const Claim& c, const std::vector<Vec>& vs) {
  const IntegerRows in = integer_rows(c);
  std::vector<std::uint64_t> cols(c.m);
  for (std::size_t j = 0; j < c.m; ++j) cols[j] = j;
  // y^T A = 0 iff sum_s (y_s / D^s) A_int[s] = 0, D^s = prod_h D_h^s_h.
  std::vector<std::map<std::uint64_t, Z>> z(vs.size());
  for (std::size_t t = 0; t < vs.size(); ++t) {
    std::vector<std::pair<std::uint64_t, Q>> scaled;
    for (const auto& [row, y] : vs[t].entries) {
      const std::vector<unsigned> s = row_exponents(c, row);
      Z D, p;
      mpz_set_ui(D.get(), 1);
      for (std::size_t h = 0; h < c.n; ++h) {
        mpz_pow_ui(p.get(), in.D[h].get(), s[h]);
        mpz_mul(D.get(), D.get(), p.get());
      }
      Q q = y, d;
      mpq_set_z(d.get(), D.get());
      mpq_div(q.get(), q.get(), d.get());
      scaled.emplace_back(row, q);
    }
    for (auto& [row, x] : integer_multiple(scaled)) z[t].emplace(row, x);
  }
  std::vector<std::vector<Z>> acc(vs.size(), std::vector<Z>(c.m));
  walk_rows(c, in, cols, [&](std::uint64_t row, const std::vector<Z>& values) {
    for (std::size_t t = 0; t < z.size(); ++t) {
      auto it = z[t].find(row);
      if (it == z[t].end()) continue;
      for (std::size_t j = 0; j < c.m; ++j) mpz_addmul(acc[t][j].get(), values[j].get(), it->second.get());
    }
  });
  for (std::size_t t = 0; t < acc.size(); ++t)
    for (std::size_t j = 0; j < c.m; ++j)
      if (mpz_sgn(acc[t][j].get()) != 0)
        fail("left kernel vector " + std::to_string(t + 1) + ": (y^T A) at column " + std::to_string(j) + " is not 0");
}

void check_patterns(const Claim& c) {
  std::vector<std::vector<std::uint32_t>> codes(c.m);
  for (std::size_t h = 0; h < c.n; ++h) {
    if (c.t[h] == 0) continue;
    std::vector<Q> values;
    for (std::size_t j = 0; j < c.m; ++j) values.push_back(c.a[h][j]);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() > c.t[h] + 1ull)
      fail("patterns: row " + std::to_string(h + 1) + " of a takes " + std::to_string(values.size()) +
           " distinct values, more than t_h + 1 = " + std::to_string(c.t[h] + 1));
    for (std::size_t j = 0; j < c.m; ++j)
      codes[j].push_back(static_cast<std::uint32_t>(std::lower_bound(values.begin(), values.end(), c.a[h][j]) - values.begin()));
  }
  std::sort(codes.begin(), codes.end());
  const std::uint64_t distinct = static_cast<std::uint64_t>(std::unique(codes.begin(), codes.end()) - codes.begin());
  std::cout << "c patterns: " << distinct << " distinct value patterns among " << c.m << " neurons\n";
  if (distinct != c.rank) fail("patterns: " + std::to_string(distinct) + " distinct patterns, but the claimed rank is " + std::to_string(c.rank));
}

std::vector<std::uint64_t> index_list(const std::vector<std::string>& w, const char* word, std::size_t count,
                                      std::uint64_t bound, Reader& r) {
  expect_word(w, word, count + 1, r.where());
  std::vector<std::uint64_t> out;
  for (std::size_t i = 1; i < w.size(); ++i) {
    const std::uint64_t x = parse_count(w[i], r.where());
    if (x >= bound) fail(r.where() + ": index " + std::to_string(x) + " out of range");
    out.push_back(x);
  }
  std::vector<std::uint64_t> sorted = out;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) fail(r.where() + ": repeated index");
  return out;
}

// The claim: the weights, the target (rows of A) and the claimed rank.
Claim read_claim(Reader& r) {
  Claim c;
  std::vector<std::string> w = r.line("'network n m'");
  expect_word(w, "network", 3, r.where());
  c.n = parse_count(w[1], r.where());
  c.m = parse_count(w[2], r.where());
  if (c.n == 0 || c.m == 0 || c.n > 64 || c.m > (std::uint64_t(1) << 26)) fail(r.where() + ": n or m out of range");
  for (std::size_t h = 0; h < c.n; ++h) {
    w = r.line("a row of input weights");
    expect_word(w, "a", c.m + 1, r.where());
    std::vector<Q> row;
    for (std::size_t j = 0; j < c.m; ++j) row.push_back(parse_rational(w[j + 1], r.where()));
    c.a.push_back(std::move(row));
  }
  w = r.line("'target ...'");
  expect_word(w, "target", c.n + 1, r.where());
  c.rows = 1;
  for (std::size_t h = 0; h < c.n; ++h) {
    const std::uint64_t e = parse_count(w[h + 1], r.where());
    if (e > 64 || c.rows > (std::uint64_t(1) << 30) / (e + 1)) fail(r.where() + ": A would have more than 2^30 rows");
    c.t.push_back(static_cast<unsigned>(e));
    c.rows *= e + 1;
  }
  w = r.line("'rank r'");
  expect_word(w, "rank", 2, r.where());
  c.rank = parse_count(w[1], r.where());
  if (c.rank > std::min<std::uint64_t>(c.rows, c.m)) fail(r.where() + ": the rank exceeds min(rows, m)");
  return c;
}

// The lower bound: 'minor p k', its rows and columns, nonzero modulo p.
void check_lower_bound(Reader& r, const Claim& c, const std::vector<std::string>& minor) {
  expect_word(minor, "minor", 3, r.where());
  const std::uint64_t p = parse_count(minor[1], r.where()), k = parse_count(minor[2], r.where());
  if (p >= (std::uint64_t(1) << 26) || !is_prime(p)) fail(r.where() + ": the minor's modulus must be a prime below 2^26");
  if (k != c.rank) fail(r.where() + ": the minor's size differs from the claimed rank");
  std::vector<std::string> w = r.line("'rows ...'");
  const std::vector<std::uint64_t> rows = index_list(w, "rows", k, c.rows, r);
  w = r.line("'cols ...'");
  const std::vector<std::uint64_t> cols = index_list(w, "cols", k, c.m, r);
  check_minor(c, p, rows, cols);
  std::cout << "c lower bound: the " << k << " x " << k << " minor is nonzero modulo " << p << '\n';
}

// K kernel vectors 'v pivot count index value ...'.
std::vector<Vec> read_kernel_vectors(Reader& r, std::uint64_t K) {
  std::vector<Vec> vs;
  for (std::uint64_t t = 0; t < K; ++t) {
    const std::vector<std::string> w = r.line("'v pivot count index value ...'");
    if (w.size() < 3 || w[0] != "v") fail(r.where() + ": expected 'v pivot count index value ...'");
    Vec v;
    v.pivot = parse_count(w[1], r.where());
    const std::uint64_t count = parse_count(w[2], r.where());
    if (w.size() != 3 + 2 * count) fail(r.where() + ": the vector's entry count does not match");
    for (std::uint64_t e = 0; e < count; ++e)
      v.entries.emplace_back(parse_count(w[3 + 2 * e], r.where()), parse_rational(w[4 + 2 * e], r.where()));
    vs.push_back(std::move(v));
  }
  return vs;
}

// The upper bound: 'kernel none' (rank = min(rows, m)) or K exact kernel
// vectors on one side, in echelon form, each checked against A.
void check_upper_bound(Reader& r, const Claim& c) {
  const std::vector<std::string> w = r.line("'kernel none|right|left K'");
  expect_word(w, "kernel", 3, r.where());
  const std::string side = w[1];
  const std::uint64_t K = parse_count(w[2], r.where());
  if (side == "none") {
    if (K != 0 || c.rank != std::min<std::uint64_t>(c.rows, c.m))
      fail(r.where() + ": no kernel vectors, but the rank is below min(rows, m)");
    std::cout << "c upper bound: rank = min(rows, m)\n";
    return;
  }
  if (side != "right" && side != "left") fail(r.where() + ": expected none, right or left");
  const std::uint64_t length = side == "right" ? c.m : c.rows;
  if (K != length - c.rank) fail(r.where() + ": expected " + std::to_string(length - c.rank) + " " + side + " kernel vectors");
  const std::vector<Vec> vs = read_kernel_vectors(r, K);
  check_echelon(vs, length);
  if (side == "right")
    check_right(c, vs);
  else
    check_left(c, vs);
  std::cout << "c upper bound: " << K << " independent " << side << " kernel vectors, rank <= " << length - K << '\n';
}

void check(std::istream& input) {
  Reader r(input);
  std::vector<std::string> w = r.line("the version line");
  if (w.size() != 2 || w[0] != "noflat-rank-certificate" || w[1] != "1")
    fail(r.where() + ": expected 'noflat-rank-certificate 1'");
  const Claim c = read_claim(r);
  std::cout << "c claim: A is " << c.rows << " x " << c.m << " with rank " << c.rank << '\n';
  w = r.line("'minor' or 'patterns'");
  if (w.size() == 1 && w[0] == "patterns") {
    check_patterns(c);
  } else {
    check_lower_bound(r, c, w);
    check_upper_bound(r, c);
  }
  w = r.line("'end'");
  expect_word(w, "end", 1, r.where());
  if (!r.at_end()) fail(r.where() + ": text after 'end'");
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  CLI::App app("check-rank", "check-rank");
  app.add_option("CERTIFICATE", path);
  try {
    const std::string help =
        "Usage: check-rank CERTIFICATE   (- reads standard input)\n"
        "Checks a rank certificate of the matrix A (A7) written by rank-check, verify-product or verify-monomial\n"
        "--certificate, independently of the engine (GMP only): the nonzero minor (lower bound) and the exact\n"
        "kernel vectors (upper bound).  Prints 's VERIFIED' (exit 0) or 's NOT VERIFIED' with the failing step (exit 1).\n\n"
        "Options:\n"
        "  -h, --help  print this help and exit\n"
        "  --version   print the version and the git revision and exit\n";
    if (checker_options::parse(app, "check-rank", help, {"--help", "--version"}, argc, argv)) return 0;
    if (path.empty()) throw checker_options::UsageError("give a certificate file (see --help)");
  } catch (const checker_options::UsageError& e) {
    std::cerr << "check-rank: error: " << e.what() << '\n';
    return 2;
  }
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) {
      std::cerr << "check-rank: error: cannot read " << path << '\n';
      return 2;
    }
  }
  try {
    check(path == "-" ? std::cin : file);
  } catch (const Failure& f) {
    std::cout << "c failing step: " << f.what << "\ns NOT VERIFIED\n";
    return 1;
  } catch (const std::exception& e) {
    std::cout << "c failing step: " << e.what() << "\ns NOT VERIFIED\n";
    return 1;
  }
  std::cout << "s VERIFIED\n";
  return 0;
}
