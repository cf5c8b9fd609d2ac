// check-proof: the independent checker of prove-minimal certificates.
//
//   check-proof FILE...        (several files are read as their concatenation)
//   check-proof --max-candidates N FILE...
//
// It trusts nothing in the certificate but the witnesses.  From the claim in
// the header (n, m, the domain, the activation, the target monomial x^r, the
// symmetry group) it derives the imposed degrees, the size s = min(m, |D|^n) and the number of candidate
// sets itself and compares them with the header; it rebuilds the symmetry
// group (refusing a map that does not preserve the domain), enumerates every
// set of s distinct points of D^n, and requires each set that is the
// lexicographically smallest of its orbit to be listed exactly once, across
// all sections, with a witness that it verifies exactly:
//   i  Y vanishes at every point, uses only monomials of the imposed degrees
//      (so degree <= d = |r|) and has a nonzero coefficient of the target x^r;
//   f  the weights satisfy sigma_k k!/s! sum_j w_j a_j^s = [s = r] for
//      every imposed k <= d and every |s| = k (the coefficients of the expansion of
//      sigma_k sum_j w_j (a_j . x)^k, (A2)/(A3)).
// The target line is optional; without it x^r = x1...xn (r = (1,...,1)).
// Permutations of the variables are allowed only among variables with equal
// exponent r_i.
// Sections written by shards must agree on the claim and carry the shard
// numbers 1..N exactly once.  The grammar is in proofs/README.md.
//
// Format 2 ("noflat-proof 2") writes points as numbers, each set as the
// points after the prefix it shares with the previous set of its work unit,
// and a "units U" header line; the body is cut into units "u 1" .. "u U",
// "d" restarts the witness dictionary, and a section that ends with
// "incomplete K U" instead of "end" (an interrupted run) is rejected as
// "incomplete: K of U units".
// Work: the witness polynomials are evaluated at their points and the case
// split is enumerated on --threads threads; the verdict and the failing step
// reported do not depend on their number (the first failure in file order).
// A file that starts with the zstd magic number is decompressed first (zstd's
// own frame checksums guard it; a cut or corrupt stream is an input error).
//
// Output: comment lines "c ...", then "s VERIFIED" (exit 0) or "c failing
// step: ..." and "s NOT VERIFIED" (exit 1).  Usage errors and unreadable
// files (missing, corrupt or truncated compressed data) exit 2.
// Arithmetic: GMP rationals only; over F_p the same rationals reduced mod p.
// This file is deliberately independent of the engine (lib/): it shares no
// code and links to GMP alone, and to libzstd for decompression only.
#include <gmp.h>
#include <zstd.h>

#include "checker_options.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <tuple>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

// ---------------------------------------------------------------- numbers

class Q {
 public:
  Q() { mpq_init(v_); }
  explicit Q(long n) { mpq_init(v_); mpq_set_si(v_, n, 1); }
  Q(const Q& o) { mpq_init(v_); mpq_set(v_, o.v_); }
  Q& operator=(const Q& o) { mpq_set(v_, o.v_); return *this; }
  ~Q() { mpq_clear(v_); }
  mpq_ptr get() { return v_; }
  mpq_srcptr get() const { return v_; }
  bool operator<(const Q& o) const { return mpq_cmp(v_, o.v_) < 0; }
  bool operator==(const Q& o) const { return mpq_equal(v_, o.v_) != 0; }
  bool is_zero() const { return mpq_sgn(v_) == 0; }
  std::string str() const {
    char* s = mpq_get_str(nullptr, 10, v_);
    std::string out(s);
    void (*freefunc)(void*, size_t);
    mp_get_memory_functions(nullptr, nullptr, &freefunc);
    freefunc(s, std::strlen(s) + 1);
    return out;
  }

 private:
  mpq_t v_;
};

Q mul(const Q& a, const Q& b) { Q r; mpq_mul(r.get(), a.get(), b.get()); return r; }
Q add(const Q& a, const Q& b) { Q r; mpq_add(r.get(), a.get(), b.get()); return r; }

// Strict rational syntax: [+-]digits or [+-]digits/digits with a nonzero
// denominator; at most 10000 characters.
bool parse_q(const std::string& text, Q& out) {
  if (text.empty() || text.size() > 10000) return false;
  std::size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  const std::size_t slash = text.find('/');
  auto digits = [&](std::size_t a, std::size_t b) {
    if (a >= b) return false;
    for (std::size_t k = a; k < b; ++k)
      if (text[k] < '0' || text[k] > '9') return false;
    return true;
  };
  if (slash == std::string::npos) {
    if (!digits(i, text.size())) return false;
  } else if (!digits(i, slash) || !digits(slash + 1, text.size())) {
    return false;
  }
  std::string t = text[0] == '+' ? text.substr(1) : text;
  mpz_t num, den;
  mpz_init(num);
  mpz_init(den);
  const std::size_t s2 = t.find('/');
  mpz_set_str(num, t.substr(0, s2).c_str(), 10);
  if (s2 == std::string::npos) mpz_set_ui(den, 1);
  else mpz_set_str(den, t.substr(s2 + 1).c_str(), 10);
  const bool ok = mpz_sgn(den) != 0;
  if (ok) {
    mpq_set_num(out.get(), num);
    mpq_set_den(out.get(), den);
    mpq_canonicalize(out.get());
  }
  mpz_clear(num);
  mpz_clear(den);
  return ok;
}

bool parse_u64(const std::string& text, std::uint64_t& out, std::uint64_t max) {
  if (text.empty() || text.size() > 19) return false;
  for (char ch : text)
    if (ch < '0' || ch > '9') return false;
  out = std::stoull(text);
  return out <= max;
}

std::uint64_t binomial(std::uint64_t n, std::uint64_t k) {  // saturating
  if (k > n) return 0;
  k = std::min(k, n - k);
  unsigned __int128 c = 1;
  for (std::uint64_t i = 1; i <= k; ++i) {
    c = c * (n - i + 1) / i;
    if (c > UINT64_MAX) return UINT64_MAX;
  }
  return static_cast<std::uint64_t>(c);
}

// ---------------------------------------------------------------- failures

struct Reject {
  std::string where, what;
};

[[noreturn]] void reject(const std::string& where, const std::string& what) { throw Reject{where, what}; }

// ---------------------------------------------------------------- the field

