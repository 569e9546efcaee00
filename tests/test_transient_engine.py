"""The transient measures on the ring engine (issue 12, deliverable 2).

``symcm.algebra.elimination.solve_linear`` (sparse fraction-free elimination over ``ZZ[params]``,
modular with a certificate where it pays, the answer cancelled in the ring) against sympy's
``DomainMatrix.lu_solve`` over the rational-function field on Hypothesis-generated sparse systems,
on both polynomial backends; singular systems refused; and every public transient measure (T, S,
E by the forward mixed states, H(L) and the predictability gain in a symbolic L) equal to the old
rational-function route (``tests.oracles.transient_measure``) on the catalogue.  Runs without
python-flint (the flint-only parts are skipped).
"""

from __future__ import annotations

from unittest import mock

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sympy.polys.matrices import DomainMatrix

import symcm as sc
from symcm.algebra import elimination, modular
from symcm.algebra.backends import available_backends, get_backend
from symcm.algebra.elimination import solve_linear
from symcm.algebra.rational import _cancel_form, _ring_fraction
from symcm.causal.complexity import _excess_by_forward_mixed_states
from symcm.causal.ergodic import measure_of
from symcm.causal.states import epsilon_machine
from symcm.causal.transient_chain import _system, _Transients

from . import oracles

BACKENDS = available_backends()
P = sc.processes
p, q = sc.symbols("p q")
L = sp.Symbol("L", integer=True, nonnegative=True)
POLYS = (0, 0, 0, 1, -1, 2, p, q, 1 - p, p + q, p * q - 1, 3 * q**2 + p)
FRACTIONS = (0, 0, 0, sp.Rational(1, 3), p / (1 + p), 1 / (2 + q), p * q / 3, (1 - p) / (3 + p * q))
SETTINGS = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def systems(entries):
    """``(A, b)``: an ``n x n`` matrix and a right-hand side with entries drawn from ``entries``, ``n = 1..5``."""
    return st.integers(1, 5).flatmap(lambda n: st.tuples(
        st.lists(st.lists(st.sampled_from(entries), min_size=n, max_size=n), min_size=n, max_size=n),
        st.lists(st.sampled_from(entries), min_size=n, max_size=n)))


def lu_solve(a: sp.Matrix, b: list) -> list | None:
    """``a^-1 b`` by ``DomainMatrix.lu_solve`` over the fraction field, each entry cancelled; None if singular."""
    n = len(b)
    both = DomainMatrix.from_Matrix(a.row_join(sp.Matrix(n, 1, b))).to_field()  # one domain for A and b
    if both[:, :n].det() == both.domain.zero:
        return None
    sol = both[:, :n].lu_solve(both[:, n:]).to_Matrix()
    return [sp.cancel(sol[i]) for i in range(len(b))]


def ring_solve(rows: list, b: list, name: str):
    """``solve_linear`` of polynomial rows over ``ZZ[p, q]`` on backend ``name``: ``(R, y, d)``."""
    R = get_backend((p, q), name)
    matrix = [{j: R.from_expr(v)[0] for j, v in enumerate(row) if v != 0} for row in rows]
    return (R, *solve_linear(matrix, [R.from_expr(v)[0] for v in b], R))


@SETTINGS
@given(systems(POLYS))
def test_solve_linear_equals_lu_solve(system):
    """On sparse polynomial systems solve_linear's y / d is DomainMatrix.lu_solve's answer, identically, on every backend."""
    rows, b = system
    old = lu_solve(sp.Matrix(rows), b)
    assume(old is not None)
    answers = []
    for name in BACKENDS:
        R, y, d = ring_solve(rows, b, name)
        assert [_cancel_form(R, v, d) for v in y] == old
        assert R.leading_sign(d) > 0
        answers.append(([R.to_dict(v) for v in y], R.to_dict(d)))
    assert all(a == answers[0] for a in answers)


@SETTINGS
@given(systems(FRACTIONS))
def test_left_solve_with_rational_entries_equals_the_old_route(system):
    """x (I - Q) = b with rational-function Q and b (rows cleared of denominators) equals the old DomainMatrix route."""
    qm, b = system
    n = len(b)
    a = sp.Matrix(n, n, lambda i, j: int(i == j) - qm[j][i])
    assume(DomainMatrix.from_Matrix(a).to_field().det() != 0)
    old = oracles.transient_solve_left(qm, b)
    for name in BACKENDS:
        R, memo = get_backend((p, q), name), {}
        qp = {(i, j): _ring_fraction(R, qm[i][j], memo) for i in range(n) for j in range(n) if qm[i][j] != 0}
        rows, rhs = _system(R, qp, n, [_ring_fraction(R, v, memo) for v in b], R.one, True)
        y, d = solve_linear(rows, rhs, R)
        assert [_cancel_form(R, v, d) for v in y] == old


@pytest.mark.parametrize("name", BACKENDS)
def test_singular_systems_are_refused(name):
    """A singular system (proportional rows, an empty row, the zero matrix) raises ZeroDivisionError saying so."""
    R = get_backend((p, q), name)
    x, y = R.from_expr(p)[0], R.from_expr(q)[0]
    for rows in ([{0: x, 1: y}, {0: x, 1: y}], [{0: x, 1: y}, {}], [{}, {}],
                 [{0: x, 1: y, 2: R.one}, {0: y, 1: x}, {0: x + y, 1: x + y, 2: R.one}]):
        with pytest.raises(ZeroDivisionError, match=r"solve_linear: the \d x \d matrix is singular"):
            solve_linear(rows, [R.one] * len(rows), R)
    with pytest.raises(ValueError, match="expected n = 1 rows"):
        solve_linear([{1: x}], [R.one], R)


