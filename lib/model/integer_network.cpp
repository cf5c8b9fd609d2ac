#include "model/integer_network.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

namespace {

std::vector<std::uint32_t> coded_residues(const CodedRow& row, const std::vector<mpz_class>& values, std::uint32_t p) {
  std::vector<std::uint32_t> dict(values.size());
  for (std::size_t t = 0; t < values.size(); ++t)
    dict[t] = static_cast<std::uint32_t>(mpz_fdiv_ui(values[t].get_mpz_t(), p));
  std::vector<std::uint32_t> out(row.size());
  for (std::size_t j = 0; j < row.size(); ++j) out[j] = dict[row.code(j)];
  return out;
}

// The bytes of `values` once multiplied up to the common denominator `den`.
double cleared_bytes(const std::vector<mpq_class>& values, const mpz_class& den) {
  double bytes = 0;
  const double den_bits = static_cast<double>(mpz_sizeinbase(den.get_mpz_t(), 2));
  for (const mpq_class& v : values)
    bytes += (static_cast<double>(mpz_sizeinbase(v.get_num_mpz_t(), 2)) + den_bits) / 8.0 + 16.0;
  return bytes;
}

}  // namespace

IntegerNetwork integerize(const Network& net, std::uint64_t max_bytes) {
  IntegerNetwork out;
  out.net = &net;
  out.n = net.inputs();
  out.m = net.neurons();
  out.row_values.resize(out.n);
  out.row_den.resize(out.n);
  for (std::size_t i = 0; i < out.n; ++i) out.row_den[i] = common_denominator(net.row(i).dictionary());
  out.w_den = common_denominator(net.w_row().dictionary());
  double bytes = cleared_bytes(net.w_row().dictionary(), out.w_den);
  std::size_t den_bits = mpz_sizeinbase(out.w_den.get_mpz_t(), 2);
  for (std::size_t i = 0; i < out.n; ++i) {
    bytes += cleared_bytes(net.row(i).dictionary(), out.row_den[i]);
    den_bits = std::max(den_bits, mpz_sizeinbase(out.row_den[i].get_mpz_t(), 2));
  }
  if (bytes > static_cast<double>(max_bytes))
    throw LimitError("clearing the denominators of the weights (common denominators of up to " +
                     std::to_string(den_bits) + " bits) needs about " + format_mebibytes(bytes) + ", above the limit " +
                     format_mebibytes(static_cast<double>(max_bytes)) + " (raise it with --max-memory)");
  for (std::size_t i = 0; i < out.n; ++i) {
    const mpz_class& d = out.row_den[i];
    for (const mpq_class& v : net.row(i).dictionary()) out.row_values[i].push_back(v.get_num() * (d / v.get_den()));
  }
  for (const mpq_class& v : net.w_row().dictionary()) out.w_values.push_back(v.get_num() * (out.w_den / v.get_den()));
  return out;
}

mpz_class IntegerNetwork::row_max_abs(std::size_t i) const {
  mpz_class best = 0;
  for (const mpz_class& v : row_values[i])
    if (abs(v) > best) best = abs(v);
  return best;
}

mpz_class IntegerNetwork::sum_abs_w() const {
  std::vector<std::uint64_t> count(w_values.size(), 0);
  for (std::size_t j = 0; j < m; ++j) ++count[net->w_row().code(j)];
  mpz_class s = 0;
  for (std::size_t t = 0; t < w_values.size(); ++t) s += abs(w_values[t]) * mpz_class(static_cast<unsigned long>(count[t]));
  return s;
}

std::vector<std::uint32_t> IntegerNetwork::row_residues(std::size_t i, std::uint32_t p) const {
  return coded_residues(net->row(i), row_values[i], p);
}

std::vector<std::uint32_t> IntegerNetwork::w_residues(std::uint32_t p) const {
  return coded_residues(net->w_row(), w_values, p);
}

}  // namespace nf
