"""HMM construction, validation and value semantics.

A model is accepted only if every row sums to 1 identically and every edge
probability is a rational function that is nonnegative (and defined) on the
whole domain; everything else is refused with a message that says what was
required, what was received and where.  Accepted models are immutable values
compared and hashed by content.
"""

from __future__ import annotations

import pickle
import re
import warnings
from fractions import Fraction

import networkx as nx
import pytest
import sympy as sp

import symcm as sc
from tests.catalog_args import catalog_arguments
from symcm.errors import (
    DomainError,
    ExpressionError,
    FloatConversionWarning,
    ModelError,
    NegativeProbabilityError,
    NotStochasticError,
    ParameterTypeError,
    UnknownStateError,
    UnknownSymbolError,
)

P = sc.processes
p, q = sc.symbols("p q")
R = sp.Rational
HALF = R(1, 2)
H = sc.HMM.from_edges

BM_EDGES = [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "B", "1", 1 - q), ("B", "A", "0", q)]


def witness_from(message: str) -> dict:
    """Parse ``negative at p = 3/4, q = 1/2`` out of an error message into ``{name: Rational}``."""
    match = re.search(r"negative at (.*?) in the domain", message)
    assert match, f"no witness in {message!r}"
    out = {}
    for part in match.group(1).split(", "):
        name, value = part.split(" = ")
        out[name.strip()] = R(value.strip())
    return out


def edge_tuples(m):
    return [(e.source, e.target, e.symbol, e.probability) for e in m.edges]


# --------------------------------------------------------------------------- rows sum to 1


def test_row_not_summing_to_one_symbolic():
    """A row summing to 1 - q + p is refused with the message 'row of state 'B' sums to ..., not 1'."""
    edges = BM_EDGES[:3] + [("B", "A", "0", p)]
    with pytest.raises(NotStochasticError) as info:
        H(edges)
    assert str(info.value) == f"row of state 'B' sums to {1 - q + p}, not 1"


@pytest.mark.parametrize(
    ("edges", "state", "total"),
    [
        ([("A", "A", "0", HALF), ("A", "A", "1", R(1, 3))], "A", R(5, 6)),
        ([("A", "A", "0", HALF), ("A", "B", "1", R(2, 3)), ("B", "A", "0", 1)], "A", R(7, 6)),
        ([("A", "A", "0", p), ("A", "A", "1", p)], "A", 2 * p),
    ],
    ids=["5/6", "7/6", "2p"],
)
def test_row_sums_table(edges, state, total):
    """Rows summing to anything but exactly 1 are refused, naming the state and the sum."""
    with pytest.raises(NotStochasticError, match=re.escape(f"row of state '{state}' sums to {total}, not 1")):
        H(edges)


def test_state_without_outgoing_edges():
    """A declared state with no outgoing edge is refused: its row sums to 0."""
    with pytest.raises(NotStochasticError, match=r"row of state 'B' sums to 0, not 1.*no outgoing edges"):
        H([("A", "A", "0", 1)], states=("A", "B"))
    with pytest.raises(NotStochasticError, match="'B'"):
        H([("A", "B", "0", 1)])


def test_row_sums_to_one_only_after_cancellation():
    """A row p/(p+q) + q/(p+q) sums to 1 identically and is accepted."""
    m = H([("A", "A", "0", p / (p + q)), ("A", "A", "1", q / (p + q))])
    assert m.transition_matrix == sp.ImmutableMatrix([[1]])


@pytest.mark.parametrize("name,m", [(n, f(*catalog_arguments(n, ps)) if n != "period" else f(4))
                                    for n, (f, ps) in P.catalog().items()], ids=list(P.catalog()))
def test_transition_matrix_rows_sum_to_one(name, m):
    """transition_matrix is an ImmutableMatrix, the sum of the labelled matrices, with rows summing to 1."""
    t = m.transition_matrix
    assert isinstance(t, sp.ImmutableMatrix)
    assert t == sum((m.labelled_matrix(x) for x in m.alphabet), sp.zeros(len(m.states))).applyfunc(sp.cancel)
    for i in range(len(m.states)):
        assert sp.cancel(sum(t.row(i)) - 1) == 0


# --------------------------------------------------------------------------- signs


@pytest.mark.parametrize(
    ("edges", "domain"),
    [
        ([("A", "A", "0", 1 - 2 * p), ("A", "A", "1", 2 * p)], None),
        ([("A", "A", "0", p - q), ("A", "A", "1", 1 - p + q)], None),
        ([("A", "A", "0", (3 * p - 1) / 2), ("A", "A", "1", (3 - 3 * p) / 2)], {p: (0, R(1, 2))}),
        ([("A", "A", "0", p * q - R(1, 4)), ("A", "A", "1", R(5, 4) - p * q)], None),
    ],
    ids=["1-2p", "p-q", "(3p-1)/2 on (0,1/2)", "pq-1/4"],
)
def test_negative_somewhere_refused_with_witness(edges, domain):
    """A probability negative on part of the domain is refused; the message's witness is in the domain and negative."""
    with pytest.raises(NegativeProbabilityError) as info:
        H(edges, domain=domain)
    msg = str(info.value)
    witness = witness_from(msg)
    symbols = {s.name: s for e in edges for s in sp.sympify(e[3]).free_symbols}
    point = {symbols[k]: v for k, v in witness.items()}
    box = {s: (domain or {}).get(s, (0, 1)) for s in symbols.values()}
    assert all(box[s][0] < v < box[s][1] for s, v in point.items())
    assert any(sp.sympify(e[3]).subs(point) < 0 for e in edges), (msg, point)
    assert "probability of edge 'A' -> 'A'" in msg and "domain" in msg


def test_negative_number_refused():
    """A negative numeric probability is refused with NegativeProbabilityError naming the edge and value."""
    with pytest.raises(NegativeProbabilityError, match=r"'A' -> 'A' on '0' is -1/2.*negative"):
        H([("A", "A", "0", R(-1, 2)), ("A", "A", "1", R(3, 2))])
    with pytest.raises(NegativeProbabilityError, match="negative"):
        P.binary_markov(2, HALF)


