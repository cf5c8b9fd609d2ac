#include "model/network.hpp"

#include <string>

#include "core/error.hpp"

namespace nf {

Network::Network(std::size_t n, std::size_t m, std::vector<mpq_class> a, std::vector<mpq_class> w)
    : n_(n), m_(m), a_(std::move(a)), w_(std::move(w)) {
  if (n_ == 0) throw InputError("a network needs at least one input (n >= 1)");
  if (m_ == 0) throw InputError("a network needs at least one neuron (m >= 1)");
  if (a_.size() != n_ * m_)
    throw InputError("input weights: expected " + std::to_string(n_ * m_) + " entries, got " +
                     std::to_string(a_.size()));
  if (w_.size() != m_)
    throw InputError("output weights: expected " + std::to_string(m_) + " entries, got " +
                     std::to_string(w_.size()));
}

}  // namespace nf
