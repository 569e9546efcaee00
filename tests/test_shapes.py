"""The shapes the API contract promises (docs API.md): crossover enclosures unpack, Bounds convert.

* ``r.boundaries[i]`` is "an enclosure [lo, hi] (unpacks as lo, hi)": a
  :class:`~symcm.generation.regions.Boundary` iterates, indexes and has length 2 like
  the pair ``(lo, hi)``, and keeps its attributes;
* ``r.intervals`` are sub-intervals: a :class:`~symcm.generation.regions.Span`
  unpacks as its ends;
* ``entropy_rate`` of an infinite machine returns a
  :class:`~symcm.causal.bounds.Bounds`, which converts to an ``mpmath`` interval
  (exactly its ends), and to a number (its midpoint) for ``float``,
  ``mpmath.mpf`` and sympy (``sp.N``), as documented on the class.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

import symcm as sc
from symcm.causal.bounds import Bounds
from symcm.generation.crossover import crossover
from symcm.generation.regions import Boundary, Span
from tests.test_bounds import sns_series

p = sc.symbols("p")
R = sp.Rational


@pytest.fixture(scope="module")
def root_region():
    """``p**2 < 1/2`` on (0, 1): one span (0, root) and one root boundary at sqrt(2)/2."""
    return crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=15)


@pytest.fixture(scope="module")
def sns_rate():
    """h_mu of the simple nonunifilar source (infinitely many causal states): a Bounds, 20 digits."""
    return sc.entropy_rate(sc.processes.sns(), digits=20)


# --- Boundary ------------------------------------------------------------------------------------


def test_boundary_unpacks_as_its_enclosure(root_region):
    """lo, hi = r.boundaries[0] gives the exact ends of the enclosure; indexing and len agree."""
    b = root_region.boundaries[0]
    lo, hi = b
    assert (lo, hi) == (b.lo, b.hi) == (b[0], b[1]) == tuple(b) == b[:]
    assert b[-1] == b.hi and len(b) == 2
    assert isinstance(lo, sp.Rational) and lo < sp.sqrt(2) / 2 < hi and hi - lo < R(1, 10**15)
    with pytest.raises(IndexError):
        b[2]


def test_boundary_keeps_its_attributes(root_region):
    """Unpacking adds to a Boundary: kind, signs, certificate, width, contains, interval still work."""
    b = root_region.boundaries[0]
    assert (b.kind, b.left, b.right, b.sign, b.point) == ("root", 1, -1, 0, None)
    assert b.width == b.hi - b.lo and b.contains(sp.sqrt(2) / 2) and b.certificate
    with mpmath.workdps(40):
        assert b.interval.a < mpmath.sqrt(2) / 2 < b.interval.b
    assert sp.Interval(*b).contains(sp.sqrt(2) / 2)


def test_exact_boundary_unpacks_as_a_point():
    """An exact boundary (a jump at p = 1/2) unpacks as (1/2, 1/2)."""
    step = sp.Piecewise((1, p < sp.S.Half), (-1, True))
    (b,) = crossover(0, step, over={p: (0, 1)}).boundaries
    assert b.kind in ("exact", "jump") and tuple(b) == (sp.S.Half, sp.S.Half) and b.point == sp.S.Half


def test_boundary_equality_and_repr(root_region):
    """Boundaries compare by all their attributes, not as tuples; the repr shows the certified decimal and kind."""
    b = root_region.boundaries[0]
    again = crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=15).boundaries[0]
    assert b == again and hash(b) == hash(again)
    assert b != (b.lo, b.hi) and tuple(b) == (b.lo, b.hi)
    assert b != Boundary(b.lo, b.hi, "root", -1, 1, 0, b.certificate)
    assert repr(b) == "Boundary(0.707106781186547524..., kind='root', left=1, right=-1)"
    assert repr(Boundary(R(1, 3), R(1, 3), "exact", 1, 1)) == "Boundary(1/3, kind='exact', left=1, right=1)"


# --- Span ----------------------------------------------------------------------------------------


def test_span_unpacks_as_its_ends(root_region):
    """for lo, hi in r.intervals walks the region: rational ends and root Boundary ends."""
    ((lo, hi),) = root_region.intervals
    (span,) = root_region.intervals
    assert lo == 0 and hi == root_region.boundaries[0] and (span[0], span[1]) == (span.lo, span.hi)
    assert len(span) == 2 and tuple(span) == (span.lo, span.hi)
    hi_lo, hi_hi = hi  # a root end unpacks in turn as its enclosure
    assert hi_lo < sp.sqrt(2) / 2 < hi_hi


def test_span_ends_of_a_tangency_region():
    """Around a tangency at 1/3 the region is two spans with exact ends, unpacked as pairs."""
    r = crossover(0, (p - R(1, 3)) ** 2, over={p: (0, 1)})
    assert [tuple(s) for s in r.intervals] == [(0, R(1, 3)), (R(1, 3), 1)]


def test_span_equality_and_repr(root_region):
    """Spans compare by ends and closedness; the repr shows ends (certified decimals for roots) and closed flags."""
    (span,) = root_region.intervals
    assert span == Span(span.lo, span.hi) and span != Span(span.lo, span.hi, closed_lo=True)
    assert span != (span.lo, span.hi)
    assert repr(span) == "Span(0, 0.707106781186547524...)"
    assert repr(Span(R(1, 3), R(1, 2), True, False)) == "Span(1/3, 1/2, closed_lo=True)"
    assert str(span) == "(0, 0.707106781186547524...)" and str(span.hi) == span.hi.decimal()
    assert str(Span(R(1, 3), R(1, 2), True, False)) == "[1/3, 1/2)" and str(Span(R(1, 2), R(1, 2), True, True)) == "{1/2}"


# --- Bounds --------------------------------------------------------------------------------------


def test_bounds_of_an_infinite_machine_convert(sns_rate):
    """float, sp.N and mpmath.mpf take entropy_rate(sns()) (they raised before): its midpoint, near h_mu."""
    b = sns_rate
    assert isinstance(b, Bounds)
    value, tail = sns_series()
    with mpmath.workdps(60):
        assert b.lower <= value and value + tail <= b.upper  # the independent series lies in the enclosure
        assert abs(mpmath.mpf(float(b)) - value) <= math.ulp(float(value))
    assert float(b) == float(b.mid)
    n = sp.N(b)
    assert isinstance(n, sp.Float) and abs(n - sp.Float(float(value), 15)) < R(1, 10**14)
    assert mpmath.mpf(b) == mpmath.mpf(b.mid)  # rounded to the working precision
    with mpmath.workdps(40):
        m40 = mpmath.mpf(b)
        assert m40 == b.mid and b.lower <= m40 <= b.upper
    assert mpmath.log(b) == mpmath.log(mpmath.mpf(b))  # mpmath functions take it as a number


def test_bounds_interval_is_the_exact_enclosure(sns_rate):
    """b.interval, mpmath.mpi(b) and mpmath.iv.mpf(b) are [lower, upper] exactly, not rounded to iv's precision."""
    b = sns_rate
    for iv in (b.interval, mpmath.mpi(b), mpmath.iv.mpf(b)):
        assert iv.a == b.lower and iv.b == b.upper
    assert b.interval.delta < mpmath.mpf(10) ** -20
    log_iv = mpmath.iv.log(b)  # interval arithmetic keeps the enclosure
    with mpmath.workdps(60):
        value, tail = sns_series()
        assert log_iv.a <= mpmath.log(value) and mpmath.log(value + tail) <= log_iv.b


