"""Invariants of symcm's exact analyses over hypothesis-generated models.

Every claim here holds for *every* model the strategies of
:mod:`symcm.models.strategies` can produce: numeric models with rational
probabilities and symbolic models whose probabilities are rational functions
of one or two parameters, valid on ``(0, 1)^k`` by construction.

Entropy comparisons are exact.  A numeric entropy symcm returns is a
rational combination of ``H(rationals)``, rationals and ``log(n)/log(2)``,
hence ``sum_n c_n log2(n)`` over integers ``n`` with rational ``c_n``
(:func:`log_form`).  Rewritten over pairwise coprime integers (a gcd-free
basis, :func:`_coprime_form`), whose logarithms are linearly independent over
the rationals by unique factorisation, such a combination is zero exactly
when every coefficient is; otherwise its sign is found by evaluating it at
increasing precision until the value exceeds a rigorous error bound
(:func:`sign`).  No tolerance is involved, so equalities such as
``h_mu = H(1)`` for a memoryless process are checked exactly.

Symbolic results are checked identically in the parameters where that is
cheap (``pi T = pi``, marginals of word probabilities), and otherwise at
rational points of the domain drawn by :func:`symcm.models.strategies.domain_points`.
"""

from __future__ import annotations

import itertools
import math

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import symcm as sc
import symcm.models.strategies as sst
from symcm.algebra.entropy import H
from symcm.algebra.backends import available_backends
from tests import oracles

# ----------------------------------------------------------------------------- settings
#
# An explicit ``settings(max_examples=...)`` on a test overrides the active
# Hypothesis profile, so the counts below apply only under the default
# profile (what CI runs).  Under any other profile, such as
# ``--hypothesis-profile=thorough`` (10,000 examples, registered in the root
# conftest.py), the profile's ``max_examples`` governs every property of this
# file instead.


def examples(own: int) -> int:
    """``own`` under Hypothesis's default profile; the active profile's ``max_examples`` under any other."""
    if settings.default is settings.get_profile("default"):
        return own
    return settings.default.max_examples


#: Numeric models are cheap: many examples.
NUMERIC = settings(max_examples=examples(40), deadline=None)
#: Symbolic models cost tens of milliseconds each to build and analyse.
SYMBOLIC = settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])

HALF, THIRD = sp.Rational(1, 2), sp.Rational(1, 3)
p_, q_ = sc.symbols("p q")

ALPHABETS = st.sampled_from([("0", "1"), ("0",), ("a", "b", "c")])


@st.composite
def any_hmms(draw, **kwargs):
    """Numeric models over an alphabet of 1, 2 or 3 symbols."""
    return draw(sst.hmms(alphabet=draw(ALPHABETS), **kwargs))


@st.composite
def symbolic_with_point(draw, **kwargs):
    """``(model, point)``: a symbolic model and a rational point inside its domain."""
    m = draw(sst.symbolic_hmms(**kwargs))
    return m, draw(sst.domain_points(m))


# ----------------------------------------------------------------------------- exact entropy arithmetic

def _log2_int(n: int, coeff) -> dict:
    """``coeff * log2(n)`` as a form ``{n: coeff}`` (empty for ``n == 1``)."""
    return {int(n): sp.Rational(coeff)} if n != 1 else {}


def _add_forms(*forms) -> dict:
    out: dict = {}
    for f in forms:
        for n, c in f.items():
            out[n] = out.get(n, 0) + c
    return out


def log_form(expr) -> dict | None:
    """``{n: c}`` (integers ``n >= 2``, rationals ``c``) with ``expr == sum c * log2(n)``, or None.

    Understands what symcm's numeric entropies are made of: rationals,
    ``H`` of rationals, ``log(k)/log(2)``, sums and rational multiples.
    """
    expr = sp.sympify(expr)
    if expr.is_Rational:
        return _log2_int(2, expr) if expr else {}
    if isinstance(expr, H):
        args = expr.args if len(expr.args) > 1 else (expr.args[0], 1 - expr.args[0])
        if not all(a.is_Rational and a >= 0 for a in args):
            return None
        # -a log2 a = -a log2(num) + a log2(den)
        return _add_forms(*(_add_forms(_log2_int(a.p, -a), _log2_int(a.q, a)) for a in args if a))
    if expr.is_Add:
        forms = [log_form(term) for term in expr.args]
        return None if any(f is None for f in forms) else _add_forms(*forms)
    if expr.is_Mul:
        coeff, rest = expr.as_coeff_Mul()
        if coeff != 1:
            f = log_form(rest)
            return None if f is None else {n: coeff * c for n, c in f.items()}
        logs = [a for a in rest.args if isinstance(a, sp.log)]
        if len(rest.args) == 2 and len(logs) == 1 and 1 / sp.log(2) in rest.args and logs[0].args[0].is_Rational:
            a = logs[0].args[0]
            return _add_forms(_log2_int(a.p, 1), _log2_int(a.q, -1))
    return None