// The base field: Q, or F_p represented by rationals whose denominators are
// prime to p, compared after reduction.
struct Field {
  std::uint64_t p = 0;  // 0: the rationals
  // v mod p in 0..p-1; false if p divides the denominator.
  bool residue(const Q& v, std::uint64_t& out) const {
    mpz_t pz, num, den, inv;
    mpz_init_set_ui(pz, p);
    mpz_init(num);
    mpz_init(den);
    mpz_init(inv);
    mpz_mod(num, mpq_numref(v.get()), pz);
    mpz_mod(den, mpq_denref(v.get()), pz);
    const bool ok = mpz_invert(inv, den, pz) != 0;
    if (ok) {
      mpz_mul(num, num, inv);
      mpz_mod(num, num, pz);
      out = mpz_get_ui(num);
    }
    mpz_clear(pz);
    mpz_clear(num);
    mpz_clear(den);
    mpz_clear(inv);
    return ok;
  }
  bool is_zero(const Q& v) const {
    if (p == 0) return v.is_zero();
    std::uint64_t r = 1;
    return residue(v, r) && r == 0;
  }
  bool is_one(const Q& v) const {
    if (p == 0) return mpq_cmp_si(v.get(), 1, 1) == 0;
    std::uint64_t r = 0;
    return residue(v, r) && r == 1;
  }
};

// ---------------------------------------------------------------- the claim

struct Domain {
  std::vector<Q> values;  // ascending (F_p: 0..p-1)
  std::uint64_t p = 0;
  std::size_t index_of(const Q& v) const {  // values.size() when absent
    auto it = std::lower_bound(values.begin(), values.end(), v);
    return (it != values.end() && *it == v) ? static_cast<std::size_t>(it - values.begin()) : values.size();
  }
};

bool is_prime(std::uint64_t p) {
  if (p < 2) return false;
  for (std::uint64_t d = 2; d * d <= p; ++d)
    if (p % d == 0) return false;
  return true;
}

Domain parse_domain(const std::string& spec, const std::string& where) {
  Domain d;
  const std::size_t kMax = 4096;
  if (!spec.empty() && spec[0] == 'F') {
    std::uint64_t p = 0;
    if (!parse_u64(spec.substr(1), p, 1u << 20) || !is_prime(p) || p < 3) reject(where, "domain: bad prime field " + spec);
    if (p > kMax) reject(where, "domain: more than 4096 values");
    d.p = p;
    for (std::uint64_t v = 0; v < p; ++v) d.values.emplace_back(static_cast<long>(v));
    return d;
  }
  if (!spec.empty() && spec[0] == '{') {
    if (spec.back() != '}') reject(where, "domain: missing '}'");
    std::string body = spec.substr(1, spec.size() - 2);
    std::size_t start = 0;
    while (true) {
      std::size_t comma = body.find(',', start);
      if (comma == std::string::npos) comma = body.size();
      Q v;
      if (!parse_q(body.substr(start, comma - start), v)) reject(where, "domain: bad value in " + spec);
      d.values.push_back(v);
      if (d.values.size() > kMax) reject(where, "domain: more than 4096 values");
      if (comma == body.size()) break;
      start = comma + 1;
    }
    std::sort(d.values.begin(), d.values.end());
    for (std::size_t i = 1; i < d.values.size(); ++i)
      if (d.values[i] == d.values[i - 1]) reject(where, "domain: repeated value");
    return d;
  }
  const std::size_t dots = spec.find("..");
  Q lo, hi;
  if (dots == std::string::npos || !parse_q(spec.substr(0, dots), lo) || !parse_q(spec.substr(dots + 2), hi) ||
      spec.find('/') != std::string::npos)
    reject(where, "domain: expected lo..hi, {v1,...} or Fp, got '" + spec.substr(0, 60) + "'");
  if (!mpz_fits_slong_p(mpq_numref(lo.get())) || !mpz_fits_slong_p(mpq_numref(hi.get())))
    reject(where, "domain: bounds too large");
  const long a = mpz_get_si(mpq_numref(lo.get())), b = mpz_get_si(mpq_numref(hi.get()));
  if (a > b || b - a + 1 > static_cast<long>(kMax)) reject(where, "domain: empty or more than 4096 values");
  for (long v = a; v <= b; ++v) d.values.emplace_back(v);
  return d;
}

// A Taylor coefficient: zero, a rational, or a nonzero symbol.
struct Sigma {
  enum Kind { Zero, Rational, Symbol } kind = Zero;
  Q value;
};

// tanh' = 1 - tanh^2: (k+1) t_{k+1} = [k = 0] - sum_{i+j=k} t_i t_j.
std::vector<Q> tanh_series(unsigned count) {
  std::vector<Q> t(count, Q(0));
  for (unsigned k = 0; k + 1 < count; ++k) {
    Q s(k == 0 ? 1 : 0);
    for (unsigned i = 0; i <= k; ++i) mpq_sub(s.get(), s.get(), mul(t[i], t[k - i]).get());
    Q d(static_cast<long>(k + 1));
    mpq_div(t[k + 1].get(), s.get(), d.get());
  }
  return t;
}

// sigmoid(t) = 1/2 + tanh(t/2)/2.
std::vector<Q> sigmoid_series(unsigned count) {
  std::vector<Q> t = tanh_series(count);
  for (unsigned k = 0; k < count; ++k) mpq_div_2exp(t[k].get(), t[k].get(), k + 1);
  if (count > 0) {
    Q half;
    mpq_set_si(half.get(), 1, 2);
    t[0] = add(t[0], half);
  }
  return t;
}

std::vector<Sigma> parse_activation(const std::string& spec, unsigned n, const std::string& where) {
  std::vector<Sigma> out(n + 1);
  auto rational = [](Sigma& s, const Q& v) {
    s.kind = v.is_zero() ? Sigma::Zero : Sigma::Rational;
    s.value = v;
  };
  if (spec == "generic") {
    for (auto& s : out) s.kind = Sigma::Symbol;
  } else if (spec == "exp") {
    Q f(1);
    for (unsigned k = 0; k <= n; ++k) {
      if (k > 0) f = mul(f, Q(static_cast<long>(k)));
      Q inv;
      mpq_inv(inv.get(), f.get());
      rational(out[k], inv);
    }
  } else if (spec == "tanh") {
    auto t = tanh_series(n + 1);
    for (unsigned k = 0; k <= n; ++k) rational(out[k], t[k]);
  } else if (spec == "sigmoid") {
    auto t = sigmoid_series(n + 1);
    for (unsigned k = 0; k <= n; ++k) rational(out[k], t[k]);
  } else if (spec == "silu") {  // t * sigmoid(t)
    auto t = sigmoid_series(n + 1);
    rational(out[0], Q(0));
    for (unsigned k = 1; k <= n; ++k) rational(out[k], t[k - 1]);
  } else if (spec == "softplus") {  // log(1 + e^t): ln 2, then sigmoid_{k-1} / k
    auto t = sigmoid_series(n + 1);
    out[0].kind = Sigma::Symbol;
    for (unsigned k = 1; k <= n; ++k) {
      Q v;
      Q kk(static_cast<long>(k));
      mpq_div(v.get(), t[k - 1].get(), kk.get());
      rational(out[k], v);
    }
  } else if (spec.rfind("poly:", 0) == 0) {
    std::vector<Q> c;
    std::string list = spec.substr(5);
    std::size_t start = 0;
    while (true) {
      std::size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      Q v;
      if (!parse_q(list.substr(start, comma - start), v)) reject(where, "activation: bad coefficient in " + spec.substr(0, 60));
      c.push_back(v);
      if (c.size() > 10000) reject(where, "activation: too many coefficients");
      if (comma == list.size()) break;
      start = comma + 1;
    }
    for (unsigned k = 0; k <= n; ++k) rational(out[k], k < c.size() ? c[k] : Q(0));
  } else {
    reject(where, "activation: unknown '" + spec.substr(0, 60) + "'");
  }
  return out;
}

