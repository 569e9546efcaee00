"""What every benchmark reports about the machine it ran on."""

from __future__ import annotations

import os
import time


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo`` ("unknown" elsewhere)."""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:  # pragma: no cover - not Linux
        pass
    return "unknown"


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def best_of(fn, repeat: int, cold) -> tuple[float, object]:
    """``(best seconds, last result)`` of ``fn()`` over ``repeat`` runs, ``cold()`` called before each."""
    best, result = float("inf"), None
    for _ in range(repeat):
        cold()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result