def test_bounds_sympify_carries_the_certified_digits(sns_rate):
    """sympify(b) is the midpoint as a Float of b.digits significant digits, digits both ends agree on."""
    b = sns_rate
    f = sp.sympify(b)
    assert b.digits == 20 and isinstance(f, sp.Float) and f._prec == mpmath.libmp.dps_to_prec(20)
    assert str(sp.N(b, 20)) == mpmath.nstr(b.lower, 20) == mpmath.nstr(b.upper, 20)
    assert abs(sp.Rational(f) - sp.Rational(*mpmath.libmp.to_rational(b.mid._mpf_))) <= abs(f) * R(1, 10**19)
    assert sp.S(1) - b == 1 - f  # sympy arithmetic takes the Float


def test_bounds_conversions_of_exact_and_wide_enclosures():
    """A zero-width Bounds converts exactly; a wide one keeps one significant digit."""
    exact = Bounds(mpmath.mpf(1) / 4, mpmath.mpf(1) / 4)
    assert exact.digits is None and sp.Rational(sp.sympify(exact)) == R(1, 4) and float(exact) == 0.25
    assert mpmath.mpf(exact) == mpmath.mpf(0.25) and exact.interval.delta == 0
    wide = Bounds(mpmath.mpf("0.125"), mpmath.mpf("0.5"))
    assert wide.digits == 1 and str(sp.sympify(wide)) == "0.3" and float(wide) == 0.3125
    assert Bounds(mpmath.mpf(-1), mpmath.mpf(1)).digits == 1 and float(Bounds(mpmath.mpf(-1), mpmath.mpf(1))) == 0.0


def test_bounds_mid_is_exact():
    """The midpoint is the exact half-sum of the ends, whatever the working precision."""
    with mpmath.workprec(200):
        lo, hi = mpmath.mpf(1) / 3, mpmath.mpf(1) / 3 + mpmath.mpf(2) ** -180
    mid = Bounds(lo, hi).mid  # at the default 53 bits
    with mpmath.workprec(200):
        assert mid == (lo + hi) / 2 and lo < mid < hi


def test_unbounded_bounds_convert_to_nan():
    """An enclosure with an infinite end certifies no digit and has no midpoint: nan, not a number."""
    inf = mpmath.mpf("inf")
    for b in (Bounds(-inf, inf), Bounds(mpmath.mpf(0), inf)):
        assert not b.bounded and b.digits == 0 and math.isnan(float(b)) and sp.sympify(b) is sp.nan
        assert mpmath.isnan(mpmath.mpf(b)) and b.interval.b == inf
    assert repr(Bounds(mpmath.mpf(0), inf)) == "Bounds(0.0, +inf)"


def test_span_ends_compare_as_numbers(root_region):
    """lo, hi = r.intervals[0]; lo < hi works: a root Boundary compares with numbers by its enclosure."""
    from symcm.errors import ParameterTypeError, UndecidableError

    lo, hi = root_region.intervals[0]
    assert lo < hi and hi > lo and hi <= 1 and not hi < sp.Rational(7, 10)
    (b,) = root_region.boundaries
    assert b <= b and not b < b
    with pytest.raises(UndecidableError, match="enclosure"):
        b < sp.sqrt(2) / 2
    with pytest.raises(ParameterTypeError):
        b < "x"