def test_pole_inside_domain_refused():
    """A probability with a pole inside the domain is refused, naming the vanishing denominator."""
    with pytest.raises(NegativeProbabilityError, match=r"undefined where 2\*p - 1 = 0"):
        H([("A", "A", "0", 1 - p / (p - HALF) / 4), ("A", "A", "1", p / (p - HALF) / 4)])


def test_pole_outside_domain_accepted():
    """A probability with a pole outside the domain (1/(1+p) on (0, 1)) is accepted."""
    m = H([("A", "A", "0", 1 / (1 + p)), ("A", "A", "1", p / (1 + p))])
    assert m.vanishing_edges == ()


@pytest.mark.parametrize(
    "value",
    [sp.sqrt(2) / 2, sp.exp(-p), sp.pi / 4, sp.log(1 + p) / 2, p ** HALF / 2, sp.Abs(p - HALF)],
    ids=["sqrt(2)/2", "exp(-p)", "pi/4", "log(1+p)/2", "sqrt(p)/2", "Abs(p-1/2)"],
)
def test_non_rational_expressions_refused(value):
    """Probabilities that are not rational functions with rational coefficients raise ExpressionError naming them."""
    with pytest.raises(ExpressionError, match="rational function") as info:
        H([("A", "A", "0", value), ("A", "A", "1", 1 - value)])
    assert "'A' -> 'A'" in str(info.value)


# --------------------------------------------------------------------------- exact conversion of inputs


def test_float_converted_exactly_with_warning():
    """A float 0.3 becomes 3/10 with a FloatConversionWarning naming the value and the edge."""
    with pytest.warns(FloatConversionWarning) as record:
        m = H([("A", "A", "0", 0.7), ("A", "A", "1", 0.3)])
    messages = [str(w.message) for w in record]
    assert "probability of edge 'A' -> 'A' on '1': the float 0.3 was converted to the exact rational 3/10" in messages
    assert any("0.7" in msg and "7/10" in msg for msg in messages)
    assert [e.probability for e in m.edges] == [R(7, 10), R(3, 10)]
    assert all(isinstance(e.probability, sp.Rational) for e in m.edges)


def test_float_binary_markov_equals_rational():
    """binary_markov(0.3, 0.7) has rows summing exactly to 1 and equals binary_markov(3/10, 7/10)."""
    with pytest.warns(FloatConversionWarning):
        m = P.binary_markov(0.3, 0.7)
    for i in range(2):
        assert sum(m.transition_matrix.row(i)) == 1
    assert m == P.binary_markov(R(3, 10), R(7, 10))
    assert sc.stationary_distribution(m) == {"A": R(7, 10), "B": R(3, 10)}


def test_float_inside_expression_converted():
    """Floats inside a sympy expression (0.5*p) are converted too, with a warning."""
    with pytest.warns(FloatConversionWarning):
        m = H([("A", "A", "0", 1 - 0.5 * p), ("A", "A", "1", 0.5 * p)])
    assert m == H([("A", "A", "0", 1 - p / 2), ("A", "A", "1", p / 2)])
    assert not any(e.probability.atoms(sp.Float) for e in m.edges)


def test_float_noise_from_arithmetic():
    """1 - 0.7 (= 0.30000000000000004 in binary) is read as 3/10, so the row still sums to exactly 1."""
    with pytest.warns(FloatConversionWarning):
        m = H([("A", "A", "0", 0.7), ("A", "A", "1", 1 - 0.7)])
    assert sum(e.probability for e in m.edges) == 1


