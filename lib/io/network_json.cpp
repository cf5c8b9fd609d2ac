// The JSON network format (network_file.hpp), read by a schema-directed
// scanner: the only nesting it accepts is object -> array -> array -> number,
// so it needs neither recursion nor a document tree, and any other value is
// rejected at its first byte with its JSON path.
#include <cctype>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "io/network_file.hpp"
#include "model/activation.hpp"

namespace nf {

namespace {

struct Position {
  std::size_t line = 1, column = 1;
};

class JsonScanner {
 public:
  JsonScanner(std::string_view text, const std::string& source, const ResourceLimits& limits)
      : s_(text), source_(source), budget_(limits) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3, line_start_ = 3;
  }

  Position here() const { return Position{line_, pos_ - line_start_ + 1}; }
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return s_[pos_]; }

  void skip_blanks() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '\n') {
        ++pos_;
        ++line_;
        line_start_ = pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  [[noreturn]] void fail(Position p, const std::string& path, const std::string& what) const {
    throw InputError(source_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
                     (path.empty() ? "" : path + ": ") + what);
  }
  [[noreturn]] void fail_here(const std::string& path, const std::string& what) const { fail(here(), path, what); }

  // What the next value looks like, for "expected X, got Y" messages.
  std::string describe_next() const {
    if (at_end()) return "the end of the input (truncated JSON?)";
    const unsigned char c = static_cast<unsigned char>(peek());
    if (c == '"') return "a string";
    if (c == '[') return "an array";
    if (c == '{') return "an object";
    if (c == '-' || std::isdigit(c)) return "a number";
    if (std::isalpha(c)) {
      std::size_t end = pos_;
      while (end < s_.size() && end - pos_ < 20 && std::isalnum(static_cast<unsigned char>(s_[end]))) ++end;
      const std::string word(s_.substr(pos_, end - pos_));
      if (word == "true" || word == "false" || word == "null") return word;
      return "'" + word + "' (not JSON)";
    }
    return describe_byte(c);
  }

  static std::string describe_byte(unsigned char c) {
    if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char buf[32];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return std::string(buf) + (c < 0x20 || c == 0x7f ? " (binary data?)" : "");
  }

  // Consumes `c` after blanks, or fails with "expected <what>, got ...".
  void expect(char c, const std::string& path, const std::string& what) {
    skip_blanks();
    if (at_end() || peek() != c) fail_here(path, "expected " + what + ", got " + describe_next());
    ++pos_;
  }

  // A JSON string starting at the current '"'; returns its decoded UTF-8 text.
  std::string read_string(const std::string& path) {
    const Position start = here();
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (at_end()) fail(start, path, "unterminated string (truncated JSON?)");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) fail_here(path, "control character " + describe_byte(c) + " inside a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      const Position escape_at = here();
      ++pos_;
      if (at_end()) fail(start, path, "unterminated string (truncated JSON?)");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': append_utf8(read_code_point(escape_at, path), out); break;
        default: fail(escape_at, path, "invalid escape '\\" + std::string(1, e) + "' in a string");
      }
    }
  }

  // The text of a bare token made of letters, digits, '.', '+', '-' (a JSON
  // number literal, or a word such as NaN, true, Infinity).
  std::string_view read_bare_token() {
    const std::size_t start = pos_;
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (!(std::isalnum(c) || c == '.' || c == '+' || c == '-')) break;
      ++pos_;
    }
    return s_.substr(start, pos_ - start);
  }

  // Counts a parsed number against the memory limit.
  void weigh(const mpq_class& q, Position at) {
    budget_.add(q, source_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
  }

 private:
  unsigned read_hex4(Position at, const std::string& path) {
    if (s_.size() - pos_ < 4) fail(at, path, "truncated \\u escape in a string");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      v *= 16;
      if (h >= '0' && h <= '9') v += h - '0';
      else if (h >= 'a' && h <= 'f') v += h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') v += h - 'A' + 10;
      else fail(at, path, "invalid \\u escape in a string (expected 4 hex digits)");
    }
    return v;
  }

  unsigned read_code_point(Position at, const std::string& path) {
    unsigned cp = read_hex4(at, path);
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail(at, path, "unpaired low surrogate in a \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (s_.size() - pos_ < 2 || s_[pos_] != '\\' || s_[pos_ + 1] != 'u')
        fail(at, path, "unpaired high surrogate in a \\u escape");
      pos_ += 2;
      const unsigned low = read_hex4(at, path);
      if (low < 0xDC00 || low > 0xDFFF) fail(at, path, "unpaired high surrogate in a \\u escape");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    return cp;
  }

  static void append_utf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  const std::string& source_;
  WeightBudget budget_;
  std::size_t pos_ = 0, line_ = 1, line_start_ = 0;
};

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number_literal(std::string_view t) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    return i - start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == t.size();
}

