"""Degenerate points where the chain stops being ergodic: ergodic decompositions.

A model whose chain has one recurrent class has a unique stationary
distribution ``pi`` and so a unique stationary process.  With symbolic
probabilities an edge may **vanish** on part of the domain (its probability
``(2p - 1)**2 / 2`` is zero at ``p = 1/2``); removing it can split the
recurrent class into several.  There the stationary distributions form a
simplex whose vertices are the **ergodic components**, one per recurrent
class ``C``: the stationary distribution supported on ``C`` and the process
it generates [Kemeny & Snell 1960, ch. 5; Gray 2009, ch. 8].  No single
formula is the answer at such a point, and the generic formula would be
wrong there (it may not even be defined).

symcm therefore answers region by region (STYLE.md item 6, "say what you do
not know").  :func:`ergodic_strata` finds the **degenerate strata**: the
components (:mod:`symcm.algebra.varieties`) of the zero sets of the vanishing
edges, followed recursively into their intersections, on which the chain
has *more* recurrent classes than at the generic point.  Where the number of
classes does not grow (an edge vanishes but one class remains, perhaps with
more transient states) the stationary distribution is unique and depends
continuously on the parameters, so the generic formula holds there too and
no case is made.

On each degenerate stratum the answer is an :class:`ErgodicDecomposition`:
the model on that stratum, its recurrent classes, and per class the
quantity asked for (stationary distribution, entropy rate, epsilon-machine,
...) of the ergodic component on that class.  Functions such as
:func:`~symcm.causal.stationary.stationary_distribution` then return a
:class:`~symcm.algebra.cases.Cases` with these decompositions on the degenerate
strata and the generic formula last; when the chain is ergodic on the whole
domain they return their usual type.

References
----------
.. [1] J. G. Kemeny and J. L. Snell, *Finite Markov Chains*, Van Nostrand, 1960.
.. [2] R. M. Gray, *Probability, Random Processes, and Ergodic Properties*,
   2nd ed., Springer, 2009.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.cases import Cases
from ..models.hmm import HMM

__all__ = ["ErgodicDecomposition", "ergodic_strata", "class_model"]


class ErgodicDecomposition:
    """The answer at a point (or stratum) where the chain has several recurrent classes.

    There the stationary process is not unique: every stationary process is
    a mixture of the ergodic components, one per recurrent class.  This
    immutable record lists them with the quantity asked for, computed for
    each component on its own.

    Attributes
    ----------
    quantity : str
        What the values are (``"stationary distribution"``, ``"entropy rate"``,
        ``"epsilon-machine"``, ...).
    model : HMM
        The model on this stratum (the parameters fixed by the stratum's
        equations substituted).
    classes : tuple of tuple
        The recurrent classes of ``model``, each a tuple of states in model
        order.
    values : tuple
        One value per class, in the same order: the quantity for the
        ergodic component on that class (itself a :class:`~symcm.algebra.cases.Cases`
        if it changes inside the stratum).

    Notes
    -----
    Iterating yields ``(class, value)`` pairs.  Equality is by content
    (quantity, model, classes and values).

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> t = (2*p - 1)**2 / 2
    >>> m = sc.HMM.from_edges([("A", "A", "0", 1 - t), ("A", "B", "1", t),
    ...                        ("B", "B", "1", 1 - t), ("B", "A", "0", t)])
    >>> pi = sc.stationary_distribution(m)
    >>> pi
    Cases([
      (Eq(p, 1/2), ErgodicDecomposition('stationary distribution', classes=(('A',), ('B',)), values=({'A': 1, 'B': 0}, {'A': 0, 'B': 1}))),
      (Ne(p, 1/2), {'A': 1/2, 'B': 1/2})
    ])
    >>> dict(pi[0][1])
    {('A',): {'A': 1, 'B': 0}, ('B',): {'A': 0, 'B': 1}}
    """

    __slots__ = ("_quantity", "_model", "_classes", "_values")

    def __init__(self, quantity: str, model: HMM, classes, values):
        classes = tuple(tuple(c) for c in classes)
        values = tuple(values)
        if len(classes) != len(values):
            from ..errors import DomainError

            raise DomainError(f"ErgodicDecomposition: expected one value per class, received {len(classes)} "
                              f"classes and {len(values)} values")
        object.__setattr__(self, "_quantity", str(quantity))
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_classes", classes)
        object.__setattr__(self, "_values", values)

    def __setattr__(self, name, value):
        raise AttributeError("ErgodicDecomposition is immutable")

    @property
    def quantity(self) -> str:
        """What the values are."""
        return self._quantity

    @property
    def model(self) -> HMM:
        """The model on this stratum."""
        return self._model

    @property
    def classes(self) -> tuple:
        """The recurrent classes, each a tuple of states."""
        return self._classes

    @property
    def values(self) -> tuple:
        """One value per class."""
        return self._values

    def __iter__(self):
        return iter(zip(self._classes, self._values))

    def __len__(self) -> int:
        return len(self._classes)

    def keys(self):
        """The classes (so that ``dict(decomposition)`` maps class -> value)."""
        return self._classes

    def __getitem__(self, cls):
        key = tuple(cls) if isinstance(cls, (tuple, list)) else (cls,)
        for c, v in zip(self._classes, self._values):
            if c == key:
                return v
        raise KeyError(f"{cls!r} is not a recurrent class here; the classes are {self._classes}")

    def map(self, func: Callable, quantity: str | None = None) -> ErgodicDecomposition:
        """A decomposition with ``func`` applied to every class's value."""
        return ErgodicDecomposition(quantity or self._quantity, self._model, self._classes,
                                    tuple(func(v) for v in self._values))

    def _key(self):
        vals = tuple(tuple(v.items()) if isinstance(v, dict) else v for v in self._values)
        return (self._quantity, self._model, self._classes, vals)

    def __eq__(self, other) -> bool:
        if not isinstance(other, ErgodicDecomposition):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"ErgodicDecomposition({self._quantity!r}, classes={self._classes!r}, "
                f"values={self._values!r})")

    def _repr_latex_(self) -> str:
        from ..export.printing import latex

        return latex(self, mode="inline")


