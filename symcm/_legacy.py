"""The module paths of symcm 0.1, kept working for one release.

symcm 0.1 kept its 31 modules side by side (``symcm.hmm``, ``symcm.entropy``,
...); 0.2 groups them in layered subpackages (``docs/architecture.md``).  A
program that imports an old path, ``import symcm.entropy`` or
``from symcm.generators import split_state``, still gets the same objects,
with a :class:`DeprecationWarning` naming the new home.  The old paths go in
symcm 0.3.

Instead of 25 re-export files beside the subpackages (which would hide the
layers the folders are meant to show), one table here maps each old path to
the modules that now define its names, and a finder on ``sys.meta_path``
serves the old paths from it.  ``symcm.causal``, ``symcm.information`` and
``symcm.numeric`` are subpackages now, and re-export their old names
themselves.

>>> import sys, warnings
>>> _ = sys.modules.pop("symcm.entropy", None)  # as in a fresh interpreter
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from symcm.entropy import h2
>>> import symcm as sc
>>> h2 is sc.h2, caught[0].category.__name__
(True, 'DeprecationWarning')
>>> print(caught[0].message)
symcm.entropy moved to symcm.algebra.entropy; the old path goes in symcm 0.3
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings

#: Old module path -> the modules that now hold its names, the first one named in the warning.
MOVED: dict[str, tuple[str, ...]] = {
    "symcm.bounds": ("symcm.causal.bounds",),
    "symcm.cases": ("symcm.algebra.cases",),
    "symcm.complexity": ("symcm.causal.complexity",),
    "symcm.crossover": ("symcm.generation.crossover", "symcm.generation.regions", "symcm.generation.roots",
                        "symcm.algebra.signs"),
    "symcm.domain": ("symcm.algebra.domain",),
    "symcm.entropy": ("symcm.algebra.entropy",),
    "symcm.equivalence": ("symcm.causal.equivalence",),
    "symcm.ergodic": ("symcm.causal.ergodic",),
    "symcm.generators": (
        "symcm.generation.families",
        "symcm.generation.conditions",
        "symcm.generation.minimisation",
        "symcm.generation.search",
    ),
    "symcm.hmm": ("symcm.models.hmm", "symcm.models.construction", "symcm.algebra.numbers",
                  "symcm.algebra.rational", "symcm.algebra.positivity"),
    "symcm.intervals": ("symcm.algebra.intervals", "symcm.algebra.interval_arithmetic",
                        "symcm.algebra.interval_compiler"),
    "symcm.linalg": ("symcm.algebra.backends", "symcm.algebra.ring", "symcm.algebra.elimination"),
    "symcm.measures": ("symcm.causal.measures", "symcm.models.structure"),
    "symcm.paving": ("symcm.generation.paving",),
    "symcm.plots": ("symcm.export.plots", "symcm.export.diagrams", "symcm.export.figures"),
    "symcm.positivity": ("symcm.algebra.positivity",),
    "symcm.printing": ("symcm.export.printing",),
    "symcm.processes": ("symcm.models.processes",),
    "symcm.report": ("symcm.export.report", "symcm.generation.comparison"),
    "symcm.sampling": ("symcm.numeric.sampling",),
    "symcm.spec": ("symcm.models.spec", "symcm.models.spec_write", "symcm.models.spec_formats", "symcm.algebra.parse",
                   "symcm.errors"),
    "symcm.stationary": ("symcm.causal.stationary", "symcm.models.structure"),
    "symcm.strategies": ("symcm.models.strategies", "symcm.models.strategies_inputs"),
    "symcm.sweeps": ("symcm.numeric.sweeps", "symcm.numeric.sweep_results"),
    "symcm.tikz": ("symcm.export.tikz",),
    "symcm.varieties": ("symcm.algebra.varieties",),
}


class LegacyModule(types.ModuleType):
    """An old module path: every attribute is looked up in the modules that hold it now."""

    def __init__(self, name: str, homes: tuple[str, ...]):
        super().__init__(name, f"Moved: see {homes[0]} (this path goes in symcm 0.3).")
        self.__homes = tuple(importlib.import_module(home) for home in homes)

    def __getattr__(self, attr: str):
        for home in self.__homes:
            try:
                return getattr(home, attr)
            except AttributeError:
                continue
        raise AttributeError(f"module {self.__name__!r} (now {self.__homes[0].__name__}) has no attribute {attr!r}")

    def __dir__(self):
        return sorted({name for home in self.__homes for name in dir(home)})


class _Loader(importlib.abc.Loader):
    def create_module(self, spec):
        warnings.warn(f"{spec.name} moved to {MOVED[spec.name][0]}; the old path goes in symcm 0.3",
                      DeprecationWarning, stacklevel=_importer_level())
        return LegacyModule(spec.name, MOVED[spec.name])

    def exec_module(self, module):
        pass


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in MOVED:
            return importlib.machinery.ModuleSpec(fullname, _Loader())
        return None


def _importer_level() -> int:
    """The stack level of the first frame outside importlib and this module (the importing line)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and (frame.f_code.co_filename == __file__
                                 or frame.f_code.co_filename.startswith("<frozen importlib")):
        frame, level = frame.f_back, level + 1
    return level


class _Package(types.ModuleType):
    """The ``symcm`` package object: an old module path never replaces a name it already has.

    Python binds a freshly imported submodule as an attribute of its parent, so
    ``import symcm.report`` would rebind ``sc.report`` (the function) to the old
    module path; in symcm 0.1 the module was imported before the function was
    bound over it.  Old paths only fill names the package does not have
    (``sc.stationary``).
    """

    def __setattr__(self, name, value):
        if isinstance(value, LegacyModule) and name in self.__dict__:
            return
        super().__setattr__(name, value)


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once) and guard the package's names."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())
    sys.modules["symcm"].__class__ = _Package


def module(name: str) -> types.ModuleType:
    """The old module ``symcm.<name>`` (for ``sc.<name>`` attribute access), with its warning."""
    return importlib.import_module(f"symcm.{name}")
