"""Graphs in and out: sc.from_networkx (the inverse of HMM.to_networkx) and sc.to_dot.

Routes: the round trip ``from_networkx(m.to_networkx()) == m`` over Hypothesis
models (numeric and symbolic, with non-default domains); graphs built by hand
edge by edge; the DOT text parsed back with a small independent reader (and
rendered by Graphviz's ``dot`` when it is installed).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import networkx as nx
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings

import symcm as sc
from symcm.errors import MachineFileError, ModelError, NotStochasticError, ParameterTypeError
from symcm.models import strategies as sst

P = sc.processes
p, q = sc.symbols("p q")
SETTINGS = settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))


# --- from_networkx --------------------------------------------------------------------------


@SETTINGS
@given(sst.hmms(max_states=4))
def test_round_trip_numeric(m):
    """Numeric models: from_networkx(m.to_networkx()) == m, states in the same order."""
    back = sc.from_networkx(m.to_networkx())
    assert back == m and back.states == m.states


@SETTINGS
@given(sst.symbolic_hmms(parameters=2, max_states=3))
def test_round_trip_symbolic(m):
    """Symbolic models: the round trip is exact (edges, alphabet, domain)."""
    assert sc.from_networkx(m.to_networkx()) == m


def test_round_trip_keeps_domain_and_name():
    """The graph carries the domain and the name; a restricted domain survives the round trip."""
    m = sc.HMM.from_edges([("A", "A", "0", 1 - 2 * p), ("A", "A", "1", 2 * p)],
                          domain={p: (0, sp.Rational(1, 2))}, name="coin")
    back = sc.from_networkx(m.to_networkx())
    assert back == m and back.domain == m.domain and back.name == "coin"
    assert sc.from_networkx(P.rrxor().to_networkx()) == P.rrxor()


def test_hand_built_graphs():
    """A DiGraph and a MultiDiGraph with integer keys, probabilities as numbers, sympy or safe text."""
    g = nx.DiGraph()
    g.add_edge(0, 1, symbol="1", probability=sp.Rational(1, 2))
    g.add_edge(0, 0, symbol="0", probability="1/2")
    g.add_edge(1, 0, symbol="0", probability=1)
    m = sc.from_networkx(g)
    assert m == sc.HMM.from_edges([(0, 1, "1", sp.Rational(1, 2)), (0, 0, "0", sp.Rational(1, 2)),
                                   (1, 0, "0", 1)])
    h = nx.MultiDiGraph()
    h.add_edge("A", "A", symbol="0", probability="1 - p")
    h.add_edge("A", "A", symbol="1", probability=p)
    assert sc.from_networkx(h, parameters=[p]) == P.biased_coin(p)
    assert sc.from_networkx(h, domain={p: (0, 1)}) == P.biased_coin(p)  # names from the domain


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "p.__class__", "lambda: 1", "q"])
def test_text_is_never_evaluated(text):
    """Text outside the restricted grammar (code, unknown names) is a MachineFileError, never run."""
    g = nx.MultiDiGraph()
    g.add_edge("A", "A", symbol="0", probability=text)
    with pytest.raises(MachineFileError, match="probability of from_networkx: edge 'A' -> 'A'"):
        sc.from_networkx(g, parameters=[p])


def test_bad_graphs():
    """Missing attributes, key/symbol disagreement, undirected graphs, bytes and bad rows are refused clearly."""
    g = nx.MultiDiGraph()
    g.add_edge("A", "A", symbol="0")
    with pytest.raises(ModelError, match="no attribute 'probability'.*attributes are \\['symbol'\\]"):
        sc.from_networkx(g)
    g = nx.MultiDiGraph()
    g.add_edge("A", "A", probability=1)
    with pytest.raises(ModelError, match="no attribute 'symbol'"):
        sc.from_networkx(g)
    g = nx.MultiDiGraph()
    g.add_edge("A", "A", key="1", symbol="0", probability=1)
    with pytest.raises(ModelError, match="key '1' names another symbol"):
        sc.from_networkx(g)
    with pytest.raises(ParameterTypeError, match="undirected Graph"):
        sc.from_networkx(nx.Graph([("A", "B")]))
    with pytest.raises(ParameterTypeError, match="directed networkx graph"):
        sc.from_networkx({"A": "B"})
    g = nx.MultiDiGraph()
    g.add_edge("A", "A", symbol="0", probability=b"1")
    with pytest.raises(ParameterTypeError, match="bytes"):
        sc.from_networkx(g)
    g = P.golden_mean(p).to_networkx()
    g["B"]["A"]["1"]["probability"] = sp.Rational(1, 2)
    with pytest.raises(NotStochasticError, match="row of state 'B' sums to 1/2, not 1"):
        sc.from_networkx(g)
    with pytest.raises(ParameterTypeError, match="parameters must be"):
        sc.from_networkx(P.golden_mean(p).to_networkx(), parameters="p")


# --- to_dot ---------------------------------------------------------------------------------

EDGE = re.compile(r'^  "((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[label="((?:[^"\\]|\\.)*)"\];$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda mo: {"n": "\n"}.get(mo.group(1), mo.group(1)), text)


def read_dot_edges(text: str) -> list[tuple]:
    """An independent reader of the edge lines: ``(source, target, symbol, probability text)``."""
    out = []
    for line in text.splitlines():
        mo = EDGE.match(line)
        if mo:
            src, dst, label = (_unquote(g) for g in mo.groups())
            symbol, prob = label.rsplit(" | ", 1)
            out.append((src, dst, symbol, prob))
    return out


@SETTINGS
@given(sst.symbolic_hmms(parameters=2, max_states=3))
def test_dot_lists_every_edge(m):
    """Every model edge appears once as 'x | p' (p read back exactly with the safe grammar), in edge order."""
    text = sc.to_dot(m)
    assert text == sc.to_dot(m)  # deterministic
    edges = read_dot_edges(text)
    names = {s.name: s for s in m.parameters}
    assert [(s, t, x) for s, t, x, _ in edges] == [(str(e.source), str(e.target), e.symbol) for e in m.edges]
    for (_, _, _, prob), e in zip(edges, m.edges):
        assert sp.simplify(sc.parse_expression(prob, names) - e.probability) == 0


def test_dot_escapes_quotes_backslashes_and_newlines():
    """Quotes, backslashes and line breaks in names and symbols are escaped and read back."""
    m = sc.HMM.from_edges([('say "x"', "b\\c", '0"', 1), ("b\\c", 'say "x"', "1\n2", 1)])
    text = sc.to_dot(m)
    assert '"say \\"x\\""' in text and '"b\\\\c"' in text and "1\\n2" in text
    assert read_dot_edges(text) == [('say "x"', "b\\c", '0"', "1"), ("b\\c", 'say "x"', "1\n2", "1")]


def test_dot_arguments():
    """name and rankdir are checked; a model is required."""
    m = P.even(p)
    assert sc.to_dot(m, name="E", rankdir="TB").startswith('digraph "E" {\n  rankdir=TB;')
    with pytest.raises(ParameterTypeError, match="rankdir"):
        sc.to_dot(m, rankdir="up")
    with pytest.raises(ParameterTypeError, match="name must be"):
        sc.to_dot(m, name=3)
    with pytest.raises(ParameterTypeError, match="expected the model"):
        sc.to_dot("even")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("m", [P.golden_mean(p), P.even(p), P.rrxor(),
                               sc.HMM.from_edges([('say "x"', "b\\c", '0"', 1), ("b\\c", 'say "x"', "1\n2", 1)])],
                         ids=["golden_mean", "even", "rrxor", "escapes"])
def test_dot_renders(m):
    """Graphviz reads the text: dot -Tsvg succeeds and the SVG holds one edge per model edge."""
    out = subprocess.run(["dot", "-Tsvg"], input=sc.to_dot(m), capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('class="edge"') == len(m.edges)
