"""The adversarial-pass instrument (scripts/adversarial.py): its classifier, its isolation, its coverage.

These tests do not run the catalogue (that takes minutes; run the script);
they check that the instrument reports what happened: a raw exception as raw,
a payload that ran as EXECUTED, a changed argument as mutated, a runaway as a
hang, and that the catalogue reaches every public function.
"""

from __future__ import annotations

import importlib.util
import inspect
import pathlib
import sys

import pytest

import symcm as sc

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def adv():
    spec = importlib.util.spec_from_file_location("adversarial", ROOT / "scripts" / "adversarial.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["adversarial"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("adversarial", None)


def _run(adv, code, expect="refuse", timeout=20.0, **kw):
    c = adv.Case("t", code, expect, **kw)
    (record,), _ = adv.run([c], jobs=1, timeout=timeout, memory=2**31, verbose=False)
    return record


@pytest.mark.parametrize("code, cls, verdict", [
    ("sc.processes.period(0)", "clear", "ok"),
    ("raise sc.errors.DomainError('bad value')", "clear", "ok"),
    ("raise ValueError('plain')", "raw", "raw"),
    ("raise sc.SymcmError('no builtin base')", "unclear", "unclear"),
    ("raise sc.errors.DomainError('')", "unclear", "unclear"),
    ("sc.processes.golden_mean(p)", "accepted", "silently accepted"),
])
def test_classifies_outcomes_of_refuse_cases(adv, code, cls, verdict):
    """A refuse-case is ok only for a SymcmError with a builtin base and a message; everything else is named."""
    record = _run(adv, code)
    assert (record["class"], record["verdict"]) == (cls, verdict)


def test_accept_case_refused_or_wrong(adv):
    """An accept-case that raises a clear error is 'wrongly refused'; a failed check is 'wrong'."""
    assert _run(adv, "sc.processes.period(0)", "accept")["verdict"] == "wrongly refused"
    assert _run(adv, "check(sc.H(half) == 0, 'H(1/2) is 1')", "accept")["verdict"] == "wrong"
    assert _run(adv, "check(sc.H(half) == 1)", "accept")["verdict"] == "ok"


def test_detects_executed_payload(adv):
    """A payload that creates the case's marker file is reported as EXECUTED, whatever the call returned."""
    record = _run(adv, "sc.H(half); " + adv.PAYLOAD)
    assert record["verdict"] == "EXECUTED"


def test_detects_mutated_argument(adv):
    """A prelude dict changed by the call is reported as mutated."""
    record = _run(adv, "vals[p] = 0; raise sc.errors.DomainError('x')")
    assert record["verdict"] == "mutated" and record["mutated"] == ["vals"]


def test_detects_hang_and_crash(adv):
    """A call past the wall-clock limit is a hang; a child killed by a signal is a crash."""
    assert _run(adv, "import time; time.sleep(60)", timeout=1)["class"] == "hang"
    assert _run(adv, "import os; os.kill(os.getpid(), 9)")["class"] == "crash"


def test_misleading_message(adv):
    """A clear refusal whose message lacks what the case requires is 'misleading'."""
    record = _run(adv, "raise sc.errors.DomainError('could not refine the root')", match="pole")
    assert record["verdict"] == "misleading"


def test_cli_case(adv):
    """A command-line refusal (exit 2, one line on stderr) is clear; a bogus subcommand is refused too."""
    assert _run(adv, ["derive", "bogus"], kind="cli")["class"] == "clear"
    assert _run(adv, ["list"], "accept", kind="cli")["verdict"] == "ok"


def test_catalogue_reaches_every_public_function(adv):
    """Every public function and method of symcm (and sc.processes) appears in at least one case."""
    cases = adv.build_catalogue()
    assert len(cases) >= 500
    text = "\n".join(c.code if isinstance(c.code, str) else " ".join(c.code) for c in cases)
    text += "\n".join(adv.PRELUDE.values()) + "\n".join(adv.MODEL_CALLS.values()) + "\n".join(adv.CAP_CALLS.values())
    public = [f"sc.{n}(" for n in sc.__all__ if inspect.isfunction(getattr(sc, n))]
    public += [f"sc.processes.{n}(" for n in sc.processes.__all__]
    public += [f".{n}(" for n, v in vars(sc.HMM).items() if not n.startswith("_") and callable(getattr(sc.HMM, n))]
    missing = [n for n in public if n not in text]
    assert not missing, f"no adversarial case calls {missing}: add cases to scripts/adversarial.py"


def test_catalogue_names_are_unique_and_expectations_valid(adv):
    """Case names are unique (the report refers to them) and each expectation is one of the three."""
    cases = adv.build_catalogue()
    assert len({c.name for c in cases}) == len(cases)
    assert {c.expect for c in cases} <= {"refuse", "accept", "either"}


def test_result_that_cannot_be_printed_is_raw(adv):
    """An accepted call whose result raises when printed is reported as raw, not as accepted."""
    record = _run(adv, "class Bad:\n    def __repr__(self):\n        raise ValueError('no repr')\nBad()", "accept")
    assert record["class"] == "raw" and "printing" in record["message"]
