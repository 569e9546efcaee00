"""symcm: exact, symbolic computational mechanics.

Define a hidden Markov model whose probabilities are sympy expressions in
symbolic parameters, and derive exactly its stationary distribution, state
entropy, entropy rate, word probabilities and block entropies (and, in later
modules, its epsilon-machine and the measures defined on it).

>>> import symcm as sc
>>> p, q = sc.symbols("p q")
>>> m = sc.processes.binary_markov(p, q)
>>> sc.stationary_distribution(m)
{'A': q/(p + q), 'B': p/(p + q)}
"""

from . import errors, processes
from .domain import Domain, symbols
from .entropy import H, entropy_of, h2
from .errors import SymcmError
from .hmm import HMM, Edge
from .measures import (
    block_entropy,
    entropy_rate,
    is_unifilar,
    state_entropy,
    word_probabilities,
    word_probability,
)
from .sampling import sample
from .spec import dump, dumps, load, loads, parse_expression
from .stationary import (
    recurrent_classes,
    stationary_distribution,
    stationary_distributions,
    transient_states,
)

__version__ = "0.1.0"

__all__ = [
    "Domain",
    "Edge",
    "H",
    "HMM",
    "SymcmError",
    "block_entropy",
    "dump",
    "dumps",
    "entropy_of",
    "entropy_rate",
    "errors",
    "h2",
    "is_unifilar",
    "load",
    "loads",
    "parse_expression",
    "processes",
    "recurrent_classes",
    "sample",
    "state_entropy",
    "stationary_distribution",
    "stationary_distributions",
    "symbols",
    "transient_states",
    "word_probabilities",
    "word_probability",
]
