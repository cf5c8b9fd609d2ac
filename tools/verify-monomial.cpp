// verify-monomial: the prod_i (r_i + 1)-neuron gate for a monomial x^r,
// checked exactly, with the rank of the generalized matrix A.
#include <iostream>

#include "cli/tool_mains.hpp"

int main(int argc, char** argv) {
  return nf::run_tool("verify-monomial", [&] { return nf::verify_monomial_main(nf::arguments(argc, argv), std::cout); });
}
