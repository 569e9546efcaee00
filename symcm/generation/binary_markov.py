r"""The minimal two-state generator of the binary Markov chain, on the whole square.

**Setting.**  :func:`symcm.models.processes.binary_markov` ``(p, q)`` (``p =
Pr(1|0)``, ``q = Pr(0|1)``, ``0 < p, q < 1``, ``D = 1 - p - q``) has
``C_mu = H(q/(p+q))`` off the IID line ``p + q = 1`` and ``C_mu = 0`` on it.
:mod:`symcm.generation.minimisation` derives the two-state generators of the
process (one family: the symbol alone decides the next state) and their least
state entropy ``H[pi]`` by polynomial certificates;
``proofs/minimal_generator.py`` proves it.  This module owns the *answer* as a
function of ``(p, q)``: the minimiser itself, per region, as a
:class:`~symcm.algebra.cases.Cases`.

**The minimiser** (``U = q/((1-p)(p+q))``, ``L = qD/((1-q)(p+q))``).

* ``p + q = 1`` (IID): the one-state biased coin, ``H[pi] = 0 = C_mu``.
* ``p + q > 1`` (``D < 0``, anti-persistent), topology ``N``: ``A -> B on 0
  (1)``, ``B -> B on 0 (1-p)``, ``B -> A on 1 (p+q-1)``, ``B -> B on 1
  (1-q)``; ``pi_A = -D/(p+q)``.  Its mirror image (symbols ``0 <-> 1``,
  ``p <-> q``) attains the same entropy: in this region the minimiser is
  unique only up to that mirror (the equality case of the certificate ``q a + p
  b + D = a e_A + b (1 - e_A) >= 0`` has exactly these two solutions).
* ``p + q < 1`` and ``p <= q`` (persistent), topology ``U``: ``A -> A on 0
  (1-p)``, ``A -> A on 1 (pq/(1-p))``, ``A -> B on 1 (pD/(1-p))``, ``B -> A on
  1 (q/(1-p))``, ``B -> B on 1 (D/(1-p))``; ``pi_A = U``.
* ``p + q < 1`` and ``p > q``, topology ``L``, the mirror image of ``U``:
  ``A -> A on 1 (1-q)``, ``A -> A on 0 (pq/(1-q))``, ``A -> B on 0
  (qD/(1-q))``, ``B -> A on 0 (p/(1-q))``, ``B -> B on 0 (D/(1-q))``;
  ``pi_B = L``.

On ``D > 0``, ``H(U) < H(L)`` exactly when ``(U - L)(U + L - 1) > 0``, and
``U + L - 1 = (p - q)(p + q - 1)/((p - 1)(q - 1)(p + q))`` with ``U > L``:
so ``U`` wins for ``p < q``, ``L`` for ``p > q``, and they tie on the
diagonal ``p = q``, which this module gives to ``U`` (both attain the minimum
there).  Hence the minimal two-state state entropy

.. math::

    C_g^{(2)}(p, q) = \begin{cases}
      0 & p + q = 1, \\
      H\!\left(\frac{p + q - 1}{p + q}\right) & p + q > 1, \\
      H\!\left(\frac{q}{(1 - p)(p + q)}\right) & p + q < 1,\ p \le q, \\
      H\!\left(\frac{q (1 - p - q)}{(1 - q)(p + q)}\right) & p + q < 1,\ p > q,
    \end{cases}

and the savings ``C_mu - C_g^(2)`` are positive exactly off the IID line:
``U > q/(p+q) > L`` and ``-D/(p+q) < min(p, q)/(p+q)`` put the minimiser's
``pi`` strictly farther from ``1/2`` than ``q/(p+q)``.  They are below 1 bit
everywhere (``C_mu <= 1`` and ``C_g^(2) > 0`` off the line) and tend to 1 bit
only at the fair coin ``(1/2, 1/2)``, approached off the line: the gap between
prediction and generation is largest for nearly IID processes, as
[RJMC18]_ found.  :meth:`MinimalBinaryMarkovGenerator.paving` certifies the
sign map by interval analysis (:func:`~symcm.generation.paving.pave`).

Every case's model is checked when the module first builds it: its edge
probabilities are certified positive on its region by
:meth:`~symcm.models.hmm.HMM.from_edges` after the change of variables
``q = (1 - p) s`` (``D > 0``) or ``q = 1 - p s`` (``D < 0``), ``s in (0,
1)``, which maps the unit box onto each triangle.

References
----------
.. [RJMC18] J. B. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield,
   "Prediction and generation of binary Markov processes: Can a finite-state
   fox catch a Markov mouse?", Chaos 28, 013109 (2018), arXiv:1708.00113.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from ..algebra.cases import Cases
from ..algebra.domain import symbols as _symbols
from ..algebra.entropy import H
from ..algebra.numbers import as_exact
from ..causal.complexity import statistical_complexity
from ..checks import describe
from ..errors import DomainError, ParameterTypeError
from ..models.hmm import HMM
from ..models.processes import binary_markov
from .paving import Paving, pave

__all__ = ["MinimalBinaryMarkovGenerator", "minimal_binary_markov_generator"]

_WHERE = "minimal_binary_markov_generator"
LABELS = ("iid", "anti-persistent", "persistent, p <= q", "persistent, p > q")
"""The names of the four regions, in the order of :attr:`MinimalBinaryMarkovGenerator.regions`."""


def topology_edges(p, q) -> dict:
    """The edges of the three minimising topologies ``N``, ``U``, ``L`` at ``(p, q)`` (exact expressions).

    ``L(p, q)`` is ``U(q, p)`` with the symbols ``0`` and ``1`` exchanged.
    """
    d = 1 - p - q
    return {
        "N": [("A", "B", "0", sp.Integer(1)), ("B", "B", "0", 1 - p), ("B", "A", "1", p + q - 1),
              ("B", "B", "1", 1 - q)],
        "U": [("A", "A", "0", 1 - p), ("A", "A", "1", p * q / (1 - p)), ("A", "B", "1", p * d / (1 - p)),
              ("B", "A", "1", q / (1 - p)), ("B", "B", "1", d / (1 - p))],
        "L": [("A", "A", "1", 1 - q), ("A", "A", "0", p * q / (1 - q)), ("A", "B", "0", q * d / (1 - q)),
              ("B", "A", "0", p / (1 - q)), ("B", "B", "0", d / (1 - q))],
    }


@functools.cache
def _certified() -> bool:
    """Certify once that each topology is a valid model on its whole triangle (boxes after a change of variables)."""
    p, s = _symbols("p s")
    for kind, q_of in (("U", (1 - p) * s), ("L", (1 - p) * s), ("N", 1 - p * s)):
        edges = [(a, b, x, sp.cancel(pr.subs(_Q, q_of).subs(_P, p))) for a, b, x, pr in topology_edges(_P, _Q)[kind]]
        m = HMM.from_edges(edges, states=("A", "B"))  # certifies every probability >= 0 on (0, 1)^2, rows sum to 1
        if m.vanishing_edges or len(m.edges) != len(edges):  # pragma: no cover - a proof, not a branch
            raise AssertionError(f"topology {kind} has an edge vanishing inside its region")
    return True


_P, _Q = _symbols("p q")


@functools.cache
def _symbolic() -> tuple:
    """``(label, condition, kind, pi, cmu)`` per region, in the symbols ``_P, _Q``."""
    p, q = _P, _Q
    d = 1 - p - q
    cm = statistical_complexity(binary_markov(p, q))
    generic = [v for v, c in cm.args if c is sp.true] if isinstance(cm, sp.Piecewise) else [cm]
    (cmu,) = generic  # H(p/(p + q)) off the IID line
    return (
        (LABELS[0], sp.Eq(p + q, 1), "coin", sp.Integer(0), sp.Integer(0)),
        (LABELS[1], p + q > 1, "N", -d / (p + q), cmu),
        (LABELS[2], sp.And(p + q < 1, p <= q), "U", q / ((1 - p) * (p + q)), cmu),
        (LABELS[3], sp.And(p + q < 1, p > q), "L", q * d / ((1 - q) * (p + q)), cmu),
    )


def _parameter(value, name: str):
    """A sympy Symbol, or an exact number strictly inside (0, 1)."""
    value = as_exact(value, where=f"{_WHERE}: {name}")
    if isinstance(value, sp.Symbol):
        if value.is_real is False or value.is_positive is False:
            raise DomainError(f"{_WHERE}: the symbol {name} = {value} must be able to take values in (0, 1); "
                              "create it with symcm.symbols")
        return value
    if not (isinstance(value, sp.Expr) and value.is_number):
        raise ParameterTypeError(f"{_WHERE}: {name} must be a sympy Symbol or an exact number in (0, 1), "
                                 f"received {describe(value)}")
    if value.is_real is not True or not (0 < value < 1):
        raise DomainError(f"{_WHERE}: {name} = Pr({'1|0' if name == 'p' else '0|1'}) must lie in the open "
                          f"interval (0, 1), received {value}")
    return value


def _model(kind: str, p, q, name: str) -> HMM:
    """The case's model at ``(p, q)`` (symbols or numbers); validated by from_edges when it has no parameter."""
    if kind == "coin":  # on the line p + q = 1: Pr(0) = q
        if not isinstance(q, sp.Symbol) or q != p:
            zero = q if not isinstance(q, sp.Symbol) or isinstance(p, sp.Symbol) else 1 - p
        else:
            zero = sp.Rational(1, 2)
        edges = [("A", "A", "0", zero), ("A", "A", "1", 1 - zero)]
        states = ("A",)
    else:
        edges = [(a, b, x, sp.cancel(pr)) for a, b, x, pr in topology_edges(p, q)[kind]]
        states = ("A", "B")
    free = sorted(set().union(*(sp.sympify(e[3]).free_symbols for e in edges)), key=lambda s: s.name)
    if not free:
        return HMM.from_edges(edges, states=states, alphabet=("0", "1"), name=name)
    # the probabilities are certified positive on the case's region (_certified), not on the whole box a
    # Domain can describe: build without re-checking them on the box
    return HMM._derived(edges, states=states, alphabet=("0", "1"), domain={s: (0, 1) for s in free}, name=name)


