r"""Generators of a process and their state entropy: towards the generative complexity ``C_g``.

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

**Generator conditions.**  A model ``G`` with ``k`` states and a model ``M``
with ``n`` recurrent states generate the same process iff their word
probabilities agree on words of length ``k + n - 1`` (see
:mod:`symcm.causal.equivalence`).  With the stationary distribution ``pi`` of ``G``
written as unknowns ``w_s``, the conditions are *polynomial*:

.. math::

    w (T - I) = 0, \quad \sum_s w_s = 1, \quad
    w\, T^{(x_1)} \cdots T^{(x_L)} \mathbf 1 = P(x_1 \dots x_L),
    \quad 1 \le L \le k + n - 1,

where words ending in the last symbol of the alphabet may be left out
(``P(u a) = P(u) - sum_{x != a} P(u x)``).  For a *family* ``G(a, b, ...)``
whose probabilities contain free parameters, :func:`generator_conditions`
solves these equations for the free parameters by **triangular
decomposition**: pick an equation linear in an unknown, ``c u + r = 0``;
branch on ``c != 0`` (substitute ``u = -r/c`` everywhere) and on
``c = r = 0``; split every equation into its irreducible factors and branch
on which factor vanishes; discard branches that force an unknown out of the
open domain or a nonzero quantity (an edge probability, a stationary
weight) to vanish [Wu 1986; Lazard 1991].  Each branch is a
**sub-family**: some parameters expressed as rational functions of the
others.  Each is then *verified* independently (its word probabilities,
computed by symcm, equal the process's identically), so the answer is sound;
it is complete for generic process parameters (the polynomials in the
process parameters that were assumed nonzero are listed in
:attr:`GeneratorFamily.generic`).

**Minimal state entropy in a family.**  The feasible set (all edge
probabilities in ``[0, 1]``) is semialgebraic.  When the stationary
distribution is affine in the free parameters, ``H[pi]`` is concave on every
segment, and when every factor of every edge probability is affine the
feasible set is a union of closed cells of a hyperplane arrangement: the
minimum is then attained at a vertex of the arrangement, and
:func:`minimize_state_entropy` finds it *exactly* by enumerating the
vertices.  Otherwise it returns a certified enclosure of the minimum:
interval branch and bound (``mpmath.iv``) for the lower end, the exact
entropy of the best exactly feasible rational point for the upper end.

**The binary Markov chain** (:func:`symcm.models.processes.binary_markov`, ``p =
Pr(1|0)``, ``q = Pr(0|1)``, ``p + q != 1``).  Solving the conditions for the
most general two-state model (:func:`general_family`: state ``s`` emits
``0`` with probability ``e_s`` and then moves to ``A`` with probability
``t_s0`` after a ``0``, ``t_s1`` after a ``1``) leaves exactly one
two-parameter family: ``t_A0 = t_B0 = a`` and ``t_A1 = t_B1 = b``, i.e. the
*symbol alone* decides where the model goes, and

.. math::

    e_A = \frac{q a - (1 - p) b + (1 - p - q)}{a - b}, \quad
    e_B = \frac{q a - (1 - p) b}{a - b}, \quad
    \pi_A = \frac{q a + p b}{p + q}.

``(a, b) = (1, 0)`` is the epsilon-machine.  ``pi_A`` is affine in
``(a, b)``, so the family's minimal state entropy is exact (a vertex), and
with ``D = 1 - p - q`` the polynomial identities ``q a + p b + D = a e_A +
b (1 - e_A)``, ``q/(1-p) - (q a + p b) = [q (1 - a) + p (a - b) e_B]/(1 -
p)`` and ``(q a + p b) - q D/(1-q) = [p b + q (a - b)(1 - e_A)]/(1 - q)``
(with the symmetry ``(a, b) -> (1 - a, 1 - b)`` that swaps the states) give
the minimum over all two-state generators:

.. math::

    \min H[\pi] = \begin{cases}
    \min\{H(U), H(L)\}, \ U = \frac{q}{(1-p)(p+q)}, \ L = \frac{q D}{(1-q)(p+q)}
        & D > 0, \\
    H\!\left(\frac{-D}{p+q}\right) & D < 0.
    \end{cases}

``U`` and ``L`` lie strictly on either side of ``C_mu``'s ``q / (p + q)``,
and ``-D/(p+q) < min(p, q)/(p+q)``, so **a two-state non-unifilar generator
beats the epsilon-machine everywhere off the IID line** ``p + q = 1``.  The
minimiser has three topologies over parameter space (two mirror images for
``D > 0``, one for ``D < 0``).  On the diagonal ``p = q < 1/2`` the minimum
is ``H(1 / (2 (1 - p)))``, below both ``C_mu = 1`` and Loehr's three-state
generator ``H(1/2 - p, 2p, 1/2 - p)``, in line with [RJMC18], who found that
Loehr's generator is not minimal and that the minimal generator changes
topology across parameter space.  ``proofs/minimal_generator.py`` proves
these statements; a seeded search over three-state generators there finds
nothing below the two-state minimum.

**Generator search.**  :func:`search_generator` looks for ``k``-state
generators of a numeric process with low state entropy: seeded random
restarts of a penalised numeric optimisation (``scipy.optimize``) of
``H[pi] + lambda * sum_w (P_G(w) - P(w))^2``, then an exact *snap*: a model
``G`` generates the process of the epsilon-machine ``M`` whenever some
``k x n`` matrix ``R`` with ``R 1 = 1`` intertwines them, ``T_G^(x) R = R
T_M^(x)`` for every symbol, and ``G`` has one recurrent class (then ``pi_G
R`` is stationary for ``M``, hence ``pi_M``, and ``pi_G T_G^w 1 = pi_G R
T_M^w 1 = pi_M T_M^w 1``).  ``R`` (the futures of ``G``'s states in the
basis of causal-state futures) is estimated, rounded to small-denominator
rationals with exact row sums, and the intertwining equations -- *linear*
in the probabilities of ``G`` -- are solved exactly for a subset of them
with the rest fixed at rounded rationals.  When no ``R`` fits (a state of
``G`` whose future is not a combination of causal-state futures), the
word-probability equations themselves are solved exactly (by
:func:`generator_conditions`) for as many probabilities as their Jacobian
has rank, the others rounded.  A candidate is returned only after
:func:`symcm.same_process` says exactly ``True``.

References
----------
.. [LA09] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient
   for prediction", Complex Sciences, LNICST 4, 265-276 (2009).
.. [Loe10] W. Loehr, *Models of Discrete-Time Stochastic Processes and
   Associated Complexity Measures*, PhD thesis, Universitaet Leipzig (2010).
.. [RJMC18] J. B. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield,
   "Prediction and generation of binary Markov processes: Can a finite-state
   fox catch a Markov mouse?", Chaos 28, 013109 (2018).
.. [Wu86] W.-T. Wu, "Basic principles of mechanical theorem proving in
   elementary geometries", J. Automated Reasoning 2, 221-252 (1986).
.. [Laz91] D. Lazard, "A new method for solving algebraic systems of
   positive dimension", Discrete Applied Mathematics 33, 147-160 (1991).
.. [Upp97] D. R. Upper, *Theory and Algorithms for Hidden Markov Models and
   Generalized Hidden Markov Models*, PhD thesis, UC Berkeley (1997).

Examples
--------
The two-state generators of the binary Markov chain, derived:

>>> import symcm as sc
>>> from symcm.generation.generators import general_family, generator_conditions
>>> p, q = sc.symbols("p q")
>>> fam, free = general_family(2)
>>> [f.free for f in generator_conditions(fam, sc.processes.binary_markov(p, q), free)]
[(t_A0, t_A1)]
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..causal.bounds import Bounds
from ..algebra.domain import symbols as _symbols
from ..algebra.entropy import entropy_of
from ..errors import (
    DomainError,
    MissingDependencyError,
    NegativeProbabilityError,
    NotErgodicError,
    NotNumericError,
    ParameterTypeError,
    TooLargeError,
    UndecidableError,
)
from ..models.hmm import HMM, as_exact
from ..algebra.backends import backend_name, get_backend
from ..algebra.ring import PolyBackend
from ..causal.measures import word_probabilities
from ..algebra.positivity import factor_sign
from ..causal.stationary import recurrent_classes, stationary_distribution

__all__ = [
    "GeneratorFamily",
    "EntropyMinimum",
    "GeneratorSearchResult",
    "general_family",
    "split_state",
    "generator_conditions",
    "minimize_state_entropy",
    "search_generator",
]

#: Default cap on the nodes of the triangular decomposition in :func:`generator_conditions`.
MAX_NODES = 20_000

#: Default cap on the free parameters of :func:`general_family` (``states * (|A| states - 1)``):
#: building the family certifies the sign of every edge, which grows fast (45 parameters: 0.5 s;
#: 91: 8 s; 153: 100 s).
MAX_FAMILY_PARAMETERS = 100

#: Default cap on the ``states`` of :func:`search_generator` (about 2-5 s for 3 states; the
#: optimisation and the exact snapping grow quickly with the number of states).
MAX_SEARCH_STATES = 6

#: The ``scipy.optimize.minimize`` methods :func:`search_generator` accepts (unconstrained ones).
SEARCH_METHODS = ("L-BFGS-B", "BFGS", "CG", "TNC", "SLSQP", "Nelder-Mead", "Powell", "COBYLA", "COBYQA")


class _TriangularSolver:
    """Triangular decomposition of ``{f = 0}`` by linear elimination and factor splitting.

    A branch is a set of equations, a partial solution ``{unknown: (num, den)}``
    in terms of the remaining unknowns and parameters, and the polynomials
    known to be nonzero on the branch (stored as their irreducible factors).
    Leaves are recorded in :attr:`results`; branches where no equation is
    linear in an unknown in :attr:`unsolved`; polynomials in the parameters
    alone that had to vanish for a branch to go on in :attr:`special`.
    """

    def __init__(self, ring: PolyBackend, unknowns, rank: Mapping, boxes: Mapping, nonzero,
                 param_nonzero, max_nodes: int, max_seconds: float | None = None):
        self.R = ring
        self.deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        self.max_seconds = max_seconds
        self.unknowns = frozenset(unknowns)
        self.rank = dict(rank)
        self.boxes = dict(boxes)
        self.param_nonzero = param_nonzero
        self.max_nodes = max_nodes
        self.nonzero0 = list(nonzero)
        self.results: list = []
        self.unsolved: list = []
        self.special: dict = {}
        self.nodes = 0

    def run(self, eqs: list) -> _TriangularSolver:
        nz = self._nonzero_factors(self.nonzero0)
        if nz is not None:
            self._branch(eqs, {}, nz, {})
        return self

    def _nonzero_factors(self, polys) -> dict | None:
        R = self.R
        out = {}
        for f in polys:
            if f == 0:
                return None
            self._check_time()
            for g in R.factors(f):
                if R.used(g) & self.unknowns:
                    g = R.normal(g)
                    out[R.key(g)] = g
        return out

    def _check_time(self) -> None:
        """Raise TooLargeError past ``max_seconds`` (checked before each factorisation, the costly step)."""
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise TooLargeError(
                f"the triangular decomposition of the generator conditions exceeded max_seconds={self.max_seconds} "
                f"after {self.nodes} branches; pass a larger max_seconds or fix some free parameters"
            )

    def _branch(self, eqs, sol, nonzero, generic):
        R = self.R
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise TooLargeError(
                f"the triangular decomposition of the generator conditions exceeded max_nodes={self.max_nodes} "
                "branches; pass a larger max_nodes, fix some free parameters, or substitute values "
                "for the process parameters"
            )
        self._check_time()
        factored, seen = [], set()
        for f in eqs:
            if f == 0:
                continue
            keep, dropped = [], []
            self._check_time()
            for g in R.factors(f):
                if not (R.used(g) & self.unknowns):
                    g = R.normal(g)
                    if not self.param_nonzero(g):
                        dropped.append(g)
                    continue
                if R.key(g) in nonzero:
                    continue
                keep.append(R.normal(g))
            if not keep:  # the equation cannot hold here (generically in the parameters)
                for g in dropped:
                    self.special[R.key(g)] = g
                return
            k = tuple(sorted(R.key(g) for g in keep))
            if k not in seen:
                seen.add(k)
                factored.append(keep)
            if dropped:
                generic = {**generic, **{R.key(g): g for g in dropped}}
        if not factored:
            self.results.append((dict(sol), generic))
            return
        products = [fs for fs in factored if len(fs) > 1]
        if products:  # f1 * f2 * ... = 0: branch on the first vanishing factor
            fs = min(products, key=lambda fs: (len(fs), sum(R.size(g) for g in fs)))
            others = []
            for gs in factored:
                if gs is fs:
                    continue
                prod = R.one
                for h in gs:
                    prod = prod * h
                others.append(prod)
            nz = nonzero
            for g in sorted(fs, key=R.size):
                self._branch([g] + others, sol, nz, generic)
                nz = {**nz, R.key(g): g}
            return
        eqs = [fs[0] for fs in factored]
        best = None
        for e in eqs:
            for u in R.used(e) & self.unknowns:
                if R.degree(e, u) != 1:
                    continue
                cs = R.coeffs(e, u)
                c, r = cs[1], cs.get(0, R.zero)
                score = (bool(R.used(c) & self.unknowns), self.rank.get(u, 0), R.size(c), R.size(e), u)
                if best is None or score < best[0]:
                    best = (score, e, u, c, r)
        if best is None:
            self.unsolved.append((eqs, dict(sol)))
            return
        _, e, u, c, r = best
        rest = [f for f in eqs if f is not e]
        cfactors = list((self._nonzero_factors([c]) or {}).values())
        # branch c != 0: u = -r / c
        g = R.gcd(r, c)
        num, den = R.exquo(-r, g), R.exquo(c, g)
        new = {v: R.subst_fraction(n, d, u, num, den) for v, (n, d) in sol.items()}
        new[u] = (num, den)
        inside = True
        for v, (n, d) in new.items():
            if v in self.boxes and R.is_const(n) and R.is_const(d):
                lo, hi = self.boxes[v]
                inside = inside and lo < sp.Rational(R.constant(n), R.constant(d)) < hi
        if inside:
            nz = self._nonzero_factors([R.subst(f, u, num, den)[0] for f in list(nonzero.values()) + cfactors])
            if nz is not None:
                self._branch([R.subst(f, u, num, den)[0] for f in rest], new, nz, generic)
        # branches c = 0 (one irreducible factor at a time) and then r = 0
        nz = nonzero
        for g in cfactors:
            if R.key(g) in nz:
                continue
            self._branch(rest + [g, r], sol, nz, generic)
            nz = {**nz, R.key(g): g}


# =====================================================================================
# families of models with free parameters
# =====================================================================================

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
    >>> from symcm.generation.generators import GeneratorFamily
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
        >>> from symcm.generation.generators import general_family, generator_conditions
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
        >>> from symcm.generation.generators import general_family, generator_conditions
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
    >>> from symcm.generation.generators import general_family
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
    >>> from symcm.generation.generators import split_state
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


def _symbol_list(value, name: str, *, where: str) -> tuple:
    """``None`` (no symbols), one sympy Symbol, or an iterable of Symbols, as a tuple."""
    if value is None:
        return ()
    if isinstance(value, sp.Symbol):
        return (value,)
    if isinstance(value, (str, bytes, Mapping, sp.Basic)) or not isinstance(value, Iterable):
        raise ParameterTypeError(f"{where}: {name} must be a sympy Symbol or an iterable of Symbols, "
                                 f"received {checks.describe(value)}")
    out = tuple(value)
    for v in out:
        if not isinstance(v, sp.Symbol):
            raise ParameterTypeError(f"{where}: {name} must hold sympy Symbols, received {checks.describe(v)}")
    return out


def _fraction_is(f, values) -> bool:
    """Whether the exact number ``f`` is one of ``values`` (a symbolic ``f`` is none of them)."""
    return bool(f.is_number) and any(f == v for v in values)


# =====================================================================================
# generator conditions
# =====================================================================================

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


def _irreducible_on_domain(fam: GeneratorFamily) -> bool:
    """Whether every edge is present on the open domain and the support graph is strongly connected."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(fam.states)
    g.add_edges_from((s, t) for s, t, _, _ in fam.edges)
    return nx.is_strongly_connected(g)


