// Fuzz target: the ONNX reader (lib/io/network_onnx.cpp, protobuf through
// Debian's ONNX library).  Property: every weight of an accepted model is a
// value of the float format it was stored in.
#include "fuzz_support.hpp"
#include "io/network_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nf::fuzz::expect_only_input_errors([&] {
    const nf::NetworkFile file = nf::parse_network_onnx(nf::fuzz::as_text(data, size), "fuzz.onnx", nf::fuzz::small_limits());
    const nf::Network& net = file.network;
    for (std::size_t i = 0; i < net.inputs(); ++i)
      for (std::size_t j = 0; j < net.neurons(); ++j)
        if (!nf::is_value_of(net.a(i, j), file.precisions.a)) nf::fuzz::property_failed("a weight is not a value of its dtype");
    for (std::size_t j = 0; j < net.neurons(); ++j)
      if (!nf::is_value_of(net.w(j), file.precisions.w)) nf::fuzz::property_failed("an output weight is not a value of its dtype");
  });
  return 0;
}