@pytest.mark.parametrize(
    ("value", "exact"),
    [(1, 1), (Fraction(1, 3), R(1, 3)), (R(2, 5), R(2, 5)), (sp.Integer(1), 1)],
    ids=["int", "Fraction", "Rational", "Integer"],
)
def test_exact_numbers_kept_silently(value, exact):
    """int, Fraction and sympy numbers are kept exact without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = H([("A", "A", "0", value), ("A", "A", "1", 1 - sp.Rational(exact))]) if exact != 1 else \
            H([("A", "A", "0", value)])
    assert m.edges[0].probability == exact


@pytest.mark.parametrize("value", ["1/2", "0.5", b"1/2", True, None, [HALF], 1j])
def test_non_numbers_refused(value):
    """Strings (never parsed), bytes, bools, None, lists and complex numbers are refused with ParameterTypeError."""
    with pytest.raises(ParameterTypeError, match="expected a number or sympy expression"):
        H([("A", "A", "0", value), ("A", "A", "1", HALF)])


def test_string_probability_message():
    """The message for a string probability says it is a string and how to write the value instead."""
    with pytest.raises(ParameterTypeError, match=r"received the string '1/2'.*Rational"):
        H([("A", "A", "0", "1/2"), ("A", "A", "1", HALF)])


# --------------------------------------------------------------------------- edges and states


def test_parallel_edges_summed():
    """Parallel edges (same source, target, symbol) are summed into one edge."""
    m = H([("A", "A", "0", R(1, 4)), ("A", "B", "1", p / 2), ("A", "A", "0", R(1, 4)), ("A", "B", "1", (1 - p) / 2),
           ("B", "A", "0", 1)])
    assert edge_tuples(m) == [("A", "A", "0", HALF), ("A", "B", "1", HALF), ("B", "A", "0", 1)]


def test_zero_edges_dropped():
    """Edges of probability 0 (literally, or cancelling to 0) are dropped; their states are kept."""
    m = H([("A", "A", "0", 1), ("A", "B", "1", 0), ("A", "B", "0", p - p), ("B", "A", "1", 1),
           ("B", "B", "0", (p + 1) ** 2 - p ** 2 - 2 * p - 1)])
    assert edge_tuples(m) == [("A", "A", "0", 1), ("B", "A", "1", 1)]
    assert m.states == ("A", "B")


def test_parameters_are_those_of_the_cancelled_probabilities():
    """A probability that cancels to a number ((p**2 - 1)/(p - 1) - p = 1) adds no parameter; the model is numeric."""
    m = H([("A", "A", "0", (p ** 2 - 1) / (p - 1) - p)])
    assert m.parameters == () and m.is_numeric
    assert m == H([("A", "A", "0", 1)])
    assert sc.sample(m, 3, seed=0) == "000"


def test_edges_in_state_order():
    """edges are sorted by source, then target, in state order, then by symbol in alphabet order."""
    m = H(list(reversed(BM_EDGES)), states=("A", "B"))
    assert [(e.source, e.target, e.symbol) for e in m.edges] == [
        ("A", "A", "0"), ("A", "B", "1"), ("B", "A", "0"), ("B", "B", "1")]


def test_unknown_state_in_states_refused():
    """An edge naming a state not in states= raises UnknownStateError (a KeyError) naming it."""
    with pytest.raises(UnknownStateError, match=r"'C'.*not among the states \('A', 'B'\)") as info:
        H(BM_EDGES + [("A", "C", "1", 0)], states=("A", "B"))
    assert isinstance(info.value, KeyError)


def test_index_of_unknown_state():
    """m.index of an unknown state raises UnknownStateError listing the states."""
    m = P.binary_markov(p, q)
    assert m.index("B") == 1
    with pytest.raises(UnknownStateError, match="'Z'"):
        m.index("Z")


def test_duplicate_states_refused():
    """states= with duplicates is refused with ModelError naming the duplicate."""
    with pytest.raises(ModelError, match="duplicates 'A'"):
        H(BM_EDGES, states=("A", "B", "A"))


def test_no_edges_refused():
    """A model needs at least one edge."""
    with pytest.raises(ModelError, match="no edges"):
        H([])


@pytest.mark.parametrize(
    ("edge", "pattern"),
    [
        (("A", "A", "0"), r"expected a tuple \(source, target, symbol, probability\)"),
        (("A", "A", 0, 1), r"expected the symbol to be a str.*received 0 of type int"),
        ((1.5, "A", "0", 1), r"the source state: a state name must be a str or an int, received the float 1.5"),
        (("A", None, "0", 1), r"the target state: a state name must be a str or an int, received the NoneType None"),
    ],
    ids=["3-tuple", "int symbol", "float state", "None state"],
)
def test_malformed_edges_refused(edge, pattern):
    """Malformed edges are refused with ParameterTypeError saying what was expected and received."""
    with pytest.raises(ParameterTypeError, match=pattern):
        H([edge])


def test_alphabet_extra_symbol_and_unknown_symbol():
    """alphabet= may hold symbols no edge emits; an edge emitting a symbol outside it is refused."""
    m = H([("A", "A", "1", 1)], alphabet=("0", "1"))
    assert m.alphabet == ("0", "1")
    assert m.labelled_matrix("0") == sp.zeros(1, 1)
    with pytest.raises(UnknownSymbolError, match=r"'0'.*not in the alphabet \('1',\)"):
        H([("A", "A", "0", 1)], alphabet=("1",))


def test_labelled_matrix_unknown_symbol():
    """labelled_matrix of a symbol outside the alphabet raises UnknownSymbolError (a KeyError) naming the alphabet."""
    m = P.binary_markov(p, q)
    assert m.labelled_matrix("1") == sp.ImmutableMatrix([[0, p], [0, 1 - q]])
    for bad in ("2", "01", p):
        with pytest.raises(UnknownSymbolError, match=r"alphabet is \('0', '1'\)") as info:
            m.labelled_matrix(bad)
        assert isinstance(info.value, KeyError)


def test_direct_constructor_refused():
    """HMM() cannot be called directly; the message names the factory methods."""
    with pytest.raises(TypeError, match="from_edges"):
        sc.HMM()


# --------------------------------------------------------------------------- value semantics


def test_equal_and_same_hash_when_built_twice():
    """The same model built twice is equal and has the same hash."""
    a, b = H(BM_EDGES), H(list(BM_EDGES))
    assert a == b and hash(a) == hash(b)
    assert P.golden_mean(p) == P.golden_mean(p)
    assert len({a, b, P.binary_markov(p, q)}) == 1


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 0, 2), (2, 0, 3, 1)])
def test_equal_with_edges_in_different_order(order):
    """With the same state order, the order in which edges are given does not matter for == and hash."""
    a = H(BM_EDGES, states=("A", "B"))
    b = H([BM_EDGES[i] for i in order], states=("A", "B"))
    assert a == b and hash(a) == hash(b)


def test_parallel_edges_equal_merged_edge():
    """A model with parallel edges equals the one with the merged edge."""
    a = H([("A", "A", "0", R(1, 4)), ("A", "A", "0", R(1, 4)), ("A", "A", "1", HALF)])
    b = H([("A", "A", "0", HALF), ("A", "A", "1", HALF)])
    assert a == b and hash(a) == hash(b)


@pytest.mark.parametrize(
    "other",
    [
        H(BM_EDGES, domain={p: (0, HALF)}),
        H(BM_EDGES, alphabet=("0", "1", "2")),
        P.binary_markov(p, p),
        P.binary_markov(q, p),
        P.abc(p, q),
    ],
    ids=["domain", "alphabet", "p=q", "swapped", "other process"],
)
def test_not_equal_when_content_differs(other):
    """Models differing in domain, alphabet, parameters or edges are not equal."""
    assert H(BM_EDGES) != other


def test_not_equal_to_other_types():
    """Comparing with a non-HMM gives False, not an error."""
    m = P.golden_mean(p)
    assert m != "golden_mean" and m != None and m != m.edges  # noqa: E711


@pytest.mark.parametrize("attr", ["states", "alphabet", "edges", "domain", "parameters", "name",
                                  "_states", "_edges", "_domain", "new_attribute"])
def test_immutable(attr):
    """Setting any attribute of a model raises AttributeError saying the model is immutable."""
    m = P.binary_markov(p, q)
    with pytest.raises(AttributeError, match="immutable|can't set|has no setter|read-only"):
        setattr(m, attr, ("X",))
    assert m == P.binary_markov(p, q)


def test_edges_and_matrices_cannot_be_mutated():
    """edges is a tuple of tuples and matrices are immutable, so a caller cannot change the model through them."""
    m = P.binary_markov(p, q)
    assert isinstance(m.edges, tuple)
    with pytest.raises(AttributeError):
        m.edges[0].probability = 1
    with pytest.raises(TypeError):
        m.labelled_matrix("0")[0, 0] = 1
    with pytest.raises(TypeError):
        m.transition_matrix[0, 0] = 1
    assert m == P.binary_markov(p, q)


def test_hash_cannot_be_overwritten():
    """Overwriting the cached hash of a built model raises AttributeError."""
    m = P.binary_markov(p, q)
    h = hash(m)
    with pytest.raises(AttributeError):
        m._hash = 12345
    assert hash(m) == h


@pytest.mark.parametrize(
    "m",
    [P.binary_markov(p, q), P.lohr_generator(p), P.binary_markov(R(1, 5), R(1, 3)), P.rrxor(),
     H([(0, 1, "a", 1), (1, 0, "bb", 1)])],
    ids=["binary_markov", "lohr (restricted domain)", "numeric", "rrxor", "int states"],
)
def test_pickle_round_trip(m):
    """Pickling returns an equal model with the same hash, domain, name and state types."""
    back = pickle.loads(pickle.dumps(m))
    assert back == m and hash(back) == hash(m)
    assert back.domain == m.domain and back.name == m.name and back.states == m.states
    assert back.vanishing_edges == m.vanishing_edges


def test_pickle_keeps_vanishing_edges():
    """A model with a vanishing edge pickles with its vanishing-edge record."""
    m = H([("A", "A", "0", (2 * p - 1) ** 2 / 2), ("A", "A", "1", 1 - (2 * p - 1) ** 2 / 2)])
    back = pickle.loads(pickle.dumps(m))
    assert back.vanishing_edges == m.vanishing_edges != ()


# --------------------------------------------------------------------------- subs


def test_subs_by_symbol_and_by_name():
    """subs accepts Symbols or parameter names, with the same result."""
    m = P.binary_markov(p, q)
    a = m.subs({p: R(1, 5), q: R(1, 3)})
    b = m.subs({"p": R(1, 5), "q": R(1, 3)})
    assert a == b == P.binary_markov(R(1, 5), R(1, 3))
    assert a.is_numeric and a.parameters == ()


def test_subs_partial_keeps_other_domains():
    """A partial subs keeps the remaining parameters with their intervals."""
    m = H(BM_EDGES, domain={q: (0, HALF)})
    at = m.subs({p: R(1, 3)})
    assert at.parameters == (q,)
    assert at.domain[q] == (0, HALF)
    assert at == H([(s, t, x, pr.subs(p, R(1, 3))) for s, t, x, pr in BM_EDGES], domain={q: (0, HALF)})


def test_subs_empty_is_identity():
    """subs({}) returns an equal model."""
    m = P.rip(p, q)
    assert m.subs({}) == m


def test_subs_by_expression():
    """Substituting an expression (p -> 1 - q) gives a valid model in the remaining parameter."""
    m = P.binary_markov(p, q).subs({p: 1 - q})
    assert m.parameters == (q,)
    assert sc.stationary_distribution(m) == {"A": q, "B": 1 - q}


@pytest.mark.parametrize("key", ["r", sc.symbols("r"), sp.Symbol("p")],
                         ids=["unknown name", "unknown symbol", "same name, other assumptions"])
def test_subs_unknown_parameter(key):
    """Substituting something that is not a parameter raises DomainError listing the parameters."""
    with pytest.raises(DomainError, match=r"not a parameter of this model; parameters: p, q"):
        P.binary_markov(p, q).subs({key: HALF})


def test_subs_float_warns():
    """A float value in subs is converted exactly with a FloatConversionWarning naming the parameter."""
    expected = r"value of p: the float 0.25 was converted to the exact rational 1/4"
    with pytest.warns(FloatConversionWarning, match=expected):
        m = P.binary_markov(p, q).subs({p: 0.25})
    assert m == P.binary_markov(R(1, 4), q)


def test_subs_string_refused():
    """A string value in subs is refused with ParameterTypeError."""
    with pytest.raises(ParameterTypeError, match="string"):
        P.binary_markov(p, q).subs({p: "1/4"})


@pytest.mark.parametrize("point", [{p: 2}, {p: -1}, {p: 2, q: HALF}, {p: 2 * q + 1}],
                         ids=["p=2", "p=-1", "numeric p=2", "p=2q+1"])
def test_subs_result_validated(point):
    """The substituted model is validated: an invalid point gives NegativeProbabilityError."""
    with pytest.raises(NegativeProbabilityError):
        P.binary_markov(p, q).subs(point)


def test_subs_is_simultaneous():
    """m.subs({p: q, q: p}) swaps the parameters: binary_markov(p, q) becomes binary_markov(q, p)."""
    assert P.binary_markov(p, q).subs({p: q, q: p}) == P.binary_markov(q, p)


def test_subs_refuses_undefined_point():
    """Substituting a point where a probability is 0/0 (q/(p+q) at p = q = 0) is refused, not given a value."""
    m = H([("A", "A", "0", q / (p + q)), ("A", "A", "1", p / (p + q))])
    with pytest.raises(sc.SymcmError):
        m.subs({p: 0, q: 0})


def test_subs_identity_is_identity():
    """m.subs({p: p}) returns m, keeping p's restricted interval."""
    m = P.lohr_generator(p)
    assert m.subs({p: p}) == m


