// certify-approx: the certified worst-case error of a real network against x^r on a box.
#include <iostream>

#include "cli/tool_mains.hpp"

int main(int argc, char** argv) {
  return nf::run_tool("certify-approx", [&] { return nf::certify_approx_main(nf::arguments(argc, argv), std::cout); });
}
