"""Named machines from specific papers (continued): cryptic, synchronization and logic examples.

Conventions and references as in :mod:`symcm.models.literature_machines`:
edges ``s -> t on x (prob)``, symbols the strings ``"0"``, ``"1"``, ...,
parameters open-interval symbols (``(0, 1)``) or exact numbers.  The machines
here are the redundant Nemo, the noisy random phase-slip process, the odd and
even-odd processes, the phase-slip backtrack process, the noisy-copy and
random-XOR logic processes and the Butterfly process.

References
----------
.. [MEC09b] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes: linear combinations of causal
   states", arXiv:0906.5099 (2009).
.. [JMEC10] R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield,
   "Many roads to synchrony: natural time scales and their algorithms",
   Phys. Rev. E 89, 042135 (2014), arXiv:1010.5545.
.. [JEC11] R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a
   bit: information in a time series observation", Chaos 21, 037109 (2011).
.. [CF03] J. P. Crutchfield and D. P. Feldman, "Regularities unseen,
   randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
.. [CMPy] The CMPy library (Crutchfield group, UC Davis), module
   ``cmpy.machines.processes``.
"""

from __future__ import annotations

from .hmm import HMM
from .literature_machines import _HALF, _R, _build, _exact

__all__ = [
    "nemo_redundant", "noisy_random_phase_slip", "odd", "even_odd", "three_even_odd",
    "phase_slip_backtrack", "rn1c", "rn1n", "rrx_nonminimal", "rrxro", "three_hundred", "butterfly", "CATALOG",
]


def nemo_redundant(p, q) -> HMM:
    """A six-state (non-minimal) presentation of ``nemo(p, q)``: two copies of Nemo in series [CMPy].

    ``A -> A on 1 (p)``, ``A -> B on 0 (1-p)``, ``B -> C on 0 (1)``,
    ``C -> D on 0 (q)``, ``C -> D on 1 (1-q)``, ``D -> D on 1 (p)``,
    ``D -> E on 0 (1-p)``, ``E -> F on 0 (1)``, ``F -> A on 0 (q)``,
    ``F -> A on 1 (1-q)``.  ``q`` weighs the 0, as in the catalog's ``nemo``
    (CMPy's NemoRedundant and Nemo weigh the 1 with ``q``).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.same_process(sc.processes.nemo_redundant(p, q), sc.processes.nemo(p, q))
    True
    """
    v = _exact({"p": p, "q": q})
    p, q = v["p"], v["q"]
    edges = []
    for a, b, c, nxt in (("A", "B", "C", "D"), ("D", "E", "F", "A")):
        edges += [(a, a, "1", p), (a, b, "0", 1 - p), (b, c, "0", 1), (c, nxt, "0", q), (c, nxt, "1", 1 - q)]
    return _build("nemo_redundant", edges, v)


def noisy_random_phase_slip() -> HMM:
    """The noisy random phase-slip process (NRPS) [JEC11], Fig. 11(c).

    ``A -> A on 0 (1/2)``, ``A -> B on 1 (1/2)``, ``B -> C on 0 (1)``,
    ``C -> D on 1 (1)``, ``D -> E on 0 (1/2)``, ``D -> E on 1 (1/2)``,
    ``E -> A on 0 (1)``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.entropy_rate(sc.processes.noisy_random_phase_slip())
    1/2
    """
    h = _HALF
    edges = [("A", "A", "0", h), ("A", "B", "1", h), ("B", "C", "0", 1), ("C", "D", "1", 1),
             ("D", "E", "0", h), ("D", "E", "1", h), ("E", "A", "0", 1)]
    return _build("noisy_random_phase_slip", edges, label="noisy_random_phase_slip()")


