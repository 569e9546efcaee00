"""sc.minimal_binary_markov_generator: the minimal two-state generator of binary_markov(p, q) on the square."""

import itertools
import warnings

import pytest
import sympy as sp

import symcm as sc
from symcm.algebra.entropy import entropy_of
from symcm.errors import DomainError, FloatConversionWarning, ParameterTypeError
from symcm.generation.binary_markov import LABELS, topology_edges
from symcm.information import entropy_equal

R = sp.Rational
p, q, s = sc.symbols("p q s")
# rational points in each region: anti-persistent, persistent p < q, persistent p > q, the diagonal
POINTS = {
    "anti-persistent": [(R(2, 3), R(3, 4)), (R(9, 10), R(1, 5)), (R(1, 2), R(3, 5))],
    "persistent, p <= q": [(R(1, 5), R(1, 3)), (R(1, 10), R(4, 5)), (R(1, 4), R(1, 4))],
    "persistent, p > q": [(R(1, 3), R(1, 5)), (R(4, 5), R(1, 10)), (R(2, 5), R(1, 7))],
}


def _swap(m: sc.HMM) -> list:
    """The edges of m with the symbols 0 and 1 exchanged."""
    return [(e.source, e.target, "1" if e.symbol == "0" else "0", e.probability) for e in m.edges]


def _pi_far(x) -> sp.Rational:
    """|x - 1/2|: H(x) < H(y) exactly when x is farther from 1/2 than y."""
    return abs(x - R(1, 2))


@pytest.fixture(scope="module")
def general():
    """The symbolic answer over the square."""
    return sc.minimal_binary_markov_generator(p, q)


def test_regions_and_cases(general):
    """Four regions in order (IID, anti-persistent, the two persistent halves); the generator is a Cases over them."""
    assert [label for label, _ in general.regions] == list(LABELS)
    assert [c for c, _ in general.generator] == [c for _, c in general.regions]
    assert general.beats_cmu == sp.Ne(p + q, 1)
    assert [len(m.states) for _, m in general.generator] == [1, 2, 2, 2]
    assert general.region is None


def test_each_symbolic_case_generates_the_process(general):
    """Each case's model generates binary_markov on its whole region (boxes after q = (1-p)s or q = 1 - ps)."""
    coin = general.generator[0][1]
    assert sc.same_process(coin, sc.processes.binary_markov(1 - q, q)) is True
    for (cond, m), q_of in zip(list(general.generator)[1:], (1 - p * s, (1 - p) * s, (1 - p) * s)):
        boxed = m.subs({q: q_of}, domain={s: (0, 1)})  # from_edges certifies every probability on the box
        assert not boxed.vanishing_edges
        assert sc.same_process(boxed, sc.processes.binary_markov(p, q_of)) is True


@pytest.mark.parametrize("label", list(POINTS))
def test_rational_points_generate_and_pick_their_case(label):
    """At rational points the one validated model generates binary_markov(p, q) and its region is the expected one."""
    for pv, qv in POINTS[label]:
        g = sc.minimal_binary_markov_generator(pv, qv)
        assert isinstance(g.generator, sc.HMM) and g.region == label
        assert sc.same_process(g.generator, sc.processes.binary_markov(pv, qv)) is True


def test_state_entropy_is_the_stationary_entropy(general):
    """The Piecewise equals H of each case model's stationary distribution (sc.stationary_distribution), exactly."""
    pieces = general.state_entropy.args
    for (cond, m), (value, _) in zip(general.generator, pieces):
        h = entropy_of(sc.stationary_distribution(m).values())
        assert entropy_equal(h, value) is True, (cond, h, value)


def test_savings_are_cmu_minus_state_entropy_and_positive_off_the_line():
    """savings = C_mu - H[pi] at rational points (C_mu from the epsilon-machine), > 0 off the IID line, 0 on it."""
    for label, pts in POINTS.items():
        for pv, qv in pts:
            g = sc.minimal_binary_markov_generator(pv, qv)
            cmu = sc.statistical_complexity(sc.processes.binary_markov(pv, qv))
            assert entropy_equal(g.savings, cmu - g.state_entropy) is True
            assert sp.N(g.savings, 30) > 0 and g.beats_cmu is sp.true


