// The project's JSON network format (network_file.hpp), read by the
// schema-directed scanner of json_scanner.hpp: the only nesting it accepts is
// object -> array -> array -> number, so any other value is rejected at its
// first byte with its JSON path.  A file whose keys are those of a PyTorch
// state_dict is handed to parse_network_state_dict.
#include <cctype>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rational.hpp"
#include "io/json_scanner.hpp"
#include "io/network_file.hpp"
#include "model/activation.hpp"

namespace nf {

namespace {

struct ParsedA {
  std::size_t n = 0, m = 0;
  std::vector<mpq_class> row_major;
};

ParsedA read_a(JsonScanner& in) {
  in.skip_blanks();
  const JsonPosition start = in.here();
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
    const JsonPosition row_at = in.here();
    std::vector<mpq_class> row = read_json_number_array(in, path, "an array of m numbers (row " + path + " of a)");
    if (out.n == 0) {
      out.m = row.size();
      if (out.m == 0) in.fail(row_at, path, "empty row: a network needs at least one neuron (m >= 1)");
    } else if (row.size() != out.m) {
      in.fail(row_at, path,
              "expected " + std::to_string(out.m) + " numbers like a[0] (ragged rows), got " + std::to_string(row.size()));
    }
    for (mpq_class& v : row) out.row_major.push_back(std::move(v));
    ++out.n;
  } while (json_array_continues(in, "a", "a[" + std::to_string(out.n - 1) + "]"));
  return out;
}

}  // namespace

namespace {

// A key of a PyTorch state_dict ("0.weight", "fc1.bias").
bool is_state_dict_key(const std::string& key) {
  auto ends_with = [&](const char* suffix) {
    const std::string t(suffix);
    return key.size() >= t.size() && key.compare(key.size() - t.size(), t.size(), t) == 0;
  };
  return ends_with(".weight") || ends_with(".bias");
}

const char* kProjectKeys = "\"a\", \"w\", \"b\", \"c\", \"activation\" or \"dtype\"";

// "float16" | "float32" | "float64": the binary format every number of the
// file is a value of (for --snap).
StoredPrecision read_dtype(JsonScanner& in) {
  const JsonPosition at = in.here();
  if (in.at_end() || in.peek() != '"')
    in.fail_here("dtype", "expected \"float16\", \"float32\" or \"float64\", got " + in.describe_next());
  const std::string name = in.read_string("dtype");
  if (name == "float16") return StoredPrecision::Float16;
  if (name == "float32") return StoredPrecision::Float32;
  if (name == "float64") return StoredPrecision::Float64;
  in.fail(at, "dtype", "expected \"float16\", \"float32\" or \"float64\", got \"" + shown_key(name) + "\"");
}

// The first number of `row` that is not a value of `dtype`, or -1.
long first_not_of_dtype(const CodedRow& row, StoredPrecision dtype) {
  for (std::size_t t = 0; t < row.dictionary().size(); ++t)
    if (!is_value_of(row.dictionary()[t], dtype))
      for (std::size_t j = 0; j < row.size(); ++j)
        if (row.code(j) == t) return static_cast<long>(j);
  return -1;
}

// Every number of `net` is a value of the declared dtype; else an error
// naming the first one that is not.
void check_dtype(JsonScanner& in, JsonPosition at, const Network& net, StoredPrecision dtype) {
  auto fail = [&](const std::string& where) {
    in.fail(at, "dtype", where + " is not a " + to_string(dtype) + " value");
  };
  for (std::size_t i = 0; i < net.inputs(); ++i) {
    const long j = first_not_of_dtype(net.row(i), dtype);
    if (j >= 0) fail("a[" + std::to_string(i) + "][" + std::to_string(j) + "]");
  }
  if (long j = first_not_of_dtype(net.w_row(), dtype); j >= 0) fail("w[" + std::to_string(j) + "]");
  if (long j = first_not_of_dtype(net.b_row(), dtype); j >= 0) fail("b[" + std::to_string(j) + "]");
  if (!is_value_of(net.c(), dtype)) fail("c");
}

struct ProjectJson {
  std::optional<ParsedA> a;
  std::optional<std::vector<mpq_class>> w, b;
  std::optional<mpq_class> c;
  JsonPosition w_at, b_at;
  std::optional<std::string> activation;
  std::optional<StoredPrecision> dtype;
  JsonPosition dtype_at;
};

// One member of the project's format; false for a state_dict key (the
// caller then reads the file as a state_dict).
bool read_project_member(JsonScanner& in, const std::string& key, JsonPosition key_at, ProjectJson& out) {
  if (key == "a") {
    out.a = read_a(in);
  } else if (key == "w") {
    out.w_at = in.here();
    out.w = read_json_number_array(in, "w", "an array of m numbers (the output weights)");
  } else if (key == "b") {
    out.b_at = in.here();
    out.b = read_json_number_array(in, "b", "an array of m numbers (the hidden biases)");
  } else if (key == "c") {
    out.c = read_json_number(in, "c");
  } else if (key == "activation") {
    out.activation = read_json_activation(in);
  } else if (key == "dtype") {
    out.dtype_at = in.here();
    out.dtype = read_dtype(in);
  } else if (is_state_dict_key(key)) {
    return false;
  } else {
    in.fail(key_at, "", "unknown key \"" + shown_key(key) + "\" (expected " + kProjectKeys +
                            ", or a PyTorch state_dict with keys such as \"0.weight\")");
  }
  return true;
}

void check_length(JsonScanner& in, JsonPosition at, const char* key, std::size_t got, std::size_t m) {
  if (got != m)
    in.fail(at, key, "expected " + std::to_string(m) + " numbers (m = " + std::to_string(m) +
                         ", the length of the rows of a), got " + std::to_string(got));
}

}  // namespace

