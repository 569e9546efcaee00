"""Tests of export.printing, normal_form, latex_printer: strings, normal form, modes, names, errors, pdflatex."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symcm as sc
from symcm.causal.bounds import Bounds
from symcm.errors import DomainError, ParameterTypeError, SymcmError, UnknownStateError
from symcm.export.normal_form import _factor_data, _form
from symcm.export.printing import MODES, latex, latex_matrices, latex_stationary

from .texutil import compile_body

p, q = sc.symbols("p q")
R = sp.Rational
BM = sc.processes.binary_markov(p, q)

H_FRAC = r"\operatorname{H}\left(\frac{p}{p + q}\right)"
C_MU = r"\begin{cases} 0 & \text{if } p + q = 1 \\ " + H_FRAC + r" & \text{otherwise} \end{cases}"
BM_T0 = r"\begin{pmatrix} 1 - p & 0 \\ q & 0 \end{pmatrix}"
BM_T1 = r"\begin{pmatrix} 0 & p \\ 0 & 1 - q \end{pmatrix}"
BM_NOTE = r"\text{(rows and columns: }A, B\text{)}"
BM_MATRICES = rf"T^{{(0)}} = {BM_T0},\quad T^{{(1)}} = {BM_T1} \qquad {BM_NOTE}"
ODD = ("a_b", "50%", "x&y", "#1", "{z}", "$", "c^d", "~e", "back\\slash", "two words")
ODD_LATEX = (r"\mathrm{a\_b}", r"\mathrm{50\%}", r"\mathrm{x\&y}", r"\mathrm{\#1}", r"\mathrm{\{z\}}",
             r"\mathrm{\$}", r"\mathrm{c\mbox{\textasciicircum}d}", r"\mathrm{\mbox{\textasciitilde}e}",
             r"\mathrm{back\backslash slash}", r"\mathrm{two\ words}")


def odd_model() -> sc.HMM:
    """A cycle through states whose names need escaping, emitting odd symbols."""
    edges = [(ODD[i], ODD[(i + 1) % len(ODD)], "x_1" if i % 2 else "&", 1 - p if i == 0 else 1) for i in
             range(len(ODD))] + [(ODD[0], ODD[0], "x_1", p)]
    return sc.HMM.from_edges(edges, states=ODD)


# --- expected strings for representative results ---------------------------------------------------

def test_entropy_of_a_fraction():
    """H(p/(p + q)) prints with the H operator and a fraction."""
    assert latex(sc.H(p / (p + q))) == H_FRAC


def test_statistical_complexity_of_binary_markov():
    """C_mu of binary_markov is one cases environment: 0 on the IID line p + q = 1, H(p/(p+q)) otherwise."""
    assert latex(sc.statistical_complexity(BM)) == C_MU
    assert latex(sc.statistical_complexity(BM), label=r"C_\mu") == r"C_\mu = " + C_MU


def test_epsilon_machine_cases_of_models():
    """A Cases of HMMs prints each case's labelled matrices; the generic (last) case reads 'otherwise'."""
    one = (r"T^{(0)} = \begin{pmatrix} q \end{pmatrix},\quad T^{(1)} = \begin{pmatrix} 1 - q \end{pmatrix}"
           r" \qquad \text{(rows and columns: }A\text{)}")
    expected = (r"\begin{cases} " + one + r" & \text{if } p + q = 1 \\ " + BM_MATRICES
                + r" & \text{otherwise} \end{cases}")
    assert latex(sc.epsilon_machine(BM)) == expected


def test_cases_of_expressions_and_booleans():
    """Cases of expressions print as the equivalent Piecewise; boolean values print as text."""
    c = sc.Cases([(sp.Eq(p + q, 1), 0), (sp.Ne(p + q, 1), sc.H(p / (p + q)))])
    assert latex(c) == C_MU == latex(c.as_piecewise())
    b = sc.Cases([(sp.Eq(p, q), True), (sp.Ne(p, q), False)])
    assert latex(b) == r"\begin{cases} \text{true} & \text{if } p = q \\ \text{false} & \text{otherwise} \end{cases}"


def test_stationary_distribution():
    """latex_stationary names the components and gives their values in lowest terms."""
    expected = (r"\pi = \left(\pi_{A}, \pi_{B}\right) = \left(\frac{q}{p + q}, \frac{p}{p + q}\right)")
    assert latex_stationary(BM, mode="plain") == expected
    assert latex_stationary(BM) == "\\begin{equation*}\n" + expected + "\n\\end{equation*}"
    assert latex_stationary(BM, {"B": p / (p + q), "A": q / (q + p)}, mode="plain") == expected
    assert latex_stationary(BM, [q / (p + q), 1 - q / (p + q)], mode="plain") == expected


