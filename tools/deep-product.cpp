// deep-product: the binary-tree product network of section 3.8.
#include <iostream>

#include "numeric/deep_product.hpp"
#include "verify/verify_flags.hpp"

namespace {

const nf::ToolInfo kTool{
    "deep-product", "N [options] | --cost-table [--from A] [--to B]",
    "The deep binary-tree product network of section 3.8: its structure (neurons, synapses per layer), the exact\n"
    "lambda -> 0 series, and the network at finite lambda with certified errors against the flat (A4) gate;\n"
    "or the flattening cost table, deep neurons against the flat 2^n.",
    "Example: deep-product 8 --activation exp; deep-product --cost-table --to 16\n"
    "Statuses: 0 the exact limit is x1...xn, 1 it is not, 2 bad input."};

int run(int argc, char** argv) {
  nf::DeepProductRequest request;
  request.opts.points = 20;
  std::uint64_t from = 2, to = 64;
  std::string lambdas;
  bool cost_table = false, json = false, no_flat = false, no_sweep = false;
  std::vector<nf::Option> table = {
      nf::positional("N", "the number of inputs (2..4096)", nf::count_value(request.n, 2, 4096)),
      nf::flag("--cost-table", "deep neurons against the flat 2^n, n = A..B", cost_table),
      nf::option("--from", "A", "first n of the cost table (default 2)", nf::count_value(from, 2, 4096)),
      nf::option("--to", "B", "last n of the cost table (default 64)", nf::count_value(to, 2, 4096)),
      nf::option("--activation", "SPEC", "generic, sigmoid (default), tanh, softplus, exp, silu, poly:c0,c1,...",
                 nf::text_value(request.activation)),
      nf::option("--bias", "B", "auto (default) or an exact rational", nf::text_value(request.bias)),
      nf::option("--series-order", "T", "terms of the exact series in lambda (0..6, default 2)",
                 [&](const std::string& option, const std::string& text) {
                   nf::unsigned_value(request.series_order, 0, 6)(option, text);
                   request.series_order_given = true;
                 }),
      nf::option("--lambda", "L1,L2,...", "exact rationals of the finite-lambda sweep", nf::text_value(lambdas)),
      nf::option("--points", "K", "points of the sweep (default 20)", nf::unsigned_value(request.opts.points, 1, 100000)),
      nf::option("--seed", "S", "seed of the points (default 1)", nf::count_value(request.opts.seed, 0, UINT64_MAX >> 1)),
      nf::flag("--no-flat", "skip the flat (A4) gate in the sweep", no_flat),
      nf::flag("--no-sweep", "skip the finite-lambda sweep", no_sweep),
      nf::flag("--json", "one JSON object (the cost table: one per n, JSON Lines)", json),
      nf::option("--max-work", "OPS", "refuse sweeps estimated above OPS sigma evaluations (default 2e7)",
                 nf::positive_real_value(request.opts.max_work)),
  };
  if (nf::parse_command_line(kTool, table, argc, argv)) return nf::kExitOk;
  if (cost_table == (request.n != 0)) throw nf::InputError("give N or --cost-table (see --help)");
  if (cost_table) {
    if (from > to) throw nf::InputError("--from " + std::to_string(from) + " exceeds --to " + std::to_string(to));
    const auto rows = nf::flattening_cost_table(from, to);
    if (json)
      for (const auto& line : nf::cost_table_json(rows)) std::cout << line.dump() << '\n';
    else
      std::cout << nf::format_cost_table(rows);
    return nf::kExitOk;
  }
  if (!lambdas.empty()) request.opts.lambdas = nf::parse_lambda_list(lambdas);
  request.flat = !no_flat;
  request.sweep = !no_sweep;
  const nf::DeepProductResult result = nf::deep_product(request);
  if (json) std::cout << nf::deep_product_json(result).dump() << '\n';
  else std::cout << nf::format_deep_product(result);
  return result.status;
}

}  // namespace

int main(int argc, char** argv) { return nf::run_tool("deep-product", [&] { return run(argc, argv); }); }