def class_model(m: HMM, members) -> HMM:
    """The model restricted to one recurrent class (its edges stay inside it).

    The probabilities are already validated, but the restriction is rebuilt
    as a full model so that edges vanishing inside the domain are recorded
    again (the analyses of the class need them).
    """
    keep = set(members)
    edges = [tuple(e) for e in m.edges if e.source in keep]
    free = set().union(*(e[3].free_symbols for e in edges))
    name = f"{m.name} on the class {tuple(members)}" if m.name else None
    return HMM._build(edges, states=[s for s in m.states if s in keep], alphabet=m.alphabet,
                      domain={s: b for s, b in m.domain.items() if s in free}, name=name)


def _prune(cond) -> sp.Basic:
    """``False`` when the equations of a conjunction pin parameters to values that falsify the rest."""
    if cond in (sp.true, sp.false):
        return cond
    parts = cond.args if isinstance(cond, sp.And) else (cond,)
    pins = {c.lhs: c.rhs for c in parts
            if isinstance(c, sp.Eq) and isinstance(c.lhs, sp.Symbol) and not c.rhs.free_symbols}
    if not pins:
        return cond
    rest = [c for c in parts if not (isinstance(c, sp.Eq) and c.lhs in pins and not c.rhs.free_symbols)]
    if sp.And(*(c.subs(pins) for c in rest)) is sp.false:
        return sp.false
    return cond


def _vanishing_components(m: HMM) -> list:
    """Components inside the domain of the zero sets of the irreducible factors of the vanishing edges."""
    from ..algebra.varieties import components

    vanishing = {e for e, _ in m.vanishing_edges}
    factors = []
    for e, pn, _ in m.edge_polynomials():
        if e in vanishing:
            for f, _k in pn.factor_list()[1]:
                f = f.as_expr()
                if f.free_symbols and f not in factors:
                    factors.append(f)
    comps, seen = [], set()
    for f in factors:
        for comp in components([f], m.domain):
            key = (comp.key(), tuple(sorted(map(str, comp.domain.items()))))
            if key not in seen:
                seen.add(key)
                comps.append(comp)
    comps.sort(key=lambda c: (len(c.domain), str(c.condition)))  # lowest-dimensional first
    return comps