def generator_conditions(family, process: HMM, free=None, *, keep=None, max_nodes: int = MAX_NODES,
                         max_seconds: float | None = None, backend: str | None = None) -> list:
    """The sub-families of ``family`` that generate ``process``, solved for the free parameters.

    Parameters
    ----------
    family : HMM or GeneratorFamily
        A model whose probabilities contain free parameters (and possibly
        the process parameters), valid on the open box of its domain.
    process : HMM
        The target process, one recurrent class; its parameters may be
        symbols shared with ``family``.
    free : sequence of sympy.Symbol, optional
        The free parameters of ``family`` (default: its parameters that are
        not parameters of ``process``).
    keep : sequence of sympy.Symbol, optional
        Free parameters to keep as parameters of the sub-families when there
        is a choice (they are eliminated last).
    max_nodes : int
        Cap on the branches of the decomposition.
    max_seconds : float, optional
        Cap on its wall time, checked before each polynomial factorisation
        (the costly step; one factorisation is not interrupted, and setting up
        the equations is not counted).
    backend : {"flint", "sympy"}, optional
        Polynomial arithmetic (default: ``$SYMCM_BACKEND`` if set, else FLINT
        when python-flint is installed, else pure sympy; identical results).

    Returns
    -------
    list of GeneratorFamily
        One per component of the solution set inside the open domain of
        the free parameters, each with :attr:`~GeneratorFamily.substitution`
        (the solved parameters), its remaining :attr:`~GeneratorFamily.free`
        parameters, its :attr:`~GeneratorFamily.region`, and the process
        polynomials assumed nonzero (:attr:`~GeneratorFamily.generic`).
        Empty when no member of the family generates the process (for
        generic process parameters).

    Raises
    ------
    UndecidableError
        Some branch has no equation linear in an unknown (the components
        are not rational); the message lists the remaining equations.
    TooLargeError
        More than ``max_nodes`` branches, or more than ``max_seconds``.
        The general two-state family takes well under a second; the general
        three-state family (15 parameters) is out of reach (no result after
        minutes even at a numeric process): fix some parameters first.
    NotErgodicError
        The process has several recurrent classes.

    Notes
    -----
    Equations (module docstring): ``w (T - I) = 0``, ``sum w = 1`` and
    ``w T^(u) 1 = P(u)`` for the words ``u`` of length ``1 .. k + n - 1``
    not ending in the last symbol, with the stationary weights ``w`` as
    auxiliary unknowns; polynomial arithmetic over ``ZZ`` (FLINT).  Every
    nonzero edge probability and (for a family irreducible on its domain)
    every stationary weight is nonzero on the open domain, which prunes the
    boundary components (those are limits of interior ones or degenerate).
    Each returned family is verified: its word probabilities of length
    ``k + n - 1``, computed by :func:`symcm.word_probabilities` on the
    family, equal the process's identically.  Components lying only on the
    boundary of the free parameters' box are not returned;
    :func:`minimize_state_entropy` works on the closure of each family.

    Examples
    --------
    Which Loehr-type models ``A <-> B <-> C`` generate the symmetric binary
    Markov chain?  Here the family is Loehr's with the stay probability of
    the middle state free:

    >>> import symcm as sc
    >>> from symcm.generation.generators import generator_conditions
    >>> p, s = sc.symbols("p s")
    >>> half = sp.Rational(1, 2)
    >>> fam = sc.HMM.from_edges([
    ...     ("A", "A", "0", 1 - 2*p), ("A", "B", "0", 2*p),
    ...     ("B", "A", "0", half - s/2), ("B", "B", "0", s/2),
    ...     ("B", "B", "1", s/2), ("B", "C", "1", half - s/2),
    ...     ("C", "C", "1", 1 - 2*p), ("C", "B", "1", 2*p)], domain={p: (0, half)})
    >>> [f.substitution for f in generator_conditions(fam, sc.processes.binary_markov(p, p), [s])]
    [{s: 2*p}]
    """
    where = "generator_conditions"
    as_model(process, where, "the process")
    max_nodes = checks.cap(max_nodes, "max_nodes", where=where)
    max_seconds = checks.positive_float(max_seconds, "max_seconds", where=where, allow_none=True)
    keep = _symbol_list(keep, "keep", where=where)
    vanishing = set()
    if isinstance(family, HMM):
        if free is None:
            free = [s for s in family.parameters if s not in process.domain]
        vanishing = {(e.source, e.target, e.symbol) for e, _ in family.vanishing_edges}
        fam = GeneratorFamily.from_hmm(family, free)
    else:
        fam = _as_family(family, free)
    classes = recurrent_classes(process)
    if len(classes) != 1:
        raise NotErgodicError(f"process: expected one recurrent class, found {len(classes)}: {classes}")
    free = fam.free
    stray = {s for *_, pr in fam.edges for s in sp.sympify(pr).free_symbols} - set(free) - set(process.domain)
    if stray:
        raise DomainError(f"the family's parameters {', '.join(sorted(map(str, stray)))} are neither free nor "
                          "parameters of the process; list them in free= or substitute values")
    params = tuple(sorted(set(process.domain) | set(fam.domain), key=lambda s: s.name))
    pdom = dict(fam.domain)
    for sym, (lo, hi) in process.domain.items():  # the intersection of the two domains
        lo0, hi0 = pdom.get(sym, (lo, hi))
        pdom[sym] = (max(lo, lo0), min(hi, hi0))
        if not pdom[sym][0] < pdom[sym][1]:
            raise DomainError(f"the domains of {sym} in the family and the process do not overlap")
    states = fam.states
    weights = tuple(sp.Dummy(f"w_{s}") for s in states)
    gens = weights + free + params
    R = get_backend(gens, backend_name(backend, where="generator_conditions"))
    idx = {g: i for i, g in enumerate(gens)}

    # transition matrices over a common denominator: T^(x) = M^(x) / c
    fracs = {(s, t, x): R.from_rational_function(pr) for s, t, x, pr in fam.edges}
    c = R.one
    for _, d in fracs.values():
        c = R.exquo(c * d, R.gcd(c, d))
    pos = {s: i for i, s in enumerate(states)}
    mats = {x: [dict() for _ in states] for x in fam.alphabet}
    for (s, t, x), (n, d) in fracs.items():
        row = mats[x][pos[s]]
        row[pos[t]] = row.get(pos[t], R.zero) + n * R.exquo(c, d)
    w = [R.from_dict({tuple(1 if j == idx[wt] else 0 for j in range(len(R.gens))): 1}) for wt in weights]
    eqs = [sum(w, R.zero) - R.one]
    for j in range(len(states)):  # w M = c w, column j
        col = R.zero
        for x in fam.alphabet:
            for i in range(len(states)):
                if j in mats[x][i]:
                    col = col + w[i] * mats[x][i][j]
        eqs.append(col - c * w[j])
    n_proc = len(classes[0])
    length = len(states) + n_proc - 1
    last = fam.alphabet[-1] if set(process.alphabet) <= set(fam.alphabet) else None
    targets = {L: word_probabilities(process, L) for L in range(1, length + 1)}

    def walk(prefix, vec):
        if prefix and prefix[-1] != last:
            pn, pd = R.from_rational_function(targets[len(prefix)].get(prefix, 0))
            total = sum(vec, R.zero)
            eqs.append(total * pd - pn * c**len(prefix))
        if len(prefix) == length:
            return
        for x in fam.alphabet:
            nxt = [R.zero] * len(vec)
            for i, v in enumerate(vec):
                if v != 0:
                    for j, t in mats[x][i].items():
                        nxt[j] = nxt[j] + v * t
            walk(prefix + (x,), nxt)

    walk((), w)
    for word, prob in targets[1].items():  # symbols the family cannot emit must have probability 0
        if word[0] not in fam.alphabet:
            eqs.append(R.from_rational_function(prob)[0])

    # nonzero on the open domain: edge probabilities (numerators and denominators), stationary weights
    nonzero = []
    for key, (n, d) in fracs.items():
        nonzero += [d] if key in vanishing else [n, d]
    irreducible = not vanishing and _irreducible_on_domain(fam)
    if irreducible:
        nonzero += w
    keep = set(keep)
    rank = {idx[wt]: 0 for wt in weights}
    rank.update({idx[s]: (2 if s in keep else 1) for s in free})
    boxes = {idx[s]: fam.bounds[s] for s in free}
    boxes.update({idx[wt]: (0, 1) for wt in weights} if irreducible else {})
    pbox = {s: pdom[s] for s in params}

    def param_nonzero(g) -> bool:
        expr = R.to_expr(g)
        syms = sorted(expr.free_symbols, key=lambda s: s.name)
        try:
            return factor_sign(sp.Poly(expr, *syms), {s: pbox[s] for s in syms}).vanishes is False
        except UndecidableError:  # pragma: no cover - undecided: keep it as an assumption
            return False

    solver = _TriangularSolver(R, [idx[g] for g in weights + free], rank, boxes, nonzero, param_nonzero,
                               max_nodes, max_seconds).run(eqs)
    if solver.unsolved:
        named = {wt: sp.Symbol(f"pi_{s}") for wt, s in zip(weights, states)}
        eq_text = "; ".join(f"{sp.factor(R.to_expr(e).subs(named))} = 0" for e in solver.unsolved[0][0])
        raise UndecidableError(
            f"generator_conditions: a component has no equation linear in a free parameter ({eq_text}); "
            "symcm follows rational components only: fix a parameter or substitute values"
        )

    # verify each leaf with symcm's own word probabilities, build the sub-families
    out, seen = [], set()
    for sol, generic in solver.results:
        subst = {}
        for i, (n, d) in sol.items():
            g = gens[i]
            if g in free:
                subst[g] = sp.cancel(R.to_expr(n) / R.to_expr(d))
        if any(gens[i] in weights for i in set(range(len(weights))) - set(sol)):
            continue  # the stationary distribution is not determined: several recurrent classes
        subst = _prefer_early(subst, free)
        edges = tuple((s, t, x, sp.cancel(pr.subs(subst, simultaneous=True))) for s, t, x, pr in fam.edges)
        edges = tuple(e for e in edges if e[3] != 0)
        rest = tuple(s for s in free if s not in subst and any(e[3].has(s) for e in edges))
        dens = []
        for v in subst.values():
            for f, _ in sp.factor_list(sp.denom(v))[1]:
                if f.free_symbols & set(rest) and f not in dens:
                    dens.append(f)
        sub = GeneratorFamily(
            states=fam.states, alphabet=fam.alphabet, edges=edges, free=rest,
            bounds={s: fam.bounds[s] for s in rest}, domain={s: pdom[s] for s in params},
            substitution=subst, nonzero=tuple(dens),
            generic=tuple(sp.factor(R.to_expr(g)) for g in generic.values()),
            name=fam.name,
        )
        key = tuple(sorted((str(e[:3]), str(e[3])) for e in edges))
        if key in seen:
            continue
        if not _verify(sub, process, length):
            continue
        seen.add(key)
        out.append(sub)
    return out


