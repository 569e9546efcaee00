"""Sampling sequences from numeric models (symcm.numeric.sampling).

Draws are exact (integer draws against common denominators) and seeded, so
sampling is reproducible; the statistical test below is a sanity check with a
stated, generous bound.
"""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, NotErgodicError, NotNumericError, ParameterTypeError

P = sc.processes
p, q = sc.symbols("p q")
R = sp.Rational
HALF = R(1, 2)

NUMERIC = {
    "golden_mean(1/2)": P.golden_mean(HALF),
    "even(1/3)": P.even(R(1, 3)),
    "binary_markov(1/5,1/3)": P.binary_markov(R(1, 5), R(1, 3)),
    "lohr_generator(1/5)": P.lohr_generator(R(1, 5)),
    "rrxor": P.rrxor(),
    "sns": P.sns(),
    "nemo(2/5,1/3)": P.nemo(R(2, 5), R(1, 3)),
    "period(3)": P.period(3),
}
NAMES = list(NUMERIC)


@pytest.mark.parametrize("name", NAMES)
def test_reproducible_by_seed(name):
    """The same seed gives the same sequence (and state path)."""
    m = NUMERIC[name]
    assert sc.sample(m, 500, seed=7) == sc.sample(m, 500, seed=7)
    assert sc.sample(m, 200, seed=3, return_states=True) == sc.sample(m, 200, seed=3, return_states=True)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "period(3)"])
def test_different_seeds_differ(name):
    """Different seeds give different sequences (for a model with randomness)."""
    m = NUMERIC[name]
    assert len({sc.sample(m, 300, seed=s) for s in range(5)}) == 5


def test_length_and_alphabet():
    """sample returns a string of n symbols from the alphabet; n = 0 gives the empty string."""
    m = NUMERIC["binary_markov(1/5,1/3)"]
    s = sc.sample(m, 1000, seed=0)
    assert isinstance(s, str) and len(s) == 1000 and set(s) <= set(m.alphabet)
    assert sc.sample(m, 0, seed=0) == ""


def test_multicharacter_symbols_give_tuple():
    """With multi-character symbols the sample is a tuple of symbols."""
    m = sc.HMM.from_edges([("A", "A", "a", HALF), ("A", "A", "bb", HALF)])
    s = sc.sample(m, 50, seed=1)
    assert isinstance(s, tuple) and len(s) == 50 and set(s) <= {"a", "bb"}


@pytest.mark.parametrize("m", [P.golden_mean(p), P.binary_markov(p, HALF), P.lohr_generator(p)],
                         ids=["golden_mean(p)", "binary_markov(p,1/2)", "lohr_generator(p)"])
def test_symbolic_model_refused(m):
    """A model with free parameters raises NotNumericError naming them and suggesting subs."""
    with pytest.raises(NotNumericError, match=r"free parameters \(p,\).*subs"):
        sc.sample(m, 10, seed=0)


@pytest.mark.parametrize("n", [2.5, "10", True, None])
def test_bad_length_refused(n):
    """n must be an int: anything else is a ParameterTypeError naming sample and n."""
    with pytest.raises(ParameterTypeError, match="sample: n must be an int"):
        sc.sample(NUMERIC["rrxor"], n, seed=0)


def test_negative_length_refused():
    """A negative n is a DomainError."""
    with pytest.raises(DomainError, match="sample: n must be at least 0, received -1"):
        sc.sample(NUMERIC["rrxor"], -1, seed=0)


def test_length_capped_by_max_length():
    """sample(m, 10**12) is refused at once with TooLargeError naming max_length; a larger cap allows more."""
    with pytest.raises(sc.errors.TooLargeError, match=r"sample: n=.* exceeds the cap max_length=.*pass a larger max_length="):
        sc.sample(NUMERIC["rrxor"], 10**12, seed=0)
    with pytest.raises(sc.errors.TooLargeError, match="max_length=5"):
        sc.sample(NUMERIC["rrxor"], 6, seed=0, max_length=5)
    assert len(sc.sample(NUMERIC["rrxor"], 5, seed=0, max_length=5)) == 5


@pytest.mark.parametrize("seed", [[1, 2], "abc", 1.5, -1, True, (1,), b"x"])
def test_bad_seed_refused(seed):
    """sample(seed=[1, 2] | 'abc' | 1.5 | -1) is refused naming the seed (a list raised a raw TypeError;
    strings and floats were hashed silently into a seed)."""
    with pytest.raises((ParameterTypeError, DomainError), match="sample: seed must be"):
        sc.sample(NUMERIC["rrxor"], 10, seed=seed)


def test_seed_none_and_ints_still_work():
    """seed=None draws fresh randomness; equal int seeds give equal sequences."""
    m = NUMERIC["rrxor"]
    assert len(sc.sample(m, 10, seed=None)) == 10
    assert sc.sample(m, 10, seed=7) == sc.sample(m, 10, seed=7)


