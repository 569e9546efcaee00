r"""Information measures of a presentation and of its process.

Let a model with states :math:`\mathcal{S}`, labelled matrices :math:`T^{(x)}` and stationary
distribution :math:`\pi` generate the stationary process :math:`\ldots X_{-1} X_0 X_1 \ldots`.

* **Word probability**: :math:`\Pr(w_1 \ldots w_L) = \pi T^{(w_1)} \cdots T^{(w_L)} \mathbf{1}`.
* **Block entropy**: :math:`H(L) = -\sum_{|w| = L} \Pr(w) \log_2 \Pr(w)`; :math:`H(0) = 0`.
* **Entropy rate**: :math:`h_\mu = \lim_{L \to \infty} H(L) / L = \lim_{L \to \infty} [H(L) - H(L-1)]`.
  For a *unifilar* presentation the state and the next symbol determine the next
  state, so :math:`h_\mu = \sum_s \pi_s H[X_0 \mid S_0 = s]` exactly
  [Shannon 1948; Crutchfield & Feldman 2003].
* **State entropy**: :math:`H[\pi] = -\sum_s \pi_s \log_2 \pi_s` of this presentation.
  For the epsilon-machine it is the statistical complexity :math:`C_\mu`; for any
  other presentation it is an upper bound on nothing in general and only
  describes that presentation's memory.

Always :math:`0 \le h_\mu \le H(1) \le \log_2 |\mathcal{A}|`.

References
----------
.. [1] C. E. Shannon, "A mathematical theory of communication", Bell System
   Technical Journal 27, 379-423 (1948).
.. [2] J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness
   observed: levels of entropy convergence", Chaos 13, 25-54 (2003).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.entropy import _entropy_of_valid, entropy_of
from ..errors import DomainError, ParameterTypeError, TooLargeError, UnknownSymbolError
from ..models.hmm import HMM
from ..models.structure import is_unifilar
from ..algebra.backends import backend_name
from ..algebra.ring import rational_to_backend
from .bounds import MAX_BELIEFS
from .stationary import stationary_distribution, stationary_weights

__all__ = [
    "state_entropy",
    "entropy_rate",
    "word_probability",
    "word_probabilities",
    "block_entropy",
    "MAX_WORDS",
    "MAX_DIGITS",
]

#: Default cap on the number of words ``|A|^L`` that :func:`block_entropy` enumerates.
MAX_WORDS = 2**16

#: Default cap on the digits of a certified enclosure asked of :func:`entropy_rate`.
MAX_DIGITS = 1000


def state_entropy(m: HMM) -> sp.Expr:
    r"""The entropy :math:`H[\pi]` of the stationary state distribution of this presentation, in bits.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.state_entropy(sc.processes.binary_markov(p, q))
    H(p/(p + q))
    >>> sc.state_entropy(sc.processes.period(4))
    2

    Where vanishing edges split the chain (see :func:`stationary_distribution`)
    the answer is a :class:`~symcm.algebra.cases.Cases` with an
    :class:`~symcm.causal.ergodic.ErgodicDecomposition` (:math:`H[\pi]` per recurrent
    class) on each such stratum.
    """
    as_model(m, "state_entropy")
    from .ergodic import by_strata
    from .stationary import recurrent_classes, _refuse_several_classes

    _refuse_several_classes(recurrent_classes(m))
    return by_strata(m, lambda model: _entropy_of_valid(_generic_pi(model).values()),
                     lambda cm, here: state_entropy(cm), "state entropy")


def _generic_pi(m: HMM) -> dict:
    """The stationary distribution at the generic point (the caller handles degenerate strata)."""
    from .stationary import _to_fractions

    return _to_fractions(*stationary_weights(m, generic=True))


def _symbol_distribution(m: HMM) -> dict:
    """``state -> {symbol: Pr(symbol | state)}``."""
    out = {s: {} for s in m.states}
    for e in m.edges:
        row = out[e.source]
        row[e.symbol] = row.get(e.symbol, 0) + e.probability
    return out


def entropy_rate(m: HMM, *, digits: int = 30, max_states: int = 200, max_length: int = 2000,
                 max_beliefs: int = MAX_BELIEFS, max_digits: int = MAX_DIGITS):
    r"""The entropy rate :math:`h_\mu` of the process, in bits per symbol.

    * unifilar ``m``: exactly, :math:`h_\mu = \sum_s \pi_s H[X \mid S = s]`;
    * non-unifilar ``m`` with a finite epsilon-machine: exactly, from the
      epsilon-machine (``Piecewise`` where its structure changes);
    * infinitely many causal states and numeric probabilities: a certified
      enclosure :class:`~symcm.causal.bounds.Bounds` of width below :math:`10^{-\mathrm{digits}}`
      (see :func:`~symcm.causal.bounds.entropy_rate_bounds` for the method).

    Parameters
    ----------
    m : HMM
    digits : int
        Accuracy of the numeric enclosure, when one is needed (from 1 to
        ``max_digits``; checked even when the answer is exact).
    max_states : int
        Cap on mixed states (default :data:`symcm.causal.MAX_MIXED_STATES`).
    max_length, max_beliefs : int
        Caps of the numeric enclosure (see :func:`~symcm.causal.bounds.entropy_rate_bounds`).
    max_digits : int
        Cap on ``digits`` (default :data:`MAX_DIGITS`): each digit of a
        certified enclosure costs longer words and wider arithmetic.

    Returns
    -------
    sympy.Expr, Bounds or Cases
        ``Piecewise`` where the causal structure changes.  Where an edge
        that vanishes inside the domain splits the chain into several
        recurrent classes, a :class:`~symcm.algebra.cases.Cases` whose value on such
        a stratum is an :class:`~symcm.causal.ergodic.ErgodicDecomposition` (the
        entropy rate of each ergodic component) and whose other values are
        expressions; the generic case is last.

    Raises
    ------
    ParameterTypeError
        If ``m`` is not an HMM or an argument is not an int.
    DomainError
        If ``digits`` or a cap is below 1.
    TooLargeError
        If ``digits`` exceeds ``max_digits``.
    InfiniteStatesError
        Infinitely many causal states and free parameters: no exact form and
        no numbers to bound; substitute values.
    NotErgodicError
        Several recurrent classes on the whole domain.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.entropy_rate(sc.processes.binary_markov(p, q))
    p*H(q)/(p + q) + q*H(p)/(p + q)
    >>> sc.entropy_rate(sc.processes.biased_coin(p))
    H(p)
    >>> sc.entropy_rate(sc.processes.lohr_generator(p))
    H(p)
    >>> b = sc.entropy_rate(sc.processes.sns(), digits=12)    # infinitely many causal states
    >>> b.width < 1e-12, b.contains(0.677867181055)
    (True, True)

    References
    ----------
    Shannon 1948; Blackwell 1957; Crutchfield & Feldman 2003.
    """
    where = "entropy_rate"
    as_model(m, where)
    max_states = checks.cap(max_states, "max_states", where=where)
    max_length = checks.cap(max_length, "max_length", where=where)
    max_beliefs = checks.cap(max_beliefs, "max_beliefs", where=where)
    max_digits = checks.cap(max_digits, "max_digits", where=where)
    digits = checks.digits(digits, where=where, maximum=max_digits)
    from .ergodic import by_strata, measure_of
    from .stationary import recurrent_classes, _refuse_several_classes

    if is_unifilar(m):
        _refuse_several_classes(recurrent_classes(m))
        return by_strata(m, _unifilar_entropy_rate, lambda cm, here: entropy_rate(cm), "entropy rate")
    from .bounds import entropy_rate_bounds
    from .states import epsilon_machine
    from ..errors import InfiniteStatesError

    try:
        machine = epsilon_machine(m, max_states=max_states)
    except InfiniteStatesError as exc:
        if not m.is_numeric:
            raise InfiniteStatesError(
                f"{exc}. With free parameters h_mu has no exact form here and cannot be bounded numerically; "
                "substitute values (m.subs(...)) to get certified bounds"
            ) from exc
        return entropy_rate_bounds(m, digits, max_length=max_length, max_beliefs=max_beliefs,
                                   max_digits=max_digits)
    return measure_of(machine, _unifilar_entropy_rate, "entropy rate")


def _unifilar_entropy_rate(m: HMM) -> sp.Expr:
    """``sum_s pi_s H[X | S = s]`` with the generic stationary distribution."""
    pi = _generic_pi(m)
    dist = _symbol_distribution(m)
    return sp.Add(*(pi[s] * entropy_of(dist[s].values()) for s in m.states if pi[s] != 0))


# --- word probabilities --------------------------------------------------------

@lru_cache(maxsize=64)
def _ring_matrices(m: HMM, name: str):
    """Polynomial form: ``pi = a / b`` and ``T^(x) = M^(x) / c`` with ``a, M`` over the ring."""
    backend, weights, total = stationary_weights(m, name)
    fracs = [(e, *rational_to_backend(pn, pd, backend)) for e, pn, pd in m.edge_polynomials()]
    c = backend.one
    for _, _, d in fracs:
        c = backend.exquo(c * d, backend.gcd(c, d))
    idx = {s: i for i, s in enumerate(m.states)}
    mats = {x: [dict() for _ in m.states] for x in m.alphabet}
    for e, n, d in fracs:
        row = mats[e.symbol][idx[e.source]]
        j = idx[e.target]
        row[j] = row.get(j, backend.zero) + n * backend.exquo(c, d)
    a = [weights[s] for s in m.states]
    return backend, a, total, mats, c


def _splits(text: str, alphabet) -> list:
    """No, one or two (of possibly more) ways to write ``text`` as a concatenation of alphabet symbols.

    Linear in ``len(text)`` times the alphabet size: the number of splits of
    each suffix is counted up to 2, and two splits are rebuilt from the counts.
    """
    symbols = [x for x in alphabet if isinstance(x, str) and x]
    n = len(text)
    count = [0] * n + [1]  # splits of text[i:], counted up to 2
    for i in range(n - 1, -1, -1):
        count[i] = min(2, sum(count[i + len(x)] for x in symbols if text.startswith(x, i)))

    def complete(i: int, head: list) -> tuple:
        out = list(head)
        while i < n:
            x = next(x for x in symbols if text.startswith(x, i) and count[i + len(x)])
            out.append(x)
            i += len(x)
        return tuple(out)

    if not count[0]:
        return []
    first = complete(0, [])
    if count[0] == 1:
        return [first]
    i, head = 0, []
    for x in first:  # branch at the first position with another way to go on
        other = next((y for y in symbols if y != x and text.startswith(y, i) and count[i + len(y)]), None)
        if other is not None:
            return [first, complete(i + len(other), head + [other])]
        head.append(x)
        i += len(x)
    raise AssertionError("count says two splits, none found")  # pragma: no cover


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _as_word(m: HMM, word, where: str = "word_probability") -> tuple:
    if isinstance(word, str):
        if all(isinstance(x, str) and len(x) == 1 for x in m.alphabet):
            word = tuple(word)
        else:
            splits = _splits(word, m.alphabet)
            if len(splits) > 1:
                raise DomainError(
                    f"{where}: the word {_short(word)} splits into the model's symbols in more than one way "
                    f"(e.g. {_short(splits[0])} and {_short(splits[1])}); pass the word as a tuple of symbols"
                )
            if not splits:
                raise UnknownSymbolError(
                    f"{where}: the word {_short(word)} cannot be split into symbols of the alphabet {m.alphabet}; "
                    "pass the word as a tuple of symbols"
                )
            word = splits[0]
    elif not isinstance(word, Sequence):
        raise ParameterTypeError(f"expected a word (str or sequence of symbols), received {word!r}")
    for x in word:
        if x not in m.alphabet:
            raise UnknownSymbolError(f"the word {word!r} contains {x!r}, which is not in the alphabet {m.alphabet}")
    return tuple(word)


def _step(backend, vec: list, mat: list[dict]) -> list:
    out = [backend.zero] * len(vec)
    for i, v in enumerate(vec):
        if v:
            for j, t in mat[i].items():
                out[j] = out[j] + v * t
    return out


def word_probability(m: HMM, word, *, backend: str | None = None) -> sp.Expr:
    r"""Probability :math:`\Pr(w)` of a word under the stationary process.

    Parameters
    ----------
    m : HMM
    word : str or sequence of symbols
        With single-character symbols, a string such as ``"0110"``.  With
        longer symbols a string is accepted when it splits into symbols in
        exactly one way; else pass a tuple of symbols
        (:class:`~symcm.errors.DomainError` when it is ambiguous).

    Returns
    -------
    sympy.Expr
        A cancelled rational function of the parameters.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.word_probability(sc.processes.binary_markov(p, q), "01")
    p*q/(p + q)
    >>> sc.word_probability(sc.processes.golden_mean(p), "00")
    0
    """
    as_model(m, "word_probability")
    w = _as_word(m, word)
    ring, a, b, mats, c = _ring_matrices(m, backend_name(backend, where="word_probability"))
    vec = a
    for x in w:
        vec = _step(ring, vec, mats[x])
    num = ring.zero
    for v in vec:
        num = num + v
    den = b
    for _ in w:
        den = den * c
    return ring.fraction(num, den, m.domain.center())


def _check_word_count(m: HMM, length: int, max_words: int, where: str) -> None:
    """Refuse ``|A|^L > max_words`` without forming ``|A|^L`` (L may be astronomically large).

    A one-symbol alphabet has a single word of each length, but that word is a
    tuple of ``L`` symbols, so its length is held to ``max_words`` as well.
    """
    k = len(m.alphabet)
    if k == 1:
        if length > max_words:
            raise TooLargeError(
                f"{where}: the one word of length {checks.number(length)} has more than max_words={max_words} symbols; "
                "pass a larger max_words to build it"
            )
        return
    count = 1
    for step in range(1, length + 1):
        count *= k
        if count > max_words:
            words = f"{k}^{length} = {count}" if step == length else f"{k}^{checks.number(length)}"
            raise TooLargeError(
                f"{where}: {words} words exceed max_words={max_words}; pass a larger max_words to enumerate them"
            )


def word_probabilities(m: HMM, length: int, *, max_words: int = MAX_WORDS, backend: str | None = None) -> dict:
    r"""All words of a given length with nonzero probability: ``{word: Pr(word)}``.

    Words are tuples of symbols, enumerated depth-first so that prefixes are
    shared; words of probability identically 0 are omitted.

    Raises
    ------
    TooLargeError
        If :math:`|\mathrm{alphabet}|^{\mathrm{length}} > \mathrm{max\_words}`.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.word_probabilities(sc.processes.period(2), 2)
    {('0', '1'): 1/2, ('1', '0'): 1/2}
    """
    where = "word_probabilities"
    as_model(m, where)
    length = checks.integer(length, "length", where=where, minimum=0)
    max_words = checks.cap(max_words, "max_words", where=where)
    _check_word_count(m, length, max_words, where)
    if len(m.alphabet) == 1:
        # One word, of probability 1 (every row is stochastic): no recursion L deep.
        return {m.alphabet * length: sp.Integer(1)}
    ring, numerators, den = _word_numerators(m, length, backend_name(backend, where="word_probabilities"))
    centre = m.domain.center()  # lowest terms with the denominator positive there (ring.fraction)
    return {w: ring.fraction(num, den, centre) for w, num in numerators.items()}


def _word_numerators(m: HMM, length: int, name: str) -> tuple:
    """``(ring, {word: numerator}, denominator)``: ``Pr(w) = numerator / denominator`` over the ring, nonzero words only.

    A depth-first walk of ``a T^(w)`` (prefixes shared, a branch cut where the
    vector vanishes); the denominator ``b c^L`` is common to every word.
    """
    ring, a, b, mats, c = _ring_matrices(m, name)
    den = b
    for _ in range(length):
        den = den * c
    out = {}

    def walk(prefix, vec):
        if len(prefix) == length:
            num = ring.vector_sum(vec)
            if num:
                out[prefix] = num
            return
        for x in m.alphabet:
            nxt = _step(ring, vec, mats[x])
            if any(nxt):
                walk(prefix + (x,), nxt)

    walk((), a)
    return ring, out, den


def block_entropy(m: HMM, length: int, *, max_words: int = MAX_WORDS, backend: str | None = None) -> sp.Expr:
    r"""The block entropy :math:`H(L)` of the process, in bits: the entropy of words of length :math:`L`.

    Exact: the entropy function of all nonzero word probabilities.  With a
    sympy ``Symbol`` for ``length`` (a nonnegative integer), the closed form
    in :math:`L` from the mixed states of the epsilon-machine,
    :math:`H(L) = L h_\mu + \mathbf{E}` from the synchronisation order on (see
    :func:`~symcm.causal.transients.block_entropy_closed_form`; refused when
    the synchronisation order is infinite).

    Raises
    ------
    TooLargeError
        If :math:`|\mathrm{alphabet}|^{\mathrm{length}} > \mathrm{max\_words}` (raise ``max_words`` to allow it);
        decided without forming :math:`|\mathrm{alphabet}|^{\mathrm{length}}`, so any ``length`` is
        refused at once.  A one-symbol alphabet has :math:`H(L) = 0` for every :math:`L`.

    Examples
    --------
    >>> import symcm as sc
    >>> import sympy
    >>> sc.block_entropy(sc.processes.period(3), 2)
    log(3)/log(2)
    >>> sc.block_entropy(sc.processes.biased_coin(sc.symbols("p")), 0)
    0
    >>> sc.block_entropy(sc.HMM.from_edges([("A", "A", "0", 1)]), 2**64)   # one symbol: one word, probability 1
    0
    >>> L = sympy.Symbol("L", integer=True, nonnegative=True)      # the closed form in L
    >>> sc.block_entropy(sc.processes.golden_mean(sc.symbols("p")), L)
    Piecewise((0, Eq(L, 0)), ((L - 1)*H(p)/(p + 1) + H(1/(p + 1)), True))
    """
    backend = backend_name(backend, where="block_entropy")
    where = "block_entropy"
    as_model(m, where)
    if isinstance(length, sp.Symbol):  # the closed form in L, from the mixed states
        from .transients import block_entropy_closed_form

        return block_entropy_closed_form(m, length)
    length = checks.integer(length, "length", where=where, minimum=0)
    max_words = checks.cap(max_words, "max_words", where=where)
    if len(m.alphabet) == 1:
        return sp.Integer(0)
    _check_word_count(m, length, max_words, where)
    probs = word_probabilities(m, length, max_words=max_words, backend=backend)
    return _entropy_of_valid(probs.values())
