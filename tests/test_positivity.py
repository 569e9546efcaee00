"""Certified signs of rational functions on open boxes (symcm.algebra.positivity).

Every answer is checked, not just compared: a witness must lie strictly
inside the box and give a negative value by exact evaluation; a zero
condition must hold at known zeros inside the box and fail at known nonzeros;
"nonnegative" is cross-checked on a grid of rational points.  Where the
library may legitimately give up (``UndecidableError``), the test accepts
that but never a wrong answer.
"""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import NegativeProbabilityError, UndecidableError
from symcm.algebra.positivity import factor_sign, rational_function_sign

p, q, r = sp.symbols("p q r")
R = sp.Rational
HALF = R(1, 2)
S2 = sp.sqrt(2) / 2  # an irrational point of (0, 1)
U = {p: (0, 1)}
B = {p: (0, 1), q: (0, 1)}
C = {p: (0, 1), q: (0, 1), r: (0, 1)}


def report(expr, box):
    """rational_function_sign of ``expr`` (cancelled) on ``box``."""
    gens = tuple(sorted(box, key=lambda s: s.name))
    num, den = sp.fraction(sp.cancel(sp.together(sp.sympify(expr))))
    return rational_function_sign(sp.Poly(num, *gens), sp.Poly(den, *gens), box)


def holds(condition, point) -> bool:
    """Truth value of a sympy condition at an exact (possibly irrational) point."""
    value = condition.subs(point)
    if value not in (sp.true, sp.false):
        value = sp.simplify(value)
    assert value in (sp.true, sp.false), f"{condition} at {point} is {value}"
    return bool(value)


def grid(box, n=9):
    """Rational points strictly inside the box: an n^k grid."""
    axes = [[lo + (hi - lo) * R(i, n + 1) for i in range(1, n + 1)] for lo, hi in box.values()]
    for values in itertools.product(*axes):
        yield dict(zip(box, values))


def check_answer(expr, box, rep, zeros=(), nonzeros=()) -> None:
    """The report is consistent with exact evaluation: witness, zero condition and sign on a grid."""
    expr = sp.sympify(expr)
    if rep.witness is not None:
        assert set(rep.witness) >= set(expr.free_symbols)
        for s, v in rep.witness.items():
            lo, hi = box[s]
            assert isinstance(v, sp.Rational) and lo < v < hi, (s, v, box)
        assert expr.subs(rep.witness) < 0, (expr, rep.witness)
    if rep.nonnegative:
        assert rep.witness is None
        for point in grid(box):
            value = expr.subs(point)
            assert value is sp.zoo or value >= 0, (expr, point, value)
    else:
        assert rep.witness is not None or rep.pole_factors
    if zeros:
        assert rep.zero_condition is not None
        for z in zeros:
            assert sp.simplify(expr.subs(z)) == 0, f"test table: {expr} is not 0 at {z}"
            assert holds(rep.zero_condition, z), (rep.zero_condition, z)
    for z in nonzeros:
        if rep.zero_condition is not None:
            assert not holds(rep.zero_condition, z), (rep.zero_condition, z)