def odd(bias1, bias2) -> HMM:
    """The odd process: 1s come in runs of odd length (CMPy's Odd).

    ``A -> A on 0 (bias1)``, ``A -> B on 1 (1-bias1)``, ``B -> A on 0 (bias2)``,
    ``B -> C on 1 (1-bias2)``, ``C -> B on 1 (1)`` [CMPy].

    Examples
    --------
    >>> import sympy, symcm as sc
    >>> sc.word_probability(sc.processes.odd(sympy.Rational(1, 2), sympy.Rational(1, 2)), "0110")
    0
    """
    v = _exact({"bias1": bias1, "bias2": bias2})
    b1, b2 = v["bias1"], v["bias2"]
    edges = [("A", "A", "0", b1), ("A", "B", "1", 1 - b1), ("B", "A", "0", b2), ("B", "C", "1", 1 - b2),
             ("C", "B", "1", 1)]
    return _build("odd", edges, v)


def even_odd() -> HMM:
    """The even-odd process (CMPy's EvenOdd): even runs of 0s, odd runs of 1s.

    ``A -> B on 0 (1/2)``, ``B -> A on 0 (1)``, ``A -> C on 1 (1/2)``,
    ``C -> B on 0 (1/2)``, ``C -> D on 1 (1/2)``, ``D -> C on 1 (1)`` [CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.even_odd())["A"]
    2/7
    """
    h = _HALF
    edges = [("A", "B", "0", h), ("B", "A", "0", 1), ("A", "C", "1", h), ("C", "B", "0", h),
             ("C", "D", "1", h), ("D", "C", "1", 1)]
    return _build("even_odd", edges, label="even_odd()")


def three_even_odd() -> HMM:
    """The ternary even-odd process (CMPy's ThreEvenOdd), symbols 0, 1, 2.

    ``A -> A on 0 (1/3)``, ``A -> B on 1 (1/3)``, ``A -> C on 2 (1/3)``,
    ``B -> A on 1 (1)``, ``C -> A on 0 (1/3)``, ``C -> B on 1 (1/3)``,
    ``C -> D on 2 (1/3)``, ``D -> C on 2 (1)`` [CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.three_even_odd().alphabet
    ('0', '1', '2')
    """
    t = _R(1, 3)
    edges = [("A", "A", "0", t), ("A", "B", "1", t), ("A", "C", "2", t), ("B", "A", "1", 1),
             ("C", "A", "0", t), ("C", "B", "1", t), ("C", "D", "2", t), ("D", "C", "2", 1)]
    return _build("three_even_odd", edges, label="three_even_odd()")


def phase_slip_backtrack() -> HMM:
    """The phase-slip backtrack (PSB) process: Markov order 3, cryptic order 2 [JMEC10; CMPy].

    ``A -> B on 1 (1/2)``, ``A -> D on 0 (1/2)``, ``B -> B on 1 (1/2)``,
    ``B -> C on 0 (1/2)``, ``C -> D on 0 (1)``, ``D -> A on 1 (1)``, as CMPy
    defines it; its orders ``R = 3``, ``k_chi = 2`` are those [JMEC10] states
    for its PSB example.  ``pi = (2, 2, 1, 2)/7``.

    Examples
    --------
    >>> import symcm as sc
    >>> m = sc.processes.phase_slip_backtrack()
    >>> (sc.markov_order(m), sc.cryptic_order(m))
    (3, 2)
    """
    h = _HALF
    edges = [("A", "B", "1", h), ("A", "D", "0", h), ("B", "B", "1", h), ("B", "C", "0", h),
             ("C", "D", "0", 1), ("D", "A", "1", 1)]
    return _build("phase_slip_backtrack", edges, label="phase_slip_backtrack()")


# --------------------------------------------------------------------------- logic processes


