r"""Joint distributions of named random variables with exact probabilities: :class:`JointDistribution`.

A **joint distribution** of random variables :math:`X_1, \dots, X_n` with
finite ranges is a function :math:`P(x_1, \dots, x_n) \ge 0` that sums to 1.
In symcm each probability is an exact rational function of real parameters
ranging over an open box (:class:`~symcm.algebra.domain.Domain`), validated exactly as
the edge probabilities of a model are (:mod:`symcm.models.hmm`): the probabilities
sum to 1 identically and each is nonnegative on the whole domain.

This module owns the distribution and the distributions derived from it:

* the **marginal** :math:`P_A(a) = \sum_{b} P(a, b)` of some variables
  :math:`A` (:meth:`JointDistribution.marginal`);
* the **conditional** distribution :math:`P(b \mid A = a) = P(a, b) / P_A(a)`
  of the other variables given values of :math:`A`, defined where
  :math:`P_A(a) > 0` on the whole domain (:meth:`JointDistribution.condition`);
* renaming variables and substituting parameter values.

The information measures of a distribution (entropies and mutual
informations), coarse-graining and the word distribution of a process are
in :mod:`symcm.information.shannon`; deciding identities between entropy
expressions is in :mod:`symcm.information.identities`.

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.information import JointDistribution
>>> p = sc.symbols("p")
>>> d = JointDistribution({(0, 0): (1 - p) / 2, (0, 1): p / 2,
...                        (1, 0): p / 2, (1, 1): (1 - p) / 2}, ("X", "Y"))
>>> d.marginal("X").outcomes
{(0,): 1/2, (1,): 1/2}
>>> d.condition({"Y": 0}).outcomes
{(0,): 1 - p, (1,): p}
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from .. import checks
from ..algebra.domain import Domain
from ..errors import (
    DomainError,
    ModelError,
    NegativeProbabilityError,
    NotStochasticError,
    ParameterTypeError,
    SymcmError,
    _KeyErrorMessage,
)
from ..models.hmm import as_exact
from ..algebra.rational import _rational_function, _sign

__all__ = ["JointDistribution", "UnknownVariableError"]


class UnknownVariableError(SymcmError, _KeyErrorMessage):
    """A random-variable name that the joint distribution does not have."""


# --- helpers --------------------------------------------------------------------

def _as_names(names) -> tuple:
    """Validate the variable names: distinct strings (a bare string is one name)."""
    if isinstance(names, str):
        return (names,)
    try:
        out = tuple(names)
    except TypeError:
        raise ParameterTypeError(
            f"expected the variable names as a sequence of strings, received {names!r}"
        ) from None
    for n in out:
        if not isinstance(n, str):
            raise ParameterTypeError(
                f"expected every variable name to be a str, received {n!r} of type {type(n).__name__}"
            )
    if len(set(out)) != len(out):
        dup = sorted({n for n in out if out.count(n) > 1})
        raise ModelError(f"variable names must be distinct, received duplicates {', '.join(map(repr, dup))}")
    return out


def _fmt_outcome(key: tuple, names: tuple) -> str:
    return "(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, key)) + ")"


def _as_key(key, names: tuple) -> tuple:
    """An outcome as a tuple with one value per name (a bare value for a single variable)."""
    if len(names) == 1 and not isinstance(key, tuple):
        key = (key,)
    if not isinstance(key, tuple):
        raise ParameterTypeError(
            f"expected the outcome {key!r} as a tuple of {len(names)} values, one per variable {names}"
        )
    if len(key) != len(names):
        raise ModelError(
            f"the outcome {key!r} has {len(key)} value(s); expected {len(names)}, one per variable {names}"
        )
    return key


def _cancel(expr) -> sp.Expr:
    return sp.cancel(sp.together(expr))


def _union(*groups: tuple) -> tuple:
    """Concatenate tuples of names, keeping the first occurrence of each."""
    return tuple(dict.fromkeys(n for g in groups for n in g))


# --- the distribution ---------------------------------------------------------------

class JointDistribution:
    r"""An immutable joint distribution of named random variables with exact probabilities.

    Parameters
    ----------
    outcomes : mapping
        ``{(x_1, ..., x_n): probability}``: each key is a tuple of values, one
        per name (with a single name, a bare value is allowed); values are any
        hashable objects.  Probabilities are numbers or sympy rational
        functions of the parameters; floats are converted to the rational they
        display, with a :class:`~symcm.errors.FloatConversionWarning`.
        Outcomes of probability identically 0 are dropped.
    names : str or sequence of str
        The variables' names, distinct (a single string is one name).
    domain : mapping Symbol -> (lo, hi), optional
        Open interval of each parameter with rational bounds; parameters not
        named get ``(0, 1)``.

    Attributes
    ----------
    names : tuple of str
    outcomes : dict
        A copy of ``{outcome tuple: probability}`` (cancelled rational functions).
    parameters : tuple of sympy.Symbol
    domain : Domain

    Raises
    ------
    NotStochasticError
        The probabilities do not sum to exactly 1 (after ``sympy.cancel``).
    NegativeProbabilityError
        A probability is negative (or has a pole) somewhere in the domain.
    UndecidableError
        The sign of a probability could not be decided exactly.
    ExpressionError
        A probability is not a rational function with rational coefficients.
    ParameterTypeError, ModelError, DomainError
        Malformed names, outcomes, values or domains.

    Notes
    -----
    Validation is that of :class:`~symcm.models.hmm.HMM` edge probabilities: each
    probability is cancelled, and its sign on the open domain box is
    certified by :func:`symcm.algebra.positivity.rational_function_sign`.  An outcome
    whose probability vanishes only at some points of the domain is kept:
    every information quantity of :mod:`symcm.information.shannon` is continuous there
    (:math:`0 \log 0 = 0`).

    Distributions are values: equality and hashing are by content (names,
    outcomes and domain; the order of the outcomes does not matter), and the
    methods return new distributions.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.information import JointDistribution
    >>> p = sc.symbols("p")
    >>> d = JointDistribution({(0, "a"): p, (1, "b"): 1 - p, (1, "a"): 0}, ("X", "Y"))
    >>> d
    JointDistribution({(0, 'a'): p, (1, 'b'): 1 - p}, names=('X', 'Y'), domain=Domain({p: (0, 1)}))
    >>> d.marginal("Y").outcomes
    {('a',): p, ('b',): 1 - p}
    >>> d.subs({p: sp.Rational(1, 3)})
    JointDistribution({(0, 'a'): 1/3, (1, 'b'): 2/3}, names=('X', 'Y'))
    >>> JointDistribution({0: p, 1: p}, "X")
    Traceback (most recent call last):
    ...
    symcm.errors.NotStochasticError: the probabilities of the outcomes of ('X',) sum to 2*p, not 1
    """

    __slots__ = ("_names", "_outcomes", "_domain", "_hash")

    def __init__(self, outcomes: Mapping, names, *, domain: Mapping | None = None):
        names = _as_names(names)
        if not isinstance(outcomes, Mapping):
            raise ParameterTypeError(
                f"expected the outcomes as a mapping {{outcome tuple: probability}}, received {outcomes!r}"
            )
        raw = {}
        for key, prob in outcomes.items():
            key = _as_key(key, names)
            where = f"probability of outcome {_fmt_outcome(key, names)}"
            raw[key] = as_exact(prob, where=where)
        self._setup(names, *_validated(raw, names, domain))

    def _setup(self, names: tuple, outcomes: dict, domain: Domain) -> None:
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_outcomes", outcomes)
        object.__setattr__(self, "_domain", domain)
        object.__setattr__(self, "_hash", None)

    @classmethod
    def _derived(cls, outcomes: Mapping, names: tuple, parent_domain: Domain) -> JointDistribution:
        """A distribution derived from a validated one (marginal, coarse graining, words).

        The probabilities are sums or quotients of valid ones, so the sign
        certification is skipped; the sum is still checked to be 1 exactly,
        a cheap guard.  Not part of the public API.
        """
        gens = checks.free_parameters([sp.sympify(v) for v in outcomes.values()])
        merged = {}
        for key, prob in outcomes.items():
            value = _rational_function(prob, gens, f"probability of outcome {_fmt_outcome(key, names)}")[0]
            if value != 0:
                merged[key] = value
        total = _cancel(sp.Add(*merged.values()))
        if total != 1:  # pragma: no cover - invariant of the derivations
            raise NotStochasticError(f"derived distribution of {names} sums to {total}, not 1")
        gens = checks.free_parameters(merged.values())
        self = object.__new__(cls)
        self._setup(names, merged, Domain({s: parent_domain[s] for s in gens}))
        return self

    @classmethod
    def _canonical(cls, outcomes: Mapping, names: tuple, parent_domain: Domain) -> JointDistribution:
        """A derived distribution whose probabilities are nonzero, canonical and sum to 1 (the caller checked).

        What :meth:`_derived` returns for them, without its ``cancel`` of every
        outcome and of their sum (the word distribution computes them in the
        ring).  Not part of the public API.
        """
        gens = checks.free_parameters(list(outcomes.values()))
        self = object.__new__(cls)
        self._setup(names, dict(outcomes), Domain({s: parent_domain[s] for s in gens}))
        return self

    # --- read-only views ---------------------------------------------------------
    @property
    def names(self) -> tuple:
        """The variables' names, in order (the positions in each outcome tuple)."""
        return self._names

    @property
    def outcomes(self) -> dict:
        """A copy of ``{outcome tuple: probability}`` for the outcomes of nonzero probability."""
        return dict(self._outcomes)

    @property
    def parameters(self) -> tuple:
        """Free parameters, sorted by name."""
        return self._domain.symbols

    @property
    def domain(self) -> Domain:
        """The open parameter box on which the distribution is valid."""
        return self._domain

    def probability(self, outcome) -> sp.Expr:
        """``P(outcome)``: the probability of one outcome tuple (0 if it is not in the support).

        Examples
        --------
        >>> from symcm.information import JointDistribution
        >>> d = JointDistribution({(0, 0): sp.Rational(1, 2), (1, 1): sp.Rational(1, 2)}, ("X", "Y"))
        >>> d.probability((0, 0)), d.probability((0, 1))
        (1/2, 0)
        """
        return self._outcomes.get(_as_key(outcome, self._names), sp.Integer(0))

    def _positions(self, rvs) -> tuple:
        names = _as_rvs(rvs)
        index = {n: i for i, n in enumerate(self._names)}
        for n in names:
            if n not in index:
                raise UnknownVariableError(f"unknown variable {n!r}; the variables are {self._names}")
        return names, tuple(index[n] for n in names)

    # --- derived distributions ----------------------------------------------------------
    def marginal(self, rvs) -> JointDistribution:
        """The marginal distribution of some variables, in the order given.

        Parameters
        ----------
        rvs : str or sequence of str
            A name or names (repeats are ignored; ``()`` gives the trivial
            distribution ``{(): 1}`` of no variables).

        Raises
        ------
        UnknownVariableError
            A name is not among :attr:`names`.

        Examples
        --------
        >>> from symcm.information import JointDistribution
        >>> p = sc.symbols("p")
        >>> d = JointDistribution({(0, 0): p / 2, (0, 1): p / 2, (1, 1): 1 - p}, ("X", "Y"))
        >>> d.marginal("Y").outcomes
        {(0,): p/2, (1,): 1 - p/2}
        >>> d.marginal(("Y", "X")).names
        ('Y', 'X')
        """
        names, pos = self._positions(rvs)
        if names == self._names:  # all variables in their order: this very distribution
            return self
        out: dict = {}
        for key, prob in self._outcomes.items():
            sub = tuple(key[i] for i in pos)
            out[sub] = out[sub] + prob if sub in out else prob
        return JointDistribution._derived(out, names, self._domain)

    def condition(self, event: Mapping) -> JointDistribution:
        """The conditional distribution of the other variables given some variables' values.

        Parameters
        ----------
        event : mapping name -> value
            ``{"Y": 0}`` conditions on ``Y = 0``.

        Returns
        -------
        JointDistribution
            Over the variables not named in ``event``, in their order.

        Raises
        ------
        DomainError
            The event has probability 0, identically or somewhere inside the
            domain (where the conditional distribution is undefined; restrict
            the domain or substitute values).
        UnknownVariableError
            A name is not among :attr:`names`.

        Examples
        --------
        >>> from symcm.information import JointDistribution
        >>> p = sc.symbols("p")
        >>> d = JointDistribution({(0, 0): p / 2, (0, 1): p / 2, (1, 1): 1 - p}, ("X", "Y"))
        >>> d.condition({"Y": 1}).outcomes
        {(0,): -p/(p - 2), (1,): (2*p - 2)/(p - 2)}
        """
        if not isinstance(event, Mapping):
            raise ParameterTypeError(f"expected the event as a mapping {{name: value}}, received {event!r}")
        names, pos = self._positions(tuple(event))
        values = tuple(event[n] for n in names)
        rest = tuple(i for i in range(len(self._names)) if i not in pos)
        rest_names = tuple(self._names[i] for i in rest)
        joint = {}
        for key, prob in self._outcomes.items():
            if tuple(key[i] for i in pos) == values:
                joint[tuple(key[i] for i in rest)] = prob
        label = ", ".join(f"{n}={v!r}" for n, v in zip(names, values))
        total = _cancel(sp.Add(*joint.values()))
        if total == 0:
            raise DomainError(f"cannot condition on {label}: the event has probability 0")
        gens = self.parameters
        if gens and total.free_symbols:
            _, pn, pd = _rational_function(total, gens, f"probability of {label}")
            report = _sign(pn, pd, tuple(self._domain.items()))
            if report.zero_condition is not None:
                raise DomainError(
                    f"cannot condition on {label}: its probability {total} vanishes where "
                    f"{report.zero_condition} inside the domain {self._domain}, where the conditional "
                    "distribution is undefined; restrict the domain or substitute values"
                )
        return JointDistribution._derived({k: v / total for k, v in joint.items()}, rest_names, self._domain)

    def rename(self, mapping: Mapping) -> JointDistribution:
        """A new distribution with variables renamed by ``mapping`` (unmapped names kept).

        Examples
        --------
        >>> from symcm.information import JointDistribution
        >>> JointDistribution({0: 1}, "X").rename({"X": "Y"}).names
        ('Y',)
        """
        if not isinstance(mapping, Mapping):
            raise ParameterTypeError(f"expected a mapping old name -> new name, received {mapping!r}")
        names = _as_names([mapping.get(n, n) for n in self._names])
        return JointDistribution._derived(self._outcomes, names, self._domain)

    def subs(self, values: Mapping, *, domain: Mapping | None = None) -> JointDistribution:
        """A new distribution with some parameters replaced by numbers or expressions.

        Keys are Symbols or parameter names; values are exact numbers (floats
        are converted with a warning) or expressions.  The remaining
        parameters keep their intervals unless ``domain`` gives new ones.  As
        for :meth:`symcm.models.hmm.HMM.subs`, the point may lie on the boundary of
        the domain if the result is a valid distribution (outcomes whose
        probability becomes 0 disappear); the result is validated again.

        Raises
        ------
        DomainError
            A key is not a parameter, or a probability is undefined at the point.

        Examples
        --------
        >>> from symcm.information import JointDistribution
        >>> p = sc.symbols("p")
        >>> JointDistribution({0: p, 1: 1 - p}, "X").subs({"p": 1}).outcomes
        {(0,): 1}
        """
        by_name = {s.name: s for s in self.parameters}
        mapping = {}
        for key, val in dict(values).items():
            sym = by_name.get(key) if isinstance(key, str) else key
            if sym not in self._domain:
                raise DomainError(
                    f"cannot substitute {key}: it is not a parameter of this distribution; "
                    f"parameters: {', '.join(map(str, self.parameters)) or 'none'}"
                )
            mapping[sym] = as_exact(val, where=f"value of {sym}")
        raw = {}
        for key, prob in self._outcomes.items():
            value = prob.subs(mapping, simultaneous=True)
            if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                at = ", ".join(f"{k} = {v}" for k, v in mapping.items())
                raise DomainError(
                    f"the probability {prob} of outcome {_fmt_outcome(key, self._names)} is undefined at {at}"
                )
            raw[key] = value
        keep = dict(self._domain.items())
        keep.update(dict(domain or {}))
        free = set().union(*(_cancel(v).free_symbols for v in raw.values()))
        new = object.__new__(JointDistribution)
        new._setup(self._names, *_validated(raw, self._names, {s: b for s, b in keep.items() if s in free}))
        return new

    # --- value semantics ------------------------------------------------------------
    def _key(self):
        return (self._names, frozenset(self._outcomes.items()), self._domain)

    def __eq__(self, other) -> bool:
        if not isinstance(other, JointDistribution):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(self._key()))
        return self._hash

    def __setattr__(self, name, value):
        raise AttributeError(
            f"JointDistribution is immutable: cannot set {name!r}; use subs(), marginal() or "
            "coarse_grain() to build a new one"
        )

    def __reduce__(self):
        return (_rebuild, (tuple(self._outcomes.items()), self._names, tuple(self._domain.items())))

    def __repr__(self) -> str:
        if len(self._outcomes) <= 16:
            body = "{" + ", ".join(f"{k!r}: {v}" for k, v in self._outcomes.items()) + "}"
        else:
            body = f"<{len(self._outcomes)} outcomes>"
        dom = f", domain={self._domain!r}" if self._domain else ""
        return f"JointDistribution({body}, names={self._names!r}{dom})"


