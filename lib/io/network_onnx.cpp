// ONNX networks (network_file.hpp), read with the ONNX library's protobuf
// classes.  Accepted graphs compute, for one data input X (batch x n),
//
//   H = X W1 + B1      Gemm (any transA/transB, alpha, beta) or MatMul [+ Add]
//   Z = act(H)         Sigmoid, Tanh, Softplus, Exp, Relu, or SiLU as Mul(H, Sigmoid(H))
//   Y = Z W2 + B2      Gemm or MatMul [+ Add], one output column
//
// which is f(x) = c + sum_j w_j act(a_j . x + b_j) with a = alpha1 W1',
// b = beta1 B1, w = alpha2 W2', c = beta2 B2 (W' the weight after transB),
// every product taken exactly.  Weights are initializers (or Constant nodes)
// of type float, double or float16, raw or typed data; each float is the
// dyadic rational it is.  Anything else is refused naming the node.
#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/network_file.hpp"
#include "model/activation.hpp"

namespace nf {

namespace {

// A float tensor read from an initializer, values as doubles (exact for
// float16/32/64), row-major.
struct FloatTensor {
  std::string name;
  std::vector<std::int64_t> dims;
  std::vector<double> values;
  StoredPrecision precision = StoredPrecision::Float32;
};

class OnnxReader {
 public:
  OnnxReader(const std::string& source, const ResourceLimits& limits) : source_(source), limits_(limits) {}
  NetworkFile read(std::string_view content);

 private:
  struct Linear {
    std::size_t in = 0, out = 0;
    std::vector<mpq_class> weight;  // in x out, row-major: weight[i * out + j]
    std::vector<mpq_class> bias;    // out entries, or empty (zero)
    StoredPrecision weight_precision = StoredPrecision::Text, bias_precision = StoredPrecision::Text;
  };

  [[noreturn]] void fail(const std::string& what) const { throw InputError(source_ + ": " + what); }
  [[noreturn]] void fail_node(const onnx::NodeProto& node, const std::string& what) const {
    fail("node " + node.op_type() + " '" + node.name() + "': " + what);
  }

  void collect_initializers(const onnx::GraphProto& graph);
  FloatTensor tensor_values(const onnx::TensorProto& t) const;
  const FloatTensor* initializer(const std::string& name) const {
    auto it = initializers_.find(name);
    return it == initializers_.end() ? nullptr : &it->second;
  }
  std::string data_input(const onnx::GraphProto& graph) const;
  std::size_t linear_layer(const onnx::GraphProto& graph, std::size_t at, std::string& current, Linear& layer,
                           const char* which) const;
  void gemm(const onnx::NodeProto& node, const std::string& current, Linear& layer) const;
  void matmul(const onnx::NodeProto& node, const std::string& current, Linear& layer) const;
  void add_bias(const onnx::NodeProto& node, const std::string& current, Linear& layer) const;
  const std::string& single_output(const onnx::NodeProto& node) const;
  std::vector<mpq_class> bias_values(const onnx::NodeProto& node, const FloatTensor& t, std::size_t out,
                                     const mpq_class& scale) const;
  std::size_t activation(const onnx::GraphProto& graph, std::size_t at, std::string& current,
                         std::string& name) const;

