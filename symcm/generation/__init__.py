"""The generation layer: models that generate a process with less state entropy than C_mu.

Generator families, the conditions under which a family generates a given
process, state-entropy minimisation and generator search
(:mod:`~symcm.generation.generators`), certified crossover analysis
(:mod:`~symcm.generation.crossover`), its result types
(:mod:`~symcm.generation.regions`), certified root isolation and refinement
(:mod:`~symcm.generation.roots`) and certified signs of exact numbers
(:mod:`~symcm.generation.signs`), and certified paving of two-parameter
regions (:mod:`~symcm.generation.paving`).

Imports :mod:`symcm.information` and below (see ``docs/architecture.md``).
"""
