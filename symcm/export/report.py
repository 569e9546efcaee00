r"""Derivation reports: from a model to a compiled PDF.

A :class:`Report` collects, for one model, everything a paper needs about it
and renders it as a complete LaTeX document:

1. the model: its labelled transition matrices :math:`T^{(x)}` and its state
   diagram (TikZ, automata library);
2. the stationary distribution :math:`\pi` of this presentation and its
   state entropy :math:`H[\pi]`;
3. the epsilon-machine, case by case where the causal structure changes
   (:func:`symcm.causal.epsilon_machine`);
4. the process measures: statistical complexity :math:`C_\mu`, entropy rate
   :math:`h_\mu`, excess entropy :math:`\mathbf{E}`, crypticity
   :math:`\chi = C_\mu - \mathbf{E}`, Markov and cryptic orders, each a
   ``Piecewise`` where it changes;
5. with a ``generator``: the generator itself, the parameter values where it
   generates the model's process (found exactly with
   :func:`symcm.causal.equivalence.same_process`), its state entropy and the
   certified crossover region where it needs less state entropy than
   :math:`C_\mu` (:func:`symcm.generation.crossover.crossover`).

Everything in a report is exact; the only numbers are the certified
enclosures of crossover points.  A measure symcm cannot give exactly (an
infinite epsilon-machine, say) is reported as such with the reason, never
guessed.

References
----------
.. [SC01] C. R. Shalizi and J. P. Crutchfield, "Computational mechanics:
   pattern and prediction, structure and simplicity", J. Stat. Phys. 104,
   817-879 (2001).
.. [LA09] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient
   for prediction", Complex Sciences, LNICST 4, 265-276 (2009).
.. [RJMC18] J. B. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield,
   "Prediction and generation of binary Markov processes: can a finite-state
   fox catch a Markov mouse?", Chaos 28, 013109 (2018).
"""

from __future__ import annotations

import datetime
import pathlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .. import checks
from ..algebra.cases import Cases
from ..errors import (
    DomainError,
    InfiniteStatesError,
    NotErgodicError,
    ParameterTypeError,
    TooLargeError,
    UndecidableError,
)
from ..generation.comparison import comparison
from ..models.hmm import HMM
from .tex_document import (  # noqa: F401  (compile_pdf, tex_engine and TEX_ENGINES keep their old home here)
    TEX_ENGINES,
    _decimal,
    _escape_text,
    _in_words,
    _text_with_math,
    _version,
    compile_pdf,
    tex_engine,
)

__all__ = ["Report", "Section", "report", "compile_pdf", "tex_engine"]

_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2.5cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{lmodern}
\usepackage{tikz}
\usetikzlibrary{automata,positioning,arrows.meta}
\usepackage{fancyhdr}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
"""

# What a reader needs to read the measures: the entropy function and each measure's definition.
_MEASURES_LEAD = r"""Entropies are in bits: $\mathrm{H}(p_1, \dots, p_n) = -\sum_i p_i \log_2 p_i$ (with $0 \log_2 0 = 0$)
and $\mathrm{H}(x) = \mathrm{H}(x, 1 - x)$.  With causal states $\mathcal{S}$ (the states of the
epsilon-machine) and $X_{a:b}$ the symbols from time $a$ to $b - 1$:
\begin{itemize}
\item statistical complexity $C_\mu = \mathrm{H}[\mathcal{S}]$, the entropy of the stationary distribution of the
  causal states;
\item entropy rate $h_\mu = \lim_{L \to \infty} \mathrm{H}[X_{0:L}]/L = \mathrm{H}[X_0 \mid \mathcal{S}]$;
\item excess entropy $\mathbf{E} = \mathrm{I}[X_{-\infty:0}; X_{0:\infty}]
  = \lim_{L \to \infty} (\mathrm{H}[X_{0:L}] - L h_\mu)$;
