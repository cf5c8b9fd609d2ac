// evaluate-gate: a product gate at a finite scale lambda with real activations.
#include <iostream>

#include "cli/tool_mains.hpp"

int main(int argc, char** argv) {
  return nf::run_tool("evaluate-gate", [&] { return nf::evaluate_gate_main(nf::arguments(argc, argv), std::cout); });
}