def test_labelled_matrices_of_binary_markov():
    """latex_matrices gives T^(0), T^(1) as pmatrix with the state order; latex(m) is the plain form."""
    assert latex_matrices(BM) == "\\begin{equation*}\n" + BM_MATRICES + "\n\\end{equation*}"
    assert latex(BM) == BM_MATRICES
    assert latex_matrices(BM, mode="align*") == (
        f"\\begin{{align*}}\nT^{{(0)}} &= {BM_T0} \\\\\nT^{{(1)}} &= {BM_T1} \\qquad {BM_NOTE}\n\\end{{align*}}")


def test_wide_matrices_use_an_array():
    """Matrices wider than amsmath's 10 pmatrix columns are written as a parenthesised array."""
    text = latex(sc.processes.period(12))
    assert r"\begin{pmatrix}" not in text and text.count(r"\left(\begin{array}{" + "c" * 12 + "}") == 2
    assert r"\begin{pmatrix}" in latex(sc.processes.period(10))


@pytest.mark.parametrize("mode, plain, labelled", [
    ("plain", H_FRAC, r"C_\mu = " + H_FRAC),
    ("inline", f"${H_FRAC}$", rf"$C_\mu = {H_FRAC}$"),
    ("equation", f"\\begin{{equation}}\n{H_FRAC}\n\\end{{equation}}",
     f"\\begin{{equation}}\nC_\\mu = {H_FRAC}\n\\end{{equation}}"),
    ("equation*", f"\\begin{{equation*}}\n{H_FRAC}\n\\end{{equation*}}",
     f"\\begin{{equation*}}\nC_\\mu = {H_FRAC}\n\\end{{equation*}}"),
    ("align", f"\\begin{{align}}\n& {H_FRAC}\n\\end{{align}}", f"\\begin{{align}}\nC_\\mu &= {H_FRAC}\n\\end{{align}}"),
    ("align*", f"\\begin{{align*}}\n& {H_FRAC}\n\\end{{align*}}",
     f"\\begin{{align*}}\nC_\\mu &= {H_FRAC}\n\\end{{align*}}"),
])
def test_each_mode(mode, plain, labelled):
    """Every mode wraps a value (and 'label = value') in its delimiters or environment."""
    assert latex(sc.H(p / (p + q)), mode=mode) == plain
    assert latex(sc.H(p / (p + q)), mode=mode, label=r"C_\mu") == labelled


def test_mapping_and_pairs():
    """Labelled values: one align row each, or comma-separated 'label = value' otherwise."""
    values = {r"C_\mu": sc.statistical_complexity(BM), r"h_\mu": sc.entropy_rate(BM)}
    rate = r"\frac{q \operatorname{H}\left(p\right) + p \operatorname{H}\left(q\right)}{p + q}"
    assert latex(values, mode="align*") == (
        f"\\begin{{align*}}\nC_\\mu &= {C_MU} \\\\\nh_\\mu &= {rate}\n\\end{{align*}}")
    assert latex(list(values.items())) == rf"C_\mu = {C_MU},\quad h_\mu = {rate}"


def test_symbol_names_everywhere():
    """symbol_names (keyed by Symbol or by name) renames parameters in expressions, conditions and matrices."""
    alpha = latex(sc.statistical_complexity(BM), symbol_names={p: r"\alpha"})
    assert alpha == latex(sc.statistical_complexity(BM), symbol_names={"p": r"\alpha"})
    assert alpha == (r"\begin{cases} 0 & \text{if } \alpha + q = 1 \\ \operatorname{H}\left(\frac{\alpha}{\alpha + q}"
                     r"\right) & \text{otherwise} \end{cases}")
    assert latex(BM, symbol_names={p: r"\alpha"}).startswith(r"T^{(0)} = \begin{pmatrix} 1 - \alpha & 0")
    assert latex_stationary(BM, mode="plain", symbol_names={q: r"\beta"}).endswith(
        r"\left(\frac{\beta}{p + \beta}, \frac{p}{p + \beta}\right)")


