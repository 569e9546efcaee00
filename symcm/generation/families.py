r"""Families of models with free parameters, the objects of the generator computations: towards ``C_g``.

A **generator** of a stationary process ``P`` is any finite edge-labelled
hidden Markov model (:class:`~symcm.models.hmm.HMM`) whose stationary process is
``P``: its word probabilities ``pi T^(w_1) ... T^(w_L) 1`` are ``P(w)`` for
every word ``w``.  The epsilon-machine is the unique *unifilar* minimal one;
dropping unifilarity can lower the memory.  The **generative complexity**

.. math::

    C_g = \inf \{ H[\pi_G] : G \text{ a finite generator of } P \}

satisfies ``E <= C_g <= C_mu`` [LA09, Loe10]: every generator's state
distribution carries the excess entropy ``E = I[past; future]`` (the state is
a statistic of the past and the randomness that made it, and it renders past
and future independent), and the epsilon-machine is a generator.

This module owns the families the search for generators works on.  A
:class:`GeneratorFamily` is a set of edge-labelled models whose
probabilities are rational functions of free parameters (and possibly of
the process parameters): it is valid on the *semialgebraic* region where
every probability lies in ``[0, 1]``, not on a whole box, so it is not an
:class:`~symcm.models.hmm.HMM`; :meth:`GeneratorFamily.at` turns a point of
the region into one.  :func:`general_family` is the most general
``k``-state model, parametrised by stick-breaking products of numbers in
``[0, 1]`` so that every ``k``-state model is a member and every point of
the open unit box is a valid model.  :func:`split_state` builds a
non-minimal generator by splitting a state into two copies with the same
future: the process is unchanged and the state entropy does not decrease.

Which members of a family generate a given process is
:mod:`symcm.generation.conditions`; the least state entropy over a family,
:mod:`symcm.generation.minimisation`; a numeric search for low-entropy
generators, :mod:`symcm.generation.search`.

References
----------
.. [LA09] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient
   for prediction", Complex Sciences, LNICST 4, 265-276 (2009).
.. [Loe10] W. Loehr, *Models of Discrete-Time Stochastic Processes and
   Associated Complexity Measures*, PhD thesis, Universitaet Leipzig (2010).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp

from .. import checks
from ..algebra.domain import symbols as _symbols
from ..algebra.entropy import entropy_of
from ..causal.stationary import stationary_distribution
from ..errors import DomainError, ParameterTypeError, TooLargeError
from ..models.hmm import HMM, as_exact, as_model

__all__ = ["GeneratorFamily", "general_family", "split_state"]

#: Default cap on the free parameters of :func:`general_family` (``states * (|A| states - 1)``):
#: building the family certifies the sign of every edge, which grows fast (45 parameters: 0.5 s;
#: 91: 8 s; 153: 100 s).
MAX_FAMILY_PARAMETERS = 100


def _fmt(s) -> str:
    return repr(s) if isinstance(s, str) else str(s)


class _FrozenDict(dict):
    """A read-only, hashable ``dict`` for the mapping fields of frozen values."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("this mapping is part of an immutable value and cannot be changed")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:
        return hash(tuple(sorted((str(k), str(v)) for k, v in self.items())))

    def __reduce__(self):
        return (_FrozenDict, (dict(self),))


