// The ONNX and state_dict readers against files PyTorch and the ONNX helper
// API wrote at test time (tests/readers/make_networks.py, run by CTest as the
// fixture readers_files; NF_READERS_DIR names its output), and against
// hand-made bytes.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "io/network_file.hpp"

namespace {

std::string readers_dir() {
  const char* dir = std::getenv("NF_READERS_DIR");
  REQUIRE_MESSAGE(dir != nullptr, "NF_READERS_DIR must name the output of tests/readers/make_networks.py");
  return dir;
}

std::vector<std::string> round_trip_names(const std::string& dir) {
  std::ifstream in(dir + "/ROUNDTRIPS");
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) names.push_back(line);
  return names;
}

}  // namespace

TEST_CASE("ONNX export reads back as the exact floats, state_dict JSON as the decimals json.dump wrote") {
  const std::string dir = readers_dir();
  const std::vector<std::string> names = round_trip_names(dir);
  REQUIRE(names.size() >= 4);
  for (const std::string& name : names) {
    INFO("network: " << name);
    const nf::NetworkFile onnx = nf::read_network_file(dir + "/" + name + ".onnx");
    const nf::NetworkFile exact = nf::read_network_file(dir + "/" + name + ".exact.json");
    CHECK(onnx.format == nf::NetworkFormat::Onnx);
    CHECK(onnx.network == exact.network);
    CHECK(onnx.activation == std::optional<std::string>("tanh"));
    const nf::StoredPrecision expected =
        name.find("f32") != std::string::npos ? nf::StoredPrecision::Float32 : nf::StoredPrecision::Float64;
    CHECK(onnx.precisions.a == expected);
    CHECK(onnx.precisions.b == expected);
    const nf::NetworkFile state = nf::read_network_file(dir + "/" + name + ".state.json");
    const nf::NetworkFile decimal = nf::read_network_file(dir + "/" + name + ".decimal.json");
    CHECK(state.format == nf::NetworkFormat::StateDict);
    CHECK(state.network == decimal.network);
    CHECK(state.network.has_biases());
    // The project's writers give the same network back, biases included.
    const std::string json = nf::write_network_json(onnx.network);
    CHECK(nf::parse_network_json(json, "written.json").network == onnx.network);
    const std::string text = nf::write_network_text(state.network);
    CHECK(nf::parse_network_text(text, "written.txt").network == state.network);
  }
}

TEST_CASE("ONNX reader: bytes that are not a model fail with one InputError") {
  CHECK_THROWS_AS(nf::parse_network_onnx(std::string("\x08\x07\x12\xff\xff", 5), "x.onnx"), nf::InputError);
  CHECK_THROWS_WITH_AS(nf::parse_network_onnx(std::string("\x08\x07", 2), "x.onnx"), doctest::Contains("no graph"),
                       nf::InputError);
  CHECK(nf::detect_network_format(std::string("\x08\x07", 2)) == nf::NetworkFormat::Onnx);
}
