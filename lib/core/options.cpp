#include "core/options.hpp"

#include "core/blas_threads.hpp"
#include "core/cancel.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <new>
#include <sstream>
#include <thread>

#include "noflat_version.h"

namespace nf {

std::string lower_ascii(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// ---------------------------------------------------------------- value parsers

namespace {

std::uint64_t parse_whole(const std::string& option, const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  bool digits = !text.empty() && text.size() <= 19;
  for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits)
    throw InputError(option + ": expected a whole number in " + std::to_string(lo) + ".." + std::to_string(hi) +
                     ", got '" + text + "'");
  const std::uint64_t v = std::stoull(text);
  if (v < lo || v > hi)
    throw InputError(option + ": " + text + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

}  // namespace

ValueParser count_value(std::uint64_t& target, std::uint64_t lo, std::uint64_t hi) {
  return [&target, lo, hi](const std::string& option, const std::string& text) {
    target = parse_whole(option, text, lo, hi);
  };
}

ValueParser unsigned_value(unsigned& target, unsigned lo, unsigned hi) {
  return [&target, lo, hi](const std::string& option, const std::string& text) {
    target = static_cast<unsigned>(parse_whole(option, text, lo, hi));
  };
}

ValueParser bytes_value(std::uint64_t& target) {
  return [&target](const std::string& option, const std::string& text) {
    std::string digits = text;
    std::uint64_t scale = 1;
    if (!digits.empty()) {
      switch (std::toupper(static_cast<unsigned char>(digits.back()))) {
        case 'K': scale = 1ull << 10; break;
        case 'M': scale = 1ull << 20; break;
        case 'G': scale = 1ull << 30; break;
        case 'T': scale = 1ull << 40; break;
        default: break;
      }
      if (scale != 1) digits.pop_back();
    }
    target = parse_whole(option, digits, 1, (1ull << 50) / scale) * scale;
  };
}

ValueParser positive_real_value(double& target) {
  return [&target](const std::string& option, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v > 0) || v > 1e300)
      throw InputError(option + ": expected a positive number, got '" + text + "'");
    target = v;
  };
}

ValueParser text_value(std::string& target) {
  return [&target](const std::string&, const std::string& text) { target = text; };
}

ValueParser optional_text_value(std::optional<std::string>& target) {
  return [&target](const std::string&, const std::string& text) { target = text; };
}

ValueParser append_value(std::vector<std::string>& target) {
  return [&target](const std::string&, const std::string& text) { target.push_back(text); };
}

ValueParser comma_list_value(std::vector<std::string>& target) {
  return [&target](const std::string&, const std::string& text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      target.push_back(text.substr(start, comma - start));
      start = comma + 1;
    }
  };
}

// ---------------------------------------------------------------- option kinds

namespace {

// The long name of "-h,--help" (the last name), for messages.
std::string display_name(const std::string& names) {
  const std::size_t comma = names.rfind(',');
  return comma == std::string::npos ? names : names.substr(comma + 1);
}

Option make(const std::string& names, const std::string& value_name, const std::string& help, ValueParser parse,
            bool repeat, bool required) {
  const std::string shown = display_name(names);
  Option o;
  o.names = names;
  o.value_name = value_name;
  o.help = help;
  o.repeatable = repeat;
  o.required = required;
  if (parse) o.set = [parse = std::move(parse), shown](const std::string& text) { parse(shown, text); };
  return o;
}

}  // namespace

Option flag(const std::string& names, const std::string& help, bool& target) {
  Option o = make(names, "", help, nullptr, true, false);
  o.set = [&target](const std::string&) { target = true; };
  return o;
}

Option option(const std::string& names, const std::string& value_name, const std::string& help, ValueParser parse) {
  return make(names, value_name, help, std::move(parse), false, false);
}

Option repeatable(const std::string& names, const std::string& value_name, const std::string& help, ValueParser parse) {
  return make(names, value_name, help, std::move(parse), true, false);
}

Option positional(const std::string& name, const std::string& help, ValueParser parse, bool required) {
  return make(name, name, help, std::move(parse), false, required);
}

