// Fuzz target: the project's JSON network reader (lib/io/network_json.cpp).
// Property: a network that parses is written back by write_network_json and
// parses again to the same network and activation.
#include "fuzz_support.hpp"
#include "io/network_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nf::fuzz::expect_only_input_errors([&] {
    const nf::NetworkFile file = nf::parse_network_json(nf::fuzz::as_text(data, size), "fuzz.json", nf::fuzz::small_limits());
    const std::string again = nf::write_network_json(file.network, file.activation);
    const nf::NetworkFile back = nf::parse_network_json(again, "again.json");
    if (!(back.network == file.network) || back.activation != file.activation)
      nf::fuzz::property_failed("write_network_json does not round-trip");
  });
  return 0;
}
