#include "model/integer_network.hpp"

#include "core/rational.hpp"

namespace nf {

IntegerNetwork integerize(const Network& net) {
  IntegerNetwork out;
  out.n = net.inputs();
  out.m = net.neurons();
  out.A.resize(out.n * out.m);
  out.row_den.resize(out.n);
  for (std::size_t i = 0; i < out.n; ++i) {
    mpz_class d = 1;
    for (std::size_t j = 0; j < out.m; ++j) mpz_lcm(d.get_mpz_t(), d.get_mpz_t(), net.a(i, j).get_den_mpz_t());
    out.row_den[i] = d;
    for (std::size_t j = 0; j < out.m; ++j)
      out.A[i * out.m + j] = net.a(i, j).get_num() * (d / net.a(i, j).get_den());
  }
  out.w_den = common_denominator(net.w_all());
  out.W.resize(out.m);
  for (std::size_t j = 0; j < out.m; ++j) out.W[j] = net.w(j).get_num() * (out.w_den / net.w(j).get_den());
  return out;
}

}  // namespace nf
