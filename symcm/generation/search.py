r"""Seeded numeric search for low-entropy generators of a process, made exact: upper bounds on ``C_g``.

**Generator search.**  :func:`search_generator` looks for ``k``-state
generators of a numeric process with low state entropy: seeded random
restarts of a penalised numeric optimisation (``scipy.optimize``) of
``H[pi] + lambda * sum_w (P_G(w) - P(w))^2`` (:class:`_Objective`: the rows
of ``G`` softmax-parametrised, the exact gradient by reverse mode through
the word-probability recursion and the solve for ``pi``), then an exact
*snap* of the best optima to rational models, through an intertwining
matrix with the epsilon-machine or through the word-probability equations
(:mod:`symcm.generation.snapping`).  A candidate is returned only after
:func:`symcm.same_process` says exactly ``True``; its state entropy is then
an upper bound on the generative complexity, ``E <= C_g <= H[pi_G] <=
C_mu`` (the epsilon-machine is returned when no better generator is found).
The result is a :class:`GeneratorSearchResult`.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp

from .. import checks
from ..causal.measures import word_probabilities
from ..causal.stationary import recurrent_classes
from ..errors import (
    DomainError,
    MissingDependencyError,
    NegativeProbabilityError,
    NotErgodicError,
    NotNumericError,
    ParameterTypeError,
)
from ..models.hmm import HMM, as_model
from .families import _state_names
from .snapping import _snap_intertwining, _snap_words

__all__ = ["GeneratorSearchResult", "search_generator"]

#: Default cap on the ``states`` of :func:`search_generator` (about 2-5 s for 3 states; the
#: optimisation and the exact snapping grow quickly with the number of states).
MAX_SEARCH_STATES = 6

#: The ``scipy.optimize.minimize`` methods :func:`search_generator` accepts (unconstrained ones).
SEARCH_METHODS = ("L-BFGS-B", "BFGS", "CG", "TNC", "SLSQP", "Nelder-Mead", "Powell", "COBYLA", "COBYQA")


@dataclass(frozen=True, eq=False)
class GeneratorSearchResult:
    """The outcome of :func:`search_generator`.

    Attributes
    ----------
    generator : HMM
        An exact generator of the process (checked with :func:`symcm.same_process`).
    state_entropy : sympy.Expr
        Its ``H[pi]``, exactly: an upper bound on the generative complexity ``C_g``.
    statistical_complexity : sympy.Expr
        ``C_mu`` of the process (``C_g <= C_mu``).
    excess_entropy : sympy.Expr
        ``E`` of the process (``E <= C_g``).
    found : bool
        True when the search found a ``states``-state generator with
        ``H[pi] <= C_mu``; False when it returns the epsilon-machine instead.
    states : int
        The number of states searched.
    seed : int
    diagnostics : dict
        Restarts, numeric optima, snapping attempts, timings.
    """

    generator: HMM
    state_entropy: sp.Expr
    statistical_complexity: sp.Expr
    excess_entropy: sp.Expr
    found: bool
    states: int
    seed: int
    diagnostics: dict

    @property
    def state_entropy_float(self) -> float:
        """``H[pi]`` as a float."""
        return float(self.state_entropy.evalf(30))

    @property
    def beats_statistical_complexity(self) -> bool:
        """Whether ``H[pi] < C_mu`` (decided at 50 digits; exact ties are equal expressions)."""
        if sp.simplify(self.state_entropy - self.statistical_complexity) == 0:
            return False
        return bool(self.state_entropy.evalf(50) < self.statistical_complexity.evalf(50))

    def __repr__(self) -> str:
        return (f"GeneratorSearchResult(states={len(self.generator.states)}, H={self.state_entropy} "
                f"~ {self.state_entropy_float:.6f}, C_mu={self.statistical_complexity}, "
                f"E={self.excess_entropy}, found={self.found}, seed={self.seed})")


class _Objective:
    """``H[pi] + lambda * sum_w (P_G(w) - P(w))^2`` over softmax logits, with its exact gradient (numpy).

    Rows of ``G`` are ``softmax(theta_i)`` over the pairs (symbol, next state),
    so every ``theta`` is a valid model with all probabilities positive (the
    chain is irreducible and ``pi > 0``).  The gradient is obtained by
    reverse-mode differentiation through the word-probability recursion
    ``alpha_{wx} = alpha_w T^(x)`` and through the linear solve for ``pi``.
    """

    def __init__(self, targets, k: int, a: int):
        self.targets = targets
        self.k, self.a = k, a

    #: every probability is at least this (keeps the chain irreducible and the solve for pi well posed)
    floor = 1e-12

    def matrices(self, theta):
        import numpy as np

        z = theta.reshape(self.k, self.a * self.k)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        rows = e / e.sum(axis=1, keepdims=True)
        rows = (1.0 - self.floor * rows.shape[1]) * rows + self.floor
        return rows.reshape(self.k, self.a, self.k).transpose(1, 0, 2)

    def _forward(self, theta):
        import numpy as np

        k = self.k
        T = self.matrices(theta)
        A = T.sum(axis=0).T - np.eye(k)
        A[-1, :] = 1.0
        rhs = np.zeros(k)
        rhs[-1] = 1.0
        try:
            pi = np.linalg.solve(A, rhs)
        except np.linalg.LinAlgError:  # pragma: no cover - guarded by the floor
            pi = np.linalg.lstsq(A, rhs, rcond=None)[0]
        alphas = [pi[None, :]]
        mismatch, grads = 0.0, []
        for target in self.targets:
            alphas.append(np.einsum("wi,xij->wxj", alphas[-1], T).reshape(-1, k))
            diff = alphas[-1].sum(axis=1) - target
            mismatch += float(diff @ diff)
            grads.append(2.0 * diff)
        return T, A, pi, alphas, mismatch, grads

    def parts(self, theta):
        import numpy as np

        _, _, pi, _, mismatch, _ = self._forward(theta)
        pc = np.clip(pi, 1e-300, 1.0)
        return float(-(pc * np.log2(pc)).sum()), mismatch, pi

    def mismatch(self, theta):
        """``(mismatch, gradient)``."""
        return self.value_and_grad(theta, None)

    def value_and_grad(self, theta, lam):
        import numpy as np

        k, a = self.k, self.a
        T, A, pi, alphas, mismatch, grads = self._forward(theta)
        pc = np.clip(pi, 1e-300, 1.0)
        h = float(-(pc * np.log2(pc)).sum())
        weight = 1.0 if lam is None else lam
        dT = np.zeros_like(T)
        dalpha = np.zeros_like(alphas[-1])
        for level in range(len(self.targets), 0, -1):
            dalpha = dalpha + weight * grads[level - 1][:, None]
            prev = alphas[level - 1]
            d3 = dalpha.reshape(prev.shape[0], a, k)
            dT += np.einsum("wi,wxj->xij", prev, d3)
            dalpha = np.einsum("wxj,xij->wi", d3, T)
        dpi = dalpha[0]
        if lam is not None:
            dpi = dpi - (np.log2(pc) + 1.0 / np.log(2.0))
        u = np.linalg.solve(A.T, dpi)
        dA = -np.outer(u, pi)
        dA[-1, :] = 0.0
        dT += dA.T[None, :, :]
        scale = 1.0 - self.floor * a * k
        S = (T.transpose(1, 0, 2).reshape(k, a * k) - self.floor) / scale  # the softmax itself
        dS = dT.transpose(1, 0, 2).reshape(k, a * k) * scale
        dz = S * (dS - (dS * S).sum(axis=1, keepdims=True))
        value = weight * mismatch + (h if lam is not None else 0.0)
        return value, dz.reshape(-1)


def search_generator(m: HMM, states: int, seed: int = 0, *, restarts: int = 12, method: str = "L-BFGS-B",
                     max_denominator: int = 30, penalties: Sequence[float] = (1e3, 1e5, 1e7),
                     max_snaps: int = 6, max_states: int = MAX_SEARCH_STATES) -> GeneratorSearchResult:
    """Search ``states``-state generators of ``m``'s process for a low state entropy; return an exact one.

    Parameters
    ----------
    m : HMM
        A model with numeric (rational) probabilities and one recurrent class.
    states : int
        The number of states ``k >= 2`` of the generators searched (a
        one-state generator is an IID process: compare with
        ``sc.processes.biased_coin`` instead).
    seed : int or None
        Seed of ``numpy.random.default_rng``, a nonnegative int; equal seeds
        give equal results.
    restarts : int
        Random starting points (random logits, half of them with a random
        sparse topology); at least 1.
    method : str
        The ``scipy.optimize.minimize`` method for the penalised problems,
        one of :data:`SEARCH_METHODS`.
    max_denominator : int
        Largest denominator tried when rounding to rationals (at least 1).
    penalties : sequence of float
        The increasing penalty weights ``lambda`` (warm-started); finite and
        positive.
    max_snaps : int
        How many of the best numeric optima are snapped to exact models (at least 1).
    max_states : int
        Cap on ``states`` (default :data:`MAX_SEARCH_STATES`): the cost grows
        quickly with it.

    Returns
    -------
    GeneratorSearchResult
        The best exact generator found with ``H[pi] <= C_mu`` (``found``
        True), else the epsilon-machine (``found`` False).  Either way
        ``E <= C_g <= H[pi]``.

    Raises
    ------
    ParameterTypeError, DomainError
        A malformed argument (``m`` not an HMM, ``states`` below 2,
        ``restarts`` below 1, an unknown ``method``, ...), before any work.
    TooLargeError
        ``states`` above ``max_states``.
    NotNumericError
        ``m`` has free parameters.
    MissingDependencyError
        scipy (or numpy) is not installed.

    Notes
    -----
    The numeric objective is ``H[pi] + lambda * sum_w (P_G(w) - P(w))^2``
    over words of length ``1 .. 2k + n`` (``n`` = states of the
    epsilon-machine; capped so that at most ``4096`` words of one length are
    compared), with the rows of ``G`` softmax-parametrised and the exact
    gradient (reverse mode through the word recursion and the solve for
    ``pi``).  Each restart first fits the words alone (a generator), then
    runs the penalties in increasing order (lower ``H[pi]`` along the
    generators).  The optima that match the words are snapped to exact
    models in increasing order of numeric entropy, up to ``max_snaps`` of
    them and only while they can still beat the best exact one: first
    through the intertwining ``T_G^(x) R = R T_M^(x)`` (:mod:`symcm.generation.snapping`),
    with ``R`` fitted by least squares and rounded with denominators ``1 ..
    max_denominator``, the linear equations solved exactly for the largest
    probabilities with the others fixed at rounded rationals (probabilities
    that come out negative are set to zero and the system re-solved); if
    that fails, through the word-probability equations solved for a few
    probabilities (:func:`generator_conditions`).  Every candidate with all
    probabilities in ``[0, 1]`` and one recurrent class is checked with
    :func:`symcm.same_process`; only ``True`` is accepted.  A returned
    ``k``-state generator may have transient states (its recurrent part is
    then a smaller generator).  Cost: about 2-5 s for ``k = 3`` on a binary
    alphabet with the defaults.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.generation.search import search_generator
    >>> r = search_generator(sc.processes.golden_mean(sp.Rational(1, 2)), states=2, seed=0, restarts=2)
    >>> sc.same_process(r.generator, sc.processes.golden_mean(sp.Rational(1, 2)))
    True
    >>> bool(r.state_entropy.evalf(30) <= r.statistical_complexity.evalf(30))
    True
    """
    from ..causal.states import epsilon_machine
    from ..causal.complexity import excess_entropy, statistical_complexity
    from ..causal.equivalence import same_process
    from ..causal.measures import state_entropy

    where = "search_generator"
    as_model(m, where)
    max_states = checks.cap(max_states, "max_states", where=where)
    states = checks.integer(states, "states", where=where, minimum=2, maximum=max_states, cap="max_states")
    seed = checks.seed(seed, where=where)
    restarts = checks.integer(restarts, "restarts", where=where, minimum=1)
    method = checks.choice(method, "method", SEARCH_METHODS, where=where)
    max_denominator = checks.cap(max_denominator, "max_denominator", where=where)
    max_snaps = checks.cap(max_snaps, "max_snaps", where=where)
    if isinstance(penalties, (str, bytes)) or not isinstance(penalties, Iterable):
        raise ParameterTypeError(f"{where}: penalties must be a sequence of numbers, received "
                                 f"{checks.describe(penalties)}")
    penalties = tuple(checks.positive_float(lam, "each penalty", where=where) for lam in penalties)
    if not penalties:
        raise DomainError(f"{where}: penalties must hold at least one weight, received an empty sequence")
    if not m.is_numeric:
        raise NotNumericError(
            f"search_generator needs a model with numeric probabilities; it has parameters "
            f"{', '.join(map(str, m.parameters))}: substitute rational values first (m.subs({{...}}))"
        )
    try:
        import numpy as np
        from scipy.optimize import minimize
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            'search_generator needs scipy and numpy: pip install "symcm[search]" (or pip install scipy)'
        ) from exc

    start = time.perf_counter()
    machine = epsilon_machine(m)
    cmu = statistical_complexity(m)
    excess = excess_entropy(m)
    k, alphabet = states, machine.alphabet
    a, n = len(alphabet), len(machine.states)
    max_len = max(k + n - 1, min(2 * k + n, int(math.log(4096, a)) if a > 1 else 2 * k + n))
    targets = []
    for L in range(1, max_len + 1):
        probs = word_probabilities(machine, L, max_words=max(a**L, 1))
        targets.append(np.array([float(probs.get(w, 0)) for w in itertools.product(alphabet, repeat=L)]))
    objective = _Objective(targets, k, a)

    rng = np.random.default_rng(seed)
    optima = []
    gradient_free = method in ("Nelder-Mead", "Powell", "COBYLA", "COBYQA")
    options = {"ftol": 1e-15, "gtol": 1e-11, "maxiter": 5000} if method == "L-BFGS-B" else {"maxiter": 5000}

    def solve(theta, lam):
        if gradient_free:
            return minimize(lambda th: objective.value_and_grad(th, lam)[0], theta, method=method,
                            options=options).x
        return minimize(objective.value_and_grad, theta, args=(lam,), jac=True, method=method, options=options).x

    for r in range(restarts):
        theta = rng.normal(0.0, 2.0, size=k * a * k)
        if r % 2 == 1:
            theta[rng.random(theta.size) < 0.35] = -8.0
        # phase 1: a generator (word probabilities only); phase 2: lower H[pi] along the generators
        theta = solve(theta, None)
        for lam in penalties:
            theta = solve(theta, lam)
        h, mismatch, _ = objective.parts(theta)
        optima.append((h, mismatch, r, theta))
    matching = sorted((o for o in optima if o[1] < 1e-6), key=lambda o: o[0])
    denominators = list(range(1, max_denominator + 1))
    snap_denominators = [d for d in (2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 30, 60, 100) if d <= max(max_denominator, 2)]
    tried, accepted = [], []
    cmu_value = sp.sympify(cmu).evalf(50)
    best_exact = None
    for h, mismatch, r, theta in matching[:max_snaps]:
        if best_exact is not None and h >= float(best_exact) - 1e-9:
            break  # optima come in increasing numeric entropy: this one cannot beat the exact one in hand
        T = objective.matrices(theta)
        entry = {"restart": r, "numeric_entropy": h, "mismatch": mismatch}
        found_here = 0
        for how in ("intertwining", "word equations"):
            if how == "intertwining":
                cands, info = _snap_intertwining(T, machine, denominators, 1e-6)
                entry.update(info)
            else:
                cands = _snap_words(T, machine, snap_denominators, 1e-6)
            tested, seen = 0, set()
            for probs, den in cands:
                key = tuple(sorted(probs.items()))
                if key in seen:
                    continue
                seen.add(key)
                tested += 1
                names = _state_names(k)
                edges = [(names[i], names[j], alphabet[x], sp.Rational(v.numerator, v.denominator))
                         for (x, i, j), v in probs.items()]
                try:
                    g = HMM.from_edges(edges, states=names, alphabet=alphabet)
                    if len(recurrent_classes(g)) != 1 or same_process(g, m) is not True:
                        continue
                    hg = state_entropy(g)
                except (NotErgodicError, NegativeProbabilityError, DomainError):
                    continue
                value = sp.sympify(hg).evalf(50)
                accepted.append((value, den, r, g, hg, how))
                best_exact = value if best_exact is None else min(best_exact, value)
                found_here += 1
                if how == "word equations":
                    break  # candidates come by increasing denominator: the first exact one will do
            entry[f"{how} candidates"] = tested
            if found_here:
                break
        entry["accepted"] = found_here
        tried.append(entry)
    diagnostics = {
        "restarts": restarts, "method": method, "max_length": max_len,
        "numeric_optima": sorted((float(o[0]), float(o[1])) for o in optima),
        "snapped": tried, "exact_candidates": len(accepted),
        "exact_entropies": sorted({float(c[0]) for c in accepted}),
        "seconds": time.perf_counter() - start,
    }
    good = [c for c in accepted if c[0] <= cmu_value + sp.Float(10) ** -40]
    if good:
        val, den, r, g, hg, how = min(good, key=lambda c: (c[0], c[1]))
        diagnostics.update({"restart": r, "denominator": den, "snap": how})
        g = HMM.from_edges([tuple(e) for e in g.edges], states=g.states, alphabet=g.alphabet,
                           name=f"{k}-state generator of {m.name or 'the process'} (seed {seed})")
        return GeneratorSearchResult(g, hg, cmu, excess, True, k, seed, diagnostics)
    diagnostics["note"] = (f"no exact {k}-state generator with H[pi] <= C_mu was found; "
                           "the epsilon-machine is returned")
    return GeneratorSearchResult(machine, state_entropy(machine), cmu, excess, False, k, seed, diagnostics)

