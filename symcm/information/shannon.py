r"""Shannon's information measures of a joint distribution, coarse-graining and word distributions.

For sets of variables :math:`A, B, C` of a
:class:`~symcm.information.joint.JointDistribution` (written as names, or
tuples of names), the quantities below are in bits, written with the
entropy function :class:`~symcm.algebra.entropy.H` of the marginal
distributions:

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

The results are not simplified (sympy does not cancel logarithms of
rational functions); decide identities between them with
:func:`~symcm.information.identities.entropy_equal`.

A variable is **coarse-grained** by a function :math:`g` when its value
:math:`x` is replaced by :math:`g(x)` and the outcomes that become equal are
merged (:func:`coarse_grain`).  For a deterministic :math:`g` the
*data-processing inequality*

.. math::

    I[Y; Z] - I[Y; g(Z)] = I[Y; Z \mid g(Z)] \ge 0

holds, with equality exactly when :math:`Z \to g(Z) \to Y` is a Markov chain
[Cover & Thomas 2006, sec. 2.8].

The **word distribution** of a stationary process is the joint distribution
of :math:`(X_1, \dots, X_L)` (:func:`word_distribution`); its entropy is the
block entropy :math:`H(L)`, and the chain rule
:math:`H(X_1 \dots X_L) = \sum_t H[X_t \mid X_{<t}]` (the autoregressive
factorisation) relates it to the next-symbol conditional entropies, which
decrease to the entropy rate :math:`h_\mu` [Crutchfield & Feldman 2003].

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

from collections.abc import Mapping

import sympy as sp

from ..algebra.entropy import _entropy_of_valid, entropy_of
from ..causal.measures import MAX_WORDS, word_probabilities
from ..errors import DomainError, ModelError, ParameterTypeError
from ..models.hmm import HMM, as_model
from .joint import JointDistribution, _as_rvs, _check, _union

__all__ = [
    "coarse_grain",
    "conditional_entropy",
    "conditional_mutual_information",
    "entropy",
    "mutual_information",
    "word_distribution",
]


def entropy(d: JointDistribution, rvs=None) -> sp.Expr:
    r"""The joint entropy :math:`H[\mathrm{rvs}]` of some variables, in bits.

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
    expressions with :func:`~symcm.information.identities.entropy_equal`.

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
    # the outcomes of a distribution are validated probabilities: no checks needed on them
    return _entropy_of_valid(d.marginal(d.names if rvs is None else rvs)._outcomes.values())


def conditional_entropy(d: JointDistribution, rvs, given) -> sp.Expr:
    r"""The conditional entropy :math:`H[\mathrm{rvs} \mid \mathrm{given}] = H[\mathrm{rvs}, \mathrm{given}] - H[\mathrm{given}]`, in bits.

    Parameters
    ----------
    d : JointDistribution
    rvs, given : str or sequence of str
        Names of variables (``given = ()`` gives :math:`H[\mathrm{rvs}]`).

    Notes
    -----
    Equal to :math:`\sum_c P(c) \, H[\mathrm{rvs} \mid \mathrm{given} = c]` (average over the values of
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
    r"""The mutual information :math:`I[a; b] = H[a] + H[b] - H[a, b]`, in bits.

    Parameters
    ----------
    d : JointDistribution
    a, b : str or sequence of str
        A name or names each.

    Notes
    -----
    Always :math:`\ge 0` (Gibbs' inequality), 0 exactly when ``a`` and ``b``
    are independent, and :math:`I[a; a] = H[a]`.  The result is an expression in
    ``H`` that sympy may not simplify to 0; decide such identities with
    :func:`~symcm.information.identities.entropy_equal`.

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
    r""":math:`I[a; b \mid \mathrm{given}] = H[a, \mathrm{given}] + H[b, \mathrm{given}] - H[a, b, \mathrm{given}] - H[\mathrm{given}]`, in bits.

    Parameters
    ----------
    d : JointDistribution
    a, b, given : str or sequence of str

    Notes
    -----
    Equal to :math:`\sum_c P(c) \, I[a; b \mid \mathrm{given} = c] \ge 0`, and 0 exactly when
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
    r"""The joint distribution of :math:`(X_1, \ldots, X_L)` under a model's stationary process.

    Parameters
    ----------
    m : HMM
    length : int
        :math:`L \ge 0`; the variables are named ``"X1", ..., "XL"``.
    max_words : int
        Cap on the words enumerated, :math:`|\mathrm{alphabet}|^{\mathrm{length}}` (as in
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
        If :math:`|\mathrm{alphabet}|^{\mathrm{length}}` exceeds ``max_words``.

    Notes
    -----
    Its entropy is the block entropy :func:`symcm.causal.measures.block_entropy`; by
    stationarity its marginal on :math:`X_{k+1}, \ldots, X_{k+j}` is the word
    distribution of length :math:`j` (renamed).

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
    if not m.parameters or len(m.alphabet) == 1:
        probs = word_probabilities(m, length, max_words=max_words, backend=backend)
        return JointDistribution._derived(probs, tuple(f"X{t}" for t in range(1, length + 1)), m.domain)
    # the probabilities cancelled in the ring, in the canonical form the distribution keeps (no sympy cancel)
    from ..algebra.backends import backend_name
    from ..algebra.rational import _canonical_of_ring
    from ..causal.measures import _check_word_count, _word_numerators
    from .. import checks

    where = "word_probabilities"
    length = checks.integer(length, "length", where=where, minimum=0)
    _check_word_count(m, length, checks.cap(max_words, "max_words", where=where), where)
    ring, numerators, den = _word_numerators(m, length, backend_name(backend, where=where))
    names = tuple(f"X{t}" for t in range(1, length + 1))
    if ring.vector_sum(list(numerators.values())) != den:  # pragma: no cover - invariant of the walk
        raise AssertionError("word_distribution: the word probabilities do not sum to 1")
    outcomes = {w: _canonical_of_ring(ring, num, den, ring.gens)[0] for w, num in numerators.items()}
    return JointDistribution._canonical(outcomes, names, m.domain)

