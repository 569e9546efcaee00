"""Every public function checks its arguments before it computes: a non-model, a malformed cap or digits,
an unknown keyword each get a clear SymcmError (issue 10, items 3-5).

The functions are enumerated from ``symcm.__all__`` (and the ``__all__`` of the public submodules) by
introspecting their signatures, so a function added later is covered without editing this file; a
required argument this file cannot fill makes the enumeration test fail, asking for a sample value.
"""

import inspect
import math

import networkx as nx
import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, ParameterTypeError, SymcmError

p, q = sc.symbols("p q")
R = sp.Rational

#: Parameter names (besides an ``HMM`` annotation) that take a model.
MODEL_NAMES = {"m", "m1", "m2", "model", "process", "generator", "machine"}

#: Values that are not models.
NON_MODELS = [[1, 2], "golden_mean", None, nx.MultiDiGraph([("A", "B")]), sc.processes.binary_markov]

#: A malformed cap: a string, None, a float, zero, a negative.
BAD_CAPS = ["10", None, 1.5, 0, -1]

#: Caps that bound time and are off by default (None): floats allowed; tested by test_time_caps_are_checked.
TIME_CAPS = {"max_seconds"}


def _public_functions():
    """``(qualified name, function)`` for every public function of symcm and its public submodules."""
    seen, out = set(), []
    spaces = [("sc", sc), ("sc.processes", sc.processes), ("sc.information", sc.information),
              ("sc.plots", sc.plots)]
    for prefix, module in spaces:
        for name in module.__all__:
            f = getattr(module, name)
            if inspect.isfunction(f) and f not in seen:
                seen.add(f)
                out.append((f"{prefix}.{name}", f))
    return out


PUBLIC = _public_functions()


def _takes_model(param: inspect.Parameter) -> bool:
    return "HMM" in str(param.annotation) or param.name in MODEL_NAMES


def _good_model():
    return sc.processes.golden_mean(R(1, 3))


def _sample_values(tmp_path):
    """A valid value for each required (non-model) argument name met in the public API."""
    family, free = sc.general_family(2)
    return {
        "length": 2, "L": 2, "word": "0", "n": 5, "states": 2, "state": "A", "family": family,
        "path": tmp_path / "out.toml", "format": "toml",
        "lower": sc.H(p), "upper": sp.S.Half, "over": {p: (0, sp.S.Half)},
        "expr": sc.H(p), "fn": abs, "grid": {"x": [1, 2]},
    }


#: Sample values that differ by function.
OVERRIDES = {"pave": {"lower": sc.H(p), "upper": sc.H(q), "over": {p: (0, 1), q: (0, 1)}},
             "plot_map": {"expr": sc.H(p) + sc.H(q), "over": {p: (0, 1), q: (0, 1)}}}


def _call(f, tmp_path, **given):
    """Call ``f`` with ``given`` and sample values for its other required arguments (a model where one is needed)."""
    values = {**_sample_values(tmp_path), **OVERRIDES.get(f.__name__, {})}
    kwargs, args = {}, []
    for param in inspect.signature(f).parameters.values():
        if param.name in given:
            value = given[param.name]
        elif param.default is not inspect.Parameter.empty or param.kind in (param.VAR_POSITIONAL,
                                                                            param.VAR_KEYWORD):
            continue
        elif _takes_model(param):
            value = _good_model()
        elif param.name in values:
            value = values[param.name]
        else:
            raise AssertionError(f"test_arguments has no sample value for {f.__name__}({param.name}=...): add one")
        if param.kind is param.POSITIONAL_ONLY or (param.kind is param.POSITIONAL_OR_KEYWORD
                                                   and param.default is inspect.Parameter.empty):
            args.append(value)
        else:
            kwargs[param.name] = value
    return f(*args, **kwargs)


MODEL_CASES = [
    (qual, f, param.name)
    for qual, f in PUBLIC
    for param in inspect.signature(f).parameters.values()
    if _takes_model(param)
]


