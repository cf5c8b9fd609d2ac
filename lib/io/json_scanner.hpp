// A schema-directed JSON scanner for network files (network_file.hpp): the
// readers drive it value by value, so any nesting the schema does not allow
// is rejected at its first byte, with no recursion and no document tree.
// Errors are InputError "source:line:column: path: what was expected, got
// what"; every number read is weighed against the memory limit.
#pragma once

#include <gmpxx.h>

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "io/network_file.hpp"

namespace nf {

struct JsonPosition {
  std::size_t line = 1, column = 1;
};

class JsonScanner {
 public:
  JsonScanner(std::string_view text, const std::string& source, const ResourceLimits& limits)
      : s_(text), source_(source), budget_(limits) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3, line_start_ = 3;
  }

  JsonPosition here() const { return JsonPosition{line_, pos_ - line_start_ + 1}; }
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

  [[noreturn]] void fail(JsonPosition p, const std::string& path, const std::string& what) const {
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
    const JsonPosition start = here();
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
      const JsonPosition escape_at = here();
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
  void weigh(const mpq_class& q, JsonPosition at) {
    budget_.add(q, source_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
  }

 private:
  unsigned read_hex4(JsonPosition at, const std::string& path) {
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

  unsigned read_code_point(JsonPosition at, const std::string& path) {
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

// One number (bare JSON number literal, or a string holding an integer, p/q
// or decimal), read exactly and weighed; `path` names it in messages.
mpq_class read_json_number(JsonScanner& in, const std::string& path);

// After a value inside an array: ',' (returns true: another element follows)
// or ']' (returns false); `after` names the value just read.
bool json_array_continues(JsonScanner& in, const std::string& path, const std::string& after);

// '[' number, number, ... ']'; `what` describes the expected array.
std::vector<mpq_class> read_json_number_array(JsonScanner& in, const std::string& path, const std::string& what);

// A tensor as nested arrays: a number (shape {}), an array of numbers
// (shape {k}) or an array of equally long arrays of numbers (shape {r, k}),
// values in row-major order.  Deeper nesting, ragged rows and empty arrays
// are errors naming the path.
struct JsonTensor {
  std::vector<std::size_t> shape;
  std::vector<mpq_class> values;
  JsonPosition at;
};
JsonTensor read_json_tensor(JsonScanner& in, const std::string& path);

// Iterates the members of the object starting at the next '{': for each key
// (duplicates rejected) calls on_member(key, key_position) with the scanner
// just before the value, which on_member must consume.  `expected_keys`
// describes the keys for "expected a key string (...)" messages.
template <class OnMember>
void read_json_object(JsonScanner& in, const std::string& expected_keys, OnMember on_member) {
  in.expect('{', "", "'{'");
  std::set<std::string> seen;
  in.skip_blanks();
  if (!in.at_end() && in.peek() == '}') {
    in.expect('}', "", "'}'");
    return;
  }
  while (true) {
    in.skip_blanks();
    const JsonPosition key_at = in.here();
    if (in.at_end() || in.peek() != '"')
      in.fail_here("", "expected a key string (" + expected_keys + "), got " + in.describe_next());
    const std::string key = in.read_string("");
    if (!seen.insert(key).second) in.fail(key_at, "", "duplicate key \"" + key + "\"");
    in.expect(':', key, "':' after the key");
    in.skip_blanks();
    on_member(key, key_at);
    in.skip_blanks();
    if (!in.at_end() && in.peek() == ',') {
      in.expect(',', "", "','");
      continue;
    }
    if (!in.at_end() && in.peek() == '}') {
      in.expect('}', "", "'}'");
      return;
    }
    in.fail_here("", "expected ',' or '}' after the value of \"" + key + "\", got " + in.describe_next());
  }
}

// Shortens a key for messages.
inline std::string shown_key(const std::string& key) { return key.size() > 40 ? key.substr(0, 40) + "..." : key; }

// A JSON string value naming an activation, checked by Activation::parse
// (errors positioned at the value).
std::string read_json_activation(JsonScanner& in);

}  // namespace nf
