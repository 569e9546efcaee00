"""Proof: Loehr's generator versus the epsilon-machine of binary_markov(p, p).

Claims of the seed blog post "Prediction is not Generation" (2025), checked:

1. Loehr's generator has stationary distribution (1/2 - p, 2p, 1/2 - p).      TRUE, exactly.
2. Its state entropy at p = q = 0.4 is approximately 0.922, below C_mu = 1.   TRUE: H(1/10, 4/5, 1/10) = 0.92193.
3. It outputs 0 -> 1 with probability p and 1 -> 0 with probability q = p,
   i.e. it generates binary_markov(p, p).                                      TRUE, exactly, for every p in (0, 1/2)
                                                                               (same_process over Q(p)).
4. It has lower state entropy than the predictive model for p in [0.38, 0.5]. CORRECTED: exactly on the open interval
                                                                               (p*, 1/2), p* = 0.386453902390325906...;
                                                                               at p = 0.38 it is worse (H > 1), and at
                                                                               p = 1/2 both are 0 (a tie, see 5).
5. What happens at p = 1/2: binary_markov(1/2, 1/2) is the fair coin, its two causal states merge and
   C_mu drops from 1 to 0; Loehr's generator keeps only state B (A and C become transient), so its state
   entropy is 0 too.  Neither model is better there, and 1/2 is not in the region.

Also derived: C_mu(binary_markov(p, p)) = 1 on (0, 1/2) exactly (the IID point p = 1/2 lies outside), so
the crossover is H(2p, 1/2 - p, 1/2 - p) = 1, solved with symcm's certified solver (interval Newton).

Run: ``python proofs/blog_loehr.py``; exits non-zero if a claim fails and writes
``proofs/build/blog_loehr.tex``.
"""

from __future__ import annotations

import sys

import mpmath
import sympy as sp

import symcm as sc

from claims import check, write_tex  # proofs/claims.py

DIGITS = 50