def test_model_enumeration_finds_the_measures():
    """The introspection finds the model-taking functions (a guard against it silently finding none)."""
    names = {qual for qual, _, _ in MODEL_CASES}
    for expected in ("sc.entropy_rate", "sc.statistical_complexity", "sc.block_entropy", "sc.sample",
                     "sc.same_process", "sc.search_generator", "sc.report", "sc.dumps", "sc.diagram",
                     "sc.stationary_distribution", "sc.epsilon_machine", "sc.word_distribution"):
        assert expected in names, expected
    assert len(MODEL_CASES) >= 35


@pytest.mark.parametrize("bad", NON_MODELS, ids=["list", "str", "None", "networkx", "function"])
@pytest.mark.parametrize("qual, f, name", MODEL_CASES, ids=[f"{c[0]}({c[2]})" for c in MODEL_CASES])
def test_non_model_is_a_parameter_type_error_naming_the_function(qual, f, name, bad, tmp_path):
    """Passing a non-HMM where a model is expected raises ParameterTypeError naming the function (not AttributeError)."""
    param = inspect.signature(f).parameters[name]
    if bad is None and param.default is None:
        pytest.skip("None is this optional model's documented default")
    with pytest.raises(ParameterTypeError) as info:
        _call(f, tmp_path, **{name: bad})
    assert f.__name__ in str(info.value), str(info.value)


CAP_CASES = [
    (qual, f, param.name, param.default)
    for qual, f in PUBLIC
    for param in inspect.signature(f).parameters.values()
    if param.name.startswith("max_") and param.name not in TIME_CAPS
]


def test_cap_enumeration_finds_every_kind_of_cap():
    """The introspection finds the caps named in docs/limits.md (a guard against it silently finding none)."""
    names = {name for _, _, name, _ in CAP_CASES}
    assert {"max_states", "max_terms", "max_words", "max_beliefs", "max_length", "max_digits", "max_depth",
            "max_boxes", "max_nodes", "max_vertices", "max_points", "max_denominator"} <= names, names


@pytest.mark.parametrize("bad", BAD_CAPS, ids=["str", "None", "float", "zero", "negative"])
@pytest.mark.parametrize("qual, f, name, default", CAP_CASES, ids=[f"{c[0]}({c[2]})" for c in CAP_CASES])
def test_malformed_cap_is_refused_naming_it(qual, f, name, default, bad, tmp_path):
    """A cap given as a string, None, a float, 0 or a negative is refused up front with an error naming the cap."""
    if bad is None and default is None:
        pytest.skip("None is this cap's documented default (derived from another argument)")
    with pytest.raises((ParameterTypeError, DomainError)) as info:
        _call(f, tmp_path, **{name: bad})
    assert name in str(info.value), str(info.value)


def test_time_caps_are_checked(tmp_path):
    """max_seconds (off by default) refuses a string, zero and a negative, and accepts None and a float."""
    fam, free = sc.general_family(2)
    m = sc.processes.binary_markov(p, q)
    for bad in ("10", 0, -1.5, math.nan):
        with pytest.raises((ParameterTypeError, DomainError), match="max_seconds"):
            sc.generator_conditions(fam, m, free, max_seconds=bad)


DIGITS_CASES = [(qual, f) for qual, f in PUBLIC if "digits" in inspect.signature(f).parameters]


@pytest.mark.parametrize("bad", ["30", None, 2.5, 0, -3], ids=["str", "None", "float", "zero", "negative"])
@pytest.mark.parametrize("qual, f", DIGITS_CASES, ids=[c[0] for c in DIGITS_CASES])
def test_malformed_digits_are_refused(qual, f, bad, tmp_path):
    """digits=0, negative, or not an int is refused with an error naming digits (entropy_rate(digits=0) was accepted)."""
    with pytest.raises((ParameterTypeError, DomainError), match="digits"):
        _call(f, tmp_path, digits=bad)