def _family_member(pv, qv, a, b):
    """The two-state family member (a, b) of the minimisation docstring, or None if infeasible: (pi_A, model edges)."""
    d = 1 - pv - qv
    e_a = (qv * a - (1 - pv) * b + d) / (a - b)
    e_b = (qv * a - (1 - pv) * b) / (a - b)
    if not (0 <= e_a <= 1 and 0 <= e_b <= 1):
        return None
    t_aa = e_a * a + (1 - e_a) * b  # Pr(next = A | A), from the edges, not from the closed form of pi
    t_ba = e_b * a + (1 - e_b) * b
    pi_a = t_ba / (1 - t_aa + t_ba)
    edges = [("A", "A", "0", e_a * a), ("A", "B", "0", e_a * (1 - a)), ("A", "A", "1", (1 - e_a) * b),
             ("A", "B", "1", (1 - e_a) * (1 - b)), ("B", "A", "0", e_b * a), ("B", "B", "0", e_b * (1 - a)),
             ("B", "A", "1", (1 - e_b) * b), ("B", "B", "1", (1 - e_b) * (1 - b))]
    return pi_a, edges


@pytest.mark.parametrize("pv, qv", [(R(1, 5), R(1, 3)), (R(1, 3), R(1, 5)), (R(2, 3), R(3, 4)),
                                    (R(1, 4), R(1, 4)), (R(3, 4), R(3, 4))])
def test_brute_force_grid_finds_nothing_better(pv, qv):
    """Over an exact 41 x 41 grid of the two-state family (a, b), no feasible member has lower H[pi] than the answer."""
    g = sc.minimal_binary_markov_generator(pv, qv)
    best = _pi_far(sc.stationary_distribution(g.generator)["A"])
    grid = [R(k, 40) for k in range(41)]
    feasible = 0
    far = R(0)
    for a, b in itertools.product(grid, grid):
        if a == b:
            continue
        member = _family_member(pv, qv, a, b)
        if member is None:
            continue
        feasible += 1
        far = max(far, _pi_far(member[0]))
    assert feasible > 50
    assert far <= best  # no member farther from 1/2 than the minimiser, i.e. none with lower entropy
    # a sampled member really generates the process (the family is the right one)
    a, b = R(1), R(0)
    pi_a, edges = _family_member(pv, qv, a, b)
    assert sc.same_process(sc.HMM.from_edges(edges), sc.processes.binary_markov(pv, qv)) is True


def test_agrees_with_vertex_minimisation():
    """At two points the exact vertex minimisation of the general two-state family (minimize_state_entropy) agrees."""
    from symcm.generation.families import general_family
    from symcm.generation.minimisation import minimize_state_entropy

    fam, free = general_family(2)
    for pv, qv in [(R(1, 5), R(1, 3)), (R(3, 5), R(4, 5))]:
        res = minimize_state_entropy(fam, free, process=sc.processes.binary_markov(pv, qv))
        g = sc.minimal_binary_markov_generator(pv, qv)
        assert res.exact and entropy_equal(res.value, g.state_entropy) is True


def test_iid_line():
    """On p + q = 1 the generator is the one-state biased coin: H[pi] = 0 = C_mu, no savings."""
    for pv in (R(1, 3), R(1, 2), R(4, 5)):
        g = sc.minimal_binary_markov_generator(pv, 1 - pv)
        assert g.region == "iid" and g.state_entropy == 0 and g.savings == 0 and g.beats_cmu is sp.false
        assert g.generator.states == ("A",)
        assert sc.same_process(g.generator, sc.processes.biased_coin(pv)) is True
        assert sc.statistical_complexity(sc.processes.binary_markov(pv, 1 - pv)) == 0


def test_diagonal_tie_and_same_symbol():
    """On p = q < 1/2 both persistent topologies attain the minimum (U + L = 1); the tie goes to 'p <= q'."""
    d = 1 - 2 * p
    u, l_ = p / ((1 - p) * 2 * p), p * d / ((1 - p) * 2 * p)
    assert sp.cancel(u + l_ - 1) == 0
    g = sc.minimal_binary_markov_generator(R(1, 4), R(1, 4))
    assert g.region == "persistent, p <= q"
    other = sc.HMM.from_edges(topology_edges(R(1, 4), R(1, 4))["L"])
    assert sc.same_process(other, sc.processes.binary_markov(R(1, 4), R(1, 4))) is True
    assert entropy_equal(sc.state_entropy(other), g.state_entropy) is True
    diag = sc.minimal_binary_markov_generator(p, p)  # the same symbol twice: the diagonal
    assert [c for c, _ in diag.generator] == [sp.Eq(2 * p, 1), 2 * p > 1, 2 * p < 1]
    assert diag.generator[0][1].edges[0].probability == R(1, 2)
    boxed = diag.generator[2][1].subs({p: s / 2}, domain={s: (0, 1)})
    assert sc.same_process(boxed, sc.processes.lohr_generator(s / 2)) is True


