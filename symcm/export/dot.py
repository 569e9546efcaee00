r"""State diagrams of models as Graphviz DOT text.

:func:`to_dot` writes an :class:`~symcm.models.hmm.HMM` in the DOT language
of Graphviz: one node per state, in the model's state order, and one arrow
per edge ``s -> t`` of the labelled matrix ``T^(x)``, labelled ``x | p``
with ``p = T^(x)[s, t]`` (the symbol-then-probability label of the
edge-labelled presentations of Crutchfield & Young 1989, as in
:func:`symcm.to_tikz`).  Parallel edges (same states, different symbols)
stay separate arrows.  Probabilities are written in sympy's plain text form.
Identifiers and labels are double-quoted, with ``\`` and ``"`` escaped and
line breaks written as ``\n``, so any state name or symbol gives valid DOT
[Gansner, Koutsofios & North, *Drawing graphs with dot*].  The output is a
deterministic function of the model: render it with ``dot -Tpng``.

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105-108 (1989).
.. [2] E. R. Gansner, E. Koutsofios and S. C. North, *Drawing graphs with
   dot*, Graphviz documentation (2015), the DOT language.

Examples
--------
>>> import symcm as sc
>>> print(sc.to_dot(sc.processes.golden_mean(sc.symbols("p"))), end="")
digraph "golden_mean(p)" {
  rankdir=LR;
  node [shape=circle];
  "A";
  "B";
  "A" -> "A" [label="1 | 1 - p"];
  "A" -> "B" [label="0 | p"];
  "B" -> "A" [label="1 | 1"];
}
"""

from __future__ import annotations

import sympy as sp

from .. import checks
from ..errors import ParameterTypeError
from ..algebra.cases import Cases
from ..models.hmm import HMM, as_model

__all__ = ["to_dot"]


def _quoted(value) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{text}"'


def _check_options(name, rankdir) -> None:
    if name is not None and not isinstance(name, str):
        raise ParameterTypeError(f"to_dot: name must be a str or None, received {checks.describe(name)}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ParameterTypeError(
            f"to_dot: rankdir must be one of 'LR', 'TB', 'RL', 'BT', received {checks.describe(rankdir)}"
        )


def _condition(cond) -> str:
    """A condition in plain text: ``p + q = 1``, ``p + q != 1``, else sympy's ``str``."""
    if isinstance(cond, sp.Equality):
        return f"{sp.sstr(cond.lhs)} = {sp.sstr(cond.rhs)}"
    if isinstance(cond, sp.Unequality):
        return f"{sp.sstr(cond.lhs)} != {sp.sstr(cond.rhs)}"
    return sp.sstr(cond)


def to_dot(m: HMM, *, name: str | None = None, rankdir: str = "LR") -> str:
    r"""The state diagram of ``m`` as Graphviz DOT text.

    Each edge ``s -> t`` with ``T^(x)[s, t] = p > 0`` is written
    ``"s" -> "t" [label="x | p"];``; states are circles, listed in
    ``m.states`` order, edges in ``m.edges`` order (by source state).

    Parameters
    ----------
    m : HMM or Cases of HMMs
        The model; a :class:`~symcm.algebra.cases.Cases` (as
        :func:`symcm.epsilon_machine` returns) gives one graph with one
        cluster per case, labelled ``case k: condition`` (the last:
        ``otherwise``), its nodes named ``"k/state"`` and labelled ``state``.
    name : str, optional
        The graph's name (default: the model's name, else ``"HMM"``).
    rankdir : {"LR", "TB", "RL", "BT"}
        Graphviz's layout direction.

    Returns
    -------
    str
        DOT text ending in a newline; ``dot -Tpng`` renders it.

    Raises
    ------
    ParameterTypeError
        ``m`` is not an HMM (or a Cases of HMMs), ``name`` not a str,
        ``rankdir`` not one of the four.

    Examples
    --------
    >>> import symcm as sc
    >>> print(sc.to_dot(sc.processes.biased_coin(sc.symbols("p")), name='say "hi"'), end="")
    digraph "say \"hi\"" {
      rankdir=LR;
      node [shape=circle];
      "A";
      "A" -> "A" [label="0 | 1 - p"];
      "A" -> "A" [label="1 | p"];
    }
    """
    if isinstance(m, Cases):
        return _cases_dot(m, name, rankdir)
    as_model(m, "to_dot")
    _check_options(name, rankdir)
    title = name if name is not None else (m.name or "HMM")
    lines = [f"digraph {_quoted(title)} {{", f"  rankdir={rankdir};", "  node [shape=circle];"]
    lines += [f"  {_quoted(s)};" for s in m.states]
    for e in m.edges:
        label = f"{e.symbol} | {sp.sstr(e.probability)}"
        lines.append(f"  {_quoted(e.source)} -> {_quoted(e.target)} [label={_quoted(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cases_dot(cases: Cases, name, rankdir) -> str:
    """One digraph, one ``cluster`` subgraph per case labelled with its condition."""
    from .tikz import case_models

    models = case_models(cases, "to_dot")
    _check_options(name, rankdir)
    title = name if name is not None else (models[-1].name or "HMM")
    lines = [f"digraph {_quoted(title)} {{", f"  rankdir={rankdir};", "  node [shape=circle];"]
    for k, (cond, model) in enumerate(zip(cases.conditions, models), start=1):
        where = "otherwise" if k == len(models) > 1 else _condition(cond)
        lines += [f"  subgraph {_quoted(f'cluster_{k}')} {{", f"    label={_quoted(f'case {k}: {where}')};"]
        lines += [f"    {_quoted(f'{k}/{s}')} [label={_quoted(s)}];" for s in model.states]
        for e in model.edges:
            label = f"{e.symbol} | {sp.sstr(e.probability)}"
            lines.append(f"    {_quoted(f'{k}/{e.source}')} -> {_quoted(f'{k}/{e.target}')} [label={_quoted(label)}];")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"
