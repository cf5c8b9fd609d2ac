// The plain-text network format (network_file.hpp): "n m", n rows of a, w,
// optional lines "b ..." and "c ...".
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "io/network_file.hpp"

namespace nf {

namespace {

struct Token {
  std::string_view text;
  std::size_t column;  // 1-based
};

// The lines of a text file that hold tokens, with comments and blanks removed.
class TextLines {
 public:
  TextLines(std::string_view text, const std::string& source) : s_(text), source_(source) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  // The next line holding at least one token; false at the end of the input.
  bool next(std::vector<Token>& tokens) {
    while (pos_ < s_.size()) {
      std::size_t end = s_.find('\n', pos_);
      if (end == std::string_view::npos) end = s_.size();
      const std::string_view line = s_.substr(pos_, end - pos_);
      ++line_;
      pos_ = end + 1;
      split(line, tokens);
      if (!tokens.empty()) return true;
    }
    return false;
  }

  std::size_t line() const { return line_; }
  // The line after the last one (for "unexpected end of file").
  std::size_t end_line() const { return line_ + (s_.empty() || s_.back() == '\n' ? 1 : 0); }

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& what) const {
    throw InputError(source_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
  }

 private:
  static bool blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

  void split(std::string_view line, std::vector<Token>& tokens) const {
    tokens.clear();
    std::size_t i = 0;
    while (i < line.size()) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      if (c == '#') break;
      if (blank(c)) {
        ++i;
        continue;
      }
      const std::size_t start = i;
      while (i < line.size() && !blank(static_cast<unsigned char>(line[i])) && line[i] != '#') {
        const unsigned char b = static_cast<unsigned char>(line[i]);
        if (b < 0x20 || b >= 0x7f) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "unexpected byte 0x%02X (not a text network file; binary data?)", b);
          fail(line_, i + 1, buf);
        }
        ++i;
      }
      tokens.push_back(Token{line.substr(start, i - start), start + 1});
    }
  }

  std::string_view s_;
  const std::string& source_;
  std::size_t pos_ = 0, line_ = 0;
};

std::string shown(std::string_view t) {
  return t.size() > 40 ? std::string(t.substr(0, 40)) + "..." : std::string(t);
}

// A whole number for the header, at most 18 digits.
std::uint64_t header_count(const TextLines& lines, const Token& t, const char* name) {
  bool digits = !t.text.empty() && t.text.size() <= 18;
  for (char c : t.text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits)
    lines.fail(lines.line(), t.column,
               std::string("header: expected ") + name + " as a whole number, got '" + shown(t.text) + "'");
  return std::stoull(std::string(t.text));
}

// The optional lines after w: "b" and m numbers, then "c" and one number.
void read_bias_lines(TextLines& lines, std::vector<Token>& tokens, std::uint64_t m, WeightBudget& budget,
                     const std::string& source, std::vector<mpq_class>& b, mpq_class& c) {
  bool seen_b = false, seen_c = false;
  while (lines.next(tokens)) {
    std::string label(tokens[0].text);
    if (!label.empty() && label.back() == ':') label.pop_back();
    const bool is_b = label == "b" && !seen_b && !seen_c, is_c = label == "c" && !seen_c;
    if ((label == "b" && seen_b) || (label == "c" && seen_c))
      lines.fail(lines.line(), tokens[0].column, "a second '" + label + "' line");
    if (label == "b" && seen_c) lines.fail(lines.line(), tokens[0].column, "the 'b' line must come before the 'c' line");
    if (!is_b && !is_c)
      lines.fail(lines.line(), tokens[0].column,
                 "unexpected content after w: expected a line 'b' with the m hidden biases, then a line 'c' with the "
                 "output bias, got '" + shown(tokens[0].text) + "'");
    const std::uint64_t count = is_b ? m : 1;
    const std::string what = is_b ? "b (the hidden biases)" : "c (the output bias)";
    if (tokens.size() - 1 != count)
      lines.fail(lines.line(), tokens.size() - 1 > count ? tokens[count + 1].column : tokens[0].column,
                 what + ": expected " + std::to_string(count) + " number" + (count == 1 ? "" : "s") + ", got " +
                     std::to_string(tokens.size() - 1));
    for (std::size_t j = 1; j < tokens.size(); ++j) {
      mpq_class value;
      try {
        value = parse_rational(tokens[j].text);
      } catch (const InputError& e) {
        lines.fail(lines.line(), tokens[j].column, "entry " + std::to_string(j) + " of " + label + ": " + e.what());
      }
      budget.add(value, source + ":" + std::to_string(lines.line()) + ":" + std::to_string(tokens[j].column));
      if (is_b) b.push_back(std::move(value));
      else c = value;
    }
    (is_b ? seen_b : seen_c) = true;
  }
}

}  // namespace

