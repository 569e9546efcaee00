"""Tests of machine files (symcm.models.spec): the expression parser, load/dump, and an adversarial corpus."""

from __future__ import annotations

import ast
import os
import pathlib
import re
import shutil
import sys
import time
import tomllib

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcm as sc
from symcm.algebra import parse
from symcm.models import spec, spec_formats, spec_write
from symcm.errors import MachineFileError, MissingDependencyError, NotStochasticError, ParameterTypeError
from symcm.models.hmm import HMM
from symcm.models.spec import dump, dumps, load, loads, parse_expression

DATA = pathlib.Path(__file__).parent / "data" / "machines"
BAD = DATA / "bad"
DOCS = pathlib.Path(__file__).parent.parent / "docs" / "machine-files.md"
SENTINEL = "/tmp/symcm_pwned"  # the file the injection payloads in bad/ would create

p, q, r = sc.symbols("p q r")
PQ = {"p": p, "q": q}
FORMATS = ("toml", "json", "yaml")


def binary_markov() -> HMM:
    return HMM.from_edges(
        [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "B", "1", 1 - q), ("B", "A", "0", q)],
        states=("A", "B"),
        alphabet=("0", "1"),
        domain={p: (0, 1), q: (0, 1)},
        name="binary_markov",
    )


def three_state() -> HMM:
    half = sympy.Rational(1, 2)
    return HMM.from_edges(
        [
            ("A", "A", "0", 1 - p),
            ("A", "B", "1", p / 2),
            ("A", "C", "1", p / 2),
            ("B", "C", "0", q),
            ("B", "A", "1", 1 - q),
            ("C", "A", "0", half),
            ("C", "B", "1", half),
        ],
        states=("A", "B", "C"),
        alphabet=("0", "1"),
        domain={p: (0, 1), q: (sympy.Rational(1, 4), sympy.Rational(3, 4))},
        name="three_state_nonunifilar",
    )


# ---------------------------------------------------------------------------
# The expression parser: valid input
# ---------------------------------------------------------------------------

R = sympy.Rational
VALID = [
    ("0", sympy.Integer(0)),
    ("7", sympy.Integer(7)),
    ("0.3", R(3, 10)),
    ("0.30", R(3, 10)),
    (".5", R(1, 2)),
    ("5.", sympy.Integer(5)),
    ("1e5", sympy.Integer(100000)),
    ("2.5e-3", R(1, 400)),
    ("1E+2", sympy.Integer(100)),
    ("p", p),
    ("p**2", p**2),
    ("-p + 1/2", -p + R(1, 2)),
    ("(1-p)/(2-p-q)", (1 - p) / (2 - p - q)),
    ("1 - p - q", 1 - p - q),
    ("1 - (p - q)", 1 - p + q),
    ("p/q/2", p / q / 2),
    ("p/(q/2)", 2 * p / q),
    ("2**3**2", sympy.Integer(512)),
    ("(2**3)**2", sympy.Integer(64)),
    ("-p**2", -(p**2)),
    ("(-p)**2", p**2),
    ("2**-1", R(1, 2)),
    ("p**(-2)", p**-2),
    ("p**(1+1)", p**2),
    ("- - p", p),
    ("+p", p),
    ("2*p + 3*q*p", 2 * p + 3 * p * q),
    ("1 + 2*3", sympy.Integer(7)),
    ("(1 + 2)*3", sympy.Integer(9)),
    ("1/3 + 1/6", R(1, 2)),
    ("p*q/(p + q)", p * q / (p + q)),
    ("\t1 -\n p ", 1 - p),
    ("p**0", sympy.Integer(1)),
    ("0**2", sympy.Integer(0)),
    ("(1 - p)**64", (1 - p) ** 64),
    ("((1 + p)**64)**4", (1 + p) ** 256),
]


@pytest.mark.parametrize("text, expected", VALID, ids=[t for t, _ in VALID])
def test_parse_valid_expressions(text, expected):
    """Each valid expression parses to exactly the expected sympy value."""
    result = parse_expression(text, PQ)
    assert result == expected
    assert not result.atoms(sympy.Float)


def test_decimal_is_exact_rational():
    """A decimal literal is the exact rational it denotes, never a binary float."""
    value = parse_expression("0.1", {})
    assert isinstance(value, sympy.Rational) and value == R(1, 10)
    assert parse_expression("0.12345678901234567890123", {}) == R(12345678901234567890123, 10**23)


def test_parse_uses_the_given_symbols():
    """Names map to exactly the Symbol objects passed in, so assumptions are kept."""
    x = sympy.Symbol("x")  # no assumptions
    assert parse_expression("x + 1", {"x": x}).free_symbols == {x}


PRINTED = [
    1 - p,
    p * q / (p + q),
    (1 - p) / (2 - p - q),
    -p / 2 + R(1, 2),
    p**2 * (1 - q) ** 3 / (1 + p),
    1 / (p * q),
    p**-3,
    R(-3, 7) * p + q**2,
    (p - q) ** 2 / (p + q) ** 5,
    sympy.cancel((1 - p) / (1 - p * q)),
    sympy.together(1 / (1 + p) + 1 / (2 - q)),
]


