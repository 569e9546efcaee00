"""The polynomial ring API (symcm.algebra.ring) gives identical results on every backend.

Each test draws integer polynomials in one to three generators and applies
one group of operations on every available backend (python-flint's
``fmpz_mpoly`` when installed, sympy's ``PolyElement`` always), comparing the
results through ``to_dict``/``to_expr`` with each other and with sympy's
``Poly`` as the reference.  The integer backend (no generators) is checked
against the constants of the polynomial backends.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symcm.algebra.backends import IntegerBackend, available_backends, get_backend
from symcm.algebra.ring import rational_to_backend

GENS = sp.symbols("x y z")
SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def rings(n: int) -> list:
    """The ring ``ZZ[GENS[:n]]`` on every available backend."""
    return [get_backend(GENS[:n], name) for name in available_backends()]


def same(values: list):
    """The common value of a list whose entries must all be equal (one per backend)."""
    assert all(v == values[0] for v in values[1:]), values
    return values[0]


def poly_dicts(n: int, max_size: int = 6):
    coeff = st.integers(-6, 6).filter(bool)
    return st.dictionaries(st.tuples(*[st.integers(0, 3)] * n), coeff, max_size=max_size)


@st.composite
def polys(draw, count: int = 2, nonzero: bool = False):
    """``(n, [dict, ...])``: ``count`` polynomials in ``n`` generators as ``{exponent tuple: int}``."""
    n = draw(st.integers(1, 3))
    out = []
    for _ in range(count):
        d = draw(poly_dicts(n))
        if nonzero and not d:
            d = {(0,) * n: draw(st.integers(1, 6))}
        out.append(d)
    return n, out


def ref(d: dict, n: int) -> sp.Poly:
    """The reference: sympy's ``Poly`` with the terms ``d``."""
    return sp.Poly.from_dict(d, *GENS[:n], domain=sp.ZZ) if d else sp.Poly(0, *GENS[:n], domain=sp.ZZ)


def as_dict(p: sp.Poly) -> dict:
    return {m: int(c) for m, c in p.as_dict().items() if c}


@SETTINGS
@given(polys(2))
def test_arithmetic(case):
    """Sum, difference, product and negation agree on every backend and with sympy's Poly."""
    n, (a, b) = case
    expected = [as_dict(op(ref(a, n), ref(b, n))) for op in (lambda u, v: u + v, lambda u, v: u - v,
                                                               lambda u, v: u * v, lambda u, v: -u)]
    for R in rings(n):
        x, y = R.from_dict(a), R.from_dict(b)
        assert [R.to_dict(x + y), R.to_dict(x - y), R.to_dict(x * y), R.to_dict(-x)] == expected
        assert (x == y) == (a == b) and bool(x) == bool(a)


@SETTINGS
@given(polys(2, nonzero=True))
def test_exact_division(case):
    """exquo undoes a product; try_exquo gives the quotient or None as Poly.div does, on every backend."""
    n, (a, b) = case
    q, r = ref(a, n).div(ref(b, n))
    expected = as_dict(q) if r.is_zero and all(c == int(c) for c in q.coeffs()) else None
    got = []
    for R in rings(n):
        x, y = R.from_dict(a), R.from_dict(b)
        assert R.to_dict(R.exquo(x * y, y)) == a
        t = R.try_exquo(x, y)
        got.append(None if t is None else R.to_dict(t))
    assert same(got) == expected


@SETTINGS
@given(polys(3, nonzero=True))
def test_gcd(case):
    """gcd(a c, b c) agrees on every backend and with sympy's Poly.gcd (positive leading coefficient)."""
    n, (a, b, c) = case
    expected = as_dict(ref(a, n).mul(ref(c, n)).gcd(ref(b, n).mul(ref(c, n))))
    for R in rings(n):
        x, y, z = (R.from_dict(d) for d in (a, b, c))
        assert R.to_dict(R.gcd(x * z, y * z)) == expected
        assert R.to_dict(R.gcd(R.zero, z)) == as_dict(ref(c, n).gcd(ref({}, n)))


@SETTINGS
@given(polys(3), st.data())
def test_substitution(case, data):
    """subst(f, i, num, den) is den**deg_i(f) * f(x_i = num/den) on every backend, num = 0 (0**0) included."""
    n, (f, num, den) = case
    i = data.draw(st.integers(0, n - 1))
    if data.draw(st.booleans()):
        num = {}  # substitute x_i = 0: the constant coefficient in x_i, via 0**0 = 1
    den = {m: c for m, c in den.items() if not m[i]} or {(0,) * n: 1}  # free of x_i
    d = ref(f, n).degree(GENS[i]) if f else 0
    frac = ref(num, n).as_expr() / ref(den, n).as_expr()
    expected = as_dict(sp.Poly(sp.expand(sp.cancel(ref(den, n).as_expr() ** max(d, 0)
                                                   * ref(f, n).as_expr().subs(GENS[i], frac))),
                               *GENS[:n], domain=sp.ZZ)) if f else {}
    got = []
    for R in rings(n):
        top, deg = R.subst(R.from_dict(f), i, R.from_dict(num), R.from_dict(den))
        got.append((R.to_dict(top), deg))
        assert R.to_dict(R.power(R.zero, 0)) == R.to_dict(R.one)
    assert same(got) == (expected, d if f else 0)