// "x1^2*x3" (the engine's format_monomial) -> exponents (1, 0, 2 ...); every
// factor x<i> or x<i>^<e> with e >= 1, each variable once.
std::vector<unsigned> parse_target(const std::string& text, unsigned n, const std::string& where) {
  std::vector<unsigned> r(n, 0);
  std::size_t start = 0;
  while (true) {
    std::size_t star = text.find('*', start);
    if (star == std::string::npos) star = text.size();
    const std::string f = text.substr(start, star - start);
    const std::size_t caret = f.find('^');
    std::uint64_t var = 0, e = 1;
    if (f.size() < 2 || f[0] != 'x' ||
        !parse_u64(f.substr(1, caret == std::string::npos ? std::string::npos : caret - 1), var, 64) || var < 1 ||
        var > n)
      reject(where, "target: bad variable '" + f.substr(0, 40) + "'");
    if (caret != std::string::npos && (!parse_u64(f.substr(caret + 1), e, 64) || e < 1))
      reject(where, "target: bad exponent in '" + f.substr(0, 40) + "'");
    if (r[var - 1]) reject(where, "target: variable x" + std::to_string(var) + " repeated");
    r[var - 1] = static_cast<unsigned>(e);
    if (star == text.size()) break;
    start = star + 1;
  }
  return r;
}

struct Claim {
  unsigned n = 0;
  std::uint64_t m = 0;
  std::string domain_spec, activation, symmetry;
  std::vector<unsigned> degrees;
  std::vector<unsigned> target;  // r; the product (1,...,1) when the line is absent
  std::uint64_t size = 0, candidates = 0;
  bool operator==(const Claim& o) const {
    return n == o.n && m == o.m && domain_spec == o.domain_spec && activation == o.activation && target == o.target &&
           symmetry == o.symmetry && degrees == o.degrees && size == o.size && candidates == o.candidates;
  }
};

// Everything derived from the claim by the checker itself.
struct Setting {
  unsigned n = 0;
  std::vector<unsigned> r;  // the target exponents
  unsigned d = 0;           // |r|
  Domain domain;
  Field field;
  std::vector<Sigma> sigma;
  std::vector<char> imposed;  // by degree
  std::uint32_t points = 0;
  std::size_t s = 0;
  std::uint64_t candidates = 0;
  std::size_t group = 1;
  std::vector<std::uint32_t> table;  // table[g * points + x]
  std::vector<std::vector<unsigned>> coords;  // value index of each coordinate

  std::uint32_t point_of(const std::vector<std::size_t>& c) const {
    std::uint32_t x = 0;
    for (std::size_t v : c) x = x * static_cast<std::uint32_t>(domain.values.size()) + static_cast<std::uint32_t>(v);
    return x;
  }
};

