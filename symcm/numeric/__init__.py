"""The numeric layer: exact results evaluated at many points, and sampled processes.

Compiled evaluation of exact expressions on numpy grids or in mpmath
(:mod:`~symcm.numeric.evaluation`, ``sc.lambdify``), parameter sweeps
(:mod:`~symcm.numeric.sweeps`: the grid and ``sc.sweep``; run across process
pools or Dask by :mod:`~symcm.numeric.executors`; their results in
:mod:`~symcm.numeric.sweep_results`) and sampling words from a model
(:mod:`~symcm.numeric.sampling`).

Imports :mod:`symcm.generation` and below (see ``docs/architecture.md``).  The
names of the former module ``symcm.numeric`` are re-exported here.
"""

from .evaluation import BACKENDS, DEFAULT_DPS, MAX_DPS, Lambdified, lambdify

__all__ = ["BACKENDS", "DEFAULT_DPS", "MAX_DPS", "Lambdified", "lambdify"]
