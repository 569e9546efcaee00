"""Tables and growth plots of :mod:`benchmarks.storm` (from its JSON figures).

The plots are drawn with ``matplotlib.figure.Figure`` on the Agg canvas (no
pyplot, no display): one PNG per family, log seconds against log states, one
line per tool (and per number of parameters), a cross at the timeout where a
tool was stopped.

Examples
--------
>>> from benchmarks.storm_report import fmt_cell
>>> fmt_cell({"seconds": 0.0123}), fmt_cell({"timeout": True}, 120), fmt_cell({"skipped": True})
('12.3 ms', '> 120 s', '-')
"""

from __future__ import annotations

import os

__all__ = ["fmt_cell", "markdown", "plot_all"]

_TITLES = {
    "order_r": "order-R binary Markov chain (2 parameters, 2^R states)",
    "ring_chord": "ring + one random chord per state",
    "plain_ring": "plain ring (1 parameter, answer 1/n)",
    "random_sparse": "ring + two random edges per state (degree-2 probabilities)",
}


def fmt_seconds(t: float) -> str:
    """``12.3 ms`` / ``1.23 s`` / ``45.6 s``."""
    if t < 1:
        return f"{t * 1e3:.1f} ms"
    return f"{t:.2f} s" if t < 10 else f"{t:.1f} s"


def fmt_cell(res: dict, timeout: float = 120) -> str:
    """A table cell for one worker's result."""
    if "seconds" in res:
        return fmt_seconds(res["seconds"])
    if res.get("timeout"):
        return f"> {timeout:g} s"
    if res.get("skipped"):
        return "-"
    err = res.get("error", "?")
    if "TooLargeError" in err:
        return "TooLargeError (an intermediate over max_terms = 10^6)"
    return f"error: {err[:60]}"


def _convert(res: dict, timeout: float) -> str:
    """The time to write every entry as a sympy expression, after the solve (older runs: "-")."""
    if "convert" in res:
        return fmt_seconds(res["convert"])
    if res.get("convert_timeout"):
        return f"> {timeout - res['seconds']:.0f} s"
    return "-"


def _terms(res: dict) -> str:
    t = res.get("terms")
    return f"{t[0]} / {t[1]}" if t else "-"


def markdown(data: dict) -> str:
    """The Markdown tables of a run (stationary distributions, then C_mu / h_mu / E)."""
    timeout = data["timeout"]
    lines = ["| family | parameters | states | symcm: all states | + as expressions | Storm: one state "
             "| Storm / symcm | terms of pi_0 (num / den) | Storm checked against |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in data["rows"]:
        sym, sto = r["symcm"], r["storm"]
        ratio = "-"
        if "seconds" in sym and "seconds" in sto:
            ratio = f"{sto['seconds'] / sym['seconds']:.3g}x"
        elif "seconds" in sym and sto.get("timeout"):
            ratio = f"> {timeout / sym['seconds']:.3g}x"
        elif "seconds" in sto and sym.get("timeout"):
            ratio = f"< {sto['seconds'] / timeout:.3g}x"
        family = f"order-{r['size']}" if r["family"] == "order_r" else r["family"].replace("_", " ")
        terms = _terms(sym) if sym.get("terms") else _terms(sto)
        lines.append(f"| {family} | {r['k']} | {r['states']} | {fmt_cell(sym, timeout)} | {_convert(sym, timeout)} "
                     f"| {fmt_cell(sto, timeout)} "
                     f"| {ratio} | {terms} | {sto.get('checked', '-')} |")
    out = "\n".join(lines) + "\n" if data["rows"] else ""
    if data.get("measures"):
        rows = ["| R | states | C_mu | h_mu | E |", "|---|---|---|---|---|"]
        for r in data["measures"]:
            rows.append(f"| {r['R']} | {r['states']} | "
                        + " | ".join(fmt_cell(r[n], timeout) for n in ("C_mu", "h_mu", "E")) + " |")
        out += ("\n" if out else "") + "\n".join(rows) + "\n"
    return out


def plot_all(data: dict, folder: str) -> list[str]:
    """One PNG per family in ``folder`` (``storm-<family>.png``); the paths written."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    timeout = data["timeout"]
    os.makedirs(folder, exist_ok=True)
    paths = []
    for family in dict.fromkeys(r["family"] for r in data["rows"]):
        fig = Figure(figsize=(7.0, 4.5), dpi=110)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        rows = [r for r in data["rows"] if r["family"] == family]
        ks = sorted({r["k"] for r in rows})
        for ci, k in enumerate(ks):
            for tool, label, color, ls in (("symcm", "symcm (all states)", "C0", "-"),
                                           ("storm", "Storm (one state)", "C1", "--")):
                pts = [(r["states"], r[tool]["seconds"]) for r in rows if r["k"] == k and "seconds" in r[tool]]
                stop = [r["states"] for r in rows if r["k"] == k and r[tool].get("timeout")]
                marker = "os^D"[ci % 4]
                name = label + ("" if len(ks) == 1 else f", {k} parameters")
                if pts:
                    ax.plot(*zip(*pts), marker=marker, ls=ls, color=color, label=name, markersize=4.5)
                if stop:
                    if pts:  # a dotted segment from the last time to the cross: which series stopped where
                        ax.plot([pts[-1][0], stop[0]], [pts[-1][1], timeout], ls=":", color=color, lw=1)
                    ax.plot([stop[0]], [timeout], "x", color=color, markersize=9, mew=2,
                            label=None if pts else name + " (timed out)")
        ax.axhline(timeout, color="grey", lw=0.8, ls=":")
        ax.text(0.01, timeout, f"timeout {timeout:g} s (x: stopped)", transform=ax.get_yaxis_transform(),
                fontsize=7.5, color="grey", va="bottom")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ns = sorted({r["states"] for r in rows})
        ax.set_xticks(ns)
        ax.set_xticklabels([str(n) for n in ns], fontsize=7.5)
        ax.minorticks_off()
        ax.set_xlabel("states")
        ax.set_ylabel("seconds")
        ax.set_title(f"Exact parametric steady state: {_TITLES.get(family, family)}", fontsize=9.5)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=7.5, loc="best")
        fig.tight_layout()
        path = os.path.join(folder, f"storm-{family.replace('_', '-')}.png")
        fig.savefig(path)
        paths.append(path)
    return paths
