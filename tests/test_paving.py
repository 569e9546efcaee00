"""Tests of symcm.generation.paving: area bounds, box certificates, resolution, parallel runs, plotting."""

from __future__ import annotations

import importlib.util
import sys

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, ExpressionError, MissingDependencyError, ParameterTypeError
from symcm.generation.paving import Paving, pave

p, q = sc.symbols("p q")
UNIT = {p: (0, 1), q: (0, 1)}
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def corners(box):
    """The four corners of a box ((p0, p1), (q0, q1)) as substitution dicts."""
    (x0, x1), (y0, y1) = box
    return [{p: x, q: y} for x in (x0, x1) for y in (y0, y1)]


def test_half_plane_area_bounds():
    """p + q < 1 has area 1/2 on the unit square: inner <= 1/2 <= outer, exactly."""
    P = pave(p + q, 1, over=UNIT, resolution=sp.Rational(1, 64))
    assert P.inner_area <= sp.Rational(1, 2) <= P.outer_area
    assert P.outer_area - P.inner_area <= sp.Rational(2 * 64 + 1, 64**2)  # one strip of boxes along the line


def test_quarter_disc_area_bounds():
    """p**2 + q**2 < 1 has area pi/4 on the unit square: inner <= pi/4 <= outer, gap shrinking with resolution."""
    coarse = pave(p**2 + q**2, 1, over=UNIT, resolution=sp.Rational(1, 32))
    fine = pave(p**2 + q**2, 1, over=UNIT, resolution=sp.Rational(1, 128))
    for P in (coarse, fine):
        assert P.inner_area <= sp.pi / 4 <= P.outer_area
    assert fine.outer_area - fine.inner_area < (coarse.outer_area - coarse.inner_area) / 3


def test_boxes_are_certified_at_their_corners():
    """Exact evaluation at the corners agrees with every inside and outside box (a polynomial comparison)."""
    f = 1 - p**2 - q**2
    P = pave(p**2 + q**2, 1, over=UNIT, resolution=sp.Rational(1, 16))
    for box in P.inside:
        assert all(f.subs(c) > 0 for c in corners(box))
    for box in P.outside:
        assert all(f.subs(c) <= 0 for c in corners(box))


def test_undecided_boxes_respect_the_resolution():
    """Undecided boxes have both sides at most the resolution; all boxes tile the range exactly."""
    res = sp.Rational(1, 50)
    P = pave(sc.H(p / (p + q)), sp.S.Half + p * q, over=UNIT, resolution=res)
    assert P.undecided
    for (x0, x1), (y0, y1) in P.undecided:
        assert 0 < x1 - x0 <= res and 0 < y1 - y0 <= res
    total = sum((x1 - x0) * (y1 - y0) for kind in (P.inside, P.outside, P.undecided) for (x0, x1), (y0, y1) in kind)
    assert total == 1


def test_float_resolution_is_taken_exactly():
    """resolution=2**-5 (a float) is the exact rational 1/32."""
    assert pave(p, q, over=UNIT, resolution=2**-5).resolution == sp.Rational(1, 32)


def test_piecewise_statistical_complexity():
    """C_mu of binary_markov (Piecewise on p + q = 1) vs h_mu: valid bounds, the IID line stays undecided."""
    m = sc.processes.binary_markov(p, q)
    P = pave(sc.entropy_rate(m), sc.statistical_complexity(m), over=UNIT, resolution=sp.Rational(1, 16))
    assert 0 < P.inner_area <= P.outer_area <= 1
    on_line = {p: sp.Rational(1, 3) + sp.Rational(1, 64), q: sp.Rational(2, 3) - sp.Rational(1, 64)}
    assert P.contains(on_line) is None
    assert P.contains({p: sp.Rational(9, 10), q: sp.Rational(9, 10)}) is True  # near-periodic: C_mu > h_mu
    assert not P.outside  # C_mu >= h_mu, with equality only on the IID line (measure zero)


def test_parallel_equals_serial():
    """workers=2 gives exactly the boxes of a serial run."""
    serial = pave(p**2 + q**2, 1, over=UNIT, resolution=sp.Rational(1, 32), workers=1)
    parallel = pave(p**2 + q**2, 1, over=UNIT, resolution=sp.Rational(1, 32), workers=2)
    assert serial.inside == parallel.inside and serial.undecided == parallel.undecided
    assert serial.counts == parallel.counts and serial.evaluations == parallel.evaluations