# expr, box, nonnegative, zeros inside the box (exact points), nonzeros inside the box
TABLE = [
    (1 - 2 * p, U, False, [{p: HALF}], [{p: R(1, 4)}]),
    (1 - 2 * p, {p: (0, HALF)}, True, [], []),
    (2 * p - 1, {p: (HALF, 1)}, True, [], []),
    ((2 * p - 1) ** 2, U, True, [{p: HALF}], [{p: R(1, 3)}]),
    ((2 * p - 1) ** 2, {p: (HALF, 1)}, True, [], []),
    ((2 * p - 1) ** 3, U, False, [{p: HALF}], [{p: R(1, 3)}]),
    (p ** 2 - HALF, U, False, [{p: S2}], [{p: HALF}]),
    ((p ** 2 - HALF) ** 2, U, True, [{p: S2}], [{p: HALF}]),
    (1 / (1 + p), U, True, [], []),
    (p * (1 - p), U, True, [], []),
    ((4 * p - 1) * (4 * p - 3), U, False, [{p: R(1, 4)}, {p: R(3, 4)}], [{p: HALF}]),
    ((1 - 3 * p) * (3 * p - 2), U, False, [{p: R(1, 3)}, {p: R(2, 3)}], [{p: HALF}]),
    ((3 * p - 1) * (2 - 3 * p), {p: (R(1, 3), R(2, 3))}, True, [], []),
    ((2 * p - 1) * (4 * p - 3) * (4 * p - 1), U, False, [{p: R(1, 4)}, {p: HALF}, {p: R(3, 4)}], [{p: R(1, 8)}]),
    (p ** 2 - 2, {p: (1, 2)}, False, [{p: sp.sqrt(2)}], [{p: R(3, 2)}]),
    (p ** 2 - 2, {p: (R(283, 200), R(177, 125))}, True, [], []),  # sqrt(2) < 1.415 < p
    ((2 * p - 1) / (p + 1), U, False, [{p: HALF}], []),
    ((2 * p - 1) ** 2 / (p ** 2 + 1), U, True, [{p: HALF}], [{p: R(1, 5)}]),
    (p - 2, U, False, [], []),
    # p (1 - p)^2 = 1/10 has two roots in (0, 1), found independently with sympy.real_roots
    (10 * p ** 3 - 20 * p ** 2 + 10 * p - 1, U, False,
     [{p: x} for x in sp.real_roots(sp.Poly(10 * p ** 3 - 20 * p ** 2 + 10 * p - 1, p)) if 0 < x < 1],
     [{p: HALF}]),
    (p * q / (p + q), B, True, [], []),
    (p - q, B, False, [{p: HALF, q: HALF}, {p: R(1, 3), q: R(1, 3)}], [{p: R(1, 4), q: HALF}]),
    ((p - q) ** 2, B, True, [{p: R(1, 3), q: R(1, 3)}], [{p: R(1, 4), q: HALF}]),
    (p + q - 1, B, False, [{p: R(1, 4), q: R(3, 4)}], [{p: R(1, 4), q: R(1, 4)}]),
    ((p + q - 1) ** 2, B, True, [{p: R(1, 4), q: R(3, 4)}], [{p: R(1, 4), q: R(1, 4)}]),
    (p ** 2 + q ** 2 - HALF, B, False, [{p: HALF, q: HALF}], [{p: R(1, 4), q: R(1, 4)}]),
    ((p ** 2 + q ** 2 - HALF) ** 2, B, True, [{p: HALF, q: HALF}, {p: R(3, 10), q: sp.sqrt(41) / 10}],
     [{p: R(1, 4), q: R(1, 4)}]),
    (p * q - R(1, 4), B, False, [{p: HALF, q: HALF}], [{p: R(1, 4), q: R(1, 4)}]),
    ((p - q) * (p - 2 * q), B, False, [{p: HALF, q: HALF}, {p: HALF, q: R(1, 4)}], [{p: R(1, 4), q: HALF}]),
    ((p - q) * (q - HALF), B, False, [{p: R(1, 3), q: R(1, 3)}, {p: R(1, 5), q: HALF}], [{p: R(1, 5), q: R(1, 4)}]),
    (1 - p * q, B, True, [], []),
    (p ** 2 - 2 * q ** 2, B, False, [{p: S2, q: HALF}], [{p: HALF, q: HALF}]),
    ((p ** 2 - 2 * q ** 2) ** 2, B, True, [{p: S2, q: HALF}], [{p: HALF, q: HALF}]),
    ((p - q) ** 2 + (p + q - 1) ** 2, B, True, [{p: HALF, q: HALF}], [{p: R(1, 4), q: HALF}]),
    ((p - q) ** 3, B, False, [{p: HALF, q: HALF}], []),
    ((p - q) / (p + q), B, False, [{p: HALF, q: HALF}], []),
    ((p - q) ** 2 / (p * q), B, True, [{p: HALF, q: HALF}], [{p: R(1, 4), q: HALF}]),
    (q ** 2 - (2 * p ** 2 - 1) ** 2, B, False, [{p: HALF, q: HALF}], [{p: HALF, q: R(1, 4)}]),
    (-(p - q) ** 2, B, False, [{p: HALF, q: HALF}], [{p: R(1, 4), q: HALF}]),
    ((p - q) ** 2 * (p + q), B, True, [{p: HALF, q: HALF}], []),
    (p * q * r, C, True, [], []),
    (p + q + r - 1, C, False, [{p: R(1, 3), q: R(1, 3), r: R(1, 3)}], [{p: HALF, q: HALF, r: HALF}]),
    ((p + q + r - 1) ** 2, C, True, [{p: R(1, 3), q: R(1, 3), r: R(1, 3)}], [{p: HALF, q: HALF, r: HALF}]),
    (R(3, 4), U, True, [], []),
]