NetworkFile parse_network_text(std::string_view content, const std::string& source, const ResourceLimits& limits) {
  TextLines lines(content, source);
  std::vector<Token> tokens;
  if (!lines.next(tokens)) {
    bool only_blanks = true;
    for (char c : content) only_blanks = only_blanks && std::isspace(static_cast<unsigned char>(c));
    throw InputError(source + (only_blanks ? ": empty file" : ": no header 'n m' (the file holds only comments)") +
                     " (expected a JSON object or a text network: a line 'n m', n rows of a, one row of w)");
  }
  if (tokens.size() != 2)
    lines.fail(lines.line(), tokens.size() > 2 ? tokens[2].column : tokens[0].column,
               "header: expected two whole numbers 'n m' (inputs, neurons), got " + std::to_string(tokens.size()) +
                   " token" + (tokens.size() == 1 ? "" : "s"));
  const std::uint64_t n = header_count(lines, tokens[0], "n (the number of inputs)");
  const std::uint64_t m = header_count(lines, tokens[1], "m (the number of neurons)");
  if (n == 0) lines.fail(lines.line(), tokens[0].column, "header: n = 0, a network needs at least one input");
  if (m == 0) lines.fail(lines.line(), tokens[1].column, "header: m = 0, a network needs at least one neuron");
  check_network_size(n, m, limits,
                     source + ":" + std::to_string(lines.line()) + ":" + std::to_string(tokens[0].column) + ": header");

  // Each number takes at least two bytes of the file: never reserve more.
  const std::uint64_t room = content.size() / 2 + 1;
  std::vector<mpq_class> a;
  a.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n * m, room)));
  WeightBudget budget(limits);
  std::vector<mpq_class> w;
  w.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(m, room)));

  for (std::uint64_t row = 0; row <= n; ++row) {
    const bool is_w = row == n;
    const std::string what = is_w ? "w (the output weights)" : "row " + std::to_string(row + 1) + " of a";
    if (!lines.next(tokens))
      lines.fail(lines.end_line(), 1,
                 "unexpected end of file: expected " + what + ", " + std::to_string(m) + " numbers (the header says n = " +
                     std::to_string(n) + ", m = " + std::to_string(m) + ")");
    if (tokens.size() != m)
      lines.fail(lines.line(), tokens.size() > m ? tokens[m].column : tokens[0].column,
                 what + ": expected " + std::to_string(m) + " numbers (m from the header), got " +
                     std::to_string(tokens.size()));
    for (std::size_t j = 0; j < tokens.size(); ++j) {
      try {
        (is_w ? w : a).push_back(parse_rational(tokens[j].text));
      } catch (const InputError& e) {
        lines.fail(lines.line(), tokens[j].column,
                   (is_w ? "entry " + std::to_string(j + 1) + " of w"
                         : "entry " + std::to_string(j + 1) + " of row " + std::to_string(row + 1) + " of a") +
                       ": " + e.what());
      }
      budget.add((is_w ? w : a).back(),
                 source + ":" + std::to_string(lines.line()) + ":" + std::to_string(tokens[j].column));
    }
  }
  std::vector<mpq_class> b;
  mpq_class c = 0;
  read_bias_lines(lines, tokens, m, budget, source, b, c);
  return NetworkFile{Network(n, m, std::move(a), std::move(w), std::move(b), c), std::nullopt, NetworkFormat::Text,
                     {}};
}

std::string write_network_text(const Network& net) {
  std::string out = "# n m, then n rows of a (row i: the weights of input i into each neuron), then w\n";
  out += std::to_string(net.inputs()) + " " + std::to_string(net.neurons()) + "\n";
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    for (std::size_t j = 0; j < net.neurons(); ++j) {
      if (j) out += ' ';
      out += to_string(net.a(i, j));
    }
    out += '\n';
  }
  for (std::size_t j = 0; j < net.neurons(); ++j) {
    if (j) out += ' ';
    out += to_string(net.w(j));
  }
  out += '\n';
  if (net.has_biases()) {
    out += "b";
    for (std::size_t j = 0; j < net.neurons(); ++j) out += ' ' + to_string(net.b(j));
    out += "\nc " + to_string(net.c()) + "\n";
  }
  return out;
}

}  // namespace nf
