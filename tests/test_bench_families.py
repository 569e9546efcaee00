"""The model families of benchmarks/families.py and their PRISM programs (benchmarks against Storm)."""

from __future__ import annotations

import re

import pytest
import sympy as sp

import symcm as sc
from benchmarks.families import order_r, plain_ring, random_sparse, ring_chord, to_prism
from benchmarks.storm import random_point, states_of

CASES = [
    (lambda: order_r(3), 8, 2),
    (lambda: order_r(5), 32, 2),
    (lambda: ring_chord(12, 2, seed=1), 12, 2),
    (lambda: ring_chord(20, 4, seed=2), 20, 4),
    (lambda: ring_chord(9, 8, seed=3), 9, 8),
    (lambda: plain_ring(50), 50, 1),
    (lambda: random_sparse(16, 2, seed=4), 16, 2),
    (lambda: random_sparse(24, 8, seed=5), 24, 8),
]


def _row_sums(m):
    sums = {s: sp.Integer(0) for s in m.states}
    for e in m.edges:
        sums[e.source] += e.probability
    return sums


@pytest.mark.parametrize("build, n, k", CASES)
def test_family_is_a_stochastic_model_of_the_stated_size(build, n, k):
    """Each builder gives n states 0..n-1, k parameters, and rows summing to exactly 1."""
    m = build()
    assert m.states == tuple(range(n))
    assert len(m.parameters) == k
    assert all(sp.expand(total) == 1 for total in _row_sums(m).values())


@pytest.mark.parametrize("build, n, k", CASES)
def test_to_prism_has_one_command_per_state_and_one_constant_per_parameter(build, n, k):
    """to_prism writes n commands (one per state, probabilities summing to 1), k constants and the target label."""
    m = build()
    text = to_prism(m)
    commands = re.findall(r"^\s*\[\] s=(\d+) -> (.*);$", text, flags=re.M)
    assert [int(i) for i, _ in commands] == list(range(n))
    assert f"s : [0..{n - 1}] init 0;" in text
    constants = re.findall(r"^const double (\w+);$", text, flags=re.M)
    assert constants == [str(p) for p in m.parameters]
    assert 'label "target" = s=0;' in text
    names = {str(p): p for p in m.parameters}
    for _, updates in commands:  # the printed probabilities (our own output) read back sum to 1
        probs = re.findall(r"\(([^:]*)\) : \(s'=\d+\)", updates)
        total = sum(sp.sympify(p.replace("pow(", "Pow("), locals=names) for p in probs)
        assert sp.expand(total) == 1


def test_builders_are_deterministic_in_the_seed():
    """The same seed gives the same model and program; another seed another one."""
    assert to_prism(ring_chord(15, 2, seed=7)) == to_prism(ring_chord(15, 2, seed=7))
    assert to_prism(random_sparse(15, 4, seed=7)) != to_prism(random_sparse(15, 4, seed=8))


def test_order_r_emits_by_parity_and_shifts():
    """order-R: from state i, symbol 1 leads to (2i+1) mod 2^R with p on even parity, q on odd."""
    p, q = sc.symbols("p q")
    m = order_r(3)
    ones = {e.source: (e.target, e.probability) for e in m.edges if e.symbol == "1"}
    assert ones[0] == (1, p) and ones[1] == (3, q) and ones[6] == (5, p) and ones[7] == (7, q)


def test_plain_ring_stationary_distribution_is_uniform():
    """The plain ring is doubly stochastic: its stationary distribution is 1/n."""
    assert set(sc.stationary_distribution(plain_ring(7)).values()) == {sp.Rational(1, 7)}


def test_random_point_is_seeded_and_inside_the_box():
    """The check point has one rational in (0, 1) per parameter and does not change between runs."""
    pt = random_point("ring_chord", 4, 20)
    assert pt == random_point("ring_chord", 4, 20) and len(pt) == 4
    assert all(0 < sp.Rational(v) < 1 for v in pt)
    assert len(random_point("order_r", 2, 5)) == 2 and states_of("order_r", 5) == 32


def test_storm_agrees_with_symcm_at_a_rational_point():
    """Storm's LRA rational function for state 0 equals symcm's pi_0 at a random rational point (needs stormpy)."""
    pytest.importorskip("stormpy")
    from benchmarks.storm import run_worker

    point = random_point("ring_chord", 2, 8)
    sym = run_worker("symcm", "ring_chord", 8, 2, point, timeout=60, memory_gb=8)
    sto = run_worker("storm", "ring_chord", 8, 2, point, timeout=60, memory_gb=8)
    assert sym["self_check"] and sym["value"] == sto["value"]