def test_subs_with_new_domain():
    """subs(..., domain=) gives the remaining parameters new intervals: on p = 2q with p in (0, 1), q in (0, 1/2)."""
    m = P.binary_markov(p, q)
    with pytest.raises(NegativeProbabilityError):
        m.subs({p: 2 * q})
    at = m.subs({p: 2 * q}, domain={q: (0, HALF)})
    assert at.parameters == (q,) and at.domain[q] == (0, HALF)
    assert sc.stationary_distribution(at) == {"A": R(1, 3), "B": R(2, 3)}


def test_subs_renames():
    """A named model's subs result records the substituted values in its name."""
    assert P.golden_mean(p).subs({p: R(1, 3)}).name == "golden_mean(p) at p = 1/3"


# --------------------------------------------------------------------------- other constructors and views


def test_from_matrices_equals_from_edges():
    """from_matrices with labelled matrices equals from_edges with the same edges."""
    m = sc.HMM.from_matrices({"0": [[1 - p, 0], [q, 0]], "1": sp.Matrix([[0, p], [0, 1 - q]])}, states=("A", "B"))
    assert m == H(BM_EDGES) == P.binary_markov(p, q)
    assert m.labelled_matrix("0") == sp.ImmutableMatrix([[1 - p, 0], [q, 0]])