def _prefer_early(subst: dict, free: tuple) -> dict:
    """Rewrite ``v = u`` (``u`` a free parameter listed after ``v``) as ``u = v``: keep the earlier names free."""
    order = {s: i for i, s in enumerate(free)}
    changed = True
    while changed:
        changed = False
        for v, val in list(subst.items()):
            if isinstance(val, sp.Symbol) and val in order and val not in subst and order[val] > order[v]:
                subst = {k: sp.cancel(e.subs(val, v)) for k, e in subst.items() if k != v}
                subst[val] = v
                changed = True
                break
    return subst


def _verify(fam: GeneratorFamily, process: HMM, length: int) -> bool:
    """Whether the family's word probabilities equal the process's identically (exact)."""
    try:
        model = fam._model()
        mine = word_probabilities(model, length)
    except (NotErgodicError, ZeroDivisionError):
        return False
    theirs = word_probabilities(process, length)
    for word in set(mine) | set(theirs):
        if sp.cancel(sp.together(mine.get(word, 0) - theirs.get(word, 0))) != 0:
            return False
    return True


# =====================================================================================
# minimal state entropy in a family
# =====================================================================================

@dataclass(frozen=True, eq=False)
class EntropyMinimum:
    """The minimal state entropy of a family of generators, and where it is attained.

    Attributes
    ----------
    point : dict
        ``Symbol -> Rational``: the minimiser when :attr:`exact`, else the
        best exactly feasible point found (its entropy is :attr:`bounds`'s upper end).
    value : sympy.Expr
        ``H[pi]`` at :attr:`point`, exactly.
    bounds : Bounds
        Certified enclosure of the minimum over the family (``lower ==
        upper`` up to rounding when :attr:`exact`).
    generator : HMM
        The validated model at :attr:`point`.
    method : str
        How the result was obtained, and what is proven.
    exact : bool
        True when :attr:`value` is proven to be the minimum.
    family : GeneratorFamily
        The (sub-)family in which the minimum lies.
    notes : tuple of str
    """

    point: dict
    value: sp.Expr
    bounds: Bounds
    generator: HMM
    method: str
    exact: bool
    family: GeneratorFamily
    notes: tuple = ()

    def __float__(self) -> float:
        return float(self.value.evalf(30))


