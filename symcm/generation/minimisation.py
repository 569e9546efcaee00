r"""The least state entropy ``H[pi]`` over a family of generators, exactly where possible.

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
Both methods live in :mod:`symcm.generation.feasible`; this module owns
their result, :class:`EntropyMinimum`, and :func:`minimize_state_entropy`,
which first reduces a family to the members that generate a given process
(:func:`~symcm.generation.conditions.generator_conditions`) and then
minimises over each sub-family.

**The binary Markov chain** (:func:`symcm.models.processes.binary_markov`, ``p =
Pr(1|0)``, ``q = Pr(0|1)``, ``p + q != 1``).  Solving the conditions for the
most general two-state model
(:func:`~symcm.generation.families.general_family`: state ``s`` emits
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
The minimiser itself, per region of the square, with its state entropy and
savings as ``Piecewise``, is
:func:`symcm.generation.binary_markov.minimal_binary_markov_generator`.

References
----------
.. [RJMC18] J. B. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield,
   "Prediction and generation of binary Markov processes: Can a finite-state
   fox catch a Markov mouse?", Chaos 28, 013109 (2018).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import mpmath
import sympy as sp

from .. import checks
from ..algebra.entropy import entropy_of
from ..causal.bounds import Bounds
from ..causal.stationary import stationary_distribution
from ..errors import DomainError, NotNumericError, ParameterTypeError
from ..models.hmm import HMM, as_model
from .conditions import generator_conditions
from .families import GeneratorFamily, _as_family
from .feasible import (
    _affine_form,
    _branch_and_bound,
    _candidate_points,
    _entropy_value,
    _plogp_iv,
    _Problem,
    _vertex_minimum,
)

__all__ = ["EntropyMinimum", "minimize_state_entropy"]


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
    >>> from symcm.generation.families import general_family
    >>> from symcm.generation.minimisation import minimize_state_entropy
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