def test_repr_and_counts():
    """The repr states box counts, area bounds and resolution."""
    P = pave(p + q, 1, over=UNIT, resolution=sp.Rational(1, 8))
    assert isinstance(P, Paving)
    assert "inside" in repr(P) and "resolution 1/8" in repr(P)
    assert sum(P.counts.values()) == len(P.inside) + len(P.outside) + len(P.undecided)


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed (optional extra symcm[plot])")
def test_plot_writes_a_png(tmp_path):
    """plot(path) writes a non-trivial PNG with the three kinds of boxes and the boundary."""
    P = pave(sc.H(p / (p + q)), sp.S.Half + p * q, over=UNIT, resolution=sp.Rational(1, 32))
    path = tmp_path / "paving.png"
    fig = P.plot(path, grid=150)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000
    assert len(fig.axes[0].collections) >= 3
    import matplotlib.pyplot as plt

    plt.close("all")


def test_plot_without_matplotlib(monkeypatch):
    """Without matplotlib, plot raises MissingDependencyError naming the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    P = pave(p + q, 1, over=UNIT, resolution=sp.Rational(1, 4))
    with pytest.raises(MissingDependencyError, match=r"symcm\[plot\]"):
        P.plot()


def test_errors():
    """Malformed ranges, resolutions and foreign symbols are refused with clear errors."""
    r = sc.symbols("r")
    with pytest.raises(ParameterTypeError, match="exactly two parameters"):
        pave(p, 1, over={p: (0, 1)})
    with pytest.raises(DomainError, match="resolution"):
        pave(p, q, over=UNIT, resolution=0)
    with pytest.raises(DomainError, match="a < b"):
        pave(p, q, over={p: (0, 1), q: (1, 1)})
    with pytest.raises(ExpressionError, match="depends on r"):
        pave(p * r, q, over=UNIT)


# --- argument checks (issue 10) ------------------------------------------------------------------

OVER = {p: (0, 1), q: (0, 1)}


@pytest.mark.parametrize("resolution", [float("nan"), float("inf"), -0.5, 0])
def test_resolution_must_be_finite_and_positive(resolution):
    """pave(resolution=nan | inf | <= 0) is a DomainError naming resolution (nan was a raw ValueError)."""
    with pytest.raises(DomainError, match="resolution must be"):
        pave(p, q, over=OVER, resolution=resolution)


@pytest.mark.parametrize("kwargs, match", [
    ({"workers": 0}, "pave: workers must be at least 1, received 0"),
    ({"workers": -2}, "pave: workers must be at least 1"),
    ({"workers": 1.5}, "pave: workers must be an int"),
    ({"prec": 0}, "pave: prec must be at least 16, received 0"),
    ({"prec": -53}, "pave: prec must be at least 16"),
    ({"prec": "53"}, "pave: prec must be an int"),
    ({"split": 0}, "pave: split must be at least 1"),
])
def test_workers_prec_split_are_checked(kwargs, match):
    """pave(workers=0) and pave(prec=0) are refused before any work (workers=0 ran serially, prec=0 hung)."""
    with pytest.raises((DomainError, ParameterTypeError), match=match):
        pave(p, q, over=OVER, resolution=sp.Rational(1, 4), **kwargs)


def test_range_outside_a_positive_symbol_is_refused():
    """over={p: (-1, 0), ...} for positive symbols is a DomainError naming the assumption."""
    with pytest.raises(DomainError, match=r"pave: over\[p\]: the range \(-1, 0\) reaches values p cannot take"):
        pave(p, q, over={p: (-1, 0), q: (0, 1)}, resolution=sp.Rational(1, 4))


# -- adversarial fixes ------------------------------------------------------------------------------


def test_contains_refuses_a_point_that_is_not_a_dict_of_rationals():
    """Paving.contains('x'), a missing parameter or a text value are clear errors, not raw TypeErrors."""
    p, q = sc.symbols("p q")
    P = pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.S.Half)
    with pytest.raises(ParameterTypeError, match="Paving.contains: point must be a dict"):
        P.contains("x")
    with pytest.raises(DomainError, match="missing q"):
        P.contains({p: sp.S.Half})
    with pytest.raises(ParameterTypeError, match="must not contain text"):
        P.contains({p: "1", q: 1})


def test_split_is_bounded():
    """split=10**6 is refused before a trillion top-level boxes are built; split=1 (one box) is allowed."""
    p, q = sc.symbols("p q")
    with pytest.raises(DomainError, match="split must be at most 256"):
        pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.S.Half, split=10**6)
    assert pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.S.Half, split=1).outer_area == sp.Rational(3, 4)


@pytest.mark.parametrize("workers", [1, 2])
def test_max_boxes_caps_the_whole_paving(workers):
    """max_boxes counts the evaluations of all top-level boxes together, so a tiny resolution stops quickly."""
    from symcm.errors import TooLargeError

    p, q = sc.symbols("p q")
    with pytest.raises(TooLargeError, match="max_boxes=20000 boxes in all"):
        pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 10**6), max_boxes=20_000,
             workers=workers)
