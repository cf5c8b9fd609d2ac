// The file a certificate goes to: plain text, or zstd-compressed when its
// name ends in ".zst" (a sequence of zstd frames whose concatenated content is
// the text; `zstd -dc FILE` shows it, check-proof reads it directly).
//
// Two ways of writing:
//   Atomic   the text goes to PATH.tmp.PID, renamed to PATH by close(): a
//            reader never sees a half-written file under the final name;
//            the destructor removes the temporary file if close() never ran.
//   InPlace  the text goes to PATH itself, which a checkpoint can point into:
//            sync() makes everything written so far durable (the current
//            zstd frame is ended, the data written and fsync'ed) and returns
//            the file's size, a point where the file may be cut and continued.
//            Opening with offset > 0 cuts the file there and appends.
// Throws InputError "cannot write PATH" / "writing PATH failed" on I/O errors,
// "PATH has N bytes, the checkpoint expects at least M" for a short file.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

namespace nf {

class CertificateFile {
 public:
  enum class Mode { Atomic, InPlace };
  CertificateFile(std::string path, Mode mode, std::uint64_t offset = 0);
  CertificateFile(const CertificateFile&) = delete;
  CertificateFile& operator=(const CertificateFile&) = delete;
  ~CertificateFile();

  static bool compressed_name(const std::string& path);  // ends in ".zst"
  bool compressed() const { return compress_; }
  std::ostream& stream() { return *out_; }
  std::uint64_t sync();
  // sync(), close, and for Atomic rename to PATH.
  void close();

 private:
  class Buffer;
  std::string path_, target_;
  Mode mode_;
  bool compress_;
  bool closed_ = false;
  int fd_ = -1;
  std::uint64_t base_ = 0;  // bytes kept from an earlier run
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> out_;
};

}  // namespace nf
