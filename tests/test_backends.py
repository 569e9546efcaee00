"""The polynomial backends: choosing one, refusing a bad choice, identical answers.

python-flint is a dependency of symcm, and the pure-sympy arithmetic is the
fallback where it is missing.  CI runs the algebra, causal, generator,
equivalence and proof tests a second time in a virtual environment without
python-flint (``.ci/run``); the tests here also simulate its absence by
setting the module-level handle on python-flint to None.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
import sympy as sp

import symcm as sc
from symcm.algebra import backends
from symcm.errors import MissingDependencyError, ParameterTypeError
from symcm.generation.conditions import generator_conditions
from symcm.generation.search import search_generator
from symcm.algebra.backends import available_backends, backend_name

from tests.test_generators import loehr_family as _loehr_family

P = sc.processes
R = sp.Rational
p, q = sc.symbols("p q")

FLINT_INSTALLED = importlib.util.find_spec("flint") is not None


# every public function that takes backend=, called on a small model
CALLS = {
    "stationary_distribution": lambda b: sc.stationary_distribution(P.binary_markov(p, q), backend=b),
    "stationary_distributions": lambda b: sc.stationary_distributions(P.binary_markov(p, q), backend=b),
    "word_probability": lambda b: sc.word_probability(P.binary_markov(p, q), "01", backend=b),
    "word_probabilities": lambda b: sc.word_probabilities(P.binary_markov(p, q), 2, backend=b),
    "block_entropy": lambda b: sc.block_entropy(P.binary_markov(p, q), 2, backend=b),
    "mixed_state_presentation": lambda b: sc.mixed_state_presentation(P.lohr_generator(p), backend=b),
    "generator_conditions": lambda b: generator_conditions(*_loehr_family(), backend=b),
}


@pytest.fixture
def no_flint(monkeypatch):
    """python-flint made unavailable to symcm for one test (as on a platform without its wheels)."""
    monkeypatch.setattr(backends, "_flint", None)
    monkeypatch.delenv("SYMCM_BACKEND", raising=False)


@pytest.mark.parametrize("where", sorted(CALLS))
def test_flint_without_python_flint_is_a_missing_dependency(no_flint, where):
    """backend='flint' without python-flint raises MissingDependencyError (an ImportError) naming the package."""
    with pytest.raises(MissingDependencyError, match=rf"^{where}: backend='flint' needs python-flint.*"
                                                     r"pip install python-flint.*backend='sympy'"):
        CALLS[where]("flint")


@pytest.mark.parametrize("where", sorted(CALLS))
def test_unknown_backend_names_the_choices(where):
    """An unknown backend name, or a non-string, is refused naming the function and the two choices."""
    for bad, shown in (("numpy", "the str 'numpy'"), (5, "the int 5"), (["flint"], "the list ['flint']")):
        with pytest.raises(ParameterTypeError, match=rf"^{where}: backend must be 'flint' or 'sympy'.*{re.escape(shown)}$"):
            CALLS[where](bad)


def test_default_without_python_flint_is_sympy(no_flint):
    """Without python-flint the default backend is the pure-sympy one, and it answers."""
    assert available_backends() == ("sympy",)
    assert backend_name() == "sympy"
    assert sc.stationary_distribution(P.binary_markov(p, q)) == {"A": q / (p + q), "B": p / (p + q)}


def test_environment_variable_selects_the_backend(monkeypatch):
    """SYMCM_BACKEND=sympy selects the pure-sympy backend; an empty value means the default."""
    monkeypatch.setenv("SYMCM_BACKEND", "sympy")
    assert backend_name() == "sympy"
    assert backend_name("flint" if FLINT_INSTALLED else "sympy") == ("flint" if FLINT_INSTALLED else "sympy")
    monkeypatch.setenv("SYMCM_BACKEND", "")
    assert backend_name() == available_backends()[0]


def test_environment_variable_flint_without_python_flint(no_flint, monkeypatch):
    """SYMCM_BACKEND=flint without python-flint raises MissingDependencyError naming the variable."""
    monkeypatch.setenv("SYMCM_BACKEND", "flint")
    with pytest.raises(MissingDependencyError, match=r"^stationary_distribution: SYMCM_BACKEND='flint' needs "):
        sc.stationary_distribution(P.golden_mean(p))


def test_environment_variable_unknown(monkeypatch):
    """An unknown SYMCM_BACKEND is refused naming the variable and its value."""
    monkeypatch.setenv("SYMCM_BACKEND", "fast")
    with pytest.raises(ParameterTypeError, match=r"SYMCM_BACKEND must be 'flint' or 'sympy'.*'fast'"):
        sc.word_probability(P.golden_mean(p), "0")


@pytest.mark.skipif(FLINT_INSTALLED, reason="python-flint is installed (CI's second run has it absent)")
def test_really_without_python_flint():
    """Where python-flint is truly absent, the default is sympy and backend='flint' is a MissingDependencyError."""
    with pytest.raises(ImportError):
        import flint  # noqa: F401
    assert available_backends() == ("sympy",)
    with pytest.raises(MissingDependencyError, match="pip install python-flint"):
        sc.stationary_distribution(P.binary_markov(p, q), backend="flint")


# --- identical answers on both backends, where the pure-sympy one used to crash -------------------------

def test_search_on_the_sympy_backend(monkeypatch):
    """search_generator with the pure-sympy arithmetic returns a certified generator, the one flint finds.

    One of the three searches that crashed without python-flint (``0**0``);
    CI's run without python-flint repeats all of tests/test_generators.py.
    """
    model = P.biased_coin(R(1, 3))
    monkeypatch.setenv("SYMCM_BACKEND", "sympy")
    r = search_generator(model, states=2, seed=1, restarts=4)
    assert sc.same_process(r.generator, model) is True
    assert r.state_entropy == sc.state_entropy(r.generator)
    if FLINT_INSTALLED:
        monkeypatch.setenv("SYMCM_BACKEND", "flint")
        assert search_generator(model, states=2, seed=1, restarts=4).generator == r.generator
