"""The ``symcm`` command: derivations from the shell.

Examples
--------
.. code-block:: console

    $ symcm list
    $ symcm derive binary_markov
    $ symcm derive binary_markov p=2/5 q=1/3 --latex
    $ symcm crossover --process binary_markov --generator lohr_generator --digits 40
    $ symcm report binary_markov --generator lohr_generator -o report.pdf
    $ symcm load machine.toml p=1/2
    $ symcm derive golden_mean --json p=1/3

A model is a catalog name (``symcm list``) or a machine file
(``.toml``, ``.json``, ``.yaml``).  Parameter values are written
``name=3/7`` or ``name=0.25`` (exact rationals) or ``q=p`` (another
parameter of the same model); they are parsed as numbers or names, never
evaluated as code; a value must lie inside the parameter's domain (the
open interval ``(0, 1)`` for probabilities), so ``p=0`` is refused like
``p=3/2``.  Options and values may come in any order.  Errors print one line to stderr and exit with status 2
(bad input, or a derivation that cannot be done) ; ``--help`` on every
subcommand shows examples.  Steps that can take more than a second show a
progress bar on a terminal (stderr), nothing in a pipe.

``derive`` and ``load`` print every quantity they can: a measure that is
not available exactly (infinitely many causal states, or a cap reached) is
named with the reason, once for all the measures it affects, and the
option that raises the cap (``--max-mixed-states`` for the mixed-state
presentation, ``--max-beliefs`` for the entropy-rate enclosure);
``--json`` writes every result (exact string, LaTeX, decimal, float,
certified enclosure or reason) for scripts.  ``symcm --version`` prints
the version; a misspelled command or process name gets a suggestion.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import pathlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence

import sympy as sp

from .models import processes
from .algebra.domain import symbols, to_rational
from .errors import SymcmError
from .models.hmm import HMM
from .causal.states import MAX_MIXED_STATES
from .causal.bounds import MAX_BELIEFS
from .export.derivation import Unavailable, _TEX_LABELS, derive, json_results, text_lines
from .export.tex_document import _version

__all__ = ["main", "derive", "Unavailable"]  # derive and Unavailable live in symcm.export.derivation

_MACHINE_SUFFIXES = (".toml", ".json", ".yaml", ".yml")

#: Default of ``--max-states``: models with more states are refused before any derivation.
MAX_STATES = 200

#: Cap on ``--digits`` (numeric values and certified crossing points).
MAX_DIGITS = 10_000



# ------------------------------------------------------------------ parsing


def _parse_values(items: Sequence[str], params: Sequence[str] = ()) -> dict[str, sp.Expr]:
    """``["p=2/5", "q=p"]`` -> ``{"p": 2/5, "q": p}``: rationals, or names of the model's other parameters."""
    values, seen = {}, {}
    for item in items:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name.isidentifier():
            raise SymcmError(f"expected a parameter value like p=2/5, received {item!r}")
        if name in values:
            raise SymcmError(f"parameter {name} is given twice ({name}={seen[name]} and {item.strip()}); give it once")
        seen[name] = text
        if text.isidentifier() and text in params and text != name:
            values[name] = symbols(text)
            continue
        try:
            values[name] = to_rational(text, where=f"value of {name}")
        except SymcmError as exc:
            others = [x for x in params if x != name]
            hint = f" or the name of another parameter ({', '.join(others)})" if others else ""
            raise SymcmError(
                f"value of {name}: expected a rational number like 2/5{hint}, received {text!r}"
            ) from exc
    for name, value in values.items():  # q=p with p=1/3: q is 1/3 too
        if isinstance(value, sp.Symbol) and isinstance(values.get(value.name), sp.Rational):
            values[name] = values[value.name]
    return values


def _check_options(args) -> None:
    """Refuse ``--digits`` below 1 or above the cap, and ``--max-states`` below 1, before any work."""
    max_states = getattr(args, "max_states", None)
    if max_states is not None and max_states < 1:
        raise SymcmError(f"--max-states must be at least 1, received {max_states}")
    for option in ("max_mixed_states", "max_beliefs"):
        value = getattr(args, option, None)
        if value is not None and value < 1:
            raise SymcmError(f"--{option.replace('_', '-')} must be at least 1, received {value}")
    digits = getattr(args, "digits", None)
    if digits is not None and not 1 <= digits <= MAX_DIGITS:
        raise SymcmError(f"--digits must be from 1 to {MAX_DIGITS}, received {digits}")


