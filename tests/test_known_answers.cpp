// Known answers from the paper, in one table, and the refutations that must follow
// from small changes to its construction.
#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "core/error.hpp"
#include "linalg/rank.hpp"
#include "linalg/subset_matrix.hpp"
#include "model/construction.hpp"
#include "test_support.hpp"
#include "verify/verification.hpp"

using namespace nf;

namespace {

VerificationReport verify(const Network& net, const Activation& act = Activation::generic()) {
  return verify_network(net, act, Target::product(net.inputs()), VerifyOptions{});
}

Network with_weights(const Network& net, std::vector<mpq_class> a, std::vector<mpq_class> w, std::size_t m) {
  return Network(net.inputs(), m, std::move(a), std::move(w));
}

}  // namespace

// | input                          | expected                        | where in the paper        |
// | n = 1..8, generic, (A4)        | identities hold, rank A = 2^n   | App. A.1, A.2, eq. (A4)   |
// | n = 1                          | 2 neurons                       | eq. (28), n = 1           |
// | n = 2                          | eq. (11) with sigma''(0)=2s_2   | Theorem 1, eq. (11)       |
// | n = 3, exp                     | w_j = (-1)^|S|/8 (sigma_3=1/6)  | eq. (A4)                  |
TEST_CASE("the paper's construction (A4) is verified with full row rank for n = 1..8") {
  for (std::size_t n = 1; n <= 8; ++n) {
    CAPTURE(n);
    const Network net = canonical_product_gate(n, Activation::generic());
    CHECK(net.neurons() == (std::size_t(1) << n));
    const VerificationReport rep = verify(net);
    CHECK(rep.identities.holds);
    CHECK(rep.verdict == Verdict::Verified);
    REQUIRE(rep.rank);
    CHECK(rep.rank->rank == (std::uint64_t(1) << n));
    CHECK(rep.rank->full_row_rank);
    CHECK_FALSE(rep.counterexample);
  }
}

TEST_CASE("n = 1: two neurons, sigma(x) - sigma(-x) over 2 sigma_1") {
  const Network net = canonical_product_gate(1, Activation::generic());
  REQUIRE(net.neurons() == 2);
  CHECK(net.a(0, 0) == 1);
  CHECK(net.a(0, 1) == -1);
  CHECK(net.w(0) == mpq_class(1, 2));
  CHECK(net.w(1) == mpq_class(-1, 2));
  CHECK(verify(net).verdict == Verdict::Verified);
}

TEST_CASE("n = 2 is eq. (11): [s(u+v) + s(-u-v) - s(u-v) - s(-u+v)] / (4 sigma''(0)), sigma''(0) = 2 sigma_2") {
  // Eq. (11) with sigma_2 = 1: neurons u+v, -u-v, u-v, -u+v with weights
  // 1/(4*2), 1/8, -1/8, -1/8.  As a set of (a_j, w_j) it must equal (A4).
  const Network net = canonical_product_gate(2, Activation::generic());
  std::vector<std::tuple<int, int, mpq_class>> eq11 = {
      {1, 1, mpq_class(1, 8)}, {-1, -1, mpq_class(1, 8)}, {1, -1, mpq_class(-1, 8)}, {-1, 1, mpq_class(-1, 8)}};
  for (std::size_t j = 0; j < 4; ++j) {
    std::tuple<int, int, mpq_class> neuron{static_cast<int>(net.a(0, j).get_num().get_si()),
                                           static_cast<int>(net.a(1, j).get_num().get_si()), net.w(j)};
    CHECK(std::find(eq11.begin(), eq11.end(), neuron) != eq11.end());
  }
  CHECK(verify(net).verdict == Verdict::Verified);
}

TEST_CASE("exp activation: sigma_n = 1/n! gives w_j = (-1)^|S_j| / 2^n") {
  const Activation exp = Activation::parse("exp");
  const Network net = canonical_product_gate(3, exp);
  for (std::size_t j = 0; j < 8; ++j) CHECK(abs(net.w(j)) == mpq_class(1, 8));
  CHECK(verify(net, exp).verdict == Verdict::Verified);
}

TEST_CASE("one output weight perturbed by 10^-12 is refuted, naming x1...xn") {
  const Network gate = canonical_product_gate(4, Activation::generic());
  std::vector<mpq_class> w = gate.w_all();
  w[5] += mpq_class(1, mpz_class("1000000000000"));
  const VerificationReport rep = verify(with_weights(gate, gate.a_row_major(), w, gate.neurons()));
  CHECK(rep.verdict == Verdict::Refuted);
  CHECK_FALSE(rep.identities.holds);
  REQUIRE_FALSE(rep.identities.failures.empty());
  CHECK(rep.identities.failures.front().k == 0);  // sum_j w_j is no longer 0
  CHECK(rep.rank->full_row_rank);                 // the rank does not see w
}

TEST_CASE("one neuron dropped: m = 2^n - 1, rank 2^n - 1, refuted") {
  for (std::size_t n = 1; n <= 6; ++n) {
    CAPTURE(n);
    const Network gate = canonical_product_gate(n, Activation::generic());
    const std::size_t m = gate.neurons() - 1;
    std::vector<mpq_class> a, w(gate.w_all().begin(), gate.w_all().end() - 1);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) a.push_back(gate.a(i, j));
    const VerificationReport rep = verify(with_weights(gate, a, w, m));
    CHECK(rep.verdict == Verdict::Refuted);
    CHECK(rep.rank->rank == m);
    CHECK_FALSE(rep.counterexample);
  }
}

