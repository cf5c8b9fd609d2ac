// The number, array and tensor readers of json_scanner.hpp.
#include "io/json_scanner.hpp"

#include <cctype>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "model/activation.hpp"

namespace nf {

namespace {

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
  bool letters = false;
  for (char c : t) letters = letters || (std::isalpha(static_cast<unsigned char>(c)) && c != 'e' && c != 'E');
  if (!letters) return false;
  std::string lower;
  for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos;
}

const char* kNumberForms = "a number (integer, JSON number, or a string holding an integer, p/q or decimal)";

// `path_of()` gives the number's JSON path, built only for a message.
template <class PathOf>
mpq_class parse_number_text(JsonScanner& in, const PathOf& path_of) {
  in.skip_blanks();
  const JsonPosition at = in.here();
  if (in.at_end()) in.fail(at, path_of(), std::string("expected ") + kNumberForms + ", got " + in.describe_next());
  const unsigned char c = static_cast<unsigned char>(in.peek());
  if (c == '"') {
    const std::string text = in.read_string(path_of());
    if (text.empty()) in.fail(at, path_of(), "expected a number, got an empty string");
    try {
      return parse_rational(text);
    } catch (const InputError& e) {
      in.fail(at, path_of(), e.what());
    }
  }
  if (c == '-' || c == '+' || c == '.' || std::isalnum(c)) {
    const std::string_view token = in.read_bare_token();
    auto shown_token = [&] { return std::string(token.substr(0, 40)); };
    if (token == "true" || token == "false" || token == "null")
      in.fail(at, path_of(), std::string("expected ") + kNumberForms + ", got " + shown_token());
    if (names_nan_or_infinity(token)) in.fail(at, path_of(), "NaN and infinities are not numbers here, got " + shown_token());
    if (std::isalpha(c)) in.fail(at, path_of(), std::string("expected ") + kNumberForms + ", got '" + shown_token() + "' (not JSON)");
    if (!is_json_number_literal(token))
      in.fail(at, path_of(),
              "malformed number '" + shown_token() + "' (a bare number must be a JSON number literal; write fractions and "
              "other forms as strings, e.g. \"1/3\")");
    try {
      return parse_rational(token);
    } catch (const InputError& e) {
      in.fail(at, path_of(), e.what());
    }
  }
  in.fail(at, path_of(), std::string("expected ") + kNumberForms + ", got " + in.describe_next());
}

template <class PathOf>
mpq_class read_weighed_number(JsonScanner& in, const PathOf& path_of) {
  in.skip_blanks();
  const JsonPosition at = in.here();
  mpq_class q = parse_number_text(in, path_of);
  in.weigh(q, at);
  return q;
}

// Element `index` of the array at `path`, its path built only for a message.
mpq_class read_json_element(JsonScanner& in, const std::string& path, std::size_t index) {
  return read_weighed_number(in, [&] { return path + "[" + std::to_string(index) + "]"; });
}

template <class AfterOf>
bool json_array_continues_after(JsonScanner& in, const std::string& path, const AfterOf& after_of) {
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
  in.fail_here(path, "expected ',' or ']' after " + after_of() + ", got " + in.describe_next() + hint);
}

// json_array_continues after element `index` of the array at `path`.
bool element_continues(JsonScanner& in, const std::string& path, std::size_t index) {
  return json_array_continues_after(in, path, [&] { return path + "[" + std::to_string(index) + "]"; });
}

}  // namespace

mpq_class read_json_number(JsonScanner& in, const std::string& path) {
  return read_weighed_number(in, [&] { return path; });
}

// After a value inside an array: ',' (returns true: another element follows)
// or ']' (returns false).
bool json_array_continues(JsonScanner& in, const std::string& path, const std::string& after) {
  return json_array_continues_after(in, path, [&] { return after; });
}

// '[' number, number, ... ']' -> values; `path` is the array's path.
std::vector<mpq_class> read_json_number_array(JsonScanner& in, const std::string& path, const std::string& what) {
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
    values.push_back(read_json_element(in, path, values.size()));
  } while (element_continues(in, path, values.size() - 1));
  return values;
}


namespace {

// The rows of a 2-D tensor: '[' already consumed by the caller's peek.
void read_tensor_rows(JsonScanner& in, const std::string& path, JsonTensor& t) {
  std::size_t rows = 0, width = 0;
  do {
    const std::string row_path = path + "[" + std::to_string(rows) + "]";
    in.skip_blanks();
    const JsonPosition row_at = in.here();
    std::vector<mpq_class> row = read_json_number_array(in, row_path, "an array of numbers (row " + row_path + ")");
    if (row.empty()) in.fail(row_at, row_path, "empty row");
    if (rows == 0) width = row.size();
    if (row.size() != width)
      in.fail(row_at, row_path,
              "expected " + std::to_string(width) + " numbers like " + path + "[0] (ragged rows), got " +
                  std::to_string(row.size()));
    for (mpq_class& v : row) t.values.push_back(std::move(v));
    ++rows;
  } while (json_array_continues(in, path, path + "[" + std::to_string(rows - 1) + "]"));
  t.shape = {rows, width};
}

}  // namespace

JsonTensor read_json_tensor(JsonScanner& in, const std::string& path) {
  JsonTensor t;
  in.skip_blanks();
  t.at = in.here();
  if (in.at_end() || in.peek() != '[') {
    t.values.push_back(read_json_number(in, path));
    return t;
  }
  in.expect('[', path, "'['");
  in.skip_blanks();
  if (!in.at_end() && in.peek() == ']') in.fail(t.at, path, "empty array (a tensor needs at least one number)");
  if (!in.at_end() && in.peek() == '[') {
    read_tensor_rows(in, path, t);
    return t;
  }
  do {
    t.values.push_back(read_json_element(in, path, t.values.size()));
  } while (element_continues(in, path, t.values.size() - 1));
  t.shape = {t.values.size()};
  return t;
}

std::string read_json_activation(JsonScanner& in) {
  in.skip_blanks();
  const JsonPosition at = in.here();
  if (in.at_end() || in.peek() != '"')
    in.fail_here("activation", "expected a string such as \"tanh\" or \"poly:0,1,1/2\", got " + in.describe_next());
  std::string activation = in.read_string("activation");
  try {
    (void)Activation::parse(activation);
  } catch (const InputError& e) {
    in.fail(at, "activation", e.what());
  }
  return activation;
}

}  // namespace nf