\item crypticity $\chi = C_\mu - \mathbf{E}$;
\item Markov order $R$, the least $L$ with $\mathrm{H}[X_0 \mid X_{-L:0}] = h_\mu$, and cryptic order $k_\chi$,
  the least $k$ with $\mathrm{H}[\mathcal{S}_k \mid X_{0:\infty}] = 0$
\end{itemize}
(Shalizi \& Crutchfield 2001; Crutchfield \& Feldman 2003; Mahoney, Ellison \& Crutchfield 2009)."""

# Failures a report states instead of raising: the question has no finite exact answer here,
# or symcm cannot decide it on the whole domain.
_REPORTED = (InfiniteStatesError, TooLargeError, UndecidableError, NotErgodicError)


@dataclass(frozen=True)
class Section:
    """One section of a report: a title, its LaTeX body and a plain-text summary."""

    title: str
    latex: str
    text: str = ""


@dataclass(frozen=True)
class Report:
    """A derivation document for one model (and optionally a generator of its process).

    Build it with :func:`report`.  ``results`` holds the exact values by name
    (``"pi"``, ``"H[pi]"``, ``"epsilon_machine"``, ``"C_mu"``, ``"h_mu"``,
    ``"E"``, ``"chi"``, ``"Markov order"``, ``"cryptic order"``, and with a
    generator ``"restriction"``, ``"generator H[pi]"``, ``"crossover"``); a
    value that could not be derived exactly is the :class:`~symcm.errors.SymcmError`
    that says why.
    """

    title: str
    model: HMM
    generator: HMM | None
    sections: tuple[Section, ...]
    results: Mapping[str, object] = field(default_factory=dict)
    created: str = field(default_factory=lambda: datetime.date.today().isoformat())

    def to_latex(self) -> str:
        """The complete ``.tex`` document (article class, amsmath, TikZ automata).

        Examples
        --------
        >>> import symcm as sc
        >>> p, q = sc.symbols("p q")
        >>> tex = sc.report(sc.processes.binary_markov(p, q)).to_latex()
        >>> tex.startswith(r"\\documentclass") and tex.rstrip().endswith(r"\\end{document}")
        True
        """
        body = "\n\n".join(f"\\section{{{s.title}}}\n{s.latex}" for s in self.sections)
        stamp = f"symcm {_version()}, {self.created}"
        footer = (f"\\pagestyle{{fancy}}\\fancyhf{{}}\\renewcommand{{\\headrulewidth}}{{0pt}}\n"
                  f"\\lfoot{{\\footnotesize Derived exactly with {stamp}}}\\rfoot{{\\footnotesize \\thepage}}\n"
                  f"\\fancypagestyle{{plain}}{{\\fancyhf{{}}\\lfoot{{\\footnotesize Derived exactly with {stamp}}}"
                  f"\\rfoot{{\\footnotesize \\thepage}}}}\n")
        return (
            f"{_PREAMBLE}{footer}\\title{{{_text_with_math(self.title)}}}\n\\author{{}}\n"
            f"\\date{{Derived exactly with {stamp}}}\n"
            f"\\begin{{document}}\n\\maketitle\n\n{body}\n\n\\end{{document}}\n"
        )

    def to_pdf(self, path, *, engine: str | None = None, timeout: float = 300) -> pathlib.Path:
        """Compile the report with a TeX engine and write the PDF to ``path``.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write the PDF.
        engine : str, optional
            ``"pdflatex"``, ``"lualatex"`` or ``"xelatex"``, or a path to one;
            default: the first of them found on ``PATH``.
        timeout : float, optional
            Seconds allowed for the engine.

        Returns
        -------
        pathlib.Path
            The PDF written.

        Raises
        ------
        symcm.errors.DomainError
            If the directory of ``path`` does not exist (it is not created;
            nothing is written).
        symcm.errors.MissingDependencyError
            If no TeX engine is installed (the message says how to install one
            and that :meth:`to_latex` needs none).
        symcm.errors.TexError
            If the engine fails; the message holds the end of its log.
        """
        target = pathlib.Path(path)
        if not target.parent.is_dir():
            raise DomainError(f"Report.to_pdf: the directory {str(target.parent)!r} of the path does not exist; "
                              f"create it first (received the path {str(path)!r})")
        return compile_pdf(self.to_latex(), path, engine=engine, timeout=timeout)

    def __repr__(self) -> str:
        return f"<Report {self.title!r}: {len(self.sections)} sections; .to_pdf(path), .to_latex()>"

    def _repr_html_(self) -> str:
        """Jupyter's view: the title, the measures as formulas, the crossover (not the whole document)."""
        from ._views import report_html

        return report_html(self)

    def __str__(self) -> str:
        parts = [self.title, "=" * len(self.title)]
        for s in self.sections:
            if s.text:
                parts += ["", s.title, "-" * len(s.title), s.text]
        return "\n".join(parts)


