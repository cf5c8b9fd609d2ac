// A one-hidden-layer network
//
//   f(x) = c + sum_j w_j sigma(a_j . x + b_j)                       (A1, with biases)
//
// with n inputs, m hidden neurons, exact rational input weights a (n x m),
// hidden biases b (m), output weights w (m) and output bias c; b and c are 0
// unless given (the paper's (A1) has none).  The activation is kept
// separately (activation.hpp).
//
// Storage.  Each row of a, and w, is a CodedRow: its distinct values once,
// and one code per neuron (1, 8, 16 or 32 bits, the least that fits).  The
// paper's gate (A4) at n = 24 (16.7 million neurons, 400 million weights)
// then takes about 50 MB instead of 400 million mpq_class objects.  The
// row-major vectors a_row_major() and w_all() are built on first use and
// kept for the network's lifetime.
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace nf {

// m rationals stored as a dictionary of distinct values plus one code per entry.
class CodedRow {
 public:
  CodedRow() = default;
  // Dictionary-encodes `values` (first occurrence order).  O(m) expected.
  explicit CodedRow(const std::vector<mpq_class>& values);
  CodedRow(std::vector<mpq_class>::const_iterator first, std::size_t count);
  // The same, moving the distinct values out of [first, first + count) (the
  // range is left valid but unspecified).
  static CodedRow taking(std::vector<mpq_class>::iterator first, std::size_t count);
  // Entry j is dictionary[code(j)]; code(j) < dictionary.size() for every j.
  // Throws InputError if a code is out of range or the dictionary holds a
  // value twice.
  template <class CodeOf>
  static CodedRow from_codes(std::vector<mpq_class> dictionary, std::size_t size, CodeOf code_of) {
    CodedRow row;
    row.init(std::move(dictionary), size);
    for (std::size_t j = 0; j < size; ++j) row.set_code(j, static_cast<std::uint32_t>(code_of(j)));
    row.check_codes();
    return row;
  }

  std::size_t size() const { return size_; }
  // The distinct values (every one occurs at least once when built from values).
  const std::vector<mpq_class>& dictionary() const { return dict_; }
  std::uint32_t code(std::size_t j) const {
    switch (width_) {
      case 1: return static_cast<std::uint32_t>((bits_[j >> 6] >> (j & 63)) & 1u);
      case 8: return bytes_[j];
      case 16: return shorts_[j];
      default: return words_[j];
    }
  }
  const mpq_class& operator[](std::size_t j) const { return dict_[code(j)]; }
  unsigned code_bits() const { return width_; }
  // Bytes used by the codes and the dictionary (estimate).
  std::uint64_t bytes() const;
  bool operator==(const CodedRow& o) const;

 private:
  template <class Entry, class Keep>
  void build(Entry entry, std::size_t count, Keep keep);
  void init(std::vector<mpq_class> dictionary, std::size_t size);
  void set_code(std::size_t j, std::uint32_t c);
  void check_codes() const;

  std::size_t size_ = 0;
  unsigned width_ = 1;
  std::vector<mpq_class> dict_;
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint8_t> bytes_;
  std::vector<std::uint16_t> shorts_;
  std::vector<std::uint32_t> words_;
};

class Network {
 public:
  // Throws InputError unless a has n*m entries, w has m entries, b has m
  // entries or none (all zero), n >= 1, m >= 1.
  Network(std::size_t n, std::size_t m, std::vector<mpq_class> a_row_major, std::vector<mpq_class> w,
          std::vector<mpq_class> b = {}, mpq_class c = 0);
  // The compact form: n coded rows of length m, coded output weights and
  // coded biases (an empty row: all zero).  Throws InputError on mismatched
  // sizes, n = 0 or m = 0.
  Network(std::size_t n, std::size_t m, std::vector<CodedRow> rows, CodedRow w, CodedRow b = CodedRow(),
          mpq_class c = 0);

  std::size_t inputs() const { return n_; }   // n
  std::size_t neurons() const { return m_; }  // m
  // a_ij: weight of input i (0-based) into neuron j (0-based).
  const mpq_class& a(std::size_t i, std::size_t j) const { return rows_[i][j]; }
  const mpq_class& w(std::size_t j) const { return w_[j]; }
  // The hidden bias b_j and the output bias c.
  const mpq_class& b(std::size_t j) const { return b_[j]; }
  const mpq_class& c() const { return c_; }
  // Some b_j or c is nonzero.
  bool has_biases() const;
  // Row i of a, w and b in coded form (no copy).
  const CodedRow& row(std::size_t i) const { return rows_[i]; }
  const CodedRow& w_row() const { return w_; }
  const CodedRow& b_row() const { return b_; }
  // The n*m weights a_ij at index i*m + j, and the m output weights; built on
  // first call (thread-safe) and kept.
  const std::vector<mpq_class>& a_row_major() const;
  const std::vector<mpq_class>& w_all() const;
  // Bytes held by the coded rows (not counting the vectors above).
  std::uint64_t storage_bytes() const;

  bool operator==(const Network& o) const {
    return n_ == o.n_ && m_ == o.m_ && rows_ == o.rows_ && w_ == o.w_ && b_ == o.b_ && c_ == o.c_;
  }

 private:
  struct Expanded {
    std::once_flag a_once, w_once;
    std::vector<mpq_class> a, w;
  };
  void check_shape() const;
  void init_biases(CodedRow b);

  std::size_t n_, m_;
  std::vector<CodedRow> rows_;
  CodedRow w_;
  CodedRow b_;
  mpq_class c_;
  std::shared_ptr<Expanded> expanded_;
};

}  // namespace nf
