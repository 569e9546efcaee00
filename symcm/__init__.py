"""symcm: exact, symbolic computational mechanics.

Define a hidden Markov model whose probabilities are sympy expressions in
symbolic parameters, and derive exactly its stationary distribution, state
entropy, entropy rate, word probabilities and block entropies, its
epsilon-machine and the measures defined on it, case by case over the
parameter domain.  The code lives in layered subpackages (``algebra``,
``models``, ``causal``, ``information``, ``generation``, ``numeric``,
``export``; see ``docs/architecture.md``); the public names are all here.

>>> import symcm as sc
>>> p, q = sc.symbols("p q")
>>> m = sc.processes.binary_markov(p, q)
>>> sc.stationary_distribution(m)
{'A': q/(p + q), 'B': p/(p + q)}
"""

from . import _legacy, errors
from .errors import SymcmError

# algebra: exact values, parameters, the entropy function, answers per region
from .algebra.cases import Cases
from .algebra.domain import Domain, symbols
from .algebra.entropy import H, entropy_of, h2
from .algebra.parse import parse_expression

# models: the HMM, its structure, machine files, the catalog
from .models import processes
from .models.graphs import from_networkx
from .models.hmm import HMM, Edge
from .models.spec import load, loads
from .models.spec_write import dump, dumps
from .models.structure import is_unifilar, recurrent_classes, transient_states

# causal: the process and its causal states
from .causal.bounds import Bounds, entropy_rate_bounds
from .causal.cryptic import excess_entropy_bounds
from .causal.bidirectional import (
    InformationAnatomy,
    bidirectional_machine,
    causal_irreversibility,
    gauge_information,
    information_anatomy,
    oracular_information,
)
from .causal.complexity import (
    cryptic_order,
    crypticity,
    excess_entropy,
    markov_order,
    reverse,
    statistical_complexity,
)
from .causal.equivalence import same_process
from .causal.ergodic import ErgodicDecomposition, ergodic_strata
from .causal.measures import block_entropy, entropy_rate, state_entropy, word_probabilities, word_probability
from .causal.states import causal_cases, epsilon_machine, minimize, mixed_state_presentation, strata
from .causal.stationary import stationary_distribution, stationary_distributions
from .causal.transients import (
    predictability_gain,
    synchronization_information,
    synchronization_order,
    transient_information,
)
from .causal.synchronization import reset_threshold, synchronization_type, synchronizing_word
from .causal.topology import topological_complexity, topological_entropy

# information: joint distributions of words
from . import information
from .information.joint import JointDistribution
from .information.shannon import (
    coarse_grain,
    conditional_entropy,
    conditional_mutual_information,
    mutual_information,
    word_distribution,
)
from .information.shannon import entropy as joint_entropy
from .information.quantum import quantum_complexity

# generation: generators against prediction, certified crossovers
from .generation.binary_markov import minimal_binary_markov_generator
from .generation.comparison import restrict_to_generator
from .generation.conditions import generator_conditions
from .generation.crossover import crossover
from .generation.families import GeneratorFamily, general_family, split_state
from .generation.minimisation import EntropyMinimum, minimize_state_entropy
from .generation.paving import Paving, pave
from .generation.regions import Boundary, Region, Span
from .generation.search import GeneratorSearchResult, search_generator

# numeric: evaluation at many points, sweeps, sampling
from .numeric.evaluation import Lambdified, lambdify
from .numeric.sampling import sample
from .numeric.sweep_results import FailedPoint, SweepError, SweepResult
from .numeric.sweeps import MeasureAt, sweep

# export: LaTeX, TikZ, figures, reports
from .export import plots
from .export.diagrams import diagram
from .export.dot import to_dot
from .export.plots import plot_map, plot_measures
from .export.printing import latex, latex_matrices, latex_stationary
from .export.report import Report, report
from .export.tikz import TIKZ_PREAMBLE, to_tikz

__version__ = "0.1.0"

_legacy.install()


def __getattr__(name: str):
    """``sc.stationary``-style access to the modules of symcm 0.1 (see :mod:`symcm._legacy`)."""
    if f"symcm.{name}" in _legacy.MOVED:
        return _legacy.module(name)
    raise AttributeError(f"module 'symcm' has no attribute {name!r}")


def clear_caches() -> None:
    """Empty symcm's internal caches (canonical forms, signs, word-probability tables, causal strata).

    Results never depend on the caches; clear them to measure cold timings
    or to release memory after large derivations.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.clear_caches()
    """
    from .causal import measures, states as causal
    from .algebra import backends, rational
    from .models import structure

    from .causal import transients

    for cached in (rational._canonical, rational._sign, measures._ring_matrices, causal._strata_cached,
                   causal._cases_cached, backends._backend, structure._recurrent_classes,
                   transients._transients):
        cached.cache_clear()

__all__ = [
    "ErgodicDecomposition",
    "ergodic_strata",
    "FailedPoint",
    "MeasureAt",
    "SweepError",
    "SweepResult",
    "sweep",
    "Lambdified",
    "lambdify",
    "TIKZ_PREAMBLE",
    "latex",
    "latex_matrices",
    "latex_stationary",
    "to_tikz",
    "to_dot",
    "from_networkx",
    "topological_entropy",
    "topological_complexity",
    "Report",
    "diagram",
    "plot_map",
    "plot_measures",
    "plots",
    "report",
    "restrict_to_generator",
    "EntropyMinimum",
    "GeneratorFamily",
    "GeneratorSearchResult",
    "general_family",
    "generator_conditions",
    "minimize_state_entropy",
    "minimal_binary_markov_generator",
    "search_generator",
    "split_state",
    "Boundary",
    "Paving",
    "Region",
    "Span",
    "crossover",
    "pave",
    "JointDistribution",
    "coarse_grain",
    "conditional_entropy",
    "conditional_mutual_information",
    "information",
    "quantum_complexity",
    "joint_entropy",
    "mutual_information",
    "word_distribution",
    "Bounds",
    "Cases",
    "causal_cases",
    "clear_caches",
    "cryptic_order",
    "crypticity",
    "InformationAnatomy",
    "bidirectional_machine",
    "causal_irreversibility",
    "gauge_information",
    "information_anatomy",
    "oracular_information",
    "entropy_rate_bounds",
    "excess_entropy_bounds",
    "epsilon_machine",
    "excess_entropy",
    "markov_order",
    "predictability_gain",
    "synchronization_information",
    "synchronization_order",
    "transient_information",
    "minimize",
    "mixed_state_presentation",
    "reverse",
    "same_process",
    "statistical_complexity",
    "strata",
    "reset_threshold",
    "synchronization_type",
    "synchronizing_word",
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
