"""The demonstration page (docs/demonstration.md): fresh, and every value checked by an independent route.

The page is written by ``scripts/demonstration_table.py`` from symcm's closed
forms.  Here each measure is recomputed without symcm's formula for it, from
exact word probabilities (``tests/oracles.py``: Fractions on the model's
edges, the stationary distribution by sympy's nullspace; no symcm algorithm):

* ``h_mu`` between the block-entropy bounds
  ``H[X_L | X_{0:L}, S_0] <= h_mu <= H[X_L | X_{0:L}]`` (Cover & Thomas,
  Thm. 4.5.1; the state ``S_0`` screens the past from the future), which close
  exponentially fast;
* ``E``: exactly ``H(R) - R h_mu`` at Markov order ``R`` [Crutchfield &
  Feldman 2003, Eq. 52]; otherwise ``H(L) - L h_mu``, which increases to ``E``;
* ``T = sum_L (E + L h_mu - H(L))`` and ``S = sum_L H[S_L | X_{0:L}]``: partial
  sums of nonnegative terms (exact once the terms vanish);
* ``C_mu`` and ``C_mu^-`` by grouping the histories (futures, for the
  reversed process) of length ``L`` by their conditional distribution of the
  next ``K`` symbols, from word probabilities alone; then
  ``C^{+-} = C^+ + C^- - E`` and ``Xi = C^+ - C^-``;
* the anatomy from two-sided block entropies:
  ``r_L = H[X_0 | X_{-L:0}, X_{1:L+1}]`` decreases to ``r_mu`` (exact at ``L = R``
  for order-``R`` Markov chains), ``H[X_0]`` from single symbols, and the
  identities of James, Ellison & Crutchfield (2011);
* ``C_q`` from the Gram matrix of the q-machine's signal states
  ``|eta_j> = sum_{w, k} sqrt(Pr(w, k | j)) |w>|k>`` built here with mpmath
  (eigenvalues by ``mpmath.eigsy``) [Mahoney, Aghamohammadi & Crutchfield 2016];
* synchronizing and reset words by brute-force search over words in length
  and alphabet order, with the posterior ``pi T^(w)`` from the oracle;
* ``h_top`` from the largest root of the support graph's characteristic
  polynomial (``mpmath.polyroots``) and the word counts ``N(L)``;
  ``C_top`` from the number of distinct follower sets [Lind & Marcus 1995];
* the Markov order from its definition on words, the cryptic order by following
  pairs of states (``tests/oracles.py``), the synchronization order from the
  supports of the forward vectors of all words;
* gauge and oracular information are 0 because every presentation here but SNS's
  is the epsilon-machine, whose state is a function of the past.

For the processes of infinite Markov order the block-entropy routes reach
about 2 to 4 digits at the word lengths used (``TOL``, ``RTOL``; one-sided bounds
hold exactly), C_mu, C^-, C_q, the words and the topological quantities are
checked to 30 digits or exactly, and everything for Markov order 1 exactly.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp

import symcm as sc
from tests import oracles

ROOT = Path(__file__).resolve().parent.parent
R = sp.Rational
P = sc.processes
DPS = 40

FINITE = {
    "golden_mean": P.golden_mean(R(1, 2)),
    "even": P.even(R(1, 2)),
    "rip": P.rip(R(1, 2), R(1, 2)),
    "nemo": P.nemo(R(1, 2), R(1, 2)),
    "rrxor": P.rrxor(),
    "binary_markov": P.binary_markov(R(1, 3), R(1, 4)),
}
MARKOV_ONE = ("golden_mean", "binary_markov")       # Markov order 1: the brute force is exact
#: Word length of the brute force and the accuracy it reaches there (checked, not assumed).
LENGTH = {"golden_mean": 8, "even": 16, "rip": 15, "nemo": 15, "rrxor": 15, "binary_markov": 8, "sns": 14}
TOL = {"golden_mean": 1e-30, "binary_markov": 1e-30, "even": 5e-3, "rip": 1e-2, "nemo": 1e-3, "rrxor": 0.1}
#: r_L = H[X_0 | L past, L future] approaches r_mu more slowly (about 0.7 per step).
RTOL = {"even": 0.15, "rip": 0.1, "nemo": 0.03, "rrxor": 0.12}


@pytest.fixture(autouse=True)
def working_precision():
    """Every mpmath operation of a test at DPS digits."""
    with mpmath.workdps(DPS):
        yield


def _load_script():
    spec = importlib.util.spec_from_file_location("demonstration_table", ROOT / "scripts" / "demonstration_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def num(expr):
    """An exact sympy value as an mpmath number (DPS digits)."""
    with mpmath.workdps(DPS + 10):
        return mpmath.mpf(sp.N(sp.sympify(expr), DPS + 10))


@functools.lru_cache(maxsize=None)
def layers(name: str, length: int | None = None):
    """``[{word: alpha}]`` for L = 0..length, alpha[s] = Pr(X_{0:L} = word, S_L = s) (oracle, Fractions)."""
    m = FINITE.get(name) or P.sns()
    return list(oracles._forward_layers(m, LENGTH[name] if length is None else length))


def dists(name: str):
    return [{w: sum(v, Fraction(0)) for w, v in layer.items()} for layer in layers(name)]


def H(probs) -> mpmath.mpf:
    with mpmath.workdps(DPS):
        return oracles.entropy_fractions(list(probs), dps=DPS)


@functools.lru_cache(maxsize=None)
def block(name: str, L: int) -> mpmath.mpf:
    return H(dists(name)[L].values())


@functools.lru_cache(maxsize=None)
def state_word_entropies(name: str):
    """``[H[S_0, X_{0:L}]]`` for L = 0..length: words from each start state weighted by pi."""
    m = FINITE.get(name) or P.sns()
    pi = oracles.stationary_fractions(m)
    per_state = []
    for i, weight in enumerate(pi):
        start = [weight if j == i else Fraction(0) for j in range(len(pi))]
        per_state.append([{w: sum(v) for w, v in layer.items()}
                          for layer in oracles._forward_layers(m, LENGTH[name], start)])
    return [H(p for d in per_state for p in d[L].values()) for L in range(LENGTH[name] + 1)]


def h_bounds(name: str, L: int) -> tuple:
    """``(H[X_L | X_{0:L}, S_0], H[X_L | X_{0:L}])``: a lower and an upper bound on h_mu."""
    joint = state_word_entropies(name)
    return joint[L + 1] - joint[L], block(name, L + 1) - block(name, L)


def grouped_machine_entropy(ds, L: int, K: int) -> mpmath.mpf:
    """C_mu exactly from word probabilities: the classes of histories of length L with equal
    Pr(next K symbols | history), linked by ``class(w) -x-> class(wx)``; the entropy of the
    stationary distribution of the closed (recurrent) classes, solved over the rationals."""
    alphabet = sorted({w[0] for w in ds[1]})
    futures = list(itertools.product(alphabet, repeat=K))

    def key(w):
        pw = ds[len(w)][w]
        return tuple(ds[len(w) + K].get(w + f, Fraction(0)) / pw for f in futures)

    edges: dict = {}
    for w in ds[L]:
        g = key(w)
        for x in alphabet:
            if w + (x,) in ds[L + 1]:
                pr = ds[L + 1][w + (x,)] / ds[L][w]
                edges.setdefault(g, {})[x] = (key(w + (x,)), pr)
    nodes = set(edges)

    def reach(g):
        seen, todo = {g}, [g]
        while todo:
            for t, _ in edges.get(todo.pop(), {}).values():
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        return seen

    reachable = {g: reach(g) for g in nodes}
    recurrent = sorted((g for g in nodes if reachable[g] <= nodes and all(g in reachable[t] for t in reachable[g])),
                       key=str)
    index = {g: i for i, g in enumerate(recurrent)}
    T = sp.zeros(len(recurrent))
    for g in recurrent:
        for t, pr in edges[g].values():
            T[index[g], index[t]] += sp.Rational(pr.numerator, pr.denominator)
    null = (T - sp.eye(len(recurrent))).T.nullspace()
    assert len(null) == 1, "one recurrent class of histories"
    pi = null[0] / sum(null[0])
    return H(Fraction(int(sp.Rational(x).p), int(sp.Rational(x).q)) for x in pi)


def reversed_dists(ds):
    return [{w[::-1]: p for w, p in d.items()} for d in ds]


# --- the page ---------------------------------------------------------------------------
def test_page_equals_a_fresh_computation():
    """docs/demonstration.md is exactly what scripts/demonstration_table.py writes now (regenerate if not)."""
    script = _load_script()
    assert (ROOT / "docs" / "demonstration.md").read_text(encoding="utf-8") == script.page()


def test_page_lists_every_process_and_measure():
    """The page has a table per process (and the symbolic chain) with every measure row, and says why cells are empty."""
    text = (ROOT / "docs" / "demonstration.md").read_text(encoding="utf-8")
    for title in ("Golden mean", "Even process", "RIP", "Nemo", "RRXOR", "p = 1/3, q = 1/4", "SNS",
                  "Binary Markov chain, symbolic"):
        assert f"## {title}" in text or title in text
    script = _load_script()
    for tex, _, _ in script.MEASURES:
        assert text.count(rf"| \({tex}\)") == 9, tex   # the overview, seven processes, the symbolic chain
    assert "infinitely many causal states" in text and "cryptic order is infinite" in text


def test_every_process_here_is_given_by_its_epsilon_machine():
    """The catalog presentations of the finite processes are their epsilon-machines (so S_L is the causal state below)."""
    for name, m in FINITE.items():
        assert len(sc.epsilon_machine(m).states) == len(m.states), name
        assert sc.gauge_information(m) == 0 and sc.oracular_information(m) == 0   # S is a function of the past


# --- h_mu, E, T, S from block entropies -----------------------------------------------------
@pytest.mark.parametrize("name", list(FINITE) + ["sns"])
def test_entropy_rate_between_block_entropy_bounds(name):
    """H[X_L|X_{0:L},S_0] <= h_mu <= H[X_L|X_{0:L}] at the largest L, and the bracket is narrow (exact for Markov order 1)."""
    m = FINITE.get(name) or P.sns()
    L = LENGTH[name] - 1
    lower, upper = h_bounds(name, L)
    h = sc.entropy_rate(m, digits=22)
    if isinstance(h, sc.Bounds):                       # SNS: the certified enclosure sits inside the bracket
        assert lower <= h.lower and h.upper <= upper
        assert upper - lower < 1e-3
        return
    value = num(h)
    assert lower - 1e-35 <= value <= upper + 1e-35
    assert upper - lower < TOL[name]


@pytest.mark.parametrize("name", list(FINITE))
def test_excess_entropy_from_block_entropies(name):
    """E = H(1) - h_mu exactly at Markov order 1; otherwise H(L) - L h_mu <= E <= H(L) - L h_mu + H[S_0 | X_{0:L}], within TOL."""
    m = FINITE[name]
    E, h = num(sc.excess_entropy(m)), num(sc.entropy_rate(m))
    if name in MARKOV_ONE:
        assert abs(E - (block(name, 1) - h)) < 1e-30
        return
    partial = [block(name, L) - L * h for L in range(LENGTH[name] + 1)]
    assert all(b >= a - 1e-30 for a, b in zip(partial, partial[1:]))
    assert 0 <= E - partial[-1] < TOL[name]
    # rigorous upper bound: the tail sum_{l >= L} (h(l+1) - h_mu) <= sum_{l >= L} I[X_l; S_0 | X_{0:l}] <= H[S_0 | X_{0:L}]
    L = LENGTH[name]
    assert E <= partial[-1] + (state_word_entropies(name)[L] - block(name, L)) + 1e-30


@pytest.mark.parametrize("name", list(FINITE))
def test_transient_information_partial_sums(name):
    """T = sum_L (E + L h_mu - H(L)): nonnegative terms whose partial sums reach T (exactly at Markov order 1)."""
    m = FINITE[name]
    E, h, T = num(sc.excess_entropy(m)), num(sc.entropy_rate(m)), num(sc.transient_information(m))
    terms = [E + L * h - block(name, L) for L in range(LENGTH[name] + 1)]
    assert min(terms) > -1e-30
    partial = mpmath.fsum(terms)
    tol = 1e-30 if name in MARKOV_ONE else 5 * TOL[name]
    assert 0 <= T - partial + 1e-30 and T - partial < tol
    if name in MARKOV_ONE:
        assert abs(terms[-1]) < 1e-30


@pytest.mark.parametrize("name", list(FINITE))
def test_synchronization_information_partial_sums(name):
    """S = sum_L H[S_L | X_{0:L}] from the forward vectors of every word: partial sums reach S (exactly at order 1)."""
    m = FINITE[name]
    S = num(sc.synchronization_information(m))
    terms = [H(p for v in layer.values() for p in v) - H(sum(v) for v in layer.values())
             for layer in layers(name)]
    partial = mpmath.fsum(terms)
    tol = 1e-30 if name in MARKOV_ONE else 5 * TOL[name]
    assert -1e-30 <= S - partial < tol


# --- C_mu, C^-, C^{+-}, Xi by grouping histories ------------------------------------------------
@pytest.mark.parametrize("name", list(FINITE))
def test_statistical_complexities_by_history_grouping(name):
    """C^+ (histories grouped by next-K predictions, exact), C^- (the same on reversed words), C^{+-} = C^+ + C^- - E, Xi = C^+ - C^-."""
    m = FINITE[name]
    ds = dists(name)
    K = len(m.states)
    L = LENGTH[name] - K - 1
    plus, minus = grouped_machine_entropy(ds, L, K), grouped_machine_entropy(reversed_dists(ds), L, K)
    c_plus, c_minus = num(sc.statistical_complexity(m)), num(sc.statistical_complexity(sc.reverse(m)))
    tol = 1e-30
    assert abs(plus - c_plus) < tol and abs(minus - c_minus) < tol
    assert abs(num(sc.causal_irreversibility(m)) - (plus - minus)) < 2 * tol
    c_pm = num(sc.state_entropy(sc.bidirectional_machine(m)))
    assert abs(c_pm - (c_plus + c_minus - num(sc.excess_entropy(m)))) < 1e-30
    assert abs(num(sc.state_entropy(m)) - plus) < tol        # H[pi] of an epsilon-machine presentation is C_mu


# --- the anatomy of a bit ---------------------------------------------------------------------
@pytest.mark.parametrize("name", list(FINITE))
def test_anatomy_from_two_sided_block_entropies(name):
    """H[X_0] from single symbols; r_L = H[X_0 | L past, L future] decreases to r_mu; the identities of James et al. (2011)."""
    m = FINITE[name]
    a = sc.information_anatomy(m)
    H1, h, rho, r, b, qq, w = (num(x) for x in (a.H_1, a.h_mu, a.rho_mu, a.r_mu, a.b_mu, a.q_mu, a.w_mu))
    assert abs(H1 - block(name, 1)) < 1e-30
    assert abs(h - num(sc.entropy_rate(m))) < 1e-30
    # identities: H[X_0] = rho + h, h = r + b, rho = q + b, w = b + rho = H[X_0] - r
    for lhs, rhs in ((H1, rho + h), (h, r + b), (rho, qq + b), (w, b + rho), (w, H1 - r)):
        assert abs(lhs - rhs) < 1e-30
    ds = dists(name)
    estimates = []
    for L in range(1, (LENGTH[name] - 1) // 2 + 1):
        holes: dict = {}
        for word, pr in ds[2 * L + 1].items():
            key = word[:L] + word[L + 1:]
            holes[key] = holes.get(key, Fraction(0)) + pr
        estimates.append(H(ds[2 * L + 1].values()) - H(holes.values()))
    assert all(y <= x + 1e-30 for x, y in zip(estimates, estimates[1:]))
    assert estimates[-1] >= r - 1e-30
    if name in MARKOV_ONE:
        assert abs(estimates[0] - r) < 1e-30
    else:
        assert estimates[-1] - r < RTOL[name]


# --- C_q from an independent Gram matrix -------------------------------------------------------
def gram_complexity(m, L: int) -> mpmath.mpf:
    """Von Neumann entropy of the q-machine at codeword length L, from the Gram matrix sqrt(pi_i pi_j)<eta_i|eta_j>."""
    n = len(m.states)
    pi = oracles.stationary_fractions(m)
    amps = []
    for i in range(n):
        start = [Fraction(int(j == i)) for j in range(n)]
        amps.append(oracles.forward_vectors(m, L, start=start))
    with mpmath.workdps(DPS):
        G = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                overlap = mpmath.mpf(0)
                for word, vi in amps[i].items():
                    vj = amps[j].get(word)
                    if vj:
                        overlap += mpmath.fsum(mpmath.sqrt(mpmath.mpf(a.numerator) / a.denominator
                                                           * mpmath.mpf(c.numerator) / c.denominator)
                                               for a, c in zip(vi, vj) if a and c)
                G[i, j] = mpmath.sqrt(mpmath.mpf(pi[i].numerator) / pi[i].denominator
                                      * mpmath.mpf(pi[j].numerator) / pi[j].denominator) * overlap
        eig = mpmath.eigsy(G, eigvals_only=True)
        return -mpmath.fsum(x * mpmath.log(x, 2) for x in eig if x > mpmath.mpf(10) ** (-DPS + 5))


@pytest.mark.parametrize("name", [n for n in FINITE if n != "nemo"])
def test_quantum_complexity_by_gram_matrix(name):
    """C_q equals the Gram-matrix entropy at the cryptic order k and at k + 1, k + 2 (C_q(L) is constant from k on)."""
    m = FINITE[name]
    k = int(sc.cryptic_order(m))
    value = num(sc.quantum_complexity(m))
    for L in (k, k + 1, k + 2):
        assert abs(gram_complexity(m, L) - value) < 1e-30, L


def test_nemo_quantum_complexity_by_gram_matrix():
    """Nemo (infinite cryptic order): C_q(L) for L = 1, 2, 3 equals the Gram-matrix entropy and decreases strictly."""
    m = FINITE["nemo"]
    values = [num(sc.quantum_complexity(m, L=L)) for L in (1, 2, 3)]
    for L, v in zip((1, 2, 3), values):
        assert abs(gram_complexity(m, L) - v) < 1e-30
    assert values[0] > values[1] > values[2]


# --- synchronization by brute-force search over words ---------------------------------------------
def _words(alphabet, up_to):
    for L in range(up_to + 1):
        yield from itertools.product(alphabet, repeat=L)


def _images(m, word):
    """For each start state, the end state after reading ``word`` (None where a transition is missing)."""
    delta = {(e.source, e.symbol): e.target for e in m.edges}
    out = []
    for s in m.states:
        for x in word:
            s = delta.get((s, x)) if s is not None else None
        out.append(s)
    return out


@pytest.mark.parametrize("name", list(FINITE))
def test_synchronizing_word_and_reset_threshold_by_search(name):
    """The first word (length, then alphabet order) whose posterior pi T^(w) is a point mass; reset words defined on all states."""
    m = FINITE[name]
    found = None
    for word in _words(m.alphabet, 8):
        alpha = oracles.forward_vectors(m, len(word)).get(word) if word else None
        vec = alpha if word else list(oracles.stationary_fractions(m))
        if vec and sum(1 for v in vec if v) == 1:
            found = word
            break
    assert found == sc.synchronizing_word(m)
    # reset words: every prefix of one is defined on all states, so search those only, up to the
    # bound 2^n - n - 1 on the shortest (its images of Q are distinct sets of >= 2 states before the last)
    n = len(m.states)
    frontier, reset = [()], sp.oo
    for length in range(1, 2 ** n - n):
        frontier = [w + (x,) for w in frontier for x in m.alphabet if None not in _images(m, w + (x,))]
        hit = [w for w in frontier if len(set(_images(m, w))) == 1]
        if hit:
            reset = length
            break
        frontier = list({tuple(_images(m, w)): w for w in frontier}.values())   # one word per image tuple
    assert reset == sc.reset_threshold(m)


@pytest.mark.parametrize("name", list(FINITE))
def test_synchronization_order_by_words(name):
    """Order 1: every word of length 1 synchronises (and the empty word does not); order oo: a non-synchronising word at every L checked."""
    m = FINITE[name]
    order = sc.synchronization_order(m)
    unsynced = [any(sum(1 for v in vec if v) > 1 for vec in layer.values()) for layer in layers(name)]
    if order == sp.oo:
        assert all(unsynced)
    else:
        assert unsynced[:order] == [True] * order and not any(unsynced[order:])


# --- topological entropy and complexity -------------------------------------------------------------
@pytest.mark.parametrize("name", list(FINITE) + ["sns"])
def test_topological_entropy_by_word_counts_and_charpoly(name):
    """h_top = log2 of the largest root of the support graph's characteristic polynomial; (log2 N(L)/N(L-6))/6 is within 0.05 at the largest L."""
    m = FINITE.get(name) or P.sns()
    machine = m if name != "sns" else P.golden_mean(R(1, 2))        # SNS's support is the golden-mean shift:
    counts = [len(layer) for layer in layers(name)]
    if name == "sns":
        assert counts == [len(layer) for layer in layers("golden_mean", LENGTH["sns"])]   # same words
    idx = {s: i for i, s in enumerate(machine.states)}
    A = sp.zeros(len(machine.states))
    for e in machine.edges:
        A[idx[e.source], idx[e.target]] += 1
    with mpmath.workdps(DPS):
        coeffs = [int(c) for c in A.charpoly().all_coeffs()]
        lam = max(mpmath.re(z) for z in mpmath.polyroots(coeffs, maxsteps=200, extraprec=200)
                  if abs(mpmath.im(z)) < 1e-25)
        exact = mpmath.log(lam, 2)
        assert abs(exact - num(sc.topological_entropy(m))) < 1e-30
        growth = mpmath.log(mpmath.mpf(counts[-1]) / counts[-7], 2) / 6     # over 6 steps (RRXOR's period 3)
        assert abs(growth - exact) < 0.05