class _RatFun:
    """A rational function of the free parameters with rational coefficients, evaluated exactly or on boxes."""

    __slots__ = ("expr", "num", "den", "syms")

    def __init__(self, expr, syms):
        self.syms = tuple(syms)
        self.expr = sp.cancel(sp.sympify(expr))
        n, d = sp.fraction(self.expr)
        gens = self.syms or (sp.Dummy(),)
        self.num = {m: Fraction(int(c.p), int(c.q)) for m, c in sp.Poly(n, *gens, domain=sp.QQ).as_dict().items()}
        self.den = {m: Fraction(int(c.p), int(c.q)) for m, c in sp.Poly(d, *gens, domain=sp.QQ).as_dict().items()}

    @staticmethod
    def _poly(coeffs, x):
        total = Fraction(0)
        for m, c in coeffs.items():
            term = c
            for xi, e in zip(x, m):
                if e:
                    term *= xi**e
            total += term
        return total

    def exact(self, x) -> Fraction | None:
        """The value at a rational point, or None where the denominator vanishes."""
        d = self._poly(self.den, x)
        return None if d == 0 else self._poly(self.num, x) / d

    def numerator_at(self, x) -> Fraction:
        return self._poly(self.num, x)

    def denominator_at(self, x) -> Fraction:
        return self._poly(self.den, x)

    @staticmethod
    def _ipoly(coeffs, box):
        iv = mpmath.iv
        total = iv.mpf(0)
        for m, c in coeffs.items():
            term = iv.mpf(c.numerator) / c.denominator
            for xi, e in zip(box, m):
                if e:
                    term = term * xi**e
            total = total + term
        return total

    def interval(self, box):
        """An enclosure on a box of intervals (``[-inf, inf]`` where the denominator may vanish)."""
        iv = mpmath.iv
        d = self._ipoly(self.den, box)
        if d.a <= 0 <= d.b:
            return iv.mpf([-mpmath.inf, mpmath.inf])
        return self._ipoly(self.num, box) / d

    def is_affine(self) -> bool:
        return (all(sum(m) <= 1 for m in self.num) and all(sum(m) == 0 for m in self.den))


def _affine_form(expr, syms):
    """``(a, b)`` with ``expr = a . x + b`` (Fractions), or None if not affine."""
    poly = sp.Poly(sp.expand(expr), *syms, domain=sp.QQ)
    if poly.total_degree() > 1:
        return None
    a = [Fraction(0)] * len(syms)
    b = Fraction(0)
    for m, c in poly.as_dict().items():
        c = Fraction(int(c.p), int(c.q))
        if sum(m) == 0:
            b = c
        else:
            a[m.index(1)] = c
    return tuple(a), b


def _constraint_exprs(constraints, syms) -> list:
    """User constraints as expressions ``g`` meaning ``g >= 0``."""
    out = []
    for c in constraints or ():
        if isinstance(c, (sp.GreaterThan, sp.StrictGreaterThan)):
            out.append(c.lhs - c.rhs)
        elif isinstance(c, (sp.LessThan, sp.StrictLessThan)):
            out.append(c.rhs - c.lhs)
        elif isinstance(c, sp.Basic) and not isinstance(c, sp.logic.boolalg.Boolean):
            out.append(sp.sympify(c))
        else:
            raise ParameterTypeError(
                f"constraints: expected inequalities such as a >= b (or expressions meaning >= 0), received {c!r}"
            )
        stray = out[-1].free_symbols - set(syms)
        if stray:
            raise DomainError(f"constraint {c} involves {', '.join(map(str, stray))}, which are not free parameters")
    return out


def _entropy_value(pi) -> mpmath.mpf:
    """``H`` of exact rationals, to about 40 digits (for ranking candidates)."""
    with mpmath.workdps(45):
        return -sum((mpmath.mpf(x.numerator) / x.denominator) * mpmath.log(mpmath.mpf(x.numerator) / x.denominator, 2)
                    for x in pi if x)


def _plogp_iv(lo, hi):
    """An enclosure of ``-x log2 x`` over ``[lo, hi]`` intersected with ``[0, 1]`` (mpmath interval)."""
    iv = mpmath.iv
    lo, hi = max(lo, mpmath.mpf(0)), min(hi, mpmath.mpf(1))
    if lo > hi:
        return None

    def f(x):
        if x == 0:
            return iv.mpf(0)
        xi = iv.mpf(x)
        return -xi * iv.log(xi) / iv.log(2)

    flo, fhi = f(lo), f(hi)
    low = min(mpmath.mpf(flo.a), mpmath.mpf(fhi.a))
    top = max(mpmath.mpf(flo.b), mpmath.mpf(fhi.b))
    inv_e = 1 / mpmath.e
    if lo <= inv_e <= hi:
        top = mpmath.mpf(1) / (mpmath.e * mpmath.log(2)) * (1 + mpmath.mpf(2) ** (-iv.prec + 8))
    return low, top


class _Problem:
    """A family at numeric process parameters, as exact/interval-evaluable pieces."""

    def __init__(self, fam: GeneratorFamily, constraints):
        self.fam = fam
        self.syms = fam.free
        self.bounds = [tuple(Fraction(int(sp.Rational(v).p), int(sp.Rational(v).q)) for v in fam.bounds[s])
                       for s in self.syms]
        self.edges = [_RatFun(pr, self.syms) for *_, pr in fam.edges]
        pi = fam.stationary_distribution()
        self.states = fam.states
        self.pi = [_RatFun(pi[s], self.syms) for s in fam.states]
        self.user = [_RatFun(g, self.syms) for g in _constraint_exprs(constraints, self.syms)]
        self.nonzero = [_RatFun(f, self.syms) for f in fam.nonzero]
        # the irreducible factors that bound the feasible set
        facs = {}
        for expr in [pr for *_, pr in fam.edges] + [g.expr for g in self.user] + list(fam.nonzero):
            n, d = sp.fraction(sp.cancel(expr))
            for part in (n, d):
                for f, _ in sp.factor_list(part, *self.syms)[1] if self.syms else []:
                    if f.free_symbols & set(self.syms):
                        facs[sp.expand(f)] = None
        for s, (lo, hi) in zip(self.syms, self.bounds):
            facs[s - sp.Rational(lo.numerator, lo.denominator)] = None
            facs[s - sp.Rational(hi.numerator, hi.denominator)] = None
        self.factors = list(facs)

    def feasible(self, x) -> bool | None:
        """Exact feasibility of a rational point; None where some probability is undefined."""
        for xi, (lo, hi) in zip(x, self.bounds):
            if not lo <= xi <= hi:
                return False
        for f in self.nonzero:
            if f.numerator_at(x) == 0:
                return None
        for g in self.user:
            v = g.exact(x)
            if v is None:
                return None
            if v < 0:
                return False
        for e in self.edges:
            v = e.exact(x)
            if v is None:
                return None
            if v < 0 or v > 1:
                return False
        return True

    def pi_at(self, x) -> list | None:
        vals = [r.exact(x) for r in self.pi]
        return None if any(v is None for v in vals) else vals

    def point(self, x) -> dict:
        return {s: sp.Rational(v.numerator, v.denominator) for s, v in zip(self.syms, x)}

    def single_class(self, x) -> bool:
        """Whether the model at a feasible point has one recurrent class (so its process is defined)."""
        return len(recurrent_classes(self.fam.at(self.point(x)))) == 1


def _solve_linear(rows) -> tuple | None:
    """The unique solution of ``a . x + b = 0`` for the given ``(a, b)`` rows (Fractions), or None."""
    k = len(rows)
    m = [list(a) + [-b] for a, b in rows]
    for col in range(k):
        piv = next((r for r in range(col, k) if m[r][col] != 0), None)
        if piv is None:
            return None
        m[col], m[piv] = m[piv], m[col]
        for r in range(k):
            if r != col and m[r][col] != 0:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[col])]
    return tuple(m[i][k] / m[i][i] for i in range(k))


def _sector_points(v, planes, others):
    """Rational points near ``v`` (2 free parameters), one inside each open sector cut by the lines through ``v``."""
    rays = []
    for a, _ in planes:
        d = (-a[1], a[0])
        rays += [d, (-d[0], -d[1])]
    uniq = {}
    for r in rays:
        uniq[math.atan2(float(r[1]), float(r[0]))] = r
    order = [uniq[k] for k in sorted(uniq)]
    dirs = []
    if len(order) == 2:  # a single line: the two half-planes
        a = planes[0][0]
        dirs = [a, (-a[0], -a[1])]
    else:
        for r1, r2 in zip(order, order[1:] + order[:1]):
            dirs.append((r1[0] + r2[0], r1[1] + r2[1]))
    out = []
    for d in dirs:
        eps = Fraction(1)
        for a, b in others:
            slope = a[0] * d[0] + a[1] * d[1]
            val = a[0] * v[0] + a[1] * v[1] + b
            if slope != 0 and val != 0:
                eps = min(eps, abs(val / slope) / 2)
        out.append((v[0] + eps * d[0], v[1] + eps * d[1]))
    return out


