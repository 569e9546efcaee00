"""The exact-algebra layer: everything symcm computes with before it knows about models.

Polynomials over ``ZZ[params]`` (:mod:`~symcm.algebra.ring`) with the
python-flint and pure-sympy backends (:mod:`~symcm.algebra.backends`, kernels
on terms in :mod:`~symcm.algebra.sparse`) and fraction-free elimination
(:mod:`~symcm.algebra.elimination`), the parameter
domain (:mod:`~symcm.algebra.domain`), sign certificates on boxes
(:mod:`~symcm.algebra.positivity`), exact numbers from user values
(:mod:`~symcm.algebra.numbers`), canonical rational functions and certified
edge signs (:mod:`~symcm.algebra.rational`), the restricted expression
grammar that reads text without evaluating it (:mod:`~symcm.algebra.parse`),
varieties (:mod:`~symcm.algebra.varieties`), interval evaluation
(:mod:`~symcm.algebra.intervals`, on the outward-rounded arithmetic of
:mod:`~symcm.algebra.interval_arithmetic` and the expression compiler
:mod:`~symcm.algebra.interval_compiler`), the entropy function
``H`` (:mod:`~symcm.algebra.entropy`) and answers that differ between parameter
regions (:mod:`~symcm.algebra.cases`).

This layer imports only :mod:`symcm.errors` and :mod:`symcm.checks` from the
rest of symcm (see ``docs/architecture.md``).
"""
