"""The ``symcm`` command: derivations from the shell.

Examples
--------
.. code-block:: console

    $ symcm list
    $ symcm derive binary_markov
    $ symcm derive binary_markov p=2/5 q=1/3
    $ symcm load machine.toml

Parameter values are exact rationals written ``name=3/7`` or ``name=0.25``;
they are parsed as numbers, never evaluated as code.  Errors print one line
to stderr and exit with status 2 (bad input) or 1 (a failed derivation).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import sympy as sp

from . import processes
from .domain import symbols, to_rational
from .errors import SymcmError
from .hmm import HMM
from .measures import entropy_rate, state_entropy
from .stationary import stationary_distribution

__all__ = ["main", "derive"]


def _parse_values(items: Sequence[str]) -> dict[str, sp.Rational]:
    values = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip().isidentifier():
            raise SymcmError(f"expected a parameter value like p=2/5, received {item!r}")
        values[name.strip()] = to_rational(text, where=f"value of {name.strip()}")
    return values


def _named_model(name: str, values: dict) -> HMM:
    table = processes.catalog()
    if name not in table:
        raise SymcmError(f"unknown process {name!r}; `symcm list` shows the catalog: {', '.join(sorted(table))}")
    func, params = table[name]
    unknown = set(values) - set(params)
    if unknown:
        raise SymcmError(
            f"{name} has parameters ({', '.join(params) or 'none'}), received values for {', '.join(sorted(unknown))}"
        )
    if params == ("n",):
        if "n" not in values or values["n"].q != 1:
            raise SymcmError("period needs an integer length, e.g. `symcm derive period n=3`")
        return func(int(values["n"]))
    return func(*(values.get(x, symbols(x)) for x in params))


def derive(m: HMM) -> list[tuple[str, object]]:
    """The derivation printed by ``symcm derive``: ``(label, result)`` pairs.

    The presentation's stationary distribution and state entropy, then the
    process's measures from its epsilon-machine (``Piecewise`` where the
    causal structure changes).  A measure that cannot be given exactly here
    (infinitely many causal states) is reported with the reason.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.cli import derive
    >>> for label, value in derive(sc.processes.binary_markov(*sc.symbols("p q"))):
    ...     print(label, "=", value)
    pi[A] = q/(p + q)
    pi[B] = p/(p + q)
    H[pi] = H(p/(p + q))
    h_mu = p*H(q)/(p + q) + q*H(p)/(p + q)
    C_mu = Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))
    E = Piecewise((0, Eq(p + q, 1)), (-p*H(q)/(p + q) - q*H(p)/(p + q) + H(p/(p + q)), True))
    chi = Piecewise((0, Eq(p + q, 1)), (p*H(q)/(p + q) + q*H(p)/(p + q), True))
    Markov order = Piecewise((0, Eq(p + q, 1)), (1, True))
    cryptic order = Piecewise((0, Eq(p + q, 1)), (1, True))
    """
    from .complexity import cryptic_order, crypticity, excess_entropy, markov_order, statistical_complexity
    from .errors import InfiniteStatesError

    out: list[tuple[str, object]] = [(f"pi[{s}]", v) for s, v in stationary_distribution(m).items()]
    out.append(("H[pi]", state_entropy(m)))
    out.append(("h_mu", entropy_rate(m)))
    for label, measure in (("C_mu", statistical_complexity), ("E", excess_entropy), ("chi", crypticity),
                           ("Markov order", markov_order), ("cryptic order", cryptic_order)):
        try:
            out.append((label, measure(m)))
        except InfiniteStatesError as exc:
            out.append((label, f"not available exactly: {str(exc).split(';')[0]}"))
    return out


def _print_derivation(m: HMM, digits: int) -> None:
    print(m)
    print()
    for label, value in derive(m):
        line = f"{label} = {value}"
        if isinstance(value, sp.Basic) and not value.free_symbols and value.is_number and not value.is_Rational \
                and value not in (sp.oo,):
            line += f"  ~ {sp.N(value, digits)}"
        print(line)


def _cmd_list(args) -> int:
    for name, (func, params) in sorted(processes.catalog().items()):
        doc = (func.__doc__ or "").strip().splitlines()[0]
        print(f"{name}({', '.join(params)}): {doc}")
    return 0


def _cmd_derive(args) -> int:
    m = _named_model(args.name, _parse_values(args.values))
    _print_derivation(m, args.digits)
    return 0


def _cmd_load(args) -> int:
    from .spec import load

    m = load(args.path)
    values = _parse_values(args.values)
    if values:
        m = m.subs(values)
    _print_derivation(m, args.digits)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symcm",
        description="Exact, symbolic computational mechanics.",
        epilog="examples:\n  symcm list\n  symcm derive binary_markov\n  symcm derive golden_mean p=1/3\n"
        "  symcm load machine.toml p=2/5",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="list the named processes")
    p_list.set_defaults(run=_cmd_list)
    p_der = sub.add_parser(
        "derive",
        help="derive the stationary distribution, state entropy and entropy rate of a named process",
        epilog="example: symcm derive binary_markov p=2/5 q=1/3",
    )
    p_der.add_argument("name", help="a process name from `symcm list`")
    p_der.add_argument("values", nargs="*", help="parameter values, e.g. p=2/5 (others stay symbolic)")
    p_der.add_argument("--digits", type=int, default=15, help="digits for numeric values (default 15)")
    p_der.set_defaults(run=_cmd_derive)
    p_load = sub.add_parser("load", help="derive from a machine file (.toml, .json, .yaml)",
                            epilog="example: symcm load machine.toml p=1/2")
    p_load.add_argument("path")
    p_load.add_argument("values", nargs="*", help="parameter values, e.g. p=2/5")
    p_load.add_argument("--digits", type=int, default=15)
    p_load.set_defaults(run=_cmd_load)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symcm`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (SymcmError, OSError) as exc:
        print(f"symcm: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
