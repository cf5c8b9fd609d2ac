// Small helpers of the numeric module: logarithms of exact rationals and
// number formatting for tables, CSV and JSON.
#pragma once

#include <gmpxx.h>

#include <string>

namespace nf {

// log2 |q| for q != 0, accurate to about 1e-15 relative, for any size of q
// (no overflow to infinity for huge numerators or denominators).
double log2_abs(const mpq_class& q);

// printf "%.*g" and "%.*f".
std::string format_double(double v, int digits);
std::string format_fixed(double v, int digits);

// A CSV field, quoted when it holds a comma or a quote.
std::string csv_field(const std::string& s);

}  // namespace nf