def _check_size(m: HMM, max_states: int | None, what: str) -> HMM:
    if max_states is not None and len(m.states) > max_states:
        raise SymcmError(_too_many_states(what, len(m.states), max_states))
    return m


def _too_many_states(what: str, n: int, max_states: int) -> str:
    return (f"{what} has {n} states, more than the cap --max-states={max_states}; pass a larger --max-states "
            "to derive it (exact derivations grow fast with the number of states)")


def _model(spec: str, items: Sequence[str], *, role: str = "process", partial: bool = False,
           max_states: int | None = None) -> HMM:
    """A catalog process or a machine file, with parameter values applied.

    With ``partial``, values for parameters the model does not have are ignored
    (the crossover command applies one list of values to two models).  A model
    with more than ``max_states`` states is refused (for ``period`` before it is
    built).
    """
    path = pathlib.Path(spec)
    if path.suffix.lower() in _MACHINE_SUFFIXES:
        from .models.spec import load

        m = load(path)
        names = [s.name for s in m.parameters]
        values = _parse_values(items, names)
        unknown = set(values) - set(names)
        if unknown and not partial:
            raise SymcmError(f"{spec} has parameters ({', '.join(names) or 'none'}), "
                             f"received values for {', '.join(sorted(unknown))}")
        _check_inside(m, {k: v for k, v in values.items() if k in names}, spec)
        sub = {symbols(k): v for k, v in values.items() if k in names}
        return _check_size(m.subs(sub) if sub else m, max_states, spec)
    table = processes.catalog()
    if spec not in table:
        close = difflib.get_close_matches(spec, list(table), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else "."
        raise SymcmError(f"unknown {role} {spec!r}{hint} Give a machine file ({', '.join(_MACHINE_SUFFIXES)}) or "
                         f"one of the {len(table)} names that `symcm list` shows")
    func, params = table[spec]
    values = _parse_values(items, params)
    unknown = set(values) - set(params)
    if unknown and not partial:
        raise SymcmError(
            f"{spec} has parameters ({', '.join(params) or 'none'}), received values for {', '.join(sorted(unknown))}"
        )
    if spec == "period":
        if "n" not in values or not (isinstance(values["n"], sp.Rational) and values["n"].q == 1):
            raise SymcmError("period needs an integer length, e.g. `symcm derive period n=3`")
        n = int(values["n"])
        if max_states is not None and n > max_states:
            raise SymcmError(_too_many_states(f"period({n})", n, max_states))
        return func(n)
    integers = processes.integer_parameters(spec)
    for x, sample in integers.items():
        if x not in values or not (isinstance(values[x], sp.Rational) and values[x].q == 1):
            raise SymcmError(f"{spec} needs an integer {x}, e.g. `symcm derive {spec} {x}={sample}`")
        values[x] = int(values[x])
        if max_states is not None and values[x] > max_states:
            raise SymcmError(_too_many_states(f"{spec} with {x} = {values[x]}", values[x], max_states))
    _check_inside(func(*(values[x] if x in integers else symbols(x) for x in params)),
                  {k: v for k, v in values.items() if k not in integers}, spec)
    return _check_size(func(*(values.get(x, symbols(x)) for x in params)), max_states, spec)


def _check_inside(m: HMM, values: dict, spec: str) -> None:
    """Refuse a number outside its parameter's (open) domain interval, as the model states it."""
    for name, value in values.items():
        sym = symbols(name)
        if isinstance(value, sp.Rational) and not m.domain.contains({sym: value}):
            lo, hi = m.domain[sym]
            raise SymcmError(f"{spec}: {name} must lie in the open interval ({lo}, {hi}), received {name}={value}")


# ------------------------------------------------------------------ progress


@contextlib.contextmanager
def _progress(total: int, enabled: bool | None = None) -> Iterator[Callable[[str], None]]:
    """A ``step(description)`` callback drawing a rich progress bar on a terminal's stderr."""
    try:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    except ImportError:  # pragma: no cover - rich is a dependency; degrade to nothing
        yield lambda _text: None
        return
    console = Console(stderr=True)
    if enabled is None:
        enabled = console.is_terminal
    if not enabled:
        yield lambda _text: None
        return
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                   console=console, transient=True)
    with bar:
        task = bar.add_task("starting", total=total)
        started = [False]

        def step(text: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=text)

        yield step