def rn1c(noise, bias) -> HMM:
    """The random noisy-1 copy process (CMPy's Rn1C): a random bit; a 0 is copied, a 1 is copied noisily.

    ``A -> B on 0 (bias)``, ``B -> A on 0 (1)``, ``A -> C on 1 (1-bias)``,
    ``C -> A on 0 (noise)``, ``C -> A on 1 (1-noise)`` [CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.rn1c(*sc.symbols("noise bias")))["A"]
    1/2
    """
    v = _exact({"noise": noise, "bias": bias})
    n, b = v["noise"], v["bias"]
    edges = [("A", "B", "0", b), ("B", "A", "0", 1), ("A", "C", "1", 1 - b), ("C", "A", "0", n),
             ("C", "A", "1", 1 - n)]
    return _build("rn1c", edges, v)


def rn1n(bias, noise) -> HMM:
    """The random, noisy-1 NOT process (CMPy's Rn1N): a random bit; a 0 is negated, a 1 negated noisily.

    ``A -> B on 0 (bias)``, ``A -> C on 1 (1-bias)``, ``B -> A on 1 (1)``,
    ``C -> A on 1 (noise)``, ``C -> A on 0 (1-noise)`` [CMPy].

    Examples
    --------
    >>> import sympy, symcm as sc
    >>> sc.statistical_complexity(sc.processes.rn1n(sympy.Rational(1, 2), sympy.Rational(1, 10)))
    H(1/4, 1/4, 1/2)
    """
    v = _exact({"bias": bias, "noise": noise})
    b, n = v["bias"], v["noise"]
    edges = [("A", "B", "0", b), ("A", "C", "1", 1 - b), ("B", "A", "1", 1), ("C", "A", "1", n),
             ("C", "A", "0", 1 - n)]
    return _build("rn1n", edges, v)


def rrx_nonminimal() -> HMM:
    """A seven-state, non-minimal presentation of the random-random-XOR process (``rrxor()``) [CMPy; CF03].

    ``A -> B on 0 (1/2)``, ``A -> C on 1 (1/2)``, ``B -> D on 0 (1/2)``,
    ``B -> E on 1 (1/2)``, ``C -> F on 0 (1/2)``, ``C -> G on 1 (1/2)``,
    ``D -> A on 0 (1)``, ``E -> A on 1 (1)``, ``F -> A on 1 (1)``,
    ``G -> A on 0 (1)``: one state per pair of random bits, where ``rrxor()``
    merges the pairs of equal XOR.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.same_process(sc.processes.rrx_nonminimal(), sc.processes.rrxor())
    True
    """
    h = _HALF
    edges = [("A", "B", "0", h), ("A", "C", "1", h), ("B", "D", "0", h), ("B", "E", "1", h),
             ("C", "F", "0", h), ("C", "G", "1", h), ("D", "A", "0", 1), ("E", "A", "1", 1),
             ("F", "A", "1", 1), ("G", "A", "0", 1)]
    return _build("rrx_nonminimal", edges, label="rrx_nonminimal()")


def rrxro() -> HMM:
    """CMPy's RRXRO process: two random bits x, y; then x XOR y; if that is 0, a random bit z and z again.

    Words ``x y 1 1`` when ``x != y`` and ``x y 0 z z`` when ``x = y``.  Edges
    ``S -> 0 on 0 (1/2)``, ``S -> 1 on 1 (1/2)``, ``0 -> 00 on 0 (1/2)``,
    ``0 -> 01 on 1 (1/2)``, ``1 -> 10 on 0 (1/2)``, ``1 -> 11 on 1 (1/2)``,
    ``01 -> orTrue on 1 (1)``, ``10 -> orTrue on 1 (1)``, ``00 -> 000 on 0 (1)``,
    ``11 -> 110 on 0 (1)``, ``000 -> orFalse on 0 (1/2)``,
    ``000 -> orTrue on 1 (1/2)``, ``110 -> orFalse on 0 (1/2)``,
    ``110 -> orTrue on 1 (1/2)``, ``orFalse -> S on 0 (1)``,
    ``orTrue -> S on 1 (1)`` [CMPy] (the last symbol is ``(x XOR y) OR z``).

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.rrxro().states)
    11
    """
    h = _HALF
    edges = [("S", "0", "0", h), ("S", "1", "1", h), ("0", "00", "0", h), ("0", "01", "1", h),
             ("1", "10", "0", h), ("1", "11", "1", h), ("01", "orTrue", "1", 1), ("10", "orTrue", "1", 1),
             ("00", "000", "0", 1), ("000", "orFalse", "0", h), ("000", "orTrue", "1", h),
             ("11", "110", "0", 1), ("110", "orFalse", "0", h), ("110", "orTrue", "1", h),
             ("orFalse", "S", "0", 1), ("orTrue", "S", "1", 1)]
    return _build("rrxro", edges, label="rrxro()")


