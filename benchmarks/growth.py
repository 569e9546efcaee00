"""The growth figure of :mod:`benchmarks.peers`: time of an exact stationary distribution against ``n``.

Log-log axes, one curve per method (symcm end to end, naive sympy, sofic,
Maxima inside and as a subprocess), each labelled with its growth factor per
added state fitted on ``n >= 8``; a cross marks where a peer was stopped at
the cap.  Drawn with ``matplotlib.figure.Figure`` on the Agg canvas (no
pyplot, no display needed).

Run from the repository root, on the figures saved by ``peers --json``::

    python -m benchmarks.peers --only stationary --json /tmp/peers.json
    python -m benchmarks.growth /tmp/peers.json docs/img/stationary-growth.png
"""

from __future__ import annotations

import argparse
import json
import os
import sys

__all__ = ["plot_growth", "main"]

_STYLES = {
    "symcm": ("symcm (end to end)", "C0", "o-"),
    "naive": ("naive sympy", "C1", "s-"),
    "sofic": ("sofic", "C3", "^-"),
    "Maxima": ("Maxima (inside)", "C2", "D-"),
    "Maxima_wall": ("Maxima (subprocess wall)", "C2", "d--"),
}


def plot_growth(rows: list[dict], path: str, cap: float) -> None:
    """Write the log-log plot of seconds against ``n`` for the rows of :func:`benchmarks.peers.stationary_rows`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .peers import growth_factors

    fig = Figure(figsize=(7.5, 4.8), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    capped_labels = []
    for shift, (key, (label, color, style)) in enumerate(_STYLES.items()):
        pts = [(r["n"], r[key]) for r in rows if isinstance(r.get(key), float)]
        if not pts:
            continue
        fit = growth_factors(rows, key)
        if fit is not None:
            label += f": x{fit[0]:.2f} per state (n = {fit[2][0]}..{fit[2][1]})"
        ax.plot([n for n, _ in pts], [t for _, t in pts], style, color=color, label=label, markersize=4)
        capped = [r["n"] for r in rows if key in ("naive", "sofic", "Maxima") and key in r and r[key] is None]
        if capped:
            # side by side when several peers hit the cap at the same n
            ax.plot([capped[0] * (1 + 0.025 * (shift - 1.5))], [cap], "x", color=color, markersize=8, mew=2)
            capped_labels.append((capped[0], _STYLES[key][0]))
    for n in sorted({n for n, _ in capped_labels}):
        names = ", ".join(name for m, name in capped_labels if m == n)
        ax.annotate(f"{names}: stopped at the {cap:g} s cap", (n, cap), textcoords="offset points",
                    xytext=(10, -3), fontsize=7.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ns = [r["n"] for r in rows]
    ax.set_xticks(ns)
    ax.set_xticklabels([str(n) for n in ns])
    ax.minorticks_off()
    ax.set_xlabel("number of states n (random sparse chain with n parameters)")
    ax.set_ylabel("seconds")
    ax.set_title("Exact symbolic stationary distribution, from the edge list to the answer", fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7.5, loc="upper left")
    fig.tight_layout()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.growth", description=__doc__.split("\n")[0])
    parser.add_argument("figures", help="JSON file written by python -m benchmarks.peers --json")
    parser.add_argument("png", help="where to write the figure")
    args = parser.parse_args(argv)
    with open(args.figures) as f:
        data = json.load(f)
    plot_growth(data["rows"], args.png, data["cap"])
    print(f"wrote {args.png}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