# ------------------------------------------------------------------- restriction


# ------------------------------------------------------------------------ report


def report(m: HMM, generator: HMM | None = None, *, digits: int = 30, symbol_names: Mapping | None = None,
           title: str | None = None, progress: Callable[[str], None] | None = None,
           max_digits: int = 1000) -> Report:
    r"""Derive everything about a model and collect it in a :class:`Report`.

    Parameters
    ----------
    m : HMM
        The model (any presentation; symbolic or numeric).
    generator : HMM, optional
        A generator of (a restriction of) the same process: the report adds
        where it generates ``m``'s process, its state entropy and the
        certified crossover region where it is below :math:`C_\mu`
        (one free parameter), e.g. Loehr's generator for
        ``binary_markov(p, q)``.
    digits : int, optional
        Crossover points are enclosed to within ``10**-digits`` (default 30).
    symbol_names : mapping, optional
        LaTeX for parameters, e.g. ``{p: r"\alpha"}``, as in :func:`symcm.export.printing.latex`.
    title : str, optional
        Document title (default from the model's name).
    progress : callable, optional
        Called with a short description before each derivation step (the
        ``symcm`` command shows these as a progress bar).
    max_digits : int, optional
        Cap on ``digits`` (default 1000, as for :func:`~symcm.causal.measures.entropy_rate`).

    Returns
    -------
    Report
        ``.to_latex()``, ``.to_pdf(path)``, ``str()`` and ``.results``.

    Raises
    ------
    symcm.errors.ParameterTypeError
        If ``m`` or ``generator`` is not an HMM.
    symcm.errors.DomainError
        If ``digits`` is below 1.
    symcm.errors.TooLargeError
        If ``digits`` exceeds ``max_digits``.
    symcm.errors.ModelError
        If ``generator`` does not generate ``m``'s process (see
        :func:`restrict_to_generator`).

    Notes
    -----
    Each step is the package's exact routine; the cost is dominated by the
    epsilon-machine case analysis and, with a generator, by
    :func:`~symcm.causal.equivalence.same_process` and the crossover (a fraction of
    a second for the binary Markov example).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> r = sc.report(sc.processes.binary_markov(p, q), generator=sc.processes.lohr_generator(p), digits=12)
    >>> r.results["C_mu"]
    Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))
    >>> r.results["restriction"]
    {q: p}
    >>> print(r.results["crossover"])
    p in (0.386453902390..., 1/2)
    >>> [s.title for s in r.sections]  # doctest: +NORMALIZE_WHITESPACE
    ['The model', 'Stationary distribution', 'Epsilon-machine', 'Process measures',
     'A generator with less memory']
    """
    from .printing import latex, latex_matrices, latex_stationary
    from .tikz import to_tikz

    if not isinstance(m, HMM):
        raise ParameterTypeError(f"report needs an HMM, received {type(m).__name__}; pick a case of a Cases first")
    if generator is not None and not isinstance(generator, HMM):
        raise ParameterTypeError(f"report: generator must be an HMM or None, received {type(generator).__name__}")
    max_digits = checks.cap(max_digits, "max_digits", where="report")
    digits = checks.digits(digits, where="report", maximum=max_digits)
    if title is not None and not isinstance(title, str):
        raise ParameterTypeError(f"report: title must be a str or None, received {checks.describe(title)}")
    if symbol_names is not None and not isinstance(symbol_names, Mapping):
        raise ParameterTypeError(f"report: symbol_names must be a mapping or None, received "
                                 f"{checks.describe(symbol_names)}")
    if progress is not None and not callable(progress):
        raise ParameterTypeError(f"report: progress must be a callable or None, received {checks.describe(progress)}")
    if generator is not None:
        from ..checks import same_symbols

        same_symbols([("the model", m.parameters), ("the generator", generator.parameters)], where="report")
    step = progress or (lambda _text: None)
    names = dict(symbol_names or {})

    def tex(x, **kw):
        return latex(x, symbol_names=names, **kw)

    results: dict[str, object] = {}
    sections: list[Section] = []
    from .figures import _model_text

    label = m.name or "the model"
    words = _model_text(m)
    title = title or f"Derivation: {words}"

    # 1. the model
    step("model and state diagram")
    domain = ", ".join(f"{tex(s)} \\in ({tex(lo)}, {tex(hi)})" for s, (lo, hi) in m.domain._intervals.items())
    called = f"\\texttt{{{_escape_text(label)}}}" + (f" ({_text_with_math(words)})" if words != label else "")
    body = [f"The model {called} has {len(m.states)} states and alphabet "
            f"$\\{{{', '.join(_escape_text(x) for x in m.alphabet)}\\}}$"
            + (f"; parameters ${domain}$ (open intervals)." if domain else "; it has no free parameters."),
            "Labelled transition matrices (rows: current state, columns: next state):",
            latex_matrices(m, mode="equation*", symbol_names=names),
            "\\begin{center}\n" + to_tikz(m, symbol_names=names) + "\n\\end{center}"]
    if m.vanishing_edges:
        body.append("Edges whose probability vanishes inside the domain (the structure changes there): "
                    + "; ".join(f"{_escape_text(e.source)} $\\to$ {_escape_text(e.target)} on "
                                f"{_escape_text(e.symbol)} where ${tex(cond)}$" for e, cond in m.vanishing_edges)
                    + ".")
    sections.append(Section("The model", "\n\n".join(body), str(m)))

    # 2. stationary distribution
    step("stationary distribution")
    from ..algebra.entropy import entropy_of
    from ..causal.stationary import stationary_distribution

    try:
        pi = stationary_distribution(m)
        if isinstance(pi, Cases):  # vanishing edges split the chain somewhere: region by region
            from ..causal.measures import state_entropy

            h_pi = state_entropy(m)
            text = "\n".join([f"pi = {pi}", f"H[pi] = {h_pi}"])
            lead = ("Edges vanish where the chain splits into several recurrent classes; there the stationary "
                    "distribution is not unique and is given for each recurrent class (ergodic component).\n")
        else:
            h_pi = entropy_of(pi.values())  # = state_entropy(m), without solving for pi again
            text = "\n".join([f"pi[{s}] = {v}" for s, v in pi.items()] + [f"H[pi] = {h_pi}"])
            lead = ""
        results["pi"], results["H[pi]"] = pi, h_pi
        body = lead + latex_stationary(m, pi, mode="equation*", symbol_names=names) + "\n" + \
            tex(h_pi, mode="equation*", label=r"H[\pi]")
    except _REPORTED as exc:
        results["pi"] = results["H[pi]"] = exc
        body, text = f"Not available exactly: {_escape_text(_in_words(exc))}.", f"pi: not available exactly: {exc}"
    sections.append(Section("Stationary distribution", body, text))

    # 3. epsilon-machine
    step("epsilon-machine")
    from ..causal.states import epsilon_machine

    try:
        eps = epsilon_machine(m)
        results["epsilon_machine"] = eps
        body, text = _epsilon_section(eps, tex, names)
    except _REPORTED as exc:
        results["epsilon_machine"] = exc
        body = (f"No finite epsilon-machine is shown: {_escape_text(_in_words(exc))}. The measures below that need "
                "the causal states are given as certified enclosures where symcm has one, and otherwise named as "
                "not available.")
        text = f"not available exactly: {exc}"
    sections.append(Section("Epsilon-machine", body, text))

    # 4. measures
    from ..causal.complexity import cryptic_order, crypticity, excess_entropy, markov_order, statistical_complexity
    from ..causal.measures import entropy_rate

    from ..causal.bounds import Bounds

    rows, lines, missing = [], [], []
    for key, tex_label, func in (("C_mu", r"C_\mu", statistical_complexity), ("h_mu", r"h_\mu", entropy_rate),
                                 ("E", r"\mathbf{E}", excess_entropy), ("chi", r"\chi", crypticity),
                                 ("Markov order", r"R", markov_order), ("cryptic order", r"k_\chi", cryptic_order)):
        step(f"measure {key}")
        try:
            value = func(m)
        except _REPORTED as exc:
            results[key] = exc
            missing.append((tex_label, _in_words(exc)))
            lines.append(f"{key}: not available exactly: {exc}")
            continue
        results[key] = value
        if isinstance(value, Bounds):
            rows.append(f"{tex_label} &\\in {tex(value)} && \\text{{(certified enclosure)}}")
        else:
            rows.append(f"{tex_label} &= {tex(value)}")
        lines.append(f"{key} = {value}")
    body = _MEASURES_LEAD + ("\n\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}" if rows else "")
    for reason in dict.fromkeys(r for _, r in missing):  # one sentence per distinct reason
        names = ", ".join(f"${label}$" for label, r in missing if r == reason)
        body += f"\n\nNot available exactly: {names}. Reason: {_escape_text(reason)}."
    sections.append(Section("Process measures", body, "\n".join(lines)))

    # 5. generator
    if generator is not None:
        step("where the generator generates the process")
        sections.append(_generator_section(m, generator, results, digits, tex, names, step))

    return Report(title, m, generator, tuple(sections), results)