@pytest.mark.parametrize(("expr", "box", "nonnegative", "zeros", "nonzeros"), TABLE,
                         ids=[f"{e} on {list(b.values())}" for e, b, *_ in TABLE])
def test_sign_table(expr, box, nonnegative, zeros, nonzeros):
    """nonnegative and zero_condition are as expected; witnesses are inside the box and really negative."""
    rep = report(expr, box)
    assert rep.nonnegative is nonnegative
    assert rep.pole_factors == ()
    if not zeros:
        assert rep.zero_condition is None
    check_answer(expr, box, rep, zeros, nonzeros)


@pytest.mark.parametrize(
    ("expr", "box", "pole"),
    [
        (p / (p - HALF), U, 2 * p - 1),
        ((2 * p - 1) / (4 * p - 1) ** 2, U, 4 * p - 1),
        (p / (p - q), B, p - q),
        (1 / (p ** 2 + q ** 2 - HALF), B, 2 * p ** 2 + 2 * q ** 2 - 1),
    ],
    ids=["p/(p-1/2)", "(2p-1)/(4p-1)^2", "p/(p-q)", "1/(p^2+q^2-1/2)"],
)
def test_poles_reported(expr, box, pole):
    """A denominator vanishing inside the box is reported as a pole factor; the function is not nonnegative."""
    rep = report(expr, box)
    assert not rep.nonnegative
    assert len(rep.pole_factors) == 1
    assert sp.cancel(rep.pole_factors[0] / pole).is_number


@pytest.mark.parametrize(
    ("expr", "box", "zeros", "nonzeros"),
    [
        # irreducible over Q, multiplicity 1, touching 0 without crossing at the irrational (1/sqrt2, 1/2)
        ((p ** 2 - HALF) ** 2 + (q - HALF) ** 2, B, [{p: S2, q: HALF}], [{p: HALF, q: HALF}]),
        ((2 * p ** 2 - 1) ** 2 + (2 * q ** 2 - 1) ** 2, B, [{p: S2, q: S2}], [{p: HALF, q: HALF}]),
        # touching at a rational but non-dyadic point, which no bisection box has as a corner
        ((3 * p - 1) ** 2 + (3 * q - 2) ** 2, B, [{p: R(1, 3), q: R(2, 3)}], [{p: HALF, q: HALF}]),
    ],
    ids=["(p^2-1/2)^2+(q-1/2)^2", "(2p^2-1)^2+(2q^2-1)^2", "(3p-1)^2+(3q-2)^2"],
)
def test_touching_zero_never_wrong(expr, box, zeros, nonzeros):
    """A nonnegative polynomial touching 0 inside the box: UndecidableError or a correct answer, never a wrong one."""
    try:
        rep = report(expr, box)
    except UndecidableError as exc:
        assert "restrict the domain" in str(exc) or "substitute" in str(exc)
        return
    assert rep.nonnegative, "the polynomial is a sum of squares, hence nonnegative"
    check_answer(expr, box, rep, zeros, nonzeros)


@pytest.mark.parametrize(
    ("expr", "box", "nonnegative"),
    [
        ((p - q) ** 2 + R(1, 10 ** 6), B, True),
        ((p - q) ** 2 - R(1, 10 ** 6), B, False),
        ((3 * p - 1) ** 2 + (3 * q - 2) ** 2 - R(1, 10 ** 4), B, False),
        (p ** 2 - 2 * q ** 2 + R(1, 10 ** 3), B, False),
    ],
    ids=["(p-q)^2+1e-6", "(p-q)^2-1e-6", "tiny disc", "near cone"],
)
def test_near_degenerate_never_wrong(expr, box, nonnegative):
    """Polynomials with tiny margins: UndecidableError or the correct sign with a valid witness."""
    try:
        rep = report(expr, box)
    except UndecidableError:
        return
    assert rep.nonnegative is nonnegative
    check_answer(expr, box, rep)


@pytest.mark.parametrize(
    ("expr", "box"),
    [
        ((3 * p - 1) * (3 * p - 2), U),
        ((2 * p - 1) * (4 * p - 1), U),
        ((2 * p - 1) * (4 * p - 3) / ((4 * p - 1) ** 2 + 1), U),
        ((p - HALF) * (q - HALF), B),
        ((p - q) * (p + q - 1), B),
    ],
    ids=["(3p-1)(3p-2)", "(2p-1)(4p-1)", "rational", "(p-1/2)(q-1/2)", "(p-q)(p+q-1)"],
)
def test_product_of_sign_changing_factors(expr, box):
    """A product of sign-changing factors is decided (not nonnegative) with a valid negative witness."""
    rep = report(expr, box)
    assert not rep.nonnegative
    check_answer(expr, box, rep)