@dataclass(frozen=True)
class GeneratorFamily:
    """A family of edge-labelled models whose probabilities contain free parameters.

    A family is *not* an :class:`~symcm.models.hmm.HMM`: its probabilities are valid
    (in ``[0, 1]``) only on the semialgebraic :attr:`region` of its free
    parameters, not on a whole box.  :meth:`at` turns a point of the region
    into a validated HMM.

    Attributes
    ----------
    states : tuple
        State names.
    alphabet : tuple of str
        Symbols.
    edges : tuple of (source, target, symbol, probability)
        Probabilities are rational functions of :attr:`free` and of the
        process parameters; every row sums to 1 identically.
    free : tuple of sympy.Symbol
        The free parameters that remain.
    bounds : dict
        ``Symbol -> (lo, hi)``: the closed interval of each free parameter.
    domain : dict
        ``Symbol -> (lo, hi)``: the open interval of each process parameter.
    substitution : dict
        How parameters of the original family were solved, ``Symbol -> Expr``.
    nonzero : tuple of sympy.Expr
        Polynomials that must not vanish (denominators of :attr:`substitution`).
    generic : tuple of sympy.Expr
        Polynomials in the process parameters assumed nonzero when the family
        was derived: where one vanishes there may be further generators.
    name : str or None

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.generation.families import GeneratorFamily
    >>> a = sc.symbols("a")
    >>> fam = GeneratorFamily.from_hmm(sc.HMM.from_edges([("A", "A", "0", a), ("A", "A", "1", 1 - a)]), [a])
    >>> fam.free, fam.region
    ((a,), (a >= 0) & (a <= 1) & (1 - a >= 0))
    >>> fam.at({a: sp.Rational(1, 3)}).edges[0].probability
    1/3
    """

    states: tuple
    alphabet: tuple
    edges: tuple
    free: tuple
    bounds: dict
    domain: dict = field(default_factory=dict)
    substitution: dict = field(default_factory=dict)
    nonzero: tuple = ()
    generic: tuple = ()
    name: str | None = None

    def __post_init__(self):
        from .. import checks

        # probabilities, bounds and polynomials go to sympy, which would evaluate text in them
        checks.no_text([e[3] for e in self.edges if isinstance(e, (tuple, list)) and len(e) == 4],
                       "the edge probabilities", where="GeneratorFamily")
        for name in ("bounds", "domain", "substitution"):
            checks.no_text(list(dict(getattr(self, name)).values()), name, where="GeneratorFamily")
        for name in ("nonzero", "generic"):
            checks.no_text(getattr(self, name), name, where="GeneratorFamily")
        for name in ("bounds", "domain", "substitution"):
            object.__setattr__(self, name, _FrozenDict(getattr(self, name)))
        object.__setattr__(self, "edges", tuple(tuple(e) for e in self.edges))
        object.__setattr__(self, "free", tuple(self.free))

    @classmethod
    def from_hmm(cls, m: HMM, free: Iterable[sp.Symbol], *, name: str | None = None) -> GeneratorFamily:
        """The family of ``m`` with the parameters ``free`` free (closed intervals from ``m.domain``)."""
        as_model(m, "GeneratorFamily.from_hmm")
        free = _check_free(m, free, where="GeneratorFamily.from_hmm")
        dom = dict(m.domain.items())
        return cls(
            states=tuple(m.states), alphabet=tuple(m.alphabet),
            edges=tuple((e.source, e.target, e.symbol, e.probability) for e in m.edges),
            free=free, bounds={s: dom[s] for s in free},
            domain={s: b for s, b in dom.items() if s not in free},
            name=name or m.name,
        )

    # --- views --------------------------------------------------------------------
    @property
    def parameters(self) -> tuple:
        """The process parameters (symbols other than :attr:`free`), sorted by name."""
        return tuple(sorted(self.domain, key=lambda s: s.name))

    @property
    def constraints(self) -> tuple:
        """The inequalities and disequations that define :attr:`region`, as sympy relations."""
        out = []
        for s in self.free:
            lo, hi = self.bounds[s]
            out += [sp.GreaterThan(s, lo, evaluate=False), sp.LessThan(s, hi, evaluate=False)]
        for *_, prob in self.edges:
            if prob.free_symbols & set(self.free):
                out.append(sp.GreaterThan(sp.factor(prob), 0, evaluate=False))
        out += [sp.Ne(f, 0) for f in self.nonzero]
        return tuple(out)

    @property
    def region(self) -> sp.Basic:
        """Where the family is a valid model: every probability ``>= 0``, free parameters in their intervals."""
        return sp.And(*self.constraints)

    def __str__(self) -> str:
        lines = [f"GeneratorFamily({self.name + ', ' if self.name else ''}free={self.free})"]
        lines += [f"  {_fmt(s)} -> {_fmt(t)} on {x!r}: {sp.factor(pr)}" for s, t, x, pr in self.edges]
        if self.substitution:
            lines.append("  where " + ", ".join(f"{k} = {sp.factor(v)}" for k, v in self.substitution.items()))
        lines.append("  valid on " + ", ".join(map(str, self.constraints)))
        return "\n".join(lines)

    def latex(self) -> str:
        """The edges as a LaTeX ``array`` (source, target, symbol, probability)."""
        rows = [rf"{s} & {t} & {x} & {sp.latex(sp.factor(pr))} \\" for s, t, x, pr in self.edges]
        return "\\begin{array}{cccl}\n" + "\n".join(rows) + "\n\\end{array}"

    # --- evaluation -----------------------------------------------------------------
    def _values(self, point: Mapping) -> dict:
        by_name = {s.name: s for s in (*self.free, *self.domain)}
        out = {}
        for k, v in dict(point).items():
            sym = by_name.get(k) if isinstance(k, str) else k
            if sym not in by_name.values():
                raise DomainError(f"{k} is not a parameter of this family; parameters: {', '.join(by_name)}")
            out[sym] = as_exact(v, where=f"value of {sym}")
        return out

    def subs(self, point: Mapping, *, domain: Mapping | None = None) -> GeneratorFamily:
        """The family with some parameters (free or process) replaced by values or expressions.

        Process parameters that appear after the substitution keep their
        intervals; new symbols get theirs from ``domain`` (default ``(0, 1)``).

        Examples
        --------
        >>> import symcm as sc
        >>> from symcm.generation.conditions import generator_conditions
        >>> from symcm.generation.families import general_family
        >>> fam, free = general_family(2)
        >>> sub = generator_conditions(fam, sc.processes.binary_markov(*sc.symbols("p q")), free)[0]
        >>> sub.subs({"p": sp.Rational(2, 5), "q": sp.Rational(2, 5)}).parameters
        ()
        """
        values = self._values(point)
        edges = tuple((s, t, x, sp.cancel(pr.subs(values, simultaneous=True))) for s, t, x, pr in self.edges)
        free = tuple(s for s in self.free if s not in values)
        present = set().union(*(pr.free_symbols for *_, pr in edges)) - set(free) if edges else set()
        extra = dict(domain or {})
        new_domain = {s: extra.get(s, self.domain.get(s, (0, 1))) for s in present}
        return GeneratorFamily(
            self.states, self.alphabet, edges, free, {s: self.bounds[s] for s in free},
            new_domain,
            {k: sp.cancel(v.subs(values)) for k, v in self.substitution.items()},
            tuple(f for f in (sp.expand(f.subs(values)) for f in self.nonzero) if f.free_symbols),
            tuple(f for f in (sp.expand(f.subs(values)) for f in self.generic) if f.free_symbols),
            self.name,
        )

    def contains(self, point: Mapping) -> bool:
        """Whether a point (values for all free parameters) lies in :attr:`region` (exact).

        Process parameters must be given values too, unless the family has none.
        """
        values = self._values(point)
        missing = [s for s in (*self.free, *self.domain) if s not in values]
        if missing:
            raise DomainError(f"contains() needs values for {', '.join(map(str, missing))}")
        for s in self.free:
            lo, hi = self.bounds[s]
            if not lo <= values[s] <= hi:
                return False
        for f in self.nonzero:
            if f.subs(values) == 0:
                return False
        for *_, prob in self.edges:
            num, den = sp.fraction(sp.cancel(prob))
            d = den.subs(values)
            if d == 0 or num.subs(values) / d < 0:
                return False
        return True

    def at(self, point: Mapping, *, name: str | None = None) -> HMM:
        """The validated :class:`~symcm.models.hmm.HMM` at a point (edges of probability 0 dropped).

        Raises
        ------
        NegativeProbabilityError, DomainError
            The point is outside the region.
        """
        values = self._values(point)
        missing = [s for s in self.free if s not in values]
        if missing:
            raise DomainError(f"at() needs values for the free parameters {', '.join(map(str, missing))}")
        for f in self.nonzero:
            if sp.expand(f.subs(values)) == 0:
                raise DomainError(f"the family is undefined where {f} = 0, which holds at {values}")
        edges = []
        for s, t, x, prob in self.edges:
            num, den = sp.fraction(sp.cancel(prob))
            d = sp.expand(den.subs(values))
            if d == 0:
                raise DomainError(f"the probability {prob} of edge {_fmt(s)} -> {_fmt(t)} on {x!r} "
                                  f"is undefined at {values}")
            edges.append((s, t, x, sp.cancel(num.subs(values) / d)))
        dom = {k: v for k, v in self.domain.items() if k not in values}
        return HMM.from_edges(edges, states=self.states, alphabet=self.alphabet, domain=dom, name=name)

    def _model(self) -> HMM:
        """The family as an (unvalidated) model on the box of its parameters: for exact formulas only."""
        box = {**{s: _open(b) for s, b in self.bounds.items()}, **self.domain}
        return HMM._derived([tuple(e) for e in self.edges], states=self.states, alphabet=self.alphabet, domain=box)

    def stationary_distribution(self) -> dict:
        """``state -> Expr``: the stationary distribution at a generic point of the family.

        Examples
        --------
        >>> import symcm as sc
        >>> from symcm.generation.conditions import generator_conditions
        >>> from symcm.generation.families import general_family
        >>> p, q = sc.symbols("p q")
        >>> fam, free = general_family(2)
        >>> sub = generator_conditions(fam, sc.processes.binary_markov(p, q), free)[0]
        >>> sub.stationary_distribution()["A"]
        (p*t_A1 + q*t_A0)/(p + q)
        """
        return stationary_distribution(self._model())

    def state_entropy(self) -> sp.Expr:
        """``H[pi]`` at a generic point of the family."""
        return entropy_of(self.stationary_distribution().values())


