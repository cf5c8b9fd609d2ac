// A main() for a fuzz target without libFuzzer: the regression route of CTest
// (fuzz_replay_NAME), built with the normal compiler and flags.
//
//   fuzz-replay-NAME [--random N] [--max-len L] PATH...
//
// runs LLVMFuzzerTestOneInput on every file under each PATH (directories are
// read recursively, missing paths are skipped with a note), then on N
// pseudo-random inputs of at most L bytes (default 256) from a fixed seed
// (NF_TEST_SEED overrides it).  A failing input crashes the program, as under
// libFuzzer; the last line names the counts.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));
// Optional: a target's own counts, printed after the replay.
extern "C" void nf_fuzz_summary() __attribute__((weak));

namespace {

void run(const std::string& bytes) {
  // A copy in its own allocation, so that ASan sees reads past the end.
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  unsigned long random_inputs = 0, max_len = 256;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--random" || arg == "--max-len") && i + 1 < argc) {
      (arg == "--random" ? random_inputs : max_len) = std::stoul(argv[++i]);
      continue;
    }
    const std::filesystem::path p(arg);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (std::filesystem::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::printf("replay: skipping %s (not found)\n", arg.c_str());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::printf("replay: %s\n", f.c_str());
    std::fflush(stdout);
    run(read_file(f));
  }
  std::uint64_t seed = 20261202;
  if (const char* s = std::getenv("NF_TEST_SEED"); s != nullptr && std::string(s) != "random") seed = std::stoull(s);
  std::printf("replay: %lu random inputs, seed %llu\n", random_inputs, static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  std::mt19937_64 rng(seed);
  for (unsigned long k = 0; k < random_inputs; ++k) {
    std::string bytes(rng() % (max_len + 1), '\0');
    // Mostly printable text with the separators the formats use, sometimes raw bytes.
    static const char alphabet[] = "0123456789-+/.,:;()[]{}\"ex ^*\n\tabcdfinrsvwy";
    const bool raw = rng() % 4 == 0;
    for (char& ch : bytes) ch = raw ? static_cast<char>(rng()) : alphabet[rng() % (sizeof alphabet - 1)];
    run(bytes);
  }
  if (nf_fuzz_summary) nf_fuzz_summary();
  std::printf("replay: %zu files, %lu random inputs, no failure\n", files.size(), random_inputs);
  return 0;
}
