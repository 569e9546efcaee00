"""Exact equivalence of stationary processes.

Two models generate the same stationary process when every word has the
same probability under both.  A model with ``n`` states is a weighted
automaton of dimension ``n`` (initial vector ``pi``, matrices ``T^(x)``,
final vector ``1``); two automata of dimensions ``n1`` and ``n2`` agree on
all words as soon as they agree on all words of length at most
``n1 + n2 - 1``, because the row space spanned by ``alpha T^(w)`` of their
difference automaton (dimension ``n1 + n2``) is spanned by words of length
less than ``n1 + n2`` [Schuetzenberger 1961; Paz 1971; Upper 1997, ch. 4].
For *stationary* processes the probabilities of shorter words are sums of
those of length exactly ``N = n1 + n2 - 1`` (``Pr(w) = sum_x Pr(w x)``), so
it suffices to compare the words of length ``N``.

With symbolic parameters the differences ``Pr_1(w) - Pr_2(w)`` are rational
functions: if all vanish identically the processes are the same on the whole
domain; if their numerators have no common zero in the domain, never; else
they are the same exactly on the components of that common zero set
(:mod:`symcm.algebra.varieties`), and :func:`same_process` returns the cases.

References
----------
.. [1] M. P. Schuetzenberger, "On the definition of a family of automata",
   Information and Control 4, 245-270 (1961).
.. [2] A. Paz, *Introduction to Probabilistic Automata*, Academic Press, 1971.
.. [3] D. R. Upper, *Theory and Algorithms for Hidden Markov Models and
   Generalized Hidden Markov Models*, PhD thesis, UC Berkeley (1997).
"""

from __future__ import annotations

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.cases import Cases
from ..algebra.domain import Domain
from ..errors import DomainError
from ..models.hmm import HMM
from ..algebra.backends import backend_name, get_backend
from ..algebra.rational import _ring_lowest_terms
from .measures import MAX_WORDS, _check_word_count, _ring_matrices, _step
from .stationary import recurrent_classes
from ..algebra.varieties import components

__all__ = ["same_process", "joint_domain"]


def joint_domain(*models: HMM) -> Domain:
    """The intersection of the models' domains (parameters shared by name).

    Raises
    ------
    DomainError
        If a shared parameter's intervals do not overlap.
    ParameterTypeError
        If two models have different sympy symbols of one name (a plain
        ``sympy.Symbol('p')`` and ``sc.symbols('p')``): they print alike but
        are different parameters.
    """
    from ..checks import same_symbols

    same_symbols([(f"model {i + 1}{f' ({m.name})' if m.name else ''}", m.parameters)
                  for i, m in enumerate(models)], where="joint_domain")
    out: dict = {}
    for m in models:
        for s, (lo, hi) in m.domain.items():
            if s in out:
                lo0, hi0 = out[s]
                lo, hi = max(lo, lo0), min(hi, hi0)
                if not lo < hi:
                    raise DomainError(f"the domains of {s} do not overlap: ({lo0}, {hi0}) and {m.domain[s]}")
            out[s] = (lo, hi)
    return Domain(out)


def _with_domain(m: HMM, dom: Domain) -> HMM:
    own = {s: dom[s] for s in m.parameters}
    if own == dict(m.domain):
        return m
    return m.subs({}, domain=own)


def _in_ring(ring, source, el):
    """An element of ``source`` (a ring over some of ``ring``'s generators) as an element of ``ring``."""
    pos = [ring.gens.index(g) for g in source.gens]
    out = {}
    for mono, c in source.terms(el):
        full = [0] * len(ring.gens)
        for i, e in zip(pos, mono):
            full[i] = e
        out[tuple(full)] = int(c)
    return ring.from_dict(out)


