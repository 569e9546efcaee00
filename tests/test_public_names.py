"""No public name was lost in the move to layered subpackages (docs/architecture.md).

Three sources of names: the API contract (``../shared/design/API.md``, whose
``sc.*`` names are kept in ``tests/data/api_md_names.txt`` so a clone without
the design folder checks them too), the documentation (every ``sc.name`` and
every ``::: module`` reference page) and the module paths of symcm 0.1 (their
public names, recorded in ``tests/data/symcm01_module_names.json`` before the
move), which keep working for one release with a DeprecationWarning.
"""

from __future__ import annotations

import importlib
import json
import pathlib
import re
import sys
import warnings

import pytest

import symcm as sc
from symcm import _legacy

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
API_MD = REPO.parent / "shared" / "design" / "API.md"
SC_NAME = re.compile(r"\bsc\.([A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)?)")

#: API.md names whose issue has not landed yet: each must still be missing (so this list shrinks as they land).
NOT_YET_BUILT: set[str] = set()  # empty: every name of API.md is built now


def _names_in(filename: str) -> list[str]:
    lines = (HERE / "data" / filename).read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _api_names() -> list[str]:
    return _names_in("api_md_names.txt")


def _added_names() -> list[str]:
    """Names the project added to the contract (tests/data/api_additions.txt): kept under the same rules."""
    return _names_in("api_additions.txt")


def _resolve(root, dotted: str):
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_api_md_snapshot_is_current():
    """tests/data/api_md_names.txt lists exactly the sc.* names of the API contract (when the design folder is here)."""
    if not API_MD.exists():
        pytest.skip("../shared/design/API.md is not beside this clone; the committed snapshot is checked instead")
    assert sorted(set(SC_NAME.findall(API_MD.read_text()))) == _api_names()


def test_added_names_are_new_and_documented():
    """Each name the project added is not already in the contract and is named as sc.<name> in the reference docs."""
    added = _added_names()
    assert added, "tests/data/api_additions.txt lists no names"
    assert not set(added) & set(_api_names())
    reference = (REPO / "docs" / "reference" / "index.md").read_text()
    assert all(f"sc.{name}" in reference for name in added), [n for n in added if f"sc.{n}" not in reference]


@pytest.mark.parametrize("name", _api_names() + _added_names())
def test_api_md_name_is_importable(name):
    """Every sc.* name of the API contract resolves from the top-level package (or is listed as not built yet)."""
    if name in NOT_YET_BUILT:
        assert not hasattr(sc, name), f"sc.{name} exists now: remove it from NOT_YET_BUILT"
    else:
        assert callable(_resolve(sc, name))


def _doc_files():
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def _documented_names():
    names = set()
    for path in _doc_files():
        names |= {name.split(".")[0] for name in SC_NAME.findall(path.read_text())}
    return sorted(names - NOT_YET_BUILT)


@pytest.mark.parametrize("name", _documented_names())
def test_name_used_in_the_docs_exists(name):
    """Every sc.name the README and the docs use is an attribute of symcm."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # an old module path named in the docs still resolves
        assert hasattr(sc, name)


def _reference_targets():
    targets = []
    for path in sorted((REPO / "docs" / "reference").rglob("*.md")):
        targets += re.findall(r"^::: ([\w.]+)", path.read_text(), flags=re.M)
    return targets


def test_reference_pages_exist():
    """The API reference documents at least one module per layer."""
    layers = {target.split(".")[1] for target in _reference_targets() if target.count(".") >= 1}
    assert {"algebra", "models", "causal", "information", "generation", "numeric", "export"} <= layers


@pytest.mark.parametrize("target", _reference_targets())
def test_reference_page_names_are_importable(target):
    """Each module a reference page documents imports, and every name in its __all__ resolves."""
    module = importlib.import_module(target)
    for name in getattr(module, "__all__", ()):
        assert hasattr(module, name), f"{target}.__all__ names {name}, which {target} lacks"


def test_every_public_module_has_a_reference_page():
    """Each module of the layered tree (not private, not __main__) is documented on a reference page."""
    documented = set(_reference_targets())
    modules = set()
    for path in (REPO / "symcm").rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            continue
        if any(part.startswith("_") for part in parts):
            continue
        modules.add(".".join(parts))
    assert sorted(modules - documented) == []


OLD_NAMES = json.loads((HERE / "data" / "symcm01_module_names.json").read_text())
#: Names that left an old module on purpose, and where they are now.  symcm.checks is internal (no reference
#: page); its model check needs the HMM class, which the base layer may not import.
RENAMED = {("checks", "model"): "symcm.models.hmm.as_model"}


@pytest.mark.parametrize("old", sorted(OLD_NAMES))
def test_symcm01_module_paths_keep_their_names(old):
    """``import symcm.<old>`` of symcm 0.1 still gives every public name it had (with a DeprecationWarning if moved)."""
    path = f"symcm.{old}"
    if path in _legacy.MOVED:
        sys.modules.pop(path, None)  # an earlier test may have imported it: import it afresh, to see the warning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(path)
    moved = path in _legacy.MOVED
    assert any(issubclass(w.category, DeprecationWarning) and path in str(w.message) for w in caught) == moved
    missing = [name for name in OLD_NAMES[old] if not hasattr(module, name) and (old, name) not in RENAMED]
    assert missing == [], f"{path} lost {missing}"


def test_old_path_gives_the_same_objects():
    """A name reached by an old path is the very object the new path gives (no copies, so isinstance still works)."""
    sys.modules.pop("symcm.hmm", None)
    with pytest.warns(DeprecationWarning, match="symcm.hmm moved to symcm.models"):
        from symcm.hmm import HMM
    assert HMM is sc.HMM
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert sc.stationary.stationary_distribution is sc.stationary_distribution


def test_unknown_old_attribute_is_an_attribute_error():
    """An old path refuses a name it never had, naming where the module lives now."""
    sys.modules.pop("symcm.tikz", None)
    with pytest.warns(DeprecationWarning):
        module = importlib.import_module("symcm.tikz")
    with pytest.raises(AttributeError, match="now symcm.export"):
        module.no_such_name  # noqa: B018


@pytest.mark.parametrize("old, new", sorted(RENAMED.items()))
def test_renamed_names_exist_at_their_new_home(old, new):
    """A name that left its old module on purpose is importable from where RENAMED says."""
    module, _, name = new.rpartition(".")
    assert callable(getattr(importlib.import_module(module), name)), old


@pytest.mark.parametrize("name", ["report", "crossover", "plots", "processes"])
def test_old_path_does_not_shadow_the_public_name(name):
    """``import symcm.report`` (an old path) leaves sc.report the function, sc.plots the module it was."""
    before = getattr(sc, name)
    sys.modules.pop(f"symcm.{name}", None)
    with pytest.warns(DeprecationWarning):
        importlib.import_module(f"symcm.{name}")
    assert getattr(sc, name) is before
