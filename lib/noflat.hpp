// noflat: exact verification of the no-flattening theorems of Lin, Tegmark &
// Rolnick (2017).  The umbrella header of the installed library: every public
// header of the engine, by module (lib/README.md says what each one does).
//
// Example (the worked example of verify/verification.hpp):
//   #include <noflat/noflat.hpp>
//   nf::Network net = nf::canonical_product_gate(3, nf::Activation::generic());
//   nf::VerificationReport rep =
//       nf::verify_network(net, nf::Activation::generic(), nf::Target::product(3), {});
//   // rep.verdict == nf::Verdict::Verified, rep.rank->rank == 8
#pragma once

#include "approx/arb_ball.hpp"
#include "approx/branch_and_bound.hpp"
#include "approx/certify_approx.hpp"
#include "approx/error_function.hpp"

#include "cli/tool_mains.hpp"

#include "core/blas_threads.hpp"
#include "core/cancel.hpp"
#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/huge_buffer.hpp"
#include "core/limits.hpp"
#include "core/options.hpp"
#include "core/output_file.hpp"
#include "core/progress.hpp"
#include "core/rational.hpp"
#include "core/stop_request.hpp"
#include "core/thread_pool.hpp"
#include "core/verdict.hpp"

#include "io/json_scanner.hpp"
#include "io/network_file.hpp"
#include "io/rank_check.hpp"
#include "io/snap.hpp"

#include "linalg/certified_rank.hpp"
#include "linalg/modular_rank.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"

#include "model/activation.hpp"
#include "model/construction.hpp"
#include "model/integer_network.hpp"
#include "model/network.hpp"
#include "model/target.hpp"

#include "numeric/audit.hpp"
#include "numeric/deep_network.hpp"
#include "numeric/deep_product.hpp"
#include "numeric/evaluate_gate.hpp"
#include "numeric/fast_sigma.hpp"
#include "numeric/gate_evaluation.hpp"
#include "numeric/interval.hpp"
#include "numeric/numeric_util.hpp"
#include "numeric/paper_checks.hpp"
#include "numeric/plot.hpp"
#include "numeric/real_activation.hpp"

#include "poly/expansion.hpp"
#include "poly/float_moments.hpp"
#include "poly/prime_field.hpp"
#include "poly/structured.hpp"

#include "search/candidate_solver.hpp"
#include "search/case_split.hpp"
#include "search/certificate_file.hpp"
#include "search/certificate_writer.hpp"
#include "search/checkpoint.hpp"
#include "search/proof_checker_sink.hpp"
#include "search/prove_minimal.hpp"
#include "search/search.hpp"
#include "search/search_sink.hpp"
#include "search/weight_domain.hpp"

#include "verify/bias_groups.hpp"
#include "verify/float_path.hpp"
#include "verify/identities.hpp"
#include "verify/product_runs.hpp"
#include "verify/report_format.hpp"
#include "verify/verification.hpp"
#include "verify/verify_flags.hpp"
