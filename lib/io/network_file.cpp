#include "io/network_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/rational.hpp"

namespace nf {

NetworkFormat parse_network_format(const std::string& name) {
  if (name == "auto") return NetworkFormat::Auto;
  if (name == "json") return NetworkFormat::Json;
  if (name == "text") return NetworkFormat::Text;
  if (name == "state-dict" || name == "state_dict") return NetworkFormat::StateDict;
  if (name == "onnx") return NetworkFormat::Onnx;
  throw InputError("--format: expected auto, json, text, state-dict or onnx, got '" + name + "'");
}

std::string to_string(NetworkFormat format) {
  switch (format) {
    case NetworkFormat::Auto: return "auto";
    case NetworkFormat::Json: return "json";
    case NetworkFormat::Text: return "text";
    case NetworkFormat::StateDict: return "state-dict";
    case NetworkFormat::Onnx: return "onnx";
  }
  return "auto";
}

std::string to_string(StoredPrecision p) {
  switch (p) {
    case StoredPrecision::Text: return "text";
    case StoredPrecision::Float16: return "float16";
    case StoredPrecision::Float32: return "float32";
    case StoredPrecision::Float64: return "float64";
  }
  return "text";
}

bool is_value_of(const mpq_class& q, StoredPrecision p) {
  if (p == StoredPrecision::Text) return true;
  const double d = to_double(q);
  if (!std::isfinite(d) || mpq_class(d) != q) return false;
  if (p == StoredPrecision::Float64) return true;
  if (p == StoredPrecision::Float32) return std::isfinite(static_cast<float>(d)) && static_cast<double>(static_cast<float>(d)) == d;
  // float16: |d| <= 65504, a multiple of 2^-24, and 11 significant bits.
  if (std::fabs(d) > 65504.0) return false;
  if (std::fabs(d) < std::ldexp(1.0, -14)) return std::ldexp(d, 24) == std::trunc(std::ldexp(d, 24));
  int exponent = 0;
  const double fraction = std::frexp(d, &exponent);
  return std::ldexp(fraction, 11) == std::trunc(std::ldexp(fraction, 11));
}

NetworkFormat detect_network_format(std::string_view content) {
  // An ONNX ModelProto starts with field 1 (ir_version, a varint: tag 0x08);
  // no text or JSON network file starts with a control character.
  if (!content.empty() && content[0] == '\x08') return NetworkFormat::Onnx;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  for (char c : content) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[' ? NetworkFormat::Json : NetworkFormat::Text;
  }
  return NetworkFormat::Text;
}

NetworkFile parse_network(std::string_view content, const std::string& source, NetworkFormat format,
                          const ResourceLimits& limits) {
  if (format == NetworkFormat::Auto) format = detect_network_format(content);
  switch (format) {
    case NetworkFormat::Json: return parse_network_json(content, source, limits);
    case NetworkFormat::Text: return parse_network_text(content, source, limits);
    case NetworkFormat::StateDict: return parse_network_state_dict(content, source, limits);
    case NetworkFormat::Onnx: return parse_network_onnx(content, source, limits);
    default: throw InputError(source + ": the " + to_string(format) + " reader is not part of this build");
  }
}

void check_network_size(std::uint64_t n, std::uint64_t m, const ResourceLimits& limits, const std::string& where) {
  const double weights = (static_cast<double>(n) + 1.0) * static_cast<double>(m);
  const double bytes = weights * static_cast<double>(kBytesPerWeight);
  if (bytes <= static_cast<double>(limits.max_memory_bytes)) return;
  char estimate[64];
  std::snprintf(estimate, sizeof estimate, "%.3g", bytes);
  throw LimitError(where + ": a network with n = " + std::to_string(n) + " inputs and m = " + std::to_string(m) +
                   " neurons needs about " + estimate + " bytes for its exact weights, above the limit " +
                   std::to_string(limits.max_memory_bytes) + " bytes (raise it with --max-memory)");
}

std::uint64_t rational_bytes(const mpq_class& q) {
  const std::uint64_t limbs = mpz_size(q.get_num_mpz_t()) + mpz_size(q.get_den_mpz_t());
  const std::uint64_t bytes = sizeof(mpq_t) + limbs * sizeof(mp_limb_t);
  return bytes < kBytesPerWeight / 2 ? kBytesPerWeight / 2 : bytes;
}

void WeightBudget::add(const mpq_class& q, const std::string& where) {
  used_ += rational_bytes(q);
  if (used_ > limit_)
    throw LimitError(where + ": the numbers read so far need " + std::to_string(used_) +
                     " bytes as exact rationals, above the limit " + std::to_string(limit_) +
                     " bytes (raise it with --max-memory)");
}

std::uint64_t max_network_file_bytes(const ResourceLimits& limits) {
  const std::uint64_t floor = std::uint64_t(64) << 10;
  const std::uint64_t cap = limits.max_memory_bytes / kFileBytesDivisor;
  return cap < floor ? floor : cap;
}

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

[[noreturn]] void too_large(const std::string& name, std::uint64_t size, std::uint64_t cap, bool at_least) {
  throw LimitError(name + ": the file is " + (at_least ? "more than " : "") + std::to_string(size) +
                   " bytes, above the limit " + std::to_string(cap) +
                   " bytes for network files (1/16 of --max-memory; raise it with --max-memory)");
}

std::string read_stream(std::FILE* f, const std::string& name, std::uint64_t cap) {
  std::string out;
  char buf[1 << 16];
  while (true) {
    const std::size_t got = std::fread(buf, 1, sizeof buf, f);
    if (got > 0) {
      if (out.size() + got > cap) too_large(name, cap, cap, true);
      out.append(buf, got);
    }
    if (got < sizeof buf) {
      if (std::ferror(f)) throw InputError(name + ": read error: " + std::strerror(errno));
      break;
    }
  }
  return out;
}

}  // namespace

std::string read_network_source(const std::string& path, const ResourceLimits& limits) {
  const std::uint64_t cap = max_network_file_bytes(limits);
  if (path == "-") return read_stream(stdin, "<stdin>", cap);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a directory, expected a network file");
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > cap)
    too_large(path, static_cast<std::uint64_t>(st.st_size), cap, false);
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  return read_stream(f.get(), path, cap);
}

NetworkFile read_network_file(const std::string& path, NetworkFormat format, const ResourceLimits& limits) {
  const std::string content = read_network_source(path, limits);
  return parse_network(content, path == "-" ? "<stdin>" : path, format, limits);
}

}  // namespace nf
