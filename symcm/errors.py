"""The symcm exception and warning hierarchy.

Every error symcm raises on purpose is a :class:`SymcmError`.  Each concrete
class also inherits the builtin exception a Python user would expect for that
kind of mistake (``ValueError`` for a bad value, ``TypeError`` for a value of
the wrong kind, ``KeyError`` for an unknown name), so ``except ValueError``
keeps working in code that does not know about symcm.

Messages follow one pattern: *what was expected, what was received, and
where* (state, symbol, edge, file and line), e.g.::

    row of state 'B' sums to 1 - q + p, not 1

Examples
--------
>>> from symcm.errors import NotStochasticError, SymcmError
>>> issubclass(NotStochasticError, SymcmError), issubclass(NotStochasticError, ValueError)
(True, True)
"""

from __future__ import annotations

__all__ = [
    "SymcmError",
    "SymcmWarning",
    "FloatConversionWarning",
    "ModelError",
    "NotStochasticError",
    "NegativeProbabilityError",
    "UndecidableError",
    "ExpressionError",
    "DomainError",
    "ParameterTypeError",
    "UnknownStateError",
    "UnknownSymbolError",
    "NotErgodicError",
    "NotUnifilarError",
    "NotNumericError",
    "TooLargeError",
    "BudgetExceededError",
    "MachineFileError",
    "MachineFileNotFoundError",
    "MachineFileIsADirectoryError",
    "MissingDependencyError",
    "InfiniteStatesError",
    "TexError",
]


class SymcmError(Exception):
    """Base class of every error symcm raises on purpose."""


class SymcmWarning(UserWarning):
    """Base class of symcm's warnings."""


class FloatConversionWarning(SymcmWarning):
    """A floating-point number was converted to the rational it displays.

    symcm is exact: a float becomes the simplest rational that agrees with it
    to 15 significant digits (``nsimplify(rational=True)``), so ``0.3`` and
    the arithmetic result ``1 - 0.7`` both become ``3/10``, not the binary
    fraction the float actually stores.  The warning says which value was
    converted and where.
    """


class ModelError(SymcmError, ValueError):
    """A model (HMM) is not a valid edge-labelled stochastic presentation."""


class NotStochasticError(ModelError):
    """The outgoing probabilities of a state do not sum to exactly 1."""


class NegativeProbabilityError(ModelError):
    """An edge probability is negative (or undefined) somewhere in the domain."""


class UndecidableError(SymcmError, ValueError):
    """symcm could not decide a question exactly and refuses to guess.

    Raised, for example, when the sign of a multivariate rational function on a
    box cannot be certified within the subdivision budget.  The message says
    what could not be decided and how to help (restrict the domain, substitute
    values).
    """


class ExpressionError(SymcmError, ValueError):
    """An expression is not of the kind required (e.g. not a rational function)."""


class DomainError(SymcmError, ValueError):
    """A parameter domain is malformed, or a point lies outside it."""


class ParameterTypeError(SymcmError, TypeError):
    """An argument has the wrong type."""


class _KeyErrorMessage(KeyError):
    # KeyError.__str__ quotes its argument; symcm messages are sentences.
    def __str__(self) -> str:  # pragma: no cover - trivial
        return str(self.args[0]) if self.args else ""


class UnknownStateError(SymcmError, _KeyErrorMessage):
    """A state name that the model does not have."""


class UnknownSymbolError(SymcmError, _KeyErrorMessage):
    """A symbol that is not in the model's alphabet."""


class NotErgodicError(SymcmError, ValueError):
    """The chain has several recurrent classes, so its stationary distribution is not unique."""


class NotUnifilarError(SymcmError, ValueError):
    """A computation that needs a unifilar presentation received a non-unifilar one."""


class NotNumericError(SymcmError, ValueError):
    """A numeric operation (sampling) received a model with free parameters."""


class TooLargeError(SymcmError, ValueError):
    """A computation would exceed an explicit resource cap.

    The message names the cap (a keyword argument) and how to raise it.
    """


class BudgetExceededError(UndecidableError, TooLargeError):
    """A question was left undecided because an explicit budget (a cap) ran out.

    Both an :class:`UndecidableError` (symcm refuses to guess) and a
    :class:`TooLargeError` (the message names the cap, e.g.
    ``max_sign_boxes=4096``, and how to raise it): a larger budget, a smaller
    domain or substituted values may decide it.
    """


class MachineFileError(SymcmError, ValueError):
    """A machine file (TOML/JSON/YAML) is malformed or contains forbidden text.

    Attributes
    ----------
    path : str or None
        The file, when the text came from a file.
    line : int or None
        The 1-based line of the offending text, when it is known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        prefix = (":".join(where) + ": ") if where else ""
        super().__init__(prefix + message)
        self.path = path
        self.line = line


class MachineFileNotFoundError(MachineFileError, FileNotFoundError):
    """A machine file to read, or the directory to write one in, does not exist.

    Both a :class:`~symcm.errors.MachineFileError` and the builtin
    ``FileNotFoundError`` (an ``OSError``); ``path`` is the file.
    """


class MachineFileIsADirectoryError(MachineFileError, IsADirectoryError):
    """The path of a machine file to read or write is a directory.

    Both a :class:`~symcm.errors.MachineFileError` and the builtin
    ``IsADirectoryError`` (an ``OSError``); ``path`` is the path given.
    """


class MissingDependencyError(SymcmError, ImportError):
    """An optional dependency needed for this operation is not installed.

    The message names the extra to install, e.g. ``pip install "symcm[yaml]"``.
    """


class InfiniteStatesError(TooLargeError):
    """A construction of states (mixed states, causal states) did not close within its cap.

    The process may have infinitely many causal states (the simple
    nonunifilar source does).  The message names the cap, e.g.
    ``max_states=200``, and how many states were explored.
    """


class TexError(SymcmError, RuntimeError):
    """A TeX engine ran but could not compile a document symcm wrote.

    The message carries the end of the TeX log; the ``.tex`` source is kept
    next to the requested output so the problem can be reproduced.
    """