def _vertex_minimum(prob: _Problem, max_vertices: int):
    """Exact minimum over the vertices of the hyperplane arrangement (affine case)."""
    k = len(prob.syms)
    planes = {}
    for f in prob.factors:
        form = _affine_form(f, prob.syms)
        a, b = form
        scale = next(c for c in a if c != 0)
        planes[(tuple(c / scale for c in a), b / scale)] = None
    planes = list(planes)
    count = math.comb(len(planes), k)
    if count > max_vertices:
        raise TooLargeError(f"{count} vertex candidates exceed max_vertices={max_vertices}; pass a larger "
                            "max_vertices or fix some free parameters")
    feasible, poles, seen = [], [], set()
    for subset in itertools.combinations(planes, k):
        x = _solve_linear(subset)
        if x is None or x in seen:
            continue
        seen.add(x)
        ok = prob.feasible(x)
        pi = prob.pi_at(x)
        if pi is None or any(w < 0 for w in pi):
            continue
        val = _entropy_value(pi)
        if ok is None:
            poles.append((val, x))
        elif ok:
            feasible.append((val, x))
    notes = []
    best = None
    for val, x in sorted(feasible):
        if prob.single_class(x):
            best = (val, x)
            break
        notes.append(f"at the vertex {prob.point(x)} the model has several recurrent classes; skipped")
    if best is not None:
        for val, x in poles:  # an undefined vertex in the closure of the feasible set would make inf < min
            if val >= best[0] - mpmath.mpf(10) ** -35:
                continue
            through = [(a, b) for a, b in planes if sum(ai * xi for ai, xi in zip(a, x)) + b == 0]
            others = [(a, b) for a, b in planes if (a, b) not in through]
            if k == 1:
                near = []
                for sgn in (1, -1):
                    eps = min([abs((a[0] * x[0] + b) / a[0]) / 2 for a, b in others if a[0] != 0
                               and a[0] * x[0] + b != 0] + [Fraction(1, 2)])
                    near.append((x[0] + sgn * eps,))
            elif k == 2:
                near = _sector_points(x, through, others)
            else:
                notes.append(f"the family is undefined at the vertex {prob.point(x)}, whose entropy would be lower; "
                             "symcm did not decide whether it is a limit of feasible points")
                continue
            if any(prob.feasible(y) for y in near):
                notes.append(f"the infimum {mpmath.nstr(val, 15)} is approached near {prob.point(x)}, where the "
                             "family is undefined; the value reported is the least over points where it is defined")
    return best, notes


def _candidate_points(prob: _Problem, max_subsets: int = 2000) -> list:
    """Rational points where ``k`` of the boundary factors vanish (solved exactly where rational)."""
    k = len(prob.syms)
    R = get_backend(prob.syms, backend_name(where="minimize_state_entropy"))
    polys = [R.from_expr(f)[0] for f in prob.factors]
    out = []
    for n_sub, subset in enumerate(itertools.combinations(polys, k)):
        if n_sub >= max_subsets:
            break
        try:
            solver = _TriangularSolver(R, range(k), {}, {}, [], lambda g: False, 200).run(list(subset))
        except TooLargeError:  # pragma: no cover - tiny systems
            continue
        for sol, _ in solver.results:
            if len(sol) == k and all(R.is_const(n) and R.is_const(d) for n, d in sol.values()):
                out.append(tuple(Fraction(R.constant(sol[i][0]), R.constant(sol[i][1])) for i in range(k)))
    return out


def _branch_and_bound(prob: _Problem, best, tol, max_boxes: int):
    """Certified lower bound of min H[pi] over the feasible set; improves ``best`` with feasible box centres."""
    iv = mpmath.iv
    k = len(prob.syms)

    def lower(box):
        ibox = []
        for lo, hi in box:  # outward-rounded enclosure of [lo, hi]
            left, right = iv.mpf(lo.numerator) / lo.denominator, iv.mpf(hi.numerator) / hi.denominator
            ibox.append(iv.mpf([left.a, right.b]))
        for e in prob.edges:
            val = e.interval(ibox)
            if val.b < 0 or val.a > 1:
                return None  # certainly infeasible
        for g in prob.user:
            val = g.interval(ibox)
            if val.b < 0:
                return None
        total = mpmath.mpf(0)
        for r in prob.pi:
            val = r.interval(ibox)
            rng = _plogp_iv(mpmath.mpf(val.a), mpmath.mpf(val.b))
            if rng is None:
                return None
            total += rng[0]
        return total

    def consider(x):
        nonlocal best
        if prob.feasible(x):
            pi = prob.pi_at(x)
            if pi is not None and all(w >= 0 for w in pi):
                val = _entropy_value(pi)
                if (best is None or val < best[0]) and prob.single_class(x):
                    best = (val, x)

    root = [tuple(b) for b in prob.bounds]
    heap = []
    counter = itertools.count()
    lb = lower(root)
    if lb is not None:
        heapq.heappush(heap, (lb, next(counter), root))
    processed = 0
    global_lower = mpmath.inf if not heap else heap[0][0]
    while heap:
        global_lower = heap[0][0]
        if best is not None and best[0] - global_lower <= tol:
            break
        if processed >= max_boxes:
            break
        lb, _, box = heapq.heappop(heap)
        processed += 1
        if best is not None and lb > best[0]:
            continue
        consider(tuple((lo + hi) / 2 for lo, hi in box))
        axis = max(range(k), key=lambda i: box[i][1] - box[i][0])
        lo, hi = box[axis]
        mid = (lo + hi) / 2
        for part in ((lo, mid), (mid, hi)):
            child = list(box)
            child[axis] = part
            child = tuple(child)
            clb = lower(child)
            if clb is not None and (best is None or clb <= best[0]):
                heapq.heappush(heap, (clb, next(counter), child))
    if not heap:
        global_lower = best[0] if best is not None else mpmath.inf
    return best, global_lower, processed


def _finish(prob: _Problem, x, method: str, exact: bool, lower, notes) -> EntropyMinimum:
    point = prob.point(x)
    gen = prob.fam.at(point)
    value = entropy_of(stationary_distribution(gen).values())
    iv = mpmath.iv
    saved = iv.prec
    try:
        iv.dps = 40
        pi = prob.pi_at(x)
        enc = sum((_plogp_iv(mpmath.mpf(w.numerator) / w.denominator, mpmath.mpf(w.numerator) / w.denominator)
                   for w in pi), ())
        hi = sum(enc[1::2])
        lo = sum(enc[0::2]) if exact else min(lower, sum(enc[0::2]))
    finally:
        iv.prec = saved
    return EntropyMinimum(point, value, Bounds(lo, hi, note=method), gen, method, exact, prob.fam, tuple(notes))