@pytest.mark.parametrize("expr", PRINTED, ids=[str(e) for e in PRINTED])
def test_sympy_printed_round_trip(expr):
    """str() of a sympy rational function parses back to the same expression."""
    assert parse_expression(str(expr), PQ) == expr


def _leaf():
    ints = st.integers(0, 1000).map(lambda n: (str(n), sympy.Integer(n)))
    decimals = st.tuples(st.integers(0, 99), st.integers(0, 999)).map(
        lambda t: (f"{t[0]}.{t[1]:03d}", R(t[0] * 1000 + t[1], 1000))
    )
    names = st.sampled_from([("p", p), ("q", q)])
    return st.one_of(ints, decimals, names)


def _combine(children):
    def binary(op):
        return st.tuples(children, children).map(lambda ab: (ab, op))

    def build(item):
        ((ta, va), (tb, vb)), op = item
        if op == "+":
            return f"({ta}) + ({tb})", va + vb
        if op == "-":
            return f"({ta})-({tb})", va - vb
        if op == "*":
            return f"({ta})*({tb})", va * vb
        assume(vb != 0)
        return f"({ta}) / ({tb})", va / vb

    powers = st.tuples(children, st.integers(-3, 3)).map(
        lambda t: (f"({t[0][0]})**{t[1]}" if t[1] >= 0 else f"({t[0][0]})**({t[1]})", t)
    )

    def build_power(item):
        text, ((_, value), n) = item
        assume(not (value == 0 and n < 0))
        return text, value**n

    return st.one_of(
        *(binary(op).map(build) for op in "+-*/"),
        powers.map(build_power),
        children.map(lambda tv: (f"-({tv[0]})", -tv[1])),
    )


