"""pytest configuration: inject ``sc`` (symcm) and ``sp`` (sympy) into doctests."""

import pytest
import sympy


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import symcm

    doctest_namespace["sc"] = symcm
    doctest_namespace["sp"] = sympy


# `python -m symcm` runs the command line on import; doctest collection must not import it.
collect_ignore = ["symcm/__main__.py"]