def _coprime_form(form: dict) -> dict:
    """The same combination over pairwise coprime integers (a gcd-free basis).

    Logarithms of pairwise coprime integers ``> 1`` are linearly independent
    over the rationals (unique factorisation), so the combination is zero
    exactly when every coefficient of the result is.
    """
    basis: list[int] = []
    work = [n for n in form if n > 1]
    while work:
        x = work.pop()
        if x == 1:
            continue
        for b in basis:
            g = math.gcd(x, b)
            if g > 1:
                basis.remove(b)
                work += [g, b // g, x // g]
                break
        else:
            basis.append(x)
    out: dict = {}
    for n, c in form.items():
        for b in basis:
            while n % b == 0:
                n //= b
                out[b] = out.get(b, 0) + c
        assert n == 1, "gcd-free basis does not factor its inputs"
    return {b: c for b, c in out.items() if c != 0}


def _mp(c: sp.Rational) -> mpmath.mpf:
    return mpmath.mpf(c.p) / c.q


def sign(expr) -> int:
    """The exact sign (-1, 0, 1) of a numeric entropy expression (see the module docstring).

    For an expression :func:`log_form` does not understand, falls back to
    ``sp.N(expr, 30)`` and treats ``|value| <= 10**-25`` as 0 (a float
    comparison with an explicit margin; not reached by symcm's current forms).
    """
    form = log_form(expr)
    if form is None:  # pragma: no cover - fallback, see docstring
        value = sp.N(expr, 30)
        assert value.is_real, f"{expr} is not a real number"
        return 0 if abs(value) <= sp.Rational(1, 10**25) else (1 if value > 0 else -1)
    form = _coprime_form(form)
    if not form:
        return 0
    prec = 128
    while True:
        with mpmath.workprec(prec):
            value = mpmath.fsum(_mp(c) * mpmath.log(n) for n, c in form.items())
            # each log is within a few ulps; bound their weighted error generously
            bound = sum(abs(_mp(c)) * (mpmath.log(n) + 1) for n, c in form.items()) * mpmath.ldexp(1, 16 - prec)
            if abs(value) > bound:
                return 1 if value > 0 else -1
        prec *= 2


def nonneg(expr) -> bool:
    """``expr >= 0`` exactly."""
    return sign(expr) >= 0


def leq(a, b) -> bool:
    """``a <= b`` exactly."""
    return sign(sp.Add(b, -a, evaluate=False)) >= 0


def same(a, b) -> bool:
    """``a == b`` exactly (as real numbers)."""
    return sign(sp.Add(a, -b, evaluate=False)) == 0


def test_sign_helper_known_values():
    """The exact sign helper decides equalities and strict inequalities between logs."""
    assert sign(H(HALF)) == 1 and sign(H(0)) == 0
    assert same(H(THIRD, THIRD, THIRD), sp.log(3) / sp.log(2))
    assert same(H(sp.Rational(1, 4), sp.Rational(1, 4), HALF), sp.Rational(3, 2))
    assert same(H(THIRD), sp.log(3) / sp.log(2) - sp.Rational(2, 3))
    assert sign(H(THIRD) - sp.log(3) / sp.log(2) + 1) == 1
    # two numbers that agree to 30 digits but differ: sign still exact
    tiny = sp.Rational(1, 10**40)
    assert sign(H(HALF - tiny) - 1) == -1


# ----------------------------------------------------------------------------- the strategies' contracts

@NUMERIC
@given(st.integers(1, 6), st.sampled_from(["0", "1/20", "1/7"]), st.booleans(), st.data())
def test_rational_distributions_contract(n, min_value, allow_zero, data):
    """rational_distributions gives n rationals >= min_value (> 0 unless allow_zero) summing to exactly 1."""
    low = sp.Rational(min_value)
    if n * low > 1:
        with pytest.raises(InvalidArgument):
            sst.rational_distributions(n, min_value=min_value)
        return
    d = data.draw(sst.rational_distributions(n, min_value=min_value, allow_zero=allow_zero))
    assert len(d) == n and sum(d) == 1
    assert all(isinstance(x, sp.Rational) and x >= low for x in d)
    if not allow_zero:
        assert all(x > 0 for x in d)


@NUMERIC
@given(st.sampled_from([None, True, False]), ALPHABETS, st.data())
def test_hmms_contract(unifilar, alphabet, data):
    """hmms honours its arguments: named states, the alphabet, unifilarity and irreducibility."""
    m = data.draw(sst.hmms(min_states=2, max_states=4, alphabet=alphabet, unifilar=unifilar))
    assert 2 <= len(m.states) <= 4
    assert m.states == tuple("ABCD"[: len(m.states)])
    assert m.alphabet == alphabet and m.is_numeric
    assert all(e.probability.is_Rational and e.probability > 0 for e in m.edges)
    if unifilar is not None:
        assert sc.is_unifilar(m) is unifilar
    assert sc.recurrent_classes(m) == [m.states] and sc.transient_states(m) == ()


@NUMERIC
@given(sst.hmms(max_states=3, irreducible=False))
def test_reducible_hmms_are_valid(m):
    """hmms(irreducible=False) gives valid models, with at least one recurrent class."""
    assert len(sc.recurrent_classes(m)) >= 1
    assert all(sum(d.values()) == 1 for d in sc.stationary_distributions(m))


@SYMBOLIC
@given(st.sampled_from([1, 2]), st.sampled_from([None, True, False]), st.data())
def test_symbolic_hmms_contract(k, unifilar, data):
    """symbolic_hmms gives irreducible models on (0,1)^k depending on every parameter, no edge vanishing inside."""
    m = data.draw(sst.symbolic_hmms(parameters=k, max_states=3, unifilar=unifilar))
    assert m.parameters == (p_, q_)[:k]
    assert m.domain == sc.Domain({s: (0, 1) for s in m.parameters})
    assert m.vanishing_edges == ()
    assert sc.recurrent_classes(m) == [m.states]
    if unifilar is not None:
        assert sc.is_unifilar(m) is unifilar


@NUMERIC
@given(st.data())
def test_domain_points_are_inside(data):
    """domain_points draws rational points strictly inside the model's domain."""
    m = sc.HMM.from_edges([("A", "A", "0", 1 - p_), ("A", "A", "1", p_ * q_), ("A", "A", "2", p_ - p_ * q_)],
                          domain={q_: (sp.Rational(1, 5), sp.Rational(2, 3))})
    point = data.draw(sst.domain_points(m))
    assert set(point) == {p_, q_} and all(v.is_Rational for v in point.values())
    assert m.domain.contains(point)
    assert data.draw(sst.domain_points(sc.processes.period(2))) == {}


@NUMERIC
@given(st.data())
def test_relabellings_permute_state_names(data):
    """relabellings renames states by a permutation and keeps the edges, renamed."""
    m = data.draw(sst.hmms(max_states=4))
    mapping, r = data.draw(sst.relabellings(m, with_mapping=True))
    assert sorted(mapping) == sorted(mapping.values()) == sorted(m.states)
    assert r.states == tuple(mapping[s] for s in m.states)
    renamed = {(mapping[e.source], mapping[e.target], e.symbol, e.probability) for e in m.edges}
    assert {tuple(e) for e in r.edges} == renamed


@pytest.mark.parametrize(
    "build",
    [
        lambda: sst.hmms(min_states=0),
        lambda: sst.hmms(min_states=3, max_states=2),
        lambda: sst.hmms(max_states=27),
        lambda: sst.hmms(max_states=1, unifilar=False),
        lambda: sst.hmms(alphabet="01"),
        lambda: sst.hmms(alphabet=("0", "0")),
        lambda: sst.hmms(unifilar="yes"),
        lambda: sst.symbolic_hmms(parameters=0),
        lambda: sst.symbolic_hmms(parameters=4),
        lambda: sst.symbolic_hmms(alphabet=("0",)),
        lambda: sst.unifilar_hmms(unifilar=False),
        lambda: sst.rational_distributions(0),
        lambda: sst.rational_distributions(2, min_value="2/3"),
        lambda: sst.rational_distributions(2, min_value=0.25),
        lambda: sst.domain_points({"p": (0, 1)}),
        lambda: sst.words(("0", "1"), min_length=3, max_length=2),
    ],
)
def test_strategies_refuse_bad_arguments(build):
    """Bad strategy arguments raise InvalidArgument when the strategy is built."""
    with pytest.raises(InvalidArgument):
        build()


# ----------------------------------------------------------------------------- stationary distribution

def assert_fixed_point(m, pi):
    """pi T = pi and sum(pi) = 1, identically in the parameters."""
    row = sp.Matrix([[pi[s] for s in m.states]])
    assert (row * m.transition_matrix - row).applyfunc(sp.cancel).is_zero_matrix
    assert sp.cancel(sum(pi.values()) - 1) == 0


@NUMERIC
@given(any_hmms())
@example(sc.processes.period(3))
@example(sc.processes.golden_mean(HALF))
@example(sc.processes.lohr_generator(sp.Rational(1, 5)))
def test_stationary_is_fixed_point_numeric(m):
    """For numeric models pi T = pi and sum(pi) = 1 exactly."""
    assert_fixed_point(m, sc.stationary_distribution(m))


@SYMBOLIC
@given(st.sampled_from([1, 2]).flatmap(lambda k: sst.symbolic_hmms(parameters=k, max_states=3)))
@example(sc.processes.binary_markov(p_, q_))
def test_stationary_is_fixed_point_symbolic(m):
    """For symbolic models pi T = pi and sum(pi) = 1 identically in the parameters."""
    assert_fixed_point(m, sc.stationary_distribution(m))


@NUMERIC
@given(any_hmms())
def test_stationary_matches_oracle(m):
    """The fraction-free stationary distribution equals sympy's nullspace solution."""
    assert sc.stationary_distribution(m) == oracles.stationary(m)


@NUMERIC
@given(any_hmms())
def test_stationary_positive_numeric(m):
    """Irreducible numeric models have pi > 0 on every state."""
    assert all(v > 0 for v in sc.stationary_distribution(m).values())


@SYMBOLIC
@given(symbolic_with_point(parameters=2))
def test_stationary_positive_at_domain_points(drawn):
    """Irreducible symbolic models have pi > 0 on every state at every rational domain point."""
    m, point = drawn
    assert all(v.subs(point) > 0 for v in sc.stationary_distribution(m).values())


@NUMERIC
@given(any_hmms(), st.data())
def test_stationary_independent_of_state_order(m, data):
    """Listing the states in another order does not change pi."""
    order = data.draw(st.permutations(m.states))
    r = sc.HMM.from_edges(m.edges, states=order, alphabet=m.alphabet)
    assert sc.stationary_distribution(r) == sc.stationary_distribution(m)


# ----------------------------------------------------------------------------- entropies

@NUMERIC
@given(any_hmms())
@example(sc.processes.period(1))
@example(sc.processes.period(3))
def test_entropies_nonnegative_numeric(m):
    """State entropy and block entropies H(1), H(2), H(3) are >= 0 (exactly)."""
    assert nonneg(sc.state_entropy(m))
    for length in (1, 2, 3):
        assert nonneg(sc.block_entropy(m, length))


@SYMBOLIC
@given(symbolic_with_point(parameters=2))
def test_entropies_nonnegative_symbolic(drawn):
    """Symbolic state and block entropies (L <= 2) are >= 0 at rational domain points."""
    m, point = drawn
    assert nonneg(sc.state_entropy(m).subs(point))
    for length in (1, 2):
        assert nonneg(sc.block_entropy(m, length).subs(point))


def check_rate_bounds(m, h_mu, blocks, state_entropy, alphabet_size):
    """0 <= h_mu <= H(L) - H(L-1) (L <= 3), H(1) <= log2|A|, H(L) <= H[pi] + L h_mu."""
    assert nonneg(h_mu)
    assert leq(h_mu, blocks[1])
    assert leq(blocks[1], sp.log(alphabet_size) / sp.log(2) if alphabet_size > 1 else 0)
    for length in (2, 3):
        assert leq(h_mu, blocks[length] - blocks[length - 1])
        # unifilar: H(X_1..L) <= H(S_0, X_1..L) = H[pi] + L h_mu
        assert leq(blocks[length], state_entropy + length * h_mu)


@NUMERIC
@given(any_hmms(unifilar=True))
@example(sc.processes.even(THIRD))
@example(sc.processes.period(2))
def test_entropy_rate_bounds_unifilar(m):
    """Unifilar models: 0 <= h_mu <= H(1) <= log2 |alphabet|, h_mu <= H(L) - H(L-1), H(L) <= H[pi] + L h_mu."""
    blocks = {length: sc.block_entropy(m, length) for length in (1, 2, 3)}
    check_rate_bounds(m, sc.entropy_rate(m), blocks, sc.state_entropy(m), len(m.alphabet))


@SYMBOLIC
@given(symbolic_with_point(parameters=2, unifilar=True))
@example((sc.processes.binary_markov(p_, q_), {p_: THIRD, q_: HALF}))
def test_entropy_rate_bounds_unifilar_symbolic(drawn):
    """The unifilar entropy bounds hold for symbolic models' expressions at rational domain points."""
    m, point = drawn
    blocks = {length: sc.block_entropy(m, length).subs(point) for length in (1, 2)}
    blocks[3] = sc.block_entropy(m.subs(point), 3)
    check_rate_bounds(m, sc.entropy_rate(m).subs(point), blocks, sc.state_entropy(m).subs(point),
                      len(m.alphabet))


@NUMERIC
@given(any_hmms())
@example(sc.processes.period(3))
@example(sc.processes.lohr_generator(sp.Rational(1, 7)))
def test_block_entropy_monotone_and_concave(m):
    """H(L) is nondecreasing and H(L) - H(L-1) is nonincreasing in L, for L <= 3."""
    h = [sc.block_entropy(m, length) for length in range(4)]
    assert h[0] == 0
    gains = [h[k] - h[k - 1] for k in (1, 2, 3)]
    assert all(nonneg(g) for g in gains)
    assert all(leq(later, earlier) for earlier, later in zip(gains, gains[1:]))


@SYMBOLIC
@given(symbolic_with_point(parameters=1))
def test_block_entropy_monotone_and_concave_symbolic(drawn):
    """Symbolic H(L), L <= 3, evaluated at a domain point is nondecreasing and concave in L."""
    m, point = drawn
    h = [sc.block_entropy(m, length).subs(point) for length in range(4)]
    gains = [h[k] - h[k - 1] for k in (1, 2, 3)]
    assert all(nonneg(g) for g in gains)
    assert all(leq(later, earlier) for earlier, later in zip(gains, gains[1:]))


# ----------------------------------------------------------------------------- symbolic = exact at points

@SYMBOLIC
@given(symbolic_with_point(parameters=2))
@example((sc.processes.binary_markov(p_, q_), {p_: sp.Rational(1, 4), q_: sp.Rational(3, 5)}))
def test_symbolic_results_at_point_equal_exact(drawn):
    """pi, word probabilities (L <= 2) and H[pi], substituted at a point, equal the exact values of m.subs(point)."""
    m, point = drawn
    n = m.subs(point)
    assert n.is_numeric
    pi, pi_n = sc.stationary_distribution(m), sc.stationary_distribution(n)
    assert {s: v.subs(point) for s, v in pi.items()} == pi_n
    for length in (1, 2):
        words, words_n = sc.word_probabilities(m, length), sc.word_probabilities(n, length)
        assert {w: v.subs(point) for w, v in words.items()} == words_n
    assert same(sc.state_entropy(m).subs(point), sc.state_entropy(n))


# ----------------------------------------------------------------------------- edges that vanish inside the domain

@st.composite
def vanishing_with_point(draw, parameters=st.sampled_from([1, 2])):
    """``(model, point)``: a model with edges that may vanish inside the domain, and a point
    with small denominators (1/2, 1/3, ...), which often lies where they vanish."""
    m = draw(sst.symbolic_hmms(parameters=draw(parameters), max_states=3, vanishing=True))
    return m, draw(sst.domain_points(m, max_denominator=4))


def assert_formula_holds_at(m, point):
    """If symcm gives pi for m, it is the exact pi of m.subs(point); so are the word probabilities and h_mu."""
    try:
        pi = sc.stationary_distribution(m)
    except sc.errors.NotErgodicError:
        return  # a refusal is an allowed answer
    n = m.subs(point)
    if isinstance(pi, sc.Cases):  # vanishing edges split the chain somewhere: the case at the point
        pi = pi.at(point)
        if isinstance(pi, sc.ErgodicDecomposition):  # split here: one distribution per class of m.subs(point)
            assert list(pi.classes) == sc.recurrent_classes(n)
            for members, dist in pi:
                alone = sc.HMM.from_edges([tuple(e) for e in n.edges if e.source in members])
                expected = sc.stationary_distribution(alone)
                assert {s: sp.sympify(v).subs(point) for s, v in dist.items()} == \
                    {s: expected.get(s, 0) for s in m.states}
            return
        assert sc.stationary_distribution(n) == {s: sp.sympify(v).subs(point) for s, v in pi.items()}
        return  # word probabilities need one stationary process on the whole domain: refused for such m
    assert sc.stationary_distribution(n) == {s: v.subs(point) for s, v in pi.items()}
    at_point = {w: v.subs(point) for w, v in sc.word_probabilities(m, 2).items()}
    assert {w: v for w, v in at_point.items() if v != 0} == sc.word_probabilities(n, 2)
    if sc.is_unifilar(m):
        assert same(sc.entropy_rate(m).subs(point), sc.entropy_rate(n))


@SYMBOLIC
@given(st.sampled_from([1, 2]).flatmap(lambda k: sst.symbolic_hmms(parameters=k, vanishing=True)))
def test_vanishing_hmms_contract(m):
    """symbolic_hmms(vanishing=True) gives generically irreducible models; edges vanish only where p or q is 1/2 or 1/3."""
    assert sc.recurrent_classes(m) == [m.states]
    for _, condition in m.vanishing_edges:
        for eq in condition.atoms(sp.Eq):
            (s,) = eq.free_symbols
            assert set(sp.solveset(eq, s, sp.Interval.open(0, 1))) <= {HALF, THIRD}


def _vanishing_models():
    """Two pinned models on p in (0, 1); a = (2p - 1)**2 / 2 vanishes at p = 1/2.

    ``single``: A -> B (a), B -> A (1/2); at p = 1/2 only A -> B vanishes and
    A is the one recurrent class, so the generic pi is right there too.
    ``joint``: A -> B (a), B -> A (b) with b = (2p - 1)**2 (3p - 1)**2 / 8,
    which vanishes at p = 1/3 and p = 1/2; at p = 1/2 both vanish, T = I and
    every distribution is stationary.
    """
    a = (2 * p_ - 1) ** 2 / 2
    b = (2 * p_ - 1) ** 2 * (3 * p_ - 1) ** 2 / 8
    single = sc.HMM.from_edges([("A", "A", "0", 1 - a), ("A", "B", "0", a),
                                ("B", "A", "1", HALF), ("B", "B", "1", HALF)])
    joint = sc.HMM.from_edges([("A", "A", "0", 1 - a), ("A", "B", "0", a),
                               ("B", "A", "0", b), ("B", "B", "0", 1 - b)])
    return single, joint


_SINGLE, _JOINT = _vanishing_models()


def test_stationary_splits_where_edges_with_different_conditions_vanish_together():
    """Where two vanishing conditions hold at once and the chain splits (p = 1/2), that point is its own case.

    Regression: the check once removed only the edges sharing one vanishing
    condition, and returned the generic formula for ``_JOINT`` although at
    p = 1/2 every distribution is stationary.  At p = 1/3 only B -> A
    vanishes, one class remains, and the generic formula holds there.
    """
    with pytest.raises(sc.errors.NotErgodicError):
        sc.stationary_distribution(_JOINT.subs({p_: HALF}))
    pi = sc.stationary_distribution(_JOINT)
    assert pi.conditions == (sp.Eq(p_, HALF), sp.Ne(p_, HALF))
    assert pi.at({p_: HALF}).classes == (("A",), ("B",))
    assert {s: v.subs(p_, THIRD) for s, v in pi.generic.items()} == \
        sc.stationary_distribution(_JOINT.subs({p_: THIRD}))


def test_stationary_formula_kept_where_one_class_remains():
    """An edge vanishing where the chain keeps one recurrent class does not stop the generic formula."""
    pi = sc.stationary_distribution(_SINGLE)
    assert {s: v.subs(p_, HALF) for s, v in pi.items()} == {"A": 1, "B": 0}
    assert sc.stationary_distribution(_SINGLE.subs({p_: HALF})) == {"A": 1, "B": 0}


@SYMBOLIC
@given(vanishing_with_point())
@example((_SINGLE, {p_: HALF}))
@example((_JOINT, {p_: HALF}))
def test_stationary_formula_holds_at_every_point(drawn):
    """At every rational domain point, symcm's stationary formula (when given) is the exact pi of m.subs(point)."""
    assert_formula_holds_at(*drawn)


# ----------------------------------------------------------------------------- word probabilities

@NUMERIC
@given(any_hmms(max_states=3).flatmap(lambda m: st.tuples(st.just(m), sst.words(m, max_length=3))))
@example((sc.processes.golden_mean(THIRD), ("0", "0")))
@example((sc.processes.period(3), ()))
def test_word_probability_matches_oracle(drawn):
    """word_probability equals the brute-force sum over state paths."""
    m, word = drawn
    assert sc.word_probability(m, word) == oracles.word_probability(m, word)


@SYMBOLIC
@given(sst.symbolic_hmms(parameters=1, max_states=2), st.data())
def test_word_probability_matches_oracle_symbolic(m, data):
    """Symbolic word_probability equals the brute-force path sum, identically in p."""
    word = data.draw(sst.words(m, max_length=2))
    assert sp.cancel(sc.word_probability(m, word) - oracles.word_probability(m, word)) == 0


def marginals(m, probs_of_length, max_length=3, cancel=lambda x: x):
    """Check that Pr sums to 1 for L <= max_length and sum_x Pr(w x) = Pr(w) = sum_x Pr(x w) for |w| < max_length."""
    for length in range(max_length + 1):
        assert cancel(sum(probs_of_length(length).values(), sp.Integer(0)) - 1) == 0
    for length in range(max_length):
        shorter, longer = probs_of_length(length), probs_of_length(length + 1)
        for w in itertools.product(m.alphabet, repeat=length):
            pw = shorter.get(w, 0)
            assert cancel(sum((longer.get(w + (x,), 0) for x in m.alphabet), sp.Integer(0)) - pw) == 0
            assert cancel(sum((longer.get((x,) + w, 0) for x in m.alphabet), sp.Integer(0)) - pw) == 0


@NUMERIC
@given(any_hmms())
@example(sc.processes.period(2))
def test_word_probabilities_sum_and_marginalise(m):
    """Word probabilities of each length L <= 3 sum to 1, and marginalise on the right and (stationarity) the left."""
    marginals(m, lambda length: sc.word_probabilities(m, length))


@SYMBOLIC
@given(sst.symbolic_hmms(parameters=2, max_states=3))
def test_word_probabilities_sum_and_marginalise_symbolic(m):
    """Symbolic word probabilities (L <= 2) sum to 1 and marginalise on both sides, identically in the parameters."""
    marginals(m, lambda length: sc.word_probabilities(m, length), max_length=2, cancel=sp.cancel)


@NUMERIC
@given(any_hmms(max_states=3))
def test_word_probabilities_list_exactly_the_possible_words(m):
    """word_probabilities(m, L) maps each word of nonzero probability to word_probability, and omits the others."""
    for length in (1, 2):
        listed = sc.word_probabilities(m, length)
        for w in itertools.product(m.alphabet, repeat=length):
            pr = sc.word_probability(m, w)
            assert listed.get(w, 0) == pr and ((w in listed) == (pr != 0))


# ----------------------------------------------------------------------------- relabelling

def assert_relabelling_invariant(m, mapping, r, point=None):
    """pi (renamed), H[pi], H(1), H(2) and h_mu (if unifilar) agree between m and its relabelling r."""
    pi, rho = sc.stationary_distribution(m), sc.stationary_distribution(r)
    assert {mapping[s]: v for s, v in pi.items()} == rho
    pairs = [(sc.state_entropy(m), sc.state_entropy(r))]
    pairs += [(sc.block_entropy(m, length), sc.block_entropy(r, length)) for length in (1, 2)]
    if sc.is_unifilar(m):
        pairs.append((sc.entropy_rate(m), sc.entropy_rate(r)))
    for a, b in pairs:
        if point is None:
            assert same(a, b)
        else:
            assert a == b or same(a.subs(point), b.subs(point))


_LOHR = sc.processes.lohr_generator(sp.Rational(1, 5))
_CYCLE = {"A": "C", "B": "A", "C": "B"}


@NUMERIC
@given(any_hmms().flatmap(lambda m: st.tuples(st.just(m), sst.relabellings(m, with_mapping=True))))
@example((_LOHR, (_CYCLE, _LOHR.relabel(_CYCLE))))
def test_relabelling_invariance(drawn):
    """Relabelling states keeps pi (up to renaming), state entropy, block entropies and entropy rate."""
    m, (mapping, r) = drawn
    assert_relabelling_invariant(m, mapping, r)


@SYMBOLIC
@given(symbolic_with_point(parameters=2), st.data())
def test_relabelling_invariance_symbolic(drawn, data):
    """Relabelling the states of a symbolic model keeps pi and its entropies."""
    m, point = drawn
    mapping, r = data.draw(sst.relabellings(m, with_mapping=True))
    assert_relabelling_invariant(m, mapping, r, point)


# ----------------------------------------------------------------------------- causal states

@NUMERIC
@given(any_hmms(max_states=3))
@example(sc.processes.lohr_generator(sp.Rational(1, 5)))
@example(sc.processes.even(THIRD))
@example(sc.HMM.from_edges([("A", "C", "1", sp.Rational(1, 4)), ("A", "B", "0", sp.Rational(3, 4)),  # E only enclosed
                            ("B", "A", "0", THIRD), ("B", "A", "1", 2 * THIRD),
                            ("C", "C", "1", sp.Rational(3, 4)), ("C", "A", "0", sp.Rational(1, 4))]))
def test_causal_measures_ordered(m):
    """0 <= E <= C_mu = H[pi of the epsilon-machine], chi = C_mu - E, and the epsilon-machine generates the same words.

    Models whose causal states do not close within 30 mixed states are
    skipped: their answer is an InfiniteStatesError.  Where E has no exact
    route (infinite cryptic order, both mixed-state presentations infinite)
    E and chi are certified enclosures: they must be consistent with the
    same relations, and chi's must contain C_mu minus E's.
    """
    try:
        em = sc.epsilon_machine(m, max_states=30)
        c_mu = sc.statistical_complexity(m, max_states=30)
        e = sc.excess_entropy(m, max_states=30)
        chi = sc.crypticity(m, max_states=30)
    except sc.errors.InfiniteStatesError:
        assume(False)
    if isinstance(e, sc.Bounds):
        assert isinstance(chi, sc.Bounds)
        with mpmath.workdps(60):  # the enclosures are 30 digits wide: compare them at 60
            c = mpmath.mpf(str(sp.N(c_mu, 60)))
            assert e.upper >= 0 and e.lower <= c and e.lower <= e.upper
            assert chi.lower <= c - e.lower and chi.upper >= c - e.upper
    else:
        assert nonneg(e) and leq(e, c_mu) and same(chi, c_mu - e)
    assert sc.is_unifilar(em) and same(c_mu, sc.state_entropy(em))
    for length in (1, 2, 3):
        assert sc.word_probabilities(em, length) == sc.word_probabilities(m, length)
    if sc.is_unifilar(m):  # the epsilon-machine is the minimal unifilar presentation
        assert leq(c_mu, sc.state_entropy(m)) and same(sc.entropy_rate(em), sc.entropy_rate(m))


# ----------------------------------------------------------------------------- backends

needs_flint = pytest.mark.skipif("flint" not in available_backends(), reason="python-flint is not installed")


@needs_flint
@SYMBOLIC
@given(sst.symbolic_hmms(parameters=2, max_states=3))
@example(sc.processes.binary_markov(p_, q_))
def test_backends_agree_symbolic(m):
    """The sympy and flint backends give identical stationary distributions and word probabilities."""
    assert sc.stationary_distribution(m, backend="sympy") == sc.stationary_distribution(m, backend="flint")
    assert sc.word_probabilities(m, 2, backend="sympy") == sc.word_probabilities(m, 2, backend="flint")


@needs_flint
@NUMERIC
@given(any_hmms())
def test_backends_agree_numeric(m):
    """Numeric models get the same stationary distribution whichever backend is asked for."""
    assert sc.stationary_distribution(m, backend="sympy") == sc.stationary_distribution(m, backend="flint")


# ----------------------------------------------------------------------------- sampling

def assert_sample_ok(m, seed):
    """Same seed, same sequence; every window of length <= 2 and every step is possible."""
    n = 40
    symbols, path = sc.sample(m, n, seed=seed, return_states=True)
    assert sc.sample(m, n, seed=seed) == symbols
    assert (symbols, path) == sc.sample(m, n, seed=seed, return_states=True)
    assert len(symbols) == n and len(path) == n + 1
    seq = tuple(symbols)
    for length in (1, 2):
        for i in range(n - length + 1):
            assert sc.word_probability(m, seq[i:i + length]) > 0
    edges = {(e.source, e.target, e.symbol) for e in m.edges}
    assert all((path[i], path[i + 1], seq[i]) in edges for i in range(n))


@NUMERIC
@given(any_hmms(), st.integers(0, 2**32))
@example(sc.processes.golden_mean(HALF), 1)
def test_sample_reproducible_and_possible(m, seed):
    """sc.sample is reproducible by seed and emits only length-1 and length-2 words of nonzero probability."""
    assert_sample_ok(m, seed)


@SYMBOLIC
@given(symbolic_with_point(parameters=2), st.integers(0, 2**32))
def test_sample_symbolic_at_point(drawn, seed):
    """Sampling a symbolic model at a domain point is reproducible and emits only possible words."""
    m, point = drawn
    assert_sample_ok(m.subs(point), seed)


def test_log_form_reads_symcm_entropies():
    """log_form understands the forms symcm's numeric entropies take."""
    assert log_form(sc.block_entropy(sc.processes.period(3), 2)) == {3: 1}
    assert log_form(sc.entropy_rate(sc.processes.binary_markov(THIRD, HALF))) is not None
    assert math.isclose(sum(float(c) * math.log2(n) for n, c in log_form(H(THIRD)).items()),
                        float(sp.N(H(THIRD))))
    assert _coprime_form({4: 1, 6: -1, 12: sp.Rational(1, 2)}) == {2: 2, 3: -sp.Rational(1, 2)}


# ----------------------------------------------------------------------------- profiles


def _property_counts(profile: str) -> dict:
    """``{test name: max_examples}`` of every property of this file, imported afresh under ``profile``."""
    import importlib.util

    current = getattr(settings, "get_current_profile_name", lambda: settings._current_profile)()
    settings.load_profile(profile)
    try:
        spec = importlib.util.spec_from_file_location(f"_properties_under_{profile}", __file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        settings.load_profile(current)
    return {
        name: fn._hypothesis_internal_use_settings.max_examples
        for name, fn in vars(module).items()
        if getattr(fn, "is_hypothesis_test", False)
    }


def test_thorough_profile_governs_every_property():
    """--hypothesis-profile=thorough gives every property 10,000 examples; the default keeps 40 / 12."""
    from conftest import THOROUGH_EXAMPLES

    default, thorough = _property_counts("default"), _property_counts("thorough")
    assert len(default) >= 30 and default.keys() == thorough.keys()
    assert set(default.values()) == {40, 12}
    assert set(thorough.values()) == {THOROUGH_EXAMPLES} == {10_000}
