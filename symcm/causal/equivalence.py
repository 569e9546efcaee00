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

import itertools

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.cases import Cases
from ..algebra.domain import Domain
from ..errors import DomainError
from ..models.hmm import HMM
from .measures import MAX_WORDS, word_probabilities
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
    alphabet = sorted(set(m1.alphabet) | set(m2.alphabet))
    w1 = word_probabilities(m1, length, max_words=max_words)
    w2 = word_probabilities(m2, length, max_words=max_words)
    polys = []
    for word in itertools.product(alphabet, repeat=length):
        diff = sp.cancel(sp.together(w1.get(word, 0) - w2.get(word, 0)))
        if diff != 0:
            polys.append(sp.numer(diff))
    if not polys:
        return True
    comps = components(polys, dom)
    if not comps:
        return False
    cases = [(c.condition, True) for c in comps]
    cases.append((sp.And(*(sp.Not(c.condition) for c in comps)), False))
    return Cases(cases)
