"""The symcm exception hierarchy and the messages of each concrete error.

Every error subclasses ``SymcmError`` and the builtin a Python user would
catch; every concrete error is raised by the library for its case, with a
message that says what was expected and what was received.
"""

from __future__ import annotations

import builtins
import inspect
import pathlib
import sys

import pytest
import sympy as sp

import symcm as sc
from symcm import errors
from symcm.algebra.positivity import factor_sign

P = sc.processes
p, q = sc.symbols("p q")
R = sp.Rational
HALF = R(1, 2)
H = sc.HMM.from_edges

#: the builtin each error is expected to inherit, so that ``except <builtin>`` keeps working
BUILTIN = {
    "ModelError": ValueError,
    "NotStochasticError": ValueError,
    "NegativeProbabilityError": ValueError,
    "UndecidableError": ValueError,
    "ExpressionError": ValueError,
    "DomainError": ValueError,
    "ParameterTypeError": TypeError,
    "UnknownStateError": KeyError,
    "UnknownSymbolError": KeyError,
    "NotErgodicError": ValueError,
    "NotUnifilarError": ValueError,
    "NotNumericError": ValueError,
    "TooLargeError": ValueError,
    "BudgetExceededError": ValueError,
    "MachineFileError": ValueError,
    "MissingDependencyError": ImportError,
    "InfiniteStatesError": ValueError,
    "TexError": RuntimeError,
}

ERROR_NAMES = [n for n in errors.__all__
               if isinstance(getattr(errors, n), type) and issubclass(getattr(errors, n), Exception)
               and not issubclass(getattr(errors, n), Warning)]
WARNING_NAMES = [n for n in errors.__all__
                 if isinstance(getattr(errors, n), type) and issubclass(getattr(errors, n), Warning)]
BUILTIN_EXCEPTIONS = tuple(c for c in vars(builtins).values()
                           if isinstance(c, type) and issubclass(c, Exception) and c is not Exception)


def test_all_names_exist():
    """Every name in errors.__all__ is defined and is an exception or a warning class."""
    for name in errors.__all__:
        obj = getattr(errors, name)
        assert inspect.isclass(obj) and issubclass(obj, (Exception, Warning)), name


@pytest.mark.parametrize("name", [n for n in ERROR_NAMES if n != "SymcmError"])
def test_error_subclasses_symcm_error_and_builtin(name):
    """Each error subclasses SymcmError and the matching builtin (ValueError, TypeError, KeyError, ImportError)."""
    cls = getattr(errors, name)
    assert issubclass(cls, errors.SymcmError)
    if name in BUILTIN:
        assert issubclass(cls, BUILTIN[name]), f"{name} should also be a {BUILTIN[name].__name__}"
    else:  # a class added after this table: it must at least inherit some builtin error
        assert issubclass(cls, BUILTIN_EXCEPTIONS), f"{name} inherits no builtin exception"


def test_symcm_error_is_the_root():
    """SymcmError is an Exception and is exported at the top level."""
    assert issubclass(errors.SymcmError, Exception)
    assert sc.SymcmError is errors.SymcmError


@pytest.mark.parametrize("name", WARNING_NAMES)
def test_warnings_hierarchy(name):
    """symcm's warnings are SymcmWarning subclasses, which are UserWarnings."""
    cls = getattr(errors, name)
    assert issubclass(cls, errors.SymcmWarning) and issubclass(cls, UserWarning)


def test_key_error_messages_are_sentences():
    """KeyError subclasses print their message without the quotes KeyError adds."""
    e = errors.UnknownSymbolError("unknown symbol '2'")
    assert str(e) == "unknown symbol '2'"
    assert str(errors.UnknownStateError("x y")) == "x y"


def test_machine_file_error_location():
    """MachineFileError prefixes path and line and keeps them as attributes."""
    e = errors.MachineFileError("bad value", path="m.toml", line=3)
    assert str(e) == "m.toml:line 3: bad value" and (e.path, e.line) == ("m.toml", 3)
    assert str(errors.MachineFileError("bad")) == "bad"


# --------------------------------------------------------------------------- each error, raised for its case


def _duplicate_states():
    H([("A", "A", "0", 1)], states=("A", "A"))


