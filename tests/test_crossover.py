"""Tests of symcm.algebra.intervals and symcm.generation.crossover (with regions, roots, signs): known roots, special points, invariants, errors."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
from mpmath.libmp import to_rational
import sympy as sp

import symcm as sc
from symcm.generation.crossover import crossover
from symcm.generation.regions import Boundary, Region
from symcm.errors import DomainError, ExpressionError, ParameterTypeError, TooLargeError, UndecidableError
from symcm.algebra.interval_arithmetic import from_iv, to_iv
from symcm.algebra.intervals import compile_interval, interval_eval

p = sc.symbols("p")
HALF = sp.S.Half


def lohr_lower():
    """State entropy of Loehr's generator, H(2p, 1/2 - p, 1/2 - p)."""
    return sc.state_entropy(sc.processes.lohr_generator(p))


def mp_value(expr, x, dps: int):
    """``expr`` at the exact rational ``x`` with mpmath at ``dps`` digits (through sympy's evalf)."""
    return sp.sympify(expr).subs(p, x).evalf(dps)


def ends(enclosure) -> tuple[sp.Rational, sp.Rational]:
    """The exact (dyadic) ends of an mpmath interval."""
    lo, hi = from_iv(enclosure)
    return tuple(sp.Rational(*to_rational(x)) for x in (lo, hi))


def assert_sign_change(region: Region, f, dps: int = 120):
    """Every root enclosure has opposite signs of ``f`` at its ends, evaluated at ``dps`` digits."""
    for b in region.boundaries:
        if b.kind != "root":
            continue
        at_lo, at_hi = mp_value(f, b.lo, dps), mp_value(f, b.hi, dps)
        assert at_lo * b.left > 0 and at_hi * b.right > 0, (b, at_lo, at_hi)


# ---------------------------------------------------------------------------
# interval evaluation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        sc.H(p),
        sc.H(2 * p, HALF - p, HALF - p),
        sc.H(p / (p + 1)) - p * sp.log(p + 1),
        sp.sqrt(p) + p ** sp.Rational(2, 3) - sp.exp(-p),
        (p - sp.Rational(1, 3)) ** 3 / (p + 1),
    ],
)
def test_enclosure_contains_sampled_values(expr):
    """Interval enclosures over random boxes contain the exact values at random rational points of the box."""
    rng = random.Random(4)
    f = compile_interval(expr, [p])
    for _ in range(40):
        a, b = sorted(Fraction(rng.randint(0, 500), 1000) for _ in range(2))
        b += Fraction(1, 1000)
        lo, hi = ends(f((a, b), prec=60))
        for _ in range(3):
            x = a + (b - a) * Fraction(rng.randint(0, 100), 100)
            value = sp.Rational(sp.sympify(expr).subs(p, sp.Rational(x)).evalf(50))  # within 1e-45
            slack = sp.Rational(1, 10**40)
            assert lo - slack <= value <= hi + slack


def test_entropy_exact_at_zero_and_one():
    """H and the phi pieces are exactly 0 at 0 and 1 and exactly 1 at 1/2."""
    f = compile_interval(sc.H(p), [p])
    assert f(0) == mpmath.iv.mpf(0) and f(1) == mpmath.iv.mpf(0) and f(HALF) == mpmath.iv.mpf(1)
    g = compile_interval(sc.H(2 * p, HALF - p, HALF - p), [p])
    assert g(0) == mpmath.iv.mpf(1)


def test_removable_singularity_gives_valid_enclosure():
    """x log x on [0, 1/10] has a valid enclosure with no NaN (removable singularity at 0)."""
    y = interval_eval(p * sp.log(p), {p: (0, sp.Rational(1, 10))})
    assert not mpmath.isnan(y.a) and not mpmath.isnan(y.b)
    assert y.a <= -1 / mpmath.e and y.b >= 0


