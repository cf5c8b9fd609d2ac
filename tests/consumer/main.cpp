// Uses the installed engine: verifies the paper's gate (A4) for n = 3 and
// prints the verdict and the rank; exits 0 only if both are as the paper says.
#include <noflat/noflat.hpp>

#include <iostream>

int main() {
  const nf::Network net = nf::canonical_product_gate(3, nf::Activation::generic());
  const nf::VerificationReport rep =
      nf::verify_network(net, nf::Activation::generic(), nf::Target::product(3), nf::VerifyOptions{});
  std::cout << "verdict " << nf::to_string(rep.verdict) << ", rank " << rep.rank->rank << '\n';
  return rep.verdict == nf::Verdict::Verified && rep.rank->rank == 8 ? 0 : 1;
}
