// Exact numbers, activations, targets, option parsing.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/flint.hpp"
#include "core/rational.hpp"
#include "model/activation.hpp"
#include "model/target.hpp"

using namespace nf;

TEST_CASE("numbers are read exactly as written") {
  CHECK(parse_rational("0.1") == mpq_class(1, 10));
  CHECK(parse_rational("-1.25") == mpq_class(-5, 4));
  CHECK(parse_rational("3e-4") == mpq_class(3, 10000));
  CHECK(parse_rational("1.5E+2") == 150);
  CHECK(parse_rational(".5") == mpq_class(1, 2));
  CHECK(parse_rational("3.") == 3);
  CHECK(parse_rational("6/-4") == mpq_class(-3, 2));
  CHECK(parse_rational("+7") == 7);
  mpq_class big(mpz_class("1234567890123456789012345678901234567891"), 3);
  CHECK(parse_rational("1234567890123456789012345678901234567891/3") == big);
  CHECK(parse_rational("1234567890123456789012345678901234567890/3") ==
        mpq_class(mpz_class("411522630041152263004115226300411522630")));
}

TEST_CASE("malformed numbers are rejected") {
  for (const char* bad : {"", "1/0", "1/-0", "1/2/3", "abc", "NaN", "inf", "-Infinity", "1e", "1e+", "1.2.3", "--1",
                          "1/", "/2", "0x10", "1e100001", "1e-99999999999"})
    CHECK_THROWS_AS(parse_rational(bad), InputError);
}

TEST_CASE("Taylor coefficients: sigmoid 1/2, 1/4, 0, -1/48; tanh tangent numbers") {
  auto s = sigmoid_coefficients(6);
  CHECK(s[0] == mpq_class(1, 2));
  CHECK(s[1] == mpq_class(1, 4));
  CHECK(s[2] == 0);
  CHECK(s[3] == mpq_class(-1, 48));
  CHECK(s[5] == mpq_class(1, 480));
  auto t = tanh_coefficients(8);
  CHECK(t[1] == 1);
  CHECK(t[3] == mpq_class(-1, 3));
  CHECK(t[5] == mpq_class(2, 15));
  CHECK(t[7] == mpq_class(-17, 315));
  CHECK(t[2] == 0);
  const Activation silu = Activation::parse("silu");
  CHECK(silu.sigma(1).value == mpq_class(1, 2));
  CHECK(silu.sigma(2).value == mpq_class(1, 4));
  CHECK(silu.sigma(3).is_zero());
  const Activation softplus = Activation::parse("softplus");
  CHECK(softplus.sigma(0).kind == SigmaCoefficient::Kind::NonzeroSymbol);
  CHECK(softplus.sigma(2).value == mpq_class(1, 8));
}

TEST_CASE("activation specs round-trip and the hypothesis is decided") {
  for (const char* spec : {"generic", "exp", "tanh", "sigmoid", "silu", "softplus", "poly:1,1/2,0,-3"})
    CHECK(Activation::parse(Activation::parse(spec).name()).name() == Activation::parse(spec).name());
  CHECK(Activation::parse("exp").hypothesis_holds(20));
  CHECK_FALSE(Activation::parse("tanh").hypothesis_holds(1));
  CHECK(Activation::parse("sigmoid").vanishing_degrees(4) == std::vector<unsigned>{2, 4});
  CHECK_THROWS_AS(Activation::parse("gelu"), InputError);
  CHECK_THROWS_AS(Activation::parse("poly:1,1/0"), InputError);
  CHECK_THROWS_AS(Activation::parse("poly:1,,2"), InputError);
}

TEST_CASE("targets parse in both syntaxes") {
  CHECK(parse_target("x1^2*x3", 3).r == Exponents{2, 0, 1});
  CHECK(parse_target("2,0,1", 3).r == Exponents{2, 0, 1});
  CHECK(format_monomial({2, 0, 1}) == "x1^2*x3");
  CHECK(format_monomial({0, 0}) == "1");
  CHECK_THROWS_AS(parse_target("x4", 3), InputError);
  CHECK_THROWS_AS(parse_target("1,2", 3), InputError);
  CHECK_THROWS_AS(parse_target("x1^", 3), InputError);
}


TEST_CASE("FLINT matrix wrappers: FmpqMat and NmodMat read, write, move and reduce") {
  // [[1, 2], [2, 4]] has rank 1 over Q and modulo 7; [[1, 2], [3, 4]] has rank 2.
  FmpqMat q(2, 2);
  CHECK(q.rows() == 2);
  CHECK(q.cols() == 2);
  CHECK(q.at(1, 1) == 0);
  const long a[2][2] = {{1, 2}, {2, 4}};
  for (slong i = 0; i < 2; ++i)
    for (slong j = 0; j < 2; ++j) fmpq_set_si(q.entry(i, j), a[i][j], 3);
  CHECK(q.at(1, 0) == mpq_class(2, 3));
  FmpqMat moved(std::move(q));
  CHECK(moved.at(1, 1) == mpq_class(4, 3));
  FmpqMat r(2, 2);
  CHECK(fmpq_mat_rref(r.get(), moved.get()) == 1);
  CHECK(r.at(0, 1) == 2);

  NmodMat m(2, 2, 7);
  for (slong i = 0; i < 2; ++i)
    for (slong j = 0; j < 2; ++j) m.at(i, j) = static_cast<mp_limb_t>(a[i][j]);
  NmodMat n(std::move(m));
  CHECK(n.rows() == 2);
  CHECK(n.get()->mod.n == 7);
  CHECK(nmod_mat_rank(n.get()) == 1);
  n.at(1, 0) = 3;
  CHECK(nmod_mat_rank(n.get()) == 2);
  const NmodMat& c = n;
  CHECK(c.at(1, 1) == 4);
}

TEST_CASE("decimals of 19 and 20 significant digits are exact (the short-decimal path and the general one)") {
  auto q = [](const char* text) {
    mpq_class v(text);
    v.canonicalize();
    return v;
  };
  CHECK(nf::parse_rational("999999999.9999999999") == q("9999999999999999999/10000000000"));
  CHECK(nf::parse_rational("9999999999.9999999999") == q("99999999999999999999/10000000000"));
  CHECK(nf::parse_rational("-0.0000000000000000000000000001") == q("-1/10000000000000000000000000000"));
  CHECK(nf::parse_rational("1.8446744073709551616") == q("18446744073709551616/10000000000000000000"));
}

TEST_CASE("a target is the product only when every exponent is 1") {
  CHECK(nf::Target::product(3).is_product());
  CHECK_FALSE((nf::Target{{1, 0, 1}}).is_product());
  CHECK_FALSE((nf::Target{{2, 1}}).is_product());
  CHECK_FALSE((nf::Target{{0}}).is_product());
}
