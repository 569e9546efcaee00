"""symcm's layers (docs/architecture.md) are kept: imports flow down, the core imports no heavy library at load.

The check reads the source with :mod:`ast` (nothing is imported), so it also
sees imports inside functions.  Each module belongs to the layer of its
folder; a module may import its own layer and the layers below it, never one
above.  The one sanctioned exception is the Jupyter display protocol: a
``_repr_latex_`` / ``_repr_svg_`` method of a model or a result may reach up
to the export layer that renders it, lazily.
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "symcm"

#: Layers from the bottom up: a module may import modules of its own rank or lower.
LAYERS = ("base", "algebra", "models", "causal", "information", "generation", "numeric", "export", "top")
#: Modules outside the subpackages.
LOOSE = {"errors": "base", "checks": "base", "_legacy": "base", "_display": "base", "cli": "top", "__main__": "top", "__init__": "top"}
#: Libraries the core must not import when ``import symcm`` runs (optional extras, or slow to load).
HEAVY = ("matplotlib", "dask", "distributed", "numpy", "scipy", "pandas", "stormpy")
#: Methods allowed to import upwards (lazily): Jupyter's display protocol.
DISPLAY_HOOKS = ("_repr_latex_", "_repr_svg_", "_repr_html_", "_repr_png_", "_repr_markdown_")


def layer_of(module: str) -> str:
    """The layer of a dotted module path inside symcm (``symcm.causal.states`` -> ``causal``)."""
    parts = module.split(".")
    assert parts[0] == "symcm", module
    if len(parts) == 1:
        return "top"
    if parts[1] in LAYERS:
        return parts[1]
    return LOOSE[parts[1]]


def module_name(path: pathlib.Path, root: pathlib.Path) -> str:
    """``symcm/causal/states.py`` -> ``symcm.causal.states`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a relative ``from ... import`` names."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(tree: ast.Module, module: str, is_package: bool):
    """``(target, line, enclosing function or None, at_load)`` for every import in one module.

    ``at_load`` is true for imports that run when the module is imported: the
    module body and class bodies, including ``try``/``if`` blocks, but not
    function bodies.
    """
    found = []

    def visit(node, function, at_load):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, getattr(child, "name", "<lambda>"), False)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, function, at_load) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                target = _absolute(child, module, is_package)
                if target == "symcm" or (child.level and not child.module):
                    # from . import a, b: each name is a module of that package (or a name in __init__)
                    found.extend((f"{target}.{alias.name}", child.lineno, function, at_load) for alias in child.names)
                else:
                    found.append((target, child.lineno, function, at_load))
            visit(child, function, at_load)

    visit(tree, None, True)
    return found


def violations(root: pathlib.Path = ROOT) -> list[str]:
    """Every import in ``root`` that breaks the layering, as ``path:line: message`` strings."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        own = layer_of(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line, function, at_load in _imports(tree, module, path.name == "__init__.py"):
            where = f"{path.relative_to(root.parent)}:{line}"
            top = target.split(".")[0]
            if top == "symcm":
                if target.split(".")[1:2] and target.split(".")[1] not in LAYERS and target.split(".")[1] not in LOOSE:
                    problems.append(f"{where}: imports {target}, which is not a module of the layered tree")
                    continue
                theirs = layer_of(target)
                if LAYERS.index(theirs) > LAYERS.index(own) and function not in DISPLAY_HOOKS:
                    problems.append(f"{where}: {module} ({own} layer) imports {target} ({theirs} layer, above it)")
            elif top in HEAVY and at_load and own != "top":
                problems.append(f"{where}: {module} imports {target} when symcm is imported (do it inside the "
                                f"function that needs it)")
    return problems


def test_symcm_keeps_its_layers():
    """No module of symcm imports a higher layer or loads a heavy library at import time."""
    problems = violations()
    assert not problems, "imports that break the layering (docs/architecture.md):\n" + "\n".join(problems)


def test_import_symcm_loads_no_heavy_library():
    """A fresh ``import symcm`` (every layer, every public name) leaves numpy, scipy, matplotlib and dask unloaded."""
    code = ("import sys, symcm; "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT.parent)
    assert result.stdout.strip() == "[]"


def test_every_module_has_a_layer():
    """Every module lives in a layer folder or is one of the few named loose modules."""
    for path in ROOT.rglob("*.py"):
        assert layer_of(module_name(path, ROOT)) in LAYERS, path


def _tree(tmp_path, files: dict[str, str]) -> pathlib.Path:
    root = tmp_path / "symcm"
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return root


def test_upward_import_is_caught(tmp_path):
    """A causal module importing the export layer, even inside a function, is reported with its line."""
    root = _tree(tmp_path, {
        "causal/states.py": "from ..algebra import ring\n\ndef f():\n    from ..export.printing import latex\n",
        "algebra/ring.py": "",
        "export/printing.py": "",
    })
    assert violations(root) == [
        "symcm/causal/states.py:4: symcm.causal.states (causal layer) imports symcm.export.printing "
        "(export layer, above it)"
    ]


@pytest.mark.parametrize("source", [
    "import numpy as np\n",
    "try:\n    import matplotlib.pyplot as plt\nexcept ImportError:\n    plt = None\n",
    "class A:\n    from scipy import optimize\n",
    "from dask import delayed\n",
])
def test_heavy_import_at_load_is_caught(tmp_path, source):
    """numpy, scipy, matplotlib or dask imported when the module loads is reported."""
    root = _tree(tmp_path, {"numeric/evaluation.py": source})
    [problem] = violations(root)
    assert "when symcm is imported" in problem


def test_lazy_heavy_import_and_display_hook_are_allowed(tmp_path):
    """numpy inside a function, and a _repr_latex_ reaching the export layer, are fine."""
    root = _tree(tmp_path, {
        "models/hmm.py": ("class HMM:\n    def _repr_latex_(self):\n        from ..export.printing import latex\n"
                          "        return latex(self)\n\ndef grid():\n    import numpy\n"),
        "export/printing.py": "from ..models.hmm import HMM\n",
    })
    assert violations(root) == []


def test_relative_imports_resolve_like_python(tmp_path):
    """``from .. import checks`` in a subpackage is the base layer; ``from . import x`` in __init__ is that package."""
    root = _tree(tmp_path, {
        "algebra/domain.py": "from .. import checks\nfrom . import cases\n",
        "algebra/cases.py": "",
        "models/__init__.py": "from . import hmm\nfrom .hmm import HMM\n",
        "models/hmm.py": "from ..causal import states\n",
        "causal/states.py": "",
    })
    assert violations(root) == [
        "symcm/models/hmm.py:1: symcm.models.hmm (models layer) imports symcm.causal (causal layer, above it)"
    ]