def minimize_state_entropy(family, free=None, constraints=None, process: HMM | None = None, *,
                           tolerance: float = 1e-9, max_boxes: int = 20_000,
                           max_vertices: int = 200_000) -> EntropyMinimum:
    """The least state entropy ``H[pi]`` over a family of models, exactly where possible.

    Parameters
    ----------
    family : HMM, GeneratorFamily or list of GeneratorFamily
        The family (e.g. from :func:`general_family` or :func:`generator_conditions`).
    free : sequence of sympy.Symbol, optional
        Its free parameters (default: all parameters that are not the process's).
    constraints : sequence of sympy relations, optional
        Extra constraints on the free parameters, such as ``a >= b``
        (strict inequalities are read as their closure).
    process : HMM, optional
        When given, minimise only over the members that generate it: the
        family is first reduced with :func:`generator_conditions`.
    tolerance : float
        Target width of the certified enclosure when the minimum is not exact.
    max_boxes : int
        Cap on the boxes of the branch and bound.
    max_vertices : int
        Cap on the vertex candidates of the exact path.

    Returns
    -------
    EntropyMinimum
        Minimiser, value, enclosure, the validated generator at the
        minimiser, and ``method``: ``"exact: vertex enumeration ..."`` or
        ``"certified bounds: ..."``.

    Raises
    ------
    NotNumericError
        The family depends on parameters other than the free ones:
        substitute values (``family.subs({...})``) first.
    DomainError
        No member of the family is feasible (or generates the process).

    Notes
    -----
    *Exact path.*  When the stationary distribution is affine in the free
    parameters (then ``H[pi]`` is concave on every segment) and every
    irreducible factor of every edge probability and constraint is affine
    (then the sign pattern, hence feasibility, is constant on each open cell
    of the arrangement of those hyperplanes and of the box faces), the
    minimum over each closed feasible cell -- a polytope -- is attained at
    one of its vertices.  All ``C(m, k)`` intersections of ``k`` of the
    ``m`` hyperplanes are enumerated with exact rational arithmetic.  A
    vertex where the family is undefined (a vanishing denominator) but which
    would beat the others is reported in ``notes`` if feasible points
    approach it (decided exactly for ``k <= 2``).

    *Certified path.*  Otherwise the points where ``k`` boundary factors
    vanish are solved exactly where they are rational (candidate
    minimisers), and interval branch and bound (``mpmath.iv``) over the box
    of the free parameters proves a lower bound: boxes on which some edge
    probability is certainly negative are dropped, the others bound
    ``-sum pi log2 pi`` from the interval enclosure of ``pi``.  The upper
    end is the exact entropy of the best exactly feasible rational point.

    Examples
    --------
    The best two-state generator of ``binary_markov(2/5, 2/5)`` beats
    ``C_mu = 1`` (and Loehr's ``H(1/10, 4/5, 1/10) = 0.92``):

    >>> import symcm as sc
    >>> from symcm.generation.generators import general_family, minimize_state_entropy
    >>> fam, free = general_family(2)
    >>> r = minimize_state_entropy(fam, free, process=sc.processes.binary_markov(sp.Rational(2, 5), sp.Rational(2, 5)))
    >>> r.value, r.exact, sc.stationary_distribution(r.generator)
    (H(1/6), True, {'A': 1/6, 'B': 5/6})
    """
    where = "minimize_state_entropy"
    if process is not None:
        as_model(process, where, "the process")
    tolerance = checks.positive_float(tolerance, "tolerance", where=where)
    max_boxes = checks.cap(max_boxes, "max_boxes", where=where)
    max_vertices = checks.cap(max_vertices, "max_vertices", where=where)
    if isinstance(constraints, sp.Basic):
        constraints = (constraints,)
    elif constraints is not None:
        if isinstance(constraints, (str, bytes, Mapping)) or not isinstance(constraints, Iterable):
            raise ParameterTypeError(f"{where}: constraints must be a sequence of sympy relations such as a >= b, "
                                     f"received {checks.describe(constraints)}")
        constraints = tuple(constraints)
        for c in constraints:
            if not isinstance(c, sp.Basic) or isinstance(c, sp.logic.boolalg.BooleanAtom):
                raise ParameterTypeError(f"{where}: constraints must hold sympy relations such as a >= b, "
                                         f"received {checks.describe(c)}")
    if process is not None:
        families = generator_conditions(family, process, free)
        if not families:
            raise DomainError(f"no member of the family generates {process.name or 'the process'} "
                              "(for generic values of its parameters)")
    elif isinstance(family, (list, tuple)):
        families = list(family)
    else:
        families = [_as_family(family, free)]
    results, notes = [], []
    for fam in families:
        if not isinstance(fam, GeneratorFamily):
            raise ParameterTypeError(f"expected GeneratorFamily items, received {type(fam).__name__}")
        if fam.domain:
            raise NotNumericError(
                f"minimize_state_entropy needs numeric process parameters; the family depends on "
                f"{', '.join(map(str, fam.parameters))}: substitute values first (family.subs({{...}}))"
            )
        res = _minimize_one(fam, constraints, tolerance, max_boxes, max_vertices)
        if res is None:
            notes.append(f"no feasible member in the sub-family with free parameters {fam.free}")
            continue
        results.append(res)
    if not results:
        raise DomainError("no member of the family is feasible (all probabilities in [0, 1]): " + "; ".join(notes))
    best = min(results, key=lambda r: (r.bounds.upper, not r.exact))
    lower = min(r.bounds.lower for r in results)
    exact = all(r.exact for r in results) and best.bounds.lower <= lower
    if len(results) > 1:
        best = EntropyMinimum(best.point, best.value, Bounds(lower, best.bounds.upper, note=best.method),
                              best.generator, best.method, exact, best.family, best.notes + tuple(notes))
    return best


def _minimize_one(fam: GeneratorFamily, constraints, tolerance, max_boxes, max_vertices):
    prob = _Problem(fam, constraints)
    if not prob.syms:
        x = ()
        if not prob.feasible(x):
            return None
        return _finish(prob, x, "exact: the family is a single model", True, None, ())
    affine = all(r.is_affine() for r in prob.pi) and all(_affine_form(f, prob.syms) for f in prob.factors)
    if affine:
        best, notes = _vertex_minimum(prob, max_vertices)
        if best is None:
            return None
        method = ("exact: vertex enumeration (pi is affine in the free parameters, so H[pi] is concave on "
                  "segments, and the feasible set is a union of cells of a hyperplane arrangement; the "
                  "minimum over each closed cell is at a vertex)")
        return _finish(prob, best[1], method, True, None, notes)
    best = None
    for x in _candidate_points(prob):
        if prob.feasible(x):
            pi = prob.pi_at(x)
            if pi is not None and all(w >= 0 for w in pi):
                val = _entropy_value(pi)
                if (best is None or val < best[0]) and prob.single_class(x):
                    best = (val, x)
    iv = mpmath.iv
    saved = iv.prec
    try:
        iv.dps = 30
        best, lower, boxes = _branch_and_bound(prob, best, mpmath.mpf(tolerance), max_boxes)
    finally:
        iv.prec = saved
    if best is None:
        return None
    method = (f"certified bounds: interval branch and bound over {boxes} boxes (mpmath.iv) for the lower end, "
              "exact entropy of the best exactly feasible rational point for the upper end")
    return _finish(prob, best[1], method, False, lower, ())


# =====================================================================================
# generator search
# =====================================================================================

@dataclass(frozen=True, eq=False)
class GeneratorSearchResult:
    """The outcome of :func:`search_generator`.

    Attributes
    ----------
    generator : HMM
        An exact generator of the process (checked with :func:`symcm.same_process`).
    state_entropy : sympy.Expr
        Its ``H[pi]``, exactly: an upper bound on the generative complexity ``C_g``.
    statistical_complexity : sympy.Expr
        ``C_mu`` of the process (``C_g <= C_mu``).
    excess_entropy : sympy.Expr
        ``E`` of the process (``E <= C_g``).
    found : bool
        True when the search found a ``states``-state generator with
        ``H[pi] <= C_mu``; False when it returns the epsilon-machine instead.
    states : int
        The number of states searched.
    seed : int
    diagnostics : dict
        Restarts, numeric optima, snapping attempts, timings.
    """

    generator: HMM
    state_entropy: sp.Expr
    statistical_complexity: sp.Expr
    excess_entropy: sp.Expr
    found: bool
    states: int
    seed: int
    diagnostics: dict

    @property
    def state_entropy_float(self) -> float:
        """``H[pi]`` as a float."""
        return float(self.state_entropy.evalf(30))

    @property
    def beats_statistical_complexity(self) -> bool:
        """Whether ``H[pi] < C_mu`` (decided at 50 digits; exact ties are equal expressions)."""
        if sp.simplify(self.state_entropy - self.statistical_complexity) == 0:
            return False
        return bool(self.state_entropy.evalf(50) < self.statistical_complexity.evalf(50))

    def __repr__(self) -> str:
        return (f"GeneratorSearchResult(states={len(self.generator.states)}, H={self.state_entropy} "
                f"~ {self.state_entropy_float:.6f}, C_mu={self.statistical_complexity}, "
                f"E={self.excess_entropy}, found={self.found}, seed={self.seed})")


def _float_matrices(m: HMM):
    import numpy as np

    n = len(m.states)
    mats = np.zeros((len(m.alphabet), n, n))
    for e in m.edges:
        mats[m.alphabet.index(e.symbol), m.index(e.source), m.index(e.target)] += float(e.probability)
    return mats


def _np_stationary(T):
    import numpy as np

    k = T.shape[0]
    A = T.T - np.eye(k)
    A[-1, :] = 1.0
    b = np.zeros(k)
    b[-1] = 1.0
    try:
        pi = np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        pi = np.linalg.lstsq(A, b, rcond=None)[0]
    return pi


class _Objective:
    """``H[pi] + lambda * sum_w (P_G(w) - P(w))^2`` over softmax logits, with its exact gradient (numpy).

    Rows of ``G`` are ``softmax(theta_i)`` over the pairs (symbol, next state),
    so every ``theta`` is a valid model with all probabilities positive (the
    chain is irreducible and ``pi > 0``).  The gradient is obtained by
    reverse-mode differentiation through the word-probability recursion
    ``alpha_{wx} = alpha_w T^(x)`` and through the linear solve for ``pi``.
    """

    def __init__(self, targets, k: int, a: int):
        self.targets = targets
        self.k, self.a = k, a

    #: every probability is at least this (keeps the chain irreducible and the solve for pi well posed)
    floor = 1e-12

    def matrices(self, theta):
        import numpy as np

        z = theta.reshape(self.k, self.a * self.k)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        rows = e / e.sum(axis=1, keepdims=True)
        rows = (1.0 - self.floor * rows.shape[1]) * rows + self.floor
        return rows.reshape(self.k, self.a, self.k).transpose(1, 0, 2)

    def _forward(self, theta):
        import numpy as np

        k = self.k
        T = self.matrices(theta)
        A = T.sum(axis=0).T - np.eye(k)
        A[-1, :] = 1.0
        rhs = np.zeros(k)
        rhs[-1] = 1.0
        try:
            pi = np.linalg.solve(A, rhs)
        except np.linalg.LinAlgError:  # pragma: no cover - guarded by the floor
            pi = np.linalg.lstsq(A, rhs, rcond=None)[0]
        alphas = [pi[None, :]]
        mismatch, grads = 0.0, []
        for target in self.targets:
            alphas.append(np.einsum("wi,xij->wxj", alphas[-1], T).reshape(-1, k))
            diff = alphas[-1].sum(axis=1) - target
            mismatch += float(diff @ diff)
            grads.append(2.0 * diff)
        return T, A, pi, alphas, mismatch, grads

    def parts(self, theta):
        import numpy as np

        _, _, pi, _, mismatch, _ = self._forward(theta)
        pc = np.clip(pi, 1e-300, 1.0)
        return float(-(pc * np.log2(pc)).sum()), mismatch, pi

    def mismatch(self, theta):
        """``(mismatch, gradient)``."""
        return self.value_and_grad(theta, None)

    def value_and_grad(self, theta, lam):
        import numpy as np

        k, a = self.k, self.a
        T, A, pi, alphas, mismatch, grads = self._forward(theta)
        pc = np.clip(pi, 1e-300, 1.0)
        h = float(-(pc * np.log2(pc)).sum())
        weight = 1.0 if lam is None else lam
        dT = np.zeros_like(T)
        dalpha = np.zeros_like(alphas[-1])
        for level in range(len(self.targets), 0, -1):
            dalpha = dalpha + weight * grads[level - 1][:, None]
            prev = alphas[level - 1]
            d3 = dalpha.reshape(prev.shape[0], a, k)
            dT += np.einsum("wi,wxj->xij", prev, d3)
            dalpha = np.einsum("wxj,xij->wi", d3, T)
        dpi = dalpha[0]
        if lam is not None:
            dpi = dpi - (np.log2(pc) + 1.0 / np.log(2.0))
        u = np.linalg.solve(A.T, dpi)
        dA = -np.outer(u, pi)
        dA[-1, :] = 0.0
        dT += dA.T[None, :, :]
        scale = 1.0 - self.floor * a * k
        S = (T.transpose(1, 0, 2).reshape(k, a * k) - self.floor) / scale  # the softmax itself
        dS = dT.transpose(1, 0, 2).reshape(k, a * k) * scale
        dz = S * (dS - (dS * S).sum(axis=1, keepdims=True))
        value = weight * mismatch + (h if lam is not None else 0.0)
        return value, dz.reshape(-1)


