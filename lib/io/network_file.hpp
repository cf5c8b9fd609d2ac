// Network files: the formats a network f(x) = c + sum_j w_j sigma(a_j . x + b_j)
// (A1 with biases) is read from, and the two it is written to.
//
// JSON: one object with keys
//   "a"           n arrays (one per input i), each of m numbers a_ij (neuron j)
//   "w"           m numbers, the output weights
//   "b"           optional, m numbers, the hidden biases b_j (default 0)
//   "c"           optional, one number, the output bias (default 0)
//   "activation"  optional, a string in the syntax of --activation
//   "dtype"       optional, "float16" | "float32" | "float64": every number is
//                 a value of that binary format (checked), which --snap uses
// Example (the n = 2 product gate (A4), generic activation):
//   {"activation": "generic",
//    "a": [["1", "-1", "1", "-1"], ["1", "1", "-1", "-1"]],
//    "w": ["1/8", "-1/8", "-1/8", "1/8"]}
// A number is a JSON integer, a JSON number literal (0.1, -2e-3) or a string
// holding an integer, a fraction p/q or a decimal (parse_rational).  Every
// number is read exactly as written: 0.1 and "0.1" are 1/10.  Duplicate keys,
// unknown keys, true/false/null, NaN, infinities, zero denominators and
// decimal exponents beyond kMaxDecimalExponent are errors.  Errors name the
// place as line:column and a JSON path with 0-based indices (a[1][7]).
//
// Text: '#' starts a comment that runs to the end of the line; blank lines
// are ignored.  The first line holds "n m", then n lines of m numbers (the
// rows of a, one per input), then one line of m numbers (w), then optionally
// a line "b" followed by m numbers (the hidden biases) and a line "c"
// followed by one number (the output bias), in that order.  Numbers are
// separated by blanks and use the syntax of parse_rational.  Example:
//   # the n = 2 product gate (A4)
//   2 4
//   1 -1  1 -1
//   1  1 -1 -1
//   1/8 -1/8 -1/8 1/8
// Errors name the place as line:column and the entry with 1-based row and
// column numbers (row 2 of a, entry 3).
//
// state_dict JSON (network_state_dict.cpp): a PyTorch state_dict of
// nn.Sequential(nn.Linear(n, m), ACT, nn.Linear(m, 1)) dumped as JSON
// ({"0.weight": [[...] x n] x m, "0.bias": [m], "2.weight": [[m]], "2.bias":
// [1]}, any key prefixes), recognized by its keys; the layers are told apart
// by shape; an optional "activation" key.
//
// ONNX (network_onnx.cpp): the graph torch.onnx.export writes for that
// Sequential, or an equivalent hand-built one, read with the ONNX library;
// recognized by its first byte (0x08).  Weights are float16/32/64
// initializers and are read exactly (a float is the dyadic rational it is).
//
// Sizes: a file larger than max_network_file_bytes(limits) is refused before
// it is read; a text header whose n, m would need more memory than
// limits.max_memory_bytes is refused before any row is read; and the numbers
// read so far are weighed as they arrive (a 7-byte "1e10000" is a 4 KB
// integer), so their total never exceeds limits.max_memory_bytes (LimitError,
// naming --max-memory).  Parsing uses no recursion: any nesting depth fails
// with a message, never a stack overflow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits.hpp"
#include "model/network.hpp"

