"""Quantum statistical complexity C_q (symcm.information.quantum), checked by independent routes.

Routes: the density matrix rho = sum_j pi_j |eta_j><eta_j| built explicitly in the
(word, end state) basis with mpmath at 50 digits and its eigenvalues by mpmath.eigsy
(von Neumann entropy), never the Gram matrix; the perturbed-coin overlap of Gu et al.
(2012); E <= C_q <= C_mu [Gu et al. 2012; Mahoney et al. 2016]; C_q(L) nonincreasing and
constant from the cryptic order on [Mahoney, Aghamohammadi & Crutchfield 2016];
orthogonal codewords (period-n) and IID.
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings

import symcm as sc
from symcm.algebra.intervals import interval_eval
from symcm.errors import DomainError, NotNumericError, SymcmError
from symcm.information.quantum import quantum_complexity
from symcm.models.strategies import unifilar_hmms

p, q = sc.symbols("p q")


@pytest.fixture(autouse=True)
def fifty_digits():
    """Every comparison in this file runs at 50 significant digits."""
    with mpmath.workdps(50):
        yield


def density_entropy(machine, L, dps=50):
    """Von Neumann entropy (bits) of rho = sum_j pi_j |eta_j(L)><eta_j(L)|, built in the (word, state) basis."""
    with mpmath.workdps(dps):
        pi = sc.stationary_distribution(machine)
        step = {(e.source, e.symbol): (e.target, e.probability) for e in machine.edges}
        basis, vectors = {}, {}
        for s in machine.states:
            amps = {((), s): mpmath.mpf(1)}
            for _ in range(L):
                nxt = {}
                for (w, t), a in amps.items():
                    for x in machine.alphabet:
                        if (t, x) in step and step[(t, x)][1] != 0:
                            u, pr = step[(t, x)]
                            nxt[(w + (x,), u)] = a * mpmath.sqrt(mpmath.mpf(sp.Rational(pr).p) / sp.Rational(pr).q)
                amps = nxt
            for key in amps:
                basis.setdefault(key, len(basis))
            vectors[s] = amps
        n = len(basis)
        rho = mpmath.zeros(n, n)
        for s, amps in vectors.items():
            w = mpmath.mpf(sp.Rational(pi[s]).p) / sp.Rational(pi[s]).q
            for k1, a1 in amps.items():
                for k2, a2 in amps.items():
                    rho[basis[k1], basis[k2]] += w * a1 * a2
        evals = mpmath.eigsy(rho, eigvals_only=True)
        return sum((-x * mpmath.log(x, 2) for x in evals if x > mpmath.mpf(10) ** (-dps + 10)), mpmath.mpf(0))


def at(expr, values, dps=40):
    """An exact expression at a rational point, to dps digits."""
    return mpmath.mpf(str(sp.N(sp.sympify(expr).subs(values), dps)))


def rational_points(n, names, seed):
    """n reproducible rational points inside (0, 1) for the given parameters."""
    rng = random.Random(seed)
    return [{s: sp.Rational(rng.randint(1, 19), 20) for s in names} for _ in range(n)]


@pytest.mark.parametrize("factory, names, L", [
    (sc.processes.golden_mean, (p,), 1),
    (sc.processes.even, (p,), 1),
    (sc.processes.binary_markov, (p, q), 1),
    (sc.processes.nemo, (p, q), 1),
    (sc.processes.nemo, (p, q), 2),
    (sc.processes.rip, (p, q), 2),
])
def test_exact_matches_density_matrix(factory, names, L):
    """The exact C_q(L) at rational points equals the von Neumann entropy of the explicit rho (50 digits)."""
    cq = quantum_complexity(factory(*names), L=L)
    for point in rational_points(2, names, seed=L):
        if len(names) == 2 and point[p] + point[q] == 1:
            continue
        machine = sc.epsilon_machine(factory(*[point[s] for s in names]))
        assert abs(at(cq, point) - density_entropy(machine, L)) < mpmath.mpf(10) ** -30


def test_perturbed_coin_gu_et_al():
    """Perturbed coin (Gu et al. 2012, Nat. Commun. 3, 762): overlap 2 sqrt(p(1-p)), eigenvalues (1 +- overlap)/2."""
    cq = quantum_complexity(sc.processes.binary_markov(p, p))
    assert cq.subs(p, sp.Rational(1, 2)) == 0
    overlap = 2 * sp.sqrt(p * (1 - p))
    published = sc.H((1 + overlap) / 2)
    for value in (sp.Rational(1, 10), sp.Rational(1, 3), sp.Rational(7, 9)):
        assert abs(at(cq, {p: value}) - at(published, {p: value})) < mpmath.mpf(10) ** -35
        assert at(cq, {p: value}) < at(sc.statistical_complexity(sc.processes.binary_markov(p, p)), {p: value})


def test_two_state_closed_form_is_binary_entropy_of_a_radical():
    """A generic two-state machine gives H(lambda), lambda a radical expression in the parameter."""
    cq = quantum_complexity(sc.processes.golden_mean(p))
    assert isinstance(cq, sc.H) and len(cq.args) == 1 and cq.args[0].has(sp.sqrt(1 - p))


@pytest.mark.parametrize("factory, names", [
    (sc.processes.golden_mean, (p,)),
    (sc.processes.binary_markov, (p, q)),
    (sc.processes.rip, (p, q)),
])
def test_between_excess_entropy_and_statistical_complexity(factory, names):
    """E <= C_q <= C_mu at rational points, on certified enclosures."""
    for point in rational_points(2, names, seed=7):
        if len(names) == 2 and point[p] + point[q] == 1:
            continue
        m = factory(*[point[s] for s in names])
        cq = quantum_complexity(m, enclose=True, dps=30)
        e = interval_eval(sc.excess_entropy(m), {}, prec=120)
        cmu = interval_eval(sc.statistical_complexity(m), {}, prec=120)
        assert e.b <= cq.a and cq.b <= cmu.a + mpmath.mpf(10) ** -25


def test_nonincreasing_in_L_and_constant_from_the_cryptic_order():
    """C_q(L) does not increase with L and is constant for L >= k (Mahoney et al. 2016)."""
    m = sc.processes.rip(sp.Rational(1, 3), sp.Rational(2, 5))
    k = int(sc.cryptic_order(m))
    values = [density_entropy(sc.epsilon_machine(m), L) for L in range(k + 3)]
    assert all(a >= b - mpmath.mpf(10) ** -40 for a, b in zip(values, values[1:]))
    default = at(quantum_complexity(m), {})
    assert all(abs(default - v) < mpmath.mpf(10) ** -30 for v in values[k:])
    assert abs(at(quantum_complexity(m, L=0), {}) - at(sc.statistical_complexity(m), {})) < mpmath.mpf(10) ** -35


def test_cryptic_order_zero_gives_statistical_complexity():
    """Even process: cryptic order 0, so C_q = C_mu = E for every L."""
    m = sc.processes.even(p)
    assert quantum_complexity(m) == sc.statistical_complexity(m) == quantum_complexity(m, L=1)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_period_n_orthogonal_codewords(n):
    """Period-n: the codewords are orthogonal, C_q = log2 n."""
    assert sp.simplify(quantum_complexity(sc.processes.period(n)) - sp.log(n, 2)) == 0


def test_iid_and_case_split():
    """IID (one causal state) gives 0; binary Markov is 0 on its IID line p + q = 1."""
    assert quantum_complexity(sc.processes.biased_coin(p)) == 0
    cq = quantum_complexity(sc.processes.binary_markov(p, q))
    assert isinstance(cq, sp.Piecewise) and cq.args[0] == (0, sp.Eq(p + q, 1))
    assert quantum_complexity(sc.processes.binary_markov(sp.Rational(1, 3), sp.Rational(2, 3))) == 0


def test_three_state_block_exact_forms():
    """A block of three states: radicals/CRootOf at rational points, RootSum with parameters; all agree."""
    point = {p: sp.Rational(1, 3), q: sp.Rational(1, 4)}
    symbolic = quantum_complexity(sc.processes.nemo(p, q), L=2)
    assert symbolic.has(sp.RootSum)
    numeric = quantum_complexity(sc.processes.nemo(point[p], point[q]), L=2)
    assert not numeric.has(sp.RootSum)
    assert abs(at(symbolic, point) - at(numeric, {})) < mpmath.mpf(10) ** -30


def test_enclosure_contains_the_exact_value():
    """The certified enclosure contains the exact value and is narrow."""
    m = sc.processes.nemo(sp.Rational(1, 3), sp.Rational(1, 4))
    for L in (1, 2, 3):
        box = quantum_complexity(m, L=L, enclose=True, dps=30)
        exact = at(quantum_complexity(m, L=L), {}, dps=60)
        assert box.a <= exact <= box.b and box.delta < mpmath.mpf(10) ** -20


@settings(max_examples=15, deadline=None, database=None)
@given(unifilar_hmms(max_states=3))
def test_random_unifilar_machines(m):
    """On random numeric unifilar models: exact C_q(1) = explicit von Neumann entropy, inside [E, C_mu]."""
    cq = quantum_complexity(m, L=1)
    if isinstance(cq, sp.Piecewise) or not isinstance(cq, sp.Expr):
        return
    machine = sc.epsilon_machine(m)
    assert abs(at(cq, {}) - density_entropy(machine, 1)) < mpmath.mpf(10) ** -30
    assert at(cq, {}) <= at(sc.statistical_complexity(m), {}) + mpmath.mpf(10) ** -30


def test_errors():
    """Bad input raises SymcmError subclasses naming what was expected and received."""
    with pytest.raises(NotNumericError, match="parameters"):
        quantum_complexity(sc.processes.golden_mean(p), enclose=True)
    with pytest.raises(DomainError, match="cryptic order is infinite"):
        quantum_complexity(sc.processes.nemo(p, q))
    with pytest.raises(SymcmError):
        quantum_complexity(sc.processes.golden_mean(p), L=-1)
    with pytest.raises(SymcmError):
        quantum_complexity("golden mean")
