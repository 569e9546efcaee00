"""Reconstruction from values modulo primes: rational functions, shared denominators, integer coefficients.

The modular null vector (:mod:`symcm.algebra.modular`) knows ``v = w / w_last``
only by its values modulo a word-size prime ``p`` at many points; this module
turns such values into the polynomial vector ``w``:

* **Univariate rational reconstruction.**  Values at ``m`` points on a line
  give the interpolating polynomial ``u`` modulo ``prod (t - t_j)``; the
  extended Euclidean algorithm on the two yields every ``N / D`` with
  ``N = D u`` modulo the product, and Monagan's *maximal quotient* rule picks
  the one after the largest quotient, whose degree ``m - deg N - deg D`` is
  the number of redundant points [1]_.  Used to read ``deg w`` and
  ``deg w_last`` off one random line.
* **Multivariate interpolation with a shared denominator.**  Every
  ``v_i = w_i / w_last``.  With ``V_e`` the values of the monomials of total
  degree at most ``e = deg w`` at ``P`` points and the rows of ``Z^T`` a
  basis of its left null space, ``Z^T diag(v_i) V_L c = 0`` for the
  coefficient vector ``c`` of ``w_last`` (``V_L`` its monomials), whatever
  ``w_i`` is.  Random combinations of the entries give enough such equations
  to fix ``c`` up to a scalar (one denominator shared by ``n`` entries, as in
  vector rational reconstruction [2]_; compare Cuyt and Lee's rays through a
  shifted origin [3]_), and then every numerator is one Vandermonde solve.
  The basis is dense (all monomials up to the degree): meant for a few
  parameters.
* **Lifting.**  Coefficients, normalised by one coefficient of ``w_last``,
  are combined over several primes (Garner's Chinese remaindering) and
  lifted to rationals by rational number reconstruction with a running
  common denominator [4]_, then cleared to integers.

Nothing here is trusted: :func:`symcm.algebra.modular.modular_null_vector`
certifies the result exactly before returning it.

References
----------
.. [1] M. Monagan, "Maximal quotient rational reconstruction: an almost
   optimal algorithm for rational reconstruction", ISSAC 2004, 243-249.
.. [2] B. Beckermann and G. Labahn, "A uniform approach for the fast
   computation of matrix-type Pade approximants", SIAM J. Matrix Anal. Appl.
   15(3), 804-823, 1994.
.. [3] A. Cuyt and W.-s. Lee, "Sparse interpolation of multivariate rational
   functions", Theoretical Computer Science 412(16), 1445-1456, 2011.
.. [4] J. von zur Gathen and J. Gerhard, *Modern Computer Algebra*, 3rd ed.,
   Cambridge University Press, 2013, sections 5.4, 5.7 and 5.10.
"""

from __future__ import annotations

import math

__all__ = ["interpolate_univariate", "lift", "line_degrees", "monomial_values", "monomials", "mqrr", "ratrec",
           "shared_denominator"]


