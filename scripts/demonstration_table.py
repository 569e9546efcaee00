"""Write docs/demonstration.md: every measure of symcm for the catalog's classic processes.

Run from the repository root::

    python scripts/demonstration_table.py          # rewrite docs/demonstration.md
    python scripts/demonstration_table.py --check  # exit 1 if the page is stale

For golden mean, even, RIP, Nemo, RRXOR, the binary Markov chain (at a
rational point and with symbolic parameters) and the simple nonunifilar source
(SNS), each measure is computed by symcm exactly, typeset with
:func:`symcm.latex` and evaluated to 20 significant digits with mpmath; where
symcm gives a certified enclosure (:class:`symcm.Bounds`, infinite machines)
the enclosure is printed, and where a measure does not exist or symcm
refuses (infinitely many causal states, infinite cryptic order) the cell says
so in words.  ``tests/test_demonstration.py`` checks that the committed page
equals a fresh run of :func:`page` and checks the values by independent
routes (block entropies from word probabilities, history grouping, an
independent Gram matrix, brute-force word searches, word counts) and
``tests/test_published_values.py`` against published values.
"""

from __future__ import annotations

import sys
from pathlib import Path

import mpmath
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, InfiniteStatesError

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "demonstration.md"
DIGITS = 20
R = sp.Rational


def processes() -> list[tuple[str, str, sc.HMM, str]]:
    """(key, title, model, one-line description) of the processes on the page, in order."""
    P = sc.processes
    return [
        ("golden_mean", "Golden mean process", P.golden_mean(R(1, 2)),
         "`sc.processes.golden_mean(1/2)`: no two consecutive 0s; after a 1, a fair coin."),
        ("even", "Even process", P.even(R(1, 2)),
         "`sc.processes.even(1/2)`: 1s come in even blocks between 0s (strictly sofic)."),
        ("rip", "Random insertion process (RIP)", P.rip(R(1, 2), R(1, 2)),
         "`sc.processes.rip(1/2, 1/2)`: the causally irreversible example of Crutchfield, Ellison & Mahoney (2009)."),
        ("nemo", "Nemo process", P.nemo(R(1, 2), R(1, 2)),
         "`sc.processes.nemo(1/2, 1/2)`: infinite Markov and cryptic order (Mahoney, Ellison & Crutchfield 2009)."),
        ("rrxor", "Random-random-XOR process (RRXOR)", P.rrxor(),
         "`sc.processes.rrxor()`: two fair bits, then their XOR."),
        ("binary_markov", "Binary Markov chain at p = 1/3, q = 1/4", P.binary_markov(R(1, 3), R(1, 4)),
         "`sc.processes.binary_markov(1/3, 1/4)`: Pr(1 after 0) = 1/3, Pr(0 after 1) = 1/4."),
        ("sns", "Simple nonunifilar source (SNS)", P.sns(),
         "`sc.processes.sns()`: a two-state nonunifilar generator with infinitely many causal states."),
    ]


# --- the measures: (row label in TeX, name, function of the model) --------------------------
def _c_minus(m):
    return sc.statistical_complexity(sc.reverse(m))


def _c_pm(m):
    return _per_case(sc.bidirectional_machine(m), sc.state_entropy)


def _anatomy(field):
    def get(m):
        return _per_case(sc.information_anatomy(m), lambda a: getattr(a, field))
    return get


def _per_case(value, func):
    """``func`` applied to a value or to every case of a ``Cases`` (a Piecewise back)."""
    if isinstance(value, sc.Cases):
        return sp.Piecewise(*[(func(v), c) for c, v in value])
    return func(value)


def _entropy_rate(m):
    return sc.entropy_rate(m, digits=DIGITS + 2)