# ------------------------------------------------------------------ derivation (symcm.export.derivation)

_DERIVE_STEPS = 8


def _print_derivation(m: HMM, args) -> None:
    digits = args.digits
    with _progress(_DERIVE_STEPS) as step:
        results = derive(m, step, digits=digits, max_mixed_states=args.max_mixed_states,
                         max_beliefs=args.max_beliefs)
    if args.json:
        print(json.dumps(json_results(m, results, digits), indent=2))
        return
    if args.latex:
        from .export.printing import latex

        rows = []
        for label, value in results:
            if isinstance(value, str):
                continue
            tex_label = _TEX_LABELS.get(label) or (r"\pi_{" + label[3:-1] + "}" if label.startswith("pi[") else label)
            rows.append((tex_label, value))
        print(latex(rows, mode="align*"))
        return
    print(m)
    print()
    for line in text_lines(results, digits):
        print(line)


# ------------------------------------------------------------------ commands


def _plain(text: str) -> str:
    """reStructuredText inline markup as plain text: ``x`` and :role:`x` become x."""
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", text)
    return re.sub(r"``([^`]+)``", r"\1", text)


def _cmd_list(args) -> int:
    for name, (func, params) in sorted(processes.catalog().items()):
        doc = (func.__doc__ or "").strip().splitlines()[0]
        print(f"{name}({', '.join(params)}): {_plain(doc)}")
    return 0


def _cmd_derive(args) -> int:
    _check_options(args)
    _print_derivation(_model(args.name, args.values, max_states=args.max_states), args)
    return 0


def _cmd_load(args) -> int:
    if pathlib.Path(args.path).suffix.lower() not in _MACHINE_SUFFIXES:
        raise SymcmError(f"expected a machine file ending in {', '.join(_MACHINE_SUFFIXES)}, received {args.path!r}")
    _check_options(args)
    _print_derivation(_model(args.path, args.values, max_states=args.max_states), args)
    return 0


def _cmd_crossover(args) -> int:
    from .generation.crossover import crossover
    from .generation.comparison import comparison

    _check_options(args)
    model = _model(args.process, args.values, partial=True, max_states=args.max_states)
    generator = _model(args.generator, args.values, role="generator", partial=True, max_states=args.max_states)
    with _progress(3) as step:
        step("where the generator generates the process; state entropy and C_mu")
        _, sub, _, h_gen, c_mu, free, interval = comparison(model, generator)
        if interval is None:
            raise SymcmError(
                f"the crossover command compares one-parameter families; after restriction the parameters are "
                f"({', '.join(map(str, free)) or 'none'}): fix the others with values like p=2/5"
            )
        step(f"certifying crossover points to {args.digits} digits")
        region = crossover(h_gen, c_mu, over={free[0]: interval}, digits=args.digits)
    if args.latex:
        from .export.printing import latex

        print(latex([(r"H[\pi_{\mathrm{gen}}]", h_gen), (r"C_\mu", c_mu)], mode="align*"))
        print(f"\\[ {region.latex(args.digits)} \\]")
        return 0
    if sub:
        print(f"{generator.name} generates the process of {model.name} where "
              + ", ".join(f"{k} = {v}" for k, v in sub.items()))
    print(f"H[pi] of the generator = {h_gen}")
    print(f"C_mu = {c_mu}")
    print(f"H[pi] < C_mu on {region.to_string(args.digits)}")
    for b in region.boundaries:
        print(f"  crossing at {_enclosure(b, args.digits)}")
    return 0