def test_region_is_delegated_and_renamed():
    """A Region prints as its own latex(); symbol_names renames its variable."""
    r = sc.crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=10)
    assert latex(r) == r.latex() == r"p \in \left(0, 0.7071067811\ldots\right)"
    assert latex(r, mode="inline", symbol_names={p: r"\alpha"}) == r"$\alpha \in \left(0, 0.7071067811\ldots\right)$"


def test_bounds_are_rounded_outward():
    """Bounds print as [lo, hi] with ends rounded outward, so the printed interval contains the enclosure."""
    b = sc.entropy_rate_bounds(sc.processes.sns(), digits=10)
    text = latex(b, label=r"h_\mu")
    assert text.startswith(r"h_\mu \in \left[") and text.endswith(r"\right]")
    lo, hi = (Fraction(s) for s in text[len(r"h_\mu \in \left["):-len(r"\right]")].split(", "))
    exact = [Fraction(*mpmath.libmp.to_rational(x._mpf_)) for x in (b.lower, b.upper)]
    assert lo <= exact[0] and exact[1] <= hi and hi - lo < 10**-9
    assert latex(Bounds(mpmath.mpf(-1) / 3, mpmath.mpf(1) / 3)) == r"\left[-0.334, 0.334\right]"


@pytest.mark.parametrize("value, expected", [
    (0, "0"), (-3, "-3"), (True, r"\text{true}"), (False, r"\text{false}"), (Fraction(3, 4), r"\frac{3}{4}"),
    (sp.oo, r"\infty"), (-sp.oo, r"-\infty"), (R(-1, 2), r"- \frac{1}{2}"), (sp.true, r"\text{true}"),
])
def test_numbers(value, expected):
    """Python ints, bools and Fractions, sympy infinities and rationals print as numbers."""
    assert latex(value) == expected


# --- the normal form: readable, stable, and an identity -------------------------------------------

@pytest.mark.parametrize("expr, expected", [
    (1 - p, "1 - p"),
    (q / (p + q), r"\frac{q}{p + q}"),
    (2 - p - q, "2 - p - q"),
    (p / (1 - p), r"\frac{p}{1 - p}"),
    (sp.expand((1 - p) * (1 - q)), r"\left(1 - p\right) \left(1 - q\right)"),
    ((1 - p) * (1 - q) / (2 - p - q), r"\frac{\left(1 - p\right) \left(1 - q\right)}{2 - p - q}"),
    (p / (2 * p + 2 * q), r"\frac{p}{2 \left(p + q\right)}"),
    (R(1, 2) - p, r"\frac{1}{2} - p"),
    (4 * p**2 - 1, r"\left(2 p - 1\right) \left(2 p + 1\right)"),
    (sp.log(3) / sp.log(2), r"\log_{2} 3"),
    (sc.H(p) / (1 - p) - 1, r"\frac{\operatorname{H}\left(p\right)}{1 - p} - 1"),
    (sc.H(1 - q / (p + q)), H_FRAC),
    (sc.entropy_rate(BM), r"\frac{q \operatorname{H}\left(p\right) + p \operatorname{H}\left(q\right)}{p + q}"),
    (sc.excess_entropy(BM).args[1][0],
     H_FRAC + r" - \frac{q \operatorname{H}\left(p\right) + p \operatorname{H}\left(q\right)}{p + q}"),
])
def test_readable_normal_form(expr, expected):
    """Rational functions in lowest terms, factored where that shows a product, sums starting positive."""
    assert latex(expr) == expected


@pytest.mark.parametrize("first, second", [
    (q / (p + q), 1 - p / (q + p)),
    ((1 - p) / (2 - p - q), (p - 1) / (p + q - 2)),
    (p * q / (p + q), 1 / (1 / p + 1 / q)),
    (sc.entropy_rate(BM), (q * sc.H(p) + p * sc.H(q)) / (q + p)),
    (sc.H(p / (p + q)) + 1, 1 + sc.H(1 - q / (q + p))),
    (sp.expand((1 - p) * (1 - q)), (1 - q) * (1 - p)),
    (sp.Eq(p + q, 1), sp.Eq(q, 1 - p)),
    (sp.Eq(p + q - 1, 0), sp.Eq(1, q + p)),
    (sp.Lt(q, p), sp.Gt(p, q)),
])
def test_term_order_is_stable(first, second):
    """Two constructions of one value print the same string."""
    assert latex(first) == latex(second)


