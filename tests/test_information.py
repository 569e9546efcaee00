"""The information layer: joint distributions, entropies, mutual information, coarse graining.

Known values are derived by hand in each test's comment; identities between
entropy expressions are decided exactly with :func:`symcm.information.entropy_equal`
(a log form over coprime integers and irreducible polynomials), never with a
tolerance.  Inequalities (``I >= 0``, the data-processing inequality) over
hypothesis-generated rational distributions are checked numerically at 30
digits with mpmath (``sympy.N``), with an explicit margin of ``10**-25``.
"""

from __future__ import annotations

import itertools
import pickle
import warnings

import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

import symcm as sc
import symcm.models.strategies as sst
from symcm.errors import (
    DomainError,
    ExpressionError,
    FloatConversionWarning,
    ModelError,
    NegativeProbabilityError,
    NotStochasticError,
    ParameterTypeError,
    SymcmError,
)
from symcm.information import (
    JointDistribution,
    UnknownVariableError,
    coarse_grain,
    conditional_entropy,
    conditional_mutual_information,
    entropy,
    entropy_equal,
    log_form,
    mutual_information,
    word_distribution,
)
from tests import oracles

p, q, s = sc.symbols("p q s")
HALF, THIRD, QUARTER = sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 4)
MARGIN = sp.Rational(1, 10**25)
EXAMPLES = settings(max_examples=60, deadline=None, database=None)


def n30(expr):
    """``expr`` evaluated to 30 significant digits (mpmath, scoped precision)."""
    value = sp.N(expr, 30)
    assert value.is_real, f"{expr} did not evaluate to a real number"
    return value


def bsc(x, e):
    """``X ~ Bernoulli(x)`` sent through a binary symmetric channel with crossover ``e``."""
    return JointDistribution({(0, 0): (1 - x) * (1 - e), (0, 1): (1 - x) * e,
                              (1, 0): x * e, (1, 1): x * (1 - e)}, ("X", "Y"))


# ----------------------------------------------------------------------------- known values

@pytest.mark.parametrize("outcomes, names, rvs, expected", [
    ({0: 1}, "X", "X", 0),                                                    # deterministic
    ({(0, 0): HALF, (1, 1): HALF}, ("X", "Y"), ("X", "Y"), 1),                # a fair bit, copied
    ({(a, b): QUARTER for a in (0, 1) for b in (0, 1)}, ("X", "Y"), ("X", "Y"), 2),  # two fair bits
    ({(a,): THIRD for a in range(3)}, ("X",), "X", sp.log(3) / sp.log(2)),  # uniform on 3
    ({(0, 0): QUARTER, (0, 1): QUARTER, (1, 0): HALF}, ("X", "Y"), "Y", sc.H(QUARTER)),
    ({(0, 0): p, (1, 0): 1 - p}, ("X", "Y"), "Y", 0),                          # Y constant
    ({(0, 0): p, (1, 0): 1 - p}, ("X", "Y"), ("Y", "X"), sc.H(p)),
    ({(): 1}, (), (), 0),                                                      # no variables at all
])
def test_entropy_known_values(outcomes, names, rvs, expected):
    """Joint entropies of small distributions equal their hand-computed values exactly."""
    d = JointDistribution(outcomes, names)
    assert entropy_equal(entropy(d, rvs), expected) is True


def test_binary_symmetric_channel_closed_form():
    """For X ~ Bern(p) through a BSC(q): I(X;Y) = H(p(1-q) + (1-p)q) - H(q), H(Y|X) = H(q), exactly."""
    # Y = X xor N with N ~ Bern(q) independent of X: H(Y|X) = H(N) = H(q), so
    # I(X;Y) = H(Y) - H(q) with Pr(Y = 1) = p(1 - q) + (1 - p) q.
    d = bsc(p, q)
    assert entropy_equal(conditional_entropy(d, "Y", "X"), sc.H(q)) is True
    assert entropy_equal(mutual_information(d, "X", "Y"), sc.H(p * (1 - q) + (1 - p) * q) - sc.H(q)) is True
    # at p = 1/2 the output is uniform: I = 1 - H(q)
    assert entropy_equal(mutual_information(d.subs({p: HALF}), "X", "Y"), 1 - sc.H(q)) is True
    # and a wrong closed form is refuted exactly
    assert entropy_equal(mutual_information(d, "X", "Y"), 1 - sc.H(q)) is False


