// Presentation of a VerificationReport: a readable proof log, a one-line table
// row, and a JSON object.  Nothing here computes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "model/activation.hpp"
#include "model/network.hpp"
#include "verify/verification.hpp"

namespace nf {

// The proof log: network summary (weights when small), one line per degree,
// the rank of A with its meaning, the conclusion, the verdict and the time.
std::string format_proof_log(const VerificationReport& rep, const Network& net, const Activation& activation);

// The network is an exact gate and no counterexample arose: under the
// hypothesis this includes full row rank of A.  The `verified` JSON key.
bool report_verified(const VerificationReport& rep);

// Table header and row for multi-n runs.
std::string format_table_header();
std::string format_table_row(const VerificationReport& rep);

// Keys: n, m, activation, target, degree, engine, hypothesis_holds,
// vanishing_degrees, degrees [{k, monomials, imposed, holds}],
// identities_hold, failures [{k, monomial, coefficient, expected}], rows,
// rank, full_row_rank, rank_method, verdict, verified, counterexample,
// conclusion, expansion_seconds, rank_seconds, seconds.
nlohmann::ordered_json report_json(const VerificationReport& rep);

}  // namespace nf
