#include "core/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "core/error.hpp"

namespace nf {

OutputFile::OutputFile(std::string path)
    : path_(std::move(path)), temporary_(path_ + ".tmp." + std::to_string(::getpid())) {
  out_.open(temporary_, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!out_) throw InputError("cannot write " + path_);
}

OutputFile::~OutputFile() {
  if (!committed_) {
    out_.close();
    std::remove(temporary_.c_str());
  }
}

void OutputFile::commit() {
  out_.flush();
  const bool written = static_cast<bool>(out_);
  out_.close();
  bool synced = false;
  const int fd = ::open(temporary_.c_str(), O_RDONLY);
  if (fd >= 0) {
    synced = ::fsync(fd) == 0;
    ::close(fd);
  }
  if (!written || !synced || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    std::remove(temporary_.c_str());
    throw InputError("writing " + path_ + " failed");
  }
  committed_ = true;
}

void write_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  OutputFile file(path);
  write(file.stream());
  file.commit();
}

}  // namespace nf