def _open(bounds: tuple) -> tuple:
    lo, hi = bounds
    return (lo, hi) if lo < hi else (lo - 1, hi + 1)


def _check_free(m: HMM, free, *, where: str = "free") -> tuple:
    if free is None:
        return tuple(m.parameters)
    if isinstance(free, sp.Symbol):
        free = [free]
    if isinstance(free, (str, bytes, Mapping)) or not isinstance(free, Iterable):
        raise ParameterTypeError(f"{where}: free must be a sympy Symbol or an iterable of Symbols, "
                                 f"received {checks.describe(free)}")
    free = tuple(free)
    for s in free:
        if not isinstance(s, sp.Symbol):
            raise ParameterTypeError(f"{where}: free: expected sympy Symbols, received {checks.describe(s)}")
        if s not in m.domain:
            raise DomainError(f"{where}: free: {s} is not a parameter of the family; its parameters are "
                              f"{', '.join(map(str, m.parameters)) or 'none'}")
    return free


def _as_family(family, free) -> GeneratorFamily:
    if isinstance(family, GeneratorFamily):
        if free is not None and tuple(free) != family.free:
            fixed = [s for s in family.free if s not in set(free)]
            if fixed:
                raise DomainError(f"free: the family's free parameters are {family.free}; received {tuple(free)}")
        return family
    if isinstance(family, HMM):
        return GeneratorFamily.from_hmm(family, free)
    raise ParameterTypeError(f"expected an HMM or a GeneratorFamily, received {type(family).__name__}")


