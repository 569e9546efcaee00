"""pytest configuration: inject ``sc`` (symcm) and ``sp`` (sympy) into doctests; Hypothesis profiles.

Hypothesis profiles (select one with ``pytest --hypothesis-profile=NAME``):

``default``
    Hypothesis's own defaults; each property in ``tests/test_properties.py``
    runs its own example count (40 for numeric models, 12 for symbolic ones).
    This is what CI runs.
``thorough``
    Every property in ``tests/test_properties.py`` runs 10,000 examples
    (``THOROUGH_EXAMPLES``), with no deadline; hours of CPU time (see
    docs/property-testing.md for the last recorded run).
"""

import pytest
import sympy
from hypothesis import HealthCheck, settings

#: Examples per property under ``--hypothesis-profile=thorough``.
THOROUGH_EXAMPLES = 10_000

settings.register_profile(
    "thorough",
    max_examples=THOROUGH_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,  # a failure prints the @reproduce_failure blob that replays it
)


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import symcm

    doctest_namespace["sc"] = symcm
    doctest_namespace["sp"] = sympy


# `python -m symcm` runs the command line on import; doctest collection must not import it.
collect_ignore = ["symcm/__main__.py"]

#: Modules whose examples call python-flint directly (mod-p matrices): their doctests need it.
#: Everything else in symcm runs without it (CI's second run has no python-flint).
NEEDS_FLINT = ("symcm/algebra/sparse_interpolation.py",)


def pytest_collection_modifyitems(config, items):
    try:
        import flint  # noqa: F401
    except ImportError:
        skip = pytest.mark.skip(reason="this example calls python-flint, which is not installed")
        for item in items:
            if item.nodeid.split("::")[0].endswith(NEEDS_FLINT) and type(item).__name__ == "DoctestItem":
                item.add_marker(skip)
