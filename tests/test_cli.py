"""The `symcm` command, run through its entry points as a user would."""

import subprocess
import sys

import pytest

from symcm.cli import main


def run(*args):
    """Run `python -m symcm ARGS` in a subprocess; return (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "symcm", *args], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_derive_binary_markov_prints_the_exact_derivation():
    """`symcm derive binary_markov` prints pi, H[pi] and h_mu in closed form and exits 0."""
    code, out, err = run("derive", "binary_markov")
    assert code == 0, err
    assert "pi[A] = q/(p + q)" in out
    assert "H[pi] = H(p/(p + q))" in out
    assert "h_mu = p*H(q)/(p + q) + q*H(p)/(p + q)" in out


def test_derive_with_values_is_exact_and_numeric():
    """Values given as p=2/5 are exact; numeric approximations are printed beside exact results."""
    code, out, _ = run("derive", "binary_markov", "p=2/5", "q=1/3")
    assert code == 0
    assert "pi[A] = 5/11" in out
    assert "H[pi] = H(5/11)  ~ 0.99403021147695" in out


def test_derive_non_unifilar_uses_the_epsilon_machine():
    """For a non-unifilar model h_mu and C_mu come from its epsilon-machine (Loehr at p = 2/5: H(2/5) and 1)."""
    code, out, _ = run("derive", "lohr_generator", "p=2/5")
    assert code == 0
    assert "h_mu = H(2/5)" in out
    assert "C_mu = 1" in out
    assert "H[pi] = H(1/10, 1/10, 4/5)  ~ 0.921928094887362" in out


def test_derive_infinite_machine_reports_what_is_missing():
    """For the SNS the command prints certified h_mu bounds and says C_mu is not available exactly."""
    code, out, _ = run("derive", "sns")
    assert code == 0
    assert "h_mu = Bounds(0.677867181055" in out
    assert "C_mu = not available exactly" in out


def test_derive_prints_the_iid_line_case():
    """`symcm derive binary_markov` shows C_mu with its IID-line case."""
    code, out, _ = run("derive", "binary_markov")
    assert code == 0
    assert "C_mu = Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))" in out


def test_list_names_every_catalog_process():
    """`symcm list` lists every named process."""
    import symcm as sc

    code, out, _ = run("list")
    assert code == 0
    for name in sc.processes.catalog():
        assert f"{name}(" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (("derive", "nonesuch"), "unknown process 'nonesuch'"),
        (("derive", "golden_mean", "p=abc"), "expected a rational number"),
        (("derive", "golden_mean", "p"), "expected a parameter value like p=2/5"),
        (("derive", "golden_mean", "q=1/2"), "received values for q"),
        (("derive", "golden_mean", "p=3/2"), "negative"),
        (("derive", "golden_mean", "p=__import__('os')"), "expected a rational number"),
        (("load", "/nonexistent/machine.toml"), "error"),
    ],
)
def test_bad_input_gives_one_line_error_and_exit_2(args, message):
    """Bad input exits with status 2 and a one-line message on stderr, no traceback."""
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_main_returns_status_in_process(capsys):
    """`symcm.cli.main` returns 0 and prints the derivation when called in process."""
    assert main(["derive", "period", "n=3"]) == 0
    assert "H[pi] = log(3)/log(2)" in capsys.readouterr().out


def test_help_has_examples():
    """`symcm derive --help` shows an example invocation."""
    code, out, _ = run("derive", "--help")
    assert code == 0
    assert "example: symcm derive binary_markov p=2/5 q=1/3" in out