def test_conditions_read_as_text():
    """Eq is '=', Ne is '\\neq', And/Or are words, polynomial relations move terms to positive sides."""
    assert latex(sp.Eq(p, R(1, 2))) == r"p = \frac{1}{2}"
    assert latex(sp.Ne(p + q, 1)) == r"p + q \neq 1"
    assert latex(sp.Or(sp.Eq(p, q), sp.Eq(p + q, 1))) == r"p = q \text{ or } p + q = 1"
    assert latex(sp.And(sp.Eq(p, q), sp.Or(sp.Ne(p, R(1, 2)), sp.Gt(q, R(1, 2))))) == (
        r"p = q \text{ and } \left(q > \frac{1}{2} \text{ or } p \neq \frac{1}{2}\right)")
    assert latex(sp.Le(p, q)) == r"p \leq q"
    assert latex(sp.Not(sp.And(sp.Eq(p, q), sp.Lt(p, q / 2)))) == (
        r"\text{not } \left(p = q \text{ and } p < \frac{q}{2}\right)")


def test_piecewise_inside_a_sum_is_folded():
    """Piecewise(...) + 1 prints as one cases environment with 1 added in each case."""
    text = latex(sc.statistical_complexity(BM) + 1)
    assert text.count(r"\begin{cases}") == 1
    assert text == r"\begin{cases} 1 & \text{if } p + q = 1 \\ " + H_FRAC + r" + 1 & \text{otherwise} \end{cases}"


def _random_point(rng: random.Random, symbols) -> dict:
    """A random rational point of (0, 1/2)^k (inside every catalog domain)."""
    return {s: R(rng.randint(1, 49), 100) for s in symbols}


def _same_value(a, b, point) -> bool:
    """Whether two expressions are equal at a rational point, exactly (H values left symbolic)."""
    return sp.expand(sp.sympify(a).subs(point) - sp.sympify(b).subs(point)) == 0


def test_normal_form_is_an_identity():
    """The normal form behind every printed expression equals the expression at random rational points."""
    rng = random.Random(20250101)
    (x,) = sc.symbols("x,")
    lohr = sc.processes.lohr_generator(p)
    exprs = [
        sc.entropy_rate(BM), sc.excess_entropy(BM).args[1][0], sc.crypticity(BM).args[1][0],
        sc.state_entropy(lohr), sc.word_probability(BM, "0110"), sc.block_entropy(BM, 2),
        *sc.stationary_distribution(sc.processes.rip(p, q)).values(),
        (1 - p) * (1 - q) / (2 - p - q), p / (2 * (p + q)), 4 * p**2 - 1, (p - q) ** 2 / (x + 1),
        sc.H(1 - q / (p + q)) * (1 - p) + sc.H(p) / 3, sp.diff(sc.H(p), p), sp.log(3) / sp.log(2) + p,
    ]
    for expr in exprs:
        form = _form(expr)
        assert form is not None, expr
        for _ in range(3):
            point = _random_point(rng, sorted(expr.free_symbols, key=str))
            assert _same_value(form.as_expr(), expr, point), expr


def test_factored_forms_are_identities():
    """A polynomial shown factored equals content times the product of its factors."""
    polys = [sp.expand((1 - p) * (1 - q)), 4 * p**2 - 1, p**2 - p, 2 * p + 2 * q, sp.expand(p * (1 - p)**3 * (q - p))]
    for poly in polys:
        terms = sp.Poly(poly, p, q).as_dict()
        content, factors = _factor_data((p, q), terms)
        product = content * sp.Mul(*[sp.Poly.from_dict(d, p, q).as_expr() ** k for d, k in factors])
        assert sp.expand(product - poly) == 0


# --- names and errors ---------------------------------------------------------------------------------

def test_odd_state_and_symbol_names_are_escaped():
    """State names and symbols are escaped, multi-character ones in \\mathrm{}."""
    m = odd_model()
    text = latex(m)
    assert text.endswith(r"\text{(rows and columns: }" + ", ".join(ODD_LATEX) + r"\text{)}")
    assert r"T^{(\mathrm{\&})} = " in text and r"T^{(\mathrm{x\_1})} = " in text
    stationary = latex_stationary(m, mode="plain")
    assert stationary.startswith(r"\pi = \left(" + ", ".join(rf"\pi_{{{n}}}" for n in ODD_LATEX) + r"\right)")