def test_from_matrices_default_states_and_domain():
    """from_matrices names states '0'..'n-1' by default and accepts a domain."""
    m = sc.HMM.from_matrices({"a": [[1 - p, p], [1, 0]]}, domain={p: (0, HALF)})
    assert m.states == ("0", "1") and m.alphabet == ("a",) and m.domain[p] == (0, HALF)


@pytest.mark.parametrize(
    ("mats", "states", "error", "pattern"),
    [
        ({"0": [[1, 0]]}, None, ModelError, "square"),
        ({"0": [[1]], "1": [[0, 0], [0, 0]]}, None, ModelError, "square"),
        ({"0": [[1]]}, ("A", "B"), ModelError, "expected 1 state names"),
        ({}, None, ParameterTypeError, "non-empty mapping"),
    ],
    ids=["not square", "sizes differ", "wrong state count", "empty"],
)
def test_from_matrices_refuses_malformed(mats, states, error, pattern):
    """from_matrices refuses non-square or mismatched matrices, a wrong number of names, and an empty mapping."""
    with pytest.raises(error, match=pattern):
        sc.HMM.from_matrices(mats, states=states)


def test_to_networkx():
    """to_networkx gives a MultiDiGraph with one edge per model edge, keyed by symbol, carrying the probability."""
    m = P.biased_coin(p)
    g = m.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert list(g.nodes) == ["A"]
    assert sorted(g.edges(keys=True, data=True)) == [
        ("A", "A", "0", {"symbol": "0", "probability": 1 - p}),
        ("A", "A", "1", {"symbol": "1", "probability": p}),
    ]
    g2 = P.rrxor().to_networkx()
    assert g2.number_of_edges() == 8 and set(g2.nodes) == set(P.rrxor().states)
    assert g2.graph["alphabet"] == ("0", "1") and g2.graph["name"] == "rrxor()"


def test_to_networkx_is_a_copy():
    """Mutating the networkx graph does not change the model."""
    m = P.golden_mean(p)
    g = m.to_networkx()
    g.remove_node("B")
    assert m == P.golden_mean(p) and len(m.to_networkx().nodes) == 2


def test_repr_and_str():
    """repr is one line naming states, alphabet, parameters and edge count; str also lists edges and the domain."""
    m = P.golden_mean(p)
    assert repr(m) == "HMM('golden_mean(p)', states=('A', 'B'), alphabet=('0', '1'), parameters=(p,), edges=3)"
    text = str(m)
    assert text.splitlines()[0] == repr(m)
    for line in ["'A' -> 'A' on '1': 1 - p", "'A' -> 'B' on '0': p", "'B' -> 'A' on '1': 1", "domain: 0 < p < 1"]:
        assert line in text
    assert repr(H(BM_EDGES)) == "HMM(states=('A', 'B'), alphabet=('0', '1'), parameters=(p, q), edges=4)"
    assert "domain" not in str(P.rrxor())


def test_edge_str():
    """An Edge prints as 'source -> target on symbol (probability)'."""
    assert str(P.golden_mean(p).edges[1]) == "'A' -> 'B' on '0' (p)"


# --------------------------------------------------------------------------- domains


def test_domain_default_and_given():
    """Parameters default to (0, 1); given intervals are kept as exact rationals (strings allowed)."""
    m = H(BM_EDGES, domain={q: ("1/4", "3/4")})
    assert dict(m.domain) == {p: (0, 1), q: (R(1, 4), R(3, 4))}
    assert m.domain.as_condition() == sp.And(p > 0, p < 1, q > R(1, 4), q < R(3, 4))


@pytest.mark.parametrize(
    ("domain", "error", "pattern"),
    [
        ({p: (1, 0)}, DomainError, r"domain of p: expected lo < hi, received \(1, 0\)"),
        ({p: (HALF, HALF)}, DomainError, r"expected lo < hi, received \(1/2, 1/2\)"),
        ({p: (0.0, 0.5)}, ParameterTypeError, r"lower bound of p: expected an exact rational, received the float 0.0"),
        ({p: (0, 0.5)}, ParameterTypeError, r"upper bound of p: expected an exact rational, received the float 0.5"),
        ({p: (0,)}, DomainError, r"expected a pair \(lo, hi\)"),
        ({p: (-1, 1)}, DomainError, "declared positive"),
        ({p: (0, "x")}, DomainError, "expected a rational number"),
        ({sc.symbols("r"): (0, 1)}, DomainError, r"the domain names r, which does not occur in the probabilities"),
        ({"r": (0, 1)}, DomainError, "does not occur"),
    ],
    ids=["lo > hi", "lo == hi", "float lo", "float hi", "not a pair", "negative for positive symbol",
         "text bound", "foreign symbol", "unknown parameter name"],
)
def test_domain_errors(domain, error, pattern):
    """Malformed domains are refused with a message naming the parameter, the requirement and the value."""
    with pytest.raises(error, match=pattern):
        H(BM_EDGES, domain=domain)


def test_domain_plain_symbol_clash():
    """A domain keyed by sp.Symbol('p') for a model built with sc.symbols('p') explains the assumptions clash."""
    with pytest.raises(DomainError, match=r"other assumptions occurs; use symcm.symbols"):
        H(BM_EDGES, domain={sp.Symbol("p"): (0, 1)})


def test_mixed_plain_and_symcm_symbols_refused():
    """Probabilities mixing sp.Symbol('p') and sc.symbols('p') are refused naming the clash."""
    with pytest.raises(ParameterTypeError, match=r"two different symbols are named 'p'.*symcm.symbols"):
        H([("A", "A", "0", 1 - sp.Symbol("p")), ("A", "A", "1", p)])


def test_plain_symbol_model_allowed():
    """A model using only plain sp.Symbol('x') parameters works, with domain (0, 1)."""
    x = sp.Symbol("x")
    m = H([("A", "A", "0", 1 - x), ("A", "B", "1", x), ("B", "A", "0", 1)])
    assert m.parameters == (x,) and m.domain[x] == (0, 1)
    assert sc.stationary_distribution(m) == {"A": 1 / (1 + x), "B": x / (1 + x)}


