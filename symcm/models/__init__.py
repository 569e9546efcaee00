"""The models layer: hidden Markov models and where they come from.

The edge-labelled :class:`~symcm.models.hmm.HMM`, its structural predicates,
machine files (:mod:`~symcm.models.spec`), the catalog of named processes
(:mod:`~symcm.models.processes`) and Hypothesis strategies that draw models
(:mod:`~symcm.models.strategies`).

Imports :mod:`symcm.algebra` and below (see ``docs/architecture.md``).
"""