def _futures(T, length: int):
    """Columns ``T^(w) 1`` for all words of length ``1 .. length`` (numpy)."""
    import numpy as np

    k = T.shape[1]
    cols = []
    level = np.ones((k, 1))
    for _ in range(length):
        level = np.einsum("xij,jw->ixw", T, level).reshape(k, -1)
        cols.append(level)
    return np.concatenate(cols, axis=1)


def _rref_solve(rows, ncols: int, order: list, fixed: dict):
    """Solve ``A t = b`` (Fractions) with the free unknowns set from ``fixed``; None if inconsistent.

    ``order`` is the column order in which pivots are chosen (columns early
    in ``order`` are preferred as pivots, i.e. solved for).
    """
    m = [list(r) for r in rows]
    pivots = []
    r = 0
    for c in order:
        piv = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        inv = 1 / m[r][c]
        m[r] = [v * inv for v in m[r]]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r])]
        pivots.append(c)
        r += 1
        if r == len(m):
            break
    for i in range(r, len(m)):
        if m[i][ncols] != 0:
            return None
    t = [None] * ncols
    for c in range(ncols):
        if c not in pivots:
            t[c] = fixed[c]
    for i, c in enumerate(pivots):
        t[c] = m[i][ncols] - sum(m[i][j] * t[j] for j in range(ncols) if j != c and t[j] is not None and m[i][j] != 0)
    return t


def _round_rows(R, den: int):
    """Rows of floats -> rows of Fractions with denominators <= den summing exactly to 1."""
    out = []
    for row in R:
        fr = [Fraction(float(v)).limit_denominator(den) for v in row]
        j = max(range(len(fr)), key=lambda i: abs(float(row[i])))
        fr[j] += 1 - sum(fr)
        out.append(fr)
    return out


def _snap_intertwining(T, machine: HMM, denominators, zero_tol: float):
    """Exact candidates ``T_G`` with ``T_G^(x) R = R T_M^(x)`` for rounded ``R`` (see module docstring)."""
    import numpy as np

    a, k, _ = T.shape
    n = len(machine.states)
    TM = _float_matrices(machine)
    FG, FM = _futures(T, k + n - 1), _futures(TM, k + n - 1)
    R, *_ = np.linalg.lstsq(FM.T, FG.T, rcond=None)
    R = R.T
    resid = float(np.abs(R @ FM - FG).max())
    if resid > 1e-3:
        return [], {"intertwining_residual": resid}
    exact_M = {x: [[Fraction(0)] * n for _ in range(n)] for x in range(a)}
    for e in machine.edges:
        exact_M[machine.alphabet.index(e.symbol)][machine.index(e.source)][machine.index(e.target)] += Fraction(
            int(e.probability.p), int(e.probability.q))
    out = []
    for den in denominators:
        Rq = _round_rows(R, den)
        support = [(x, i, j) for x in range(a) for i in range(k) for j in range(k) if T[x, i, j] > zero_tol]
        for _attempt in range(6):
            col = {s: c for c, s in enumerate(support)}
            rows = []
            for x in range(a):
                for i in range(k):
                    for cc in range(n):
                        row = [Fraction(0)] * (len(support) + 1)
                        for j in range(k):
                            if (x, i, j) in col and Rq[j][cc] != 0:
                                row[col[(x, i, j)]] += Rq[j][cc]
                        row[-1] = sum(Rq[i][l] * exact_M[x][l][cc] for l in range(n))
                        rows.append(row)
            order = sorted(range(len(support)), key=lambda c: -T[support[c]])
            fixed = {c: Fraction(float(T[support[c]])).limit_denominator(den) for c in range(len(support))}
            t = _rref_solve(rows, len(support), order, fixed)
            if t is None:
                break
            bad = [support[c] for c in range(len(support)) if t[c] < 0 or t[c] > 1]
            if not bad:
                out.append(({s: t[col[s]] for s in support if t[col[s]] != 0}, den))
                break
            drop = min(bad, key=lambda s: T[s])
            support = [s for s in support if s != drop]
    return out, {"intertwining_residual": resid}


def _snap_words(T, process: HMM, denominators, zero_tol: float, max_nodes: int = 2000):
    """Exact candidates from the word-probability equations, solved for a few probabilities (a generator).

    The support is the set of probabilities above ``zero_tol``; each row's
    largest probability is ``1 -`` the others.  A set of unknowns as large as
    the numerical rank of the Jacobian of the word probabilities is chosen by
    QR with column pivoting; the other probabilities are rounded to rationals
    and :func:`generator_conditions` solves for the unknowns exactly.  Any
    parameters left free are set to their rounded values.
    """
    import numpy as np
    from scipy.linalg import qr

    a, k, _ = T.shape
    alphabet = process.alphabet
    support = [(x, i, j) for x in range(a) for i in range(k) for j in range(k) if T[x, i, j] > zero_tol]
    rows = {i: [s for s in support if s[1] == i] for i in range(k)}
    slack = {i: max(rows[i], key=lambda s: T[s]) for i in rows if rows[i]}
    cols = [s for s in support if s not in slack.values()]
    if not cols:
        return
    n = len(recurrent_classes(process)[0])
    length = k + n - 1

    def words(Tm):
        alpha = _np_stationary(Tm.sum(axis=0))[None, :]
        out = []
        for _ in range(length):
            alpha = np.einsum("wi,xij->wxj", alpha, Tm).reshape(-1, k)
            out.append(alpha.sum(axis=1))
        return np.concatenate(out)

    base = words(T)
    jac = []
    for s in cols:
        step = 1e-7
        Tp = T.copy()
        Tp[s] += step
        Tp[slack[s[1]]] -= step
        jac.append((words(Tp) - base) / step)
    jac = np.array(jac).T
    _, rdiag, piv = qr(jac, pivoting=True)
    diag = np.abs(np.diag(rdiag))
    rank = int((diag > 1e-6 * max(diag.max(), 1e-300)).sum())
    unknown_cols = [cols[c] for c in piv[:rank]]
    for den in denominators:
        rounded = {s: Fraction(float(T[s])).limit_denominator(den) for s in support}
        syms = {s: sp.Dummy(f"u{idx}") for idx, s in enumerate(unknown_cols)}
        names = _state_names(k)
        edges = []
        for i in rows:
            if not rows[i]:
                continue
            total = sp.Integer(0)
            for s in rows[i]:
                if s == slack[i]:
                    continue
                val = syms.get(s, sp.Rational(rounded[s].numerator, rounded[s].denominator))
                total += val
                edges.append((names[i], names[s[2]], alphabet[s[0]], val))
            edges.append((names[i], names[slack[i][2]], alphabet[slack[i][0]], 1 - total))
        fam = GeneratorFamily(states=names, alphabet=alphabet, edges=tuple(edges), free=tuple(syms.values()),
                              bounds={u: (0, 1) for u in syms.values()})
        try:
            subs = generator_conditions(fam, process, max_nodes=max_nodes)
        except (UndecidableError, TooLargeError, NotErgodicError):
            continue
        for sub in subs:
            point = {u: sp.Rational(rounded[s].numerator, rounded[s].denominator)
                     for s, u in syms.items() if u in sub.free}
            try:
                if not sub.contains(point):
                    continue
                g = sub.at(point)
            except (DomainError, NegativeProbabilityError):
                continue
            probs = {}
            for e in g.edges:
                key = (alphabet.index(e.symbol), names.index(e.source), names.index(e.target))
                probs[key] = Fraction(int(e.probability.p), int(e.probability.q))
            yield probs, den