def test_domain_lets_edge_be_valid():
    """1 - 2p is refused on (0, 1) but valid on (0, 1/2), and then does not vanish inside."""
    edges = [("A", "A", "0", 1 - 2 * p), ("A", "A", "1", 2 * p)]
    m = H(edges, domain={p: (0, HALF)})
    assert m.domain[p] == (0, HALF) and m.vanishing_edges == ()


def test_domain_keys_may_be_parameter_names():
    """A domain given by parameter name ({"p": (0, "1/2")}) means the symbol of that name."""
    p = sc.symbols("p")
    m = sc.HMM.from_edges([("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", 1)],
                          domain={"p": (0, "1/2")})
    assert m.domain[p] == (0, sp.Rational(1, 2))
    with pytest.raises(sc.errors.DomainError, match="the domain names r"):
        sc.HMM.from_edges([("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", 1)], domain={"r": (0, 1)})


# --- validation fast paths against the general routines ----------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def _multilinear(draw):
    """A random polynomial of degree <= 1 in each of p, q with small rational coefficients."""
    p, q = sc.symbols("p q")
    coeff = st.fractions(min_value=-3, max_value=3, max_denominator=5)
    c = [sp.Rational(draw(coeff)) for _ in range(4)]
    return c[0] + c[1] * p + c[2] * q + c[3] * p * q


@settings(max_examples=80, deadline=None)
@given(_multilinear(), st.sampled_from([(0, 1), (sp.Rational(1, 4), sp.Rational(3, 4)), (0, sp.Rational(1, 2))]))
def test_multilinear_sign_fast_path_agrees_with_general_routine(f, bounds):
    """The vertex test for multilinear probabilities says 'positive on the open box' only when the general routine does."""
    from symcm.algebra.rational import _positive_multilinear
    from symcm.algebra.positivity import rational_function_sign

    p, q = sc.symbols("p q")
    box = {p: bounds, q: bounds}
    pn = sp.Poly(f, p, q, domain=sp.QQ)
    if pn.is_zero:
        return
    general = rational_function_sign(pn, sp.Poly(1, p, q, domain=sp.QQ), box)
    if _positive_multilinear(pn, box):
        assert general.nonnegative and general.zero_condition is None
    elif general.nonnegative and general.zero_condition is None:
        # the fast path may decline, but only when some vertex is negative: never for a positive polynomial
        # that is nonnegative at the vertices
        corners = [f.subs({p: a, q: b}) for a in bounds for b in bounds]
        assert min(corners) < 0 or any(m > 1 for mono in pn.monoms() for m in mono)


@settings(max_examples=80, deadline=None)
@given(_multilinear(), _multilinear())
def test_canonical_value_of_polynomials_is_the_cancelled_form(f, g):
    """The canonical value of a polynomial probability equals sympy's cancel of it (the skipped second cancel)."""
    from symcm.algebra.rational import _canonical

    p, q = sc.symbols("p q")
    expr = f * g / 3
    value, pn, pd = _canonical(expr, (p, q))
    assert value == sp.cancel(pn.as_expr() / pd.as_expr())


@st.composite
def _polynomial_tree(draw, depth=3):
    """A random polynomial expression tree in p, q (sums, products, small powers, rationals)."""
    p, q = sc.symbols("p q")
    leaf = st.sampled_from([p, q, sp.Integer(1), sp.Rational(1, 2), sp.Integer(-3), 1 - p, 1 - q])
    if depth == 0 or draw(st.booleans()):
        return draw(leaf)
    a, b = draw(_polynomial_tree(depth=depth - 1)), draw(_polynomial_tree(depth=depth - 1))
    op = draw(st.sampled_from(["add", "mul", "pow"]))
    return a + b if op == "add" else a * b if op == "mul" else a ** draw(st.integers(0, 3))


@settings(max_examples=120, deadline=None)
@given(_polynomial_tree())
def test_polynomial_fast_path_equals_the_cancelled_form(expr):
    """Reading a polynomial's terms directly gives the same canonical value and Polys as the cancel route."""
    from symcm.algebra.rational import _canonical

    p, q = sc.symbols("p q")
    value, pn, pd = _canonical(expr, (p, q))
    expected = sp.Poly(sp.expand(expr), p, q, domain=sp.QQ)
    assert pn == expected and pd == sp.Poly(1, p, q, domain=sp.QQ)
    assert value == expected.as_expr() == sp.cancel(sp.together(expr)).expand()


def test_symbols_that_cancel_in_a_polynomial_are_not_parameters():
    """p*(1 - p) + p**2 - p + q is a probability in q alone: p cancels and is not a parameter."""
    p, q = sc.symbols("p q")
    m = sc.HMM.from_edges([("A", "A", "0", p * (1 - p) + p**2 - p + q), ("A", "A", "1", 1 - q)])
    assert m.parameters == (q,)


# --- issue 10: user values are never evaluated; malformed input is a clear error ---------------------------------

import decimal  # noqa: E402

import numpy as np  # noqa: E402

from symcm.errors import SymcmError as _SymcmError  # noqa: E402

_p, _q = sc.symbols("p q")


def _payload(marker) -> str:
    """Python code that creates ``marker`` when evaluated (and is then a valid probability, 1)."""
    return f"__import__('pathlib').Path({str(marker)!r}).touch() or 1"


@pytest.mark.parametrize("wrap", [
    lambda s: [[s]],
    lambda s: ((s,),),
    lambda s: np.array([[s]], dtype=object),
    lambda s: np.array([[s]]),
    lambda s: [[(s,)]],
], ids=["list", "tuple", "numpy object", "numpy str", "text in a tuple entry"])
def test_from_matrices_never_evaluates_text(tmp_path, wrap):
    """from_matrices refuses text entries (lists, tuples, numpy arrays) with ParameterTypeError; no code runs."""
    marker = tmp_path / "ran"
    with pytest.raises(ParameterTypeError, match=r"from_matrices: entry \[0, 0\] of the matrix for '0'"):
        sc.HMM.from_matrices({"0": wrap(_payload(marker))})
    assert not marker.exists()


