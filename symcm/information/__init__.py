"""The information layer: joint distributions of words and the information they carry.

Imports :mod:`symcm.causal` and below (see ``docs/architecture.md``).  The
names of the former module ``symcm.information`` are re-exported here, so
``sc.information.mutual_information`` keeps working.
"""

from .joint import (
    MAX_WORDS,
    JointDistribution,
    UnknownVariableError,
    coarse_grain,
    conditional_entropy,
    conditional_mutual_information,
    entropy,
    entropy_equal,
    log_form,
    mutual_information,
    word_distribution,
)

__all__ = ["MAX_WORDS", "JointDistribution", "UnknownVariableError", "coarse_grain",
           "conditional_entropy", "conditional_mutual_information", "entropy", "entropy_equal",
           "log_form", "mutual_information", "word_distribution"]
