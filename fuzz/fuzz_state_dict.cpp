// Fuzz target: the PyTorch state_dict JSON reader (lib/io/network_state_dict.cpp),
// and format detection plus the dispatcher parse_network on the same bytes.
#include "fuzz_support.hpp"
#include "io/network_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = nf::fuzz::as_text(data, size);
  nf::fuzz::expect_only_input_errors(
      [&] { (void)nf::parse_network_state_dict(text, "fuzz.json", nf::fuzz::small_limits()); });
  nf::fuzz::expect_only_input_errors(
      [&] { (void)nf::parse_network(text, "fuzz", nf::NetworkFormat::Auto, nf::fuzz::small_limits()); });
  return 0;
}