bool names_nan_or_infinity(std::string_view t) {
  std::string lower;
  for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos;
}

const char* kNumberForms = "a number (integer, JSON number, or a string holding an integer, p/q or decimal)";

mpq_class parse_number_text(JsonScanner& in, const std::string& path);

mpq_class read_number(JsonScanner& in, const std::string& path) {
  in.skip_blanks();
  const Position at = in.here();
  mpq_class q = parse_number_text(in, path);
  in.weigh(q, at);
  return q;
}

mpq_class parse_number_text(JsonScanner& in, const std::string& path) {
  in.skip_blanks();
  const Position at = in.here();
  if (in.at_end()) in.fail(at, path, std::string("expected ") + kNumberForms + ", got " + in.describe_next());
  const unsigned char c = static_cast<unsigned char>(in.peek());
  if (c == '"') {
    const std::string text = in.read_string(path);
    if (text.empty()) in.fail(at, path, "expected a number, got an empty string");
    try {
      return parse_rational(text);
    } catch (const InputError& e) {
      in.fail(at, path, e.what());
    }
  }
  if (c == '-' || c == '+' || c == '.' || std::isalnum(c)) {
    const std::string_view token = in.read_bare_token();
    const std::string shown(token.substr(0, 40));
    if (token == "true" || token == "false" || token == "null")
      in.fail(at, path, std::string("expected ") + kNumberForms + ", got " + shown);
    if (names_nan_or_infinity(token)) in.fail(at, path, "NaN and infinities are not numbers here, got " + shown);
    if (std::isalpha(c)) in.fail(at, path, std::string("expected ") + kNumberForms + ", got '" + shown + "' (not JSON)");
    if (!is_json_number_literal(token))
      in.fail(at, path,
              "malformed number '" + shown + "' (a bare number must be a JSON number literal; write fractions and "
              "other forms as strings, e.g. \"1/3\")");
    try {
      return parse_rational(token);
    } catch (const InputError& e) {
      in.fail(at, path, e.what());
    }
  }
  in.fail(at, path, std::string("expected ") + kNumberForms + ", got " + in.describe_next());
}

// After a value inside an array: ',' (returns true: another element follows)
// or ']' (returns false).
bool array_continues(JsonScanner& in, const std::string& path, const std::string& after) {
  in.skip_blanks();
  if (!in.at_end() && in.peek() == ',') {
    in.expect(',', path, "','");
    return true;
  }
  if (!in.at_end() && in.peek() == ']') {
    in.expect(']', path, "']'");
    return false;
  }
  std::string hint;
  if (!in.at_end() && in.peek() == '/') hint = " (write fractions as strings, e.g. \"1/3\")";
  in.fail_here(path, "expected ',' or ']' after " + after + ", got " + in.describe_next() + hint);
}

// '[' number, number, ... ']' -> values; `path` is the array's path.
std::vector<mpq_class> read_number_array(JsonScanner& in, const std::string& path, const std::string& what) {
  in.skip_blanks();
  if (in.at_end() || in.peek() != '[') in.fail_here(path, "expected " + what + ", got " + in.describe_next());
  in.expect('[', path, "'['");
  std::vector<mpq_class> values;
  in.skip_blanks();
  if (!in.at_end() && in.peek() == ']') {
    in.expect(']', path, "']'");
    return values;
  }
  do {
    const std::string element = path + "[" + std::to_string(values.size()) + "]";
    values.push_back(read_number(in, element));
  } while (array_continues(in, path, path + "[" + std::to_string(values.size() - 1) + "]"));
  return values;
}

struct ParsedA {
  std::size_t n = 0, m = 0;
  std::vector<mpq_class> row_major;
};

ParsedA read_a(JsonScanner& in) {
  in.skip_blanks();
  const Position start = in.here();
  if (in.at_end() || in.peek() != '[')
    in.fail_here("a", "expected an array of n rows (one per input), each an array of m numbers, got " +
                          in.describe_next());
  in.expect('[', "a", "'['");
  ParsedA out;
  in.skip_blanks();
  if (!in.at_end() && in.peek() == ']')
    in.fail(start, "a", "no rows: a network needs at least one input (n >= 1)");
  do {
    const std::string path = "a[" + std::to_string(out.n) + "]";
    in.skip_blanks();
    const Position row_at = in.here();
    std::vector<mpq_class> row = read_number_array(in, path, "an array of m numbers (row " + path + " of a)");
    if (out.n == 0) {
      out.m = row.size();
      if (out.m == 0) in.fail(row_at, path, "empty row: a network needs at least one neuron (m >= 1)");
    } else if (row.size() != out.m) {
      in.fail(row_at, path,
              "expected " + std::to_string(out.m) + " numbers like a[0] (ragged rows), got " + std::to_string(row.size()));
    }
    for (mpq_class& v : row) out.row_major.push_back(std::move(v));
    ++out.n;
  } while (array_continues(in, "a", "a[" + std::to_string(out.n - 1) + "]"));
  return out;
}

}  // namespace