@SETTINGS
@given(polys(2, nonzero=True), st.data())
def test_substitution_into_a_fraction(case, data):
    """subst_fraction gives the same reduced fraction, denominator leading positively, on every backend."""
    n, (f, g) = case
    i = data.draw(st.integers(0, n - 1))
    c = data.draw(st.integers(-3, 3))
    assume(ref(g, n).as_expr().subs(GENS[i], sp.Rational(c, 2)) != 0)  # the fraction is defined there
    got = []
    for R in rings(n):
        top, bottom = R.subst_fraction(R.from_dict(f), R.from_dict(g), i, R.from_int(c), R.from_int(2))
        if bottom:
            assert R.leading_sign(bottom) == 1
            assert R.is_const(R.gcd(top, bottom))
        got.append((R.to_dict(top), R.to_dict(bottom)))
    same(got)


@SETTINGS
@given(polys(1), st.data())
def test_structure(case, data):
    """coeffs, degree, used, is_const, constant, size and leading_sign agree on every backend and with Poly."""
    n, (f,) = case
    i = data.draw(st.integers(0, n - 1))
    p = ref(f, n)
    expected_coeffs = {}
    for m, c in f.items():
        expected_coeffs.setdefault(m[i], {})[m[:i] + (0,) + m[i + 1:]] = c
    for R in rings(n):
        x = R.from_dict(f)
        assert {k: R.to_dict(v) for k, v in R.coeffs(x, i).items()} == expected_coeffs
        assert R.degree(x, i) == (p.degree(GENS[i]) if f else -1)
        assert R.used(x) == {j for j in range(n) if p.degree(GENS[j]) > 0}
        assert R.is_const(x) == p.is_ground
        assert R.constant(x) == f.get((0,) * n, 0)
        assert R.size(x) == len(f)
        if f:
            assert R.leading_sign(x) == (1 if f[max(f)] > 0 else -1)


@SETTINGS
@given(polys(2, nonzero=True))
def test_factors_normal_and_key(case):
    """factors (as normal forms), normal and key agree on every backend; key ignores integer factors."""
    n, (a, b) = case
    got = []
    for R in rings(n):
        x = R.from_dict(a) * R.from_dict(b)
        factors = sorted(R.key(g) for g in R.factors(x))
        normal = R.to_dict(R.normal(x))
        assert R.key(x) == R.key(R.from_int(-3) * x) == tuple(sorted(normal.items()))
        assert math.gcd(*normal.values()) == 1 and normal[max(normal)] > 0
        got.append((factors, normal))
    factors, _ = same(got)
    R = rings(n)[0]
    product = ref(a, n) * ref(b, n)
    assert factors == sorted(R.key(R.from_dict(as_dict(g))) for g, _ in product.factor_list()[1] if not g.is_ground)


