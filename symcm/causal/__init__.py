"""The causal layer: what a model's process is and how much a predictor must remember.

Stationary distributions and recurrent classes (:mod:`~symcm.causal.stationary`),
answers where the chain splits (:mod:`~symcm.causal.ergodic`), mixed states,
epsilon-machines and their case splits (:mod:`~symcm.causal.states`), entropy
rate and word probabilities (:mod:`~symcm.causal.measures`), C_mu, E, chi and
the orders (:mod:`~symcm.causal.complexity`), process equivalence
(:mod:`~symcm.causal.equivalence`), entropy-rate bounds
(:mod:`~symcm.causal.bounds`), the cryptic order and enclosures of E without
the reverse machine (:mod:`~symcm.causal.cryptic`) and C_mu of the countable
SNS (:mod:`~symcm.causal.countable`).

Imports :mod:`symcm.models` and below (see ``docs/architecture.md``).  The
names of the former module ``symcm.causal`` are re-exported here, so
``from symcm.causal import epsilon_machine`` keeps working.
"""

from .states import (
    MAX_MIXED_STATES,
    causal_cases,
    epsilon_machine,
    minimize,
    mixed_state_presentation,
    recurrent_part,
    strata,
)

__all__ = ["MAX_MIXED_STATES", "causal_cases", "epsilon_machine", "minimize",
           "mixed_state_presentation", "recurrent_part", "strata"]