// `at` maps a header key to the place of its line, for the messages.
Setting derive(const Claim& claim, const std::map<std::string, std::string>& at) {
  auto where = [&](const char* key) { return at.at(key); };
  Setting st;
  st.n = claim.n;
  st.r = claim.target;
  if (st.r.size() != claim.n) reject(where("target"), "target: expected n exponents");
  for (unsigned e : st.r) st.d += e;
  if (st.d < 1 || st.d > 64) reject(where("target"), "target: the degree must be in 1..64");
  st.domain = parse_domain(claim.domain_spec, where("domain"));
  st.field.p = st.domain.p;
  if (st.field.p && st.field.p <= st.d) reject(where("domain"), "the prime must exceed the degree |r|");
  st.sigma = parse_activation(claim.activation, st.d, where("activation"));
  st.imposed.assign(st.d + 1, 0);
  std::vector<unsigned> degrees;
  for (unsigned k = 0; k <= st.d; ++k) {
    const Sigma& sg = st.sigma[k];
    bool nonzero = sg.kind != Sigma::Zero;
    if (st.field.p && sg.kind == Sigma::Rational) {
      std::uint64_t r = 0;
      if (!st.field.residue(sg.value, r)) reject(where("activation"), "activation: sigma_" + std::to_string(k) + " undefined mod p");
      nonzero = r != 0;
    }
    st.imposed[k] = nonzero;
    if (nonzero) degrees.push_back(k);
  }
  if (degrees != claim.degrees) reject(where("degrees"), "degrees: the activation imposes different degrees");
  // The target degree is always imposed: with sigma_d = 0 (over Q, or its
  // residue mod p) the identity sigma_d P_d = x^r cannot hold, no network is a
  // gate, and a claim of gates or of infeasibility under it is refused.
  if (!st.imposed[st.d])
    reject(where("activation"), "sigma_" + std::to_string(st.d) + " = 0 at the target degree |r| = " +
                                    std::to_string(st.d) + ": (A2) cannot hold, so no network is a gate and the claim is refused");
  unsigned __int128 v = 1;
  for (unsigned i = 0; i < claim.n; ++i) {
    v *= st.domain.values.size();
    if (v > (1u << 20)) reject(where("domain"), "more than 2^20 points");
  }
  st.points = static_cast<std::uint32_t>(v);
  st.s = static_cast<std::size_t>(std::min<std::uint64_t>(claim.m, st.points));
  if (claim.size != st.s) reject(where("size"), "size: expected min(m, |D|^n) = " + std::to_string(st.s));
  st.candidates = binomial(st.points, st.s);
  if (claim.candidates != st.candidates)
    reject(where("candidates"), "candidates: expected C(" + std::to_string(st.points) + ", " + std::to_string(st.s) + ") = " +
                      std::to_string(st.candidates));
  st.coords.resize(st.points);
  for (std::uint32_t x = 0; x < st.points; ++x) {
    std::vector<unsigned> c(claim.n);
    std::uint32_t y = x;
    for (unsigned i = claim.n; i-- > 0;) {
      c[i] = y % static_cast<std::uint32_t>(st.domain.values.size());
      y /= static_cast<std::uint32_t>(st.domain.values.size());
    }
    st.coords[x] = c;
  }
  // The group: every map a -> (c_1 a_pi(1), ..., c_n a_pi(n)), c_i in H.
  std::vector<long> multipliers{1};
  bool permute = true;
  if (claim.symmetry == "none") {
    permute = false;
  } else if (claim.symmetry == "permute") {
  } else if (claim.symmetry == "permute negate") {
    if (st.field.p) reject(where("symmetry"), "symmetry: negate is for rational domains (F_p uses scale)");
    for (const Q& a : st.domain.values) {
      Q neg;
      mpq_neg(neg.get(), a.get());
      if (st.domain.index_of(neg) == st.domain.values.size())
        reject(where("symmetry"), "symmetry: negate, but the domain is not closed under negation");
    }
    multipliers.push_back(-1);
  } else if (claim.symmetry == "permute scale") {
    if (!st.field.p) reject(where("symmetry"), "symmetry: scale needs a prime field");
    for (std::uint64_t c = 2; c < st.field.p; ++c) multipliers.push_back(static_cast<long>(c));
  } else {
    reject(where("symmetry"), "symmetry: unknown '" + claim.symmetry + "'");
  }
  std::vector<unsigned> pi(claim.n);
  for (unsigned i = 0; i < claim.n; ++i) pi[i] = i;
  std::vector<std::vector<unsigned>> perms;
  // Only permutations with r_pi(i) = r_i: the coefficient of x^r is then
  // preserved up to the unit prod c_i^r_i.
  do {
    bool keeps = true;
    for (unsigned i = 0; i < claim.n; ++i) keeps = keeps && st.r[pi[i]] == st.r[i];
    if (keeps) perms.push_back(pi);
  } while (permute && std::next_permutation(pi.begin(), pi.end()));
  std::uint64_t combos = 1;
  for (unsigned i = 0; i < claim.n; ++i) {
    combos *= multipliers.size();
    if (combos * perms.size() * st.points > 50'000'000ull) reject(where("symmetry"), "symmetry group table too large");
  }
  st.group = static_cast<std::size_t>(combos * perms.size());
  st.table.resize(st.group * st.points);
  std::size_t g = 0;
  for (const auto& perm : perms)
    for (std::uint64_t combo = 0; combo < combos; ++combo, ++g) {
      std::vector<long> c(claim.n);
      std::uint64_t rest = combo;
      for (unsigned i = 0; i < claim.n; ++i) {
        c[i] = multipliers[rest % multipliers.size()];
        rest /= multipliers.size();
      }
      for (std::uint32_t x = 0; x < st.points; ++x) {
        std::vector<std::size_t> img(claim.n);
        for (unsigned i = 0; i < claim.n; ++i) {
          const Q& a = st.domain.values[st.coords[x][perm[i]]];
          Q b = mul(a, Q(c[i]));
          if (st.field.p) {
            std::uint64_t r = 0;
            st.field.residue(b, r);
            b = Q(static_cast<long>(r));
          }
          img[i] = st.domain.index_of(b);
          if (img[i] == st.domain.values.size()) reject(where("symmetry"), "symmetry: a map leaves the domain");
        }
        st.table[g * st.points + x] = st.point_of(img);
      }
    }
  return st;
}

// ---------------------------------------------------------------- witnesses

struct Term {
  std::vector<unsigned> exponents;
  Q coefficient;
};

// "3*x1^2*x2" or "-1/2" -> term; degree must be imposed, each variable once.
Term parse_term(const std::string& text, const Setting& st, const std::string& where) {
  Term t;
  t.exponents.assign(st.n, 0);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t star = text.find('*', start);
    if (star == std::string::npos) star = text.size();
    parts.push_back(text.substr(start, star - start));
    if (star == text.size()) break;
    start = star + 1;
  }
  if (!parse_q(parts[0], t.coefficient)) reject(where, "bad coefficient '" + parts[0].substr(0, 40) + "'");
  std::vector<char> seen(st.n, 0);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    const std::string& f = parts[k];
    const std::size_t caret = f.find('^');
    std::uint64_t var = 0, e = 1;
    if (f.size() < 2 || f[0] != 'x' || !parse_u64(f.substr(1, caret == std::string::npos ? std::string::npos : caret - 1), var, 64) ||
        var < 1 || var > st.n)
      reject(where, "bad variable '" + f.substr(0, 40) + "'");
    if (caret != std::string::npos && (!parse_u64(f.substr(caret + 1), e, 64) || e < 1))
      reject(where, "bad exponent in '" + f.substr(0, 40) + "'");
    if (seen[var - 1]) reject(where, "variable x" + std::to_string(var) + " repeated in a monomial");
    seen[var - 1] = 1;
    t.exponents[var - 1] = static_cast<unsigned>(e);
  }
  unsigned degree = 0;
  for (unsigned e : t.exponents) degree += e;
  if (degree > st.d || !st.imposed[degree])
    reject(where, "monomial of degree " + std::to_string(degree) + " is not of an imposed degree (<= |r|)");
  if (st.field.is_zero(t.coefficient)) reject(where, "zero coefficient listed");
  if (st.field.p) {
    std::uint64_t r = 0;
    if (!st.field.residue(t.coefficient, r)) reject(where, "coefficient undefined mod p");
  }
  return t;
}

Q monomial_value(const std::vector<unsigned>& r, const std::vector<unsigned>& coords, const Domain& d) {
  Q v(1);
  for (std::size_t i = 0; i < r.size(); ++i)
    for (unsigned e = 0; e < r[i]; ++e) v = mul(v, d.values[coords[i]]);
  return v;
}

// All exponent vectors of total degree k in n variables.
void exponents_of_degree(unsigned n, unsigned k, std::vector<unsigned>& cur, unsigned i,
                         std::vector<std::vector<unsigned>>& out) {
  if (i + 1 == n) {
    cur[i] = k;
    out.push_back(cur);
    return;
  }
  for (unsigned e = 0; e <= k; ++e) {
    cur[i] = e;
    exponents_of_degree(n, k - e, cur, i + 1, out);
  }
}

// ---------------------------------------------------------------- the checker

struct Listed {
  std::string where;
  bool used = false;
};

struct SectionState {
  Claim claim;
  std::uint64_t shard_index = 0, shard_count = 0;
  std::string start;
};

class Checker {
 public:
  Checker(std::uint64_t max_candidates, unsigned threads) : max_candidates_(max_candidates), threads_(threads) {}