@pytest.mark.parametrize("name", BACKENDS)
def test_determinant_and_trivial_sizes(name):
    """determinant=True gives +-det A beside the cancelled answer; n = 0 and a zero right-hand side are handled."""
    R = get_backend((p, q), name)
    x, y = R.from_expr(p)[0], R.from_expr(q)[0]
    ys, d, det = solve_linear([{0: x * y, 1: x}, {0: x, 1: R.one}], [x, R.zero], R, determinant=True)
    assert R.to_expr(det) in (p * q - p**2, p**2 - p * q)
    assert [_cancel_form(R, v, d) for v in ys] == [sp.cancel(1 / (q - p)), sp.cancel(-p / (q - p))]
    assert solve_linear([], [], R) == ([], R.one)
    assert solve_linear([{0: x}], [R.zero], R) == ([R.zero], R.one)


@pytest.mark.skipif("flint" not in BACKENDS, reason="the modular route needs python-flint")
def test_modular_route_gives_the_elimination_answer():
    """Where the modular route is taken (a certified null vector of [A | -b]) the answer is the elimination's, identically."""
    R = get_backend((p, q), "flint")
    n = 6
    x, y = R.from_expr(p)[0], R.from_expr(q)[0]
    big = (x + y + R.one) ** 12  # pushes the budgeted elimination past TRY_TERMS; the answer stays small
    rows = [{i: big * (x + R.one), (i + 1) % n: big * y} for i in range(n)]
    rhs = [big * (x + R.from_int(i)) for i in range(n)]
    plain = solve_linear(rows, rhs, R, determinant=True)[:2]
    calls = []

    def spy(*args):
        calls.append(args)
        return real(*args)

    real = modular.modular_null_vector
    with mock.patch.object(modular, "MIN_SIZE", 2), mock.patch.object(modular, "modular_null_vector", spy):
        got = solve_linear(rows, rhs, R)
    assert calls, "the modular route was not taken"
    assert got == plain


# --- every public transient measure, old route against new ------------------------------------------

CATALOG = [
    ("even(p)", P.even(p)), ("golden_mean(p)", P.golden_mean(p)), ("nemo(p, q)", P.nemo(p, q)),
    ("rrxor", P.rrxor()), ("period(3)", P.period(3)), ("afc2(3)", P.afc2(3)),
    ("noisy_period2(p)", P.noisy_period2(p)), ("beads_on_necklace(p)", P.beads_on_necklace(p)),
    ("multiples_of(3, p)", P.multiples_of(3, p)), ("band_merging", P.band_merging()),
    ("three_even", P.three_even()), ("odd(p, q)", P.odd(p, q)), ("binary_markov(p, q)", P.binary_markov(p, q)),
    ("noisy_random_phase_slip", P.noisy_random_phase_slip()), ("rn_golden_mean(3, 2, p)", P.rn_golden_mean(3, 2, p)),
    ("girvan_fig6b(a, p)", P.girvan_fig6b(q, p)), ("rip(1/3, q)", P.rip(sp.Rational(1, 3), q)),
]
MEASURES = {
    "T": sc.transient_information,
    "S": sc.synchronization_information,
    "E": lambda m: measure_of(epsilon_machine(m), lambda mach: _excess_by_forward_mixed_states(mach, 200), "E"),
    "H": lambda m: sc.block_entropy(m, L),
    "G": lambda m: sc.predictability_gain(m, L),
}


def undummy(expr):
    """``expr`` with each ``Dummy`` (a ``RootSum``'s bound variable) replaced by a Symbol of its name."""
    return expr.xreplace({a: sp.Symbol("_" + a.name) for a in expr.atoms(sp.Dummy)})


@pytest.mark.parametrize("label, m", CATALOG, ids=[c[0] for c in CATALOG])
def test_transient_measures_equal_the_old_route(label, m):
    """T, S, E (forward), H(L) and the gain in symbolic L equal the old route's: identical, else cancel(a - b) == 0."""
    for name, new in MEASURES.items():
        sc.clear_caches()
        got = undummy(new(m))
        sc.clear_caches()
        old = undummy(oracles.transient_measure(m, name, L))
        assert got == old or sp.cancel(sp.expand(got - old)) == 0, (label, name)


@pytest.mark.skipif("flint" not in BACKENDS, reason="compares python-flint with pure sympy")
@pytest.mark.parametrize("label, m", CATALOG[:6], ids=[c[0] for c in CATALOG[:6]])
def test_backends_identical(label, m, monkeypatch):
    """flint and pure sympy give identical T, S, H(L) (the ring answers are unique, so the expressions are too)."""
    out = []
    for name in ("flint", "sympy"):
        sc.clear_caches()
        monkeypatch.setenv("SYMCM_BACKEND", name)
        out.append([undummy(MEASURES[k](m)) for k in ("T", "S", "H")])
    sc.clear_caches()
    assert out[0] == out[1]


def test_transients_ring_vectors_agree_with_sympy_powers():
    """The ring powers a_n of Q equal the sympy powers of the old route (rational functions, cancelled)."""
    sc.clear_caches()
    from symcm.causal.transients import _transients

    t = _transients(epsilon_machine(P.nemo(p, q)), 200)
    fresh = _Transients(t.q, t.g, t.hb, t.rate, t.order, t.first, t.params)
    assert fresh.powers(6) == oracles.transient_powers(t, 6)
    assert fresh.resolvent() == oracles.transient_resolvent(t)