NetworkFile parse_network_json(std::string_view content, const std::string& source, const ResourceLimits& limits) {
  JsonScanner in(content, source, limits);
  in.skip_blanks();
  if (in.at_end()) throw InputError(source + ": empty file (expected a JSON object with keys \"a\" and \"w\")");
  const Position top = in.here();
  if (in.peek() != '{')
    in.fail_here("", "expected a JSON object {\"a\": [...], \"w\": [...]}, got " + in.describe_next());
  in.expect('{', "", "'{'");

  std::set<std::string> seen;
  std::optional<ParsedA> a;
  std::optional<std::vector<mpq_class>> w;
  Position w_at;
  std::optional<std::string> activation;
  in.skip_blanks();
  if (!in.at_end() && in.peek() == '}') {
    in.expect('}', "", "'}'");
  } else {
    while (true) {
      in.skip_blanks();
      const Position key_at = in.here();
      if (in.at_end() || in.peek() != '"')
        in.fail_here("", "expected a key string (\"a\", \"w\" or \"activation\"), got " + in.describe_next());
      const std::string key = in.read_string("");
      if (!seen.insert(key).second) in.fail(key_at, "", "duplicate key \"" + key + "\"");
      in.expect(':', key, "':' after the key");
      in.skip_blanks();
      if (key == "a") {
        a = read_a(in);
      } else if (key == "w") {
        w_at = in.here();
        w = read_number_array(in, "w", "an array of m numbers (the output weights)");
      } else if (key == "activation") {
        const Position at = in.here();
        if (in.at_end() || in.peek() != '"')
          in.fail_here("activation", "expected a string such as \"tanh\" or \"poly:0,1,1/2\", got " + in.describe_next());
        activation = in.read_string("activation");
        try {
          (void)Activation::parse(*activation);
        } catch (const InputError& e) {
          in.fail(at, "activation", e.what());
        }
      } else {
        const std::string shown = key.size() > 40 ? key.substr(0, 40) + "..." : key;
        in.fail(key_at, "", "unknown key \"" + shown + "\" (expected \"a\", \"w\" or \"activation\")");
      }
      in.skip_blanks();
      if (!in.at_end() && in.peek() == ',') {
        in.expect(',', "", "','");
        continue;
      }
      if (!in.at_end() && in.peek() == '}') {
        in.expect('}', "", "'}'");
        break;
      }
      in.fail_here("", "expected ',' or '}' after the value of \"" + key + "\", got " + in.describe_next());
    }
  }
  in.skip_blanks();
  if (!in.at_end()) in.fail_here("", "unexpected " + in.describe_next() + " after the JSON object");

  if (!a) in.fail(top, "", "missing key \"a\" (the input weights: n arrays of m numbers)");
  if (!w) in.fail(top, "", "missing key \"w\" (the output weights: m numbers)");
  if (w->size() != a->m)
    in.fail(w_at, "w", "expected " + std::to_string(a->m) + " numbers (m = " + std::to_string(a->m) +
                           ", the length of the rows of a), got " + std::to_string(w->size()));
  check_network_size(a->n, a->m, limits, source);
  NetworkFile out{Network(a->n, a->m, std::move(a->row_major), std::move(*w)), activation, NetworkFormat::Json, {}};
  return out;
}

namespace {

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void append_row(std::string& out, const std::vector<mpq_class>& values, std::size_t begin, std::size_t count) {
  out += '[';
  for (std::size_t j = 0; j < count; ++j) {
    if (j) out += ", ";
    append_json_string(out, to_string(values[begin + j]));
  }
  out += ']';
}

}  // namespace

std::string write_network_json(const Network& net, const std::optional<std::string>& activation) {
  std::string out = "{\n";
  if (activation) {
    out += "  \"activation\": ";
    append_json_string(out, *activation);
    out += ",\n";
  }
  out += "  \"a\": [\n";
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    out += "    ";
    append_row(out, net.a_row_major(), i * net.neurons(), net.neurons());
    out += i + 1 < net.inputs() ? ",\n" : "\n";
  }
  out += "  ],\n  \"w\": ";
  append_row(out, net.w_all(), 0, net.neurons());
  out += "\n}\n";
  return out;
}

}  // namespace nf