def test_piecewise_hull_and_strict_mode():
    """An undecided Piecewise condition gives the hull of its branches, or the whole line in strict mode."""
    pw = sp.Piecewise((0, sp.Eq(p, HALF)), (1, True))
    assert compile_interval(pw, [p])((0, 1)) == mpmath.iv.mpf([0, 1])
    assert compile_interval(pw, [p])((0, sp.Rational(1, 4))) == mpmath.iv.mpf(1)
    assert compile_interval(pw, [p])(HALF) == mpmath.iv.mpf(0)
    strict = compile_interval(pw, [p], strict=True)((0, 1))
    assert strict.a == -mpmath.inf and strict.b == mpmath.inf


def test_precision_is_never_global():
    """Evaluating at 500 bits leaves mpmath's mp and iv precisions untouched."""
    before = (mpmath.mp.prec, mpmath.iv.prec)
    interval_eval(sc.H(p) - sp.pi / 7, {p: (sp.Rational(1, 3), HALF)}, prec=500, centred=True)
    crossover(sc.H(p), HALF, over={p: (0, HALF)}, digits=100)
    assert (mpmath.mp.prec, mpmath.iv.prec) == before


def test_unsupported_function_is_refused():
    """A function without an interval extension raises ExpressionError naming it."""
    with pytest.raises(ExpressionError, match="sin"):
        compile_interval(sp.sin(p), [p])


def test_iv_round_trip():
    """to_iv/from_iv keep exact dyadic ends."""
    raw = from_iv((Fraction(1, 4), Fraction(3, 8)))
    assert to_iv(raw) == mpmath.iv.mpf([0.25, 0.375])


# ---------------------------------------------------------------------------
# known roots
# ---------------------------------------------------------------------------


def test_sqrt2_over_2_to_60_digits():
    """p**2 < 1/2 on (0, 1) is (0, sqrt(2)/2); the enclosure is proved exactly and is < 1e-60 wide."""
    r = crossover(p**2, HALF, over={p: (0, 1)}, digits=60)
    (b,) = r.boundaries
    assert b.kind == "root" and (b.left, b.right) == (1, -1)
    assert b.hi - b.lo < sp.Rational(1, 10**60)
    assert b.lo**2 < HALF < b.hi**2  # exact rational arithmetic: sqrt(2)/2 is inside
    assert b.contains(sp.sqrt(2) / 2)
    reference = sp.N(sp.sqrt(2) / 2, 60)
    assert str(reference)[:50] == b.decimal(60)[:50]
    assert r.intervals[0].lo == 0 and r.intervals[0].hi is b


def test_binary_entropy_one_half_against_findroot():
    """H(p) = 1/2 at p = 0.1100278644... and 1 - p; findroot at 80 digits lies in the 50-digit enclosures."""
    r = crossover(sc.H(p), HALF, over={p: (0, 1)}, digits=50)
    assert len(r.boundaries) == 2
    with mpmath.workdps(80):
        root = mpmath.findroot(lambda x: -x * mpmath.log(x, 2) - (1 - x) * mpmath.log(1 - x, 2) - mpmath.mpf(1) / 2,
                               mpmath.mpf("0.11"))
        for b, expected in zip(r.boundaries, (root, 1 - root)):
            assert mpmath.mpf(b.lo.p) / b.lo.q <= expected <= mpmath.mpf(b.hi.p) / b.hi.q
            assert b.hi - b.lo < sp.Rational(1, 10**50)
    assert r.boundaries[0].decimal(10) == "0.1100278644..."
    assert str(r).startswith("p in (0, 0.11002786443835955") and " U (0.88997213556164044" in str(r)
    assert_sign_change(r, HALF - sc.H(p))


