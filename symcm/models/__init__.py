"""The models layer: hidden Markov models and where they come from.

The edge-labelled :class:`~symcm.models.hmm.HMM` and the validation that
builds it (:mod:`~symcm.models.construction`), its structural predicates
(:mod:`~symcm.models.structure`), machine files (reading
:mod:`~symcm.models.spec`, writing :mod:`~symcm.models.spec_write`, formats
:mod:`~symcm.models.spec_formats`), the catalog of named processes
(:mod:`~symcm.models.processes`) and Hypothesis strategies that draw models
and their inputs (:mod:`~symcm.models.strategies`,
:mod:`~symcm.models.strategies_inputs`).

Imports :mod:`symcm.algebra` and below (see ``docs/architecture.md``).
"""
