"""sc.lambdify (symcm.numeric): numerics of exact results checked against exact evaluation.

Every backend is compared with ``sp.N(expr.subs(point), 50)`` at seeded random
rational points and at dyadic points on the special sets (``p + q = 1``), for
expressions symcm derives (binary_markov's C_mu, E, h_mu, chi; generator
entropies with multi-argument H) and synthetic ones (Piecewise with
Eq/Ne/And/Or, logs, roots, powers, constants).  Warnings are errors here:
no backend may emit a RuntimeWarning.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, ExpressionError, MissingDependencyError, ParameterTypeError
from symcm.numeric import BACKENDS, DEFAULT_DPS, Lambdified, lambdify

np = pytest.importorskip("numpy")

pytestmark = pytest.mark.filterwarnings("error")

R = sp.Rational
p, q = sc.symbols("p q")
x, y = sp.symbols("x y")  # no assumptions: Eq(x, 0) stays a condition
BM = sc.processes.binary_markov(p, q)
SEED = 20240611
POINTS = 30  # random points per expression


def _dyadic_line():
    """Points of p + q = 1 whose coordinates are binary fractions (float arithmetic lands on the line)."""
    return [{p: a, q: 1 - a} for a in (R(1, 4), R(1, 2), R(3, 4), R(1, 8), R(3, 8), R(5, 16), R(1, 1024))]


def _bm_boundary():
    """Points of the closed square where binary_markov's measures are defined: edges and corners but (0, 0)."""
    return [{p: R(0), q: R(1, 3)}, {p: R(2, 7), q: R(0)}, {p: R(1), q: R(1, 5)}, {p: R(3, 5), q: R(1)},
            {p: R(1), q: R(1)}, {p: R(1), q: R(0)}, {p: R(0), q: R(1)}]


def _unit(rng, n: int = 1000, low=0, high=1):
    """A random rational in the open interval (low, high), denominator at most n."""
    d = rng.randint(2, n)
    k = rng.randint(1, d - 1)
    return low + (high - low) * R(k, d)


CASES_C = sc.Cases([(sp.Eq(p + q, 1), 0), (sp.Ne(p + q, 1), sc.H(p / (p + q)))])

SYNTHETIC = sp.Piecewise(
    (sc.H(x), sp.And(sp.Eq(x, y), sp.Ne(x, R(1, 2)))),
    (sp.log(x + y) ** 2 + sp.sqrt(x) * y**3 - x ** -2, sp.Or(x < y / 2, sp.Eq(y, R(1, 4)))),
    (sc.H(x * y / 2, R(1, 2), (1 - x * y) / 2) + sp.pi * x + sc.H(R(1, 3)) * sp.exp(-y), True),
)

# id -> (expression, params, random point, special points)
EXPRESSIONS = {
    "C_mu": (sc.statistical_complexity(BM), (p, q), lambda r: {p: _unit(r), q: _unit(r)},
             _dyadic_line() + _bm_boundary()),
    "E": (sc.excess_entropy(BM), (p, q), lambda r: {p: _unit(r), q: _unit(r)}, _dyadic_line() + _bm_boundary()),
    "h_mu": (sc.entropy_rate(BM), (p, q), lambda r: {p: _unit(r), q: _unit(r)}, _dyadic_line() + _bm_boundary()),
    "chi": (sc.crypticity(BM), (p, q), lambda r: {p: _unit(r), q: _unit(r)}, _dyadic_line()),
    "Cases C_mu": (CASES_C, (p, q), lambda r: {p: _unit(r), q: _unit(r)}, _dyadic_line()),
    "lohr H[pi]": (sc.state_entropy(sc.processes.lohr_generator(p)), (p,),
                   lambda r: {p: _unit(r, high=R(1, 2))}, [{p: R(0)}, {p: R(1, 4)}, {p: R(1, 2)}]),
    "nemo H[pi]": (sc.state_entropy(sc.processes.nemo(p, q)), (p, q), lambda r: {p: _unit(r), q: _unit(r)},
                   [{p: R(1), q: R(1, 2)}, {p: R(0), q: R(1, 3)}]),
    "golden C_mu": (sc.statistical_complexity(sc.processes.golden_mean(p)), (p,), lambda r: {p: _unit(r)},
                    [{p: R(1)}, {p: R(0)}]),
    "synthetic": (SYNTHETIC, (x, y), lambda r: {x: _unit(r), y: _unit(r)},
                  [{x: R(1, 4), y: R(1, 4)}, {x: R(1, 2), y: R(1, 2)}, {x: R(3, 4), y: R(1, 4)},
                   {x: R(1, 8), y: R(1, 2)}, {x: R(1, 1024), y: R(1, 1024)}]),
}