  const std::string& source_;
  const ResourceLimits& limits_;
  std::map<std::string, FloatTensor> initializers_;
};

double half_to_double(std::uint16_t h) {
  const int sign = h >> 15, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  double v;
  if (exponent == 0) v = std::ldexp(mantissa, -24);
  else if (exponent == 31) v = mantissa ? std::numeric_limits<double>::quiet_NaN() : HUGE_VAL;
  else v = std::ldexp(mantissa + 1024, exponent - 25);
  return sign ? -v : v;
}

const char* type_name(int type) {
  switch (type) {
    case onnx::TensorProto::FLOAT: return "float";
    case onnx::TensorProto::DOUBLE: return "double";
    case onnx::TensorProto::FLOAT16: return "float16";
    case onnx::TensorProto::BFLOAT16: return "bfloat16";
    case onnx::TensorProto::INT64: return "int64";
    case onnx::TensorProto::INT32: return "int32";
    default: return "a non-float type";
  }
}

// Element count of `dims`, or nullopt when a dimension is negative or the
// product passes 2^40 (no network file holds that many weights).
std::optional<std::uint64_t> element_count(const std::vector<std::int64_t>& dims) {
  std::uint64_t count = 1;
  for (std::int64_t d : dims) {
    if (d < 0 || (d > 0 && count > (std::uint64_t{1} << 40) / static_cast<std::uint64_t>(d))) return std::nullopt;
    count *= static_cast<std::uint64_t>(d);
  }
  return count;
}

template <class T>
void copy_raw(const std::string& raw, std::vector<double>& out) {
  const std::size_t count = raw.size() / sizeof(T);
  out.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    T v;
    std::memcpy(&v, raw.data() + k * sizeof(T), sizeof(T));  // little-endian, as ONNX stores it
    if constexpr (std::is_same_v<T, std::uint16_t>) out[k] = half_to_double(v);
    else out[k] = static_cast<double>(v);
  }
}

FloatTensor OnnxReader::tensor_values(const onnx::TensorProto& t) const {
  FloatTensor out;
  out.name = t.name();
  out.dims.assign(t.dims().begin(), t.dims().end());
  const std::string what = "initializer '" + t.name() + "'";
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    fail(what + ": external data files are not supported (export with the weights inside the model)");
  const std::optional<std::uint64_t> count = element_count(out.dims);
  if (!count) fail(what + ": absurd dimensions (a negative size, or more than 2^40 elements)");
  std::size_t width = 0, typed = 0;
  switch (t.data_type()) {
    case onnx::TensorProto::FLOAT: width = 4, typed = static_cast<std::size_t>(t.float_data_size()); break;
    case onnx::TensorProto::DOUBLE: width = 8, typed = static_cast<std::size_t>(t.double_data_size()); break;
    case onnx::TensorProto::FLOAT16: width = 2, typed = static_cast<std::size_t>(t.int32_data_size()); break;
    default: fail(what + ": data type " + type_name(t.data_type()) + " (expected float, double or float16)");
  }
  const bool raw = t.has_raw_data();
  const std::uint64_t stored = raw ? t.raw_data().size() / width : typed;
  if ((raw && t.raw_data().size() % width != 0) || stored != *count)
    fail(what + ": its dimensions give " + std::to_string(*count) + " elements but it holds " +
         std::to_string(stored) + (raw ? " (raw data of " + std::to_string(t.raw_data().size()) + " bytes)" : ""));
  if (t.data_type() == onnx::TensorProto::FLOAT) {
    out.precision = StoredPrecision::Float32;
    if (raw) copy_raw<float>(t.raw_data(), out.values);
    else out.values.assign(t.float_data().begin(), t.float_data().end());
  } else if (t.data_type() == onnx::TensorProto::DOUBLE) {
    out.precision = StoredPrecision::Float64;
    if (raw) copy_raw<double>(t.raw_data(), out.values);
    else out.values.assign(t.double_data().begin(), t.double_data().end());
  } else {
    out.precision = StoredPrecision::Float16;
    if (raw) {
      copy_raw<std::uint16_t>(t.raw_data(), out.values);
    } else {
      for (std::int32_t bits : t.int32_data()) out.values.push_back(half_to_double(static_cast<std::uint16_t>(bits)));
    }
  }
  for (std::size_t k = 0; k < out.values.size(); ++k)
    if (!std::isfinite(out.values[k]))
      fail(what + ": entry " + std::to_string(k) + " is " + (std::isnan(out.values[k]) ? "NaN" : "infinite"));
  return out;
}

void OnnxReader::collect_initializers(const onnx::GraphProto& graph) {
  for (const onnx::TensorProto& t : graph.initializer()) initializers_[t.name()] = tensor_values(t);
  for (const onnx::NodeProto& node : graph.node()) {
    if (node.op_type() != "Constant") continue;
    if (node.output_size() != 1 || node.attribute_size() != 1 || node.attribute(0).name() != "value")
      fail_node(node, "only Constant nodes holding a tensor 'value' are supported");
    FloatTensor t = tensor_values(node.attribute(0).t());
    t.name = node.output(0);
    initializers_[node.output(0)] = std::move(t);
  }
}

std::string OnnxReader::data_input(const onnx::GraphProto& graph) const {
  std::vector<std::string> inputs;
  for (const onnx::ValueInfoProto& v : graph.input())
    if (!initializer(v.name())) inputs.push_back(v.name());
  if (inputs.size() != 1)
    fail("expected one data input, found " + std::to_string(inputs.size()) +
         (inputs.empty() ? "" : " ('" + inputs[0] + "', ...)"));
  if (graph.output_size() != 1) fail("expected one graph output, found " + std::to_string(graph.output_size()));
  return inputs[0];
}

// alpha * v, exactly.
mpq_class scaled(double v, const mpq_class& alpha) {
  mpq_class q(v);
  return alpha == 1 ? q : mpq_class(q * alpha);
}

float float_attribute(const onnx::NodeProto& node, const char* name, float fallback) {
  for (const onnx::AttributeProto& a : node.attribute())
    if (a.name() == name) return a.f();
  return fallback;
}

std::int64_t int_attribute(const onnx::NodeProto& node, const char* name, std::int64_t fallback) {
  for (const onnx::AttributeProto& a : node.attribute())
    if (a.name() == name) return a.i();
  return fallback;
}

std::vector<mpq_class> OnnxReader::bias_values(const onnx::NodeProto& node, const FloatTensor& t, std::size_t out,
                                               const mpq_class& scale) const {
  std::uint64_t rows = 1;
  for (std::size_t d = 0; d + 1 < t.dims.size(); ++d) rows *= static_cast<std::uint64_t>(t.dims[d]);
  const bool scalar = t.values.size() == 1, per_output = t.values.size() == out && rows == 1;
  if (!scalar && !per_output)
    fail_node(node, "bias '" + t.name + "' has " + std::to_string(t.values.size()) + " elements; expected " +
                        std::to_string(out) + " (one per output) or 1");
  std::vector<mpq_class> bias(out);
  for (std::size_t j = 0; j < out; ++j) bias[j] = scaled(t.values[scalar ? 0 : j], scale);
  return bias;
}

void OnnxReader::gemm(const onnx::NodeProto& node, const std::string& current, Linear& layer) const {
  if (node.input_size() < 2 || node.input(0) != current)
    fail_node(node, "the previous result must be Gemm's first input A (the weight its second input B)");
  const FloatTensor* b = initializer(node.input(1));
  if (!b) fail_node(node, "input B '" + node.input(1) + "' must be a weight initializer");
  if (b->dims.size() != 2) fail_node(node, "weight '" + b->name + "' must be a matrix");
  // alpha and beta exactly (a float is the dyadic rational it is); NaN and
  // infinities have no rational value (GMP aborts on them).
  auto scale = [&](const char* name) {
    const float v = float_attribute(node, name, 1.0f);
    if (!std::isfinite(v)) fail_node(node, std::string("attribute ") + name + " is " + (std::isnan(v) ? "NaN" : "infinite"));
    return mpq_class(static_cast<double>(v));
  };
  const mpq_class alpha = scale("alpha"), beta = scale("beta");
  const bool trans_b = int_attribute(node, "transB", 0) != 0;
  const std::size_t rows = static_cast<std::size_t>(b->dims[0]), cols = static_cast<std::size_t>(b->dims[1]);
  layer.in = trans_b ? cols : rows;
  layer.out = trans_b ? rows : cols;
  layer.weight.resize(layer.in * layer.out);
  for (std::size_t i = 0; i < layer.in; ++i)
    for (std::size_t j = 0; j < layer.out; ++j)
      layer.weight[i * layer.out + j] = scaled(b->values[trans_b ? j * cols + i : i * cols + j], alpha);
  layer.weight_precision = alpha == 1 ? b->precision : StoredPrecision::Text;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    const FloatTensor* c = initializer(node.input(2));
    if (!c) fail_node(node, "input C '" + node.input(2) + "' must be a bias initializer");
    layer.bias = bias_values(node, *c, layer.out, beta);
    layer.bias_precision = beta == 1 ? c->precision : StoredPrecision::Text;
  }
}

