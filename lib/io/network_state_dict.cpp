// PyTorch state_dicts written as JSON (network_file.hpp): the two Linear
// layers of nn.Sequential(nn.Linear(n, m), ACT, nn.Linear(m, 1)), as
//   json.dump({k: v.tolist() for k, v in model.state_dict().items()}, f)
// writes them.  The layers are recognized by shape: the hidden weight is
// m x n (row j: neuron j), the output weight 1 x m, their biases m and 1
// numbers, so that
//   a_ij = W1[j][i],  w_j = W2[0][j],  b_j = B1[j],  c = B2[0].
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/json_scanner.hpp"
#include "io/network_file.hpp"

namespace nf {

namespace {

struct NamedTensor {
  std::string key, prefix;
  JsonTensor tensor;
};

struct StateDict {
  std::vector<NamedTensor> weights, biases;
  std::optional<std::string> activation;
};

std::string prefix_of(const std::string& key, const std::string& suffix) {
  return key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0
             ? key.substr(0, key.size() - suffix.size())
             : std::string();
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  if (shape.empty()) return "a single number";
  std::string out;
  for (std::size_t d : shape) out += (out.empty() ? "" : " x ") + std::to_string(d);
  return out;
}

StateDict read_state_dict(JsonScanner& in) {
  StateDict dict;
  read_json_object(in, "\"PREFIX.weight\", \"PREFIX.bias\" or \"activation\"",
                   [&](const std::string& key, JsonPosition key_at) {
                     if (key == "activation") {
                       dict.activation = read_json_activation(in);
                       return;
                     }
                     std::string prefix = prefix_of(key, ".weight");
                     std::vector<NamedTensor>* into = &dict.weights;
                     if (prefix.empty()) prefix = prefix_of(key, ".bias"), into = &dict.biases;
                     if (prefix.empty())
                       in.fail(key_at, "",
                               "unknown key \"" + shown_key(key) +
                                   "\" in a state_dict (expected PREFIX.weight, PREFIX.bias or \"activation\")");
                     into->push_back(NamedTensor{key, prefix, read_json_tensor(in, key)});
                   });
  in.skip_blanks();
  if (!in.at_end()) in.fail_here("", "unexpected " + in.describe_next() + " after the JSON object");
  return dict;
}

// The hidden and output layers' weights, in that order, recognized by shape
// (m x n, then 1 x m; file order when both orders fit).
std::pair<NamedTensor*, NamedTensor*> linear_layers(JsonScanner& in, StateDict& dict) {
  if (dict.weights.size() != 2) {
    std::string keys;
    for (const NamedTensor& t : dict.weights) keys += (keys.empty() ? "" : ", ") + t.key;
    throw InputError(
        "expected the state_dict of two Linear layers (hidden PREFIX.weight m x n, output PREFIX.weight 1 x m), found " +
        std::to_string(dict.weights.size()) + " weight" + (dict.weights.size() == 1 ? "" : "s") +
        (keys.empty() ? "" : ": " + keys) + (dict.weights.size() > 2 ? " (only one hidden layer is supported)" : ""));
  }
  for (const NamedTensor& t : dict.weights)
    if (t.tensor.shape.size() != 2)
      in.fail(t.tensor.at, t.key, "a Linear weight must be a matrix (array of rows), got " + shape_text(t.tensor.shape));
  NamedTensor &x = dict.weights[0], &y = dict.weights[1];
  auto chains = [](const NamedTensor& hidden, const NamedTensor& output) {
    return output.tensor.shape[1] == hidden.tensor.shape[0];
  };
  if (chains(x, y)) return {&x, &y};
  if (chains(y, x)) return {&y, &x};
  in.fail(y.tensor.at, y.key,
          "the shapes " + shape_text(x.tensor.shape) + " (" + x.key + ") and " + shape_text(y.tensor.shape) + " (" +
              y.key + ") do not chain as Linear(n, m) then Linear(m, 1)");
}

// The bias of the layer with `prefix`: `expected` numbers, or none.
std::vector<mpq_class> layer_bias(JsonScanner& in, StateDict& dict, const std::string& prefix, std::size_t expected,
                                  const std::string& what) {
  for (NamedTensor& t : dict.biases) {
    if (t.prefix != prefix) continue;
    if (t.tensor.shape.size() > 1 || t.tensor.values.size() != expected)
      in.fail(t.tensor.at, t.key,
              "expected " + std::to_string(expected) + " number" + (expected == 1 ? "" : "s") + " (" + what + "), got " +
                  shape_text(t.tensor.shape));
    t.prefix.clear();  // used
    return std::move(t.tensor.values);
  }
  return {};
}

}  // namespace

NetworkFile parse_network_state_dict(std::string_view content, const std::string& source,
                                     const ResourceLimits& limits) {
  JsonScanner in(content, source, limits);
  in.skip_blanks();
  if (in.at_end()) throw InputError(source + ": empty file (expected a JSON state_dict)");
  if (in.peek() != '{') in.fail_here("", "expected a JSON object (a state_dict), got " + in.describe_next());
  StateDict dict = read_state_dict(in);
  std::pair<NamedTensor*, NamedTensor*> layers;
  try {
    layers = linear_layers(in, dict);
  } catch (const InputError& e) {
    if (std::string(e.what()).rfind(source, 0) == 0) throw;
    throw InputError(source + ": " + e.what());
  }
  NamedTensor &hidden = *layers.first, &output = *layers.second;
  const std::size_t m = hidden.tensor.shape[0], n = hidden.tensor.shape[1];
  if (output.tensor.shape[0] != 1)
    in.fail(output.tensor.at, output.key,
            "the output layer has " + std::to_string(output.tensor.shape[0]) +
                " outputs; a network for a product has one (expected 1 x " + std::to_string(m) + ")");
  check_network_size(n, m, limits, source);
  std::vector<mpq_class> b = layer_bias(in, dict, hidden.prefix, m, "the hidden biases");
  std::vector<mpq_class> c = layer_bias(in, dict, output.prefix, 1, "the output bias");
  for (const NamedTensor& t : dict.biases)
    if (!t.prefix.empty())
      in.fail(t.tensor.at, t.key, "a bias without a matching weight (" + hidden.prefix + ".weight or " +
                                      output.prefix + ".weight)");
  // a_ij = W1[j][i]: the hidden weight is stored neuron-major.
  std::vector<mpq_class> a(n * m);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) a[i * m + j] = std::move(hidden.tensor.values[j * n + i]);
  std::vector<mpq_class> w = std::move(output.tensor.values);
  Network net(n, m, std::move(a), std::move(w), std::move(b), c.empty() ? mpq_class(0) : c[0]);
  return NetworkFile{std::move(net), dict.activation, NetworkFormat::StateDict, {}};
}

}  // namespace nf