  void read(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open '" + file + "'");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read '" + file + "'");
    static const unsigned char kMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), kMagic, 4) == 0) bytes = decompress(bytes, file);
    std::uint64_t number = 0;
    std::size_t start = 0;
    while (start < bytes.size()) {
      std::size_t end = bytes.find('\n', start);
      if (end == std::string::npos) end = bytes.size();
      std::string line = bytes.substr(start, end - start);
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back({file + ":" + std::to_string(number), std::move(line)});
      start = end + 1;
    }
  }

  // The concatenated content of the zstd frames of a file.
  static std::string decompress(const std::string& bytes, const std::string& file) {
    ZSTD_DStream* ds = ZSTD_createDStream();
    if (!ds) throw std::runtime_error("out of memory for zstd");
    std::string text;
    std::vector<char> buf(ZSTD_DStreamOutSize());
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    std::size_t ret = 0;
    while (in.pos < in.size) {
      ZSTD_outBuffer out{buf.data(), buf.size(), 0};
      ret = ZSTD_decompressStream(ds, &out, &in);
      if (ZSTD_isError(ret)) {
        const std::string why = ZSTD_getErrorName(ret);
        ZSTD_freeDStream(ds);
        throw std::runtime_error(file + ": corrupt compressed data (zstd: " + why + ")");
      }
      text.append(buf.data(), out.pos);
    }
    // Flush what the decoder still holds.
    while (ret != 0) {
      ZSTD_outBuffer out{buf.data(), buf.size(), 0};
      ret = ZSTD_decompressStream(ds, &out, &in);
      if (ZSTD_isError(ret) || out.pos == 0) break;
      text.append(buf.data(), out.pos);
    }
    ZSTD_freeDStream(ds);
    if (ret != 0) throw std::runtime_error(file + ": truncated compressed block (the zstd stream ends inside a frame)");
    return text;
  }

  void check() {
    std::size_t i = 0;
    skip_blank(i);
    if (i == lines_.size()) reject("input", "no certificate sections");
    while (i < lines_.size()) {
      section(i);
      skip_blank(i);
    }
    verify_witnesses();
    // Shards: one claim, indices 1..N exactly once.
    const std::uint64_t count = sections_[0].shard_count;
    std::set<std::uint64_t> seen;
    for (const auto& s : sections_) {
      if (!(s.claim == sections_[0].claim)) reject(s.start, "this section's claim differs from the first section's");
      if (s.shard_count != count) reject(s.start, "shard count differs from the first section's");
      if (!seen.insert(s.shard_index).second) reject(s.start, "shard " + std::to_string(s.shard_index) + " appears twice");
    }
    if (seen.size() != count)
      reject("input", "shards cover " + std::to_string(seen.size()) + " of " + std::to_string(count) +
                          " parts: the case split is incomplete");
    enumerate();
  }

  void summary(std::ostream& out) const {
    const Claim& c = sections_[0].claim;
    std::string target;
    for (unsigned i = 0; i < c.n; ++i)
      if (c.target[i])
        target += (target.empty() ? "x" : "*x") + std::to_string(i + 1) +
                  (c.target[i] > 1 ? "^" + std::to_string(c.target[i]) : "");
    out << "c claim: n = " << c.n << ", m = " << c.m << ", input weights in " << c.domain_spec << ", activation "
        << c.activation << (c.target == std::vector<unsigned>(c.n, 1) ? std::string() : ", target " + target)
        << ", imposed degrees";
    for (unsigned k : c.degrees) out << ' ' << k;
    out << "\n"
        << "c case split: " << st_.points << " points, all " << st_.candidates << " sets of " << st_.s
        << " distinct points enumerated; symmetry " << c.symmetry << " (" << st_.group << " maps): " << representatives_
        << " orbit representatives, each listed once in " << sections_.size() << " section(s)\n"
        << "c witnesses verified: " << infeasible_ << " infeasible (polynomial Y, " << polynomials_
        << (restarts_ ? " dictionary entries" : " distinct") << "), " << feasible_ << " feasible (weights)\n";
    if (feasible_ == 0)
      out << "c conclusion: no set of at most " << c.m << " weight vectors in D^" << c.n
          << " admits output weights satisfying (A2)/(A3) for the imposed degrees\n";
    else
      out << "c conclusion: exactly " << feasible_ << " orbit representatives of the sets of " << st_.s
          << " distinct weight vectors admit output weights (verified); no other set of " << st_.s
          << " does, so every network with at most " << c.m
          << " neurons satisfying (A2)/(A3) has its weight vectors inside the orbit of one of them\n";
  }

 private:
  struct Line {
    std::string where, text;
  };

  static bool blank(const std::string& t) {
    return t.empty() || t[0] == '#' || t.find_first_not_of(" \t") == std::string::npos;
  }
  void skip_blank(std::size_t& i) const {
    while (i < lines_.size() && blank(lines_[i].text)) ++i;
  }

  // The value of header line `key` at lines_[i].
  std::string header(std::size_t& i, const std::string& key) {
    skip_blank(i);
    if (i >= lines_.size()) reject(lines_.back().where, "truncated: expected the '" + key + "' line");
    const Line& l = lines_[i++];
    if (l.text.compare(0, key.size() + 1, key + " ") != 0) reject(l.where, "expected '" + key + " ...'");
    header_at_[key] = l.where;
    return l.text.substr(key.size() + 1);
  }

  void section(std::size_t& i) {
    SectionState sec;
    sec.start = lines_[i].where;
    if (lines_[i].text != "noflat-proof 1" && lines_[i].text != "noflat-proof 2")
      reject(lines_[i].where, "expected the version line 'noflat-proof 1' or 'noflat-proof 2'");
    const bool v2 = lines_[i].text == "noflat-proof 2";
    ++i;
    std::uint64_t v = 0;
    if (!parse_u64(header(i, "n"), v, 16) || v < 1) reject(lines_[i - 1].where, "n: expected 1..16");
    sec.claim.n = static_cast<unsigned>(v);
    if (!parse_u64(header(i, "m"), sec.claim.m, std::uint64_t(1) << 40) || sec.claim.m < 1)
      reject(lines_[i - 1].where, "m: expected a positive integer");
    sec.claim.domain_spec = header(i, "domain");
    sec.claim.activation = header(i, "activation");
    sec.claim.target.assign(sec.claim.n, 1);
    header_at_["target"] = header_at_["activation"];
    skip_blank(i);
    if (i < lines_.size() && lines_[i].text.compare(0, 7, "target ") == 0)
      sec.claim.target = parse_target(header(i, "target"), sec.claim.n, header_at_["target"]);
    {
      std::istringstream ds(header(i, "degrees"));
      std::string tok;
      while (ds >> tok) {
        if (!parse_u64(tok, v, 64)) reject(lines_[i - 1].where, "degrees: expected integers");
        sec.claim.degrees.push_back(static_cast<unsigned>(v));
      }
    }
    sec.claim.symmetry = header(i, "symmetry");
    if (!parse_u64(header(i, "size"), sec.claim.size, UINT64_MAX)) reject(lines_[i - 1].where, "size: expected an integer");
    if (!parse_u64(header(i, "candidates"), sec.claim.candidates, UINT64_MAX))
      reject(lines_[i - 1].where, "candidates: expected an integer");
    {
      const std::string sh = header(i, "shard");
      const std::size_t slash = sh.find('/');
      if (slash == std::string::npos || !parse_u64(sh.substr(0, slash), sec.shard_index, 1u << 30) ||
          !parse_u64(sh.substr(slash + 1), sec.shard_count, 1u << 30) || sec.shard_index < 1 ||
          sec.shard_index > sec.shard_count)
        reject(lines_[i - 1].where, "shard: expected I/N with 1 <= I <= N");
    }
    std::uint64_t units = 0, unit = 0;  // format 2
    if (v2 && (!parse_u64(header(i, "units"), units, UINT64_MAX)))
      reject(lines_[i - 1].where, "units: expected a whole number");
    if (!shards_seen_.insert(sec.shard_index).second)
      reject(header_at_["shard"], "shard " + std::to_string(sec.shard_index) + " appears twice");
    if (sections_.empty()) {
      st_ = derive(sec.claim, header_at_);
      sections_.push_back(sec);
    } else {
      sections_.push_back(sec);  // compared with the first claim in check()
      if (!(sec.claim == sections_[0].claim)) reject(sec.start, "this section's claim differs from the first section's");
    }
    // Body.
    std::vector<std::size_t> polys(1);  // number -> index into store_; number 0 unused
    std::uint64_t orbits = 0, feasible = 0;
    std::vector<std::uint32_t> previous;   // format 2: the previous set of the unit
    while (true) {
      skip_blank(i);
      if (i >= lines_.size())
        reject(lines_.back().where, "truncated: the section starting at " + sec.start + " has no end line" +
                                        (v2 ? " (incomplete: " + std::to_string(unit) + " of " + std::to_string(units) +
                                                  " units begun)"
                                            : std::string()));
      const Line& l = lines_[i++];
      std::istringstream ls(l.text);
      std::string kind;
      ls >> kind;
      if (v2 && kind == "incomplete") {
        std::string a, b;
        ls >> a >> b;
        reject(l.where, "incomplete: " + a + " of " + b +
                            " units (an interrupted run; prove-minimal --resume completes it)");
      }
      if (v2 && kind == "u") {
        std::string a, extra;
        ls >> a;
        std::uint64_t k = 0;
        if (!parse_u64(a, k, UINT64_MAX) || (ls >> extra) || k != unit + 1 || k > units)
          reject(l.where, "u: expected unit " + std::to_string(unit + 1) + " of " + std::to_string(units));
        unit = k;
        previous.clear();
        continue;
      }
      if (v2 && kind == "d") {
        std::string extra;
        if (ls >> extra) reject(l.where, "d: unexpected text");
        polys.assign(1, {});
        ++restarts_;
        continue;
      }
      if (kind == "end") {
        if (v2 && unit != units)
          reject(l.where, "end: the section has " + std::to_string(unit) + " of its " + std::to_string(units) + " units");
        std::string a, b, extra;
        ls >> a >> b;
        std::uint64_t eo = 0, ef = 0;
        if (!parse_u64(a, eo, UINT64_MAX) || !parse_u64(b, ef, UINT64_MAX) || (ls >> extra))
          reject(l.where, "end: expected 'end ORBITS FEASIBLE'");
        if (eo != orbits || ef != feasible)
          reject(l.where, "end: the section lists " + std::to_string(orbits) + " representatives (" +
                              std::to_string(feasible) + " feasible), the end line says " + a + " (" + b + ")");
        return;
      }
      if (kind == "y") {
        std::string id_text, tok;
        ls >> id_text;
        std::uint64_t id = 0;
        if (!parse_u64(id_text, id, UINT64_MAX) || id != polys.size())
          reject(l.where, "y: expected polynomial number " + std::to_string(polys.size()));
        std::vector<Term> terms;
        std::set<std::vector<unsigned>> monos;
        bool product = false;
        while (ls >> tok) {
          terms.push_back(parse_term(tok, st_, l.where));
          if (!monos.insert(terms.back().exponents).second) reject(l.where, "y: a monomial appears twice");
          product = product || terms.back().exponents == st_.r;
        }
        if (terms.empty()) reject(l.where, "y: empty polynomial");
        if (!product) reject(l.where, "y " + id_text + ": the coefficient of " +
                                   (st_.r == std::vector<unsigned>(st_.n, 1) ? "x1...xn" : "the target x^r") + " is zero");
        polys.push_back(store_.size());
        store_.push_back(std::move(terms));
        ++polynomials_;
        continue;
      }
      if (kind != "i" && kind != "f") reject(l.where, "expected a 'y', 'i', 'f' or 'end' line");
      // Points up to ':'.
      std::vector<std::uint32_t> pts;
      std::string tok;
      if (v2) {
        if (unit == 0) reject(l.where, "expected a 'u' line before the first set");
        std::uint64_t shared = 0;
        if (!(ls >> tok) || !parse_u64(tok, shared, previous.size()))
          reject(l.where, "expected the number of points shared with the previous set (at most " +
                              std::to_string(previous.size()) + ")");
        pts.assign(previous.begin(), previous.begin() + static_cast<std::ptrdiff_t>(shared));
        while (ls >> tok && tok != ":") {
          std::uint64_t x = 0;
          if (!parse_u64(tok, x, st_.points - 1)) reject(l.where, "bad point number '" + tok.substr(0, 40) + "'");
          pts.push_back(static_cast<std::uint32_t>(x));
        }
      } else {
        while (ls >> tok && tok != ":") pts.push_back(parse_point(tok, l.where));
      }
      if (tok != ":") reject(l.where, "expected ':' after the points");
      if (pts.size() != st_.s) reject(l.where, "expected " + std::to_string(st_.s) + " points");
      for (std::size_t j = 1; j < pts.size(); ++j)
        if (pts[j] <= pts[j - 1]) reject(l.where, "points must be distinct and in ascending order");
      if (kind == "i") {
        std::string id_text, extra;
        ls >> id_text;
        std::uint64_t id = 0;
        if (!parse_u64(id_text, id, UINT64_MAX) || id == 0 || id >= polys.size())
          reject(l.where, "i: refers to an undefined polynomial '" + id_text + "'");
        if (ls >> extra) reject(l.where, "i: unexpected text after the polynomial number");
        // Y_id(x) = 0 for every point: queued once per (polynomial, point),
        // evaluated by verify_witnesses() on several threads.
        for (std::uint32_t x : pts)
          if (queued_.insert(std::uint64_t(polys[id]) * st_.points + x).second)
            jobs_.push_back(Job{polys[id], x, i - 1, id});
        ++infeasible_;
      } else {
        std::vector<Q> w;
        while (ls >> tok) {
          Q q;
          if (!parse_q(tok, q)) reject(l.where, "f: bad weight '" + tok.substr(0, 40) + "'");
          w.push_back(q);
        }
        if (w.size() != pts.size()) reject(l.where, "f: expected one weight per point");
        check_weights(pts, w, l.where);
        ++feasible_;
        ++feasible;
      }
      ++orbits;
      if (v2) previous = pts;
      if (!listed_.emplace(pts, Listed{l.where, false}).second)
        reject(l.where, "this set is listed twice (first at " + listed_.at(pts).where + ")");
    }
  }

  std::uint64_t section_number() const { return sections_.size(); }

  std::uint32_t parse_point(const std::string& tok, const std::string& where) const {
    if (tok.size() < 2 || tok.front() != '(' || tok.back() != ')') reject(where, "bad point '" + tok.substr(0, 40) + "'");
    std::vector<std::size_t> c;
    std::string body = tok.substr(1, tok.size() - 2);
    std::size_t start = 0;
    while (true) {
      std::size_t comma = body.find(',', start);
      if (comma == std::string::npos) comma = body.size();
      Q v;
      if (!parse_q(body.substr(start, comma - start), v)) reject(where, "bad coordinate in '" + tok.substr(0, 40) + "'");
      const std::size_t idx = st_.domain.index_of(v);
      if (idx == st_.domain.values.size()) reject(where, "coordinate " + v.str() + " is not in the domain");
      c.push_back(idx);
      if (comma == body.size()) break;
      start = comma + 1;
    }
    if (c.size() != st_.n) reject(where, "point '" + tok.substr(0, 40) + "' does not have n coordinates");
    return st_.point_of(c);
  }

  std::string point_text(std::uint32_t x) const {
    std::string out = "(";
    for (unsigned i = 0; i < st_.n; ++i) out += (i ? "," : "") + st_.domain.values[st_.coords[x][i]].str();
    return out + ")";
  }

  // sigma_k k!/s! sum_j w_j a_j^s = [s = r] for every imposed k <= |r|, |s| = k.
  void check_weights(const std::vector<std::uint32_t>& pts, const std::vector<Q>& w, const std::string& where) const {
    const std::vector<unsigned>& product = st_.r;
    for (unsigned k = 0; k <= st_.d; ++k) {
      if (!st_.imposed[k]) continue;
      std::vector<std::vector<unsigned>> rs;
      std::vector<unsigned> cur(st_.n, 0);
      exponents_of_degree(st_.n, k, cur, 0, rs);
      for (const auto& r : rs) {
        Q sum(0);
        for (std::size_t j = 0; j < pts.size(); ++j) sum = add(sum, mul(w[j], monomial_value(r, st_.coords[pts[j]], st_.domain)));
        // multinomial k!/r!
        mpz_t f, d;
        mpz_init(f);
        mpz_init(d);
        mpz_fac_ui(f, k);
        for (unsigned e : r) {
          mpz_fac_ui(d, e);
          mpz_divexact(f, f, d);
        }
        Q coef;
        mpq_set_z(coef.get(), f);
        mpz_clear(f);
        mpz_clear(d);
        coef = mul(coef, sum);
        const Sigma& sg = st_.sigma[k];
        const bool is_product = r == product;
        std::string mono;
        for (unsigned i = 0; i < st_.n; ++i)
          if (r[i]) mono += (mono.empty() ? "x" : "*x") + std::to_string(i + 1) + (r[i] > 1 ? "^" + std::to_string(r[i]) : "");
        if (mono.empty()) mono = "1";
        if (sg.kind == Sigma::Rational) coef = mul(coef, sg.value);
        // A symbolic sigma_k: the identity needs the coefficient to vanish
        // (k < n); a symbolic sigma_n is normalized to 1.
        const bool ok = is_product ? st_.field.is_one(coef) : st_.field.is_zero(coef);
        if (!ok)
          reject(where, std::string(is_product ? "(A2)" : (k == st_.d ? "(A2)" : "(A3)")) + ": the coefficient of " + mono +
                            " in sigma_" + std::to_string(k) + " sum_j w_j (a_j.x)^" + std::to_string(k) + " is " +
                            coef.str() + ", expected " + (is_product ? "1" : "0"));
      }
    }
  }

  // Y(x) = 0 for every queued (polynomial, point), exactly, on `threads_`
  // threads (GMP objects are only read in common).  When several fail, the
  // one queued first (the earliest line) is reported, whatever the threads.
  Q value_at(std::size_t poly, std::uint32_t x) const {
    Q value(0);
    for (const Term& t : store_[poly]) value = add(value, mul(t.coefficient, monomial_value(t.exponents, st_.coords[x], st_.domain)));
    return value;
  }
  void verify_witnesses() {
    std::atomic<std::size_t> next{0}, failed{SIZE_MAX};
    auto work = [&] {
      while (true) {
        const std::size_t j = next.fetch_add(1);
        if (j >= jobs_.size() || j > failed.load()) return;
        if (st_.field.is_zero(value_at(jobs_[j].poly, jobs_[j].x))) continue;
        std::size_t seen = failed.load();
        while (j < seen && !failed.compare_exchange_weak(seen, j)) {
        }
      }
    };
    const unsigned threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads_, jobs_.size() / 64)));
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    if (failed.load() != SIZE_MAX) {
      const Job& b = jobs_[failed.load()];
      reject(lines_[b.line].where, "polynomial " + std::to_string(b.id) + " does not vanish at point " + point_text(b.x) +
                                       " (value " + value_at(b.poly, b.x).str() + ")");
    }
  }

  // Every set of s distinct points, in lexicographic order; each one that is
  // the smallest of its orbit must be listed.  The sets are split by their
  // first two points into tasks that `threads_` threads take in turn; each
  // listed set is met by exactly one task, so the threads share the table of
  // listed sets read-only (each marks only the entries it meets).  When
  // representatives are missing, the first one in lexicographic order is
  // reported, whatever the number of threads.
  void enumerate() {
    if (st_.candidates > max_candidates_)
      reject("input", "the case split has " + std::to_string(st_.candidates) + " candidate sets, above --max-candidates " +
                          std::to_string(max_candidates_));
    const std::size_t s = st_.s;
    const std::uint32_t v = st_.points;
    const std::size_t depth = std::min<std::size_t>(s, 2);
    std::vector<std::vector<std::uint32_t>> tasks;
    {
      std::vector<std::uint32_t> c(depth);
      for (std::size_t j = 0; j < depth; ++j) c[j] = static_cast<std::uint32_t>(j);
      while (true) {
        tasks.push_back(c);
        std::size_t j = depth;
        while (j > 0 && c[j - 1] == v - s + j - 1) --j;
        if (j == 0) break;
        ++c[j - 1];
        for (std::size_t k = j; k < depth; ++k) c[k] = c[k - 1] + 1;
      }
    }
    struct Result {
      std::uint64_t visited = 0, representatives = 0;
      std::size_t missing_task = SIZE_MAX;
      std::vector<std::uint32_t> missing;
    };
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> first_missing{SIZE_MAX};
    auto work = [&](Result& out) {
      std::vector<std::uint32_t> c(s), img(s);
      while (true) {
        const std::size_t t = next.fetch_add(1);
        if (t >= tasks.size() || t > first_missing.load()) return;
        for (std::size_t j = 0; j < depth; ++j) c[j] = tasks[t][j];
        for (std::size_t j = depth; j < s; ++j) c[j] = c[j - 1] + 1;
        while (true) {
          ++out.visited;
          bool smallest = true;
          for (std::size_t g = 0; g < st_.group && smallest; ++g) {
            const std::uint32_t* tb = st_.table.data() + g * v;
            for (std::size_t j = 0; j < s; ++j) img[j] = tb[c[j]];
            std::sort(img.begin(), img.end());
            if (img < c) smallest = false;
          }
          if (smallest) {
            auto it = listed_.find(c);
            if (it == listed_.end()) {
              if (t < out.missing_task) {
                out.missing_task = t;
                out.missing = c;
              }
              std::size_t seen = first_missing.load();
              while (t < seen && !first_missing.compare_exchange_weak(seen, t)) {
              }
              break;
            }
            it->second.used = true;
            ++out.representatives;
          }
          // Next combination with the task's first points fixed.
          std::size_t j = s;
          while (j > depth && c[j - 1] == v - s + j - 1) --j;
          if (j == depth) break;
          ++c[j - 1];
          for (std::size_t k = j; k < s; ++k) c[k] = c[k - 1] + 1;
        }
      }
    };
    const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(threads_, tasks.size()));
    std::vector<Result> results(threads);
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k) pool.emplace_back(work, std::ref(results[k]));
    work(results[0]);
    for (auto& th : pool) th.join();
    std::uint64_t visited = 0;
    const Result* missing = nullptr;
    for (const Result& r : results) {
      visited += r.visited;
      representatives_ += r.representatives;
      if (r.missing_task != SIZE_MAX && (!missing || r.missing_task < missing->missing_task)) missing = &r;
    }
    if (missing) {
      std::string pts;
      for (std::uint32_t x : missing->missing) pts += (pts.empty() ? "" : " ") + point_text(x);
      reject("case split", "the orbit representative {" + pts + "} is missing from the certificate");
    }
    if (visited != st_.candidates) reject("case split", "enumeration count mismatch");
    for (const auto& [pts, l] : listed_)
      if (!l.used) reject(l.where, "this set is not the smallest of its orbit (not a representative of the case split)");
  }

  std::uint64_t max_candidates_;
  unsigned threads_ = 1;
  std::vector<Line> lines_;
  std::vector<SectionState> sections_;
  std::map<std::string, std::string> header_at_;
  std::set<std::uint64_t> shards_seen_;
  Setting st_;
  std::map<std::vector<std::uint32_t>, Listed> listed_;
  struct Job {
    std::size_t poly;   // index into store_
    std::uint32_t x;    // point
    std::size_t line;   // index into lines_ of the first set that needs it
    std::uint64_t id;   // the polynomial's number there
  };
  std::vector<std::vector<Term>> store_;  // every polynomial of every section
  std::vector<Job> jobs_;
  std::unordered_set<std::uint64_t> queued_;
  std::uint64_t representatives_ = 0, infeasible_ = 0, feasible_ = 0, polynomials_ = 0, restarts_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  std::uint64_t max_candidates = 2'000'000'000ull;
  std::uint64_t threads = 0;
  CLI::App app("check-proof", "check-proof");
  app.add_option("FILE", files)->expected(0, CLI::detail::expected_max_vector_size);
  std::string max_text, threads_text;
  app.add_option("--max-candidates", max_text)->expected(1)->allow_extra_args(false);
  app.add_option("--threads", threads_text)->expected(1)->allow_extra_args(false);
  try {
    const std::string help =
        "Usage: check-proof [--max-candidates N] [--threads T] FILE...\n"
        "Checks a prove-minimal certificate (several files: their concatenation) independently of the engine:\n"
        "prints 's VERIFIED' and exits 0, or 's NOT VERIFIED' with the failing step and exits 1.\n\n"
        "Options:\n"
        "  --max-candidates N  refuse claims with more than N candidate sets (default 2000000000)\n"
        "  -h, --help          print this help and exit\n"
        "  --version           print the version and the git revision and exit\n";
    if (checker_options::parse(app, "check-proof", help, {"--max-candidates", "--threads", "--help", "--version"}, argc, argv))
      return 0;
    if (!max_text.empty() && !parse_u64(max_text, max_candidates, UINT64_MAX))
      throw checker_options::UsageError("--max-candidates: expected a whole number, got '" + max_text + "'");
    if (!threads_text.empty() && !parse_u64(threads_text, threads, 4096))
      throw checker_options::UsageError("--threads: expected a whole number up to 4096, got '" + threads_text + "'");
    if (files.empty()) throw checker_options::UsageError("give a certificate file (see --help)");
  } catch (const checker_options::UsageError& e) {
    std::cerr << "check-proof: error: " << e.what() << '\n';
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  Checker checker(max_candidates, static_cast<unsigned>(threads));
  try {
    for (const auto& f : files) checker.read(f);
  } catch (const std::exception& e) {
    std::cerr << "check-proof: error: " << e.what() << '\n';
    return 2;
  }
  try {
    checker.check();
  } catch (const Reject& r) {
    std::cout << "c failing step: " << r.where << ": " << r.what << "\n"
              << "s NOT VERIFIED" << std::endl;
    return 1;
  } catch (const std::bad_alloc&) {
    std::cout << "c failing step: out of memory\ns NOT VERIFIED" << std::endl;
    return 1;
  }
  checker.summary(std::cout);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", secs);
  std::cout << "c time " << buf << " s\n"
            << "s VERIFIED" << std::endl;
  return 0;
}