def main() -> int:
    (p,) = sc.symbols("p,")
    half = sp.Rational(1, 2)
    lohr = sc.processes.lohr_generator(p)
    markov = sc.processes.binary_markov(p, p)

    # 1. stationary distribution
    pi = sc.stationary_distribution(lohr)
    check(pi == {"A": half - p, "B": 2 * p, "C": half - p}, f"stationary distribution (1/2 - p, 2p, 1/2 - p), got {pi}")

    # 2. state entropy at p = 0.4 (exactly 2/5) and C_mu = 1 there
    at = {p: sp.Rational(2, 5)}
    h_lohr = sc.state_entropy(lohr)
    value = sp.N(h_lohr.subs(at), 40)
    check(abs(value - sp.Float("0.9219280948873623478703194294893901758648", 40)) < sp.Float(10) ** -35,
          f"H[pi] at p = 2/5 is 0.92192809488736234787... (35 digits), got {value}")
    check(round(float(value), 3) == 0.922, "H[pi] at p = 2/5 is 0.922 to three digits")
    check(sc.statistical_complexity(sc.processes.binary_markov(*at.values(), *at.values())) == 1,
          "C_mu = 1 at p = q = 2/5")

    # 3. Loehr generates binary_markov(p, p), exactly, on its whole domain
    check(sc.same_process(lohr, markov) is True, "Loehr's generator generates binary_markov(p, p) on (0, 1/2)")
    check(sc.epsilon_machine(lohr).edges == markov.edges, "its epsilon-machine is binary_markov(p, p)")

    # C_mu of binary_markov(p, p) on (0, 1/2): the only merge point is the IID point p = 1/2
    c_mu = sc.statistical_complexity(markov.subs({}, domain={p: (0, half)}))
    check(c_mu == 1, f"C_mu(binary_markov(p, p)) = 1 on (0, 1/2), got {c_mu}")

    # 4. the exact region where the generator needs less state entropy than the epsilon-machine
    region = sc.crossover(h_lohr, c_mu, over={p: (0, half)}, digits=DIGITS)
    check(len(region.intervals) == 1 and len(region.boundaries) == 1,
          f"the generator beats C_mu on one interval with one boundary, got {region}")
    (span,) = region.intervals
    (star,) = region.boundaries
    check(span.hi == half and not span.closed_hi, "the region is open at p = 1/2")
    lo, hi = star.interval.a, star.interval.b
    check(hi - lo < mpmath.mpf(10) ** -DIGITS, f"p* is enclosed to width below 10^-{DIGITS}")
    # independent check: the root by mpmath at 80 digits, and the sign of the difference beyond the ends
    with mpmath.workdps(80):
        f = lambda x: -(2 * x) * mpmath.log(2 * x, 2) - 2 * (0.5 - x) * mpmath.log(0.5 - x, 2) - 1  # noqa: E731
        root = mpmath.findroot(f, (mpmath.mpf("0.38"), mpmath.mpf("0.39")), solver="anderson")
        check(mpmath.mpf(lo) <= root <= mpmath.mpf(hi), "mpmath's root at 80 digits lies in the enclosure of p*")
        # H - 1 > 0 just left of the enclosure (generator worse), < 0 just right of it (generator better)
        check(f(mpmath.mpf(lo) - mpmath.mpf(10) ** -60) > 0 > f(mpmath.mpf(hi) + mpmath.mpf(10) ** -60),
              "H[pi] - 1 > 0 just left of p* and < 0 just right of it")
    # the blog's closed interval [0.38, 0.5] is not right at either end
    check(sp.N(h_lohr.subs(p, sp.Rational(38, 100)), 30) > 1, "at p = 0.38 the generator is worse (H[pi] > 1)")
    # 5. at p = 1/2 both entropies are 0
    at_half_lohr = lohr.subs({p: half})
    check(sc.transient_states(at_half_lohr) == ("A", "C"), "at p = 1/2 the states A and C are transient")
    check(sc.state_entropy(at_half_lohr) == 0, "at p = 1/2 the generator's state entropy is 0")
    check(sc.statistical_complexity(sc.processes.binary_markov(half, half)) == 0, "at p = 1/2 C_mu = 0")
    check(sc.same_process(at_half_lohr, sc.processes.binary_markov(half, half)) is True,
          "at p = 1/2 the generator still generates binary_markov(1/2, 1/2)")

    # the advantage at its largest: maximise 1 - H[pi] on (p*, 1/2); it grows towards p = 1/2
    gain = sp.N(1 - h_lohr.subs(p, sp.Rational(49, 100)), 10)
    check(gain > sp.Rational(1, 2), f"at p = 49/100 the generator saves more than 1/2 bit ({gain})")

    decimal = star.decimal(DIGITS).rstrip(".")  # certified truncation
    write_tex(
        __file__,
        "Loehr's generator of the binary Markov chain with $p = q$ has stationary distribution\n"
        f"\\[ \\pi = \\left({sp.latex(pi['A'])},\\ {sp.latex(pi['B'])},\\ {sp.latex(pi['C'])}\\right), \\qquad "
        f"H[\\pi] = {sp.latex(h_lohr)}, \\]\n"
        "and generates exactly the process of \\texttt{binary\\_markov}$(p, p)$ for every $0 < p < 1/2$ "
        "(decided by comparing all words of length $n_1 + n_2 - 1 = 4$ as rational functions of $p$). "
        "Its epsilon-machine is the two-state chain, so $C_\\mu = 1$ on the whole range. "
        f"At $p = 2/5$, $H[\\pi] = {sp.latex(h_lohr.subs(at))} \\approx {sp.N(h_lohr.subs(at), 6)}$.\n\n"
        "The generator needs less state entropy than the epsilon-machine exactly for\n"
        f"\\[ {region.latex()}, \\]\n"
        f"where\n\\[ p^* = {decimal}\\ldots \\]\nis certified by interval Newton (enclosure of width below "
        f"$10^{{-{DIGITS}}}$). "
        "The blog's interval $[0.38, 0.5]$ is right to two digits but closed at the wrong ends: at $p = 0.38$ the "
        f"generator is worse ($H[\\pi] = {sp.N(h_lohr.subs(p, sp.Rational(38, 100)), 6)} > 1$), and at $p = 1/2$ "
        "the process is IID, its causal states merge ($C_\\mu = 0$), and the generator's states $A$ and $C$ become "
        "transient ($H[\\pi] = 0$): a tie.\n"
    )
    print(f"blog_loehr: all claims hold; p* = {star.decimal(25)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
