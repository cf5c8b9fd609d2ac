// Fuzz target: the plain-text network reader (lib/io/network_text.cpp).
// Property: a network that parses is written back by write_network_text and
// parses again to the same network.
#include "fuzz_support.hpp"
#include "io/network_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nf::fuzz::expect_only_input_errors([&] {
    const nf::NetworkFile file = nf::parse_network_text(nf::fuzz::as_text(data, size), "fuzz.txt", nf::fuzz::small_limits());
    const nf::NetworkFile back = nf::parse_network_text(nf::write_network_text(file.network), "again.txt");
    if (!(back.network == file.network)) nf::fuzz::property_failed("write_network_text does not round-trip");
  });
  return 0;
}
