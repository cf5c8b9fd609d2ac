#include "search/certificate_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <streambuf>
#include <vector>

#include "core/error.hpp"

namespace nf {

// A streambuf over a file descriptor, compressing through zstd when asked.
class CertificateFile::Buffer : public std::streambuf {
 public:
  Buffer(int fd, bool compress, std::string path) : fd_(fd), path_(std::move(path)), in_(1 << 20) {
    setp(in_.data(), in_.data() + in_.size());
    if (compress) {
      cctx_ = ZSTD_createCCtx();
      if (!cctx_) throw InputError("writing " + path_ + " failed: no zstd context");
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, 9);
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
      zout_.resize(ZSTD_CStreamOutSize());
    }
  }
  ~Buffer() override {
    if (cctx_) ZSTD_freeCCtx(cctx_);
  }
  // Everything buffered into the file; `end_frame` closes the zstd frame.
  void drain(bool end_frame) {
    const std::size_t n = static_cast<std::size_t>(pptr() - pbase());
    if (!cctx_) {
      write_all(pbase(), n);
    } else {
      ZSTD_inBuffer in{pbase(), n, 0};
      const ZSTD_EndDirective mode = end_frame ? ZSTD_e_end : ZSTD_e_continue;
      while (true) {
        ZSTD_outBuffer out{zout_.data(), zout_.size(), 0};
        const std::size_t left = ZSTD_compressStream2(cctx_, &out, &in, mode);
        if (ZSTD_isError(left)) throw InputError("writing " + path_ + " failed: " + ZSTD_getErrorName(left));
        write_all(zout_.data(), out.pos);
        if (end_frame ? left == 0 : in.pos == in.size) break;
      }
    }
    setp(in_.data(), in_.data() + in_.size());
  }
  std::uint64_t written() const { return written_; }

 protected:
  int_type overflow(int_type ch) override {
    drain(false);
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize count) override {
    std::streamsize done = 0;
    while (done < count) {
      if (pptr() == epptr()) drain(false);
      const std::streamsize room = epptr() - pptr();
      const std::streamsize take = std::min(room, count - done);
      std::memcpy(pptr(), s + done, static_cast<std::size_t>(take));
      pbump(static_cast<int>(take));
      done += take;
    }
    return count;
  }

 private:
  void write_all(const char* data, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd_, data, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) throw InputError("writing " + path_ + " failed: " + std::strerror(errno));
      data += w;
      n -= static_cast<std::size_t>(w);
      written_ += static_cast<std::uint64_t>(w);
    }
  }
  int fd_;
  std::string path_;
  std::vector<char> in_, zout_;
  ZSTD_CCtx* cctx_ = nullptr;
  std::uint64_t written_ = 0;
};

bool CertificateFile::compressed_name(const std::string& path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".zst") == 0;
}

CertificateFile::CertificateFile(std::string path, Mode mode, std::uint64_t offset)
    : path_(std::move(path)), mode_(mode), compress_(compressed_name(path_)) {
  target_ = mode == Mode::Atomic ? path_ + ".tmp." + std::to_string(::getpid()) : path_;
  int fd = -1;
  if (offset == 0) {
    fd = ::open(target_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw InputError("cannot write " + path_);
  } else {
    fd = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw InputError("cannot reopen " + path_ + " to resume it");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_size) < offset) {
      ::close(fd);
      throw InputError(path_ + " has " + std::to_string(st.st_size) + " bytes, the checkpoint expects at least " +
                       std::to_string(offset));
    }
    if (::ftruncate(fd, static_cast<off_t>(offset)) != 0 || ::lseek(fd, 0, SEEK_END) < 0) {
      ::close(fd);
      throw InputError("cannot cut " + path_ + " at byte " + std::to_string(offset));
    }
  }
  fd_ = fd;
  base_ = offset;
  buffer_ = std::make_unique<Buffer>(fd, compress_, path_);
  out_ = std::make_unique<std::ostream>(buffer_.get());
  out_->exceptions(std::ios::badbit);
}

CertificateFile::~CertificateFile() {
  if (!closed_) {
    ::close(fd_);
    if (mode_ == Mode::Atomic) std::remove(target_.c_str());
  }
}

std::uint64_t CertificateFile::sync() {
  try {
    out_->flush();
    buffer_->drain(true);
  } catch (const std::ios::failure&) {
    throw InputError("writing " + path_ + " failed");
  }
  if (::fsync(fd_) != 0) throw InputError("writing " + path_ + " failed: fsync: " + std::strerror(errno));
  return base_ + buffer_->written();
}

void CertificateFile::close() {
  sync();
  closed_ = true;
  if (::close(fd_) != 0) throw InputError("writing " + path_ + " failed");
  if (mode_ == Mode::Atomic && std::rename(target_.c_str(), path_.c_str()) != 0) {
    std::remove(target_.c_str());
    throw InputError("writing " + path_ + " failed: rename");
  }
}

}  // namespace nf