@dataclass(frozen=True, eq=False)
class MinimalBinaryMarkovGenerator:
    r"""The minimal two-state generator of ``binary_markov(p, q)`` and what it saves against ``C_mu``.

    Attributes
    ----------
    p, q : sympy.Expr
        The parameters as given (symbols or exact numbers).
    generator : Cases or HMM
        The minimiser per region (a :class:`~symcm.algebra.cases.Cases` of
        :class:`~symcm.models.hmm.HMM`, in the order of :attr:`regions`, cases
        that cannot hold left out); at numbers, the one validated model.  A
        case's model is valid on its condition (the box its ``domain`` names
        is only the bounding box of the region).
    state_entropy : sympy.Expr
        ``H[pi]`` of the generator in bits: a ``Piecewise`` (or its value).
    savings : sympy.Expr
        ``C_mu - H[pi]``: a ``Piecewise`` (or its value).
    regions : tuple of (str, sympy boolean)
        The four regions, named by :data:`LABELS`, as exact conditions in
        ``p, q`` (after substituting numbers: ``True``/``False``).
    beats_cmu : sympy boolean
        Where ``savings > 0``, exactly: ``p + q != 1``.
    """

    p: sp.Expr
    q: sp.Expr
    generator: object
    state_entropy: sp.Expr
    savings: sp.Expr
    regions: tuple
    beats_cmu: sp.Basic

    @property
    def region(self) -> str | None:
        """The name of the region the point lies in (numbers), or None (symbols)."""
        if isinstance(self.generator, Cases):
            return None
        (label,) = [label for label, cond in self.regions if cond is sp.true]
        return label

    def paving(self, resolution=sp.Rational(1, 64), **options) -> Paving:
        """A certified paving of ``savings > 0`` over the square ``(0, 1)^2`` (:func:`~symcm.generation.paving.pave`).

        Undecided boxes cover the IID line (where ``savings`` drops to 0)
        and the edges of the square (where it tends to 0).  The paving is
        of the whole square in the symbols ``p, q`` of :func:`symcm.symbols`
        unless the record has two distinct symbols.  ``options`` go to
        :func:`~symcm.generation.paving.pave`.
        """
        p, q = (self.p, self.q) if (isinstance(self.p, sp.Symbol) and isinstance(self.q, sp.Symbol)
                                    and self.p != self.q) else (_P, _Q)
        return pave(0, _piecewise(p, q, "savings"), over={p: (0, 1), q: (0, 1)}, resolution=resolution, **options)

    def latex(self) -> str:
        r"""The state entropy as a LaTeX ``cases`` environment, with the savings' sign.

        Examples
        --------
        >>> import symcm as sc
        >>> print(sc.minimal_binary_markov_generator(*sc.symbols("p q")).latex().splitlines()[0])
        C_g^{(2)} = \begin{cases} 0 & p + q = 1 \\
        """
        sub = {_P: self.p, _Q: self.q}
        rows = [rf"{sp.latex(H(_at(pi, sub)))} & {sp.latex(cond)}"
                for (_, cond), (*_, pi, _cmu) in zip(self.regions, _symbolic()) if cond is not sp.false]
        lines = [r"C_g^{(2)} = \begin{cases} " + " \\\\\n".join(rows) + r" \end{cases}"]
        lines.append(rf"\quad C_\mu - C_g^{{(2)}} > 0 \iff {sp.latex(self.beats_cmu)}")
        return "\n".join(lines)