def test_mutual_information_of_independent_variables_is_zero():
    """I(X;Y) = 0 exactly for a product distribution with symbolic marginals."""
    d = JointDistribution({(a, b): (p if a else 1 - p) * (q if b else 1 - q)
                           for a in (0, 1) for b in (0, 1)}, ("X", "Y"))
    assert entropy_equal(mutual_information(d, "X", "Y"), 0) is True
    assert entropy_equal(entropy(d), sc.H(p) + sc.H(q)) is True


def test_mutual_information_of_identical_variables_is_the_entropy():
    """I(X;X) = H(X) and I(X;Y) = H(X) when Y is a copy of X (three values, symbolic)."""
    d = JointDistribution({(0, "a"): p / 2, (1, "b"): p / 2, (2, "c"): 1 - p}, ("X", "Y"))
    assert mutual_information(d, "X", "X") == entropy(d, "X")
    assert entropy_equal(mutual_information(d, "X", "Y"), entropy(d, "X")) is True
    assert entropy_equal(conditional_entropy(d, "X", "Y"), 0) is True


def test_conditional_entropy_is_the_average_of_conditional_distributions():
    """H[X|Y] = sum_y P(y) H[X | Y = y] exactly, on a symbolic three-outcome distribution."""
    d = JointDistribution({(0, 0): p / 2, (0, 1): p / 2, (1, 1): 1 - p}, ("X", "Y"))
    py = d.marginal("Y")
    average = sum(py.probability(y) * entropy(d.condition({"Y": y[0]}), "X") for y in py.outcomes)
    assert entropy_equal(conditional_entropy(d, "X", "Y"), average) is True


def test_conditional_mutual_information_known_values():
    """For X, Y fair independent bits and Z = X xor Y: I(X;Y) = 0, I(X;Y|Z) = 1, I(X;Z) = 0."""
    d = JointDistribution({(x, y, x ^ y): QUARTER for x in (0, 1) for y in (0, 1)}, ("X", "Y", "Z"))
    assert entropy_equal(mutual_information(d, "X", "Y"), 0) is True
    assert entropy_equal(conditional_mutual_information(d, "X", "Y", "Z"), 1) is True
    assert entropy_equal(mutual_information(d, "X", "Z"), 0) is True
    assert entropy_equal(mutual_information(d, ("X", "Y"), "Z"), 1) is True


def test_repeated_names_are_ignored():
    """H[X, X] = H[X] and a repeated name in a marginal is dropped."""
    d = bsc(p, q)
    assert entropy(d, ("X", "X")) == entropy(d, "X")
    assert d.marginal(("Y", "Y", "X")).names == ("Y", "X")


# ----------------------------------------------------------------------------- exact identities

def test_log_form_known_values():
    """log_form writes entropies over coprime integers and irreducible polynomials."""
    assert log_form(sc.H(QUARTER)) == {2: 2, 3: -sp.Rational(3, 4)}     # 2 - (3/4) log2 3
    assert log_form(sp.log(12) / sp.log(2)) == {12: 1}              # no factoring needed
    assert log_form(sp.log(12) / sp.log(2) - 2) == {3: 1}           # bases refined against each other
    assert log_form(sp.Integer(0)) == {}
    assert log_form(sc.H(p) - sc.H(1 - p)) == {}
    assert log_form(sc.H(p / (p + q))) == {p: -p / (p + q), q: -q / (p + q), p + q: 1}
    assert log_form(sp.sqrt(p)) is None and log_form(sp.log(p)) is None   # not in bits / not rational


def test_entropy_equal_decides_numbers_exactly():
    """entropy_equal is exact on numbers: H(1/3) + 2/3 = log2 3, while H(1/3) != 0.9183 (close but not equal)."""
    assert entropy_equal(sc.H(THIRD) + sp.Rational(2, 3), sp.log(3) / sp.log(2)) is True
    assert entropy_equal(sc.H(THIRD), sp.Rational(9183, 10000)) is False
    assert entropy_equal(sc.H(THIRD), sp.Piecewise((1, p > HALF), (0, True))) is None