def test_mirror_symmetry(general):
    """(p, q) -> (q, p) with 0 <-> 1: L(p, q) is U(q, p) relabelled; the entropies match; N's mirror is a tied minimiser."""
    edges = topology_edges(p, q)
    swapped_u = [(a, b, "1" if x == "0" else "0", pr.subs({p: q, q: p}, simultaneous=True))
                 for a, b, x, pr in edges["U"]]
    assert {(a, b, x): sp.cancel(pr) for a, b, x, pr in swapped_u} == \
        {(a, b, x): sp.cancel(pr) for a, b, x, pr in edges["L"]}
    for pv, qv in POINTS["anti-persistent"] + POINTS["persistent, p > q"]:
        g, h = sc.minimal_binary_markov_generator(pv, qv), sc.minimal_binary_markov_generator(qv, pv)
        mirror = sc.HMM.from_edges(_swap(h.generator))
        assert sc.same_process(mirror, sc.processes.binary_markov(pv, qv)) is True
        assert entropy_equal(g.state_entropy, h.state_entropy) is True
        assert entropy_equal(g.savings, h.savings) is True


def test_anti_persistent_minimiser_is_not_unique():
    """For p + q > 1 exactly two members (up to naming the states) attain the bound: N and its mirror image."""
    pv, qv = R(3, 5), R(4, 5)  # -D/p = 2/3 and -D/q = 1/2 lie on the grid
    target = _pi_far((pv + qv - 1) / (pv + qv))
    grid = [R(k, 60) for k in range(61)]
    hits = {(a, b) for a, b in itertools.product(grid, grid)
            if a != b and (m := _family_member(pv, qv, a, b)) is not None and _pi_far(m[0]) == target}
    d = 1 - pv - qv
    assert hits == {(0, -d / pv), (-d / qv, 0), (1, 1 + d / pv), (1 + d / qv, 1)}  # two minimisers, both namings


def test_paving_certifies_savings_positive():
    """The certified paving of savings > 0 has no box proved outside, and proves most of the square inside."""
    g = sc.minimal_binary_markov_generator(p, q)
    paving = g.paving(R(1, 32))
    assert paving.counts["outside"] == 0
    assert paving.inner_area > R(1, 2) and paving.outer_area == 1
    assert paving.contains({p: R(1, 5), q: R(1, 3)}) is True
    again = sc.minimal_binary_markov_generator(R(1, 5), R(1, 3)).paving(R(1, 8))  # numbers: the square in p, q
    assert again.counts["outside"] == 0


def test_latex_summary(general):
    """latex() shows the four cases and the exact region where the generator beats C_mu."""
    text = general.latex()
    assert text.count("&") == 4 and r"\neq 1" in text and text.startswith("C_g^{(2)}")


@pytest.mark.parametrize("bad, error", [(0, DomainError), (1, DomainError), (2, DomainError), (R(-1, 3), DomainError),
                                        ("1/2", ParameterTypeError), (True, ParameterTypeError),
                                        (p / 2, ParameterTypeError), ((1, 2), ParameterTypeError)])
def test_bad_input(bad, error):
    """p outside (0, 1), text, bools, containers and expressions are refused with a SymcmError naming the function."""
    with pytest.raises(error, match="minimal_binary_markov_generator"):
        sc.minimal_binary_markov_generator(bad, R(1, 3))
    with pytest.raises(error, match="minimal_binary_markov_generator"):
        sc.minimal_binary_markov_generator(R(1, 3), bad)


def test_floats_warn_and_are_read_as_decimals():
    """A float is converted as everywhere in symcm (0.25 is 1/4), with a FloatConversionWarning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = sc.minimal_binary_markov_generator(0.25, 0.25)
    assert any(issubclass(w.category, FloatConversionWarning) for w in caught)
    assert g.p == R(1, 4) and g.state_entropy == sc.H(R(1, 3))
