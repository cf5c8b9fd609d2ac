// The target monomial x^r = x_1^r_1 ... x_n^r_n a network must reproduce.
// The product gate x_1...x_n is r = (1,...,1).  Its degree |r| plays the role
// of n in (A2)/(A3): the degree-|r| part must equal x^r, lower degrees vanish.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace nf {

using Exponents = std::vector<unsigned>;

struct Target {
  Exponents r;
  static Target product(std::size_t n) { return Target{Exponents(n, 1)}; }
  unsigned degree() const;
  bool is_product() const;
};

// "x1^2*x3" style, "1" for the zero vector.
std::string format_monomial(const Exponents& r);

// Parses "x1^2*x3" (n variables) or "2,0,1"; throws InputError.
Target parse_target(const std::string& text, std::size_t n);

}  // namespace nf
