"""Argument checks of symcm.Cases."""

import pytest

import symcm as sc
from symcm.errors import ParameterTypeError


@pytest.mark.parametrize("pairs", [5, None, "ab"])
def test_cases_refuses_a_non_iterable_of_pairs(pairs):
    """Cases(5) (or None, or text) is a ParameterTypeError naming Cases, not a raw TypeError."""
    with pytest.raises(ParameterTypeError, match="Cases: pairs must be an iterable"):
        sc.Cases(pairs)