def test_subs_never_evaluates_text(tmp_path):
    """HMM.subs refuses text as a value (also inside a tuple) and unknown text keys; the model is unchanged."""
    m = sc.processes.binary_markov(_p, _q)
    before = (m.edges, m.domain, m.name)
    marker = tmp_path / "ran"
    for values in ({_p: _payload(marker)}, {"p": (_payload(marker),)}):
        with pytest.raises(ParameterTypeError, match="value of p: expected a number or sympy expression"):
            m.subs(values)
    with pytest.raises(DomainError, match="not a parameter of this model"):
        m.subs({_payload(marker): 1})
    with pytest.raises(ParameterTypeError, match="keys must be parameters"):
        m.subs({(_payload(marker),): 1})
    assert not marker.exists()
    assert (m.edges, m.domain, m.name) == before


@pytest.mark.parametrize("bounds", [lambda s: (s, 1), lambda s: (0, (s,))], ids=["text", "text in a tuple"])
def test_domain_bounds_never_evaluate_text(tmp_path, bounds):
    """Domain bounds given as code are refused (text is read only as a number such as '1/2'); the code never runs."""
    marker = tmp_path / "ran"
    edges = [("A", "A", "0", _p), ("A", "A", "1", 1 - _p)]
    with pytest.raises(_SymcmError, match="bound of p"):
        sc.HMM.from_edges(edges, domain={_p: bounds(_payload(marker))})
    with pytest.raises(_SymcmError, match="bound of p"):
        sc.Domain({_p: bounds(_payload(marker))})
    with pytest.raises(_SymcmError, match="Domain.contains"):
        sc.Domain({_p: (0, 1)}).contains({_p: (_payload(marker),)})
    assert not marker.exists()
    assert sc.HMM.from_edges(edges, domain={_p: ("1/4", "0.75")}).domain[_p] == (R(1, 4), R(3, 4))


def test_text_bounds_are_capped():
    """A text or Decimal bound with a huge exponent is refused at once (it used to compute 10**999999999)."""
    with pytest.raises(DomainError, match="exponent .* beyond the cap of 1000"):
        sc.Domain({_p: (0, "1e999999999")})
    with pytest.raises(DomainError, match="beyond the cap of 1000"):
        sc.Domain({_p: (0, decimal.Decimal("1e999999999"))})


@pytest.mark.parametrize("value, kind, pattern", [
    (decimal.Decimal("NaN"), ExpressionError, r"finite .* received Decimal\('NaN'\)"),
    (decimal.Decimal("Infinity"), ExpressionError, r"finite .* received Decimal\('Infinity'\)"),
    (float("nan"), ExpressionError, "finite .* received the float nan"),
    (float("inf"), ExpressionError, "finite .* received the float inf"),
    (sp.zoo, ExpressionError, "finite .* received zoo"),
    (_p < 1, ParameterTypeError, "received a condition p < 1; a probability is an expression"),
    (sp.Eq(_p, 1), ParameterTypeError, r"received a condition Eq\(p, 1\)"),
    ((R(1, 2),), ParameterTypeError, r"received the tuple \(1/2,\)"),
], ids=["Decimal NaN", "Decimal inf", "nan", "inf", "zoo", "relational", "Eq", "tuple"])
def test_non_numbers_as_probabilities_refused(value, kind, pattern):
    """Non-finite numbers, relations and containers as probabilities give a SymcmError naming the edge."""
    with pytest.raises(kind, match=pattern) as info:
        sc.HMM.from_edges([("A", "A", "0", value), ("A", "A", "1", 1)])
    assert "probability of edge 'A' -> 'A' on '0'" in str(info.value)


@pytest.mark.parametrize("call, kind, pattern", [
    (lambda: sc.HMM.from_edges(None), ParameterTypeError, "from_edges: edges must be a list or tuple, received the NoneType"),
    (lambda: sc.HMM.from_edges(5), ParameterTypeError, "edges must be a list or tuple, received the int 5"),
    (lambda: sc.HMM.from_edges(["AA01"]), ParameterTypeError, r"edge #0: expected a tuple \(source"),
    (lambda: sc.HMM.from_edges([("A", "A", "0", 1)], states=5), ParameterTypeError, "states must be a list or tuple"),
    (lambda: sc.HMM.from_edges([("A", "A", "0", 1)], states="A"), ParameterTypeError, "received the str 'A'"),
    (lambda: sc.HMM.from_edges([("A", "A", "0", 1)], alphabet=5), ParameterTypeError, "alphabet must be a list"),
    (lambda: sc.HMM.from_edges([("A", "A", "0", _p), ("A", "A", "1", 1 - _p)], domain=5), ParameterTypeError,
     "domain must be a mapping"),
    (lambda: sc.HMM.from_edges([("A", "A", "0", _p), ("A", "A", "1", 1 - _p)], domain=[(_p, (0, 1))]),
     ParameterTypeError, "domain must be a mapping"),
    (lambda: sc.HMM.from_edges([("A", "A", "0", _p), ("A", "A", "1", 1 - _p)], domain={_p: "01"}), DomainError,
     r"domain of p: expected a pair \(lo, hi\), received the str '01'"),
    (lambda: sc.HMM.from_matrices({"0": [[1, 0], [1]]}), ModelError, r"square 2x2 matrix, received 2 rows of lengths \[2, 1\]"),
    (lambda: sc.HMM.from_matrices({"0": [1]}), ParameterTypeError, "row 0 must be a list of entries"),
    (lambda: sc.HMM.from_matrices({0: [[1]]}), ParameterTypeError, "symbols .keys. must be str"),
    (lambda: sc.processes.golden_mean(_p).relabel({"A": []}), ParameterTypeError,
     "relabel: the new name of 'A': a state name must be a str or an int, received the list"),
    (lambda: sc.processes.golden_mean(_p).relabel([("A", "C")]), ParameterTypeError, "relabel: expected a mapping"),
    (lambda: sc.processes.golden_mean(_p).subs([(_p, 1)]), ParameterTypeError, "subs: expected a mapping"),
    (lambda: sc.symbols(""), DomainError, "symbols: expected at least one name"),
    (lambda: sc.symbols(" , "), DomainError, "symbols: expected at least one name"),
    (lambda: sc.symbols(5), ParameterTypeError, "symbols: names must be a str"),
], ids=["edges None", "edges 5", "edge str", "states 5", "states str", "alphabet 5", "domain 5", "domain list",
        "domain str bounds", "ragged", "flat row", "int symbol", "relabel unhashable", "relabel list", "subs list",
        "symbols empty", "symbols blank", "symbols int"])