def test_transcendental_root_with_log():
    """p log p < -1/4 between two roots, each checked by sign at 120 digits."""
    r = crossover(p * sp.log(p), -sp.Rational(1, 4), over={p: (0, 1)}, digits=40)
    assert [b.kind for b in r.boundaries] == ["root", "root"]
    assert len(r.intervals) == 1 and r.contains(sp.Rational(37, 100))  # near 1/e, the minimum
    assert_sign_change(r, -sp.Rational(1, 4) - p * sp.log(p))


# ---------------------------------------------------------------------------
# shapes of regions
# ---------------------------------------------------------------------------


def test_no_root_whole_range_and_empty():
    """A comparison that holds everywhere gives the whole range; one that never holds gives no interval."""
    whole = crossover(p, 2, over={p: (0, 1)})
    assert str(whole) == "p in (0, 1)" and whole.boundaries == ()
    empty = crossover(2, p, over={p: (0, 1)})
    assert empty.intervals == () and str(empty) == "p in {} (empty)" and empty.latex() == r"p \in \emptyset"


def test_one_root():
    """exp(p) < 2 on (0, 1) holds below log 2."""
    r = crossover(sp.exp(p), 2, over={p: (0, 1)}, digits=40)
    (b,) = r.boundaries
    assert b.contains(sp.log(2))
    assert_sign_change(r, 2 - sp.exp(p))


def test_roots_at_both_ends():
    """p**2 < p on (0, 1): equality at both (excluded) ends, no boundary inside."""
    r = crossover(p**2, p, over={p: (0, 1)})
    assert str(r) == "p in (0, 1)" and r.boundaries == ()


def test_removable_singularity_at_the_end():
    """p log p < 0 on (0, 1): the removable singularity at 0 is handled by a one-sided limit."""
    r = crossover(p * sp.log(p), 0, over={p: (0, 1)})
    assert str(r) == "p in (0, 1)"


def test_exact_rational_crossing():
    """A crossing at a rational point is found exactly (kind 'exact'), not as a decimal."""
    r = crossover(p, sp.Rational(2, 7) + 0 * p, over={p: (0, 1)})
    (b,) = r.boundaries
    assert b.point == sp.Rational(2, 7) and b.kind == "exact" and (b.left, b.right) == (1, -1)
    assert str(r) == "p in (0, 2/7)"


def test_tangency_inside_the_region():
    """(p - 1/3)**2 > 0 except at p = 1/3, which is found exactly and excluded."""
    r = crossover(0, (p - sp.Rational(1, 3)) ** 2, over={p: (0, 1)})
    assert str(r) == "p in (0, 1/3) U (1/3, 1)"
    (b,) = r.boundaries
    assert (b.kind, b.point, b.left, b.right, b.sign) == ("exact", sp.Rational(1, 3), 1, 1, 0)


def test_tangency_outside_the_region():
    """-(p - 1/3)**2 > 0 nowhere; the touching point is reported as a tangency."""
    r = crossover((p - sp.Rational(1, 3)) ** 2, 0, over={p: (0, 1)})
    assert r.intervals == () and r.tangencies == (sp.Rational(1, 3),)


def test_triple_zero_at_a_rational_point():
    """(p - 1/3)**3 changes sign at 1/3 with zero slope; decided with the third derivative."""
    r = crossover(0, (p - sp.Rational(1, 3)) ** 3, over={p: (0, 1)})
    assert str(r) == r"p in (1/3, 1)"


def test_piecewise_isolated_point_outside():
    """A Piecewise branch at the single point p = 1/2 removes that point from the region."""
    lower = sp.Piecewise((1, sp.Eq(p, HALF)), (0, True))
    r = crossover(lower, HALF, over={p: (0, 1)})
    assert str(r) == "p in (0, 1/2) U (1/2, 1)"
    (b,) = r.boundaries
    assert (b.kind, b.point, b.sign) == ("jump", HALF, -1)