Option positionals(const std::string& name, const std::string& help, ValueParser parse) {
  return make(name, name, help, std::move(parse), true, false);
}

Option threads_option(unsigned& threads) {
  return option("--threads", "N", "worker threads (default 0: every core)", unsigned_value(threads, 0, 1024));
}

// ---------------------------------------------------------------- parsing

namespace {

bool is_positional(const Option& o) { return !o.names.empty() && o.names[0] != '-'; }
bool is_flag(const Option& o) { return !is_positional(o) && o.value_name.empty(); }

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Every long and short name of the table, plus --help and --version.
std::vector<std::string> option_names(const std::vector<Option>& table) {
  std::vector<std::string> names = {"--help", "--version"};
  for (const Option& o : table) {
    if (is_positional(o)) continue;
    std::stringstream list(o.names);
    std::string name;
    while (std::getline(list, name, ',')) names.push_back(name);
  }
  return names;
}

std::string unknown_option_message(const std::string& arg, const std::vector<Option>& table) {
  const std::string name = arg.substr(0, arg.find('='));
  std::string best;
  std::size_t best_distance = name.size();
  for (const std::string& candidate : option_names(table)) {
    const std::size_t d = edit_distance(name, candidate);
    const bool prefix = candidate.size() > name.size() && name.size() >= 4 && candidate.compare(0, name.size(), name) == 0;
    if ((prefix ? 1 : d) < best_distance) {
      best_distance = prefix ? 1 : d;
      best = candidate;
    }
  }
  const bool close = !best.empty() && best_distance <= std::max<std::size_t>(2, name.size() / 3);
  return "unknown option '" + name + "'" + (close ? " (did you mean " + best + "?)" : " (see --help)");
}

// An argument that looks like an option rather than a value such as -3 or -.
bool looks_like_option(const std::string& arg) {
  return arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1])) && arg[1] != '.';
}

void declare(CLI::App& app, const Option& o) {
  const auto set = o.set;
  if (is_flag(o)) {
    app.add_flag_function(o.names, [set](std::int64_t) { set(""); }, o.help);
    return;
  }
  CLI::Option* opt = app.add_option(o.names, o.help);
  opt->type_name(o.value_name);
  if (is_positional(o)) {
    opt->expected(o.repeatable ? -1 : 1);
    if (o.repeatable) opt->expected(0, CLI::detail::expected_max_vector_size);
  } else {
    opt->expected(1);
    opt->allow_extra_args(false);
    if (o.repeatable) opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  opt->each([set](const std::string& value) { set(value); });
  if (o.required) opt->required();
}

std::string mismatch_message(const CLI::ArgumentMismatch& e) {
  const std::string what = e.what();
  const std::size_t colon = what.find(':');
  const std::string name = colon == std::string::npos ? what : what.substr(0, colon);
  if (what.find("At Most") != std::string::npos || what.find("received 2") != std::string::npos)
    return name + " given more than once";
  if (what.find("missing") != std::string::npos || what.find("required") != std::string::npos)
    return name + " needs a value";
  return what;
}

}  // namespace

std::string help_text(const ToolInfo& tool, const std::vector<Option>& table) {
  std::ostringstream out;
  out << "Usage: " << tool.name << " " << tool.synopsis << "\n" << tool.description << "\n\n";
  std::size_t width = 0;
  auto label = [](const Option& o) {
    std::string s = o.names;
    for (std::size_t p = s.find(','); p != std::string::npos; p = s.find(',', p + 2)) s.insert(p + 1, " ");
    if (!is_positional(o) && !o.value_name.empty()) s += " " + o.value_name;
    return s;
  };
  for (const Option& o : table) width = std::max(width, label(o).size());
  width = std::min<std::size_t>(std::max<std::size_t>(width, 16), 30);
  auto line = [&](const std::string& name, const std::string& help) {
    out << "  " << name;
    if (name.size() >= width) out << "\n  " << std::string(width, ' ');
    else out << std::string(width - name.size(), ' ');
    out << "  " << help << "\n";
  };
  bool any_positional = false;
  for (const Option& o : table)
    if (is_positional(o)) any_positional = true;
  if (any_positional) {
    out << "Arguments:\n";
    for (const Option& o : table)
      if (is_positional(o)) line(label(o), o.help);
    out << "\n";
  }
  out << "Options:\n";
  for (const Option& o : table)
    if (!is_positional(o)) line(label(o), o.help);
  line("-h, --help", "print this help and exit");
  line("--version", "print the version and the git revision and exit");
  if (!tool.epilog.empty()) out << "\n" << tool.epilog << "\n";
  out << "\nExit status: 0 verified/within/done, 1 refuted/exceeds, 2 usage, input or limit error,\n"
         "3 counterexample to the theorem, 4 unknown (a limit reached first), 5 internal error.\n"
         "Values may be given as --option value or --option=value; -- ends the options.\n";
  return out.str();
}

