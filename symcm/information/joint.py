r"""Joint distributions of named random variables and their information measures.

A **joint distribution** of random variables :math:`X_1, \dots, X_n` with
finite ranges is a function :math:`P(x_1, \dots, x_n) \ge 0` that sums to 1.
In symcm each probability is an exact rational function of real parameters
ranging over an open box (:class:`~symcm.algebra.domain.Domain`), validated exactly as
the edge probabilities of a model are (:mod:`symcm.models.hmm`): the probabilities
sum to 1 identically and each is nonnegative on the whole domain.

For sets of variables :math:`A, B, C` (written as names, or tuples of names),
the quantities below are in bits, written with the entropy function
:class:`~symcm.algebra.entropy.H` of the marginal distributions:

* **entropy** :math:`H[A] = -\sum_a P(a) \log_2 P(a)`, the entropy of the
  marginal distribution of :math:`A` (:math:`H[\varnothing] = 0`);
* **conditional entropy** :math:`H[A \mid C] = H[A, C] - H[C]
  = \sum_c P(c)\, H[A \mid C = c]`;
* **mutual information** :math:`I[A; B] = H[A] + H[B] - H[A, B]
  = D\big(P_{AB} \,\|\, P_A P_B\big) \ge 0`, zero exactly when :math:`A` and
  :math:`B` are independent;
* **conditional mutual information** :math:`I[A; B \mid C] = H[A, C] + H[B, C]
  - H[A, B, C] - H[C] = \sum_c P(c)\, I[A; B \mid C = c] \ge 0`, zero exactly
  when :math:`A` and :math:`B` are conditionally independent given :math:`C`.

A variable is **coarse-grained** by a function :math:`g` when its value
:math:`x` is replaced by :math:`g(x)` and the outcomes that become equal are
merged.  For a deterministic :math:`g` the *data-processing inequality*

.. math::

    I[Y; Z] - I[Y; g(Z)] = I[Y; Z \mid g(Z)] \ge 0

holds, with equality exactly when :math:`Z \to g(Z) \to Y` is a Markov chain
[Cover & Thomas 2006, sec. 2.8].

The **word distribution** of a stationary process is the joint distribution
of :math:`(X_1, \dots, X_L)`; its entropy is the block entropy :math:`H(L)`,
and the chain rule :math:`H(X_1 \dots X_L) = \sum_t H[X_t \mid X_{<t}]`
(the autoregressive factorisation) relates it to the next-symbol conditional
entropies, which decrease to the entropy rate :math:`h_\mu`
[Crutchfield & Feldman 2003].

Deciding identities between entropy expressions
-----------------------------------------------
sympy does not cancel logarithms of rational functions, so expressions such
as :math:`I[X; Y]` of independent variables do not simplify to 0 by
themselves.  :func:`log_form` writes an entropy expression exactly as
:math:`\sum_f c_f \log_2 |f|` over pairwise coprime integers and irreducible
polynomials :math:`f` with rational-function coefficients :math:`c_f`
(``log|f g| = log|f| + log|g|``), and :func:`entropy_equal` decides
equalities with it: an empty form proves an identity; for numbers a nonempty
form proves a difference (logarithms of pairwise coprime integers are
linearly independent over the rationals); for parametric expressions a
difference is proved by an exact witness point.

References
----------
.. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*,
   2nd ed., Wiley, 2006, ch. 2.
.. [2] J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness
   observed: levels of entropy convergence", Chaos 13, 25-54 (2003).

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.information import JointDistribution, entropy, mutual_information
>>> p = sc.symbols("p")
>>> d = JointDistribution({(0, 0): (1 - p) / 2, (0, 1): p / 2,
...                        (1, 0): p / 2, (1, 1): (1 - p) / 2}, ("X", "Y"))
>>> entropy(d, "X"), entropy(d, "Y")
(1, 1)
>>> mutual_information(d, "X", "Y")
2 - H(p/2, p/2, 1/2 - p/2, 1/2 - p/2)
>>> sc.information.entropy_equal(mutual_information(d, "X", "Y"), 1 - sc.H(p))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.domain import Domain
from ..algebra.entropy import H, entropy_of
from ..errors import (
    DomainError,
    ModelError,
    NegativeProbabilityError,
    NotStochasticError,
    ParameterTypeError,
    SymcmError,
    _KeyErrorMessage,
)
from ..models.hmm import HMM, as_exact
from ..algebra.rational import _rational_function, _sign
from ..causal.measures import MAX_WORDS

__all__ = [
    "JointDistribution",
    "UnknownVariableError",
    "coarse_grain",
    "conditional_entropy",
    "conditional_mutual_information",
    "entropy",
    "entropy_equal",
    "log_form",
    "mutual_information",
    "word_distribution",
]


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


def _free_symbols(values: Iterable[sp.Expr]) -> tuple:
    free = set().union(*(v.free_symbols for v in values)) if values else set()
    by_name = {}
    for s in free:
        if s.name in by_name and by_name[s.name] != s:
            raise ParameterTypeError(
                f"two different symbols are named {s.name!r} (different sympy assumptions); "
                "create parameters with symcm.symbols"
            )
        by_name[s.name] = s
    return tuple(sorted(free, key=lambda s: s.name))


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
    every information quantity of this module is continuous there
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
        gens = _free_symbols([sp.sympify(v) for v in outcomes.values()])
        merged = {}
        for key, prob in outcomes.items():
            value = _rational_function(prob, gens, f"probability of outcome {_fmt_outcome(key, names)}")[0]
            if value != 0:
                merged[key] = value
        total = _cancel(sp.Add(*merged.values()))
        if total != 1:  # pragma: no cover - invariant of the derivations
            raise NotStochasticError(f"derived distribution of {names} sums to {total}, not 1")
        gens = _free_symbols(merged.values())
        self = object.__new__(cls)
        self._setup(names, merged, Domain({s: parent_domain[s] for s in gens}))
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
    gens = _free_symbols(list(cancelled.values()))
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


# --- information measures -------------------------------------------------------------

def entropy(d: JointDistribution, rvs=None) -> sp.Expr:
    """The joint entropy ``H[rvs]`` of some variables, in bits.

    Parameters
    ----------
    d : JointDistribution
    rvs : str or sequence of str, optional
        A name or names; default: all of ``d.names``.

    Returns
    -------
    sympy.Expr
        :func:`symcm.algebra.entropy.entropy_of` of the marginal probabilities: an
        expression in :class:`~symcm.algebra.entropy.H` or an exact number.

    Notes
    -----
    Cost: one pass over the outcomes to marginalise, and one cancellation
    per merged outcome.  The result is not simplified; compare entropy
    expressions with :func:`entropy_equal`.

    Examples
    --------
    >>> from symcm.information import JointDistribution, entropy
    >>> p = sc.symbols("p")
    >>> d = JointDistribution({(0, 0): p / 2, (0, 1): p / 2, (1, 1): 1 - p}, ("X", "Y"))
    >>> entropy(d, "X"), entropy(d)
    (H(p), H(p/2, p/2, 1 - p))
    >>> entropy(d, ())
    0
    """
    _check(d)
    return entropy_of(d.marginal(d.names if rvs is None else rvs)._outcomes.values())


def conditional_entropy(d: JointDistribution, rvs, given) -> sp.Expr:
    """The conditional entropy ``H[rvs | given] = H[rvs, given] - H[given]``, in bits.

    Parameters
    ----------
    d : JointDistribution
    rvs, given : str or sequence of str
        Names of variables (``given = ()`` gives ``H[rvs]``).

    Notes
    -----
    Equal to ``sum_c P(c) H[rvs | given = c]`` (average over the values of
    ``given`` of the entropies of :meth:`JointDistribution.condition`); the
    difference form is returned because it needs no division.

    Examples
    --------
    >>> from symcm.information import JointDistribution, conditional_entropy
    >>> half = sp.Rational(1, 2)
    >>> d = JointDistribution({(0, 0): half, (1, 1): half}, ("X", "Y"))
    >>> conditional_entropy(d, "X", "Y"), conditional_entropy(d, "X", ())
    (0, 1)
    """
    _check(d)
    rvs, given = _as_rvs(rvs), _as_rvs(given)
    return entropy(d, _union(rvs, given)) - entropy(d, given)


def mutual_information(d: JointDistribution, a, b) -> sp.Expr:
    """The mutual information ``I[a; b] = H[a] + H[b] - H[a, b]``, in bits.

    Parameters
    ----------
    d : JointDistribution
    a, b : str or sequence of str
        A name or names each.

    Notes
    -----
    Always ``>= 0`` (Gibbs' inequality), ``0`` exactly when ``a`` and ``b``
    are independent and ``I[a; a] = H[a]``.  The result is an expression in
    ``H`` that sympy may not simplify to 0; decide such identities with
    :func:`entropy_equal`.

    Examples
    --------
    >>> from symcm.information import JointDistribution, mutual_information, entropy_equal
    >>> p, q = sc.symbols("p q")
    >>> d = JointDistribution({(0, 0): p * q, (0, 1): p * (1 - q),
    ...                        (1, 0): (1 - p) * q, (1, 1): (1 - p) * (1 - q)}, ("X", "Y"))
    >>> entropy_equal(mutual_information(d, "X", "Y"), 0)      # independent
    True
    >>> mutual_information(d, "X", "X")
    H(p)
    """
    _check(d)
    a, b = _as_rvs(a), _as_rvs(b)
    return entropy(d, a) + entropy(d, b) - entropy(d, _union(a, b))


def conditional_mutual_information(d: JointDistribution, a, b, given) -> sp.Expr:
    """``I[a; b | given] = H[a, given] + H[b, given] - H[a, b, given] - H[given]``, in bits.

    Parameters
    ----------
    d : JointDistribution
    a, b, given : str or sequence of str

    Notes
    -----
    Equal to ``sum_c P(c) I[a; b | given = c] >= 0``, and 0 exactly when
    ``a`` and ``b`` are conditionally independent given ``given``.

    Examples
    --------
    >>> from symcm.information import JointDistribution, conditional_mutual_information
    >>> half = sp.Rational(1, 2)
    >>> d = JointDistribution({(0, 0, 0): half, (1, 1, 1): half}, ("X", "Y", "Z"))
    >>> conditional_mutual_information(d, "X", "Y", "Z"), conditional_mutual_information(d, "X", "Y", ())
    (0, 1)
    """
    _check(d)
    a, b, c = _as_rvs(a), _as_rvs(b), _as_rvs(given)
    return entropy(d, _union(a, c)) + entropy(d, _union(b, c)) - entropy(d, _union(a, b, c)) - entropy(d, c)


def coarse_grain(d: JointDistribution, rv, g, *, name: str | None = None, keep: bool = False) -> JointDistribution:
    """Replace a variable (or several) by a function of its value, merging outcomes.

    Parameters
    ----------
    d : JointDistribution
    rv : str or tuple of str
        The variable to coarse-grain; with a tuple of names, ``g`` receives the
        tuple of their values and the variables are replaced by one.
    g : callable or mapping
        The deterministic map: ``g(value)`` or ``g[value]``; its results must
        be hashable.
    name : str, optional
        The new variable's name; default ``rv`` (required when ``rv`` names
        several variables or ``keep`` is true).
    keep : bool
        Keep ``rv`` and append the new variable (``(..., Z, g(Z))``) instead
        of replacing it.

    Returns
    -------
    JointDistribution
        The new variable takes the place of the first of ``rv`` (appended at
        the end with ``keep=True``).

    Raises
    ------
    DomainError
        A mapping ``g`` has no image for some value.
    ModelError
        The new name collides with a remaining variable.

    Examples
    --------
    >>> from symcm.information import JointDistribution, coarse_grain
    >>> quarter = sp.Rational(1, 4)
    >>> d = JointDistribution({(y, z): quarter for y, z in [(0, 0), (0, 1), (1, 2), (1, 3)]}, ("Y", "Z"))
    >>> coarse_grain(d, "Z", lambda z: z // 2).outcomes
    {(0, 0): 1/2, (1, 1): 1/2}
    >>> coarse_grain(d, "Z", {0: "even", 1: "odd", 2: "even", 3: "odd"}, name="P").names
    ('Y', 'P')
    >>> coarse_grain(d, "Z", lambda z: z % 2, name="P", keep=True).names
    ('Y', 'Z', 'P')
    """
    _check(d)
    several = not isinstance(rv, str)
    rvs, pos = d._positions(rv)
    if not rvs:
        raise ParameterTypeError("coarse_grain needs at least one variable, received none")
    if name is None:
        if several or keep:
            raise ParameterTypeError("coarse_grain: give the new variable a name (name=...)")
        name = rvs[0]
    if not isinstance(name, str):
        raise ParameterTypeError(f"expected the new variable's name to be a str, received {name!r}")
    if isinstance(g, Mapping):
        table = g

        def g(value):
            try:
                return table[value]
            except KeyError:
                raise DomainError(
                    f"the coarse-graining map has no image for the value {value!r} of {rv!r}"
                ) from None
    elif not callable(g):
        raise ParameterTypeError(f"expected g to be a callable or a mapping, received {g!r}")
    if keep:
        names = d.names + (name,)
    else:
        first = min(pos)
        names = tuple(name if i == first else n for i, n in enumerate(d.names) if i == first or i not in pos)
    if len(set(names)) != len(names):
        raise ModelError(
            f"the new variable's name {name!r} is already a variable of the result {names}; choose another name"
        )
    images: dict = {}
    out: dict = {}
    for key, prob in d._outcomes.items():
        arg = tuple(key[i] for i in pos) if several else key[pos[0]]
        if arg not in images:
            image = g(arg)
            try:
                hash(image)
            except TypeError:
                raise ParameterTypeError(
                    f"the coarse-graining map sends {arg!r} to the unhashable {image!r}"
                ) from None
            images[arg] = image
        image = images[arg]
        if keep:
            new = key + (image,)
        else:
            new = tuple(image if i == first else v for i, v in enumerate(key) if i == first or i not in pos)
        out[new] = out[new] + prob if new in out else prob
    return JointDistribution._derived(out, names, d.domain)


def word_distribution(m: HMM, length: int, *, max_words: int = MAX_WORDS,
                      backend: str | None = None) -> JointDistribution:
    """The joint distribution of ``(X_1, ..., X_L)`` under a model's stationary process.

    Parameters
    ----------
    m : HMM
    length : int
        ``L >= 0``; the variables are named ``"X1", ..., "XL"``.
    max_words : int
        Cap on the words enumerated, ``|alphabet| ** length`` (as in
        :func:`symcm.causal.measures.word_probabilities`).
    backend : {'flint', 'sympy'}, optional
        Polynomial arithmetic, as in :func:`symcm.causal.measures.word_probabilities`.

    Returns
    -------
    JointDistribution
        Outcomes are tuples of symbols (the words of nonzero probability).

    Raises
    ------
    TooLargeError
        If ``|alphabet| ** length`` exceeds ``max_words``.

    Notes
    -----
    Its entropy is the block entropy :func:`symcm.causal.measures.block_entropy`; by
    stationarity its marginal on ``X_{k+1}, ..., X_{k+j}`` is the word
    distribution of length ``j`` (renamed).

    Examples
    --------
    >>> from symcm.information import word_distribution, conditional_entropy
    >>> p, q = sc.symbols("p q")
    >>> d = word_distribution(sc.processes.binary_markov(p, q), 2)
    >>> d.names, d.probability(("0", "1"))
    (('X1', 'X2'), p*q/(p + q))
    >>> conditional_entropy(d, "X2", "X1")
    -H(p/(p + q)) + H(p*q/(p + q), p*q/(p + q), (-p*q + p)/(p + q), (-p*q + q)/(p + q))
    >>> sc.information.entropy_equal(_, sc.entropy_rate(sc.processes.binary_markov(p, q)))
    True
    """
    as_model(m, "word_distribution")
    from ..causal.measures import word_probabilities

    probs = word_probabilities(m, length, max_words=max_words, backend=backend)
    names = tuple(f"X{t}" for t in range(1, length + 1))
    return JointDistribution._derived(probs, names, m.domain)


# --- exact identities between entropy expressions -----------------------------------------

_LOG2 = sp.log(2)


def _log_terms(expr: sp.Expr) -> list | None:
    """``[(c, a), ...]`` with ``expr == sum c * log2(a)`` and log-free ``c``, ``a``; None if not of that shape."""
    if not expr.has(H, sp.log):
        return [(expr, sp.Integer(2))] if expr != 0 else []
    if expr.is_Add:
        out = []
        for term in expr.args:
            t = _log_terms(term)
            if t is None:
                return None
            out += t
        return out
    if isinstance(expr, H):
        args = expr.args if len(expr.args) > 1 else (expr.args[0], 1 - expr.args[0])
        if any(a.has(H, sp.log) for a in args):
            return None
        return [(-a, a) for a in args if a != 0]
    if expr.is_Mul:
        plain = [f for f in expr.args if not f.has(H, sp.log)]
        logs = [f for f in expr.args if f.has(H, sp.log)]
        coeff = sp.Mul(*plain)
        inverse_log2 = [f for f in logs if f == 1 / _LOG2]
        others = [f for f in logs if f != 1 / _LOG2]
        if len(others) != 1:
            return None
        (inner,) = others
        if len(inverse_log2) == 1 and isinstance(inner, sp.log):
            if inner.args[0].has(H, sp.log):
                return None
            return [(coeff, inner.args[0])]
        if not inverse_log2:
            t = _log_terms(inner)
            return None if t is None else [(coeff * c, a) for c, a in t]
        return None
    return None


def _factor_rational_function(a: sp.Expr, gens: tuple) -> list | None:
    """``[(base, k), ...]`` with ``|a| = prod |base|**k``: integers and primitive irreducible polynomials."""
    num, den = sp.fraction(_cancel(a))
    out = []
    for part, sign in ((num, 1), (den, -1)):
        try:
            const, factors = sp.factor_list(part, *gens) if gens else (part, [])
        except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
            return None
        if not isinstance(const, sp.Rational) or const == 0:
            return None
        out += [(sp.Integer(abs(const.p)), sign), (sp.Integer(const.q), -sign)]
        for f, k in factors:
            poly = sp.Poly(f, *gens)
            if poly.is_ground:
                return None  # pragma: no cover - factor_list puts constants in const
            if poly.LC() < 0:
                poly = -poly
            out.append((poly.as_expr(), sign * k))
    return out


def _gcd_free(form: dict) -> dict:
    """Rewrite the integer bases over pairwise coprime integers (logs of those are independent over Q)."""
    ints = {n: c for n, c in form.items() if n.is_Integer}
    rest = {n: c for n, c in form.items() if not n.is_Integer}
    basis: list[int] = []
    work = [int(n) for n in ints if n > 1]
    while work:
        x = work.pop()
        if x == 1:
            continue
        for b in basis:
            g = math.gcd(x, b)
            if g > 1:
                basis.remove(b)
                work += [g, b // g, x // g]
                break
        else:
            basis.append(x)
    roots = {}
    for b in basis:  # 4 -> 2**2: the smallest base (still pairwise coprime)
        power = sp.perfect_power(b)
        roots[b] = (sp.Integer(power[0]), power[1]) if power else (sp.Integer(b), 1)
    out: dict = {}
    for n, c in ints.items():
        n = int(n)
        for b in basis:
            root, k = roots[b]
            while n % b == 0:
                n //= b
                out[root] = out.get(root, 0) + k * c
    out.update(rest)
    return out


def log_form(expr) -> dict | None:
    r"""An entropy expression as a combination of base-2 logarithms: ``{base: coefficient}``.

    Writes ``expr`` exactly as :math:`\sum_f c_f \log_2 |f|`, where the bases
    :math:`f` are pairwise coprime integers ``> 1`` and irreducible
    primitive polynomials with positive leading coefficient, and the
    coefficients :math:`c_f` are nonzero cancelled rational functions.  A
    rational (log-free) part ``r`` is ``r log2(2)``.

    Parameters
    ----------
    expr : sympy.Expr
        A sum of rational multiples (rational functions) of ``H(...)`` of
        rational functions, of ``log(a)/log(2)`` and of rational functions:
        the form of every entropy this module and :mod:`symcm.causal.measures`
        return.

    Returns
    -------
    dict or None
        ``{}`` when the expression is identically 0; None when it is not of
        the shape above (e.g. ``Piecewise``, ``sqrt``).

    Notes
    -----
    Uses :math:`\log_2|ab| = \log_2|a| + \log_2|b|` after factoring the
    numerator and denominator of every logarithm's argument over the
    rationals; valid wherever no base vanishes, hence, by continuity of the
    entropy, everywhere on the domain.  Cost: one multivariate factorisation
    per distinct argument.

    Examples
    --------
    >>> from symcm.information import log_form
    >>> p = sc.symbols("p")
    >>> log_form(sc.H(p, p, 1 - 2*p) - 2*p - sc.H(2*p))
    {}
    >>> log_form(sc.H(sp.Rational(1, 4)))
    {2: 2, 3: -3/4}
    """
    expr = as_exact(expr, where="log_form")
    terms = _log_terms(sp.expand(expr, deep=False, log=False, multinomial=False, power_exp=False,
                                 power_base=False, mul=True))
    if terms is None:
        return None
    gens = tuple(sorted(set().union(*(c.free_symbols | a.free_symbols for c, a in terms)) if terms else set(),
                        key=lambda s: s.name))
    form: dict = {}
    for coeff, arg in terms:
        if not (coeff.is_rational_function(*gens) and arg.is_rational_function(*gens)):
            return None
        factors = _factor_rational_function(arg, gens)
        if factors is None:
            return None
        for base, k in factors:
            if base == 1:
                continue
            form[base] = form.get(base, 0) + k * coeff
    form = _gcd_free(form)
    out = {}
    for base, c in form.items():
        try:
            c = _cancel(c)
        except sp.PolynomialError:  # pragma: no cover - coefficients are rational functions
            return None
        if c.has(H, sp.log):
            return None
        if c != 0:
            out[base] = c
    return out


def _sample_points(syms: tuple, domain: Mapping | None) -> list[dict]:
    """A few rational points inside the domain (default ``(0, 1)`` per parameter)."""
    given = dict(domain or {})
    box = {s: tuple(sp.Rational(b) for b in given.get(s, (0, 1))) for s in syms}
    fractions = [sp.Rational(1, 2), sp.Rational(2, 7), sp.Rational(5, 8), sp.Rational(3, 11), sp.Rational(7, 9)]
    return [{s: box[s][0] + (box[s][1] - box[s][0]) * fractions[(k + j) % len(fractions)]
             for j, s in enumerate(syms)} for k in range(len(fractions))]


def entropy_equal(a, b, *, domain: Mapping | None = None) -> bool | None:
    """Decide exactly whether two entropy expressions are equal (identically in the parameters).

    Parameters
    ----------
    a, b : sympy.Expr or number
        Expressions of the shape :func:`log_form` understands.
    domain : mapping Symbol -> (lo, hi), optional
        Where to look for a witness of a difference; default ``(0, 1)`` for
        every parameter.

    Returns
    -------
    bool or None
        True: the log form of ``a - b`` is empty, so ``a == b`` identically.
        False: the expressions differ at an exhibited rational point (for
        numbers: the log form over pairwise coprime integers is not empty,
        and logarithms of pairwise coprime integers are linearly independent
        over the rationals).  None: not decided (an expression of another
        shape, or no witness found among the points tried).

    Examples
    --------
    >>> from symcm.information import entropy_equal
    >>> p = sc.symbols("p")
    >>> entropy_equal(sc.H(sp.Rational(1, 4), sp.Rational(1, 4), sp.Rational(1, 2)), sp.Rational(3, 2))
    True
    >>> entropy_equal(sc.H(p), sc.H(1 - p)), entropy_equal(sc.H(p), p)
    (True, False)
    >>> entropy_equal(sp.sqrt(p), p) is None
    True
    """
    a = as_exact(a, where="entropy_equal: first expression")
    b = as_exact(b, where="entropy_equal: second expression")
    diff = sp.Add(a, -b)
    form = log_form(diff)
    if form is None:
        return None
    if not form:
        return True
    syms = tuple(sorted(diff.free_symbols, key=lambda s: s.name))
    if not syms:
        return False
    for point in _sample_points(syms, domain):
        value = diff.subs(point)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        at = log_form(value)
        if at:  # nonzero over pairwise coprime integers: a witness
            return False
    return None

