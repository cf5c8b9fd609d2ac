// Calls one of the GMP-only checkers (proofs/checker/check-proof.cpp,
// check-rank.cpp) exactly as its command line does: the checker's source is
// compiled unchanged with -Dmain=nf_check_proof_main (fuzz/CMakeLists.txt), and
// the certificate reaches it through a file (check-proof) or standard input
// (check-rank, path "-").  The checkers' output is discarded.  This is the only
// coupling of the targets to the checkers: their arguments and exit statuses
// (0 VERIFIED, 1 NOT VERIFIED, 2 usage or input error).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

int nf_check_proof_main(int argc, char** argv);
int nf_check_rank_main(int argc, char** argv);

namespace nf_fuzz {

// Silences std::cout and std::cerr while alive.
class QuietStreams {
 public:
  QuietStreams() : out_(std::cout.rdbuf(&sink_)), err_(std::cerr.rdbuf(&sink_)) {}
  ~QuietStreams() {
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
    std::cout.clear();
    std::cerr.clear();
  }
  QuietStreams(const QuietStreams&) = delete;
  QuietStreams& operator=(const QuietStreams&) = delete;

 private:
  std::stringbuf sink_;
  std::streambuf *out_, *err_;
};

inline int call_main(int (*main_fn)(int, char**), std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  QuietStreams quiet;
  return main_fn(static_cast<int>(args.size()), argv.data());
}

// An anonymous in-memory file (memfd), rewritten for each input and passed to
// check-proof as /proc/self/fd/N.
inline const std::string& memory_file(std::string_view content) {
  static int fd = -1;
  static std::string path;
  if (fd < 0) {
    fd = memfd_create("nf-fuzz-certificate", 0);
    if (fd < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path = "/proc/self/fd/" + std::to_string(fd);
  }
  if (ftruncate(fd, 0) != 0 || pwrite(fd, content.data(), content.size(), 0) != static_cast<ssize_t>(content.size())) {
    std::perror("memfd write");
    std::abort();
  }
  return path;
}

// check-proof on `certificate`, refusing case splits above max_candidates
// (so that no input runs long).  Returns its exit status.
inline int check_proof(std::string_view certificate, unsigned long max_candidates = 20000) {
  const std::string path = memory_file(certificate);
  return call_main(nf_check_proof_main, {"check-proof", "--max-candidates", std::to_string(max_candidates), path});
}

// check-rank on `certificate` through standard input.  Returns its exit status.
inline int check_rank(std::string_view certificate) {
  std::istringstream in{std::string(certificate)};
  std::streambuf* old = std::cin.rdbuf(in.rdbuf());
  const int status = call_main(nf_check_rank_main, {"check-rank", "-"});
  std::cin.rdbuf(old);
  std::cin.clear();
  return status;
}

}  // namespace nf_fuzz