def test_piecewise_isolated_point_inside():
    """A Piecewise branch at the single point p = 1/2 can be the whole region."""
    lower = sp.Piecewise((0, sp.Eq(p, HALF)), (1, True))
    r = crossover(lower, HALF, over={p: (0, 1)})
    assert str(r) == "p in {1/2}" and r.contains(HALF) is True and r.contains(sp.Rational(1, 4)) is False


def test_piecewise_jump_with_closed_end():
    """A jump at p = 1/3 where the left branch holds at 1/3 closes the interval there."""
    lower = sp.Piecewise((0, p <= sp.Rational(1, 3)), (1, True))
    r = crossover(lower, HALF, over={p: (0, 1)})
    assert str(r) == "p in (0, 1/3]" and r.latex() == r"p \in \left(0, \frac{1}{3}\right]"


def test_abs_and_sign_break_points():
    """Abs and sign are analysed through their break points: |p - 1/3| < 1/10 and sign(p - 1/3) < 1/10."""
    third = sp.Rational(1, 3)
    assert str(crossover(sp.Abs(p - third), sp.Rational(1, 10), over={p: (0, 1)})) == "p in (7/30, 13/30)"
    assert str(crossover(sp.sign(p - third), sp.Rational(1, 10), over={p: (0, 1)})) == "p in (0, 1/3]"


def test_irrational_jump_is_undecidable_and_located():
    """A Piecewise condition changing at sqrt(2)/2 cannot be located exactly; the error says where."""
    lower = sp.Piecewise((0, p < sp.sqrt(2) / 2), (1, True))
    with pytest.raises(UndecidableError, match=r"0\.7071.*Piecewise condition"):
        crossover(lower, HALF, over={p: (0, 1)}, digits=8)


def test_iid_point_where_both_vanish():
    """E < C_mu for binary_markov(p, p) except at the IID point p = 1/2, where both are exactly 0."""
    m = sc.processes.binary_markov(p, p)
    r = crossover(sc.excess_entropy(m), sc.statistical_complexity(m), over={p: (0, 1)})
    assert str(r) == "p in (0, 1/2) U (1/2, 1)"
    (b,) = r.boundaries
    assert (b.kind, b.point, b.sign, b.left, b.right) == ("exact", HALF, 0, 1, 1)


def test_identical_expressions_give_an_empty_region():
    """lower == upper identically: lower < upper nowhere."""
    assert crossover(sc.H(p), sc.H(1 - p), over={p: (0, 1)}).intervals == ()


# ---------------------------------------------------------------------------
# the Loehr crossover
# ---------------------------------------------------------------------------


def test_loehr_crossover_to_50_digits():
    """Loehr's generator has lower state entropy than C_mu = 1 exactly on (p*, 1/2), p* = 0.3864539..."""
    m = sc.processes.lohr_generator(p)
    upper = sc.statistical_complexity(m)
    assert upper == 1
    r = crossover(lohr_lower(), upper, over={p: (0, HALF)}, digits=50)
    assert len(r.intervals) == 1
    (span,) = r.intervals
    (b,) = r.boundaries
    assert span.lo is b and span.hi == HALF and not span.closed_lo and not span.closed_hi
    assert (b.kind, b.left, b.right) == ("root", -1, 1)
    assert b.hi - b.lo < sp.Rational(1, 10**50)
    with mpmath.workdps(80):
        def f(x):
            return -2 * x * mpmath.log(2 * x, 2) - 2 * (mpmath.mpf(1) / 2 - x) * mpmath.log(mpmath.mpf(1) / 2 - x, 2) - 1

        star = mpmath.findroot(f, (mpmath.mpf("0.38"), mpmath.mpf("0.39")), solver="anderson")
        assert mpmath.mpf(b.lo.p) / b.lo.q <= star <= mpmath.mpf(b.hi.p) / b.hi.q
        truncated = int(mpmath.floor(star * mpmath.mpf(10) ** 45))
        assert b.decimal(45) == f"0.{truncated:045d}..."
    assert sp.Rational(38, 100) < b.lo < b.hi < sp.Rational(39, 100)  # the blog's "p in [0.38, 0.5]"
    assert_sign_change(r, upper - lohr_lower(), dps=150)
    assert r.contains(sp.Rational(2, 5)) is True and r.contains(sp.Rational(3, 10)) is False


