"""The reference pages typeset formulas: the measures' docstrings write them as :math:, not as code spans."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "symcm/causal/measures.py", "symcm/causal/transients.py", "symcm/causal/bidirectional.py",
    "symcm/causal/stationary.py", "symcm/causal/complexity.py", "symcm/causal/cryptic.py",
    "symcm/causal/synchronization.py", "symcm/causal/topology.py",
    "symcm/information/quantum.py", "symcm/information/shannon.py",
]
_CODE_SPAN = re.compile(r"``(?P<body>[^`]+)``")
# the marks of a formula written in ASCII: Greek or measure names, relations, sums, bra-kets, entropies
_FORMULA = re.compile(
    r"\b(?:h_mu|C_mu|r_mu|b_mu|q_mu|w_mu|rho_mu|chi|pi|pi_\w+|eta|eta_\w+|lambda|delta|Delta|Xi|phi|zeta|"
    r"log2|sum_\w*|lim|C_q|C_0|h_top)\b"
    r"|<=|>=|!=|<delta|[HI]\[|\bPr\(|\^\(|\*\* ?length|\bE = "
)

# code spans that look like formulas but are Python: values a user types or reads back, sympy's printed forms
CODE = {
    "``{word: Pr(word)}``",  # the dict word_probabilities returns
    "``Piecewise((H(0), Eq(L, 0)), ..., (H(k-1), Eq(L, k-1)), (E + L h_mu, True))``",  # the sympy expression returned
    "``L h_mu + E - sum_atoms atom * RootSum(c, Lambda(lambda, w(lambda) lambda^L))``",  # ditto
    "``pi_s = weights[s] / total``",  # in terms of the returned Python values
    "``pi.at(point)``",  # a method call
    "``log2``",  # the form symcm.H prints
    "``(states, delta)``", "``delta[(state, symbol)]``",  # the returned tuple and dict
    "``log(lambda)/log(2)``",  # the sympy expression returned
}


def _public_docstrings(path: Path):
    """(name, docstring) of the module and of its public functions, classes and methods."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    yield "module", ast.get_docstring(tree, clean=False) or ""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            yield node.name, ast.get_docstring(node, clean=False) or ""
            for member in getattr(node, "body", []) if isinstance(node, ast.ClassDef) else []:
                if isinstance(member, ast.FunctionDef) and not member.name.startswith("_"):
                    yield f"{node.name}.{member.name}", ast.get_docstring(member, clean=False) or ""


def formula_code_spans(path: Path) -> list[str]:
    """The code spans of ``path``'s public docstrings that look like formulas (examples excluded)."""
    found = []
    for name, doc in _public_docstrings(path):
        prose = "\n".join(line for line in doc.splitlines() if not line.lstrip().startswith((">>>", "...")))
        found += [f"{name}: ``{m['body']}``" for m in _CODE_SPAN.finditer(prose) if _FORMULA.search(m["body"]) and m[0] not in CODE]
    return found


@pytest.mark.parametrize("module", MODULES)
def test_formulas_are_maths_not_code(module):
    """No formula of the module's public docstrings is left as a ``code span`` (the site typesets :math:)."""
    spans = formula_code_spans(ROOT / module)
    assert not spans, f"{module}: formulas written as code spans:\n" + "\n".join(spans)