TEST_CASE("a repeated column: rank drops, identities fail") {
  const Network gate = canonical_product_gate(3, Activation::generic());
  std::vector<mpq_class> a = gate.a_row_major();
  for (std::size_t i = 0; i < 3; ++i) a[i * 8 + 7] = a[i * 8 + 6];  // neuron 7 := neuron 6
  const VerificationReport rep = verify(with_weights(gate, a, gate.w_all(), 8));
  CHECK(rep.verdict == Verdict::Refuted);
  CHECK(rep.rank->rank == 7);
}

TEST_CASE("worked example of verification.hpp") {
  Network net = canonical_product_gate(3, Activation::generic());
  VerificationReport rep = verify_network(net, Activation::generic(), Target::product(3), {});
  CHECK(rep.identities.holds);
  CHECK(rep.rank->rank == 8);
  CHECK(rep.verdict == Verdict::Verified);
}

TEST_CASE("an activation with sigma_k = 0 is reported as breaking the hypothesis") {
  // poly: 1 + t + t^3 has sigma_2 = 0; the (A4) gate still satisfies every imposed identity.
  const Activation act = Activation::parse("poly:1,1,0,1");
  const Network net = canonical_product_gate(3, act);
  const VerificationReport rep = verify(net, act);
  CHECK_FALSE(rep.hypothesis_holds);
  CHECK(rep.vanishing_degrees == std::vector<unsigned>{2});
  CHECK(rep.identities.holds);
  CHECK_FALSE(rep.identities.degrees[2].imposed);
}

// sigma_d = 0 at the target degree d: (A2) reads 0 = x^r, so every network is
// refuted, with the failure at x^r (coefficient 0, expected 1), whatever engine.
// | activation        | n | sigma_n = 0 because                         |
// | tanh              | 2 | tanh is odd                                 |
// | sigmoid           | 2 | sigmoid - 1/2 is odd                        |
// | softplus          | 3 | softplus_3 = sigmoid_2 / 3 = 0              |
// | silu              | 3 | silu_3 = sigmoid_2 = 0                      |
// | poly:0,1,0        | 2 | listed zero at the target degree            |
// | poly:1,1          | 2 | zero past the list                          |
// | poly:1            | 1 | f is constant: w = 0 computes f = 0, not x1 |
TEST_CASE("known answers: sigma_d = 0 at the target degree refutes every network, with that reason") {
  const std::tuple<const char*, std::size_t> cases[] = {{"tanh", 2},       {"sigmoid", 2}, {"softplus", 3},
                                                        {"silu", 3},       {"poly:0,1,0", 2}, {"poly:1,1", 2},
                                                        {"poly:1", 1}};
  for (const auto& [spec, n] : cases) {
    CAPTURE(spec);
    const Activation act = Activation::parse(spec);
    REQUIRE(act.sigma(static_cast<unsigned>(n)).is_zero());
    // The gate normalized for the generic activation, and the zero network.
    const Network gate = canonical_product_gate(n, Activation::generic());
    const Network zero(n, 1, std::vector<mpq_class>(n, 0), std::vector<mpq_class>{0});
    for (const Network* net : {&gate, &zero}) {
      for (const ExpansionEngine engine :
           {ExpansionEngine::Literal, ExpansionEngine::Moment, ExpansionEngine::Structured}) {
        VerifyOptions opts;
        opts.engine = engine;
        const VerificationReport rep = verify_network(*net, act, Target::product(n), opts);
        CHECK_FALSE(rep.identities.holds);
        CHECK(rep.verdict == Verdict::Refuted);
        CHECK(rep.identities.degrees[n].imposed);
        CHECK(rep.identities.degrees[n].sigma_zero);
        CHECK_FALSE(rep.identities.degrees[n].holds);
        REQUIRE(rep.identities.failures.size() >= 1);
        const IdentityFailure& last = rep.identities.failures.back();
        CHECK(last.k == n);
        CHECK(last.r == Exponents(n, 1));
        CHECK(last.value.exact);
        CHECK(last.value.value == 0);
        CHECK(last.expected == 1);
        CHECK(rep.conclusion.find("sigma_" + std::to_string(n) + " = 0") != std::string::npos);
        CHECK_FALSE(rep.hypothesis_holds);
      }
    }
  }
}

TEST_CASE("softplus: the degree-0 coefficient is ln 2 times the moment") {
  const Activation act = Activation::parse("softplus");
  const Network net(1, 2, {mpq_class(1), mpq_class(2)}, {mpq_class(1, 3), mpq_class(-1, 2)});
  const VerificationReport rep = verify_network(net, act, Target::product(1), VerifyOptions{});
  REQUIRE_FALSE(rep.identities.failures.empty());
  CHECK(rep.identities.failures[0].k == 0);
  CHECK(format_failure_coefficient(rep.identities.failures[0]) == "-1/6*ln(2)");
}

TEST_CASE("limits are checked before work: n = 24 with rank is refused") {
  CHECK_THROWS_AS(check_verification_limits(24, std::size_t(1) << 24, 24, std::uint64_t(1) << 24,
                                            ExpansionEngine::Moment, true, ResourceLimits{}),
                  LimitError);
}
