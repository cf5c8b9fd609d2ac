// RAII wrappers over the FLINT C types the engine uses.  Each wrapper inits in
// its constructor, clears in a noexcept destructor, moves by init + swap, and
// exposes the raw object through get().  Polynomials keep their context alive
// through a shared_ptr.
#pragma once

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpq_mpoly.h>
#include <flint/fmpz.h>
#include <flint/fmpz_mat.h>
#include <flint/fmpz_vec.h>
#include <flint/nmod_mat.h>
#include <gmpxx.h>

#include <memory>
#include <utility>

namespace nf {

class Fmpz {
 public:
  Fmpz() { fmpz_init(v_); }
  explicit Fmpz(const mpz_class& z) { fmpz_init(v_); fmpz_set_mpz(v_, z.get_mpz_t()); }
  Fmpz(const Fmpz& o) { fmpz_init_set(v_, o.v_); }
  Fmpz(Fmpz&& o) noexcept { fmpz_init(v_); fmpz_swap(v_, o.v_); }
  Fmpz& operator=(Fmpz o) noexcept { fmpz_swap(v_, o.v_); return *this; }
  ~Fmpz() { fmpz_clear(v_); }
  fmpz* get() { return v_; }
  const fmpz* get() const { return v_; }
  mpz_class to_mpz() const { mpz_class z; fmpz_get_mpz(z.get_mpz_t(), v_); return z; }

 private:
  fmpz_t v_;
};

// A contiguous vector of FLINT integers (for _fmpz_vec_* routines).
class FmpzVec {
 public:
  explicit FmpzVec(slong len) : len_(len), v_(_fmpz_vec_init(len)) {}
  FmpzVec(const FmpzVec&) = delete;
  FmpzVec& operator=(const FmpzVec&) = delete;
  FmpzVec(FmpzVec&& o) noexcept : len_(o.len_), v_(o.v_) { o.v_ = nullptr; o.len_ = 0; }
  ~FmpzVec() { if (v_) _fmpz_vec_clear(v_, len_); }
  fmpz* get() { return v_; }
  const fmpz* get() const { return v_; }
  fmpz* operator[](slong i) { return v_ + i; }
  const fmpz* operator[](slong i) const { return v_ + i; }
  slong size() const { return len_; }

 private:
  slong len_;
  fmpz* v_;
};

class Fmpq {
 public:
  Fmpq() { fmpq_init(v_); }
  explicit Fmpq(const mpq_class& q) { fmpq_init(v_); fmpq_set_mpq(v_, q.get_mpq_t()); }
  Fmpq(const Fmpq&) = delete;
  Fmpq& operator=(const Fmpq&) = delete;
  ~Fmpq() { fmpq_clear(v_); }
  fmpq* get() { return v_; }
  const fmpq* get() const { return v_; }
  mpq_class to_mpq() const { mpq_class q; fmpq_get_mpq(q.get_mpq_t(), v_); return q; }

 private:
  fmpq_t v_;
};

class FmpzMat {
 public:
  FmpzMat(slong rows, slong cols) { fmpz_mat_init(m_, rows, cols); }
  FmpzMat(const FmpzMat&) = delete;
  FmpzMat& operator=(const FmpzMat&) = delete;
  FmpzMat(FmpzMat&& o) noexcept { fmpz_mat_init(m_, 0, 0); fmpz_mat_swap(m_, o.m_); }
  ~FmpzMat() { fmpz_mat_clear(m_); }
  fmpz_mat_struct* get() { return m_; }
  const fmpz_mat_struct* get() const { return m_; }
  slong rows() const { return fmpz_mat_nrows(m_); }
  slong cols() const { return fmpz_mat_ncols(m_); }
  fmpz* entry(slong i, slong j) { return fmpz_mat_entry(m_, i, j); }
  const fmpz* entry(slong i, slong j) const { return fmpz_mat_entry(m_, i, j); }