def _enclosure(boundary, digits: int) -> str:
    if boundary.point is not None:
        return f"{boundary.point} (exact)"
    return f"{boundary.decimal(digits)} (certified: enclosure of width {sp.N(boundary.width, 3)})"


def _cmd_report(args) -> int:
    from .export.report import report

    out = pathlib.Path(args.output)
    if out.suffix.lower() not in (".tex", ".pdf"):
        raise SymcmError(f"-o/--output must end in .tex or .pdf, received {args.output!r}")
    if not out.parent.is_dir():
        raise SymcmError(f"-o/--output: the directory {str(out.parent)!r} does not exist; create it first "
                         f"(received {args.output!r})")
    _check_options(args)
    model = _model(args.name, args.values, max_states=args.max_states)
    generator = (_model(args.generator, args.values, role="generator", partial=True, max_states=args.max_states)
                 if args.generator else None)
    with _progress(12 if generator is not None else 9) as step:
        doc = report(model, generator, digits=args.digits, progress=step)
        if out.suffix.lower() == ".pdf":
            step("compiling the PDF")
            doc.to_pdf(out)
        else:
            out.write_text(doc.to_latex(), encoding="utf-8")
    if not args.quiet:
        print(doc)
        print()
    print(f"wrote {out}")
    return 0


# ------------------------------------------------------------------ parser

_VALUES_HELP = "parameter values, e.g. p=2/5 or q=p (others stay symbolic)"