def _as_expr(expr):
    return expr.as_piecewise() if isinstance(expr, sc.Cases) else expr


def _on_an_equation(expr, point) -> bool:
    """Whether an Eq/Ne relation of expr has equal sides at the rational point."""
    return any(sp.simplify((rel.lhs - rel.rhs).subs(point)) == 0 for rel in expr.atoms(sp.Eq, sp.Ne))


_REFERENCES: dict = {}


def references(name: str):
    """``[(point, exact value to 50 digits as mpf)]`` for an expression: seeded random points, then special ones."""
    if name not in _REFERENCES:
        expr, params, draw, special = EXPRESSIONS[name]
        expr = _as_expr(expr)
        rng = random.Random(f"{SEED}-{name}")
        points = []
        while len(points) < POINTS:
            point = draw(rng)
            if not _on_an_equation(expr, point):  # exact hits of a special set are tested with dyadic points
                points.append(point)
        out = []
        with mpmath.workdps(60):
            for point in points + special:
                value = sp.N(expr.subs(point), 50)
                assert value.is_Number and value.is_finite, (name, point, value)
                out.append((point, mpmath.mpf(value)))
        _REFERENCES[name] = out
    return _REFERENCES[name]


def _close(got, exact, tol) -> bool:
    return abs(got - exact) <= tol * max(1, abs(exact))


# ---------------------------------------------------------------------------
# values against exact evaluation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_numpy_matches_exact_values(name):
    """numpy values, vectorised over all points at once, agree with the exact values to 1e-12."""
    expr, params, _, _ = EXPRESSIONS[name]
    refs = references(name)
    f = lambdify(expr, params)
    columns = [np.array([float(point[s]) for point, _ in refs]) for s in params]
    got = f(*columns)
    assert got.shape == (len(refs),) and got.dtype == np.float64
    for value, (point, exact) in zip(got, refs):
        assert _close(float(value), float(exact), 1e-12), (name, point, value, exact)


@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_math_matches_exact_values(name):
    """math values (Python floats) agree with the exact values to 1e-12 at every point."""
    expr, params, _, _ = EXPRESSIONS[name]
    f = lambdify(expr, params, backend="math")
    for point, exact in references(name):
        value = f(*(float(point[s]) for s in params))
        assert type(value) is float and _close(value, float(exact), 1e-12), (name, point, value, exact)


@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_mpmath_matches_exact_values(name):
    """mpmath values at 30 digits, from exact rational inputs, agree with the exact values to 1e-28."""
    expr, params, _, _ = EXPRESSIONS[name]
    f = lambdify(expr, params, backend="mpmath")
    for point, exact in references(name):
        value = f(*(str(point[s]) for s in params))
        assert isinstance(value, mpmath.mpf)
        with mpmath.workdps(60):
            assert _close(value, exact, mpmath.mpf(10) ** -28), (name, point, value, exact)


def test_mpmath_higher_precision():
    """At dps=45 the mpmath values agree with 50-digit exact values to 1e-43."""
    f = lambdify(sc.excess_entropy(BM), backend="mpmath", dps=45)
    for point, exact in references("E"):
        with mpmath.workdps(60):
            assert _close(f(point[p], point[q]), exact, mpmath.mpf(10) ** -43), point


# ---------------------------------------------------------------------------
# semantics: special sets, 0 log 0, branches not taken, undefined points
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_special_line_value_at_dyadic_points(backend):
    """On p + q = 1 at binary fractions every backend returns exactly the special value 0 of C_mu, E, chi."""
    for measure in (sc.statistical_complexity, sc.excess_entropy, sc.crypticity):
        f = lambdify(measure(BM), backend=backend)
        for point in _dyadic_line():
            assert f(float(point[p]), float(point[q])) == 0, (measure.__name__, point)