MEASURES = [
    (r"H[\pi]", "state entropy of the presentation (`sc.state_entropy`)", sc.state_entropy),
    (r"C_\mu = C_\mu^+", "statistical complexity (`sc.statistical_complexity`)", sc.statistical_complexity),
    (r"h_\mu", "entropy rate (`sc.entropy_rate`)", _entropy_rate),
    (r"\mathbf{E}", "excess entropy (`sc.excess_entropy`)", sc.excess_entropy),
    (r"\chi", "crypticity (`sc.crypticity`)", sc.crypticity),
    (r"R", "Markov order (`sc.markov_order`)", sc.markov_order),
    (r"k_\chi", "cryptic order (`sc.cryptic_order`)", sc.cryptic_order),
    (r"\mathbf{T}", "transient information (`sc.transient_information`)", sc.transient_information),
    (r"\mathbf{S}", "synchronization information (`sc.synchronization_information`)",
     sc.synchronization_information),
    (r"L_{\mathrm{sync}}", "synchronization order (`sc.synchronization_order`)", sc.synchronization_order),
    (r"w_{\mathrm{sync}}", "shortest synchronizing word (`sc.synchronizing_word`)", sc.synchronizing_word),
    (r"\ell_{\mathrm{reset}}", "reset threshold (`sc.reset_threshold`)", sc.reset_threshold),
    (r"C_\mu^-", "reverse statistical complexity (`sc.statistical_complexity(sc.reverse(m))`)", _c_minus),
    (r"C_\mu^{\pm}", "bidirectional machine's state entropy (`sc.bidirectional_machine`)", _c_pm),
    (r"\Xi", "causal irreversibility (`sc.causal_irreversibility`)", sc.causal_irreversibility),
    (r"H[X_0]", "single-symbol entropy (`sc.information_anatomy(m).H_1`)", _anatomy("H_1")),
    (r"\rho_\mu", "predictable information (`.rho_mu`)", _anatomy("rho_mu")),
    (r"r_\mu", "ephemeral information (`.r_mu`)", _anatomy("r_mu")),
    (r"b_\mu", "bound information (`.b_mu`)", _anatomy("b_mu")),
    (r"q_\mu", "enigmatic information (`.q_mu`)", _anatomy("q_mu")),
    (r"w_\mu", "local exogenous information (`.w_mu`)", _anatomy("w_mu")),
    (r"\varphi", "gauge information of the presentation (`sc.gauge_information`)", sc.gauge_information),
    (r"\zeta", "oracular information of the presentation (`sc.oracular_information`)", sc.oracular_information),
    (r"h_{\mathrm{top}}", "topological entropy (`sc.topological_entropy`)", sc.topological_entropy),
    (r"C_{\mathrm{top}}", "topological complexity (`sc.topological_complexity`)", sc.topological_complexity),
    (r"C_q", "quantum statistical complexity (`sc.quantum_complexity`)", sc.quantum_complexity),
]

#: Extra rows for one process: C_q(L) where the cryptic order is infinite.
EXTRA = {
    "nemo": [(rf"C_q(L = {L})", f"q-machine with codewords of length {L} (`sc.quantum_complexity(m, L={L})`)",
              (lambda L: lambda m: sc.quantum_complexity(m, L=L))(L)) for L in (1, 2, 3)],
}


def evaluate(func, m):
    """The measure's value, or the words that say why there is none."""
    try:
        return func(m)
    except InfiniteStatesError:
        return "infinitely many causal states: the mixed-state presentation does not close, so there is no finite closed form"
    except DomainError as exc:
        if "cryptic order is infinite" in str(exc):
            return ("the cryptic order is infinite: \\(C_q(L)\\) decreases with every codeword length "
                    "\\(L\\) (values at \\(L = 1, 2, 3\\) below)")
        raise


def _math(tex: str) -> str:
    return rf"\({tex}\)"


def _word(word) -> str:
    return "the empty word" if word == () else "`" + "".join(word) + "`"