def interpolate_univariate(ts: list[int], vs: list[int], p: int):
    """``(prod (t - t_j), u)``: the Lagrange interpolant of ``vs`` at distinct ``ts`` modulo ``p`` (nmod_poly)."""
    import flint

    x = flint.nmod_poly([0, 1], p)
    master = flint.nmod_poly([1], p)
    for t in ts:
        master = master * (x - t)
    out = flint.nmod_poly([], p)
    dm = master.derivative()
    for t, v in zip(ts, vs):
        if v:
            out += (master // (x - t)) * (v * pow(int(dm(t)), p - 2, p) % p)
    return master, out


def mqrr(master, u):
    """``(N, D, gap)``: the maximal-quotient rational reconstruction ``N / D`` of ``u`` modulo ``master``.

    ``gap = deg master - deg N - deg D`` is the degree of the largest
    quotient of the Euclidean remainder sequence: the number of points beyond
    those the reconstruction needs (a random ``u`` gives ``gap`` 1 or 2).
    """
    import flint

    p = master.modulus()
    r0, r1 = master, u
    t0, t1 = flint.nmod_poly([], p), flint.nmod_poly([1], p)
    best = (-1, None, None)
    while not r1.is_zero():
        q, r = divmod(r0, r1)
        if q.degree() > best[0]:
            best = (q.degree(), r1, t1)
        r0, r1 = r1, r
        t0, t1 = t1, t0 - q * t1
    gap, num, den = best
    return num, den, gap


def line_degrees(oracle, n: int, p: int, rng, start: int, limit: int, *, strict: bool = False):
    """``(deg N, deg D)`` of ``sum r_i v_i = N / D`` along a line, ``r`` random; or None.

    ``oracle(ts)`` returns ``(Y, good)`` for the points ``ts`` of the line
    (``Y``: ``n x len(ts)`` values of ``v`` modulo ``p``, ``good``: where
    they are defined).  Points are added (``start``, then doubling) until
    the maximal quotient (:func:`mqrr`) shows at least 4 redundant points;
    None past ``2 * limit + 8`` points or, with ``strict``, when more than 2
    points of a batch are unusable.  A zero ``N`` has degree -1.
    """
    import numpy as np

    r = np.array([rng.randrange(1, p) for _ in range(n)], dtype=np.int64)
    ts, us, seen, m = [], [], set(), start
    while True:
        new = []
        while len(new) < m - len(ts):
            t = rng.randrange(1, p)
            if t not in seen:
                seen.add(t)
                new.append(t)
        Y, good = oracle(new)
        if strict and good.sum() < len(new) - 2:
            return None
        u = (Y * r[:, None] % p).sum(axis=0) % p
        ts += [t for t, g in zip(new, good) if g]
        us += [int(x) for x, g in zip(u, good) if g]
        num, den, gap = mqrr(*interpolate_univariate(ts, us, p))
        if gap >= 4:
            return num.degree(), den.degree()
        if m > 2 * limit + 8:
            return None
        m *= 2


def ratrec(c: int, M: int, bound: int):
    """``(num, den)`` with ``num / den == c`` modulo ``M``, ``|num|, den <= bound``, ``gcd = 1``; else None.

    Examples
    --------
    >>> M = 2**31 - 1
    >>> ratrec(-3 * pow(7, -1, M) % M, M, 10**4)
    (-3, 7)
    """
    r0, r1, s0, s1 = M, c, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, s0, s1 = r1, r0 - q * r1, s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound:
        return None
    if s1 < 0:
        r1, s1 = -r1, -s1
    if math.gcd(r1, s1) != 1:
        return None
    return r1, s1


def monomials(k: int, degree: int) -> list[tuple]:
    """Exponent tuples of the monomials in ``k`` variables of total degree at most ``degree``.

    Examples
    --------
    >>> monomials(2, 1)
    [(0, 0), (0, 1), (1, 0)]
    """
    out = []

    def rec(prefix, left, v):
        if v == k - 1:
            out.extend(prefix + (e,) for e in range(left + 1))
            return
        for e in range(left + 1):
            rec(prefix + (e,), left - e, v + 1)

    rec((), degree, 0)
    return out


def monomial_values(pts, monos: list[tuple], p: int):
    """``P x K`` residues of the monomials at the points (``pts`` a ``k x P`` int64 array, ``p < 2**31``)."""
    import numpy as np

    k, P = pts.shape
    maxe = max((max(m) for m in monos), default=0)
    pw = np.ones((k, maxe + 1, P), dtype=np.int64)
    for v in range(k):
        for e in range(1, maxe + 1):
            pw[v, e] = pw[v, e - 1] * pts[v] % p
    out = np.ones((P, len(monos)), dtype=np.int64)
    ex = np.array(monos, dtype=np.int64)
    for v in range(k):
        out = out * pw[v][ex[:, v]].T % p
    return out


def shared_denominator(pts, Y, degrees: tuple, p: int, anchor, rng, more, monos=None):
    """Coefficients modulo ``p`` of ``w`` from ``v = w / w_last`` at points (``Y``: ``n x P``, ``v_last = 1``).

    ``degrees = (deg w, deg w_last)``; ``anchor`` is the index of the
    coefficient of ``w_last`` scaled to 1 (``None``: the first nonzero one);
    ``more(count)`` returns ``count`` further points and their vectors (or
    ``None``).  While the points leave ``w_last`` undetermined (the entries'
    denominators may share most factors: 4 extra points were not enough on
    the order-R chains, 8 were), the extra points are doubled, up to
    ``K_L + 4``, enough for one generic combination.  ``monos = (basis of w,
    basis of w_last)`` (exponent tuples, the second a subset of the first)
    replaces the dense bases of total degree ``degrees`` (sparse
    interpolation, :mod:`symcm.algebra.sparse_interpolation`).

    Returns
    -------
    tuple or None
        ``(coeffs, anchor, monomials, extra)``: ``coeffs[a][i]`` is the
        coefficient of ``monomials[a]`` in ``w_i``; ``extra`` the number of
        points used beyond ``len(monomials)``.  ``None`` when these points or
        this prime failed (a singular Vandermonde matrix, a vanishing anchor,
        a check at the extra points).
    """
    import flint
    import numpy as np

    e, e_l = degrees
    k, n = pts.shape[0], Y.shape[0]
    mono_e, mono_l = (monomials(k, e), monomials(k, e_l)) if monos is None else monos
    ke, kl = len(mono_e), len(mono_l)
    where = {m: a for a, m in enumerate(mono_e)}
    while True:
        P = pts.shape[1]
        Ve = monomial_values(pts, mono_e, p)  # P x ke
        Vl = Ve[:, [where[m] for m in mono_l]]
        X, nullity = flint.nmod_mat(Ve.T.tolist(), p).nullspace()
        if nullity != P - ke:
            return None
        Zt = np.array(X.tolist(), dtype=np.int64)[:, :nullity].T  # nullity x P
        combos = min(n, -(-(kl + 8) // nullity) + 2)
        Vl_mat = flint.nmod_mat(Vl.tolist(), p)
        blocks = []  # Z^T diag(u) V_L for random combinations u of the entries, one product each
        for _ in range(combos):
            r = np.array([rng.randrange(1, p) for _ in range(n)], dtype=np.int64)
            u = (Y * r[:, None] % p).sum(axis=0) % p
            blocks.append(np.array((flint.nmod_mat((Zt * u[None, :] % p).tolist(), p) * Vl_mat).tolist(),
                                   dtype=np.int64).reshape(nullity, kl))
        stacked = np.concatenate(blocks, axis=0)
        Xl, nl = flint.nmod_mat(stacked.tolist(), p).nullspace()
        if nl == 1:
            break
        if nullity >= kl + 4:
            return None
        got = more(min(kl + 4, 2 * nullity) - nullity)
        if got is None:
            return None
        pts, Y = np.concatenate([pts, got[0]], axis=1), np.concatenate([Y, got[1]], axis=1)
    c_l = [int(row[0]) for row in Xl.tolist()]
    if anchor is None:
        anchor = next(a for a, c in enumerate(c_l) if c)
    if not c_l[anchor]:
        return None
    scale = pow(c_l[anchor], p - 2, p)
    lv = np.array((flint.nmod_mat(Vl.tolist(), p) * flint.nmod_mat([[c * scale % p] for c in c_l], p)).tolist(),
                  dtype=np.int64)[:, 0]
    B = Y * lv[None, :] % p  # n x P: the values of w_i
    try:
        C = flint.nmod_mat(Ve[:ke].tolist(), p).solve(flint.nmod_mat(B[:, :ke].T.tolist(), p))  # ke x n
    except ZeroDivisionError:
        return None
    check = np.array((flint.nmod_mat(Ve[ke:].tolist(), p) * C).tolist(), dtype=np.int64)
    if not np.array_equal(check, B[:, ke:].T):
        return None
    return [[int(x) for x in row] for row in C.tolist()], anchor, mono_e, P - ke


def lift(residues: list, moduli: list[int], monos: list[tuple], backend):
    """Integer polynomial vector from coefficient tables modulo several primes, or None.

    Garner's Chinese remaindering combines the tables; every coefficient is
    then scaled by the common denominator found so far, and one that is
    still not small (past ``sqrt(M / 2)``, ``M`` the product of the primes)
    is reconstructed alone, its denominator joining the common one.  The
    result is the vector times that denominator, as ring elements.
    """
    import numpy as np

    M = 1
    for q in moduli:
        M *= q
    bound = math.isqrt(M // 2)
    c = np.array(residues[0], dtype=object)
    m = moduli[0]
    for q, res in zip(moduli[1:], residues[1:]):
        c = c + m * ((np.array(res, dtype=object) - c) * pow(m, -1, q) % q)
        m *= q
    den = 1
    while True:
        x = c * den % M
        x = np.where(x > M // 2, x - M, x)
        bad = np.flatnonzero(np.abs(x).ravel() > bound)
        if not len(bad):
            break
        rr = ratrec(int(x.ravel()[bad[0]]) % M, M, bound)
        if rr is None:
            return None
        den *= rr[1]
        if den > bound:
            return None
    vec = [backend.from_dict({monos[a]: int(v) for a, v in enumerate(x[:, i]) if v}) for i in range(x.shape[1])]
    return vec if any(vec) else None