# ----------------------------------------------------------------------------- validation

def test_probabilities_must_sum_to_one_identically():
    """A symbolic distribution summing to 1 only at some points is refused with the sum in the message."""
    with pytest.raises(NotStochasticError, match=r"sum to 2\*p, not 1"):
        JointDistribution({0: p, 1: p}, "X")
    with pytest.raises(NotStochasticError, match="no outcome"):
        JointDistribution({0: 0}, "X")


def test_negative_probability_is_refused_with_a_witness():
    """1 - 2p is negative at p = 3/4 in (0, 1): refused, naming the outcome and the point."""
    with pytest.raises(NegativeProbabilityError, match=r"outcome \(X=1\) is 1 - 2\*p, which is negative at p = 3/4"):
        JointDistribution({0: 2 * p, 1: 1 - 2 * p}, "X")
    # valid on (0, 1/2)
    d = JointDistribution({0: 2 * p, 1: 1 - 2 * p}, "X", domain={p: (0, HALF)})
    assert d.domain == sc.Domain({p: (0, HALF)})


def test_pole_inside_the_domain_is_refused():
    """A probability with a pole inside the domain is refused (undefined there)."""
    with pytest.raises(NegativeProbabilityError, match="undefined where 3\\*p - 1 = 0"):
        JointDistribution({0: p**2 / (3 * p - 1) ** 2, 1: 1 - p**2 / (3 * p - 1) ** 2}, "X")


def test_negative_number_is_refused():
    """A negative numeric probability is refused."""
    with pytest.raises(NegativeProbabilityError, match=r"\(X=0\) is -1/2"):
        JointDistribution({0: -HALF, 1: sp.Rational(3, 2)}, "X")


def test_floats_are_converted_with_a_warning():
    """A float probability becomes the rational it displays, with a FloatConversionWarning."""
    with pytest.warns(FloatConversionWarning) as record:
        d = JointDistribution({0: 0.3, 1: 1 - 0.3}, "X")
    assert [str(w.message) for w in record] == [
        "probability of outcome (X=0): the float 0.3 was converted to the exact rational 3/10",
        "probability of outcome (X=1): the float 0.7 was converted to the exact rational 7/10",
    ]
    assert d.outcomes == {(0,): sp.Rational(3, 10), (1,): sp.Rational(7, 10)}


@pytest.mark.parametrize("outcomes, names, error, pattern", [
    ({0: "1/2", 1: HALF}, "X", ParameterTypeError, "string"),
    ({0: sp.sqrt(p), 1: 1 - sp.sqrt(p)}, "X", ExpressionError, "rational function"),
    ({(0,): 1}, ("X", "Y"), ModelError, "expected 2"),
    ({(0, 0): 1}, ("X", "X"), ModelError, "distinct"),
    ({(0, 0): 1}, ("X", 3), ParameterTypeError, "str"),
    ([(0, 1)], "X", ParameterTypeError, "mapping"),
    ({0: True}, "X", ParameterTypeError, "bool"),
])
def test_malformed_input_is_refused(outcomes, names, error, pattern):
    """Malformed outcomes, names and values raise the matching SymcmError subclass."""
    with pytest.raises(error, match=pattern):
        JointDistribution(outcomes, names)


def test_domain_must_name_parameters():
    """A domain naming a symbol that no probability uses is refused."""
    with pytest.raises(DomainError, match="does not occur"):
        JointDistribution({0: p, 1: 1 - p}, "X", domain={q: (0, 1)})


def test_unknown_variable():
    """An unknown variable name raises UnknownVariableError, a SymcmError and a KeyError."""
    d = bsc(p, q)
    for call in (lambda: entropy(d, "Z"), lambda: d.marginal(("X", "Z")), lambda: d.condition({"Z": 0}),
                 lambda: mutual_information(d, "X", "W"), lambda: coarse_grain(d, "Z", abs)):
        with pytest.raises(UnknownVariableError, match="unknown variable") as info:
            call()
        assert isinstance(info.value, SymcmError) and isinstance(info.value, KeyError)


# ----------------------------------------------------------------------------- the value type

