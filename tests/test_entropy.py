"""Tests for symcm.algebra.entropy: the Shannon entropy function H and its helpers."""

import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symcm.algebra.entropy import H, entropy_of, h2
from symcm.errors import DomainError, ExpressionError, ParameterTypeError

x = sp.Symbol("x")
p, q, r = sp.symbols("p q r", positive=True)
HALF, QUARTER = sp.Rational(1, 2), sp.Rational(1, 4)


def mp_entropy(probabilities, dps):
    """Independent mpmath reference: -sum p log2 p with 0 log 0 = 0."""
    with mpmath.workdps(dps):
        values = [mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in probabilities]
        return -mpmath.fsum(v * mpmath.log(v, 2) for v in values if v != 0)


# --------------------------------------------------------------------------- exact evaluation


def test_public_api():
    """The module exports exactly H, h2 and entropy_of."""
    import symcm.algebra.entropy as entropy

    assert sorted(entropy.__all__) == ["H", "entropy_of", "h2"]


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        (H(0), 0),
        (H(1), 0),
        (H(HALF), 1),
        (H(HALF, HALF), 1),
        (H(*[QUARTER] * 4), 2),
        (H(*[sp.Rational(1, 8)] * 8), 3),
        (H(*[sp.Rational(1, 1024)] * 1024), 10),
        (H(0, 1), 0),
        (H(1, 0, 0), 0),
    ],
)
def test_special_values(expr, value):
    """Exact special values evaluate automatically to exact integers."""
    assert expr == value
    assert isinstance(expr, sp.Integer)


def test_non_special_values_stay_unevaluated():
    """Values without a simple exact form stay as H(...) expressions."""
    assert isinstance(H(QUARTER), H)
    assert str(H(QUARTER)) == "H(1/4)"
    assert isinstance(H(QUARTER, QUARTER, HALF), H)
    assert isinstance(H(x), H)


def test_uniform_distribution_is_log2_n():
    """H of n equal probabilities 1/n is exactly log2(n): an integer for powers of 2, log(n)/log(2) otherwise."""
    assert H(*[sp.Rational(1, 3)] * 3) == sp.log(3) / sp.log(2)
    assert H(*[sp.Rational(1, 8)] * 8) == 3


def test_symmetry():
    """Multi-argument H is symmetric: argument order does not matter."""
    a, b, c = sp.Rational(1, 6), sp.Rational(1, 3), HALF
    assert H(a, b, c) == H(c, a, b) == H(b, c, a)
    assert H(p, q, r) == H(r, p, q)
    assert H(c, b, a).args == tuple(sp.ordered([a, b, c]))


def test_zero_dropping():
    """Exact zeros are dropped while at least two arguments remain."""
    assert H(p, 0, q, 0, r) == H(p, q, r)
    assert H(0, p, 0, q).args == tuple(sp.ordered([p, q]))
    assert H(0, 0, x).args == (0, x)
    assert H(0, x) != H(x)


def test_binary_form_normalisation():
    """Two arguments summing to 1 (by cancel) become the binary form H(a)."""
    assert H(p, 1 - p) == H(1 - p, p) == H(next(iter(sp.ordered([p, 1 - p]))))
    assert H(QUARTER, sp.Rational(3, 4)) == H(QUARTER)
    first = next(iter(sp.ordered([q / (p + q), p / (p + q)])))
    assert H(q / (p + q), p / (p + q)) == H(p / (p + q), q / (p + q)) == H(first)
    assert H(sp.Rational(1, 3), 0, sp.Rational(2, 3)) == H(sp.Rational(1, 3))
    assert len(H(p, q).args) == 2


def test_strings_and_empty_calls_are_rejected():
    """H never parses strings and needs at least one argument."""
    with pytest.raises(ParameterTypeError):
        H("x")
    with pytest.raises(ParameterTypeError):
        H()
    with pytest.raises(TypeError):
        H(p, "q")


# --------------------------------------------------------------------------- helpers


def test_h2_is_binary_entropy():
    """h2(x) is the plain function returning H(x)."""
    assert h2(x) == H(x)
    assert h2(HALF) == 1
    assert not isinstance(h2, type)