void OnnxReader::matmul(const onnx::NodeProto& node, const std::string& current, Linear& layer) const {
  if (node.input_size() != 2 || node.input(0) != current)
    fail_node(node, "the previous result must be MatMul's first input (the weight its second)");
  const FloatTensor* b = initializer(node.input(1));
  if (!b) fail_node(node, "input '" + node.input(1) + "' must be a weight initializer");
  if (b->dims.size() != 2) fail_node(node, "weight '" + b->name + "' must be a matrix");
  layer.in = static_cast<std::size_t>(b->dims[0]);
  layer.out = static_cast<std::size_t>(b->dims[1]);
  layer.weight.resize(layer.in * layer.out);
  for (std::size_t k = 0; k < layer.weight.size(); ++k) layer.weight[k] = mpq_class(b->values[k]);
  layer.weight_precision = b->precision;
}

void OnnxReader::add_bias(const onnx::NodeProto& node, const std::string& current, Linear& layer) const {
  if (node.input_size() != 2) fail_node(node, "expected two inputs");
  const std::string& other = node.input(0) == current ? node.input(1) : node.input(0);
  const FloatTensor* c = initializer(other);
  if (!c || (node.input(0) != current && node.input(1) != current))
    fail_node(node, "expected the previous result plus a bias initializer");
  layer.bias = bias_values(node, *c, layer.out, mpq_class(1));
  layer.bias_precision = c->precision;
}

