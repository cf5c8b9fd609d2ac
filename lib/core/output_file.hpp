// Files the tools write (certificates, CSV, checkpoints): written beside the
// destination under a temporary name and renamed into place on commit(), so
// that a reader never sees a half-written file under the final name.
#pragma once

#include <fstream>
#include <functional>
#include <string>

namespace nf {

class OutputFile {
 public:
  // Opens PATH.tmp.PID for writing; throws InputError "cannot write PATH".
  explicit OutputFile(std::string path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~OutputFile();

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  // Flushes, fsyncs and renames the temporary file to PATH; throws InputError
  // "writing PATH failed" on any error.
  void commit();

 private:
  std::string path_, temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

// Writes the whole file through OutputFile: write(stream) then commit().
void write_file(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace nf