def test_loehr_printing():
    """Text, LaTeX and sympy-set forms of the Loehr region: certified decimals for the root, the exact end 1/2."""
    r = crossover(lohr_lower(), 1, over={p: (0, HALF)}, digits=30)
    assert str(r) == "p in (0.386453902390325906394738272847..., 1/2)"
    assert r.latex(4) == r"p \in \left(0.3864\ldots, \frac{1}{2}\right)"
    assert r._repr_latex_() == f"${r.latex()}$"
    outer, inner = r.as_set(), r.as_set("inner")
    assert inner.is_subset(outer)
    (b,) = r.boundaries
    assert sp.Rational(outer.left) <= b.lo and sp.Rational(inner.left) >= b.hi
    assert outer.right == HALF and isinstance(outer.right, sp.Rational) and outer.left_open and outer.right_open
    assert inner.right == HALF and isinstance(inner.right, sp.Rational)


def test_outer_and_inner_sets_bracket_the_true_region():
    """as_set('outer') contains the region and as_set('inner') is contained in it, exactly."""
    r = crossover(p**2, sp.Rational(1, 3), over={p: (sp.Rational(1, 10), 1)}, digits=12)
    root = 1 / sp.sqrt(3)
    outer, inner = r.as_set(), r.as_set("inner")
    assert sp.Rational(outer.right) >= root and sp.Rational(inner.right) <= root
    assert sp.Rational(outer.left) <= sp.Rational(1, 10) <= sp.Rational(inner.left)


def test_membership_agrees_with_exact_signs():
    """Region.contains agrees with the exact sign of upper - lower at random rational points."""
    rng = random.Random(7)
    lower, upper = sc.H(p), HALF + p / 3
    r = crossover(lower, upper, over={p: (0, 1)}, digits=20)
    for _ in range(60):
        x = sp.Rational(rng.randint(1, 999), 1000)
        answer = r.contains(x)
        if answer is None:
            continue
        assert answer == bool((upper - lower).subs(p, x).evalf(50) > 0)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


def test_other_free_symbols_are_refused():
    """An expression in a second parameter raises ExpressionError naming it and suggesting pave."""
    q = sc.symbols("q")
    with pytest.raises(ExpressionError, match="depends on q.*pave"):
        crossover(p * q, HALF, over={p: (0, 1)})


def test_same_name_other_assumptions_is_explained():
    """A symbol with the parameter's name but other assumptions is diagnosed as such."""
    with pytest.raises(ExpressionError, match="same name"):
        crossover(sp.Symbol("p"), HALF, over={p: (0, 1)})


@pytest.mark.parametrize(
    ("digits", "error"),
    [(0, DomainError), (-3, DomainError), ("30", ParameterTypeError), (2.5, ParameterTypeError),
     (True, ParameterTypeError), (10**6, TooLargeError)],
)
def test_unreasonable_digits(digits, error):
    """digits must be an int in [1, max_digits]."""
    with pytest.raises(error, match="digits"):
        crossover(p, HALF, over={p: (0, 1)}, digits=digits)


def test_malformed_ranges_and_floats():
    """Reversed or float ranges, two parameters and float expressions are refused with clear errors."""
    with pytest.raises(DomainError, match="a < b"):
        crossover(p, HALF, over={p: (1, 0)})
    with pytest.raises(ParameterTypeError, match="float"):
        crossover(p, HALF, over={p: (0, 0.5)})
    with pytest.raises(ParameterTypeError, match="exactly one parameter"):
        crossover(p, HALF, over={p: (0, 1), sc.symbols("q"): (0, 1)})
    with pytest.raises(ExpressionError, match="float"):
        crossover(p, sp.Float(0.5), over={p: (0, 1)})