// The one output of a computing node (each supported operator has exactly one).
const std::string& OnnxReader::single_output(const onnx::NodeProto& node) const {
  if (node.output_size() != 1)
    fail_node(node, "expected one output, found " + std::to_string(node.output_size()));
  return node.output(0);
}

const char* kSupported =
    "supported: Gemm or MatMul [+ Add], then one of Sigmoid, Tanh, Softplus, Exp, Relu or x * Sigmoid(x), then Gemm "
    "or MatMul [+ Add]";

// The next node that computes something (Constant nodes are initializers).
std::size_t skip_constants(const onnx::GraphProto& graph, std::size_t at) {
  while (at < static_cast<std::size_t>(graph.node_size()) && graph.node(static_cast<int>(at)).op_type() == "Constant")
    ++at;
  return at;
}

std::size_t OnnxReader::linear_layer(const onnx::GraphProto& graph, std::size_t at, std::string& current,
                                     Linear& layer, const char* which) const {
  at = skip_constants(graph, at);
  if (at >= static_cast<std::size_t>(graph.node_size()))
    fail(std::string("the graph ends before the ") + which + " layer (" + kSupported + ")");
  const onnx::NodeProto& node = graph.node(static_cast<int>(at));
  if (node.op_type() == "Gemm") {
    gemm(node, current, layer);
  } else if (node.op_type() == "MatMul") {
    matmul(node, current, layer);
  } else {
    fail_node(node, std::string("expected the ") + which + " layer (Gemm or MatMul); " + kSupported);
  }
  current = single_output(node);
  at = skip_constants(graph, at + 1);
  if (at < static_cast<std::size_t>(graph.node_size()) && graph.node(static_cast<int>(at)).op_type() == "Add") {
    const onnx::NodeProto& add = graph.node(static_cast<int>(at));
    if (!layer.bias.empty()) fail_node(add, "a second bias after Gemm's C is not supported");
    add_bias(add, current, layer);
    current = single_output(add);
    ++at;
  }
  return at;
}