def _difference_numerators(m1: HMM, m2: HMM, length: int) -> list:
    """Numerators of ``Pr_1(w) - Pr_2(w)`` over the words ``w`` of ``length`` where they differ, in word order.

    Both models' word probabilities (:func:`~symcm.causal.measures.word_probability`: ``a T^(w) 1 / (b c^L)``
    from the stationary weights of :func:`~symcm.causal.stationary.stationary_weights`) are carried in one
    ring over both models' parameters along a depth-first walk of the words in lexicographic order (the
    prefix is shared, a branch where both vectors vanish is cut), and compared there: only a word whose
    probabilities differ is converted to sympy, as the numerator of the cancelled difference (what
    ``sympy.numer(sympy.cancel(sympy.together(Pr_1(w) - Pr_2(w))))`` gives).
    """
    name = backend_name(None, where="same_process")
    gens = tuple(sorted(set(m1.parameters) | set(m2.parameters), key=lambda s: s.name))
    ring = get_backend(gens, name)
    sides = []
    for m in (m1, m2):
        own, a, b, mats, c = _ring_matrices(m, name)
        conv = lambda el: _in_ring(ring, own, el)  # noqa: E731
        den = conv(b)
        for _ in range(length):
            den = den * conv(c)
        sides.append(([conv(v) for v in a], {x: [{j: conv(t) for j, t in row.items()} for row in mat]
                                             for x, mat in mats.items()}, den))
    (a1, mats1, den1), (a2, mats2, den2) = sides
    empty1, empty2 = [dict() for _ in a1], [dict() for _ in a2]
    alphabet = sorted(set(m1.alphabet) | set(m2.alphabet))
    out = []

    def walk(depth, v1, v2):
        if depth == length:
            s1, s2 = ring.vector_sum(v1), ring.vector_sum(v2)
            num = s1 * den2 - s2 * den1
            if num:
                num, den = _ring_lowest_terms(ring, num, den1 * den2)
                out.append(sp.numer(ring.to_expr(num) / ring.to_expr(den)))
            return
        for x in alphabet:
            n1 = _step(ring, v1, mats1.get(x, empty1))
            n2 = _step(ring, v2, mats2.get(x, empty2))
            if any(n1) or any(n2):
                walk(depth + 1, n1, n2)

    walk(0, a1, a2)
    return out


def same_process(m1: HMM, m2: HMM, *, max_words: int = MAX_WORDS):
    """Whether two models generate the same stationary process.

    Parameters
    ----------
    m1, m2 : HMM
        Models, each with one recurrent class; a symbol in only one alphabet
        has probability 0 under the other.
        Parameters with the same symbol are the same parameter; the answer
        is given on the intersection of the two domains.
    max_words : int
        Cap on the ``|A|^N`` words compared.

    Returns
    -------
    bool or Cases
        ``True``/``False`` when the answer is the same on the whole joint
        domain; otherwise ``Cases`` of ``(condition, True)`` for each component
        where they agree, and ``(rest, False)``.

    Raises
    ------
    TooLargeError
        More than ``max_words`` words would be compared.
    ParameterTypeError
        If the models have different sympy symbols of one name (e.g. a plain
        ``sympy.Symbol('p')`` and ``sc.symbols('p')``, which print alike but
        are different parameters): the message names the symbol and both
        assumption sets.  Create every parameter with :func:`symcm.symbols`.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.same_process(sc.processes.lohr_generator(p), sc.processes.binary_markov(p, p))
    True
    >>> sc.same_process(sc.processes.binary_markov(p, q), sc.processes.biased_coin(p))
    Cases([
      (Eq(p + q, 1), True),
      (Ne(p + q, 1), False)
    ])
    """
    as_model(m1, "same_process", "m1")
    as_model(m2, "same_process", "m2")
    max_words = checks.cap(max_words, "max_words", where="same_process")
    checks.same_symbols([(f"m1{f' ({m1.name})' if m1.name else ''}", m1.parameters),
                  (f"m2{f' ({m2.name})' if m2.name else ''}", m2.parameters)], where="same_process")
    dom = joint_domain(m1, m2)
    m1, m2 = _with_domain(m1, dom), _with_domain(m2, dom)
    n1 = len(recurrent_classes(m1)[0]) if len(recurrent_classes(m1)) == 1 else len(m1.states)
    n2 = len(recurrent_classes(m2)[0]) if len(recurrent_classes(m2)) == 1 else len(m2.states)
    length = n1 + n2 - 1
    for m in (m1, m2):  # the refusal of word_probabilities, before any work
        _check_word_count(m, length, max_words, "word_probabilities")
    polys = _difference_numerators(m1, m2, length)
    if not polys:
        return True
    comps = components(polys, dom)
    if not comps:
        return False
    cases = [(c.condition, True) for c in comps]
    cases.append((sp.And(*(sp.Not(c.condition) for c in comps)), False))
    return Cases(cases)