def test_irrational_tangency_is_undecidable_and_located():
    """A double root at the irrational sqrt(2)/2 cannot be certified; the error says where."""
    with pytest.raises(UndecidableError, match=r"0\.7071"):
        crossover(0, (p - sp.sqrt(2) / 2) ** 2, over={p: (0, 1)}, digits=10)


def test_expression_not_real_on_the_range():
    """An expression with no real value on part of the range raises ExpressionError with the location."""
    with pytest.raises(ExpressionError, match="not real"):
        crossover(sp.log(p - 2), 0, over={p: (0, 1)})


def test_boundary_is_a_frozen_value():
    """Boundaries are immutable values."""
    b = crossover(p**2, HALF, over={p: (0, 1)}, digits=5).boundaries[0]
    assert isinstance(b, Boundary)
    with pytest.raises(AttributeError):
        b.lo = 0  # type: ignore[misc]


# --- issue 10: user values are never evaluated -------------------------------------------------------------------

def _payload(marker) -> str:
    return f"__import__('pathlib').Path({str(marker)!r}).touch() or 1"


def test_crossover_over_and_expressions_never_evaluate_text(tmp_path):
    """crossover refuses code in `over` bounds and in lower/upper (also inside a tuple); the code never runs."""
    p = sc.symbols("p")
    marker = tmp_path / "ran"
    with pytest.raises(DomainError, match=r"over\[p\]\[0\]: expected a rational number"):
        crossover(0, p, over={p: (_payload(marker), 1)})
    with pytest.raises(ParameterTypeError, match=r"over\[p\]\[1\]"):
        crossover(0, p, over={p: (0, (_payload(marker),))})
    with pytest.raises(ParameterTypeError, match="lower must not contain text"):
        crossover((_payload(marker),), p, over={p: (0, 1)})
    b = crossover(sc.H(p), sp.S.Half, over={p: (0, sp.S.Half)}, digits=5).boundaries[0]
    with pytest.raises(ParameterTypeError, match="must not contain text"):
        b.contains((_payload(marker),))
    with pytest.raises(ParameterTypeError, match="must not contain text"):
        interval_eval((_payload(marker),), {})
    with pytest.raises(ParameterTypeError, match="must not contain text"):
        sc.H((_payload(marker),))
    with pytest.raises(ParameterTypeError, match="must not contain text"):
        sc.lambdify({1: _payload(marker)}, [p])
    assert not marker.exists()
    assert crossover(0, p, over={p: ("1/4", "1/2")}).range == (sp.Rational(1, 4), sp.Rational(1, 2))


# --- argument checks (issue 10) ------------------------------------------------------------------


@pytest.mark.parametrize("relation", [p < 1, sp.Eq(p, sp.S.Half), sp.And(p < 1, p > 0)], ids=["Lt", "Eq", "And"])
def test_relation_instead_of_expression_is_refused(relation):
    """crossover(p < 1, ...) raises ParameterTypeError saying a relation is not an expression (it was a raw TypeError)."""
    with pytest.raises(ParameterTypeError, match="lower must be a sympy expression or a number, received the"):
        crossover(relation, sp.S.Half, over={p: (0, 1)})
    with pytest.raises(ParameterTypeError, match="upper must be"):
        crossover(sp.S.Half, relation, over={p: (0, 1)})


@pytest.mark.parametrize("lower, upper, where", [
    (1 / (p - sp.Rational(1, 3)), sp.Integer(0), "p = 1/3"),
    (sc.H(p), 1 / (2 * p - 1), "p = 1/2"),
    (sp.Integer(0), 1 / (p**2 - sp.S.Half), "p = 0.707106781186548"),
], ids=["rational", "with-H", "irrational"])
def test_pole_inside_the_range_is_reported_as_a_pole(lower, upper, where):
    """A denominator vanishing inside the range is reported as a pole, with where it is (not 'could not refine the root')."""
    with pytest.raises(ExpressionError) as info:
        crossover(lower, upper, over={p: (0, 1)})
    msg = str(info.value)
    assert "pole at " + where in msg and "split the range" in msg, msg