EXPRESSIONS = st.recursive(_leaf(), _combine, max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(EXPRESSIONS)
def test_random_expression_text_round_trip(pair):
    """A random expression from a small grammar parses to the value it was built from."""
    text, value = pair
    assert parse_expression(text, PQ) == value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(EXPRESSIONS)
def test_random_expression_printed_round_trip(pair):
    """str() of a random rational function (as sympy prints it) parses back to it."""
    _, value = pair
    assume(not value.has(sympy.zoo, sympy.nan))
    # sympy's constructors may regroup a printed expression (1/(1000*(p + 1)) reads back
    # as 1/(1000*p + 1000)), so equality is checked as rational functions.
    for expr in (value, sympy.cancel(value)):
        back = parse_expression(str(expr), PQ)
        assert back == expr or sympy.cancel(back - expr) == 0


# ---------------------------------------------------------------------------
# The expression parser: refused input
# ---------------------------------------------------------------------------

INVALID = [
    # (text, fragment of the message, column or None)
    ("os.system('x')", "unknown name 'os'", 1),
    ("__import__('os').system('touch /tmp/x')", "unknown name '__import__'", 1),
    ("().__class__.__bases__", "unexpected ')'", 2),
    ("p.real", "attribute access is not allowed", 2),
    ("lambda: 1", "unknown name 'lambda'", 1),
    ("exp(p)", "unknown name 'exp'", 1),
    ("sqrt(2)", "function calls are not allowed", 1),
    ("p(q)", "function calls are not allowed", 2),
    ("s", "unknown name 's'", 1),
    ("p^2", "use ** for powers", 2),
    ("p**999999999", "exponent 999999999 exceeds the cap of 64", 4),
    ("9**9**9**9", "exponent 387420489 exceeds the cap of 64", 7),
    ("p**q", "exponent q is not an integer constant", 4),
    ("p**(1/2)", "exponent 1/2 is not an integer constant", 4),
    ("'p'", "strings are not allowed", 1),
    ('"p"', "strings are not allowed", 1),
    ("[p][0]", "brackets are not allowed", 1),
    ("{p}", "braces are not allowed", 1),
    ("p, q", "commas are not allowed", 2),
    ("p; import os", "statements are not allowed", 2),
    ("p @ q", "unexpected character '@'", 3),
    ("p == q", "comparisons are not allowed", 3),
    ("3 % 2", "unexpected character '%'", 3),
    ("1//2", "unexpected '/'", 3),
    ("\uff50", "U+FF50 FULLWIDTH LATIN SMALL LETTER P", 1),
    ("p\u00a0+ q", "U+00A0 NO-BREAK SPACE", 2),
    ("p\u2212q", "U+2212 MINUS SIGN", 2),
    ("\u0440", "CYRILLIC SMALL LETTER ER", 1),
    ("p\x00", "unexpected character '\\x00'", 2),
    ("", "empty expression", None),
    ("   ", "empty expression", None),
    ("p q", "implicit multiplication is not supported", 3),
    ("2p", "unexpected name 'p'", 2),
    ("(p", "expected ')' to close the '(' at column 1", 3),
    ("p)", "unexpected ')'", 2),
    ("p +", "unexpected end of expression", 4),
    ("p/0", "division by zero", 2),
    ("1/(p - p)", "division by zero", 2),
    ("0**-1", "division by zero", 2),
    ("1e999999999", "decimal exponent 999999999, beyond the cap of 1000", 1),
    ("((((2**64)**64)**64)**64)", "would have more than 10000 bits", 16),
    ("(1 + p + q + r)**64", "more than the cap of 10000 terms", 16),
    ("p" + "*p" * 300, "degree would exceed the cap of 256", 512),
    ("(" * 60 + "p" + ")" * 60, "nesting deeper than the cap of 50 levels", 51),
]


@pytest.mark.parametrize("text, fragment, column", INVALID, ids=[repr(t[:30]) for t, _, _ in INVALID])
def test_parse_refuses(text, fragment, column):
    """Text outside the grammar, or beyond a cap, raises MachineFileError naming it and its column."""
    names = {"p": p, "q": q, "r": r}
    with pytest.raises(MachineFileError) as info:
        parse_expression(text, names)
    message = str(info.value)
    assert fragment in message
    if column is not None:
        assert f"at column {column} " in message


def test_parse_error_message_format():
    """The message has the documented form: what, where (column), the text, what was expected."""
    with pytest.raises(MachineFileError) as info:
        parse_expression("os.system('x')", PQ)
    assert str(info.value) == (
        "unknown name 'os' at column 1 in \"os.system('x')\"; expected a number or one of the parameters p, q"
    )
    with pytest.raises(MachineFileError, match=r"^exponent 100000000 exceeds the cap of 64"):
        parse_expression("p**100000000", PQ)


def test_parse_where_prefix():
    """The ``where`` argument prefixes the message."""
    with pytest.raises(MachineFileError, match=r"^edge A -> B on '1': unknown name 'x'"):
        parse_expression("x", PQ, where="edge A -> B on '1'")


def test_parse_length_cap():
    """An expression longer than 2000 characters is refused before it is tokenized."""
    with pytest.raises(MachineFileError, match="more than the cap of 2000"):
        parse_expression("1+" * 1000 + "1", {})
    assert parse_expression("+".join(["1"] * 1000), {}) == 1000


def test_parse_refuses_non_string():
    """A non-string expression raises ParameterTypeError."""
    with pytest.raises(ParameterTypeError):
        parse_expression(1, {})  # type: ignore[arg-type]


def test_parse_caps_are_fast():
    """Hostile expressions within the length cap are refused (or parsed) in well under a second each."""
    hostile = [
        "9**9**9**9**9**9**9**9",
        "(1+p+q+r)**64*(1+p+q+r)**64",
        "-" * 1990 + "p",
        "((((((p+1)**64)**64)**64)**64)**64)",
        "99999999999999999999**64**64",
        "1/(p+1)+1/(p+2)+1/(p+3)+1/(p+4)+1/(p+5)+1/(p+6)+1/(p+7)+1/(p+8)+1/(p+9)" * 10,
        "(" * 49 + "p" + ")" * 49,
    ]
    for text in hostile:
        start = time.perf_counter()
        try:
            parse_expression(text[:2000], {"p": p, "q": q, "r": r})
        except MachineFileError:
            pass
        assert time.perf_counter() - start < 1.0, text[:40]


def test_module_never_evaluates_text():
    """The machine-file modules and the expression parser call none of eval, exec, compile, sympify, parse_expr, literal_eval, yaml.load."""
    for module in (spec, spec_formats, spec_write, parse):
        _never_evaluates(module)


def _never_evaluates(module):
    tree = ast.parse(pathlib.Path(module.__file__).read_text(encoding="utf-8"))
    forbidden = {
        "eval", "exec", "compile", "sympify", "parse_expr", "literal_eval", "__import__",
        "load", "unsafe_load", "full_load", "S",
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            if (name == "load" and owner != "yaml") or (name == "compile" and owner == "re"):
                continue  # our own load(); regular expressions
            assert name not in forbidden, f"{module.__name__} line {node.lineno}: call to {name}"


# ---------------------------------------------------------------------------
# Good files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ["binary_markov.toml", "binary_markov.json", "binary_markov.yaml"])
def test_load_binary_markov(filename):
    """Each binary_markov file loads to the same model as one built in Python."""
    m = load(DATA / filename)
    assert m == binary_markov()
    assert m.name == "binary_markov"
    assert m.states == ("A", "B") and m.alphabet == ("0", "1")
    assert m.parameters == (p, q)
    assert all(s.is_positive and s.is_real for s in m.parameters)


def test_load_three_state_nonunifilar():
    """The three-state table-form file loads to the expected non-unifilar model with exact decimals."""
    m = load(DATA / "three_state_nonunifilar.toml")
    assert m == three_state()
    assert m.name == "three_state_nonunifilar"
    assert m.domain[q] == (R(1, 4), R(3, 4))
    assert not sc.is_unifilar(m)


GOOD = ["binary_markov.toml", "binary_markov.json", "binary_markov.yaml", "three_state_nonunifilar.toml"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("filename", GOOD)
def test_dump_load_round_trip(filename, fmt, tmp_path):
    """dump then load gives an equal model (and the same name) in every format."""
    m = load(DATA / filename)
    out = dump(m, tmp_path / f"model.{fmt}")
    assert out == tmp_path / f"model.{fmt}"
    back = load(out)
    assert back == m and back.name == m.name
    assert load(dump(back, str(tmp_path / f"again.{fmt}"))) == m


@pytest.mark.parametrize("fmt", FORMATS)
def test_dumps_loads_round_trip(fmt):
    """dumps then loads round-trips through a string, and the text is stable."""
    m = three_state()
    text = dumps(m, fmt)
    assert loads(text, fmt) == m
    assert dumps(loads(text, fmt), fmt) == text


def test_dump_toml_uses_array_form():
    """The TOML writer puts edges (array form) before the [parameters] table and parses with tomllib."""
    text = dumps(binary_markov(), "toml")
    assert text.index("edges = [") < text.index("[parameters]")
    data = tomllib.loads(text)
    assert data["edges"][0] == ["A", "A", "0", "1 - p"]
    assert data["parameters"] == {"p": ["0", "1"], "q": ["0", "1"]}


def test_yml_extension_and_format_alias(tmp_path):
    """A .yml file and the format name "yml" are YAML."""
    m = binary_markov()
    assert load(dump(m, tmp_path / "m.yml")) == m
    assert loads(dumps(m, "yml"), "yaml") == m


def test_table_and_array_edge_forms_agree():
    """The [[edges]] table form, the array form and a mix of both describe the same model."""
    array = 'symcm = 1\nedges = [["A", "A", "0", "1 - p"], ["A", "A", "1", "p"]]\n[parameters]\np = [0, 1]\n'
    table = (
        'symcm = 1\n[parameters]\np = [0, 1]\n'
        '[[edges]]\nsource = "A"\ntarget = "A"\nsymbol = "0"\nprobability = "1 - p"\n'
        '[[edges]]\nsource = "A"\ntarget = "A"\nsymbol = "1"\nprobability = "p"\n'
    )
    mixed = '{"symcm": 1, "parameters": ["p"], "edges": [["A", "A", "0", "1 - p"], ' \
            '{"source": "A", "target": "A", "symbol": "1", "probability": "p"}]}'
    assert loads(array, "toml") == loads(table, "toml") == loads(mixed, "json")


def test_parameter_list_form_defaults_to_unit_interval():
    """parameters given as a list of names get the interval (0, 1)."""
    m = loads("symcm: 1\nparameters: [p]\nedges: [[A, A, x, 1 - p], [A, A, y, p]]\n", "yaml")
    assert m.domain[p] == (0, 1)


@pytest.mark.parametrize(
    "text, fmt",
    [
        ('symcm = 1\nedges = [["A", "A", "0", 0.1], ["A", "A", "1", 0.9]]', "toml"),
        ('{"symcm": 1, "edges": [["A", "A", "0", 0.1], ["A", "A", "1", 0.9]]}', "json"),
        ("symcm: 1\nedges: [[A, A, '0', 0.1], [A, A, '1', 0.9]]", "yaml"),
        ('symcm = 1\nedges = [["A", "A", "0", 1e-1], ["A", "A", "1", "9e-1"]]', "toml"),
        ('symcm = 1\nedges = [["A", "A", "0", "0.1"], ["A", "A", "1", "1 - 1/10"]]', "toml"),
    ],
)
def test_decimal_probabilities_are_exact(text, fmt):
    """A decimal probability 0.1 is exactly 1/10 in every format (floats never reach the model)."""
    m = loads(text, fmt)
    assert [e.probability for e in m.edges] == [R(1, 10), R(9, 10)]


def test_exact_decimal_beyond_float_precision():
    """TOML and JSON decimals with more digits than a float holds stay exact."""
    digits = "0.12345678901234567890123456789"
    exact = R(12345678901234567890123456789, 10**29)
    for text, fmt in [
        (f'symcm = 1\nedges = [["A", "A", "0", {digits}], ["A", "A", "1", "1 - {digits}"]]', "toml"),
        (f'{{"symcm": 1, "edges": [["A", "A", "0", {digits}], ["A", "A", "1", "1 - {digits}"]]}}', "json"),
    ]:
        assert loads(text, fmt).edges[0].probability == exact


def test_bounds_forms():
    """Bounds may be integers, exact decimals or constant-expression strings."""
    text = 'symcm = 1\nedges = [["A", "A", "0", "1 - p"], ["A", "A", "1", "p"]]\n[parameters]\np = [0.25, "1 - 1/4"]\n'
    m = loads(text, "toml")
    assert m.domain[p] == (R(1, 4), R(3, 4))


def test_integer_state_names_round_trip():
    """Integer state names stay integers and survive dump/load in every format."""
    m = loads('symcm = 1\nedges = [[0, 1, "a", 1], [1, 0, "b", 1]]', "toml")
    assert m.states == (0, 1)
    for fmt in FORMATS:
        assert loads(dumps(m, fmt), fmt) == m


def test_null_optional_keys_mean_absent():
    """null for an optional key (JSON/YAML) is the same as leaving it out."""
    m = loads('{"symcm": 1, "name": null, "states": null, "edges": [["A", "A", "0", 1]]}', "json")
    assert m.name is None and m.states == ("A",)


def test_docs_examples_load():
    """Every TOML, JSON and YAML example in docs/machine-files.md loads to the binary Markov model."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```(toml|json|yaml)\n(.*?)```", text, re.S)
    assert {fmt for fmt, _ in blocks} == set(FORMATS)
    for fmt, body in blocks:
        m = loads(body, fmt)
        assert m == binary_markov(), (fmt, body)
        assert m.name == "binary_markov"


def test_top_level_package_exports():
    """symcm exposes load, loads, dump, dumps and parse_expression."""
    assert sc.load is load and sc.dumps is dumps and sc.parse_expression is parse_expression
    assert set(spec.__all__) == {"parse_expression", "load", "loads", "dump", "dumps"}


# ---------------------------------------------------------------------------
# Writing: what cannot be written
# ---------------------------------------------------------------------------


def test_dump_refuses_non_identifier_parameter(tmp_path):
    """A parameter whose name is not an identifier cannot be written, and no file is created."""
    (a,) = sc.symbols("a_{1},")
    m = HMM.from_edges([("A", "A", "0", 1 - a), ("A", "A", "1", a)])
    target = tmp_path / "m.toml"
    with pytest.raises(MachineFileError, match=re.escape("cannot write parameter 'a_{1}'")):
        dump(m, target)
    assert not target.exists()


def test_dump_refuses_unknown_extension(tmp_path):
    """dump and load refuse an extension that is not .toml, .json, .yaml or .yml."""
    with pytest.raises(MachineFileError, match="extension .xml"):
        dump(binary_markov(), tmp_path / "m.xml")
    assert not (tmp_path / "m.xml").exists()
    (tmp_path / "m.txt").write_text("symcm = 1")
    with pytest.raises(MachineFileError) as info:
        load(tmp_path / "m.txt")
    assert info.value.path == str(tmp_path / "m.txt")


def test_unknown_format_name():
    """loads and dumps refuse a format name other than toml, json, yaml (yml)."""
    with pytest.raises(MachineFileError, match="unknown machine file format 'xml'"):
        loads("", "xml")
    with pytest.raises(MachineFileError):
        dumps(binary_markov(), "ini")


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_toml_string_escaping(text):
    """The TOML writer's strings read back, via tomllib, as the original text."""
    assert tomllib.loads(f"x = {spec_write._toml_str(text)}")["x"] == text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=2, max_size=2, unique=True), _TEXT, _TEXT)
def test_round_trip_with_arbitrary_names(states, symbol, name):
    """Models with arbitrary state names, symbols and name round-trip through every format."""
    a, b = states
    m = HMM.from_edges([(a, b, symbol, 1 - p), (a, a, symbol, p), (b, a, symbol, 1)], name=name)
    for fmt in FORMATS:
        back = loads(dumps(m, fmt), fmt)
        assert back == m and back.name == name


# ---------------------------------------------------------------------------
# The adversarial corpus (tests/data/machines/bad)
# ---------------------------------------------------------------------------

# file -> (fragment the message must contain, expected 1-based line or None)
CORPUS = {
    "inject_import.toml": ("unknown name '__import__' at column 1", 4),
    "dunder_class.toml": ("unexpected ')' at column 2 in \"().__class__.__bases__\"", 5),
    "lambda.toml": ("unknown name 'lambda'", 2),
    "huge_exponent.toml": ("exponent 999999999 exceeds the cap of 64", 3),
    "power_tower.toml": ("exponent 387420489 exceeds the cap of 64", 4),
    "deep_nesting.toml": ("nesting deeper than the cap of 50 levels", 4),
    "unknown_name.toml": ("unknown name 'r' at column 1 in \"r\"", 4),
    "call_exp.toml": ("unknown name 'exp' at column 5 in \"1 - exp(p)\"", 10),
    "caret.toml": ("use ** for powers", 3),
    "syntax.toml": ("TOML syntax error", 3),
    "bounds_not_number.toml": ("lower bound of parameter 'p': unknown name 'zero'", 8),
    "bounds_order.toml": ("bounds of parameter 'p' must satisfy lo < hi, received (1, 1/2)", 8),
    "unknown_state.toml": ("edge B -> C on '1': unknown state 'C'", 5),
    "missing_version.toml": ("missing required key 'symcm'", None),
    "unknown_key.toml": ("unknown top-level key 'paramters'", 3),
    "schema_version.toml": ("unsupported schema version symcm = 2", 1),
    "probability_list.toml": ("probability must be a string expression or a number, not a list", 4),
    "huge_decimal.toml": ("decimal exponent beyond the cap of 1000", 3),
    "not_stochastic.toml": ("row of state 'A' sums to 5/6, not 1", 3),
    "inject_eval.json": ("unknown name 'eval'", 4),
    "attribute.json": ("unknown name 'os' at column 1 in \"os.system('touch ", 6),
    "sqrt.json": ("unknown name 'sqrt' at column 5", 4),
    "duplicate_parameter.json": ("duplicate key 'p'", 5),
    "syntax.json": ("JSON syntax error", 5),
    "missing_edges.json": ("missing required key 'edges'", None),
    "nan.json": ("NaN is not a number", 4),
    "unicode_lookalike.json": ("U+FF50 FULLWIDTH LATIN SMALL LETTER P", 6),
    "bool_probability.json": ("not the boolean true", 4),
    "python_tag.yaml": ("tag:yaml.org,2002:python/object/apply:os.system", 3),
    "python_name.yaml": ("tag:yaml.org,2002:python/name:os.system", 3),
    "duplicate_key.yaml": ("duplicate key 'p'", 4),
    "bad_bound.yaml": ("upper bound of parameter 'p': unknown name 'abc'", 3),
    "semicolon.yaml": ("unexpected character ';' at column 2 in \"p; import os\"", 5),
    "brackets.yaml": ("unexpected character '[' at column 1 in \"[p][0]\"", 5),
    "division_by_zero.yaml": ("division by zero at column 2 in \"p/0\"", 5),
    "symbol_not_string.yaml": ("the symbol must be a string, not the integer 0", 3),
    "string_literal.yaml": ("strings are not allowed", 3),
    "syntax.yaml": ("YAML syntax error", 4),
    "top_level_list.yaml": ("must contain a table (mapping) at the top level, not a list", 1),
}


def test_corpus_is_complete():
    """Every file in the bad corpus has an expectation, and the corpus spans the three formats."""
    files = sorted(f.name for f in BAD.iterdir() if f.is_file())
    assert files == sorted(CORPUS)
    assert len(files) >= 20
    assert {pathlib.Path(f).suffix for f in files} == {".toml", ".json", ".yaml"}


@pytest.mark.parametrize("filename", sorted(CORPUS))
def test_corpus_file_is_refused(filename, tmp_path):
    """Each hostile file raises MachineFileError naming the offending text at the right line, executing nothing."""
    fragment, line = CORPUS[filename]
    sentinel = tmp_path / "pwned"
    text = (BAD / filename).read_text(encoding="utf-8")
    # Point the payloads at a fresh path, keeping every line in place.
    text = text.replace(SENTINEL, str(sentinel))
    target = tmp_path / filename
    target.write_text(text, encoding="utf-8")
    before = target.read_bytes()

    with pytest.raises(MachineFileError) as info:
        load(target)
    error = info.value
    assert fragment.replace(SENTINEL, str(sentinel)) in str(error)
    assert error.line == line
    assert error.path == str(target)
    expected_prefix = f"{target}:line {line}: " if line is not None else f"{target}: "
    assert str(error).startswith(expected_prefix)
    assert not sentinel.exists()
    assert target.read_bytes() == before  # reading changed nothing
    assert sorted(os.listdir(tmp_path)) == [filename]


@pytest.mark.parametrize("filename", sorted(CORPUS))
def test_corpus_static_files_execute_nothing(filename):
    """Loading the static corpus files as they are does not create the sentinel file their payloads name."""
    existed = os.path.exists(SENTINEL)
    with pytest.raises(MachineFileError):
        load(BAD / filename)
    assert existed or not os.path.exists(SENTINEL)


def test_model_errors_keep_their_cause():
    """An error of the HMM constructor is re-raised as MachineFileError with the original as __cause__."""
    with pytest.raises(MachineFileError) as info:
        load(BAD / "not_stochastic.toml")
    assert isinstance(info.value.__cause__, NotStochasticError)


@pytest.mark.parametrize(
    "text, fmt, fragment, line",
    [
        ('symcm = 1\nedges = [\n ["A","A","0","1-2*p"],\n ["A","A","1","2*p"],\n]\n[parameters]\np = [0, 1]\n',
         "toml", "which is negative at p = 3/4", 3),
        ('symcm = 1\nedges = [\n ["A","A","0","1-p"],\n ["A","A","1","p"],\n]\n[parameters]\np = [-1, 1]\n',
         "toml", "reaches below 0", 7),
        ('symcm = 1\nstates = ["A", "B", "C"]\nedges = [\n ["A","B","0","1"],\n ["B","A","0","1"],\n]\n',
         "toml", "row of state 'C' sums to 0", 2),
        ('symcm = 1\nedges = [\n ["A","A","0","1"],\n]\n[parameters]\np = [0, 1]\n',
         "toml", "parameter 'p' is declared but no probability uses it", 6),
        ('symcm = 1\nedges = [["A","A","0","1"]]\n[parameters]\np = [0, 1]\np = [0, 2]\n',
         "toml", "Cannot overwrite a value", 5),
        ('symcm = 1\n[parameters]\np = [0, 1]\nedges = [["A", "A", "0", "1 - p"], ["A", "A", "1", "p"]]\n',
         "toml", "'edges' is inside the [parameters] table", 4),
        ('symcm: 1\nparameters: [p, p]\nedges: [[A, A, x, 1 - p], [A, A, y, p]]\n',
         "yaml", "duplicate parameter name 'p'", 2),
        ('{"symcm": "1", "edges": []}', "json", "must be the integer 1, not the string \"1\"", 1),
        ('{"symcm": true, "edges": []}', "json", "not the boolean true", 1),
        ('symcm = 1\nedges = []\n', "toml", "edges is empty", 2),
        ('symcm = 1\nedges = "A A 0 1"\n', "toml", "edges must be a list", 2),
        ('symcm = 1\nedges = [["A", "A", "0"]]\n', "toml", "edge 1 has 3 entries", 2),
        ('symcm = 1\n\n[[edges]]\nsource = "A"\ntarget = "A"\nsymbol = "x"\nprob = "1"\n',
         "toml", "unknown key 'prob'", 7),
        ('symcm = 1\n\n[[edges]]\nsource = "A"\ntarget = "A"\nprobability = "1"\n',
         "toml", "missing key 'symbol'", 4),
        ('symcm = 1\nalphabet = ["x"]\nedges = [\n  ["A", "A", "x", "1/2"],\n  ["A", "A", "y", "1/2"],\n]\n',
         "toml", "unknown symbol 'y'", 5),
        ('symcm = 1\nstates = ["A", "A"]\nedges = [["A", "A", "x", 1]]\n', "toml", "listed twice in states", 2),
        ('symcm = 1\nname = 5\nedges = [["A", "A", "x", 1]]\n', "toml", "name must be a string", 2),
        ('symcm = 1\nedges = [["A", "A", "x", 1]]\n[parameters]\n"p q" = [0, 1]\n', "toml",
         "parameter name 'p q' is not allowed", 4),
        ('symcm = 1\nedges = [["A", "A", "x", "1 - p"], ["A", "A", "y", "p"]]\n[parameters]\np = [0, 1, 2]\n',
         "toml", "must be a list [lo, hi]", 4),
        ('symcm = 1\nedges = [["A", "A", "x", "1 - p"], ["A", "A", "y", "p"]]\n[parameters]\np = [[0], 1]\n',
         "toml", "must be a number or a string", 4),
        ('symcm = 1\nedges = [["A", "A", "x", "1 - p"], ["A", "A", "y", "p"]]\n[parameters]\np = ["0", "oo"]\n',
         "toml", "unknown name 'oo'", 4),
        ('symcm = 1\nedges = [["A", "A", "x", inf]]\n', "toml", "is not finite", 2),
        ('{"symcm": 1, "edges": [["A", "A", "x", Infinity]]}', "json", "Infinity is not a number", 1),
        ('symcm: 1\nedges: [[A, A, x, .inf]]\n', "yaml", "is not finite", 2),
        ('symcm: 1\nedges: [[A, A, x, 2001-01-01]]\n', "yaml", "not a date", 2),
        ('symcm: 1\nedges: [[A, A, x, !custom 1]]\n', "yaml", "tag '!custom'", 2),
        ('symcm: 1\nname: a\nname: b\nedges: [[A, A, x, 1]]\n', "yaml", "duplicate key 'name'", 3),
        ('{"symcm": 1,\n "edges": [["A", "A", "x", 1]],\n "colour": "red", "size": 2}', "json",
         "unknown top-level keys 'colour', 'size'", 3),
        ('{"symcm": 1, "edges": [["A", "A", "x", ' + "1" * 5000 + ']]}', "json", "JSON cannot be read", None),
        ('{"symcm": 1, "edges": ' + "[" * 100000 + "]" * 100000 + "}", "json", "JSON cannot be read", None),
        ("symcm: 1\nedges: " + "[" * 100000 + "]" * 100000, "yaml", "nested too deeply", None),
    ],
)
def test_malformed_text(text, fmt, fragment, line):
    """Each malformed file is refused with a message naming the problem, at the right line."""
    with pytest.raises(MachineFileError) as info:
        loads(text, fmt)
    assert fragment in str(info.value)
    assert info.value.line == line
    assert info.value.path is None


def test_yaml_alias_bomb_is_harmless():
    """Nested YAML aliases (a "billion laughs" file) are refused quickly, without expanding them."""
    lines = ["symcm: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("edges: *a9")
    start = time.perf_counter()
    with pytest.raises(MachineFileError, match="unknown top-level keys"):
        loads("\n".join(lines), "yaml")
    without_keys = "\n".join(["symcm: 1", "edges: &e0 [x, x]"] + [
        f"other{i}: &e{i} [*e{i - 1}, *e{i - 1}]" for i in range(1, 3)
    ])
    with pytest.raises(MachineFileError):
        loads(without_keys, "yaml")
    assert time.perf_counter() - start < 2.0


# ---------------------------------------------------------------------------
# Optional PyYAML
# ---------------------------------------------------------------------------


def test_missing_pyyaml_is_a_clear_error(monkeypatch):
    """Without PyYAML, YAML raises MissingDependencyError (an ImportError) naming the extra; TOML and JSON still work."""
    monkeypatch.setitem(sys.modules, "yaml", None)  # makes `import yaml` raise ImportError
    with pytest.raises(MissingDependencyError, match=re.escape('pip install "symcm[yaml]"')):
        loads("symcm: 1\nedges: [[A, A, x, 1]]\n", "yaml")
    with pytest.raises(MissingDependencyError, match=re.escape('pip install "symcm[yaml]"')):
        dumps(binary_markov(), "yaml")
    assert loads(dumps(binary_markov(), "json"), "json") == binary_markov()


def test_load_is_pure(tmp_path):
    """A failing load leaves the file and its directory exactly as they were."""
    source = BAD / "python_tag.yaml"
    target = tmp_path / source.name
    shutil.copy(source, target)
    stat = target.stat()
    with pytest.raises(MachineFileError):
        load(target)
    assert target.read_bytes() == source.read_bytes()
    assert target.stat().st_mtime_ns == stat.st_mtime_ns
    assert os.listdir(tmp_path) == [source.name]


# --- issue 10: clear errors for the reader's and writer's arguments ----------------------------------------------

@pytest.mark.parametrize("path", [None, 123, b"m.toml"], ids=["None", "int", "bytes"])
def test_load_of_a_non_path_is_a_parameter_type_error(path):
    """load(None) / load(123) raise ParameterTypeError naming what was expected and received (not a raw TypeError)."""
    with pytest.raises(ParameterTypeError, match=r"load: expected a path \(str or os.PathLike\)"):
        load(path)


@pytest.mark.parametrize("text", [None, 123, pathlib.Path("m.toml")], ids=["None", "int", "path"])
def test_loads_of_non_text_is_a_parameter_type_error(text):
    """loads of a non-str raises ParameterTypeError naming the function and the received value."""
    with pytest.raises(ParameterTypeError, match=r"loads: expected the text of a machine file"):
        loads(text, "json")


def test_dumps_names_the_exponent_cap(tmp_path):
    """dumps of p**200 names the exponent cap (64) of machine files, not 'integer powers only'; no file is written."""
    p = sc.symbols("p")
    m = HMM.from_edges([("A", "A", "0", p**200), ("A", "A", "1", 1 - p**200)])
    with pytest.raises(MachineFileError, match=r"exponent 200 exceeds the cap of 64") as info:
        dumps(m, "json")
    assert "integer powers only" not in str(info.value)
    with pytest.raises(MachineFileError, match="exceeds the cap of 64"):
        dump(m, tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


def test_unhashable_yaml_key_is_not_called_a_tag():
    """A YAML list used as a key is reported as a key problem with its line, not as 'YAML tag not allowed'."""
    pytest.importorskip("yaml")
    with pytest.raises(MachineFileError, match=r"line 2: YAML key not allowed") as info:
        loads("symcm: 1\n? [a, b]\n: 1\nedges: [[A, A, '0', 1]]\n", "yaml")
    assert "tag" not in str(info.value)


def test_dumps_of_a_non_model_is_a_parameter_type_error():
    """dumps of something that is not an HMM names dumps and the received value."""
    with pytest.raises(ParameterTypeError, match="dumps: expected the model to be a symcm.HMM, received the dict"):
        dumps({"edges": []}, "json")


# -- adversarial fixes ------------------------------------------------------------------------------


def _bm():
    p, q = sc.symbols("p q")
    return sc.processes.binary_markov(p, q)


def test_dump_refuses_a_path_that_is_not_a_path():
    """dump(m, None) is a ParameterTypeError naming dump, not a raw TypeError from pathlib."""
    with pytest.raises(ParameterTypeError, match="dump: expected a path"):
        dump(_bm(), None)


def test_dump_into_a_missing_directory_is_refused_clearly(tmp_path):
    """dump into a missing directory is a MachineFileError (also FileNotFoundError) naming the path; nothing written."""
    target = tmp_path / "missing" / "dir" / "m.toml"
    with pytest.raises(MachineFileError, match="does not exist") as info:
        dump(_bm(), target)
    assert isinstance(info.value, FileNotFoundError) and info.value.path == str(target)
    assert not (tmp_path / "missing").exists()


def test_load_a_missing_file_or_a_directory_is_refused_clearly(tmp_path):
    """load of a missing file / of a directory named x.toml are MachineFileErrors (and the matching OSError)."""
    with pytest.raises(MachineFileError, match="no such file") as info:
        load(tmp_path / "missing.toml")
    assert isinstance(info.value, FileNotFoundError)
    (tmp_path / "x.toml").mkdir()
    with pytest.raises(MachineFileError, match="directory") as info:
        load(tmp_path / "x.toml")
    assert isinstance(info.value, IsADirectoryError)
    with pytest.raises(MachineFileError, match="directory"):
        dump(_bm(), tmp_path / "x.toml")


def test_parse_expression_refuses_parameters_that_are_not_a_mapping():
    """parse_expression('p', None) is a ParameterTypeError naming parameters, not a raw TypeError."""
    with pytest.raises(ParameterTypeError, match="parse_expression: parameters must be a mapping"):
        parse_expression("p", None)