def test_bad_mode():
    """An unknown mode is a DomainError (a ValueError) listing the valid modes."""
    with pytest.raises(DomainError, match=r"mode must be one of 'plain', 'inline', 'equation', 'equation\*', "
                                          r"'align', 'align\*'; received 'display'") as info:
        latex(p, mode="display")
    assert isinstance(info.value, ValueError) and isinstance(info.value, SymcmError)
    assert MODES == ("plain", "inline", "equation", "equation*", "align", "align*")
    with pytest.raises(DomainError):
        latex_matrices(BM, mode="eqnarray")


@pytest.mark.parametrize("bad, extra", [
    (0.5, "symcm is exact"), ("p + q", "of type str"), (object(), "of type object"), ([1, 2], "of type list"),
])
def test_bad_type(bad, extra):
    """Anything else is a ParameterTypeError (a TypeError) naming what was expected and what was received."""
    with pytest.raises(ParameterTypeError, match="latex: expected a sympy expression") as info:
        latex(bad)
    assert extra in str(info.value) and isinstance(info.value, TypeError)


def test_other_errors():
    """Labels on self-describing values, bad symbol_names and mismatched pi are refused with reasons."""
    with pytest.raises(ParameterTypeError, match="label applies to a single value; a model"):
        latex(BM, label="M")
    with pytest.raises(ParameterTypeError, match="symbol_names: expected Symbol or str keys"):
        latex(p, symbol_names={1: "x"})
    with pytest.raises(ParameterTypeError, match="expected an HMM"):
        latex_matrices(sc.statistical_complexity(BM))
    with pytest.raises(UnknownStateError, match="pi has no value for the state 'B'"):
        latex_stationary(BM, {"A": 1})
    with pytest.raises(UnknownStateError, match="'C', which is not a state"):
        latex_stationary(BM, {"A": 1, "B": 0, "C": 0})
    with pytest.raises(DomainError, match="expected 2 values"):
        latex_stationary(BM, [1])


# --- compiled for real -----------------------------------------------------------------------------

def test_everything_compiles_with_pdflatex(tmp_path):
    """One document with every kind of output (expressions, cases, matrices, pi, region, align) compiles."""
    (a,) = sc.symbols("a,")
    lohr = sc.processes.lohr_generator(p)
    r = sc.crossover(sc.state_entropy(lohr), 1, over={p: (0, sp.S.Half)}, digits=12)
    parts = [
        latex(sc.H(p / (p + q)), mode="inline"),
        latex(sc.statistical_complexity(BM), mode="equation", label=r"C_\mu"),
        latex(sc.excess_entropy(BM), mode="equation*", label="E", symbol_names={p: r"\alpha", "q": r"\beta"}),
        latex(sc.epsilon_machine(BM), mode="equation*"),
        latex(sc.Cases([(sp.And(sp.Eq(p, q), sp.Ne(p, R(1, 2))), 1), (sp.Or(sp.Ne(p, q), sp.Eq(p, R(1, 2))), 0)]),
              mode="align", label=r"\chi"),
        latex_matrices(BM),
        latex_matrices(lohr, mode="align*"),
        latex_matrices(odd_model(), mode="equation"),
        latex_stationary(lohr),
        latex_stationary(odd_model(), mode="align"),
        latex(r, mode="inline"),
        latex(sc.entropy_rate_bounds(sc.processes.sns(), digits=8), mode="inline", label=r"h_\mu"),
        latex({r"C_\mu": sc.statistical_complexity(BM), r"h_\mu": sc.entropy_rate(BM),
               r"C_\mu^{(3)}": sc.state_entropy(sc.processes.period(3)), "x": Fraction(1, 3), "y": True},
              mode="align*"),
        latex([(r"\partial_p H", sp.diff(sc.H(p), p)), ("z", sp.sqrt(a) + sp.oo)], mode="equation*"),
        latex(sc.processes.period(12), mode="equation*"),
        latex(sp.And(sp.Lt(p, q), sp.Ge(q, R(1, 3))), mode="inline"),
    ]
    compile_body("\n\n".join(parts), tmp_path, "latex")


def test_state_names_one_convention_in_matrices_and_stationary():
    """RRXOR's states are upright in latex_matrices and latex_stationary too (S beside T0), as in its diagram."""
    import symcm as sc

    m = sc.processes.rrxor()
    tex = sc.latex_matrices(m) + sc.latex_stationary(m)
    assert r"\mathrm{S}, \mathrm{T0}" in tex and r"\pi_{\mathrm{S}}" in tex
    assert r"\pi_{A}" in sc.latex_stationary(sc.processes.even(sc.symbols("p")))  # one-letter names stay italic
