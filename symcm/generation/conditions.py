r"""The generator conditions: which members of a family generate a process, solved by triangular decomposition.

A model ``G`` with ``k`` states and a model ``M`` with ``n`` recurrent
states generate the same process iff their word probabilities agree on
words of length ``k + n - 1`` (see :mod:`symcm.causal.equivalence`).  With
the stationary distribution ``pi`` of ``G`` written as unknowns ``w_s``,
the conditions are *polynomial*:

.. math::

    w (T - I) = 0, \quad \sum_s w_s = 1, \quad
    w\, T^{(x_1)} \cdots T^{(x_L)} \mathbf 1 = P(x_1 \dots x_L),
    \quad 1 \le L \le k + n - 1,

where words ending in the last symbol of the alphabet may be left out
(``P(u a) = P(u) - sum_{x != a} P(u x)``).  For a *family* ``G(a, b, ...)``
(:class:`~symcm.generation.families.GeneratorFamily`) whose probabilities
contain free parameters, :func:`generator_conditions` solves these
equations for the free parameters by **triangular decomposition**
(:class:`_TriangularSolver`, over the integer polynomials of
:mod:`symcm.algebra.ring`): pick an equation linear in an unknown,
``c u + r = 0``; branch on ``c != 0`` (substitute ``u = -r/c`` everywhere)
and on ``c = r = 0``; split every equation into its irreducible factors and
branch on which factor vanishes; discard branches that force an unknown out
of the open domain or a nonzero quantity (an edge probability, a stationary
weight) to vanish [Wu86, Laz91].  Each branch is a **sub-family**: some
parameters expressed as rational functions of the others.  Each is then
*verified* independently (its word probabilities, computed by symcm, equal
the process's identically), so the answer is sound; it is complete for
generic process parameters (the polynomials in the process parameters that
were assumed nonzero are listed in
:attr:`~symcm.generation.families.GeneratorFamily.generic`).

References
----------
.. [Wu86] W.-T. Wu, "Basic principles of mechanical theorem proving in
   elementary geometries", J. Automated Reasoning 2, 221-252 (1986).
.. [Laz91] D. Lazard, "A new method for solving algebraic systems of
   positive dimension", Discrete Applied Mathematics 33, 147-160 (1991).

Examples
--------
The two-state generators of the binary Markov chain, derived:

>>> import symcm as sc
>>> from symcm.generation.conditions import generator_conditions
>>> from symcm.generation.families import general_family
>>> p, q = sc.symbols("p q")
>>> fam, free = general_family(2)
>>> [f.free for f in generator_conditions(fam, sc.processes.binary_markov(p, q), free)]
[(t_A0, t_A1)]
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

import sympy as sp

from .. import checks
from ..algebra.backends import backend_name, get_backend
from ..algebra.positivity import factor_sign
from ..algebra.ring import PolyBackend
from ..causal.measures import word_probabilities
from ..causal.stationary import recurrent_classes
from ..errors import DomainError, NotErgodicError, ParameterTypeError, TooLargeError, UndecidableError
from ..models.hmm import HMM, as_model
from .families import GeneratorFamily, _as_family

__all__ = ["generator_conditions"]

#: Default cap on the nodes of the triangular decomposition in :func:`generator_conditions`.
MAX_NODES = 20_000


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
    >>> from symcm.generation.conditions import generator_conditions
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