def test_digits_enumeration_finds_the_numeric_functions():
    """The functions with a digits argument include entropy_rate, report and crossover."""
    names = {qual for qual, _ in DIGITS_CASES}
    assert {"sc.entropy_rate", "sc.entropy_rate_bounds", "sc.report", "sc.crossover"} <= names, names


def test_no_public_function_swallows_unknown_keywords():
    """No public function takes **kwargs that would silently accept a misspelt keyword (the two that do check their own)."""
    swallowing = [qual for qual, f in PUBLIC
                  if any(prm.kind is prm.VAR_KEYWORD for prm in inspect.signature(f).parameters.values())]
    assert sorted(swallowing) == ["sc.processes.example", "sc.symbols"], swallowing
    with pytest.raises(sc.errors.DomainError, match=r"example: ehrenfest has parameters .* received values for \['q'\]"):
        sc.processes.example("ehrenfest", q=1)


@pytest.mark.parametrize("call", [
    lambda: sc.entropy_rate(sc.processes.golden_mean(p), bogus=1),
    lambda: sc.information.word_distribution(sc.processes.golden_mean(p), 2, bogus=1),
    lambda: sc.symbols("p", bogus=True),
], ids=["entropy_rate", "word_distribution", "symbols"])
def test_unknown_keyword_is_a_type_error_naming_it(call):
    """An unknown keyword is refused with a TypeError naming it (entropy_rate(m, bogus=1) was accepted)."""
    with pytest.raises(TypeError, match="bogus"):
        call()


def test_symbols_unknown_assumption_is_a_symcm_error():
    """sc.symbols refuses an unknown assumption with ParameterTypeError instead of attaching it to the symbol."""
    with pytest.raises(ParameterTypeError, match="symbols: unknown keyword argument 'bogus'"):
        sc.symbols("p", bogus=True)
    assert sc.symbols("p", integer=False).is_positive


def test_argument_errors_change_nothing():
    """A refused argument leaves the model as it was (same edges, same hash)."""
    m = sc.processes.golden_mean(R(1, 3))
    before = (m.edges, hash(m))
    for call in (lambda: sc.entropy_rate(m, digits=0), lambda: sc.block_entropy(m, 10**6),
                 lambda: sc.sample(m, 3, seed=[1, 2]), lambda: sc.epsilon_machine(m, max_states=None)):
        with pytest.raises(SymcmError):
            call()
    assert (m.edges, hash(m)) == before


def test_lambdify_dps_cap():
    """lambdify(backend='mpmath', dps=10**9) is refused naming max_dps (it was accepted; each call then hung)."""
    from symcm.errors import TooLargeError

    with pytest.raises(TooLargeError, match=r"lambdify: dps=1000000000 exceeds the cap max_dps=10000"):
        sc.lambdify(sc.H(p), backend="mpmath", dps=10**9)
    assert sc.lambdify(sc.H(p), backend="mpmath", dps=50, max_dps=50).dps == 50


@pytest.mark.parametrize("kwargs, match", [
    ({"title": 5}, "report: title must be a str or None, received the int 5"),
    ({"symbol_names": [1]}, "report: symbol_names must be a mapping"),
    ({"progress": "bar"}, "report: progress must be a callable"),
])
def test_report_options_are_checked(kwargs, match):
    """report(title=5) and other malformed options raise ParameterTypeError (title=5 was a raw TypeError)."""
    with pytest.raises(ParameterTypeError, match=match):
        sc.report(sc.processes.golden_mean(p), **kwargs)


def test_measure_at_refuses_unknown_options_up_front():
    """MeasureAt(sc.entropy_rate, m, bogus=1) is refused when built, naming the keyword (not at every sweep point)."""
    with pytest.raises(ParameterTypeError, match="MeasureAt: entropy_rate does not take these arguments.*bogus"):
        sc.MeasureAt(sc.entropy_rate, sc.processes.golden_mean(p), bogus=1)
    f = sc.MeasureAt(sc.entropy_rate, sc.processes.golden_mean(p), digits=20)
    assert f({p: R(1, 2)}) == sc.entropy_rate(sc.processes.golden_mean(R(1, 2)))
