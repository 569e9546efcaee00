r"""The derivation of a model's measures, as the ``symcm`` command prints it: text, LaTeX rows or JSON.

:func:`derive` runs the exact routines in order (stationary distribution,
state entropy, entropy rate, then the causal-state measures) and never
stops at a measure that cannot be given exactly: an infinite epsilon-machine
or a cap reached is recorded as an :class:`Unavailable` reason (naming the
command-line option that raises the cap) and the derivation goes on.  The
formatters turn the results into lines of text (one line for a reason
shared by several measures; certified enclosures as ``in [lo, hi]``) or a
JSON-ready dict (exact string, LaTeX, decimal and float of each value).
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import sympy as sp

from ..algebra.cases import Cases
from ..causal.bounds import MAX_BELIEFS
from ..causal.measures import entropy_rate, state_entropy
from ..causal.states import MAX_MIXED_STATES
from ..causal.stationary import stationary_distribution
from ..models.hmm import HMM
from .tex_document import _version, _without_advice

__all__ = ["Unavailable", "derive", "text_lines", "json_results"]


class Unavailable(str):
    """A derivation result that could not be obtained: the reason, as a string.

    ``cap`` names the command-line option that would let the derivation go
    further (``--max-mixed-states``, ``--max-beliefs``), or is ``None``.
    """

    cap: str | None = None

    def __new__(cls, reason: str, cap: str | None = None):
        self = super().__new__(cls, f"not available exactly: {reason}")
        self.cap = cap
        return self


def _unavailable(exc: Exception) -> Unavailable:
    """The reason a measure is not available, in one sentence without the library's keyword advice."""
    full = str(exc)
    cap = "--max-beliefs" if "max_beliefs" in full else "--max-mixed-states" if "max_states" in full else None
    text = _without_advice(exc)
    text = text.replace("max_beliefs=", "--max-beliefs=").replace("max_states=", "--max-mixed-states=")
    return Unavailable(text, cap)


def derive(m: HMM, progress: Callable[[str], None] | None = None, *, digits: int = 30,
           max_mixed_states: int = MAX_MIXED_STATES, max_beliefs: int = MAX_BELIEFS) -> list[tuple[str, object]]:
    """The derivation printed by ``symcm derive``: ``(label, result)`` pairs.

    The presentation's stationary distribution and state entropy, then the
    process's measures from its epsilon-machine (``Piecewise`` where the
    causal structure changes).  A measure that cannot be given exactly here
    (infinitely many causal states, or a cap reached) is reported as an
    :class:`Unavailable` reason and the derivation goes on with the others.

    Parameters
    ----------
    m : HMM
        The model.
    progress : callable, optional
        Called with a description before each step.
    digits : int
        Digits of a certified enclosure of ``h_mu`` when it has no finite form.
    max_mixed_states, max_beliefs : int
        Caps on the mixed-state presentation (exact measures) and on the
        beliefs of the entropy-rate enclosure.

    Returns
    -------
    list of (str, object)
        Labels and exact results (sympy objects, :class:`~symcm.causal.bounds.Bounds`
        for certified enclosures, :class:`Unavailable` reasons), in order.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.derivation import derive
    >>> for label, value in derive(sc.processes.binary_markov(*sc.symbols("p q"))):
    ...     print(label, "=", value)
    pi[A] = q/(p + q)
    pi[B] = p/(p + q)
    H[pi] = H(p/(p + q))
    h_mu = p*H(q)/(p + q) + q*H(p)/(p + q)
    C_mu = Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))
    E = Piecewise((0, Eq(p + q, 1)), (-p*H(q)/(p + q) - q*H(p)/(p + q) + H(p/(p + q)), True))
    chi = Piecewise((0, Eq(p + q, 1)), (p*H(q)/(p + q) + q*H(p)/(p + q), True))
    Markov order = Piecewise((0, Eq(p + q, 1)), (1, True))
    cryptic order = Piecewise((0, Eq(p + q, 1)), (1, True))
    """
    from ..causal.complexity import cryptic_order, crypticity, excess_entropy, markov_order, statistical_complexity
    from ..errors import TooLargeError, UndecidableError

    step = progress or (lambda _text: None)
    step("stationary distribution")
    pi = stationary_distribution(m)
    if isinstance(pi, Cases):  # vanishing edges split the chain somewhere: the distribution region by region
        out: list[tuple[str, object]] = [("pi", pi)]
    else:
        out = [(f"pi[{s}]", v) for s, v in pi.items()]
    out.append(("H[pi]", state_entropy(m)))
    step("entropy rate")
    try:
        out.append(("h_mu", entropy_rate(m, digits=digits, max_states=max_mixed_states, max_beliefs=max_beliefs)))
    except (TooLargeError, UndecidableError) as exc:
        out.append(("h_mu", _unavailable(exc)))
    for label, measure in (("C_mu", statistical_complexity), ("E", excess_entropy), ("chi", crypticity),
                           ("Markov order", markov_order), ("cryptic order", cryptic_order)):
        step(label)
        try:
            out.append((label, measure(m, max_states=max_mixed_states)))
        except (TooLargeError, UndecidableError) as exc:
            out.append((label, _unavailable(exc)))
    return out