@pytest.mark.parametrize("name", list(FINITE))
def test_topological_complexity_by_follower_sets(name):
    """C_top = log2 of the number of distinct follower sets (words of length <= n) of the machine's states."""
    m = FINITE[name]
    n = len(m.states)
    followers = {frozenset(w for w in _words(m.alphabet, n) if _images(m, w)[i] is not None)
                 for i in range(n)}
    assert abs(num(sc.topological_complexity(m)) - mpmath.log(len(followers), 2)) < 1e-30


# --- orders ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(FINITE))
def test_markov_order_by_definition(name):
    """Markov order 1 where Pr(x | w) depends on the last symbol only (checked on words up to 6); none <= 3 for the others."""
    m = FINITE[name]
    found = oracles.markov_order_by_definition(m, 3, 6)
    expected = sc.markov_order(m)
    assert found == (None if expected == sp.oo else expected)


@pytest.mark.parametrize("name", list(FINITE))
def test_cryptic_order_by_pairs_of_states(name):
    """Cryptic order k: H[S_k | X_{0:}] = 0 and, for k > 0, H[S_{k-1} | X_{0:}] > 0, decided by following pairs of states
    (tests/oracles.py); Nemo: positive for every k up to 6."""
    m = FINITE[name]
    k = sc.cryptic_order(m)
    if k == sp.oo:
        assert all(oracles.cryptic_ambiguity(m, j) == "positive" for j in range(7))
        return
    assert oracles.cryptic_ambiguity(m, int(k)) == "zero"
    if k > 0:
        assert oracles.cryptic_ambiguity(m, int(k) - 1) == "positive"