def _not_stochastic():
    H([("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "B", "1", 1 - q), ("B", "A", "0", p)])


def _negative():
    H([("A", "A", "0", 1 - 2 * p), ("A", "A", "1", 2 * p)])


def _undecidable():
    factor_sign(sp.Poly((p ** 2 - HALF) ** 2 + (q - HALF) ** 2, p, q), {p: (0, 1), q: (0, 1)}, max_boxes=8)


def _budget():
    touching = ((p ** 2 - HALF) ** 2 + (q - HALF) ** 2) / 2  # >= 0, touching 0 inside: not certifiable in 8 boxes
    H([("A", "A", "0", touching), ("A", "A", "1", 1 - touching)], max_sign_boxes=8)


def _expression():
    H([("A", "A", "0", 1 - sp.sqrt(2) / 2), ("A", "A", "1", sp.sqrt(2) / 2)])


def _domain():
    H([("A", "A", "0", 1 - p), ("A", "A", "1", p)], domain={p: (1, 0)})


def _parameter_type():
    H([("A", "A", "0", "1/2"), ("A", "A", "1", HALF)])


def _unknown_state():
    H([("A", "C", "0", 1), ("C", "A", "0", 1)], states=("A", "B"))


def _unknown_symbol():
    P.golden_mean(p).labelled_matrix("2")


def _not_ergodic():
    sc.stationary_distribution(H([("A", "A", "0", 1), ("B", "B", "1", 1)]))


def _not_unifilar():
    causal = pytest.importorskip("symcm.causal")
    causal.minimize(P.sns())


def _not_numeric():
    sc.sample(P.golden_mean(p), 10)


def _too_large():
    sc.word_probabilities(P.golden_mean(p), 3, max_words=4)


def _machine_file():
    sc.loads('symcm = 1\nedges = [["A", "A", "0", "exp(p)"]]\n[parameters]\np = ["0", "1"]\n', "toml")


def _machine_file_not_found():
    sc.load(pathlib.Path(__file__).parent / "data" / "machines" / "no-such-machine.toml")


def _machine_file_is_a_directory():
    import tempfile

    with tempfile.TemporaryDirectory(suffix=".toml") as tmp:
        sc.load(tmp)


def _missing_dependency():
    saved = sys.modules.get("yaml")
    sys.modules["yaml"] = None  # makes "import yaml" raise ImportError
    try:
        sc.loads("symcm: 1\nedges: [[A, A, '0', 1]]\n", "yaml")
    finally:
        if saved is None:
            del sys.modules["yaml"]
        else:
            sys.modules["yaml"] = saved


def _infinite_states():
    causal = pytest.importorskip("symcm.causal")
    if not hasattr(causal, "mixed_state_presentation"):
        pytest.skip("symcm.causal.mixed_state_presentation is not available")
    causal.mixed_state_presentation(P.sns(), max_states=5)


def _tex_error():
    import shutil

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (CI installs TeX Live from Debian packages)")
    import tempfile

    from symcm.export.report import compile_pdf

    with tempfile.TemporaryDirectory() as tmp:
        compile_pdf("\\documentclass{article}\\begin{document}\\nosuchmacro\\end{document}",
                    pathlib.Path(tmp) / "x.pdf")


# error name, trigger, fragments the message must contain: what was expected / what was received / where
RAISES = [
    ("ModelError", _duplicate_states, ["distinct", "duplicates 'A'"]),
    ("NotStochasticError", _not_stochastic, ["row of state 'B'", f"sums to {1 - q + p}", "not 1"]),
    ("NegativeProbabilityError", _negative, ["edge 'A' -> 'A' on '0'", "is 1 - 2*p", "negative at p = ", "domain"]),
    ("UndecidableError", _undecidable, ["could not decide the sign", "within 8 subdivisions", "restrict"]),
    ("BudgetExceededError", _budget, ["edge 'A' -> 'A' on '0'", "could not decide the sign", "max_sign_boxes=8",
                                      "pass a larger max_sign_boxes"]),
    ("ExpressionError", _expression, ["edge 'A' -> 'A' on '0'", "expected a rational function", "sqrt(2)"]),
    ("DomainError", _domain, ["domain of p", "expected lo < hi", "received (1, 0)"]),
    ("ParameterTypeError", _parameter_type, ["expected a number or sympy expression", "received the string '1/2'"]),
    ("UnknownStateError", _unknown_state, ["'C'", "not among the states ('A', 'B')"]),
    ("UnknownSymbolError", _unknown_symbol, ["unknown symbol '2'", "alphabet is ('0', '1')"]),
    ("NotErgodicError", _not_ergodic, ["2 recurrent classes", "('A',)", "('B',)", "not unique"]),
    ("NotUnifilarError", _not_unifilar, ["needs a unifilar model", "epsilon_machine"]),
    ("NotNumericError", _not_numeric, ["needs numeric probabilities", "free parameters (p,)"]),
    ("TooLargeError", _too_large, ["2^3 = 8 words", "max_words=4"]),
    ("MachineFileError", _machine_file, ["exp"]),
    ("MachineFileNotFoundError", _machine_file_not_found, ["no-such-machine.toml", "no such file"]),
    ("MachineFileIsADirectoryError", _machine_file_is_a_directory, [".toml", "this is a directory"]),
    ("MissingDependencyError", _missing_dependency, ["PyYAML", 'pip install "symcm[yaml]"']),
    ("InfiniteStatesError", _infinite_states, ["max_states=5", "did not close"]),
    ("TexError", _tex_error, ["pdflatex failed", "Undefined control sequence", "source kept at"]),
]


def test_raise_table_covers_every_concrete_error():
    """Every concrete error class in errors.__all__ has a case below that makes the library raise it."""
    concrete = set(ERROR_NAMES) - {"SymcmError"}
    assert concrete <= {name for name, _, _ in RAISES}, concrete - {name for name, _, _ in RAISES}


@pytest.mark.parametrize(("name", "trigger", "fragments"), RAISES, ids=[r[0] for r in RAISES])
def test_error_raised_with_message(name, trigger, fragments):
    """The library raises this exact error class for its case, with a message naming what was expected and received."""
    cls = getattr(errors, name)
    with pytest.raises(cls) as info:
        trigger()
    assert type(info.value) is cls, f"raised {type(info.value).__name__}, a subclass of {name}"
    msg = str(info.value)
    for fragment in fragments:
        assert fragment in msg, f"{fragment!r} not in {msg!r}"
    assert isinstance(info.value, errors.SymcmError)


def test_machine_file_error_names_line():
    """A MachineFileError from a file text names the line of the offending expression."""
    with pytest.raises(errors.MachineFileError) as info:
        _machine_file()
    assert info.value.line == 2
    assert "line 2" in str(info.value)


def test_builtin_catch_still_works():
    """Callers unaware of symcm catch its errors with the builtin classes."""
    with pytest.raises(ValueError):
        _not_stochastic()
    with pytest.raises(TypeError):
        _parameter_type()
    with pytest.raises(KeyError):
        _unknown_symbol()
