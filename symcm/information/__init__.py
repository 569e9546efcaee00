"""The information layer: joint distributions of words and the information they carry.

Joint distributions of named random variables with exact probabilities
(:mod:`~symcm.information.joint`), their entropies and mutual informations,
coarse-graining and the word distribution of a process
(:mod:`~symcm.information.shannon`), and exact decisions of identities
between entropy expressions (:mod:`~symcm.information.identities`).

Imports :mod:`symcm.causal` and below (see ``docs/architecture.md``).  The
names of the former module ``symcm.information`` are re-exported here, so
``sc.information.mutual_information`` keeps working.
"""

from .identities import entropy_equal, log_form
from .joint import JointDistribution, UnknownVariableError
from .shannon import (
    MAX_WORDS,
    coarse_grain,
    conditional_entropy,
    conditional_mutual_information,
    entropy,
    mutual_information,
    word_distribution,
)

__all__ = ["MAX_WORDS", "JointDistribution", "UnknownVariableError", "coarse_grain",
           "conditional_entropy", "conditional_mutual_information", "entropy", "entropy_equal",
           "log_form", "mutual_information", "word_distribution"]