 private:
  fmpz_mat_t m_;
};

// A matrix over Z/nZ, n < 2^64 (FLINT nmod_mat).  at(i, j) is the entry, to
// be kept in [0, n) by the caller.
class NmodMat {
 public:
  NmodMat(slong rows, slong cols, mp_limb_t modulus) { nmod_mat_init(m_, rows, cols, modulus); }
  NmodMat(const NmodMat&) = delete;
  NmodMat& operator=(const NmodMat&) = delete;
  NmodMat(NmodMat&& o) noexcept { nmod_mat_init(m_, 0, 0, o.m_->mod.n); nmod_mat_swap(m_, o.m_); }
  ~NmodMat() { nmod_mat_clear(m_); }
  nmod_mat_struct* get() { return m_; }
  const nmod_mat_struct* get() const { return m_; }
  slong rows() const { return nmod_mat_nrows(m_); }
  slong cols() const { return nmod_mat_ncols(m_); }
  mp_limb_t& at(slong i, slong j) { return nmod_mat_entry(m_, i, j); }
  mp_limb_t at(slong i, slong j) const { return nmod_mat_entry(m_, i, j); }

 private:
  nmod_mat_t m_;
};

// A matrix over Q (FLINT fmpq_mat), every entry 0 after construction.
class FmpqMat {
 public:
  FmpqMat(slong rows, slong cols) { fmpq_mat_init(m_, rows, cols); }
  FmpqMat(const FmpqMat&) = delete;
  FmpqMat& operator=(const FmpqMat&) = delete;
  FmpqMat(FmpqMat&& o) noexcept { fmpq_mat_init(m_, 0, 0); fmpq_mat_swap(m_, o.m_); }
  ~FmpqMat() { fmpq_mat_clear(m_); }
  fmpq_mat_struct* get() { return m_; }
  const fmpq_mat_struct* get() const { return m_; }
  slong rows() const { return fmpq_mat_nrows(m_); }
  slong cols() const { return fmpq_mat_ncols(m_); }
  fmpq* entry(slong i, slong j) { return fmpq_mat_entry(m_, i, j); }
  const fmpq* entry(slong i, slong j) const { return fmpq_mat_entry(m_, i, j); }
  // Entry (i, j) as a GMP rational.
  mpq_class at(slong i, slong j) const {
    mpq_class q;
    fmpq_get_mpq(q.get_mpq_t(), fmpq_mat_entry(m_, i, j));
    return q;
  }

 private:
  fmpq_mat_t m_;
};

class FlintRand {
 public:
  FlintRand() { flint_randinit(s_); }
  FlintRand(const FlintRand&) = delete;
  FlintRand& operator=(const FlintRand&) = delete;
  ~FlintRand() { flint_randclear(s_); }
  flint_rand_s* get() { return s_; }

 private:
  flint_rand_t s_;
};

// A multivariate polynomial ring Q[x_1..x_n] (degree-lex ordering).
class FmpqMpolyCtx {
 public:
  explicit FmpqMpolyCtx(slong nvars) { fmpq_mpoly_ctx_init(c_, nvars, ORD_DEGLEX); }
  FmpqMpolyCtx(const FmpqMpolyCtx&) = delete;
  FmpqMpolyCtx& operator=(const FmpqMpolyCtx&) = delete;
  ~FmpqMpolyCtx() { fmpq_mpoly_ctx_clear(c_); }
  fmpq_mpoly_ctx_struct* get() { return c_; }
  const fmpq_mpoly_ctx_struct* get() const { return c_; }

 private:
  fmpq_mpoly_ctx_t c_;
};

class FmpqMpoly {
 public:
  explicit FmpqMpoly(std::shared_ptr<FmpqMpolyCtx> ctx) : ctx_(std::move(ctx)) {
    fmpq_mpoly_init(p_, ctx_->get());
  }
  FmpqMpoly(const FmpqMpoly& o) : ctx_(o.ctx_) {
    fmpq_mpoly_init(p_, ctx_->get());
    fmpq_mpoly_set(p_, o.p_, ctx_->get());
  }
  FmpqMpoly(FmpqMpoly&& o) noexcept : ctx_(o.ctx_) {
    fmpq_mpoly_init(p_, ctx_->get());
    fmpq_mpoly_swap(p_, o.p_, ctx_->get());
  }
  FmpqMpoly& operator=(const FmpqMpoly&) = delete;
  ~FmpqMpoly() { fmpq_mpoly_clear(p_, ctx_->get()); }
  fmpq_mpoly_struct* get() { return p_; }
  const fmpq_mpoly_struct* get() const { return p_; }
  const fmpq_mpoly_ctx_struct* ctx() const { return ctx_->get(); }

 private:
  std::shared_ptr<FmpqMpolyCtx> ctx_;
  fmpq_mpoly_t p_;
};

}  // namespace nf