std::string version_text(const std::string& tool) {
  return tool + " (noflat) " + std::string(NF_VERSION) + "\ngit revision " + std::string(NF_GIT_REVISION) +
         "\nExact verification of the no-flattening theorems (Lin, Tegmark & Rolnick 2017).\n";
}

std::vector<std::string> arguments(int argc, char** argv) {
  park_blas_threads();
  return std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc);
}

bool parse_command_line(const ToolInfo& tool, const std::vector<Option>& table, int argc, char** argv) {
  return parse_command_line(tool, table, arguments(argc, argv), std::cout);
}

bool parse_command_line(const ToolInfo& tool, const std::vector<Option>& table, const std::vector<std::string>& args,
                        std::ostream& out) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      out << help_text(tool, table);
      return true;
    }
    if (arg == "--version") {
      out << version_text(tool.name);
      return true;
    }
  }
  std::vector<std::string> storage;
  storage.reserve(args.size() + 1);
  storage.push_back(tool.name);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> pointers;
  for (std::string& a : storage) pointers.push_back(a.data());
  const int argc = static_cast<int>(pointers.size());
  char** argv = pointers.data();
  CLI::App app(tool.description, tool.name);
  app.set_help_flag();
  app.allow_extras();
  for (const Option& o : table) declare(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ArgumentMismatch& e) {
    throw InputError(mismatch_message(e));
  } catch (const CLI::RequiredError& e) {
    throw InputError(std::string(e.what()) + " (see --help)");
  } catch (const CLI::ParseError& e) {
    throw InputError(e.what());
  }
  for (const std::string& extra : app.remaining()) {
    if (extra == "--") continue;
    if (looks_like_option(extra)) throw InputError(unknown_option_message(extra, table));
    throw InputError("unexpected argument '" + extra + "' (see --help)");
  }
  return false;
}

// ---------------------------------------------------------------- running

int run_tool(const char* tool, const std::function<int()>& body, std::string* message, std::string* kind) {
  std::string text, type = "input";
  int status = kExitUsage;
  try {
    return body();
  } catch (const InputError& e) {
    text = e.what();
  } catch (const LimitError& e) {
    text = e.what();
    type = "limit";
  } catch (const Cancelled&) {
    text = "interrupted";
    type = "interrupted";
    status = kExitUnknown;
  } catch (const std::bad_alloc&) {
    text = "out of memory (lower the problem size or raise --max-memory only if it fits)";
    type = "limit";
  } catch (const std::exception& e) {
    text = e.what();
    status = kExitInternal;
    type = "internal";
  }
  if (kind) *kind = type;
  if (status == kExitInternal)
    std::cerr << tool << ": internal error: " << text << " (an engine error; please report the input)\n";
  else
    std::cerr << tool << ": error: " << text << '\n';
  if (message) *message = text;
  return status;
}

int worse_status(int a, int b) {
  auto severity = [](int s) {
    switch (s) {
      case kExitOk: return 0;
      case kExitRefuted: return 1;
      case kExitUnknown: return 2;
      case kExitUsage: return 3;
      case kExitCounterexample: return 4;
      default: return 5;
    }
  };
  return severity(b) > severity(a) ? b : a;
}


}  // namespace nf
