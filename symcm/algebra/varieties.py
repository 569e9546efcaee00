"""Where a system of polynomial equations holds inside the parameter domain.

Case splits in symcm come from polynomial equations in the parameters:
two causal states merge where their emission probabilities agree, an edge
disappears where its probability vanishes, two models generate the same
process where all their word probabilities agree.  This module turns such a
system ``f_1 = ... = f_k = 0`` into its **components** inside the open
domain box ``D``, each given by a *rational parametrisation*
``{x_i: r_i(y)}`` that expresses some parameters through the others, and the
box of the remaining parameters ``y`` on which it lies in ``D``.

Method: a lex Groebner basis [Buchberger 1965; Cox, Little & O'Shea 2015]
decides emptiness over the complex numbers (basis ``[1]``); otherwise
``sympy.solve`` on the basis gives the components.  Whether a component
meets ``D`` is decided exactly where the parametrisation is rational in at
most one remaining parameter (exact inequalities on an interval) or maps the
whole remaining box into ``D`` (certified by :mod:`symcm.algebra.positivity`).  A
component that symcm cannot parametrise rationally, or whose intersection
with ``D`` is not a box with rational corners, raises
:class:`~symcm.errors.UndecidableError` rather than being dropped.

References
----------
.. [1] D. A. Cox, J. Little and D. O'Shea, *Ideals, Varieties, and
   Algorithms*, 4th ed., Springer, 2015.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .domain import Domain
from ..errors import UndecidableError
from .positivity import factor_sign

__all__ = ["Component", "components", "equation"]


@dataclass(frozen=True)
class Component:
    """A piece of a variety inside the domain.

    Attributes
    ----------
    substitution : dict
        ``Symbol -> Expr``: parameters fixed by the component, as rational
        functions of the remaining parameters (or numbers).
    domain : dict
        ``Symbol -> (lo, hi)`` for the remaining parameters on this component.
    condition : sympy boolean
        The component as a condition (``Eq`` s), readable in a paper.
    """

    substitution: dict
    domain: dict
    condition: sp.Basic

    def key(self):
        return tuple(sorted((str(k), str(v)) for k, v in self.substitution.items()))


def equation(poly: sp.Expr, gens) -> sp.Basic:
    """A readable ``Eq`` for ``poly = 0``: solved for a parameter when linear in it.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> from symcm.algebra.varieties import equation
    >>> equation(p + q - 1, (p, q)), equation(2*p - 1, (p, q)), equation(p - q, (p, q))
    (Eq(p + q, 1), Eq(p, 1/2), Eq(p, q))
    """
    poly = sp.expand(poly)
    syms = [g for g in gens if poly.has(g)]
    if len(syms) == 1 and sp.degree(poly, syms[0]) == 1:
        x = syms[0]
        return sp.Eq(x, sp.solve(poly, x)[0])
    const = poly.as_coeff_Add()[0]
    rest = poly - const
    if const != 0:
        if rest.could_extract_minus_sign():
            rest, const = -rest, -const
        return sp.Eq(rest, -const)
    terms = sp.Add.make_args(poly)
    pos = [t for t in terms if not t.could_extract_minus_sign()]
    neg = [-t for t in terms if t.could_extract_minus_sign()]
    if pos and neg:
        return sp.Eq(sp.Add(*pos), sp.Add(*neg))
    return sp.Eq(poly, 0)


def _component_domain(sub: dict, dom: Domain, gens) -> list[dict] | None:
    """Boxes of the remaining parameters on which ``sub`` lands inside the domain (None: empty)."""
    free = [g for g in gens if g not in sub]
    boxes = {g: dom[g] for g in free}
    used = sorted({s for v in sub.values() for s in sp.sympify(v).free_symbols} & set(free), key=str)
    if not used:
        irrational = []
        for x, v in sub.items():
            lo, hi = dom[x]
            if v.is_real is False:
                return None
            inside = sp.And(sp.StrictLessThan(lo, v), sp.StrictLessThan(v, hi))  # exact for algebraic v
            if inside is sp.false:
                return None  # the point lies outside the domain: no component here
            if inside is not sp.true or not v.is_Rational:
                irrational.append((x, v))
        if irrational:
            raise UndecidableError(
                f"the component {', '.join(f'{x} = {v}' for x, v in irrational)} lies in the domain but is "
                "not a rational point; symcm cannot follow it (restrict the domain to avoid it)"
            )
        return [boxes]
    if len(used) == 1:
        y = used[0]
        real_y = sp.Symbol(y.name, real=True)
        allowed = sp.Interval.open(*dom[y])
        for x, v in sub.items():
            lo, hi = dom[x]
            expr = sp.sympify(v)
            if expr.is_polynomial(y) and sp.degree(expr, y) == 1:
                # affine a*y + b: lo < a*y + b < hi is an open interval with rational ends
                a, b = sp.Poly(expr, y).all_coeffs()
                ends = sorted(((lo - b) / a, (hi - b) / a))
                allowed = allowed.intersect(sp.Interval.open(*ends))
                continue
            expr = expr.subs(y, real_y)
            for ineq in (sp.StrictLessThan(lo, expr), sp.StrictLessThan(expr, hi)):
                allowed = allowed.intersect(sp.solve_univariate_inequality(ineq, real_y, relational=False))
        if allowed is sp.S.EmptySet:
            return None
        pieces = allowed.args if isinstance(allowed, sp.Union) else (allowed,)
        out = []
        for piece in pieces:
            if not isinstance(piece, sp.Interval) or piece.measure == 0:
                continue  # isolated points of a curve inside the box: measure zero, not a box
            if not (piece.start.is_Rational and piece.end.is_Rational):
                raise UndecidableError(
                    f"the component {sub} lies in the domain for {y} in {piece}, whose end points are "
                    "irrational; restrict the domain so that symcm can follow it"
                )
            out.append({**boxes, y: (piece.start, piece.end)})
        return out or None
    # several remaining parameters: accept only if the whole box maps inside the domain
    box = {g: dom[g] for g in used}
    for x, v in sub.items():
        lo, hi = dom[x]
        num, den = sp.fraction(sp.cancel(sp.sympify(v)))
        for bound, sign in ((lo, 1), (hi, -1)):
            f = sp.Poly(sign * (num - bound * den) * den, *used)  # sign of (v - lo), (hi - v), times den^2
            fs = factor_sign(f, box)
            if fs.sign <= 0 or fs.vanishes is not False:
                raise UndecidableError(
                    f"cannot decide where the component {sub} meets the domain {dom}; "
                    "substitute values or restrict the domain"
                )
    return [boxes]


def components(polys, dom: Domain) -> list[Component]:
    """The components of ``{polys = 0}`` that meet the open box ``dom``.

    Parameters
    ----------
    polys : iterable of sympy.Expr
        Polynomials in the domain's parameters (rational coefficients).
    dom : Domain

    Returns
    -------
    list of Component
        Empty when the system has no solution in the domain.

    Raises
    ------
    UndecidableError
        When a component cannot be parametrised rationally or its meeting
        with the domain cannot be decided exactly.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> [c.condition for c in components([p + q - 1, 1 - p - q], sc.Domain({p: (0, 1), q: (0, 1)}))]
    [Eq(p + q, 1)]
    >>> components([p - 2], sc.Domain({p: (0, 1)}))
    []
    """
    gens = dom.symbols
    polys = [sp.expand(f) for f in polys]
    polys = [f for f in polys if f != 0]
    if not polys:
        return [Component({}, dict(dom), sp.true)]
    if any(not f.free_symbols for f in polys):
        return []
    basis = sp.groebner(polys, *gens, order="lex")
    if list(basis.exprs) == [1]:
        return []
    exprs = list(basis.exprs)
    # split a principal ideal along its factors, so every component is irreducible
    systems = [exprs]
    if len(exprs) == 1:
        systems = [[f] for f, _ in sp.factor_list(exprs[0])[1] if f.free_symbols]
    out = []
    seen = set()
    for system in systems:
        unknowns = [g for g in gens if any(f.has(g) for f in system)]
        if len(system) == 1:
            # solve one equation for a parameter it is linear in, so the parametrisation is rational
            linear = [g for g in unknowns if sp.degree(system[0], g) == 1]
            unknowns = linear[:1] or unknowns[:1]
        if len(system) == 1 and linear:
            # a*g + b = 0 with a, b free of g: g = -b/a (sympy.solve would also check the symbols'
            # assumptions; the domain test below decides membership exactly instead)
            a, b = sp.Poly(system[0], unknowns[0]).all_coeffs()
            sols = [{unknowns[0]: -b / a}]
        else:
            sols = sp.solve(system, *unknowns, dict=True)
        for sol in sols:
            sol = {k: sp.cancel(v) for k, v in sol.items()}
            if any(not v.is_rational_function(*gens) or v.has(sp.I) or v.atoms(sp.CRootOf)
                   or any(not a.is_Rational for a in v.atoms(sp.Number)) for v in sol.values()):
                raise UndecidableError(
                    f"the equations {system} = 0 have the component {sol} with irrational coefficients; "
                    "symcm can only follow rational components (restrict the domain to avoid it)"
                )
            boxes = _component_domain(sol, dom, gens)
            if boxes is None:
                continue
            if len(system) == 1 and len(sol) == 1:
                cond = equation(system[0], gens)
            else:
                cond = sp.And(*(sp.Eq(k, v) for k, v in sol.items()))
            for box in boxes:
                comp = Component(sol, box, cond)
                if (comp.key(), tuple(sorted(map(str, box.items())))) not in seen:
                    seen.add((comp.key(), tuple(sorted(map(str, box.items())))))
                    out.append(comp)
    return out