def test_non_ergodic_refused():
    """A numeric model with two recurrent classes cannot be sampled from its (non-unique) stationary distribution."""
    m = sc.HMM.from_edges([("A", "A", "0", 1), ("B", "B", "1", 1)])
    with pytest.raises(NotErgodicError):
        sc.sample(m, 10, seed=0)


@pytest.mark.parametrize("seed", range(5))
def test_golden_mean_never_two_zeros(seed):
    """Golden mean samples never contain the forbidden word 00."""
    s = sc.sample(P.golden_mean(R(3, 4)), 3000, seed=seed)
    assert "00" not in s and "0" in s


@pytest.mark.parametrize("seed", range(5))
def test_even_process_runs_of_ones_are_even(seed):
    """Even-process samples: every run of 1s bounded by 0s on both sides has even length."""
    s = sc.sample(P.even(R(1, 3)), 3000, seed=seed)
    inner = re.findall(r"(?<=0)(1+)(?=0)", s)
    assert inner and all(len(run) % 2 == 0 for run in inner)


@pytest.mark.parametrize("seed", range(3))
def test_period_sample_is_periodic(seed):
    """period(3) samples are a shift of 001001..."""
    s = sc.sample(P.period(3), 30, seed=seed)
    assert s in {("001" * 11)[k:k + 30] for k in range(3)}


@pytest.mark.parametrize("seed", range(3))
def test_rrxor_every_third_symbol_is_xor(seed):
    """rrxor samples: in the path's phase, each third symbol is the XOR of the two before."""
    s, states = sc.sample(P.rrxor(), 300, seed=seed, return_states=True)
    for k, state in enumerate(states[:-1]):
        if state in ("F0", "F1") and k >= 2:
            assert int(s[k]) == int(s[k - 2]) ^ int(s[k - 1])


def test_symbol_frequency_binary_markov():
    """20000 symbols of binary_markov(1/5, 1/3): the frequency of 1 is within 4 sd (Markov variance) of Pr(1) = 3/8."""
    # The symbol is the state, a two-state chain with second eigenvalue lam = 1 - p - q = 7/15.  The
    # asymptotic variance of the mean of X_t in {0, 1} is pi0 pi1 (1 + lam) / (1 - lam) / n, larger than
    # the binomial pi0 pi1 / n because successive symbols are positively correlated.
    m = P.binary_markov(R(1, 5), R(1, 3))
    n = 20000
    pr1 = sc.word_probability(m, "1")
    assert pr1 == R(3, 8)
    lam = 1 - R(1, 5) - R(1, 3)
    sd = math.sqrt(float(pr1 * (1 - pr1) * (1 + lam) / (1 - lam)) / n)
    freq = sc.sample(m, n, seed=2024).count("1") / n
    assert abs(freq - float(pr1)) < 4 * sd


def test_word_frequency_golden_mean():
    """The frequency of the word 10 in 20000 golden_mean(1/2) symbols is within 0.02 of Pr(10) = 1/3."""
    m = P.golden_mean(HALF)
    s = sc.sample(m, 20000, seed=5)
    freq = sum(1 for k in range(len(s) - 1) if s[k:k + 2] == "10") / (len(s) - 1)
    assert sc.word_probability(m, "10") == R(1, 3)
    assert abs(freq - 1 / 3) < 0.02


@pytest.mark.parametrize("name", NAMES)
def test_state_path_consistent_with_edges(name):
    """With return_states=True the n + 1 states follow edges that emit exactly the sampled symbols."""
    m = NUMERIC[name]
    s, states = sc.sample(m, 400, seed=11, return_states=True)
    assert len(states) == len(s) + 1
    edges = {(e.source, e.target, e.symbol) for e in m.edges}
    for k, x in enumerate(s):
        assert (states[k], states[k + 1], x) in edges, (k, states[k], states[k + 1], x)


def test_start_state_follows_pi():
    """The first state is drawn from pi: over 600 seeds lohr_generator(1/5) starts in B (pi_B = 2/5) 30-50% of times."""
    m = P.lohr_generator(R(1, 5))
    starts = [sc.sample(m, 0, seed=s, return_states=True)[1][0] for s in range(600)]
    assert 0.30 < starts.count("B") / 600 < 0.50
    assert set(starts) == {"A", "B", "C"}


def test_transient_states_never_visited():
    """A transient state (pi = 0) is never the start, so never appears in the path."""
    m = sc.HMM.from_edges([("T", "A", "0", 1), ("A", "A", "0", HALF), ("A", "A", "1", HALF)])
    for seed in range(20):
        _, states = sc.sample(m, 20, seed=seed, return_states=True)
        assert "T" not in states
