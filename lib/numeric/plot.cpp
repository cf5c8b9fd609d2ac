#include "numeric/plot.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "numeric/numeric_util.hpp"

namespace nf {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace

std::string error_plot_script(const std::vector<SweepResult>& sweeps, const std::string& png_path,
                              const std::string& title) {
  std::ostringstream o;
  o << "# error of the finite-scale product gate against lambda (log-log)\n";
  o << "set terminal pngcairo size 1000,700 enhanced font \"sans,11\"\n";
  o << "set output " << quoted(png_path) << "\n";
  o << "set title " << quoted(title) << "\n";
  o << "set logscale xy\nset format x \"10^{%L}\"\nset format y \"10^{%L}\"\n";
  o << "set xlabel \"{/Symbol l}\"\nset ylabel \"max |f_{/Symbol l}(x) - x_1...x_n| over the points\"\n";
  o << "set key left top\nset grid\n";
  double ref_l = 0, ref_e = 0;
  for (std::size_t s = 0; s < sweeps.size(); ++s) {
    o << "$d" << s << " << EOD\n";
    for (const SweepRow& r : sweeps[s].rows) {
      const double e = r.max_error.mid_double();
      const double ed = r.max_error_double > 0 ? r.max_error_double : NAN;
      o << format_double(r.lambda.get_d(), 17) << ' ' << (e > 0 && r.tight ? format_double(e, 17) : "NaN") << ' '
        << (std::isfinite(ed) ? format_double(ed, 17) : "NaN") << '\n';
      if (s == 0 && e > 0 && r.tight && (ref_l == 0 || r.lambda.get_d() < ref_l)) {
        ref_l = r.lambda.get_d();
        ref_e = e;
      }
    }
    o << "EOD\n";
  }
  o << "plot ";
  for (std::size_t s = 0; s < sweeps.size(); ++s) {
    const std::string name = sweeps[s].activation;
    o << (s ? ", \\\n     " : "") << "$d" << s << " using 1:2 with linespoints lw 2 pt 7 lc " << s + 1
      << " title " << quoted(name + " (certified)") << ", \\\n     $d" << s
      << " using 1:3 with lines dt 2 lw 1.5 lc " << s + 1 << " title " << quoted(name + " (double)");
  }
  if (ref_l > 0)
    o << ", \\\n     " << format_double(0.1 * ref_e / (ref_l * ref_l), 17)
      << "*x**2 with lines dt 3 lw 1.5 lc rgb \"black\" title " << quoted("slope 2: {/Symbol l}^2 (shifted down 10x)");
  o << "\n";
  return o.str();
}

void run_gnuplot(const std::string& script, const std::string& script_path) {
  {
    std::ofstream f(script_path);
    if (!f) throw InputError("cannot write " + script_path);
    f << script;
    if (!f) throw InputError("cannot write " + script_path);
  }
  const std::string cmd = "gnuplot " + shell_quoted(script_path) + " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  if (status != 0)
    throw InputError("gnuplot failed on " + script_path + " (status " + std::to_string(status) +
                     "; is gnuplot-nox installed?)");
}

}  // namespace nf
