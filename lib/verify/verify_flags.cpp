#include "verify/verify_flags.hpp"

#include "core/error.hpp"
#include "core/rational.hpp"
#include "model/activation.hpp"

namespace nf {

ValueParser activation_value(std::optional<std::string>& target) {
  return [&target](const std::string& option, const std::string& text) {
    try {
      (void)Activation::parse(text);
    } catch (const InputError& e) {
      throw InputError(option + ": " + e.what());
    }
    target = text;
  };
}

ValueParser rational_value(std::optional<mpq_class>& target) {
  return [&target](const std::string& option, const std::string& text) {
    mpq_class q;
    try {
      q = parse_rational(text);
    } catch (const InputError& e) {
      throw InputError(option + ": " + e.what());
    }
    if (q < 0) throw InputError(option + ": expected a non-negative number, got '" + text + "'");
    target = q;
  };
}

std::vector<Option> limit_options(ResourceLimits& limits) {
  return {option("--max-memory", "BYTES", "memory limit, suffixes K M G T (default 8G); requests above it are refused",
                 bytes_value(limits.max_memory_bytes)),
          option("--max-work", "OPS", "work limit in elementary operations (default 1e13)",
                 positive_real_value(limits.max_work))};
}

std::vector<Option> verify_options(VerifyFlags& flags) {
  VerifyOptions& v = flags.verify;
  std::vector<Option> table = {
      flag("--json", "one JSON object per line (JSON Lines)", flags.json),
      option("--activation", "SPEC",
             "generic, exp, tanh, sigmoid, silu, softplus or poly:c0,c1,... (case-insensitive; default generic)",
             activation_value(flags.activation)),
      option("--engine", "NAME",
             "expansion engine: literal (FLINT reference), moment, structured (default: structured when every row "
             "of a takes at most two values, else moment)",
             choice_value(v.engine, {{"literal", ExpansionEngine::Literal},
                                     {"moment", ExpansionEngine::Moment},
                                     {"structured", ExpansionEngine::Structured}})),
      option("--rank-engine", "NAME",
             "rank of A (A7): dense, structured, flint (default: structured when it applies, else dense)",
             choice_value(v.rank_engine, {{"dense", RankEngine::Dense},
                                          {"structured", RankEngine::Structured},
                                          {"flint", RankEngine::Flint}})),
      threads_option(v.threads),
      option("--max-failures", "N", "list at most N failing monomials (default 5)",
             unsigned_value(v.max_failures, 0, 1000000000)),
      option("--tolerance", "T",
             "every residual certified <= T gives the verdict approximate (status 0), one certified > T refuted "
             "(exact rational or decimal, e.g. 1e-12)",
             rational_value(v.tolerance)),
      option("--certificate", "FILE", "write the rank certificate of A (check it with check-rank FILE)",
             text_value(flags.certificate)),
  };
  table.push_back(Option{"--no-rank", "skip the rank of A (A7)", "",
                         [&v](const std::string&) { v.compute_rank = false; }, true, false});
  for (Option& o : limit_options(v.limits)) table.push_back(std::move(o));
  return table;
}

void finish_verify_flags(VerifyFlags& flags) {
  if (!flags.certificate.empty() && !flags.verify.compute_rank)
    throw InputError("--certificate needs the rank (drop --no-rank)");
  flags.verify.keep_rank_certificate = !flags.certificate.empty();
}

}  // namespace nf
