"""Values of the demonstration page (docs/demonstration.md) against the literature and hand derivations.

Each test names its source.  Where the papers state a fact or a formula (not a
table of digits) the test checks symcm's value at the page's parameters
against that fact or formula; the hand derivations are written out in the
docstrings.  Numeric tables of the papers were not available to this project
(no paper text in its reference corpora), so no digit-by-digit comparison with
a printed table is claimed here.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import symcm as sc

R = sp.Rational
P = sc.processes
GOLDEN = (1 + sp.sqrt(5)) / 2


def close(a, b, digits=40):
    """Agreement of two exact values to ``digits`` digits (mpmath)."""
    with mpmath.workdps(digits + 10):
        return abs(mpmath.mpf(sp.N(sp.sympify(a) - sp.sympify(b), digits + 10))) < mpmath.mpf(10) ** -digits


@pytest.mark.parametrize("model", [P.golden_mean(R(1, 2)), P.even(R(1, 2)), P.sns()], ids=["golden", "even", "sns"])
def test_golden_mean_shift_entropy(model):
    """h_top = log2 of the golden ratio for the golden-mean shift (Lind & Marcus 1995, Ex. 4.1.4) and its
    factors with the same words' growth: the even shift and SNS's support (Lind & Marcus 1995, Ch. 4)."""
    assert close(sc.topological_entropy(model), sp.log(GOLDEN, 2))


def test_golden_mean_by_hand():
    """Golden mean at 1/2: pi = (2/3, 1/3), C_mu = H(1/3), h_mu = 2/3 H(1/2) = 2/3, E = H[X_0] - h_mu at Markov order 1
    (Crutchfield & Feldman 2003, Chaos 13, 25: E = H(R) - R h_mu)."""
    m = P.golden_mean(R(1, 2))
    assert sc.stationary_distribution(m) == {"A": R(2, 3), "B": R(1, 3)}
    assert close(sc.statistical_complexity(m), sc.H(R(1, 3)))
    assert sc.entropy_rate(m) == R(2, 3)
    assert close(sc.excess_entropy(m), sc.H(R(1, 3)) - R(2, 3))
    assert sc.markov_order(m) == 1


def test_even_process_is_not_cryptic():
    """Even process at 1/2 by hand: the future fixes the state (the parity of the 1s before its first 0), so
    chi = H[S+ | S-] = 0 and E = C_mu = H(1/3) (E = C+ - chi+, Crutchfield, Ellison & Mahoney 2009, PRL 103,
    094101); the parity of a run of 1s is never forgotten, so the Markov order is infinite."""
    m = P.even(R(1, 2))
    assert close(sc.excess_entropy(m), sc.H(R(1, 3))) and close(sc.statistical_complexity(m), sc.H(R(1, 3)))
    assert sc.crypticity(m) == 0 and sc.cryptic_order(m) == 0
    assert sc.markov_order(m) == sp.oo


def test_nemo_has_infinite_cryptic_order():
    """Nemo, the example of infinite cryptic order (Mahoney, Ellison & Crutchfield 2009, J. Phys. A 42, 362002)."""
    m = P.nemo(R(1, 2), R(1, 2))
    assert sc.cryptic_order(m) == sp.oo and sc.markov_order(m) == sp.oo
    assert sc.crypticity(m) != 0


def test_rip_is_causally_irreversible():
    """RIP: C+ != C- (Crutchfield, Ellison & Mahoney 2009, PRL 103, 094101), with their identities
    E = C+ - chi+ = C- - chi- and Xi = C+ - C- = chi+ - chi-."""
    m = P.rip(R(1, 2), R(1, 2))
    c_plus, c_minus = sc.statistical_complexity(m), sc.statistical_complexity(sc.reverse(m))
    E = sc.excess_entropy(m)
    chi_plus, chi_minus = sc.crypticity(m), sc.crypticity(sc.reverse(m))
    assert close(E, c_plus - chi_plus) and close(E, c_minus - chi_minus)
    xi = sc.causal_irreversibility(m)
    assert close(xi, c_plus - c_minus) and close(xi, chi_plus - chi_minus)
    assert not close(xi, 0, digits=5)


def test_rrxor_by_hand():
    """RRXOR: two fair bits then their XOR, so h_mu = 2/3, H[X_0] = 1 (every symbol is a fair bit), and given the
    past (which fixes the phase) and the future, X_0 is determined: r_mu = 0, b_mu = 2/3 (James, Ellison &
    Crutchfield 2011, Chaos 21, 037109, for the definitions); five causal states with pi = (1/3, 1/6 x 4)."""
    m = P.rrxor()
    a = sc.information_anatomy(m)
    assert (a.H_1, a.h_mu, a.r_mu, a.b_mu) == (1, R(2, 3), 0, R(2, 3))
    assert close(sc.statistical_complexity(m), sc.H(R(1, 3), R(1, 6), R(1, 6), R(1, 6), R(1, 6)))


def test_binary_markov_at_the_page_point_by_hand():
    """binary_markov(1/3, 1/4): pi = (q, p)/(p + q) = (3/7, 4/7), h_mu = (q H(p) + p H(q))/(p + q), E = H(pi) - h_mu
    (the Markov chain of order 1; Crutchfield & Feldman 2003)."""
    m = P.binary_markov(R(1, 3), R(1, 4))
    assert sc.stationary_distribution(m) == {"A": R(3, 7), "B": R(4, 7)}
    h = (R(1, 4) * sc.H(R(1, 3)) + R(1, 3) * sc.H(R(1, 4))) / (R(1, 3) + R(1, 4))
    assert close(sc.entropy_rate(m), h)
    assert close(sc.excess_entropy(m), sc.H(R(3, 7)) - h)