@SETTINGS
@given(polys(1), st.integers(1, 12))
def test_expression_round_trip(case, den):
    """to_expr is Poly.as_expr's tree, and from_expr inverts it with the denominator cleared, on every backend."""
    n, (f,) = case
    expr = ref(f, n).as_expr()
    g = math.gcd(den, *f.values())
    got = []
    for R in rings(n):
        x = R.from_dict(f)
        assert R.to_expr(x) == expr
        back, d = R.from_expr(expr / den)
        assert (R.to_dict(back), d) == ({m: c // g for m, c in f.items()}, den // g if f else 1)
        num, dd = R.from_rational_function(expr / (expr**2 + 1))
        assert sp.cancel(R.to_expr(num) / R.to_expr(dd) - expr / (expr**2 + 1)) == 0
        got.append((R.to_dict(num), R.to_dict(dd)))
    same(got)


def test_large_expressions_are_sympys_trees():
    """Sums of many terms (sorted by the fast key, remembered by to_expr) are sympy's own trees, on every backend."""
    for n in (1, 2, 3):
        p = sp.Poly(sp.expand((1 - 2 * sum(GENS[:n]) + 3 * GENS[0] ** 2) ** 5), *GENS[:n])
        d = as_dict(p)
        for R in rings(n):
            el = R.from_dict(d)
            assert R.to_expr(el) == p.as_expr()
            assert R.to_expr(R.from_dict(d)) == p.as_expr()  # the remembered conversion
    dummies = (sp.Dummy("w"), sp.Symbol("w"), sp.Symbol("w", positive=True))  # no fast path, equal names
    for name in available_backends():
        R = get_backend(dummies, name)
        el = R.from_dict({(1, 0, 0): 2, (0, 1, 1): -1, (0, 0, 0): 5})
        assert R.to_expr(el) == 2 * dummies[0] - dummies[1] * dummies[2] + 5


@SETTINGS
@given(polys(3))
def test_primitive_vectors(case):
    """primitive, vector_key and vector_sum agree on every backend; proportional vectors share the key."""
    n, vec = case
    if not any(vec):
        vec[0] = {(0,) * n: 1}
    got = []
    for R in rings(n):
        v = [R.from_dict(d) for d in vec]
        prim = R.primitive(v)
        scaled = [R.from_dict({(1,) + (0,) * (n - 1): -2, (0,) * n: 3}) * e for e in v]
        assert R.vector_key(R.primitive(scaled)) == R.vector_key(prim)
        assert R.to_dict(R.vector_sum(v)) == as_dict(sum((ref(d, n) for d in vec), ref({}, n)))
        first = next(e for e in prim if e)
        assert R.leading_sign(first) == 1
        got.append(R.vector_key(prim))
    same(got)


@SETTINGS
@given(polys(2, nonzero=True), st.tuples(st.integers(-5, 5), st.integers(1, 5)))
def test_signs_and_fractions(case, value):
    """evaluate_sign and fraction (lowest terms, denominator positive at the point) agree with sympy, on every backend."""
    n, (a, b) = case
    point = {g: sp.Rational(value[0] + k, value[1]) for k, g in enumerate(GENS[:n])}
    ea = ref(a, n).as_expr()
    g = ref(a, n).gcd(ref(b, n))
    top, bottom = ref(a, n).exquo(g), ref(b, n).exquo(g)  # the reference: lowest terms with sympy's Poly
    if (sp.sign(bottom.as_expr().subs(point)) or sp.sign(bottom.LC())) < 0:
        top, bottom = -top, -bottom
    expected = top.as_expr() / bottom.as_expr()
    for R in rings(n):
        x, y = R.from_dict(a), R.from_dict(b)
        assert R.evaluate_sign(x, point) == sp.sign(ea.subs(point))
        assert R.fraction(x, y, point) == expected


def test_ring_substitutes_zero():
    """Substituting x = 0 into a polynomial with a constant term gives that term (0**0 = 1 on every backend)."""
    x, y = sp.symbols("x y")
    for name in available_backends():
        ring = get_backend((x, y), name)
        f, _ = ring.from_expr(3 * x**2 + 2 * x * y + 5)
        zero, one = ring.from_expr(0)[0], ring.from_expr(1)[0]
        top, degree = ring.subst(f, 0, zero, one)
        assert (ring.to_expr(top), degree) == (5, 2)
        assert ring.to_expr(ring.power(zero, 0)) == 1


@pytest.mark.parametrize("values", [[6, -4, 0], [0, -3, 9], [5]])
def test_integer_backend(values):
    """The integer ring (no generators) answers as the constants of the polynomial rings do."""
    Z = IntegerBackend()
    assert isinstance(get_backend((), available_backends()[0]), IntegerBackend)
    g = math.gcd(*values)
    sign = 1 if next(v for v in values if v) > 0 else -1
    assert Z.primitive(values) == tuple(v // (g * sign) for v in values)
    assert Z.vector_sum(values) == sum(values)
    assert Z.to_dict(Z.from_dict({(): 7})) == {(): 7} and Z.to_dict(0) == {}
    assert Z.from_expr(sp.Rational(-3, 4)) == (-3, 4)
    assert Z.fraction(6, -4, {}) == sp.Rational(-3, 2) and Z.factors(12) == [] and Z.is_const(5)
    for R in rings(1):
        consts = [R.from_int(v) for v in values]
        assert [R.constant(e) for e in R.primitive(consts)] == list(Z.primitive(values))


def test_rational_to_backend():
    """A fraction of rational-coefficient Polys becomes the same (N, D) over ZZ on every backend."""
    x, y = GENS[:2]
    num, den = sp.Poly(x / 2 + y, x, y, domain=sp.QQ), sp.Poly(y / 3 - 1, x, y, domain=sp.QQ)
    got = []
    for R in rings(2):
        n, d = rational_to_backend(num, den, R)
        assert sp.cancel(R.to_expr(n) / R.to_expr(d) - num.as_expr() / den.as_expr()) == 0
        got.append((R.to_dict(n), R.to_dict(d)))
    same(got)
