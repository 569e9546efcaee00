"""Resource guards: every cap on expression blow-up raises a TooLargeError naming the cap and how to raise it."""

import re

import pytest
import sympy as sp

import symcm as sc
from benchmarks.chains import random_sparse_chain
from symcm.errors import InfiniteStatesError, TooLargeError
from symcm.generation.conditions import generator_conditions
from symcm.generation.families import general_family

p, q = sc.symbols("p q")
R = sp.Rational


def _stationary_terms():
    sc.stationary_distribution(random_sparse_chain(10, 0), max_terms=20)


def _mixed_states():
    sc.mixed_state_presentation(sc.processes.sns(), max_states=6)


def _epsilon_machine():
    sc.excess_entropy(sc.processes.sns(), max_states=6)  # (C_mu of the SNS is an enclosure, not refused)


def _words():
    sc.block_entropy(sc.processes.golden_mean(p), 12, max_words=1000)


def _same_process_words():
    # a symbolic model with infinitely many causal states: no route but the words applies
    sns = sc.HMM.from_edges([("A", "A", "1", p), ("A", "B", "1", 1 - p),
                             ("B", "A", "0", sp.Rational(1, 2)), ("B", "B", "1", sp.Rational(1, 2))])
    sc.same_process(sns, sns, max_words=4)


def _bounds_length():
    sc.entropy_rate_bounds(sc.processes.sns(), digits=40, max_length=3)


def _bounds_beliefs():
    sc.entropy_rate_bounds(sc.processes.sns(), digits=40, max_beliefs=2)


def _crossover_boxes():
    sc.crossover(sc.H(p), sp.S.Half, over={p: (0, sp.S.Half)}, digits=30, max_boxes=3)


def _crossover_digits():
    sc.crossover(sc.H(p), sp.S.Half, over={p: (0, sp.S.Half)}, digits=50, max_digits=40)


def _paving_boxes():
    sc.pave(sc.H(p), sc.H(q), over={p: (0, 1), q: (0, 1)}, resolution=R(1, 64), max_boxes=10)


def _generator_nodes():
    fam, free = general_family(2)
    generator_conditions(fam, sc.processes.binary_markov(p, q), free, max_nodes=2)


# --- model construction caps (issue 10)

def _model_degree():
    sc.HMM.from_edges([("A", "A", "0", p**10**6), ("A", "A", "1", 1 - p**10**6)])


def _model_sign_boxes():
    touching = ((p**2 - sp.S.Half)**2 + (q - sp.S.Half)**2) / 2  # >= 0, touching 0 inside the box
    sc.HMM.from_edges([("A", "A", "0", touching), ("A", "A", "1", 1 - touching)], max_sign_boxes=8)


def test_sign_budget_error_is_also_undecidable():
    """Out of sign budget is both an UndecidableError (symcm does not guess) and a TooLargeError (raise the cap)."""
    with pytest.raises(sc.errors.UndecidableError):
        _model_sign_boxes()


# --- analysis and CLI caps (issue 10)


def _entropy_rate_digits():
    sc.entropy_rate(sc.processes.sns(), digits=10**6)


def _bounds_digits():
    sc.entropy_rate_bounds(sc.processes.sns(), digits=50, max_digits=40)


def _block_length_huge():
    sc.block_entropy(sc.processes.golden_mean(p), 2**64)


def _search_states():
    sc.search_generator(sc.processes.biased_coin(R(1, 3)), states=100)


def _family_parameters():
    general_family(30)


def _lambdify_dps():
    sc.lambdify(sc.H(p), backend="mpmath", dps=10**9)


# (what is capped, trigger, the cap's keyword)
GUARDS = [
    ("terms of polynomials in the stationary elimination", _stationary_terms, "max_terms"),
    ("mixed states explored", _mixed_states, "max_states"),
    ("causal states explored (measures)", _epsilon_machine, "max_states"),
    ("words enumerated (block entropy)", _words, "max_words"),
    ("words enumerated (process equivalence)", _same_process_words, "max_words"),
    ("word length of entropy-rate bounds", _bounds_length, "max_length"),
    ("beliefs tracked by entropy-rate bounds", _bounds_beliefs, "max_beliefs"),
    ("interval boxes of a crossover", _crossover_boxes, "max_boxes"),
    ("digits of a crossover", _crossover_digits, "max_digits"),
    ("boxes of a paving", _paving_boxes, "max_boxes"),
    ("branches of the generator-condition decomposition", _generator_nodes, "max_nodes"),
    ("degree of an edge probability (model construction)", _model_degree, "max_degree"),
    ("sign-certification subdivisions (model construction)", _model_sign_boxes, "max_sign_boxes"),


    ("digits of an entropy-rate enclosure (entropy_rate)", _entropy_rate_digits, "max_digits"),
    ("digits of an entropy-rate enclosure (entropy_rate_bounds)", _bounds_digits, "max_digits"),
    ("words of a block of length 2**64", _block_length_huge, "max_words"),
    ("states of a generator search", _search_states, "max_states"),
    ("parameters of the general family", _family_parameters, "max_parameters"),
    ("digits of an mpmath lambdified function", _lambdify_dps, "max_dps"),
]


@pytest.mark.parametrize("what, trigger, cap", GUARDS, ids=[g[0] for g in GUARDS])
def test_cap_raises_too_large_naming_the_cap(what, trigger, cap):
    """Exceeding the cap raises TooLargeError (a ValueError) whose message names `cap=value` and how to raise it."""
    with pytest.raises(TooLargeError) as info:
        trigger()
    assert isinstance(info.value, ValueError)
    msg = str(info.value)
    assert re.search(rf"\b{cap}=\d+", msg), msg
    assert re.search(rf"(pass a larger {cap}|raise {cap}|pass {cap}=)", msg, flags=re.I), msg


def test_infinite_machines_are_a_kind_of_too_large():
    """A mixed-state construction that does not close raises InfiniteStatesError, a TooLargeError."""
    with pytest.raises(InfiniteStatesError):
        _mixed_states()


def test_raising_the_term_cap_gives_the_same_answer():
    """The term cap only guards: below it the stationary distribution equals the uncapped one."""
    m = random_sparse_chain(8, 0)
    assert sc.stationary_distribution(m, max_terms=10_000) == sc.stationary_distribution(m)


def test_caps_are_documented():
    """docs/limits.md lists every cap keyword exercised here."""
    import pathlib

    text = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text()
    for _, _, cap in GUARDS:
        assert f"`{cap}`" in text, cap


def test_cli_state_cap_refuses_at_once(capsys):
    """`symcm derive period n=100000` exits 2 naming --max-states=200 and how to raise it (it hung)."""
    from symcm.cli import main

    assert main(["derive", "period", "n=100000"]) == 2
    err = capsys.readouterr().err
    assert "--max-states=200" in err and "pass a larger --max-states" in err


def test_cli_caps_are_documented():
    """docs/limits.md lists the command's caps (--max-states, --digits)."""
    import pathlib

    text = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text()
    assert "`--max-states`" in text and "`--digits`" in text
