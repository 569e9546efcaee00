"""The generation layer: models that generate a process with less state entropy than C_mu.

Generator families, the general ``k``-state family and state splitting
(:mod:`~symcm.generation.families`); the conditions under which a family
generates a given process, solved by triangular decomposition
(:mod:`~symcm.generation.conditions`, on the integer polynomials of
:mod:`~symcm.algebra.ring`); state-entropy minimisation over a family
(:mod:`~symcm.generation.minimisation`, with its exact and certified
methods in :mod:`~symcm.generation.feasible`); seeded generator search
(:mod:`~symcm.generation.search`) with exact snapping of its numeric optima
(:mod:`~symcm.generation.snapping`); certified crossover analysis
(:mod:`~symcm.generation.crossover`), its result types
(:mod:`~symcm.generation.regions`), certified root isolation and refinement
(:mod:`~symcm.generation.roots`) and certified signs of exact numbers
(:mod:`~symcm.algebra.signs`); certified paving of two-parameter
regions (:mod:`~symcm.generation.paving`).

Imports :mod:`symcm.information` and below (see ``docs/architecture.md``).
"""