def test_entropy_of():
    """entropy_of drops zeros, gives 0 for one outcome and the binary form for two."""
    assert entropy_of([p, 0, 1 - p]) == H(p)
    assert entropy_of([0, x]) == 0
    assert entropy_of([1]) == 0 and isinstance(entropy_of([1]), sp.Integer)
    assert entropy_of([QUARTER, sp.Rational(3, 4)]) == H(QUARTER)
    assert entropy_of(iter([p, q, r, 0])) == H(p, q, r)
    assert entropy_of([QUARTER] * 4) == 2


def test_entropy_of_rejects_bad_input():
    """entropy_of rejects an empty distribution and string items."""
    with pytest.raises(ExpressionError):
        entropy_of([])
    with pytest.raises(ParameterTypeError):
        entropy_of(["1/2", "1/2"])


# --------------------------------------------------------------------------- numerics


def test_evalf_50_digits_against_mpmath():
    """H(1/4).evalf(50) agrees with an independent 60-digit mpmath computation."""
    value = H(QUARTER).evalf(50)
    reference = mp_entropy([QUARTER, sp.Rational(3, 4)], 60)
    with mpmath.workdps(60):
        assert abs(mpmath.mpf(value._mpf_) - reference) < mpmath.mpf(10) ** -49
    assert mpmath.mp.dps == 15


def test_evalf_multi_argument_and_accuracy_near_edges():
    """evalf handles multi-argument H and stays accurate for tiny probabilities."""
    ps = [sp.Rational(1, 6), sp.Rational(1, 3), HALF]
    assert abs(H(*ps).evalf(40) - sp.Float(mp_entropy(ps, 50), 40)) < sp.Float(10) ** -38
    tiny = sp.Rational(1, 10**40)
    exact = mp_entropy([tiny, 1 - tiny], 120)
    for arg in (tiny, 1 - tiny):
        with mpmath.workdps(40):
            assert abs(mpmath.mpf(H(arg).evalf(30)._mpf_) / exact - 1) < mpmath.mpf(10) ** -28


def test_evalf_stays_unevaluated_without_numbers():
    """evalf leaves H unevaluated for symbols (numbers outside [0, 1] are refused at construction)."""
    assert H(x).evalf() == H(x)
    assert isinstance(H(1 - x).evalf(), H)


@pytest.mark.parametrize("args, message", [
    ((-1,), "must lie in [0, 1], received -1"),
    ((2,), "must lie in [0, 1], received 2"),
    ((sp.Rational(3, 2),), "received 3/2"),
    ((sp.I,), "real number in [0, 1], received I"),
    ((sp.oo,), "received oo"),
    ((sp.nan,), "received nan"),
    ((HALF, HALF, HALF), "sum to 3/2"),
    ((sp.sqrt(2) / 2, sp.sqrt(2) / 2), "sum to sqrt(2)"),
    ((HALF, -HALF, 1), "received -1/2"),
    ((0, 0), "sum to 0"),
])
def test_numbers_that_cannot_be_probabilities_are_refused(args, message):
    """H(-1), H(2), H(1/2, 1/2, 1/2) (and the like) raise DomainError saying why (they were accepted unevaluated)."""
    with pytest.raises(DomainError) as info:
        H(*args)
    assert message in str(info.value)


def test_symbolic_and_valid_numeric_arguments_stay_allowed():
    """Symbolic arguments are not checked, valid numeric distributions evaluate as before."""
    assert H(x, x, x).func is H
    assert H(sp.Rational(1, 3), sp.Rational(1, 3), sp.Rational(1, 3)) == sp.log(3) / sp.log(2)
    assert H(sp.sqrt(2) / 2, 1 - sp.sqrt(2) / 2) == H(sp.sqrt(2) / 2)


def test_float_conversion():
    """float() of an exact H value works through evalf."""
    assert float(H(QUARTER)) == pytest.approx(0.8112781244591328, rel=1e-15)


def test_derivative_closed_form():
    """d/dx H(x) equals (log(1 - x) - log(x))/log(2)."""
    closed = (sp.log(1 - x) - sp.log(x)) / sp.log(2)
    assert sp.simplify(sp.diff(H(x), x) - closed) == 0