_TEX_LABELS = {"pi": r"\pi", "H[pi]": r"H[\pi]", "h_mu": r"h_\mu", "C_mu": r"C_\mu", "E": r"\mathbf{E}", "chi": r"\chi",
               "Markov order": r"R", "cryptic order": r"k_\chi"}


def _bounds_text(b, digits: int) -> str:
    """A certified enclosure as text: ``in [lo, hi] (certified)``, both ends to ``digits`` digits, outward."""
    lo = mpmath.nstr(b.lower, digits, strip_zeros=False)
    hi = mpmath.nstr(b.upper, digits, strip_zeros=False)
    return f"in [{lo}, {hi}] (certified enclosure)"


def _numeric(value, digits: int):
    """``value`` to ``digits`` digits as a string, or None when it is not a closed number."""
    if isinstance(value, sp.Basic) and not value.free_symbols and value.is_number and value not in (sp.oo, sp.zoo):
        return str(sp.N(value, digits))
    return None


def text_lines(results, digits: int) -> list[str]:
    """The derivation as lines of text; one line for a reason shared by consecutive unavailable measures."""
    from ..causal.bounds import Bounds

    lines, i = [], 0
    while i < len(results):
        label, value = results[i]
        if isinstance(value, Unavailable):
            labels = [label]
            while i + 1 < len(results) and results[i + 1][1] == value:
                i += 1
                labels.append(results[i][0])
            hint = f" (raise {value.cap} to go further)" if value.cap else ""
            lines.append(f"{', '.join(labels)}: {value}{hint}")
        elif isinstance(value, Bounds):
            lines.append(f"{label} {_bounds_text(value, digits)}")
        else:
            line = f"{label} = {value}"
            number = _numeric(value, digits)
            if number is not None and not (isinstance(value, sp.Basic) and value.is_Rational):
                line += f"  ~ {number}"
            lines.append(line)
        i += 1
    return lines


def json_results(m: HMM, results, digits: int) -> dict:
    """The derivation as a JSON-ready dict: exact strings, LaTeX, floats, enclosures and reasons."""
    from ..causal.bounds import Bounds
    from .printing import latex

    rows = []
    for label, value in results:
        row: dict = {"quantity": label}
        if isinstance(value, Unavailable):
            row.update(available=False, reason=str(value), option=value.cap)
        elif isinstance(value, Bounds):
            row.update(available=True, certified_enclosure=[mpmath.nstr(value.lower, digits),
                                                            mpmath.nstr(value.upper, digits)],
                       float=float(value))
        else:
            number = _numeric(value, digits)
            row.update(available=True, exact=str(value), latex=latex(value),
                       decimal=number, float=float(value) if number is not None else None)
        rows.append(row)
    return {"model": m.name, "states": [str(s) for s in m.states], "alphabet": [str(x) for x in m.alphabet],
            "parameters": {str(k): [str(lo), str(hi)] for k, (lo, hi) in m.domain.items()},
            "results": rows, "symcm": _version()}