def closed_form(value) -> str:
    """The closed-form cell: TeX, a word, an enclosure or the words of :func:`evaluate`."""
    if isinstance(value, str):
        return value
    if value is None:
        return "none: only asymptotically synchronizable"
    if isinstance(value, tuple):
        return _word(value)
    if isinstance(value, sc.Cases):
        return "; ".join(f"{_word(v) if isinstance(v, tuple) else closed_form(v)} if {_math(sc.latex(c))}"
                         for c, v in value)
    if isinstance(value, sc.Bounds):
        with mpmath.workdps(40):
            lo, hi = (mpmath.nstr(x, DIGITS + 4, strip_zeros=False) for x in (value.lower, value.upper))
        interval = _math("[" + lo + r",\ " + hi + "]")
        return f"certified enclosure {interval} ({value.note}); no closed form"
    return _math(sc.latex(value))


def numeric(value, digits: int = DIGITS) -> str:
    """The value cell: ``digits`` significant digits (mpmath), an integer, infinity, a word's length, or a dash."""
    if isinstance(value, str) or value is None:
        return "—"
    if isinstance(value, tuple):
        return f"length {len(value)}"
    if isinstance(value, sc.Bounds):
        with mpmath.workdps(40):
            return mpmath.nstr(value.mid, digits)
    value = sp.sympify(value)
    if value == sp.oo:
        return _math(r"\infty")
    if value.is_Integer:
        return str(value)
    with mpmath.workdps(DIGITS + 20):
        return mpmath.nstr(mpmath.mpf(sp.N(value, DIGITS + 20)), digits)


def _stationary(m) -> str:
    pi = sc.stationary_distribution(m)
    return r",\ ".join(rf"\pi_{{\mathrm{{{s}}}}} = {sc.latex(pi[s])}" for s in m.states)


def process_table(key: str, title: str, m: sc.HMM, description: str, values: list) -> list[str]:
    lines = [f"## {title}", "", description, "",
             f"Stationary distribution of the presentation: {_math(_stationary(m))}.", "",
             "| measure | closed form | value (20 digits) |", "| --- | --- | --- |"]
    for (tex, name, _), value in zip(MEASURES + EXTRA.get(key, []), values):
        lines.append(f"| {_math(tex)} {name} | {closed_form(value)} | {numeric(value)} |")
    return lines + [""]


SHORT = {"golden_mean": "golden mean", "even": "even", "rip": "RIP", "nemo": "Nemo", "rrxor": "RRXOR",
         "binary_markov": "binary Markov", "sns": "SNS"}


def overview(results: dict) -> list[str]:
    """One table, measures by processes, 6 digits: the page at a glance."""
    keys = list(results)
    lines = ["## At a glance", "",
             "Six significant digits; the tables below give the closed forms and 20 digits, and say why a "
             "cell is empty.", "",
             "| measure | " + " | ".join(SHORT[k] for k in keys) + " |",
             "| --- |" + " --- |" * len(keys)]
    for i, (tex, _, _) in enumerate(MEASURES):
        lines.append(f"| {_math(tex)} | " + " | ".join(numeric(results[k][i], 6) for k in keys) + " |")
    return lines + [""]


def symbolic_table() -> list[str]:
    """Binary Markov chain with symbolic p, q: the closed forms with their case split at p + q = 1."""
    p, q = sc.symbols("p q")
    m = sc.processes.binary_markov(p, q)
    lines = ["## Binary Markov chain, symbolic", "",
             "`sc.processes.binary_markov(p, q)` with \\(0 < p, q < 1\\): the epsilon-machine has one state on "
             "the line \\(p + q = 1\\) (the process is IID there) and two elsewhere, so most measures are "
             "piecewise.  The point \\(p = 1/3,\\ q = 1/4\\) above is one instance.", "",
             f"Stationary distribution: {_math(_stationary(m))}.", "",
             "| measure | closed form |", "| --- | --- |"]
    for tex, name, func in MEASURES:
        lines.append(f"| {_math(tex)} {name} | {closed_form(evaluate(func, m))} |")
    return lines + [""]