def test_malformed_constructor_arguments_are_clear_errors(call, kind, pattern):
    """Wrong types or shapes in the constructors raise a SymcmError naming where, what was expected and received."""
    with pytest.raises(kind, match=pattern):
        call()


def test_bool_state_names_refused():
    """True and 1 are one dict key: a bool state name is refused, in edges, states and relabels, never merged."""
    with pytest.raises(ParameterTypeError, match="received the bool True .True == 1"):
        sc.HMM.from_edges([(1, 1, "0", 1)], states=(True, 1))
    with pytest.raises(ParameterTypeError, match="received the bool True"):
        sc.HMM.from_edges([(1, 1, "0", 1)], states=(True,))
    with pytest.raises(ParameterTypeError, match="received the bool True"):
        sc.HMM.from_matrices({"0": [[1]]}, states=(True,))
    m = sc.HMM.from_edges([(1, 2, "0", 1), (2, 1, "0", 1)])
    with pytest.raises(ParameterTypeError, match="the new name of 2: a state name .* the bool True"):
        m.relabel({2: True})
    assert m.states == (1, 2)


def test_model_names_must_be_strings():
    """name=5 is refused (ParameterTypeError), in every constructor."""
    with pytest.raises(ParameterTypeError, match="name must be a str or None, received the int 5"):
        sc.HMM.from_edges([("A", "A", "0", 1)], name=5)
    with pytest.raises(ParameterTypeError, match="name must be a str or None"):
        sc.HMM.from_matrices({"0": [[1]]}, name=("x",))


def test_subs_with_a_huge_rational_names_it_by_size():
    """subs({p: 1/10**5000}) builds the model; its name shows the value's size (str() of it is past Python's limit)."""
    m = sc.processes.even(_p).subs({_p: R(1, 10**5000)})
    assert m.name == "even(p) at p = <a rational of about 5001 digits>"
    assert "even(p)" in repr(m) and "<a rational of about 5001 digits>" in str(m)


def test_degree_is_checked_before_any_polynomial():
    """p**10**6 is refused by the degree cap from the expression tree, before any polynomial is built."""
    with pytest.raises(sc.errors.TooLargeError, match=r"degree up to 1000000, more than the cap max_degree=256"):
        sc.HMM.from_edges([("A", "A", "0", _p**10**6), ("A", "A", "1", 1 - _p**10**6)])
    m = sc.processes.golden_mean(_p)
    with pytest.raises(sc.errors.TooLargeError, match="max_degree=256"):
        m.subs({_p: _q**300})
    assert sc.HMM.from_edges([("A", "A", "0", _p**300), ("A", "A", "1", 1 - _p**300)], max_degree=300).parameters == (_p,)


@pytest.mark.parametrize("backend", ["flint", "sympy"])
def test_powers_are_certified_from_their_factors(backend, monkeypatch):
    """((p+q)/2)**30 is certified from the square-free factor p + q (multiplicity 30), with and without python-flint."""
    from symcm.algebra import positivity

    if backend == "flint" and positivity._flint is None:
        pytest.skip("python-flint is not installed")
    if backend == "sympy":
        monkeypatch.setattr(positivity, "_flint", None)
    sc.clear_caches()
    r = sc.symbols("r")
    s = (_p + _q) / 2
    coeff, factors = positivity._factors(sp.Poly(s**30, _p, _q))
    assert [(g.as_expr(), k) for g, k in factors] == [(_p + _q, 30)] and coeff == R(1, 2**30)
    for e in (s**30, ((_p + _q + r) / 3)**30, (2 * _p - 1)**2 * s**7):
        m = sc.HMM.from_edges([("A", "A", "0", e), ("A", "A", "1", 1 - e)])
        assert m.edges[0].probability == sp.expand(e)
    vanishing = sc.HMM.from_edges([("A", "A", "0", (2 * _p - 1)**2 * s**7), ("A", "A", "1", 1 - (2 * _p - 1)**2 * s**7)])
    assert [str(c) for _, c in vanishing.vanishing_edges] == ["Eq(p, 1/2)"]
    sc.clear_caches()


def test_direct_construction_says_how_to_build():
    """HMM() raises a ParameterTypeError naming HMM.from_edges and HMM.from_matrices."""
    with pytest.raises(ParameterTypeError, match=r"HMM\.from_edges.*HMM\.from_matrices"):
        sc.HMM()


def test_index_of_an_unhashable_state_refused():
    """HMM.index(['A']) is a ParameterTypeError, not a raw unhashable-type TypeError."""
    with pytest.raises(ParameterTypeError, match=r"HMM\.index: .*the list \['A'\]"):
        H(BM_EDGES).index(["A"])


def test_relabel_unknown_state_refused():
    """relabel({'Z': 'X'}) names the unknown state 'Z' instead of silently ignoring it."""
    with pytest.raises(UnknownStateError, match=r"HMM\.relabel: .*'Z'.*not a state"):
        H(BM_EDGES).relabel({"Z": "X"})
    assert H(BM_EDGES).relabel({"A": "X"}).states == ("X", "B")


def test_default_domain_contradicting_assumptions_refused():
    """A negative symbol without a domain is refused: the default (0, 1) contradicts its assumptions."""
    x = sp.Symbol("x", negative=True)
    with pytest.raises(DomainError, match=r"default open interval \(0, 1\) contradicts .*negative=True.*pass a domain"):
        H([("A", "A", "0", -x), ("A", "A", "1", 1 + x)])
    m = H([("A", "A", "0", -x), ("A", "A", "1", 1 + x)], domain={x: (-1, 0)})
    assert m.parameters == (x,)
    n = sp.Symbol("n", integer=True)
    with pytest.raises(DomainError, match="integer=True"):
        H([("A", "A", "0", n), ("A", "A", "1", 1 - n)])