@pytest.mark.parametrize("backend", ("numpy", "math"))
def test_float_backends_decide_conditions_as_written(backend):
    """numpy and math read Eq(p + q, 1) as the float comparison p + q == 1: a grid point missing it is generic."""
    f = lambdify(sc.statistical_complexity(BM), backend=backend)
    centres = np.linspace(0.05, 0.95, 10).tolist()
    a, b = centres[4], centres[5]  # 0.45 and 0.55 as computed by linspace
    assert a + b != 1
    assert float(f(a, b)) == pytest.approx(0.9927744539878083, rel=1e-14)
    assert float(f(0.45, 0.55)) == 0.0  # the literals do sum to 1.0 in floats


def test_numpy_special_value_exactly_where_floats_hit_the_line():
    """On a grid C_mu is 0 exactly where P + Q == 1 in floats: 16 of the 19 grid points on the exact line."""
    f = lambdify(sc.statistical_complexity(BM))
    a = np.linspace(0.05, 0.95, 19)  # a[i] + a[18 - i] = 1 exactly, for every i
    P, Q = np.meshgrid(a, a)
    I, J = np.meshgrid(range(19), range(19))
    Z = f(P, Q)
    assert np.array_equal(Z == 0, P + Q == 1)
    assert (P + Q == 1).sum() == 16 and (I + J == 18).sum() == 19 and not (Z[I + J != 18] == 0).any()


def test_mpmath_decides_conditions_exactly():
    """mpmath decides Eq(p + q, 1) in exact rational arithmetic at the exact value of its inputs."""
    f = lambdify(sc.statistical_complexity(BM), backend="mpmath", dps=40)
    for a, b in (("1/3", "2/3"), ("0.45", "0.55"), (Fraction(1, 10), Fraction(9, 10)), (R(2, 7), R(5, 7)),
                 (Decimal("0.3"), "7/10")):
        assert f(a, b) == 0, (a, b)
    logs = lambdify(sp.Piecewise((1, sp.Eq(sp.log(x), 0)), (2, True)), backend="mpmath")  # not rational: mpf
    assert logs("1") == 1 and logs("1/2") == 2
    centres = np.linspace(0.05, 0.95, 10).tolist()  # binary values off the line, although 0.45 + 0.55 = 1
    exact = sc.H(Fraction(centres[4]) / (Fraction(centres[4]) + Fraction(centres[5])))
    with mpmath.workdps(60):
        assert _close(f(centres[4], centres[5]), mpmath.mpf(sp.N(exact, 50)), mpmath.mpf(10) ** -38)


@pytest.mark.parametrize("backend", BACKENDS)
def test_entropy_boundary_values(backend):
    """H(0) = H(1) = 0 (a non-negative zero), H(1/2) = 1, and zero arguments of H(a, b, c) contribute 0."""
    binary = lambdify(sc.H(x), backend=backend)
    three = lambdify(sc.H(x, y, 1 - x - y), (x, y), backend=backend)
    for value in (binary(0), binary(1), binary(0.0), binary(1.0), three(0, 0), three(0, 1), three(1, 0)):
        assert value == 0 and math.copysign(1.0, float(value)) == 1.0  # 0.0, not -0.0
    assert binary(0.5) == 1 and three(0, 0.5) == 1 and three(0.25, 0.25) == 1.5
    if backend == "numpy":
        got = binary(np.array([0.0, 1.0, 0.5]))
        assert got.tolist() == [0.0, 0.0, 1.0] and not np.signbit(got).any()


