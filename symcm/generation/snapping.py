r"""Exact snapping of a numeric generator to a rational one: intertwining matrices and word equations.

The exact half of :func:`~symcm.generation.search.search_generator`.  A
model ``G`` generates the process of the epsilon-machine ``M`` whenever some
``k x n`` matrix ``R`` with ``R 1 = 1`` intertwines them, ``T_G^(x) R = R
T_M^(x)`` for every symbol, and ``G`` has one recurrent class (then ``pi_G
R`` is stationary for ``M``, hence ``pi_M``, and ``pi_G T_G^w 1 = pi_G R
T_M^w 1 = pi_M T_M^w 1``).  :func:`_snap_intertwining` estimates ``R`` (the
futures of ``G``'s states in the basis of causal-state futures), rounds it
to small-denominator rationals with exact row sums, and solves the
intertwining equations -- *linear* in the probabilities of ``G`` -- exactly
for a subset of them with the rest fixed at rounded rationals
(:func:`_rref_solve`).  When no ``R`` fits (a state of ``G`` whose future
is not a combination of causal-state futures), :func:`_snap_words` solves
the word-probability equations themselves exactly (by
:func:`~symcm.generation.conditions.generator_conditions`) for as many
probabilities as their Jacobian has rank, the others rounded.  Both yield
candidates only: the search accepts one after :func:`symcm.same_process`
says exactly ``True``.

References
----------
.. [Upp97] D. R. Upper, *Theory and Algorithms for Hidden Markov Models and
   Generalized Hidden Markov Models*, PhD thesis, UC Berkeley (1997).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..causal.stationary import recurrent_classes
from ..errors import DomainError, NegativeProbabilityError, NotErgodicError, TooLargeError, UndecidableError
from ..models.hmm import HMM
from .conditions import generator_conditions
from .families import GeneratorFamily, _state_names


def _float_matrices(m: HMM):
    import numpy as np

    n = len(m.states)
    mats = np.zeros((len(m.alphabet), n, n))
    for e in m.edges:
        mats[m.alphabet.index(e.symbol), m.index(e.source), m.index(e.target)] += float(e.probability)
    return mats


def _np_stationary(T):
    import numpy as np

    k = T.shape[0]
    A = T.T - np.eye(k)
    A[-1, :] = 1.0
    b = np.zeros(k)
    b[-1] = 1.0
    try:
        pi = np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        pi = np.linalg.lstsq(A, b, rcond=None)[0]
    return pi


def _futures(T, length: int):
    """Columns ``T^(w) 1`` for all words of length ``1 .. length`` (numpy)."""
    import numpy as np

    k = T.shape[1]
    cols = []
    level = np.ones((k, 1))
    for _ in range(length):
        level = np.einsum("xij,jw->ixw", T, level).reshape(k, -1)
        cols.append(level)
    return np.concatenate(cols, axis=1)


def _rref_solve(rows, ncols: int, order: list, fixed: dict):
    """Solve ``A t = b`` (Fractions) with the free unknowns set from ``fixed``; None if inconsistent.

    ``order`` is the column order in which pivots are chosen (columns early
    in ``order`` are preferred as pivots, i.e. solved for).
    """
    m = [list(r) for r in rows]
    pivots = []
    r = 0
    for c in order:
        piv = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        inv = 1 / m[r][c]
        m[r] = [v * inv for v in m[r]]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r])]
        pivots.append(c)
        r += 1
        if r == len(m):
            break
    for i in range(r, len(m)):
        if m[i][ncols] != 0:
            return None
    t = [None] * ncols
    for c in range(ncols):
        if c not in pivots:
            t[c] = fixed[c]
    for i, c in enumerate(pivots):
        t[c] = m[i][ncols] - sum(m[i][j] * t[j] for j in range(ncols) if j != c and t[j] is not None and m[i][j] != 0)
    return t


def _round_rows(R, den: int):
    """Rows of floats -> rows of Fractions with denominators <= den summing exactly to 1."""
    out = []
    for row in R:
        fr = [Fraction(float(v)).limit_denominator(den) for v in row]
        j = max(range(len(fr)), key=lambda i: abs(float(row[i])))
        fr[j] += 1 - sum(fr)
        out.append(fr)
    return out


def _snap_intertwining(T, machine: HMM, denominators, zero_tol: float):
    """Exact candidates ``T_G`` with ``T_G^(x) R = R T_M^(x)`` for rounded ``R`` (see module docstring)."""
    import numpy as np

    a, k, _ = T.shape
    n = len(machine.states)
    TM = _float_matrices(machine)
    FG, FM = _futures(T, k + n - 1), _futures(TM, k + n - 1)
    R, *_ = np.linalg.lstsq(FM.T, FG.T, rcond=None)
    R = R.T
    resid = float(np.abs(R @ FM - FG).max())
    if resid > 1e-3:
        return [], {"intertwining_residual": resid}
    exact_M = {x: [[Fraction(0)] * n for _ in range(n)] for x in range(a)}
    for e in machine.edges:
        exact_M[machine.alphabet.index(e.symbol)][machine.index(e.source)][machine.index(e.target)] += Fraction(
            int(e.probability.p), int(e.probability.q))
    out = []
    for den in denominators:
        Rq = _round_rows(R, den)
        support = [(x, i, j) for x in range(a) for i in range(k) for j in range(k) if T[x, i, j] > zero_tol]
        for _attempt in range(6):
            col = {s: c for c, s in enumerate(support)}
            rows = []
            for x in range(a):
                for i in range(k):
                    for cc in range(n):
                        row = [Fraction(0)] * (len(support) + 1)
                        for j in range(k):
                            if (x, i, j) in col and Rq[j][cc] != 0:
                                row[col[(x, i, j)]] += Rq[j][cc]
                        row[-1] = sum(Rq[i][l] * exact_M[x][l][cc] for l in range(n))
                        rows.append(row)
            order = sorted(range(len(support)), key=lambda c: -T[support[c]])
            fixed = {c: Fraction(float(T[support[c]])).limit_denominator(den) for c in range(len(support))}
            t = _rref_solve(rows, len(support), order, fixed)
            if t is None:
                break
            bad = [support[c] for c in range(len(support)) if t[c] < 0 or t[c] > 1]
            if not bad:
                out.append(({s: t[col[s]] for s in support if t[col[s]] != 0}, den))
                break
            drop = min(bad, key=lambda s: T[s])
            support = [s for s in support if s != drop]
    return out, {"intertwining_residual": resid}


def _snap_words(T, process: HMM, denominators, zero_tol: float, max_nodes: int = 2000):
    """Exact candidates from the word-probability equations, solved for a few probabilities (a generator).

    The support is the set of probabilities above ``zero_tol``; each row's
    largest probability is ``1 -`` the others.  A set of unknowns as large as
    the numerical rank of the Jacobian of the word probabilities is chosen by
    QR with column pivoting; the other probabilities are rounded to rationals
    and :func:`generator_conditions` solves for the unknowns exactly.  Any
    parameters left free are set to their rounded values.
    """
    import numpy as np
    from scipy.linalg import qr

    a, k, _ = T.shape
    alphabet = process.alphabet
    support = [(x, i, j) for x in range(a) for i in range(k) for j in range(k) if T[x, i, j] > zero_tol]
    rows = {i: [s for s in support if s[1] == i] for i in range(k)}
    slack = {i: max(rows[i], key=lambda s: T[s]) for i in rows if rows[i]}
    cols = [s for s in support if s not in slack.values()]
    if not cols:
        return
    n = len(recurrent_classes(process)[0])
    length = k + n - 1

    def words(Tm):
        alpha = _np_stationary(Tm.sum(axis=0))[None, :]
        out = []
        for _ in range(length):
            alpha = np.einsum("wi,xij->wxj", alpha, Tm).reshape(-1, k)
            out.append(alpha.sum(axis=1))
        return np.concatenate(out)

    base = words(T)
    jac = []
    for s in cols:
        step = 1e-7
        Tp = T.copy()
        Tp[s] += step
        Tp[slack[s[1]]] -= step
        jac.append((words(Tp) - base) / step)
    jac = np.array(jac).T
    _, rdiag, piv = qr(jac, pivoting=True)
    diag = np.abs(np.diag(rdiag))
    rank = int((diag > 1e-6 * max(diag.max(), 1e-300)).sum())
    unknown_cols = [cols[c] for c in piv[:rank]]
    for den in denominators:
        rounded = {s: Fraction(float(T[s])).limit_denominator(den) for s in support}
        syms = {s: sp.Dummy(f"u{idx}") for idx, s in enumerate(unknown_cols)}
        names = _state_names(k)
        edges = []
        for i in rows:
            if not rows[i]:
                continue
            total = sp.Integer(0)
            for s in rows[i]:
                if s == slack[i]:
                    continue
                val = syms.get(s, sp.Rational(rounded[s].numerator, rounded[s].denominator))
                total += val
                edges.append((names[i], names[s[2]], alphabet[s[0]], val))
            edges.append((names[i], names[slack[i][2]], alphabet[slack[i][0]], 1 - total))
        fam = GeneratorFamily(states=names, alphabet=alphabet, edges=tuple(edges), free=tuple(syms.values()),
                              bounds={u: (0, 1) for u in syms.values()})
        try:
            subs = generator_conditions(fam, process, max_nodes=max_nodes)
        except (UndecidableError, TooLargeError, NotErgodicError):
            continue
        for sub in subs:
            point = {u: sp.Rational(rounded[s].numerator, rounded[s].denominator)
                     for s, u in syms.items() if u in sub.free}
            try:
                if not sub.contains(point):
                    continue
                g = sub.at(point)
            except (DomainError, NegativeProbabilityError):
                continue
            probs = {}
            for e in g.edges:
                key = (alphabet.index(e.symbol), names.index(e.source), names.index(e.target))
                probs[key] = Fraction(int(e.probability.p), int(e.probability.q))
            yield probs, den