def _state_names(n: int) -> tuple:
    return tuple(chr(ord("A") + i) for i in range(n)) if n <= 26 else tuple(f"S{i}" for i in range(n))


def _stick(params: Sequence[sp.Expr]) -> list:
    """Stick-breaking: ``k`` numbers in ``[0, 1]`` -> a distribution over ``k + 1`` outcomes."""
    out, rest = [], sp.Integer(1)
    for t in params:
        out.append(rest * t)
        rest = rest * (1 - t)
    return out + [rest]


def general_family(states: int, alphabet: Sequence[str] = ("0", "1"), *, names: Sequence[str] | None = None,
                   max_parameters: int = MAX_FAMILY_PARAMETERS):
    """The most general ``states``-state edge-labelled model, in product parametrisation.

    State ``s`` first emits a symbol, then moves: ``T^(x)[s, t] = Pr(x | s)
    Pr(t | s, x)``.  Both distributions are stick-breaking products of
    parameters in ``[0, 1]``, so every model with ``states`` states is in the
    family and every parameter point in the open unit box is a valid model
    (the family is an :class:`~symcm.models.hmm.HMM` on that box).  With a binary
    alphabet the parameters are ``e_s = Pr(0 | s)`` and, for two states,
    ``t_sx = Pr(A | s, x)``; in general ``e_s{i}`` and ``t_s{x}{j}``.  There
    are ``states * (|A| states - 1)`` parameters.

    Parameters
    ----------
    states : int
    alphabet : sequence of str
    names : sequence of str, optional
        State names (default ``A, B, ...``).
    max_parameters : int, optional
        Cap on the number of parameters ``states * (|A| states - 1)``
        (default :data:`MAX_FAMILY_PARAMETERS`; checked before anything is
        built).

    Returns
    -------
    (HMM, tuple of sympy.Symbol)
        The family and its free parameters (emission parameters first).

    Raises
    ------
    ParameterTypeError, DomainError
        ``states`` not a positive int, a malformed alphabet or names.
    TooLargeError
        More than ``max_parameters`` parameters.

    Examples
    --------
    >>> from symcm.generation.families import general_family
    >>> fam, free = general_family(2)
    >>> free
    (e_A, e_B, t_A0, t_A1, t_B0, t_B1)
    >>> [str(e) for e in fam.edges[:2]]
    ["'A' -> 'A' on '0' (e_A*t_A0)", "'A' -> 'A' on '1' (-e_A*t_A1 + t_A1)"]
    """
    where = "general_family"
    states = checks.integer(states, "states", where=where, minimum=1)
    max_parameters = checks.cap(max_parameters, "max_parameters", where=where)
    if isinstance(alphabet, str) or not isinstance(alphabet, Iterable):
        raise ParameterTypeError(f"{where}: alphabet must be a sequence of str symbols, received "
                                 f"{checks.describe(alphabet)}")
    alpha = tuple(alphabet)
    if not alpha or not all(isinstance(x, str) for x in alpha) or len(set(alpha)) != len(alpha):
        raise ParameterTypeError(f"alphabet: expected distinct str symbols, received {alphabet!r}")
    count = states * (len(alpha) * states - 1)
    if count > max_parameters:
        raise TooLargeError(
            f"{where}: the {states}-state family on {len(alpha)} symbols has {checks.number(count)} parameters, "
            f"more than the cap max_parameters={max_parameters}; pass a larger max_parameters= to build it "
            "(building certifies the sign of every edge: about 8 s for 91 parameters, 100 s for 153)"
        )
    st = tuple(names) if names is not None else _state_names(states)
    if len(st) != states:
        raise ParameterTypeError(f"names: expected {states} state names, received {len(st)}")
    emissions, moves, edges = [], [], []
    for s in st:
        if len(alpha) == 2:
            es = [_symbols(f"e_{s}")] if len(alpha) > 1 else []
        else:
            es = [_symbols(f"e_{s}{i}") for i in range(len(alpha) - 1)]
        emissions += es
        pe = _stick(es)
        for x, px in zip(alpha, pe):
            if states == 2:
                ts = [_symbols(f"t_{s}{x}")]
            else:
                ts = [_symbols(f"t_{s}{x}{j}") for j in range(states - 1)]
            moves += ts
            for t, pt in zip(st, _stick(ts)):
                edges.append((s, t, x, px * pt))
    free = tuple(emissions) + tuple(moves)
    return HMM.from_edges(edges, states=st, alphabet=alpha, name=f"general_family({states})"), free