def test_derivative_matches_log_rewrite():
    """The derivative of H agrees with the derivative of its log rewrite."""
    assert sp.simplify(sp.diff(H(x), x) - sp.diff(H(x).rewrite(sp.log), x)) == 0
    multi = H(p, q, r)
    for s in (p, q, r):
        assert sp.simplify(sp.diff(multi, s) - sp.diff(multi.rewrite(sp.log), s)) == 0


def test_multi_argument_derivative():
    """d/dp_i H(p_1, ..., p_n) is -(log(p_i) + 1)/log(2)."""
    assert sp.diff(H(p, q, r), q) == -(sp.log(q) + 1) / sp.log(2)


def test_log_rewrite():
    """rewrite(log) gives the log form; the convention makes it nan at 0."""
    expected = -(x * sp.log(x) + (1 - x) * sp.log(1 - x)) / sp.log(2)
    assert sp.simplify(H(x).rewrite(sp.log) - expected) == 0
    assert H(x).rewrite(sp.log).subs(x, 0) is sp.nan
    assert sp.simplify(H(QUARTER).rewrite(sp.log) - (2 - sp.Rational(3, 4) * sp.log(3, 2))) == 0


def test_assumptions():
    """H is real and nonnegative when its arguments are known to lie in [0, 1]."""
    u = sp.Symbol("u", nonnegative=True)
    assert H(QUARTER).is_real is True
    assert H(QUARTER).is_nonnegative is True
    assert H(sp.Rational(1, 3), sp.Rational(2, 5), sp.Rational(4, 15)).is_nonnegative is True
    assert H(x).is_real is None
    assert H(u).is_nonnegative is None
    assert H(p, q).is_real is None


# --------------------------------------------------------------------------- printing


def test_latex():
    """LaTeX uses an upright operator name and comma-separated arguments."""
    a, b = sp.symbols("a b")
    assert sp.latex(H(x)) == r"\operatorname{H}\left(x\right)"
    assert sp.latex(H(a, b)) == r"\operatorname{H}\left(a, b\right)"
    assert sp.latex(H(x) ** 2) == r"\operatorname{H}^{2}\left(x\right)"


def test_lambdify_numpy_no_warnings():
    """numpy lambdify is exact at 0 and 1, correct inside, and raises no FP error."""
    f = sp.lambdify(x, H(x), "numpy")
    grid = np.array([0.0, 0.25, 0.5, 1.0])
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        values = f(grid)
        ints = f(np.array([0, 1]))
    expected = [0.0, float(mp_entropy([QUARTER, sp.Rational(3, 4)], 30)), 1.0, 0.0]
    np.testing.assert_allclose(values, expected, rtol=1e-15, atol=0)
    assert not np.signbit(values).any()
    np.testing.assert_array_equal(ints, [0.0, 0.0])


def test_lambdify_numpy_multi_argument():
    """numpy lambdify of multi-argument H handles zero entries silently."""
    f = sp.lambdify((p, q, r), H(p, q, r), "numpy")
    with np.errstate(all="raise"):
        values = f(np.array([0.0, 0.25]), np.array([0.5, 0.25]), np.array([0.5, 0.5]))
    np.testing.assert_allclose(values, [1.0, 1.5], rtol=1e-15)


def test_lambdify_default_modules():
    """lambdify without modules (numpy or scipy printer) also evaluates H."""
    f = sp.lambdify(x, H(x))
    with np.errstate(all="raise"):
        np.testing.assert_allclose(f(np.array([0.0, 0.5, 1.0])), [0.0, 1.0, 0.0])


@pytest.mark.parametrize("module", ["mpmath", "math"])
def test_lambdify_scalar_modules(module):
    """mpmath and math lambdify give 0 at 0 and 1 and correct interior values."""
    f = sp.lambdify(x, H(x), module)
    g = sp.lambdify((p, q, r), H(p, q, r), module)
    assert f(0) == 0 and f(1) == 0
    assert f(0.0) == 0 and f(1.0) == 0
    assert float(f(0.5)) == pytest.approx(1.0, rel=1e-15)
    assert float(f(0.25)) == pytest.approx(0.8112781244591328, rel=1e-15)
    assert float(g(0, 0.5, 0.5)) == pytest.approx(1.0, rel=1e-15)
    assert float(g(0.25, 0.25, 0.5)) == pytest.approx(1.5, rel=1e-15)