def ergodic_strata(m: HMM) -> list[tuple]:
    """Where the number of recurrent classes changes: ``[(condition, model_here, classes), ...]``.

    The conditions are disjoint and cover the domain; the generic stratum
    (``model_here`` is ``m``, ``classes`` its generic recurrent classes) is
    last.  Every other stratum is a region, inside the zero set of some
    vanishing edges, on which the chain has *more* recurrent classes than
    generically; ``model_here`` is the model there (parameters pinned by the
    region's equations substituted) and ``classes`` its recurrent classes,
    the same on the whole region.  A model without vanishing edges has the
    generic stratum only.

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> t = (2*p - 1)**2 / 2
    >>> m = sc.HMM.from_edges([("A", "A", "0", 1 - t), ("A", "B", "1", t),
    ...                        ("B", "B", "1", 1 - t), ("B", "A", "0", t)])
    >>> [(cond, here.parameters, classes) for cond, here, classes in sc.ergodic_strata(m)]
    [(Eq(p, 1/2), (), [('A',), ('B',)]), (Ne(p, 1/2), (p,), [('A', 'B')])]
    """
    as_model(m, "ergodic_strata")
    from .stationary import recurrent_classes

    classes = recurrent_classes(m)
    found: list[tuple] = []
    if m.vanishing_edges:
        for comp in _vanishing_components(m):
            sub = m.subs(comp.substitution, domain=comp.domain)
            for cond, here, cls in ergodic_strata(sub):
                if len(cls) <= len(classes):
                    continue  # one class per generic class: the generic answer holds by continuity
                full = _prune(sp.And(comp.condition, cond, *(sp.Not(c) for c, _, _ in found)))
                if full is not sp.false:
                    found.append((full, here, cls))
    found.append((sp.And(*(sp.Not(c) for c, _, _ in found)), m, classes))
    return found


def by_strata(m: HMM, generic: Callable, per_class: Callable, quantity: str):
    """``generic(m)`` when the chain is ergodic on the whole domain, else ``Cases`` over :func:`ergodic_strata`.

    On each degenerate stratum the value is an :class:`ErgodicDecomposition`
    of ``per_class(class_model)`` over its recurrent classes.  The caller
    has checked that ``m`` has one recurrent class generically.
    """
    strata = ergodic_strata(m)
    if len(strata) == 1:
        return generic(m)
    pairs = []
    for cond, here, classes in strata[:-1]:
        values = [per_class(class_model(here, c), here) for c in classes]
        pairs.append((cond, ErgodicDecomposition(quantity, here, classes, values)))
    pairs.append((strata[-1][0], generic(m)))
    return Cases(pairs)


def has_decomposition(value) -> bool:
    """Whether a result holds an :class:`ErgodicDecomposition` (directly or in a case)."""
    if isinstance(value, ErgodicDecomposition):
        return True
    return isinstance(value, Cases) and any(has_decomposition(v) for v in value.values)


def measure_of(value, func: Callable, quantity: str):
    """A measure of a machine-valued result, case by case.

    ``value`` is what :func:`~symcm.causal.epsilon_machine` returns.  Without
    decompositions this is :func:`symcm.algebra.cases.piecewise` (one expression,
    ``Piecewise`` where the structure changes, the existing contract).  With
    decompositions it is a ``Cases``: each ``ErgodicDecomposition`` mapped class
    by class, every other case ``func`` of its machine.
    """
    from ..algebra.cases import piecewise

    if not has_decomposition(value):
        return piecewise(value, func)

    def one(v):
        if isinstance(v, ErgodicDecomposition):
            return v.map(lambda mach: measure_of(mach, func, quantity), quantity)
        return measure_of(v, func, quantity)

    return Cases((c, one(v)) for c, v in value)