def _rebuild(items, names, domain):
    return JointDistribution(dict(items), names, domain=dict(domain))


def _validated(raw: dict, names: tuple, domain: Mapping | None) -> tuple[dict, Domain]:
    """Cancel, check and certify the probabilities ``{key: exact expr}``; return them and the domain."""
    cancelled = {k: _cancel(v) if isinstance(v, sp.Expr) else v for k, v in raw.items()}
    gens = checks.free_parameters(list(cancelled.values()))
    given = dict(domain or {})
    for s in given:
        if s not in gens:
            raise DomainError(
                f"the domain names {s}, which does not occur in the probabilities; "
                f"parameters: {', '.join(map(str, gens)) or 'none'}"
            )
    dom = Domain({s: given.get(s, (0, 1)) for s in gens})
    box = tuple((s, dom[s]) for s in gens)
    out = {}
    for key, prob in cancelled.items():
        where = f"probability of outcome {_fmt_outcome(key, names)}"
        value, pn, pd = _rational_function(prob, gens, where)
        if value == 0:
            continue
        if not gens:
            if value < 0:
                raise NegativeProbabilityError(f"{where} is {value}, which is negative")
        else:
            report = _sign(pn, pd, box)
            if report.pole_factors:
                raise NegativeProbabilityError(
                    f"{where} is {value}, which is undefined where "
                    f"{' or '.join(f'{f} = 0' for f in report.pole_factors)} inside the domain {dom}"
                )
            if not report.nonnegative:
                at = ", ".join(f"{s} = {v}" for s, v in report.witness.items())
                raise NegativeProbabilityError(f"{where} is {value}, which is negative at {at} in the domain {dom}")
        out[key] = value
    total = _cancel(sp.Add(*out.values()))
    if total != 1:
        raise NotStochasticError(
            f"the probabilities of the outcomes of {names} sum to {total}, not 1"
            + (" (no outcome has nonzero probability)" if not out else "")
        )
    return out, dom


def _as_rvs(rvs) -> tuple:
    """A name or sequence of names as a tuple without repeats."""
    if rvs is None:
        raise ParameterTypeError("expected a variable name or a sequence of names, received None")
    if isinstance(rvs, str):
        return (rvs,)
    try:
        names = tuple(rvs)
    except TypeError:
        raise ParameterTypeError(f"expected a variable name or a sequence of names, received {rvs!r}") from None
    for n in names:
        if not isinstance(n, str):
            raise ParameterTypeError(f"expected variable names (str), received {n!r} of type {type(n).__name__}")
    return tuple(dict.fromkeys(names))


def _check(d) -> None:
    if not isinstance(d, JointDistribution):
        raise ParameterTypeError(f"expected a JointDistribution, received {d!r} of type {type(d).__name__}")

