// verify-product: the paper's 2^n-neuron product gate (A4), checked exactly.
#include <iostream>

#include "cli/tool_mains.hpp"

int main(int argc, char** argv) {
  return nf::run_tool("verify-product", [&] { return nf::verify_product_main(nf::arguments(argc, argv), std::cout); });
}
