// Log-log plots of finite-scale errors through gnuplot.
//
// The script is self-contained (the data are inline blocks), so it can be kept
// next to the PNG and rerun by hand: `gnuplot error.gp`.
#pragma once

#include <string>
#include <vector>

#include "numeric/gate_evaluation.hpp"

namespace nf {

// One curve per sweep (certified error, solid, with points; unresolved rows
// are left out), the same sweep in
// double precision (dashed, same colour), and the reference slope lambda^2
// through the smallest certified error of the first sweep (dotted).
std::string error_plot_script(const std::vector<SweepResult>& sweeps, const std::string& png_path,
                              const std::string& title);

// Runs `gnuplot` on the script.  Throws InputError if gnuplot cannot be
// started or fails (its status is in the message).
void run_gnuplot(const std::string& script, const std::string& script_path);

}  // namespace nf