std::size_t OnnxReader::activation(const onnx::GraphProto& graph, std::size_t at, std::string& current,
                                   std::string& name) const {
  static const std::map<std::string, std::string> kActivations = {
      {"Sigmoid", "sigmoid"}, {"Tanh", "tanh"}, {"Softplus", "softplus"}, {"Exp", "exp"}, {"Relu", "relu"}};
  at = skip_constants(graph, at);
  if (at >= static_cast<std::size_t>(graph.node_size()))
    fail(std::string("the graph ends before the activation (") + kSupported + ")");
  const onnx::NodeProto& node = graph.node(static_cast<int>(at));
  auto it = kActivations.find(node.op_type());
  if (it == kActivations.end())
    fail_node(node, std::string("expected the activation (") + kSupported +
                        (node.op_type() == "Gemm" || node.op_type() == "MatMul" ? "; only one hidden layer is supported)"
                                                                                : ")"));
  if (node.input_size() != 1 || node.input(0) != current) fail_node(node, "must take the hidden layer's output");
  name = it->second;
  const std::string activated = single_output(node);
  at = skip_constants(graph, at + 1);
  // SiLU: Mul(H, Sigmoid(H)) in either order.
  if (name == "sigmoid" && at < static_cast<std::size_t>(graph.node_size()) &&
      graph.node(static_cast<int>(at)).op_type() == "Mul") {
    const onnx::NodeProto& mul = graph.node(static_cast<int>(at));
    const bool silu = mul.input_size() == 2 && ((mul.input(0) == current && mul.input(1) == activated) ||
                                                (mul.input(1) == current && mul.input(0) == activated));
    if (!silu) fail_node(mul, "only x * Sigmoid(x) (SiLU) is supported as a product");
    name = "silu";
    current = single_output(mul);
    return at + 1;
  }
  current = activated;
  return at;
}

NetworkFile OnnxReader::read(std::string_view content) {
  if (content.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    fail("larger than 2 GB, the limit of an ONNX file with its weights inside");
  onnx::ModelProto model;
  if (!model.ParseFromArray(content.data(), static_cast<int>(content.size())))
    fail("not a valid ONNX model (truncated or corrupt protobuf)");
  if (!model.has_graph()) fail("the ONNX model has no graph");
  const onnx::GraphProto& graph = model.graph();
  collect_initializers(graph);
  std::string current = data_input(graph);
  Linear hidden, output;
  std::string activation_name;
  std::size_t at = linear_layer(graph, 0, current, hidden, "hidden");
  at = activation(graph, at, current, activation_name);
  at = linear_layer(graph, at, current, output, "output");
  at = skip_constants(graph, at);
  if (at < static_cast<std::size_t>(graph.node_size()))
    fail_node(graph.node(static_cast<int>(at)),
              std::string("unexpected node after the output layer: only one hidden layer is supported (") + kSupported +
                  ")");
  if (current != graph.output(0).name())
    fail("the graph output '" + graph.output(0).name() + "' is not the output layer's result");
  if (output.in != hidden.out)
    fail("the output layer takes " + std::to_string(output.in) + " inputs but the hidden layer has " +
         std::to_string(hidden.out) + " neurons");
  if (output.out != 1)
    fail("output width " + std::to_string(output.out) + ": a network for a product has one output");
  const std::size_t n = hidden.in, m = hidden.out;
  check_network_size(n, m, limits_, source_);
  std::vector<mpq_class> w = std::move(output.weight);  // m x 1
  const mpq_class c = output.bias.empty() ? mpq_class(0) : output.bias[0];
  Network net(n, m, std::move(hidden.weight), std::move(w), std::move(hidden.bias), c);
  return NetworkFile{std::move(net), activation_name, NetworkFormat::Onnx,
                     StoredPrecisions{hidden.weight_precision, output.weight_precision, hidden.bias_precision,
                                      output.bias_precision}};
}

}  // namespace

NetworkFile parse_network_onnx(std::string_view content, const std::string& source, const ResourceLimits& limits) {
  return OnnxReader(source, limits).read(content);
}

}  // namespace nf