namespace nf {

enum class NetworkFormat { Auto, Json, Text, StateDict, Onnx };

// "auto" | "json" | "text" | "state-dict" | "onnx"; throws InputError otherwise.
NetworkFormat parse_network_format(const std::string& name);
std::string to_string(NetworkFormat format);

// ONNX when the first byte is 0x08; JSON when the first byte that is not a
// blank (nor a UTF-8 byte order mark) is '{' or '[' (a state_dict is told
// from the project's JSON by its keys); Text otherwise.
NetworkFormat detect_network_format(std::string_view content);

// How the numbers of one tensor were stored, for --snap (the interval of
// values that round to what is stored): binary floats of a known width, or
// decimal/rational text (--snap then infers from the value whether it is the
// shortest decimal of a float64 or float32, else uses the last decimal digit).
enum class StoredPrecision : std::uint8_t { Text, Float16, Float32, Float64 };
std::string to_string(StoredPrecision p);

// Whether q is exactly a finite value of the binary format p (always true
// for Text).
bool is_value_of(const mpq_class& q, StoredPrecision p);

struct StoredPrecisions {
  StoredPrecision a = StoredPrecision::Text, w = StoredPrecision::Text, b = StoredPrecision::Text,
                  c = StoredPrecision::Text;
};

struct NetworkFile {
  Network network;  // with its biases b and output bias c (0 when the file has none)
  // The "activation" key, or the activation node of an ONNX graph, already
  // checked by Activation::parse.
  std::optional<std::string> activation;
  NetworkFormat format = NetworkFormat::Auto;  // the format actually read
  StoredPrecisions precisions;
};

// Parse `content`; `source` names it in messages ("file.json", "<stdin>").
// Every malformed input throws InputError "source:line:col: what was expected";
// a declared size above the limits throws LimitError.  Never allocates more
// than a small multiple of content.size().
NetworkFile parse_network_json(std::string_view content, const std::string& source,
                               const ResourceLimits& limits = {});
NetworkFile parse_network_text(std::string_view content, const std::string& source,
                               const ResourceLimits& limits = {});
NetworkFile parse_network_state_dict(std::string_view content, const std::string& source,
                                     const ResourceLimits& limits = {});
// Errors name the node (op_type and name) or the initializer (and index).
NetworkFile parse_network_onnx(std::string_view content, const std::string& source, const ResourceLimits& limits = {});
// format Auto: detect_network_format.
NetworkFile parse_network(std::string_view content, const std::string& source, NetworkFormat format,
                          const ResourceLimits& limits = {});

// Bytes assumed per exact weight when estimating a network's memory.
inline constexpr std::uint64_t kBytesPerWeight = 64;
// max_network_file_bytes = max_memory_bytes / kFileBytesDivisor.
inline constexpr std::uint64_t kFileBytesDivisor = 16;

// Throws LimitError (naming --max-memory) when the (n + 1) m exact weights of
// an n x m network would need more than limits.max_memory_bytes; `where`
// prefixes the message.
void check_network_size(std::uint64_t n, std::uint64_t m, const ResourceLimits& limits, const std::string& where);

// Bytes an exact rational occupies: its mpq header plus the limbs of its
// numerator and denominator (never less than kBytesPerWeight / 2).
std::uint64_t rational_bytes(const mpq_class& q);

// Keeps the running total of rational_bytes over the numbers of one file.
class WeightBudget {
 public:
  explicit WeightBudget(const ResourceLimits& limits) : limit_(limits.max_memory_bytes) {}
  // Adds q; throws LimitError prefixed by `where` when the total passes the limit.
  void add(const mpq_class& q, const std::string& where);
  std::uint64_t used() const { return used_; }

 private:
  std::uint64_t limit_, used_ = 0;
};

// The largest network file accepted: max_memory_bytes / kFileBytesDivisor
// (the file is held in memory while its numbers are parsed and weighed by
// WeightBudget, which enforces the memory limit itself; a number takes at
// least two bytes of a file and about kBytesPerWeight / 2
// once parsed), and at least 64 KiB.
std::uint64_t max_network_file_bytes(const ResourceLimits& limits);

// The whole content of `path` ("-" is standard input).  Throws InputError if
// it cannot be read, LimitError if it is larger than max_network_file_bytes.
std::string read_network_source(const std::string& path, const ResourceLimits& limits = {});

// read_network_source + parse_network; messages name `path` ("<stdin>" for "-").
NetworkFile read_network_file(const std::string& path, NetworkFormat format = NetworkFormat::Auto,
                              const ResourceLimits& limits = {});

// The network as JSON with every number an exact string ("p/q" or "p"), one
// row of a per line; parse_network_json gives back the same network.
std::string write_network_json(const Network& net, const std::optional<std::string>& activation = std::nullopt);
// The network in the text format; parse_network_text gives it back.
std::string write_network_text(const Network& net);

}  // namespace nf
