// A one-hidden-layer network f(x) = sum_j w_j sigma(sum_i a_ij x_i)   (A1)
// with n inputs, m hidden neurons, exact rational input weights a (n x m) and
// output weights w (m).  The activation is kept separately (activation.hpp).
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <vector>

namespace nf {

class Network {
 public:
  // Throws InputError unless a has n*m entries and w has m entries, n >= 1, m >= 1.
  Network(std::size_t n, std::size_t m, std::vector<mpq_class> a_row_major, std::vector<mpq_class> w);

  std::size_t inputs() const { return n_; }   // n
  std::size_t neurons() const { return m_; }  // m
  // a_ij: weight of input i (0-based) into neuron j (0-based).
  const mpq_class& a(std::size_t i, std::size_t j) const { return a_[i * m_ + j]; }
  const mpq_class& w(std::size_t j) const { return w_[j]; }
  const std::vector<mpq_class>& a_row_major() const { return a_; }
  const std::vector<mpq_class>& w_all() const { return w_; }

  bool operator==(const Network& o) const { return n_ == o.n_ && m_ == o.m_ && a_ == o.a_ && w_ == o.w_; }

 private:
  std::size_t n_, m_;
  std::vector<mpq_class> a_;
  std::vector<mpq_class> w_;
};

}  // namespace nf