@pytest.mark.parametrize("backend", BACKENDS)
def test_entropy_outside_its_domain_is_nan(backend):
    """H of a negative argument, or a binary-entropy argument above 1, is nan (no exception, no warning)."""
    binary = lambdify(sc.H(x), backend=backend)
    three = lambdify(sc.H(x, y, 1 - x - y), (x, y), backend=backend)
    for value in (binary(-0.25), binary(1.5), three(-0.25, 0.5), three(0.75, 0.5)):
        assert mpmath.isnan(value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_branch_not_taken_does_not_leak(backend):
    """A nan, inf or domain error in a branch whose condition is false never reaches the result."""
    f = lambdify(sp.Piecewise((0, sp.Eq(x, 0)), (sc.H(x) / x, True)), backend=backend)
    g = lambdify(sp.Piecewise((1, x < R(1, 2)), (sp.log(x - R(1, 2)), True)), backend=backend)
    h = lambdify(sp.Piecewise((0, sp.Eq(x, 0)), (1 / x, True)), backend=backend)
    assert f(0) == 0 and g(R(1, 4)) == 1 and h(0) == 0
    assert _close(float(f(0.5)), 2.0, 1e-15) and _close(float(g(1.5)), 0.0, 1e-15)
    if backend == "numpy":
        assert f(np.array([0.0, 0.5])).tolist() == [0.0, 2.0]
        assert g(np.array([0.0, 0.25, 0.5])).tolist() == [1.0, 1.0, -np.inf]
        assert h(np.array([[0.0], [0.25]])).tolist() == [[0.0], [4.0]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_undefined_points_are_nan(backend):
    """Where the expression is undefined (0/0 in C_mu at p = q = 0) the value is nan; numpy keeps IEEE inf for 1/0."""
    assert mpmath.isnan(lambdify(sc.statistical_complexity(BM), backend=backend)(0, 0))
    assert mpmath.isnan(lambdify(sc.entropy_rate(BM), backend=backend)(0, 0))
    inverse = lambdify(1 / x, backend=backend)(0)
    assert (inverse == np.inf) if backend == "numpy" else mpmath.isnan(inverse)
    assert mpmath.isnan(lambdify(sp.Piecewise((1, x > 1)), backend=backend)(0))  # no branch holds


@pytest.mark.parametrize("backend", ("numpy", "math"))
def test_nan_inputs_propagate(backend):
    """A nan input gives nan with the float backends, without a warning."""
    f = lambdify(sc.statistical_complexity(BM), backend=backend)
    assert mpmath.isnan(f(float("nan"), 0.5)) and mpmath.isnan(f(0.5, float("nan")))


def test_no_warnings_on_the_closed_square():
    """C_mu, E, h_mu and chi on the closed unit square: no warning, finite everywhere except p = q = 0."""
    P, Q = np.meshgrid(np.linspace(0, 1, 101), np.linspace(0, 1, 101))
    for measure in (sc.statistical_complexity, sc.excess_entropy, sc.entropy_rate, sc.crypticity):
        Z = lambdify(measure(BM))(P, Q)
        finite = np.isfinite(Z)
        assert not finite[0, 0] and finite.sum() == Z.size - 1, measure.__name__
        assert (Z[finite] >= -1e-12).all() and (Z[finite] <= 1 + 1e-12).all()


# ---------------------------------------------------------------------------
# numpy: shapes, broadcasting, blocks, speed
# ---------------------------------------------------------------------------


def test_numpy_broadcasting_and_shapes():
    """Inputs broadcast together; scalars give numpy.float64; lists, 0-d and empty arrays work."""
    f = lambdify(sc.statistical_complexity(BM))
    a, b = np.linspace(0.1, 0.9, 7), np.linspace(0.2, 0.8, 5)
    A, B = np.meshgrid(a, b, indexing="ij")
    assert np.array_equal(f(a[:, None], b[None, :]), f(A, B), equal_nan=True)
    assert f(a[:, None], b[None, :]).shape == (7, 5)
    assert type(f(0.2, 0.3)) is np.float64 and f(np.float64(0.2), 0.3) == f(0.2, 0.3)
    assert f([0.25, 0.5], 0.75).tolist() == [0.0, f(0.5, 0.75)]
    assert f(np.array(0.2), np.array(0.3)).shape == () and f(np.empty((0, 3)), 0.5).shape == (0, 3)
    assert f(1, 0).dtype == np.float64  # integers are read as floats


def test_numpy_broadcasts_over_absent_parameters_and_constants():
    """A parameter absent from the expression, or a constant expression, still gives the broadcast shape."""
    h = lambdify(sc.H(p), (p, q))
    assert h(np.full(3, 0.5), np.zeros((2, 1))).tolist() == [[1.0] * 3] * 2
    three = lambdify(3, (p, q))
    assert three(np.zeros((2, 3)), 1).tolist() == [[3.0] * 3] * 2
    assert type(lambdify(R(1, 2))()) is np.float64 and lambdify(sc.H(R(1, 4)))() == pytest.approx(0.8112781244591328)


def test_numpy_blocks_match_small_evaluations():
    """Arrays larger than one block (65536 elements), broadcast or not, equal their small pieces evaluated alone."""
    f = lambdify(sc.excess_entropy(BM))
    rng = np.random.default_rng(SEED)
    a, b = rng.random(1000), rng.random(230)
    big = f(a[:, None], b[None, :])  # 230 000 elements, built from broadcast views
    pieces = np.vstack([f(a[i:i + 10, None], b[None, :]) for i in range(0, 1000, 10)])
    assert np.array_equal(big, pieces)
    flat = f(np.repeat(a, 230), np.tile(b, 1000)).reshape(1000, 230)
    assert np.array_equal(big, flat)


def test_numpy_grid_is_fast():
    """C_mu of binary_markov on a 1000 x 1000 meshgrid takes well under a second (generous bound: 2 s)."""
    f = lambdify(sc.statistical_complexity(BM))
    P, Q = np.meshgrid((np.arange(1000) + 0.5) / 1000, (np.arange(1000) + 0.5) / 1000)
    start = time.perf_counter()
    Z = f(P, Q)
    assert time.perf_counter() - start < 2.0 and Z.shape == (1000, 1000) and np.isfinite(Z).all()


def test_numpy_inputs_read_exactly_then_rounded():
    """numpy accepts exact scalars (strings "2/5", Fractions, sympy numbers), rounded once to float."""
    f = lambdify(sc.H(x))
    assert f("2/5") == f(Fraction(2, 5)) == f(R(2, 5)) == f(0.4)


# ---------------------------------------------------------------------------
# scalar backends: types, exact inputs, precision scoping
# ---------------------------------------------------------------------------


def test_mpmath_inputs_are_exact():
    """mpmath reads "2/5", Fraction, Rational, Decimal and int exactly; the float 0.4 is its binary value."""
    f = lambdify(sc.H(x), backend="mpmath", dps=40)
    exact = f("2/5")
    assert exact == f(Fraction(2, 5)) == f(R(2, 5)) == f(Decimal("0.4")) == f(" 0.4 ")
    with mpmath.workdps(60):
        assert _close(exact, mpmath.mpf(sp.N(sc.H(R(2, 5)), 50)), mpmath.mpf(10) ** -39)
    assert f(0.4) != exact  # 0.4 is 3602879701896397/9007199254740992
    assert f(1) == 0 and f(mpmath.mpf("0.5")) == 1
    assert abs(f(sp.sqrt(2) / 2) - f("0.70710678118654752440084436210484903928483593768847")) < mpmath.mpf(10) ** -39


def test_mpmath_precision_is_scoped():
    """Calls never change mpmath's global precision; the result is rounded to dps digits."""
    f = lambdify(sc.H(x), backend="mpmath", dps=20)
    before = mpmath.mp.dps
    value = f("1/3")
    assert mpmath.mp.dps == before
    with mpmath.workdps(80):
        assert mpmath.mp.dps == 80 and f("1/3") == value
        error = abs(value - mpmath.mpf(sp.N(sc.H(R(1, 3)), 70)))
        assert mpmath.mpf(10) ** -30 < error < mpmath.mpf(10) ** -19


def test_mpmath_nonfinite_inputs_give_nan():
    """A nan or infinite input gives nan with mpmath (as with the float backends)."""
    f = lambdify(sc.H(x), backend="mpmath")
    assert all(mpmath.isnan(f(v)) for v in (float("nan"), float("inf"), mpmath.mpf("inf")))


def test_result_types():
    """numpy gives float64 arrays/scalars, math gives float, mpmath gives mpf (also for a constant branch)."""
    C = sc.statistical_complexity(BM)
    assert type(lambdify(C, backend="math")(0.25, 0.75)) is float
    assert type(lambdify(C, backend="mpmath")("1/4", "3/4")) is mpmath.mpf
    assert lambdify(C)(np.zeros(2), 0.5).dtype == np.float64


# ---------------------------------------------------------------------------
# parameters and errors
# ---------------------------------------------------------------------------


def test_default_params_sorted_by_name():
    """Without params the arguments are the free symbols by name, digits compared as numbers."""
    assert lambdify(sc.statistical_complexity(BM)).params == (p, q)
    a2, a10, b = sp.symbols("a_2 a_10 b")
    assert lambdify(b + 2 * a10 + 3 * a2).params == (a2, a10, b)
    assert lambdify(3).params == ()


def test_explicit_params_order_and_names():
    """params sets the argument order; names (a string or a list) resolve to the expression's symbols."""
    C = sc.statistical_complexity(BM)
    f, g, h = lambdify(C, (q, p)), lambdify(C, "q p"), lambdify(C, ["q", p])
    assert f.params == g.params == h.params == (q, p)
    assert f(0.75, 0.25) == 0 and f(0.2, 0.1) == lambdify(C)(0.1, 0.2)
    assert lambdify(sc.H(p), p).params == (p,)
    assert lambdify(sc.H(p), "p r").params[1] == sp.Symbol("r")  # absent parameters are allowed


def test_missing_symbol_is_an_expression_error():
    """A free symbol that params omits raises ExpressionError (a ValueError) naming it."""
    with pytest.raises(ExpressionError, match=r"free symbol\(s\) q, which params \(p\)"):
        lambdify(sc.statistical_complexity(BM), (p,))
    with pytest.raises(ValueError):
        lambdify(sc.H(p) + q, [q])


def test_params_errors():
    """Repeated, ambiguous or non-symbol params are refused."""
    with pytest.raises(ExpressionError, match="twice"):
        lambdify(sc.H(p), (p, p))
    with pytest.raises(ExpressionError, match="ambiguous"):
        lambdify(sp.Symbol("p") + p, "p")
    with pytest.raises(ParameterTypeError):
        lambdify(sc.H(p), (p, 2))
    with pytest.raises(ParameterTypeError):
        lambdify(sc.H(p), 3)


def test_argument_errors():
    """Unknown backend, misplaced or bad dps, strings, relations and undefined functions are refused clearly."""
    with pytest.raises(ParameterTypeError, match="backend must be one of"):
        lambdify(sc.H(p), backend="cupy")
    with pytest.raises(ParameterTypeError, match="takes no dps"):
        lambdify(sc.H(p), dps=20)
    with pytest.raises(DomainError):
        lambdify(sc.H(p), backend="mpmath", dps=0)
    with pytest.raises(ParameterTypeError):
        lambdify(sc.H(p), backend="mpmath", dps="30")
    with pytest.raises(ParameterTypeError, match="string"):
        lambdify("H(p)")
    with pytest.raises(ExpressionError, match="numerical expression"):
        lambdify(sp.Eq(p, q))
    with pytest.raises(ExpressionError, match="undefined function"):
        lambdify(sp.Function("f")(p))
    with pytest.raises(ParameterTypeError, match="as_piecewise"):
        lambdify(sc.Cases([(sp.Eq(p, q), "same"), (sp.Ne(p, q), "different")]))


@pytest.mark.parametrize("backend", BACKENDS)
def test_call_errors_and_keywords(backend):
    """Calls take one value per parameter, positionally or by name; wrong counts and non-reals are TypeErrors."""
    f = lambdify(sc.statistical_complexity(BM), backend=backend)
    assert f(q=0.75, p=0.25) == f(0.25, q=0.75) == f(0.25, 0.75)
    for args, kwargs in (((0.1,), {}), ((0.1, 0.2, 0.3), {}), ((0.1,), {"r": 0.2}), ((0.1,), {"p": 0.2})):
        with pytest.raises(ParameterTypeError):
            f(*args, **kwargs)
    for bad in (1j, "abc", p) + ((True,) if backend != "numpy" else ()):  # numpy reads booleans as numpy does
        with pytest.raises(TypeError):
            f(bad, 0.5)


def test_cases_are_converted():
    """A Cases of expressions is lambdified through its Piecewise."""
    f = lambdify(CASES_C)
    assert f.expr == CASES_C.as_piecewise() and f(0.25, 0.75) == 0
    assert f(0.1, 0.2) == lambdify(sc.statistical_complexity(BM))(0.1, 0.2)


def test_repr_and_attributes():
    """The callable shows expression, parameters and backend, and keeps expr, params, backend, dps."""
    C = sc.statistical_complexity(BM)
    f = lambdify(C, backend="mpmath", dps=25)
    assert isinstance(f, Lambdified)
    assert (f.expr, f.params, f.backend, f.dps) == (C, (p, q), "mpmath", 25)
    assert repr(f) == ("<symcm lambdified Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True)) of (p, q), "
                       "mpmath, 25 digits>")
    assert lambdify(C).dps is None and lambdify(C, backend="mpmath").dps == DEFAULT_DPS
    long = repr(lambdify(sc.excess_entropy(BM), backend="math"))
    assert long.endswith("... of (p, q), math>") and len(long) < 120


def test_imports_without_numpy():
    """Without numpy the module imports, math and mpmath work, and numpy raises MissingDependencyError."""
    code = textwrap.dedent("""
        import sys
        sys.modules["numpy"] = None
        sys.modules["scipy"] = None
        import symcm as sc
        from symcm.numeric import lambdify
        from symcm.errors import MissingDependencyError
        p, q = sc.symbols("p q")
        C = sc.statistical_complexity(sc.processes.binary_markov(p, q))
        assert lambdify(C, backend="math")(0.25, 0.75) == 0.0
        assert lambdify(C, backend="mpmath")("1/3", "2/3") == 0
        try:
            lambdify(C)
        except MissingDependencyError as error:
            assert "symcm[numeric]" in str(error)
        else:
            raise AssertionError("numpy backend without numpy")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert issubclass(MissingDependencyError, ImportError)


@pytest.mark.parametrize("backend", ["numpy", "math", "mpmath"])
def test_lambdify_with_domain_is_nan_outside_it(backend):
    """With domain=m, points on or outside the open box give nan; inside, the same value as without it."""
    import math as _math

    p, q = sc.symbols("p q")
    m = sc.processes.binary_markov(p, q)
    plain = sc.lambdify(sc.statistical_complexity(m), backend=backend)
    boxed = sc.lambdify(sc.statistical_complexity(m), domain=m, backend=backend)
    assert float(plain(1.0, 1.0)) == 1.0  # the formula's value where the model does not exist
    for point in [(1.0, 1.0), (0.0, 0.5), (0.5, 1.5), (-0.1, 0.2)]:
        assert _math.isnan(float(boxed(*point)))
    assert float(boxed(0.1, 0.2)) == float(plain(0.1, 0.2))
    assert boxed.domain == {p: (0, 1), q: (0, 1)} and plain.domain is None


def test_lambdify_domain_as_mapping_and_numpy_grid():
    """A domain mapping by name restricts one parameter; on a numpy grid only the cells outside are nan."""
    np = pytest.importorskip("numpy")
    p, q = sc.symbols("p q")
    f = sc.lambdify(p + q, domain={"p": ("1/4", "3/4")})
    out = f(np.array([0.1, 0.5, 0.9]), np.array([1.0, 1.0, 1.0]))
    assert np.isnan(out[0]) and out[1] == 1.5 and np.isnan(out[2])
    with pytest.raises(ParameterTypeError, match="domain must be a model"):
        sc.lambdify(p + q, domain=[0, 1])


def test_lambdified_functions_pickle():
    """A lambdified measure survives pickling (domain and backend kept), so process sweeps can use it."""
    import pickle

    p, q = sc.symbols("p q")
    m = sc.processes.binary_markov(p, q)
    for f in (sc.lambdify(sc.statistical_complexity(m), domain=m),
              sc.lambdify(sc.entropy_rate(m), backend="mpmath", dps=25)):
        g = pickle.loads(pickle.dumps(f))
        assert (g.expr, g.params, g.backend, g.dps, g.domain) == (f.expr, f.params, f.backend, f.dps, f.domain)
        assert str(g(0.1, 0.2)) == str(f(0.1, 0.2))