def _at(expr, sub: dict) -> sp.Expr:
    """``expr`` with ``sub`` substituted, factored when that changed it (the symbolic forms are kept)."""
    out = expr.subs(sub)
    return out if out == expr else sp.factor(out)


def _piecewise(p, q, what: str) -> sp.Expr:
    """State entropy or savings as a Piecewise in ``(p, q)`` (symbols or numbers)."""
    sub = {_P: p, _Q: q}
    pieces = []
    for _label, cond, _kind, pi, cmu in _symbolic():
        here = cond.subs(sub)
        if here is sp.false:  # substituting would put H outside [0, 1]
            continue
        pi = _at(pi, sub)
        pieces.append((H(pi) if what == "state_entropy" else cmu.subs(sub) - H(pi), here))
        if here is sp.true:
            break
    pieces[-1] = (pieces[-1][0], sp.true)
    return sp.Piecewise(*pieces)


def minimal_binary_markov_generator(p, q) -> MinimalBinaryMarkovGenerator:
    r"""The minimal two-state generator of ``binary_markov(p, q)``, exactly, on the whole square.

    Minimises the stationary state entropy ``H[pi]`` over every two-state
    edge-labelled HMM that generates the binary Markov chain (``p =
    Pr(1|0)``, ``q = Pr(0|1)``), with ``D = 1 - p - q``:

    .. math::

        C_g^{(2)} = \begin{cases}
          0 & D = 0 \text{ (one state, IID)}, \\
          H\!\left(\frac{-D}{p+q}\right) & D < 0, \\
          H\!\left(\frac{q}{(1-p)(p+q)}\right) & D > 0,\ p \le q, \\
          H\!\left(\frac{q D}{(1-q)(p+q)}\right) & D > 0,\ p > q,
        \end{cases}

    three topologies off the IID line, as found by Ruebeck, James, Mahoney
    and Crutchfield [1]_ (see :mod:`symcm.generation.binary_markov` for the
    models and the proof; the tie ``p = q`` goes to the ``p <= q`` topology).

    Parameters
    ----------
    p, q : sympy.Symbol or number
        Symbols (from :func:`symcm.symbols`) or exact numbers in ``(0, 1)``
        (a float is converted with a ``FloatConversionWarning``, as
        everywhere in symcm); numbers pick the case, ``p`` and ``q`` may be
        the same symbol (the diagonal).

    Returns
    -------
    MinimalBinaryMarkovGenerator
        ``.generator`` (Cases of HMM, or one HMM at numbers),
        ``.state_entropy`` and ``.savings`` (``C_mu - H[pi]``) as Piecewise,
        ``.regions``, ``.beats_cmu`` (``p + q != 1``), ``.paving()`` and
        ``.latex()``.

    Raises
    ------
    DomainError
        A number outside the open interval ``(0, 1)``.
    ParameterTypeError
        Text, bools, containers, or an expression that is neither a symbol
        nor a number.

    References
    ----------
    .. [1] J. B. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield,
       Chaos 28, 013109 (2018), arXiv:1708.00113.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> g = sc.minimal_binary_markov_generator(p, q)
    >>> [label for label, _ in g.regions]
    ['iid', 'anti-persistent', 'persistent, p <= q', 'persistent, p > q']
    >>> g.state_entropy.args[1]
    (H((p + q - 1)/(p + q)), p + q > 1)
    >>> h = sc.minimal_binary_markov_generator(sp.Rational(1, 4), sp.Rational(1, 4))
    >>> h.region, h.state_entropy, h.savings
    ('persistent, p <= q', H(1/3), 1 - H(1/3))
    >>> sc.same_process(h.generator, sc.processes.binary_markov(sp.Rational(1, 4), sp.Rational(1, 4)))
    True
    """
    p = _parameter(p, "p")
    q = _parameter(q, "q")
    _certified()
    sub = {_P: p, _Q: q}
    regions = tuple((label, cond.subs(sub)) for label, cond, *_ in _symbolic())
    beats = sp.Ne(_P + _Q, 1).subs(sub)
    state_entropy = _piecewise(p, q, "state_entropy")
    savings = _piecewise(p, q, "savings")
    pair = f"binary_markov({p}, {q})"
    models = []
    for (label, cond, kind, *_), (_, here) in zip(_symbolic(), regions):
        if here is sp.false:
            continue
        models.append((here, _model(kind, p, q, f"minimal generator of {pair} ({label})")))
    if len(models) == 1 and models[0][0] is sp.true:
        generator = models[0][1]
    else:
        generator = Cases(models)
    return MinimalBinaryMarkovGenerator(p=p, q=q, generator=generator, state_entropy=state_entropy,
                                        savings=savings, regions=regions, beats_cmu=beats)