def _epsilon_section(eps, tex, names) -> tuple[str, str]:
    from .printing import latex_matrices
    from .tikz import to_tikz

    def one(machine: HMM) -> str:
        return (f"{len(machine.states)} causal state{'s' if len(machine.states) != 1 else ''}:\n"
                + latex_matrices(machine, mode="equation*", symbol_names=names)
                + "\n\\begin{center}\n" + to_tikz(machine, symbol_names=names) + "\n\\end{center}")

    def case(value) -> tuple[str, str]:
        from ..causal.ergodic import ErgodicDecomposition

        if isinstance(value, ErgodicDecomposition):  # several recurrent classes: one machine per class
            body, counts = ["Here the chain splits into several recurrent classes; the epsilon-machine of "
                            "each ergodic component:"], []
            for members, machine in value:
                label = _escape_text(", ".join(map(str, members)))
                if isinstance(machine, Cases):
                    inner, inner_text = _epsilon_section(machine, tex, names)
                    body.append(f"\\subparagraph{{Class $\\{{${label}$\\}}$.}} " + inner)
                    counts.append(f"class {members}: {inner_text}")
                else:
                    body.append(f"\\subparagraph{{Class $\\{{${label}$\\}}$.}} " + one(machine))
                    counts.append(f"class {members}: {_count(machine)}")
            return "\n\n".join(body), "; ".join(counts)
        return one(value), _count(value)

    if isinstance(eps, Cases):
        parts, text = ["The causal structure changes across the domain:"], []
        for i, (cond, machine) in enumerate(eps):
            where = r"\text{otherwise}" if i == len(eps) - 1 else tex(cond)
            body, count = case(machine)
            parts.append(f"\\paragraph{{Case {i + 1}: ${where}$.}} " + body)
            text.append(f"case {'otherwise' if i == len(eps) - 1 else cond}: {count}")
        return "\n\n".join(parts), "\n".join(text)
    return "One causal structure holds on the whole domain; " + one(eps), _count(eps)