NetworkFile parse_network_json(std::string_view content, const std::string& source, const ResourceLimits& limits) {
  JsonScanner in(content, source, limits);
  in.skip_blanks();
  if (in.at_end()) throw InputError(source + ": empty file (expected a JSON object with keys \"a\" and \"w\")");
  const JsonPosition top = in.here();
  if (in.peek() != '{')
    in.fail_here("", "expected a JSON object {\"a\": [...], \"w\": [...]}, got " + in.describe_next());
  ProjectJson parsed;
  struct StateDictKey {};
  try {
    read_json_object(in, kProjectKeys, [&](const std::string& key, JsonPosition key_at) {
      if (!read_project_member(in, key, key_at, parsed)) throw StateDictKey{};
    });
  } catch (const StateDictKey&) {
    return parse_network_state_dict(content, source, limits);
  }
  in.skip_blanks();
  if (!in.at_end()) in.fail_here("", "unexpected " + in.describe_next() + " after the JSON object");

  if (!parsed.a) in.fail(top, "", "missing key \"a\" (the input weights: n arrays of m numbers)");
  if (!parsed.w) in.fail(top, "", "missing key \"w\" (the output weights: m numbers)");
  const std::size_t n = parsed.a->n, m = parsed.a->m;
  check_length(in, parsed.w_at, "w", parsed.w->size(), m);
  if (parsed.b) check_length(in, parsed.b_at, "b", parsed.b->size(), m);
  check_network_size(n, m, limits, source);
  Network net(n, m, std::move(parsed.a->row_major), std::move(*parsed.w),
              parsed.b ? std::move(*parsed.b) : std::vector<mpq_class>{}, parsed.c.value_or(mpq_class(0)));
  StoredPrecisions precisions;
  if (parsed.dtype) {
    check_dtype(in, parsed.dtype_at, net, *parsed.dtype);
    precisions = StoredPrecisions{*parsed.dtype, *parsed.dtype, *parsed.dtype, *parsed.dtype};
  }
  return NetworkFile{std::move(net), parsed.activation, NetworkFormat::Json, precisions};
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
  if (net.has_biases()) {
    std::vector<mpq_class> b(net.neurons());
    for (std::size_t j = 0; j < net.neurons(); ++j) b[j] = net.b(j);
    out += ",\n  \"b\": ";
    append_row(out, b, 0, net.neurons());
    out += ",\n  \"c\": ";
    append_json_string(out, to_string(net.c()));
  }
  out += "\n}\n";
  return out;
}

}  // namespace nf