def _derivation_options(p: argparse.ArgumentParser) -> None:
    """The output and cap options shared by ``derive`` and ``load``."""
    out = p.add_mutually_exclusive_group()
    out.add_argument("--latex", action="store_true", help="print the results as a LaTeX align* environment")
    out.add_argument("--json", action="store_true",
                     help="print every result as JSON (exact string, LaTeX, decimal, float; reasons when unavailable)")
    p.add_argument("--max-states", type=int, default=MAX_STATES,
                   help=f"refuse models with more states (default {MAX_STATES}; exact derivations grow fast)")
    p.add_argument("--max-mixed-states", type=int, default=MAX_MIXED_STATES,
                   help=f"cap on the mixed-state presentation behind C_mu, E, chi and the orders "
                        f"(default {MAX_MIXED_STATES})")
    p.add_argument("--max-beliefs", type=int, default=MAX_BELIEFS,
                   help=f"cap on distinct beliefs per word length when h_mu is enclosed numerically "
                        f"(default {MAX_BELIEFS})")


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="symcm",
        description="Exact, symbolic computational mechanics.",
        epilog="examples:\n  symcm list\n  symcm derive binary_markov\n  symcm derive golden_mean p=1/3 --latex\n"
        "  symcm crossover --process binary_markov --generator lohr_generator --digits 40\n"
        "  symcm report binary_markov --generator lohr_generator -o report.pdf\n"
        "  symcm load machine.toml p=2/5",
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"symcm {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_list = sub.add_parser("list", help="list the named processes", formatter_class=raw,
                            description="List the catalog of named processes with their parameters.",
                            epilog="example: symcm list")
    p_list.set_defaults(run=_cmd_list)

    p_der = sub.add_parser(
        "derive", formatter_class=raw,
        help="derive stationary distribution, entropies, C_mu, E, orders of a process",
        description="Derive, exactly, the stationary distribution and state entropy of the presentation and "
                    "the process measures (h_mu, C_mu, E, chi, Markov and cryptic orders), with their case "
                    "splits.",
        epilog="examples:\n  symcm derive binary_markov p=2/5 q=1/3\n  symcm derive binary_markov q=p --latex\n"
               "  symcm derive machine.toml",
    )
    p_der.add_argument("name", help="a process name from `symcm list`, or a machine file")
    p_der.add_argument("values", nargs="*", help=_VALUES_HELP)
    p_der.add_argument("--digits", type=int, default=15,
                       help="digits for numeric values and certified enclosures (default 15)")
    _derivation_options(p_der)
    p_der.set_defaults(run=_cmd_derive)

    p_cross = sub.add_parser(
        "crossover", formatter_class=raw,
        help="certified region where a generator needs less state entropy than C_mu",
        description="Decide exactly where GENERATOR generates the process of PROCESS, then certify the "
                    "parameter region where the generator's state entropy H[pi] is below the statistical "
                    "complexity C_mu, with every crossing point enclosed to --digits digits.",
        epilog="examples:\n  symcm crossover --process binary_markov --generator lohr_generator\n"
               "  symcm crossover --process binary_markov --generator lohr_generator --digits 60",
    )
    p_cross.add_argument("--process", required=True, help="the process: a catalog name or a machine file")
    p_cross.add_argument("--generator", required=True, help="the generator: a catalog name or a machine file")
    p_cross.add_argument("values", nargs="*", help=_VALUES_HELP + "; applied to both models")
    p_cross.add_argument("--digits", type=int, default=30, help="certified digits of crossing points (default 30)")
    p_cross.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    p_cross.add_argument("--max-states", type=int, default=MAX_STATES,
                       help=f"refuse models with more states (default {MAX_STATES}; exact derivations grow fast)")
    p_cross.set_defaults(run=_cmd_crossover)

    p_rep = sub.add_parser(
        "report", formatter_class=raw,
        help="write a derivation report (.tex, or .pdf with a TeX engine)",
        description="Derive everything about a process (model, diagram, stationary distribution, "
                    "epsilon-machine with its cases, C_mu, h_mu, E, chi, orders and, with --generator, the "
                    "certified crossover region) and write it as a LaTeX document or a compiled PDF.",
        epilog="examples:\n  symcm report binary_markov --generator lohr_generator -o report.tex\n"
               "  symcm report golden_mean -o golden.pdf",
    )
    p_rep.add_argument("name", help="a process name from `symcm list`, or a machine file")
    p_rep.add_argument("values", nargs="*", help=_VALUES_HELP)
    p_rep.add_argument("-o", "--output", required=True, help="output file: .tex, or .pdf (needs pdflatex)")
    p_rep.add_argument("--generator", help="a generator of the same process: catalog name or machine file")
    p_rep.add_argument("--digits", type=int, default=30, help="certified digits of crossing points (default 30)")
    p_rep.add_argument("-q", "--quiet", action="store_true", help="only say where the report was written")
    p_rep.add_argument("--max-states", type=int, default=MAX_STATES,
                       help=f"refuse models with more states (default {MAX_STATES}; exact derivations grow fast)")
    p_rep.set_defaults(run=_cmd_report)

    p_load = sub.add_parser("load", formatter_class=raw, help="derive from a machine file (.toml, .json, .yaml)",
                            description="Read a machine file (data only; never evaluated) and derive as "
                                        "`symcm derive` does.",
                            epilog="example: symcm load machine.toml p=1/2")
    p_load.add_argument("path", help="a .toml, .json or .yaml machine file")
    p_load.add_argument("values", nargs="*", help=_VALUES_HELP)
    p_load.add_argument("--digits", type=int, default=15, help="digits for numeric values (default 15)")
    _derivation_options(p_load)
    p_load.set_defaults(run=_cmd_load)
    parser.commands = dict(sub.choices)  # name -> subparser: main parses a command's arguments intermixed
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symcm`` command; returns the exit status (0 success, 2 bad input or failed derivation)."""
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        parser.print_help()
        return 0
    command = next((a for a in argv if not a.startswith("-")), None)
    if command is not None and command not in parser.commands:
        close = difflib.get_close_matches(command, list(parser.commands), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        parser.error(f"unknown command {command!r}{hint} (choose from {', '.join(parser.commands)})")
    if command is None or argv[0] != command:  # options before the command: --help, --version
        args = parser.parse_args(argv)
    else:  # the command's options and values in any order (`derive golden_mean --digits 5 p=1/3`)
        args = parser.commands[command].parse_intermixed_args(argv[1:])
    try:
        return args.run(args)
    except BrokenPipeError:  # `symcm list | head`: the reader went away; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the closed pipe
        return 0
    except (SymcmError, OSError) as exc:
        message = " ".join(str(exc).split())
        print(f"symcm: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("symcm: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