def test_pole_outside_the_range_is_no_obstacle():
    """A pole outside the open range (1/(p - 2) on (0, 1), values in (-1, -1/2)) is no obstacle."""
    assert not crossover(1 / (p - 2), sp.Integer(-1), over={p: (0, 1)}).intervals
    r = crossover(sp.Integer(-1), 1 / (p - 2), over={p: (0, 1)})
    assert r.contains(sp.Rational(1, 100)) and r.contains(sp.Rational(99, 100))


@pytest.mark.parametrize("rng", [(-1, 0), (-1, 1), (-sp.Rational(1, 2), sp.Rational(1, 2))])
def test_range_outside_a_positive_symbol_is_refused(rng):
    """over={p: (-1, 0)} for a positive symbol (sc.symbols) is a DomainError naming the assumption (it was evaluated)."""
    with pytest.raises(DomainError, match=r"over\[p\]: the range .* reaches values p cannot take: p is positive"):
        crossover(sc.H(p), sp.S.Half, over={p: rng})


def test_range_beyond_a_probability_is_refused_clearly():
    """over={p: (0, 2)} with H(p) is refused saying where the expression is not real."""
    with pytest.raises(ExpressionError, match=r"is not real for p in \["):
        crossover(sc.H(p), sp.S.Half, over={p: (0, 2)})


def test_range_for_a_symbol_without_assumptions_is_allowed():
    """A plain sympy Symbol has no sign assumption: a negative range is allowed."""
    x = sp.Symbol("x")
    r = crossover(x, sp.Integer(0), over={x: (-1, 1)})
    assert r.contains(sp.Rational(-1, 2)) and not r.contains(sp.Rational(1, 2))


# -- adversarial fixes ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["x", "__import__('os').getcwd()"])
def test_region_and_boundary_contains_refuse_text(value):
    """Region.contains / Boundary.contains refuse a str with ParameterTypeError (never evaluated)."""
    r = crossover(p**2, HALF, over={p: (0, 1)}, digits=10)
    with pytest.raises(ParameterTypeError, match="Region.contains"):
        r.contains(value)
    with pytest.raises(ParameterTypeError, match="Boundary.contains"):
        r.boundaries[0].contains(value)


def test_region_contains_refuses_a_non_rational():
    """Region.contains(sqrt(2)) is a ParameterTypeError (an exact rational is expected)."""
    r = crossover(p**2, HALF, over={p: (0, 1)}, digits=10)
    with pytest.raises(ParameterTypeError, match="exact rational"):
        r.contains(sp.sqrt(2) / 2)


def test_crossover_refuses_a_huge_coefficient():
    """A coefficient of 5000 digits is an ExpressionError, not Python's raw int-to-str ValueError."""
    with pytest.raises(ExpressionError, match="5000 digits"):
        crossover(p * 10**5000, 1, over={p: (0, 1)}, digits=5)


@pytest.mark.parametrize("digits", [-1, 0])
def test_region_text_refuses_bad_digits(digits):
    """Region.latex(-1) / to_string(0) / Boundary.decimal(0) are a DomainError."""
    r = crossover(p**2, HALF, over={p: (0, 1)}, digits=10)
    with pytest.raises(DomainError, match="Region.latex: digits"):
        r.latex(digits)
    with pytest.raises(DomainError, match="Region.to_string: digits"):
        r.to_string(digits)
    with pytest.raises(DomainError, match="Boundary.decimal: digits"):
        r.boundaries[0].decimal(digits)
    with pytest.raises(ParameterTypeError):
        r.latex("4")