def test_zero_outcomes_are_dropped_and_equality_is_by_content():
    """Zero-probability outcomes vanish; equality and hash ignore outcome order."""
    a = JointDistribution({(0, 0): p, (1, 1): 1 - p, (0, 1): 0}, ("X", "Y"))
    b = JointDistribution({(1, 1): 1 - p, (0, 0): p}, ("X", "Y"))
    assert a.outcomes == {(0, 0): p, (1, 1): 1 - p}
    assert a == b and hash(a) == hash(b)
    assert a != b.rename({"X": "Z"})
    assert a != JointDistribution({(1, 1): 1 - p, (0, 0): p}, ("X", "Y"), domain={p: (0, HALF)})


def test_immutable_and_copies():
    """Attributes cannot be set, and .outcomes is a copy."""
    d = bsc(p, q)
    with pytest.raises(AttributeError, match="immutable"):
        d.names = ("A", "B")
    d.outcomes.clear()
    assert len(d.outcomes) == 4


def test_pickle_round_trip():
    """A distribution survives pickling unchanged."""
    d = bsc(p, q)
    assert pickle.loads(pickle.dumps(d)) == d


def test_repr_is_readable():
    """The repr shows outcomes, names and (when symbolic) the domain."""
    assert repr(JointDistribution({0: HALF, 1: HALF}, "X")) == "JointDistribution({(0,): 1/2, (1,): 1/2}, names=('X',))"
    assert "domain=Domain({p: (0, 1)})" in repr(JointDistribution({0: p, 1: 1 - p}, "X"))
    big = JointDistribution({i: sp.Rational(1, 32) for i in range(32)}, "X")
    assert repr(big) == "JointDistribution(<32 outcomes>, names=('X',))"


def test_parameters_and_domain():
    """parameters are the free symbols, sorted; the default domain is (0, 1)."""
    d = bsc(p, q)
    assert d.parameters == (p, q)
    assert d.domain == sc.Domain({p: (0, 1), q: (0, 1)})
    assert bsc(HALF, HALF).parameters == ()


def test_subs():
    """subs gives a new validated distribution; boundary points drop outcomes; bad keys are refused."""
    d = bsc(p, q)
    assert d.subs({p: HALF, "q": 0}).outcomes == {(0, 0): HALF, (1, 1): HALF}
    assert d.subs({p: HALF}).parameters == (q,)
    with pytest.raises(DomainError, match="not a parameter"):
        d.subs({s: HALF})
    e = JointDistribution({0: p / (p + q), 1: q / (p + q)}, "X")
    with pytest.raises(DomainError, match="undefined"):
        e.subs({p: 0, q: 0})


def test_marginal_and_condition():
    """Marginals sum out variables; conditioning divides by the event's probability."""
    d = JointDistribution({(0, 0): p / 2, (0, 1): p / 2, (1, 1): 1 - p}, ("X", "Y"))
    assert d.marginal("X").outcomes == {(0,): p, (1,): 1 - p}
    assert d.marginal(()).outcomes == {(): 1}
    c = d.condition({"X": 0})
    assert c.names == ("Y",) and c.outcomes == {(0,): HALF, (1,): HALF}
    with pytest.raises(DomainError, match="probability 0"):
        d.condition({"X": 2})


def test_condition_on_an_event_that_vanishes_inside_the_domain():
    """Conditioning on an event whose probability vanishes inside the domain is refused."""
    d = JointDistribution({0: (2 * p - 1) ** 2, 1: 1 - (2 * p - 1) ** 2}, "X")
    with pytest.raises(DomainError, match="vanishes where"):
        d.condition({"X": 0})


# ----------------------------------------------------------------------------- coarse graining