def test_model_with_product_probability_refused_as_negative():
    """An edge probability (3p-1)(3p-2)/2, negative on (1/3, 2/3), gives NegativeProbabilityError, not Undecidable."""
    pp = sc.symbols("p")
    f = (3 * pp - 1) * (3 * pp - 2) / 2
    with pytest.raises(NegativeProbabilityError, match="negative at p = "):
        sc.HMM.from_edges([("A", "A", "0", f), ("A", "A", "1", 1 - f)])


# --------------------------------------------------------------------------- factor_sign


@pytest.mark.parametrize(
    ("poly", "box", "sign", "vanishes"),
    [
        (1 - 2 * p, U, 0, True),
        (1 - 2 * p, {p: (0, HALF)}, 1, False),
        (2 * p - 1, {p: (0, HALF)}, -1, False),
        (p ** 2 - HALF, {p: (0, HALF)}, -1, False),
        (p ** 2 - HALF, {p: (R(7, 10), 1)}, 0, True),  # 1/sqrt(2) = 0.7071 > 0.7: crosses inside
        (p ** 2 - HALF, {p: (R(71, 100), 1)}, 1, False),
        (p + q, B, 1, False),
        (p - q, B, 0, True),
        (p * q - 1, B, -1, False),
    ],
    ids=["1-2p", "1-2p left", "2p-1 left", "p^2-1/2 left", "p^2-1/2 from .7", "p^2-1/2 from .71", "p+q", "p-q",
         "pq-1"],
)
def test_factor_sign(poly, box, sign, vanishes):
    """factor_sign gives the sign on the box, whether the factor vanishes inside, and witnesses inside the box."""
    gens = tuple(sorted(poly.free_symbols, key=lambda s: s.name))
    fs = factor_sign(sp.Poly(poly, *gens), box)
    assert (fs.sign, fs.vanishes) == (sign, vanishes)
    for w in fs.witnesses:
        assert all(box[s][0] < v < box[s][1] for s, v in w.items())
        value = poly.subs(w)
        assert value != 0 and (sign == 0 or (value > 0) == (sign > 0))


@pytest.mark.parametrize(("const", "sign"), [(3, 1), (-2, -1)])
def test_factor_sign_constant(const, sign):
    """A constant polynomial has its own sign and never vanishes."""
    fs = factor_sign(sp.Poly(const, p), U)
    assert fs.sign == sign and fs.vanishes is False


@pytest.mark.parametrize(
    ("poly", "box", "inside"),
    [
        (p * (p - R(1, 100)), (0, 1), R(1, 200)),
        (p * (p ** 2 - R(2, 10 ** 4)), (0, 1), R(1, 100)),
        ((p - 1) * (p ** 2 - R(98011, 10 ** 5)), (0, 1), R(995, 1000)),
    ],
    ids=["p(p-1/100)", "p(p^2-2e-4)", "(p-1)(p^2-0.98011)"],
)
def test_factor_sign_root_near_box_end(poly, box, inside):
    """factor_sign of a reducible polynomial with a root at a box end and another just inside sees the sign change."""
    assert poly.subs(p, inside) < 0 < poly.subs(p, HALF)  # the polynomial does change sign inside the box
    fs = factor_sign(sp.Poly(poly, p), {p: box})
    assert (fs.sign, fs.vanishes) == (0, True)


def test_factor_sign_budget():
    """Out of subdivision budget, factor_sign raises UndecidableError naming the polynomial, the budget and a remedy."""
    poly = sp.Poly((p ** 2 - HALF) ** 2 + (q - HALF) ** 2, p, q)
    with pytest.raises(UndecidableError, match=r"could not decide the sign of .* within 8 subdivisions.*restrict"):
        factor_sign(poly, B, max_boxes=8)


def test_zero_condition_solved_for_linear_variable():
    """A zero condition linear in a variable is solved for it (Eq(p, 1/2), Eq(p, q), Eq(p, 1 - q))."""
    assert report((2 * p - 1) ** 2, U).zero_condition == sp.Eq(p, HALF)
    assert report((p - q) ** 2, B).zero_condition == sp.Eq(p, q)
    assert report((p + q - 1) ** 2, B).zero_condition == sp.Eq(p, 1 - q)