def split_state(m: HMM, state, fraction=sp.Rational(1, 2), *, names: tuple | None = None) -> HMM:
    """A non-minimal generator of ``m``'s process: ``state`` split into two copies with the same future.

    Every edge into ``state`` is divided between the copies, a fraction
    ``f`` to the first and ``1 - f`` to the second; both copies keep all of
    ``state``'s outgoing edges.  The two copies have the same future, so the
    process is unchanged (the chain on the merged states is the original
    one), and the state entropy does not decrease.  With different
    fractions on different edges the result is typically non-unifilar.

    Parameters
    ----------
    m : HMM
    state
        The state to split.
    fraction : number or mapping, optional
        One fraction strictly between 0 and 1 for all incoming edges, or a
        mapping ``(source, symbol) -> fraction`` in ``[0, 1]`` (missing edges
        get ``1/2``) that leaves each copy at least one incoming edge (not all
        ``0``, not all ``1``).  A copy that no edge enters would be unreachable,
        not a split.
    names : (str, str), optional
        Names of the copies (default ``state + "'"`` and ``state + "''"``).

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.generation.families import split_state
    >>> m = sc.processes.golden_mean(sp.Rational(1, 3))
    >>> g = split_state(m, "A", {("A", "1"): sp.Rational(1, 4), ("B", "1"): sp.Rational(2, 3)})
    >>> len(g.states), sc.is_unifilar(g), sc.same_process(g, m)
    (3, False, True)
    """
    as_model(m, "split_state")
    m.index(state)
    if names is None:
        first, second = f"{state}'", f"{state}''"
    else:
        if isinstance(names, (str, bytes)) or not isinstance(names, (tuple, list)) or len(names) != 2:
            raise ParameterTypeError(f"split_state: names must be a pair (first, second) of new state names, "
                                     f"received {checks.describe(names)}")
        first, second = names
    if first in m.states or second in m.states or first == second:
        raise ParameterTypeError(f"split_state: names: the copies need two new distinct names, "
                                 f"received {first!r}, {second!r}")

    def frac(src, sym):
        f = fraction.get((src, sym), sp.Rational(1, 2)) if isinstance(fraction, Mapping) else fraction
        f = as_exact(f, where="fraction")
        if f.is_number and not 0 <= f <= 1:
            raise DomainError(f"split_state: fraction: expected a number in [0, 1], received {f}")
        return f

    fractions = {(e.source, e.symbol): frac(e.source, e.symbol) for e in m.edges if e.target == state}
    if not isinstance(fraction, Mapping) and fractions and _fraction_is(next(iter(fractions.values())), (0, 1)):
        raise DomainError(f"split_state: fraction must be strictly between 0 and 1 (at 0 or 1 one copy of "
                          f"{state!r} has no incoming edge), received {fraction}")
    for end, copy in ((0, first), (1, second)):
        if fractions and all(_fraction_is(f, (end,)) for f in fractions.values()):
            raise DomainError(f"split_state: fraction is {end} on every edge into {state!r}, so the copy "
                              f"{copy!r} has no incoming edge; received {fraction}")

    out = []
    for e in m.edges:
        sources = [first, second] if e.source == state else [e.source]
        for src in sources:
            if e.target == state:
                f = fractions[(e.source, e.symbol)]
                out += [(src, first, e.symbol, e.probability * f), (src, second, e.symbol, e.probability * (1 - f))]
            else:
                out.append((src, e.target, e.symbol, e.probability))
    order = []
    for s in m.states:
        order += [first, second] if s == state else [s]
    return HMM.from_edges(out, states=order, alphabet=m.alphabet, domain=dict(m.domain.items()),
                          name=f"{m.name} with {state} split" if m.name else None)


def _fraction_is(f, values) -> bool:
    """Whether the exact number ``f`` is one of ``values`` (a symbolic ``f`` is none of them)."""
    return bool(f.is_number) and any(f == v for v in values)