HEADER = """# Demonstration: every measure, exactly

<!-- Generated by scripts/demonstration_table.py; do not edit by hand.
     tests/test_demonstration.py fails when this page differs from a fresh run. -->

Every measure symcm computes, for the processes of the computational-mechanics
literature at their usual parameters: the exact closed form symcm derives,
typeset, and its value to 20 significant digits (evaluated with mpmath at 40
digits).  A cell says in words when a measure has no finite value or no closed
form; for the simple nonunifilar source, which has infinitely many causal
states, symcm gives certified enclosures where it can.

\\(\\mathrm{H}(p_1, \\dots, p_n) = -\\sum_i p_i \\log_2 p_i\\) is the Shannon entropy in
bits, \\(\\mathrm{H}(p) = \\mathrm{H}(p, 1 - p)\\), and every logarithm is to base 2.
\\(\\operatorname{CRootOf}(f, i)\\) is root number \\(i\\) of the polynomial \\(f\\) in
sympy's numbering (real roots first, increasing from \\(i = 0\\)), an exact algebraic number.  Gauge and oracular
information are those of the catalog's presentation, which for every process here
but SNS is the epsilon-machine itself (so both are 0).  The symbols \\(C_\\mu^+\\),
\\(C_\\mu^-\\), \\(C_\\mu^{\\pm}\\) are the forward, reverse and bidirectional
statistical complexities [Crutchfield, Ellison & Mahoney 2009]; the anatomy
\\(\\rho_\\mu, r_\\mu, b_\\mu, q_\\mu, w_\\mu\\) is that of [James, Ellison & Crutchfield
2011]; \\(\\mathbf{T}\\) and \\(\\mathbf{S}\\) follow [Crutchfield & Feldman 2003];
\\(C_q\\) is the q-machine's von Neumann entropy [Mahoney, Aghamohammadi &
Crutchfield 2016].

**How the numbers are checked.** `tests/test_demonstration.py` recomputes this
page and compares it with the committed file, then checks each measure by a
route that does not use symcm's formula for it: \\(h_\\mu\\), \\(\\mathbf{E}\\),
\\(\\mathbf{T}\\), \\(\\mathbf{S}\\) and the anatomy from block entropies of the exact word
probabilities; \\(C_\\mu\\) by grouping histories by their predictions; \\(C_q\\)
from the q-machine's Gram matrix built directly with mpmath; synchronizing words
and reset words by brute-force search over words; \\(h_{\\mathrm{top}}\\) from the
number of allowed words.  `tests/test_published_values.py` checks the
values against facts and formulas the papers state (cited there) and against
derivations by hand.  Regenerate the page with
`python scripts/demonstration_table.py`.

"""

FOOTER = """## References

- J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed:
  levels of entropy convergence", Chaos 13, 25 (2003).
- J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow:
  irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103,
  094101 (2009).
- J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility
  and cryptic processes", J. Phys. A 42, 362002 (2009).
- R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit:
  information in a time series observation", Chaos 21, 037109 (2011).
- N. F. Travers and J. P. Crutchfield, "Exact synchronization for finite-state
  sources", J. Stat. Phys. 145, 1181 (2011).
- M. Gu, K. Wiesner, E. Rieper and V. Vedral, "Quantum mechanics can reduce the
  complexity of classical models", Nat. Commun. 3, 762 (2012).
- J. R. Mahoney, C. Aghamohammadi and J. P. Crutchfield, "Occam's quantum strop:
  synchronizing and compressing classical cryptic processes via a quantum
  channel", Sci. Rep. 6, 20495 (2016).
- D. Lind and B. Marcus, *An Introduction to Symbolic Dynamics and Coding*,
  Cambridge University Press (1995).
"""


def page() -> str:
    """The whole Markdown page."""
    lines = [HEADER.rstrip("\n"), ""]
    entries = processes()
    results = {key: [evaluate(func, m) for _, _, func in MEASURES + EXTRA.get(key, [])]
               for key, _, m, _ in entries}
    lines += overview(results)
    for key, title, m, description in entries:
        lines += process_table(key, title, m, description, results[key])
    lines += symbolic_table()
    return "\n".join(lines) + "\n" + FOOTER


def main(argv: list[str]) -> int:
    text = page()
    if "--check" in argv:
        if PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is stale: run python scripts/demonstration_table.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
