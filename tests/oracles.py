"""Slow, obviously correct reference implementations (oracles) for the fast paths.

They share no code with symcm's algorithms: matrices are built here from the
edges, the stationary distribution is sympy's nullspace of ``(T - I)^T``
over the rationals (numeric models) or the rational-function field
(symbolic models), and word probabilities sum over every state path.
"""

from __future__ import annotations

import itertools

import mpmath
import sympy as sp


def matrices(m):
    """``{symbol: sympy.Matrix}`` built directly from the model's edges."""
    n = len(m.states)
    idx = {s: i for i, s in enumerate(m.states)}
    mats = {x: sp.zeros(n, n) for x in m.alphabet}
    for e in m.edges:
        mats[e.symbol][idx[e.source], idx[e.target]] += e.probability
    return mats


def stationary(m):
    """The unique stationary distribution by ``Matrix.nullspace`` (must be one-dimensional)."""
    t = sum(matrices(m).values(), sp.zeros(len(m.states)))
    null = (t - sp.eye(len(m.states))).T.nullspace(simplify=True)
    assert len(null) == 1, f"expected a one-dimensional null space, got {len(null)}"
    v = null[0]
    total = sum(v)
    return {s: sp.cancel(v[i] / total) for i, s in enumerate(m.states)}


def word_probability(m, word):
    """``Pr(w)`` as the sum over all state paths ``s_0 ... s_L`` of their probabilities."""
    mats = matrices(m)
    pi = stationary(m)
    n = len(m.states)
    total = sp.Integer(0)
    for path in itertools.product(range(n), repeat=len(word) + 1):
        term = pi[m.states[path[0]]]
        for k, x in enumerate(word):
            term *= mats[x][path[k], path[k + 1]]
            if term == 0:
                break
        total += term
    return sp.cancel(total)


def block_entropy_numeric(m, length, dps=30):
    """``H(L)`` in bits as an mpmath number, from brute-force word probabilities of a numeric model."""
    with mpmath.workdps(dps):
        h = mpmath.mpf(0)
        for word in itertools.product(m.alphabet, repeat=length):
            pr = word_probability(m, word)
            if pr != 0:
                x = mpmath.mpf(sp.Rational(pr).p) / sp.Rational(pr).q
                h -= x * mpmath.log(x, 2)
        return h


def entropy_numeric(probs, dps=30):
    """Shannon entropy in bits of exact rationals, as an mpmath number."""
    with mpmath.workdps(dps):
        h = mpmath.mpf(0)
        for pr in probs:
            pr = sp.Rational(pr)
            if pr != 0:
                x = mpmath.mpf(pr.p) / pr.q
                h -= x * mpmath.log(x, 2)
        return h
