"""Proof: the stationary distribution of the binary Markov chain, and the blog's convention.

Claim (seed blog post "Prediction is not Generation", 2025): for the binary
Markov chain with p = Pr(1 after 0) and q = Pr(0 after 1), the two causal
states A (last symbol 0) and B (last symbol 1) have probabilities

    P(A) = (1 - q) / (2 - p - q),   P(B) = (1 - p) / (2 - p - q).

What symcm derives, and this script asserts:

1. Under the stated convention the stationary distribution is
   P(A) = q / (p + q), P(B) = p / (p + q); the blog's formula is NOT this
   distribution (they differ, e.g. at p = 1/5, q = 1/2).
2. The blog's formula is exactly the stationary distribution when p and q
   are the probabilities of *staying*: p = Pr(0 after 0), q = Pr(1 after 1),
   i.e. binary_markov(1 - p, 1 - q) in symcm's convention.
3. The two formulas agree exactly on the diagonal p = q (both give 1/2) and
   nowhere else in the open unit square: the difference is
   (p - q) / ((p + q)(p + q - 2)).  The blog's own example, p = q = 0.4,
   lies on the diagonal, so its numbers (P(A) = P(B) = 1/2, C_mu = 1) are
   right even though its general formula uses the other convention.

Run: ``python proofs/blog_stationary.py``; exits non-zero if a claim fails and
writes ``proofs/build/blog_stationary.tex``.
"""

from __future__ import annotations

import sys

import sympy as sp

import symcm as sc

from claims import check, is_zero, write_tex  # proofs/claims.py


def main() -> int:
    p, q = sc.symbols("p q")
    blog = {"A": (1 - q) / (2 - p - q), "B": (1 - p) / (2 - p - q)}

    # 1. stated convention
    pi = sc.stationary_distribution(sc.processes.binary_markov(p, q))
    check(is_zero(pi["A"] - q / (p + q)) and is_zero(pi["B"] - p / (p + q)),
          "with p = Pr(1|0), q = Pr(0|1): pi_A = q/(p + q), pi_B = p/(p + q)")
    point = {p: sp.Rational(1, 5), q: sp.Rational(1, 2)}
    check(pi["A"].subs(point) != blog["A"].subs(point), "the blog formula should differ under its stated convention")

    # 2. staying-probability convention
    pi_stay = sc.stationary_distribution(sc.processes.binary_markov(1 - p, 1 - q))
    check(all(is_zero(pi_stay[s] - blog[s]) for s in "AB"),
          "the blog formula is the stationary distribution when p, q are the staying probabilities")

    # 3. where the two agree: exactly on p = q
    diff = sp.factor(sp.cancel(pi["A"] - blog["A"]))
    check(is_zero(diff - (p - q) / ((p + q) * (p + q - 2))), "the two differ by (p - q)/((p + q)(p + q - 2))")
    # the denominator has no zero in the open unit square (p + q > 0 and p + q < 2)
    for f in ((p + q), (p + q - 2)):
        check(not sc.algebra.positivity.factor_sign(sp.Poly(f, p, q), {p: (0, 1), q: (0, 1)}).vanishes,
              f"{f} has no zero in the open unit square")
    blog_point = {p: sp.Rational(2, 5), q: sp.Rational(2, 5)}
    check(pi["A"].subs(blog_point) == blog["A"].subs(blog_point) == sp.Rational(1, 2),
          "at the blog's p = q = 2/5 both formulas give P(A) = 1/2")
    check(sc.state_entropy(sc.processes.binary_markov(*blog_point.values())) == 1, "C_mu = 1 at p = q = 2/5")

    write_tex(
        __file__,
        "With $p = \\Pr(1\\mid 0)$ and $q = \\Pr(0\\mid 1)$ the stationary distribution is\n"
        f"\\[ \\pi_A = {sp.latex(pi['A'])}, \\qquad \\pi_B = {sp.latex(pi['B'])}. \\]\n"
        "The formula $\\pi_A = \\frac{1-q}{2-p-q}$ holds when $p$ and $q$ are the probabilities of "
        "staying ($p = \\Pr(0\\mid 0)$, $q = \\Pr(1\\mid 1)$); the two differ by "
        f"${sp.latex(diff)}$, so they agree only on the diagonal $p = q$, where both give $1/2$.\n"
    )
    print("blog_stationary: all claims hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