def _count(machine: HMM) -> str:
    n = len(machine.states)
    return f"{n} causal state{'s' if n != 1 else ''}"


def _generator_section(m, generator, results, digits, tex, names, step) -> Section:
    from ..generation.crossover import crossover
    from .printing import latex_matrices, latex_stationary
    from .tikz import to_tikz

    step("generator state entropy and C_mu")
    restricted, sub, pi_g, h_g, c_mu, free, interval = comparison(m, generator)
    results["restriction"] = sub
    results["generator pi"], results["generator H[pi]"] = pi_g, h_g
    results["restricted C_mu"] = c_mu
    gname = _escape_text(generator.name or "The generator")
    parts = []
    if sub:
        where = ", ".join(f"{tex(k)} = {tex(v)}" for k, v in sub.items())
        parts.append(f"{gname} generates the process exactly where ${where}$ "
                     "(decided exactly from word probabilities); below, the model is restricted there.")
    else:
        parts.append(f"{gname} generates the same process on the whole domain (decided exactly).")
    parts.append(latex_matrices(generator, mode="equation*", symbol_names=names))
    parts.append("\\begin{center}\n" + to_tikz(generator, symbol_names=names) + "\n\\end{center}")
    parts.append(latex_stationary(generator, pi_g, mode="equation*", symbol_names=names))
    parts.append("\\begin{align*}\n" + f"H[\\pi_{{\\mathrm{{gen}}}}] &= {tex(h_g)} \\\\\n"
                 f"C_\\mu &= {tex(c_mu)}\n\\end{{align*}}")
    text = [f"{generator.name or 'the generator'} generates the process"
            + (" where " + ", ".join(f"{k} = {v}" for k, v in sub.items()) if sub else " on the whole domain"),
            f"H[pi_gen] = {h_g}", f"C_mu (restricted) = {c_mu}"]
    if interval is not None:
        step(f"certified crossover ({digits} digits)")
        try:
            region = crossover(h_g, c_mu, over={free[0]: interval}, digits=digits)
        except (UndecidableError, TooLargeError) as exc:
            results["crossover"] = exc
            parts.append(f"The crossover region could not be certified: {_escape_text(exc)}.")
            text.append(f"crossover: not certified: {exc}")
        else:
            results["crossover"] = region
            shown = min(digits, 20)
            parts.append(
                f"The generator needs less state entropy than the epsilon-machine, "
                f"$H[\\pi_{{\\mathrm{{gen}}}}] < C_\\mu$, exactly on (endpoints certified, shown to {shown} digits)\n"
                f"\\[ {region.latex(shown)} \\]"
            )
            roots = [b for b in region.boundaries if b.point is None]
            if roots:
                sym = tex(free[0])
                equation = f"{tex(h_g)} = {tex(c_mu)}"
                parts.append(
                    f"Each end of this region inside $({tex(interval[0])}, {tex(interval[1])})$ is a root "
                    f"${sym}^*$ of $H[\\pi_{{\\mathrm{{gen}}}}]({sym}) = C_\\mu({sym})$, here\n\\[ {equation}, \\]\n"
                    "enclosed (certified by interval arithmetic, the sign of the difference changing across the "
                    "enclosure) in\n\\begin{align*}\n"
                    + " \\\\\n".join(f"{sym}^*_{{{i + 1}}} &\\in \\left[{_decimal(b.lo, shown)},\\ "
                                       f"{_decimal(b.hi, shown, up=True)}\\right]" for i, b in enumerate(roots))
                    + "\n\\end{align*}")
            text.append(f"H[pi_gen] < C_mu on {region}")
    else:
        results["crossover"] = None
        parts.append("The comparison has more than one free parameter; a certified 2-D paving of the "
                     "region is available with \\texttt{sc.pave}.")
        text.append("crossover: more than one free parameter (use sc.pave)")
    return Section("A generator with less memory", "\n\n".join(parts), "\n".join(text))