def three_hundred(p, q, r) -> HMM:
    """CMPy's ThreeHundred process: six states, a three-way phase with biased coins.

    ``A -> B on 0 (p)``, ``A -> C on 1 (1-p)``, ``B -> D on 0 (1)``,
    ``C -> E on 0 (1)``, ``D -> F on 0 (q)``, ``D -> F on 1 (1-q)``,
    ``E -> A on 0 (1)``, ``F -> A on 0 (r)``, ``F -> A on 1 (1-r)`` [CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.three_hundred(*sc.symbols("p q r")))["A"]
    1/(p + 3)
    """
    v = _exact({"p": p, "q": q, "r": r})
    p, q, r = v["p"], v["q"], v["r"]
    edges = [("A", "B", "0", p), ("A", "C", "1", 1 - p), ("B", "D", "0", 1), ("C", "E", "0", 1),
             ("D", "F", "0", q), ("D", "F", "1", 1 - q), ("E", "A", "0", 1), ("F", "A", "0", r),
             ("F", "A", "1", 1 - r)]
    return _build("three_hundred", edges, v)


# --------------------------------------------------------------------------- butterflies

def butterfly() -> HMM:
    """The Butterfly process: five states, eight symbols, two branches per state, 2-cryptic [MEC09b; CMPy].

    ``A -> B on 2 (1/2)``, ``A -> D on 3 (1/2)``, ``B -> C on 0 (1/2)``,
    ``B -> B on 4 (1/2)``, ``C -> A on 1 (1/2)``, ``C -> C on 6 (1/2)``,
    ``D -> E on 0 (1/2)``, ``D -> D on 5 (1/2)``, ``E -> A on 1 (1/2)``,
    ``E -> E on 7 (1/2)``, as CMPy defines it; its cryptic order 2 is the
    one [MEC09b] states for the Butterfly.  ``pi`` is uniform, ``h_mu = 1``.

    Examples
    --------
    >>> import symcm as sc
    >>> (sc.entropy_rate(sc.processes.butterfly()), sc.cryptic_order(sc.processes.butterfly()))
    (1, 2)
    """
    h = _HALF
    edges = [("A", "B", "2", h), ("A", "D", "3", h), ("B", "C", "0", h), ("B", "B", "4", h),
             ("C", "A", "1", h), ("C", "C", "6", h), ("D", "E", "0", h), ("D", "D", "5", h),
             ("E", "A", "1", h), ("E", "E", "7", h)]
    return _build("butterfly", edges, label="butterfly()")


CATALOG = {
    "nemo_redundant": (nemo_redundant, ("p", "q")),
    "noisy_random_phase_slip": (noisy_random_phase_slip, ()),
    "odd": (odd, ("bias1", "bias2")),
    "even_odd": (even_odd, ()),
    "three_even_odd": (three_even_odd, ()),
    "phase_slip_backtrack": (phase_slip_backtrack, ()),
    "rn1c": (rn1c, ("noise", "bias")),
    "rn1n": (rn1n, ("bias", "noise")),
    "rrx_nonminimal": (rrx_nonminimal, ()),
    "rrxro": (rrxro, ()),
    "three_hundred": (three_hundred, ("p", "q", "r")),
    "butterfly": (butterfly, ()),
}
