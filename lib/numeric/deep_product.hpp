// The deep-product run: the binary-tree product network of section 3.8 as one
// request in and one result out (structure, the exact lambda -> 0 series, the
// certified finite-lambda sweep against the flat (A4) gate), and the flattening
// cost table; separate text and JSON formatters.
//
// Example: n = 4 under exp at b = 0: 3 gates in 2 layers (12 neurons), the
// series F = c_0 + c_2 lambda^2 + ... with c_0 = x1 x2 x3 x4 exactly; status 0.
#pragma once

#include <gmpxx.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "numeric/deep_network.hpp"

namespace nf {

struct DeepProductRequest {
  std::uint64_t n = 0;
  std::string activation = "sigmoid";
  std::string bias = "auto";
  unsigned series_order = 2;
  bool series_order_given = false;  // otherwise 0 above n = 64 (the series grows fast)
  bool flat = true, sweep = true;
  SweepOptions opts;                // points default to 20 in the tool
};

struct DeepProductResult {
  DeepProductNetwork network;
  std::string activation;  // Activation::name()
  mpq_class bias;
  std::string bias_note;
  unsigned points = 0;
  DeepSeriesReport series;
  std::optional<DeepSweepResult> sweep;
  std::optional<double> c2_max;  // max over the points of |c_2(x)|
  // 0 when the exact limit is x1...xn, 1 when it is not.
  int status = 0;
};

// Throws InputError (n < 2, bad activation or bias, no certified bias) and
// LimitError (the sweep's work above opts.max_work).
DeepProductResult deep_product(const DeepProductRequest& request);
std::string format_deep_product(const DeepProductResult& result);
// Keys: n, activation, bias, layers, levels [{gates, copies, neurons,
// synapses_in}], output_synapses, neurons, synapses, flat_neurons,
// series_order, series_note, lower_degrees_vanish, limit_is_product,
// series_terms, series_coefficients, c2_max_on_points, rows [{lambda,
// max_error, max_error_lo, max_error_hi, max_error_double, double_fails,
// precision_bits, flat_error}], fitted_order, verified.
nlohmann::ordered_json deep_product_json(const DeepProductResult& result);

// The cost table rows for n = from..to, as text and as JSON Lines (keys: n,
// layers, deep_neurons, deep_synapses, copies, flat_neurons, flat_synapses,
// neuron_cost, synapse_cost).
std::string format_cost_table(const std::vector<FlatteningCostRow>& rows);
std::vector<nlohmann::ordered_json> cost_table_json(const std::vector<FlatteningCostRow>& rows);

}  // namespace nf