def search_generator(m: HMM, states: int, seed: int = 0, *, restarts: int = 12, method: str = "L-BFGS-B",
                     max_denominator: int = 30, penalties: Sequence[float] = (1e3, 1e5, 1e7),
                     max_snaps: int = 6, max_states: int = MAX_SEARCH_STATES) -> GeneratorSearchResult:
    """Search ``states``-state generators of ``m``'s process for a low state entropy; return an exact one.

    Parameters
    ----------
    m : HMM
        A model with numeric (rational) probabilities and one recurrent class.
    states : int
        The number of states ``k >= 2`` of the generators searched (a
        one-state generator is an IID process: compare with
        ``sc.processes.biased_coin`` instead).
    seed : int or None
        Seed of ``numpy.random.default_rng``, a nonnegative int; equal seeds
        give equal results.
    restarts : int
        Random starting points (random logits, half of them with a random
        sparse topology); at least 1.
    method : str
        The ``scipy.optimize.minimize`` method for the penalised problems,
        one of :data:`SEARCH_METHODS`.
    max_denominator : int
        Largest denominator tried when rounding to rationals (at least 1).
    penalties : sequence of float
        The increasing penalty weights ``lambda`` (warm-started); finite and
        positive.
    max_snaps : int
        How many of the best numeric optima are snapped to exact models (at least 1).
    max_states : int
        Cap on ``states`` (default :data:`MAX_SEARCH_STATES`): the cost grows
        quickly with it.

    Returns
    -------
    GeneratorSearchResult
        The best exact generator found with ``H[pi] <= C_mu`` (``found``
        True), else the epsilon-machine (``found`` False).  Either way
        ``E <= C_g <= H[pi]``.

    Raises
    ------
    ParameterTypeError, DomainError
        A malformed argument (``m`` not an HMM, ``states`` below 2,
        ``restarts`` below 1, an unknown ``method``, ...), before any work.
    TooLargeError
        ``states`` above ``max_states``.
    NotNumericError
        ``m`` has free parameters.
    MissingDependencyError
        scipy (or numpy) is not installed.

    Notes
    -----
    The numeric objective is ``H[pi] + lambda * sum_w (P_G(w) - P(w))^2``
    over words of length ``1 .. 2k + n`` (``n`` = states of the
    epsilon-machine; capped so that at most ``4096`` words of one length are
    compared), with the rows of ``G`` softmax-parametrised and the exact
    gradient (reverse mode through the word recursion and the solve for
    ``pi``).  Each restart first fits the words alone (a generator), then
    runs the penalties in increasing order (lower ``H[pi]`` along the
    generators).  The optima that match the words are snapped to exact
    models in increasing order of numeric entropy, up to ``max_snaps`` of
    them and only while they can still beat the best exact one: first
    through the intertwining ``T_G^(x) R = R T_M^(x)`` (module docstring),
    with ``R`` fitted by least squares and rounded with denominators ``1 ..
    max_denominator``, the linear equations solved exactly for the largest
    probabilities with the others fixed at rounded rationals (probabilities
    that come out negative are set to zero and the system re-solved); if
    that fails, through the word-probability equations solved for a few
    probabilities (:func:`generator_conditions`).  Every candidate with all
    probabilities in ``[0, 1]`` and one recurrent class is checked with
    :func:`symcm.same_process`; only ``True`` is accepted.  A returned
    ``k``-state generator may have transient states (its recurrent part is
    then a smaller generator).  Cost: about 2-5 s for ``k = 3`` on a binary
    alphabet with the defaults.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.generation.generators import search_generator
    >>> r = search_generator(sc.processes.golden_mean(sp.Rational(1, 2)), states=2, seed=0, restarts=2)
    >>> sc.same_process(r.generator, sc.processes.golden_mean(sp.Rational(1, 2)))
    True
    >>> bool(r.state_entropy.evalf(30) <= r.statistical_complexity.evalf(30))
    True
    """
    from ..causal.states import epsilon_machine
    from ..causal.complexity import excess_entropy, statistical_complexity
    from ..causal.equivalence import same_process
    from ..causal.measures import state_entropy

    where = "search_generator"
    as_model(m, where)
    max_states = checks.cap(max_states, "max_states", where=where)
    states = checks.integer(states, "states", where=where, minimum=2, maximum=max_states, cap="max_states")
    seed = checks.seed(seed, where=where)
    restarts = checks.integer(restarts, "restarts", where=where, minimum=1)
    method = checks.choice(method, "method", SEARCH_METHODS, where=where)
    max_denominator = checks.cap(max_denominator, "max_denominator", where=where)
    max_snaps = checks.cap(max_snaps, "max_snaps", where=where)
    if isinstance(penalties, (str, bytes)) or not isinstance(penalties, Iterable):
        raise ParameterTypeError(f"{where}: penalties must be a sequence of numbers, received "
                                 f"{checks.describe(penalties)}")
    penalties = tuple(checks.positive_float(lam, "each penalty", where=where) for lam in penalties)
    if not penalties:
        raise DomainError(f"{where}: penalties must hold at least one weight, received an empty sequence")
    if not m.is_numeric:
        raise NotNumericError(
            f"search_generator needs a model with numeric probabilities; it has parameters "
            f"{', '.join(map(str, m.parameters))}: substitute rational values first (m.subs({{...}}))"
        )
    try:
        import numpy as np
        from scipy.optimize import minimize
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            'search_generator needs scipy and numpy: pip install "symcm[search]" (or pip install scipy)'
        ) from exc

    start = time.perf_counter()
    machine = epsilon_machine(m)
    cmu = statistical_complexity(m)
    excess = excess_entropy(m)
    k, alphabet = states, machine.alphabet
    a, n = len(alphabet), len(machine.states)
    max_len = max(k + n - 1, min(2 * k + n, int(math.log(4096, a)) if a > 1 else 2 * k + n))
    targets = []
    for L in range(1, max_len + 1):
        probs = word_probabilities(machine, L, max_words=max(a**L, 1))
        targets.append(np.array([float(probs.get(w, 0)) for w in itertools.product(alphabet, repeat=L)]))
    objective = _Objective(targets, k, a)

    rng = np.random.default_rng(seed)
    optima = []
    gradient_free = method in ("Nelder-Mead", "Powell", "COBYLA", "COBYQA")
    options = {"ftol": 1e-15, "gtol": 1e-11, "maxiter": 5000} if method == "L-BFGS-B" else {"maxiter": 5000}

    def solve(theta, lam):
        if gradient_free:
            return minimize(lambda th: objective.value_and_grad(th, lam)[0], theta, method=method,
                            options=options).x
        return minimize(objective.value_and_grad, theta, args=(lam,), jac=True, method=method, options=options).x

    for r in range(restarts):
        theta = rng.normal(0.0, 2.0, size=k * a * k)
        if r % 2 == 1:
            theta[rng.random(theta.size) < 0.35] = -8.0
        # phase 1: a generator (word probabilities only); phase 2: lower H[pi] along the generators
        theta = solve(theta, None)
        for lam in penalties:
            theta = solve(theta, lam)
        h, mismatch, _ = objective.parts(theta)
        optima.append((h, mismatch, r, theta))
    matching = sorted((o for o in optima if o[1] < 1e-6), key=lambda o: o[0])
    denominators = list(range(1, max_denominator + 1))
    snap_denominators = [d for d in (2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 30, 60, 100) if d <= max(max_denominator, 2)]
    tried, accepted = [], []
    cmu_value = sp.sympify(cmu).evalf(50)
    best_exact = None
    for h, mismatch, r, theta in matching[:max_snaps]:
        if best_exact is not None and h >= float(best_exact) - 1e-9:
            break  # optima come in increasing numeric entropy: this one cannot beat the exact one in hand
        T = objective.matrices(theta)
        entry = {"restart": r, "numeric_entropy": h, "mismatch": mismatch}
        found_here = 0
        for how in ("intertwining", "word equations"):
            if how == "intertwining":
                cands, info = _snap_intertwining(T, machine, denominators, 1e-6)
                entry.update(info)
            else:
                cands = _snap_words(T, machine, snap_denominators, 1e-6)
            tested, seen = 0, set()
            for probs, den in cands:
                key = tuple(sorted(probs.items()))
                if key in seen:
                    continue
                seen.add(key)
                tested += 1
                names = _state_names(k)
                edges = [(names[i], names[j], alphabet[x], sp.Rational(v.numerator, v.denominator))
                         for (x, i, j), v in probs.items()]
                try:
                    g = HMM.from_edges(edges, states=names, alphabet=alphabet)
                    if len(recurrent_classes(g)) != 1 or same_process(g, m) is not True:
                        continue
                    hg = state_entropy(g)
                except (NotErgodicError, NegativeProbabilityError, DomainError):
                    continue
                value = sp.sympify(hg).evalf(50)
                accepted.append((value, den, r, g, hg, how))
                best_exact = value if best_exact is None else min(best_exact, value)
                found_here += 1
                if how == "word equations":
                    break  # candidates come by increasing denominator: the first exact one will do
            entry[f"{how} candidates"] = tested
            if found_here:
                break
        entry["accepted"] = found_here
        tried.append(entry)
    diagnostics = {
        "restarts": restarts, "method": method, "max_length": max_len,
        "numeric_optima": sorted((float(o[0]), float(o[1])) for o in optima),
        "snapped": tried, "exact_candidates": len(accepted),
        "exact_entropies": sorted({float(c[0]) for c in accepted}),
        "seconds": time.perf_counter() - start,
    }
    good = [c for c in accepted if c[0] <= cmu_value + sp.Float(10) ** -40]
    if good:
        val, den, r, g, hg, how = min(good, key=lambda c: (c[0], c[1]))
        diagnostics.update({"restart": r, "denominator": den, "snap": how})
        g = HMM.from_edges([tuple(e) for e in g.edges], states=g.states, alphabet=g.alphabet,
                           name=f"{k}-state generator of {m.name or 'the process'} (seed {seed})")
        return GeneratorSearchResult(g, hg, cmu, excess, True, k, seed, diagnostics)
    diagnostics["note"] = (f"no exact {k}-state generator with H[pi] <= C_mu was found; "
                           "the epsilon-machine is returned")
    return GeneratorSearchResult(machine, state_entropy(machine), cmu, excess, False, k, seed, diagnostics)