def test_coarse_grain_merges_outcomes():
    """Pooling Z in {0..3} to its first bit merges outcomes and sums their probabilities."""
    d = JointDistribution({(y, z): (p if y else 1 - p) / 4 for y in (0, 1) for z in range(4)}, ("Y", "Z"))
    g = coarse_grain(d, "Z", lambda z: z // 2)
    assert g.names == ("Y", "Z")
    assert g.outcomes == {(0, 0): (1 - p) / 2, (0, 1): (1 - p) / 2, (1, 0): p / 2, (1, 1): p / 2}
    assert coarse_grain(d, "Z", {0: "lo", 1: "lo", 2: "hi", 3: "hi"}, name="B").probability((1, "hi")) == p / 2


def test_coarse_grain_identity_and_constant():
    """The identity map changes nothing; a constant map makes the variable deterministic."""
    d = bsc(p, q)
    assert coarse_grain(d, "Y", lambda y: y) == d
    c = coarse_grain(d, "Y", lambda y: 0)
    assert entropy(c, "Y") == 0 and c.marginal("X") == d.marginal("X")


def test_coarse_grain_keep_and_several_variables():
    """keep=True appends g(Z); a tuple of variables is replaced by one."""
    d = JointDistribution({(x, y): QUARTER for x in (0, 1) for y in (0, 1)}, ("X", "Y"))
    k = coarse_grain(d, "Y", lambda y: 1 - y, name="NY", keep=True)
    assert k.names == ("X", "Y", "NY") and k.probability((0, 1, 0)) == QUARTER
    x = coarse_grain(d, ("X", "Y"), lambda xy: xy[0] ^ xy[1], name="P")
    assert x.names == ("P",) and x.outcomes == {(0,): HALF, (1,): HALF}


def test_coarse_grain_errors():
    """Missing images, unnamed multi-variable pooling, name collisions and bad maps are refused."""
    d = bsc(p, q)
    with pytest.raises(DomainError, match="no image for the value 1"):
        coarse_grain(d, "Y", {0: 0})
    with pytest.raises(ParameterTypeError, match="name"):
        coarse_grain(d, ("X", "Y"), sum)
    with pytest.raises(ModelError, match="already a variable"):
        coarse_grain(d, "Y", abs, name="X")
    with pytest.raises(ParameterTypeError, match="callable"):
        coarse_grain(d, "Y", 3)
    with pytest.raises(ParameterTypeError, match="unhashable"):
        coarse_grain(d, "Y", lambda y: [y])


def test_data_processing_on_a_symbolic_family():
    """I(Y;Z) - I(Y;g(Z)) = I(Y;Z|g(Z)) exactly for first-bit pooling of a three-parameter family."""
    w = [(1 - s) / 2, s / 2, (1 - s) / 2, s / 2]
    r = [p, q, 1 - q, 1 - p]
    d = JointDistribution({(y, z): w[z] * (r[z] if y else 1 - r[z]) for y in (0, 1) for z in range(4)}, ("Y", "Z"))
    k = coarse_grain(d, "Z", lambda z: z // 2, name="G", keep=True)
    loss = mutual_information(k, "Y", "Z") - mutual_information(k, "Y", "G")
    assert entropy_equal(loss, conditional_mutual_information(k, "Y", "Z", "G")) is True
    assert entropy_equal(loss.subs(q, p), 0) is True                 # Z -> g(Z) -> Y Markov on p = q
    assert n30(loss.subs({p: sp.Rational(1, 5), q: sp.Rational(3, 5), s: THIRD})) > 0


# ----------------------------------------------------------------------------- word distributions

PROCESSES = [
    ("binary_markov", sc.processes.binary_markov(p, q)),
    ("golden_mean", sc.processes.golden_mean(p)),
    ("even", sc.processes.even(p)),
    ("lohr_generator", sc.processes.lohr_generator(p)),
    ("period3", sc.processes.period(3)),
    ("sns", sc.processes.sns()),
]


@pytest.mark.parametrize("name, m", PROCESSES, ids=[n for n, _ in PROCESSES])
def test_word_distribution_entropy_is_the_block_entropy(name, m):
    """H(X1..XL) of the word distribution equals sc.block_entropy(m, L) exactly, L = 0..3."""
    for length in range(4):
        d = word_distribution(m, length)
        assert d.names == tuple(f"X{t}" for t in range(1, length + 1))
        assert entropy_equal(entropy(d), sc.block_entropy(m, length), domain=m.domain) is True


@pytest.mark.parametrize("name, m", PROCESSES, ids=[n for n, _ in PROCESSES])
def test_word_distribution_is_stationary_and_consistent(name, m):
    """Marginals of the length-L word distribution on X1..X(L-1) and X2..XL are the length-(L-1) one."""
    for length in range(1, 4):
        d, shorter = word_distribution(m, length), word_distribution(m, length - 1)
        assert d.marginal(d.names[:-1]) == shorter
        shifted = d.marginal(d.names[1:])
        assert shifted.rename(dict(zip(shifted.names, shorter.names))) == shorter


@pytest.mark.parametrize("name, m", PROCESSES, ids=[n for n, _ in PROCESSES])
def test_chain_rule_exactly(name, m):
    """H(X1..XL) = sum_t sum_w P(w) H[X_t | X_<t = w] exactly (conditional distributions), L = 1..3."""
    length = 3
    d = word_distribution(m, length)
    total = sp.Integer(0)
    for t in range(1, length + 1):
        past = d.names[: t - 1]
        dt = d.marginal(d.names[:t])
        prefixes = dt.marginal(past)
        total += sum(prefixes.probability(w) * entropy(dt.condition(dict(zip(past, w))), f"X{t}")
                     for w in prefixes.outcomes)
        # the difference form returned by conditional_entropy agrees
        assert entropy_equal(conditional_entropy(d, f"X{t}", past), sc.block_entropy(m, t) - sc.block_entropy(m, t - 1),
                             domain=m.domain) is True
    assert entropy_equal(total, entropy(d), domain=m.domain) is True


def test_word_distribution_against_the_oracle_at_30_digits():
    """Entropies of word distributions of a numeric model match the brute-force oracle at 30 digits."""
    m = sc.processes.lohr_generator(sp.Rational(1, 5))
    for length in range(1, 5):
        exact = entropy(word_distribution(m, length))
        brute = oracles.entropy_fractions(oracles.word_distribution(m, length).values(), dps=40)
        assert abs(n30(exact) - sp.Float(brute, 40)) < MARGIN


def test_binary_markov_conditional_entropy_is_the_entropy_rate():
    """H(X_L | X_<L) = h_mu exactly for L = 2, 3 (Markov order 1), and H(X_1) - h_mu = I(X_1; X_2)."""
    m = sc.processes.binary_markov(p, q)
    hmu = sc.entropy_rate(m)
    for length in (2, 3):
        d = word_distribution(m, length)
        assert entropy_equal(conditional_entropy(d, f"X{length}", d.names[:-1]), hmu) is True
    d2 = word_distribution(m, 2)
    assert entropy_equal(entropy(d2, "X1") - hmu, mutual_information(d2, "X1", "X2")) is True
    assert entropy_equal(entropy(d2, "X1"), hmu) is False


def test_word_distribution_errors():
    """word_distribution refuses non-models and too many words."""
    with pytest.raises(ParameterTypeError, match="HMM"):
        word_distribution(bsc(p, q), 2)
    with pytest.raises(sc.errors.TooLargeError):
        word_distribution(sc.processes.golden_mean(p), 5, max_words=8)


# ----------------------------------------------------------------------------- properties

@st.composite
def joint_distributions(draw, max_y=3, max_z=6):
    """A rational joint distribution of Y (2..max_y values) and Z (2..max_z values), zeros allowed."""
    ny, nz = draw(st.integers(2, max_y)), draw(st.integers(2, max_z))
    probs = draw(sst.rational_distributions(ny * nz, allow_zero=True, max_weight=12))
    return JointDistribution({(y, z): probs[y * nz + z] for y in range(ny) for z in range(nz)}, ("Y", "Z"))


@st.composite
def pooled(draw):
    """``(d, g)``: a joint distribution and a random deterministic map g of Z's values to 1..4 classes."""
    d = draw(joint_distributions())
    zs = sorted({z for _, z in d.outcomes})
    k = draw(st.integers(1, 4))
    return d, {z: draw(st.integers(0, k - 1)) for z in zs}


@st.composite
def markov_pooled(draw):
    """``(d, g)`` with Z -> g(Z) -> Y Markov by construction: Y depends on Z only through g(Z)."""
    nz, k, ny = draw(st.integers(2, 6)), draw(st.integers(1, 3)), draw(st.integers(2, 3))
    g = {z: draw(st.integers(0, k - 1)) for z in range(nz)}
    pz = draw(sst.rational_distributions(nz, allow_zero=True))
    py = {c: draw(sst.rational_distributions(ny, allow_zero=True)) for c in range(k)}
    d = JointDistribution({(y, z): pz[z] * py[g[z]][y] for y in range(ny) for z in range(nz)}, ("Y", "Z"))
    return d, g


def markov(d, g) -> bool:
    """Whether Y and Z are conditionally independent given g(Z), by exact rational arithmetic."""
    k = coarse_grain(d, "Z", g, name="G", keep=True)
    pg, pyg, pzg = k.marginal("G"), k.marginal(("Y", "G")), k.marginal(("Z", "G"))
    ys = {y for y, _ in d.outcomes}
    return all(k.probability((y, z, gz)) * pg.probability((gz,)) == pyg.probability((y, gz)) * pzg.probability((z, gz))
               for y in ys for (z, gz) in pzg.outcomes)


@EXAMPLES
@given(joint_distributions())
@example(JointDistribution({(0, 0): HALF, (1, 1): HALF}, ("Y", "Z")))
def test_mutual_information_is_nonnegative(d):
    """I(Y;Z) >= 0 at 30 digits, = 0 exactly iff Y and Z are independent, and I is symmetric."""
    i = mutual_information(d, "Y", "Z")
    assert n30(i) > -MARGIN
    assert mutual_information(d, "Z", "Y") == i
    py, pz = d.marginal("Y"), d.marginal("Z")
    independent = all(d.probability((y, z)) == py.probability((y,)) * pz.probability((z,))
                      for (y,), (z,) in itertools.product(py.outcomes, pz.outcomes))
    assert entropy_equal(i, 0) is independent


@EXAMPLES
@given(pooled())
def test_data_processing_inequality(case):
    """I(Y; g(Z)) <= I(Y; Z) at 30 digits for deterministic g, and the loss is I(Y; Z | g(Z)) exactly."""
    d, g = case
    k = coarse_grain(d, "Z", g, name="G", keep=True)
    loss = mutual_information(d, "Y", "Z") - mutual_information(coarse_grain(d, "Z", g), "Y", "Z")
    assert n30(loss) > -MARGIN
    assert entropy_equal(loss, conditional_mutual_information(k, "Y", "Z", "G")) is True
    assert entropy_equal(loss, 0) is markov(d, g)


@EXAMPLES
@given(markov_pooled())
def test_data_processing_equality_when_markov(case):
    """When Y depends on Z only through g(Z), pooling with g loses no information about Y, exactly."""
    d, g = case
    assert markov(d, g)
    assert entropy_equal(mutual_information(coarse_grain(d, "Z", g), "Y", "Z"), mutual_information(d, "Y", "Z")) is True


@EXAMPLES
@given(joint_distributions(max_y=3, max_z=4))
def test_chain_rule_and_conditioning_reduces_entropy(d):
    """H[Y,Z] = H[Y] + H[Z|Y] exactly and H[Z|Y] <= H[Z] at 30 digits."""
    assert entropy_equal(entropy(d), entropy(d, "Y") + conditional_entropy(d, "Z", "Y")) is True
    assert n30(entropy(d, "Z") - conditional_entropy(d, "Z", "Y")) > -MARGIN


@settings(max_examples=15, deadline=None, database=None)
@given(sst.hmms(max_states=3))
def test_word_distribution_property(m):
    """For random numeric models: entropy(word_distribution) = block_entropy and the chain rule holds, exactly."""
    d = word_distribution(m, 3)
    assert entropy_equal(entropy(d), sc.block_entropy(m, 3)) is True
    parts = [conditional_entropy(d, f"X{t}", d.names[: t - 1]) for t in range(1, 4)]
    assert entropy_equal(sp.Add(*parts), entropy(d)) is True
    # conditional entropies decrease (stationarity), at 30 digits
    assert n30(parts[0] - parts[1]) > -MARGIN and n30(parts[1] - parts[2]) > -MARGIN


def test_float_warning_points_at_the_caller():
    """The FloatConversionWarning is attributed to the calling file, not to symcm."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        JointDistribution({0: 0.25, 1: 0.75}, "X")
    assert caught and all(w.filename == __file__ for w in caught)