def test_lambdify_mpmath_precision():
    """mpmath lambdify follows the caller's mpmath precision."""
    f = sp.lambdify(x, H(x), "mpmath")
    with mpmath.workdps(40):
        value = f(mpmath.mpf(1) / 4)
        reference = mp_entropy([QUARTER, sp.Rational(3, 4)], 40)
        assert abs(value - reference) < mpmath.mpf(10) ** -38


def test_pycode():
    """sympy.pycode prints H with fully qualified math functions and 0 log 0 guards."""
    code = sp.pycode(H(x))
    assert "math.log2(x)" in code and "math.log1p(-(x))" in code
    assert "if (x) == 0" in code and "if (x) == 1" in code


# --------------------------------------------------------------------------- property


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=2, max_size=8))
def test_random_rational_distributions(weights):
    """For random rational distributions, 0 <= H <= log2(n) and H equals the mpmath sum."""
    total = sum(weights)
    ps = [sp.Rational(w, total) for w in weights]
    value = H(*ps).evalf(30)
    reference = mp_entropy(ps, 40)
    with mpmath.workdps(40):
        numeric = mpmath.mpf(sp.Float(value, 30)._mpf_)
        assert numeric >= -mpmath.mpf(10) ** -28
        assert numeric <= mpmath.log(len(ps), 2) + mpmath.mpf(10) ** -28
        assert abs(numeric - reference) < mpmath.mpf(10) ** -28


def test_binary_entropy_of_rationals_is_in_standard_form():
    """H(x) = H(1 - x) is reflected in the form: for rational x > 1/2, H(x) becomes H(1 - x), so H(5/6) == H(1/6)."""
    assert H(sp.Rational(5, 6)) == H(sp.Rational(1, 6))
    assert str(H(sp.Rational(2, 3))) == "H(1/3)"
    assert H(sp.Rational(1, 3)).evalf(40) == H(sp.Rational(2, 3)).evalf(40)


# -- adversarial fixes ------------------------------------------------------------------------------


def test_H_and_h2_refuse_None():
    """H(None) and h2(None) are a ParameterTypeError naming H, not a raw SympifyError."""
    with pytest.raises(ParameterTypeError, match="H: a probability must be a number"):
        H(None)
    with pytest.raises(ParameterTypeError, match="H: a probability must be a number"):
        h2(None)


def test_H_accepts_a_list_as_a_distribution():
    """H([1/2, 1/2]) is H(1/2, 1/2) = 1; H((p, 1 - p)) is H(p)."""
    half = sp.Rational(1, 2)
    p = sp.Symbol("p", positive=True)
    assert H([half, half]) == 1
    assert H((p, 1 - p)) == H(p)
    with pytest.raises(DomainError):
        H([sp.Rational(1, 3), sp.Rational(1, 3)])


def test_H_refuses_a_symbolic_argument_certainly_outside_0_1():
    """H(-p) with p positive (negative by its assumptions) is a DomainError; H(1 - p) is kept."""
    p = sp.Symbol("p", positive=True)
    with pytest.raises(DomainError, match="negative by the assumptions"):
        H(-p)
    with pytest.raises(DomainError, match="greater than 1"):
        H(1 + p)
    assert H(1 - p).args == (1 - p,)


@pytest.mark.parametrize("value", [5, None, "ab"])
def test_entropy_of_refuses_a_non_iterable(value):
    """entropy_of(5) / entropy_of(None) is a ParameterTypeError naming entropy_of, not a raw TypeError."""
    with pytest.raises(ParameterTypeError, match="entropy_of: probabilities must be an iterable"):
        entropy_of(value)


def test_entropy_of_refuses_numbers_not_summing_to_one():
    """entropy_of([1/3]) is refused: the numbers of a distribution must sum to 1."""
    with pytest.raises(DomainError, match="sum to 1"):
        entropy_of([sp.Rational(1, 3)])
    with pytest.raises(DomainError, match="sum to 1"):
        entropy_of([sp.Rational(1, 3), sp.Rational(1, 3), 0])
    assert entropy_of([1]) == 0
