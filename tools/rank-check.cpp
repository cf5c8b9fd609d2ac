// rank-check: is the network in FILE an exact gate for the product (or for a
// monomial x^r given by --target), and what rank does its matrix A (A7) have?
#include <iostream>

#include "cli/tool_mains.hpp"

int main(int argc, char** argv) {
  return nf::run_tool("rank-check", [&] { return nf::rank_check_main(nf::arguments(argc, argv), std::cout); });
}
