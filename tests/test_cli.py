"""The `symcm` command, run through its entry points as a user would."""

import pathlib
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
    """For the SNS the command prints certified h_mu bounds in words, never a Python repr, and says what is missing once."""
    code, out, _ = run("derive", "sns")
    assert code == 0
    assert "h_mu in [0.677867181055152, 0.677867181055153] (certified enclosure)" in out
    assert "Bounds(" not in out
    assert out.count("not available exactly") <= 1
    assert "max_states" not in out


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
        (("derive", "golden_mean", "p=3/2"), "p must lie in the open interval (0, 1), received p=3/2"),
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
    assert "  symcm derive binary_markov p=2/5 q=1/3" in out


# --- LaTeX, crossover and report subcommands -------------------------------------------


def test_derive_latex_prints_an_align_environment():
    """`symcm derive binary_markov --latex` prints an align* block with C_mu as a cases environment."""
    code, out, err = run("derive", "binary_markov", "--latex")
    assert code == 0, err
    assert out.lstrip().startswith(r"\begin{align*}") and out.rstrip().endswith(r"\end{align*}")
    assert r"\begin{cases}" in out and r"\operatorname{H}" in out


def test_derive_accepts_another_parameter_as_a_value():
    """`q=p` restricts binary_markov to its diagonal: one parameter left, C_mu with the p = 1/2 case."""
    code, out, err = run("derive", "binary_markov", "q=p")
    assert code == 0, err
    assert "parameters=(p,)" in out
    assert "C_mu = Piecewise((0, Eq(p, 1/2)), (1, True))" in out


def test_crossover_command_certifies_loehrs_region():
    """`symcm crossover` restricts binary_markov to q = p and certifies p* = 0.38645390239... to the digits asked."""
    code, out, err = run("crossover", "--process", "binary_markov", "--generator", "lohr_generator", "--digits", "25")
    assert code == 0, err
    assert "where q = p" in out
    assert "H[pi] < C_mu on p in (0.3864539023903259063947382..., 1/2)" in out


def test_crossover_command_latex():
    """`symcm crossover --latex` prints the two entropies and the region in LaTeX."""
    code, out, err = run("crossover", "--process", "binary_markov", "--generator", "lohr_generator", "--latex",
                         "--digits", "8")
    assert code == 0, err
    assert r"p \in \left(0.38645390\ldots, \frac{1}{2}\right)" in out


def test_report_command_writes_tex_and_prints_results(tmp_path):
    """`symcm report ... -o x.tex` prints the derivation and writes a complete LaTeX document."""
    out_file = tmp_path / "report.tex"
    code, out, err = run("report", "binary_markov", "--generator", "lohr_generator", "-o", str(out_file),
                         "--digits", "12")
    assert code == 0, err
    text = out_file.read_text()
    assert text.startswith(r"\documentclass") and r"\end{document}" in text
    assert r"\begin{tikzpicture}" in text and r"\begin{cases}" in text
    assert "C_mu = Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))" in out
    assert f"wrote {out_file}" in out


def test_report_command_writes_pdf(tmp_path):
    """`symcm report golden_mean -o x.pdf` compiles a PDF with pdflatex."""
    from tests.texutil import require_pdflatex

    require_pdflatex()
    out_file = tmp_path / "golden.pdf"
    code, out, err = run("report", "golden_mean", "-o", str(out_file), "--quiet")
    assert code == 0, err
    assert out_file.read_bytes()[:5] == b"%PDF-" and out_file.stat().st_size > 20_000
    assert out.strip() == f"wrote {out_file}"


def test_load_command_with_latex(tmp_path):
    """`symcm load FILE --latex` derives from a machine file and prints LaTeX."""
    import symcm as sc

    p = sc.symbols("p")
    path = tmp_path / "gm.toml"
    sc.dump(sc.processes.golden_mean(p), path)
    code, out, err = run("load", str(path), "--latex")
    assert code == 0, err
    assert r"\begin{align*}" in out and r"C_\mu" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (("crossover", "--process", "binary_markov", "--generator", "golden_mean"), "does not generate"),
        (("crossover", "--process", "nonesuch", "--generator", "lohr_generator"), "unknown process 'nonesuch'"),
        (("crossover", "--process", "binary_markov", "--generator", "nonesuch"), "unknown generator 'nonesuch'"),
        (("crossover", "--process", "binary_markov", "--generator", "lohr_generator", "--digits", "0"), "digits"),
        (("report", "binary_markov", "-o", "out.docx"), "must end in .tex or .pdf"),
        (("report", "nonesuch", "-o", "out.tex"), "unknown process 'nonesuch'"),
        (("derive", "binary_markov", "q=r"), "or the name of another parameter (p)"),
        (("load", "machine.txt"), "expected a machine file"),
    ],
)
def test_new_subcommands_bad_input_exit_2(args, message):
    """Bad input to crossover/report/load exits 2 with a one-line message naming the problem."""
    code, out, err = run(*args)
    assert code == 2, out + err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["list", "derive", "crossover", "report", "load"])
def test_every_subcommand_help_has_an_example(command):
    """`symcm COMMAND --help` exits 0 and shows at least one example invocation."""
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "example" in out and f"symcm {command}" in out


def test_console_script_entry_point_is_installed():
    """The `symcm` console script (pyproject entry point) runs `symcm list` like `python -m symcm`."""
    import shutil

    exe = shutil.which("symcm") or str(pathlib.Path(sys.executable).with_name("symcm"))
    if not pathlib.Path(exe).exists():
        pytest.skip("the symcm console script is not installed in this environment (pip install -e . installs it)")
    proc = subprocess.run([exe, "list"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "binary_markov(p, q)" in proc.stdout


def test_progress_bar_draws_on_a_terminal():
    """The progress helper draws a rich bar when enabled and is silent (a no-op) in a pipe."""
    import io

    from rich.console import Console

    from symcm import cli

    with cli._progress(2, enabled=False) as step:
        step("one")
        step("two")
    buf = io.StringIO()
    import unittest.mock as mock

    with mock.patch("rich.console.Console", lambda **kw: Console(file=buf, force_terminal=True, width=80)):
        with cli._progress(2, enabled=True) as step:
            step("first step")
            step("second step")
    assert "step" in buf.getvalue()


# --- issue 10: user values are never evaluated -------------------------------------------------------------------

def test_cli_values_never_evaluate_text(tmp_path, capsys):
    """`symcm derive NAME p=<code>` exits 2 with a one-line error naming the value; the code never runs."""
    marker = tmp_path / "ran"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch() or 1"
    for value in (payload, "1e999999999"):
        assert main(["derive", "binary_markov", f"p={value}"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("symcm: error: value of p: expected a rational number") and err.count("\n") == 1
    assert not marker.exists()


# --- options checked before any work (issue 10) ------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["derive", "golden_mean", "--digits", "0"], "--digits must be from 1 to 10000, received 0"),
    (["derive", "golden_mean", "--digits", "-3"], "--digits must be from 1 to 10000, received -3"),
    (["derive", "golden_mean", "--digits", "100000"], "--digits must be from 1 to 10000"),
    (["report", "golden_mean", "-o", "r.tex", "--digits", "0"], "--digits must be from 1"),
    (["crossover", "--process", "binary_markov", "--generator", "lohr_generator", "--digits", "-3"], "--digits"),
    (["derive", "golden_mean", "--max-states", "0"], "--max-states must be at least 1, received 0"),
])
def test_bad_option_values_exit_2_in_process(args, message, capsys, tmp_path, monkeypatch):
    """--digits 0 / -3 (accepted before) and --max-states 0 exit 2 with a one-line message naming the option."""
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not list(tmp_path.iterdir())


def test_derive_refuses_a_model_past_the_state_cap_at_once(capsys):
    """`symcm derive period n=100000` exits 2 at once, naming --max-states and how to raise it (it hung)."""
    assert main(["derive", "period", "n=100000"]) == 2
    err = capsys.readouterr().err
    assert "period(100000) has 100000 states, more than the cap --max-states=200" in err
    assert "pass a larger --max-states" in err


def test_state_cap_can_be_raised_and_lowered(capsys):
    """--max-states sets the cap: period n=4 is refused under --max-states 3 and derived under the default."""
    assert main(["derive", "period", "n=4", "--max-states", "3"]) == 2
    assert "--max-states=3" in capsys.readouterr().err
    assert main(["derive", "period", "n=4"]) == 0
    assert "H[pi] = 2" in capsys.readouterr().out


def test_state_cap_applies_to_machine_files(tmp_path, capsys):
    """A machine file with more states than --max-states is refused naming the file."""
    import symcm as sc

    path = sc.dump(sc.processes.period(5), tmp_path / "p5.toml")
    assert main(["load", str(path), "--max-states", "4"]) == 2
    assert "p5.toml has 5 states, more than the cap --max-states=4" in capsys.readouterr().err


def test_report_refuses_a_missing_output_directory(tmp_path, capsys):
    """`symcm report NAME -o /missing/dir/r.tex` exits 2 and creates nothing (it created the directories)."""
    target = tmp_path / "missing" / "dir" / "r.tex"
    assert main(["report", "golden_mean", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "does not exist; create it first" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()


def test_parameter_given_twice_refused(capsys):
    """`symcm derive binary_markov p=1/3 p=1/4` exits 2 with a one-line error instead of keeping the last value."""
    assert main(["derive", "binary_markov", "p=1/3", "p=1/4"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "parameter p is given twice (p=1/3 and p=1/4)" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_values_may_follow_options(capsys):
    """Options and parameter values mix in any order: `derive golden_mean --digits 5 p=1/3` (and --latex, --json)."""
    assert main(["derive", "golden_mean", "--digits", "5", "p=1/3"]) == 0
    assert "C_mu = H(1/4)  ~ 0.81128" in capsys.readouterr().out
    assert main(["derive", "--latex", "binary_markov", "q=p", "--digits", "4", "p=1/3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\\begin{align*}") and "\\pi_{A} &= \\frac{1}{2}" in out


def test_version_and_bare_command(capsys):
    """`symcm --version` names the version; bare `symcm` prints the help and exits 0."""
    import symcm

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"symcm {symcm.__version__}"
    assert main([]) == 0
    assert "usage: symcm" in capsys.readouterr().out


def test_misspellings_get_a_suggestion(capsys):
    """A misspelled command or process name is refused with a 'did you mean' suggestion."""
    with pytest.raises(SystemExit) as stop:
        main(["drive", "golden_mean"])
    assert stop.value.code == 2
    assert "did you mean 'derive'?" in capsys.readouterr().err
    assert main(["derive", "golden_maen"]) == 2
    assert "did you mean 'golden_mean'?" in capsys.readouterr().err


def test_json_output_has_exact_strings_and_floats(capsys):
    """--json gives every quantity's exact string, LaTeX and float; the floats equal the exact values."""
    import json

    import sympy as sp

    assert main(["derive", "binary_markov", "p=2/5", "q=1/3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["quantity"]: r for r in data["results"]}
    assert rows["pi[A]"]["exact"] == "5/11" and rows["pi[A]"]["float"] == 5 / 11
    assert rows["C_mu"]["exact"] == "H(5/11)" and "frac{5}{11}" in rows["C_mu"]["latex"]
    h = sp.Rational(5, 11)
    assert abs(rows["C_mu"]["float"] - float(-(h * sp.log(h, 2) + (1 - h) * sp.log(1 - h, 2)))) < 1e-15
    assert rows["Markov order"]["exact"] == "1"
    assert data["model"] == "binary_markov(2/5, 1/3)"


def test_json_output_of_an_infinite_machine(capsys):
    """--json on the SNS: h_mu as a certified enclosure, the rest unavailable with the option that raises the cap."""
    import json

    assert main(["derive", "sns", "--json", "--max-mixed-states", "20"]) == 0
    rows = {r["quantity"]: r for r in json.loads(capsys.readouterr().out)["results"]}
    lo, hi = rows["h_mu"]["certified_enclosure"]
    assert float(lo) <= 0.6778671810551528 <= float(hi)
    assert rows["E"]["available"] is False and rows["E"]["option"] == "--max-mixed-states"


def test_caps_are_options_and_named_in_reasons(capsys):
    """--max-mixed-states and --max-beliefs reach the derivation; the reason names the option, not a keyword."""
    assert main(["derive", "sns", "--max-mixed-states", "7"]) == 0
    out = capsys.readouterr().out
    assert "--max-mixed-states=7" in out and "raise --max-mixed-states" in out
    assert main(["derive", "sns", "--max-beliefs", "0"]) == 2
    assert "--max-beliefs must be at least 1, received 0" in capsys.readouterr().err


def test_generic_machine_file_prints_what_is_computable(tmp_path, capsys):
    """A non-unifilar machine with infinitely many causal states: pi and H[pi] are printed, the rest explained, exit 0."""
    import sympy as sp

    import symcm as sc
    from symcm.models.spec_write import dump

    r = sp.Rational
    m = sc.HMM.from_edges([("A", "A", "0", r(1, 3)), ("A", "B", "0", r(1, 3)), ("A", "B", "1", r(1, 3)),
                           ("B", "A", "0", r(1, 4)), ("B", "B", "0", r(1, 2)), ("B", "C", "1", r(1, 4)),
                           ("C", "A", "1", r(2, 5)), ("C", "C", "0", r(3, 5))], name="generic")
    path = dump(m, tmp_path / "generic.toml")
    assert main(["load", str(path), "--max-beliefs", "500", "--max-mixed-states", "30"]) == 0
    out = capsys.readouterr().out
    assert "pi[A] = 6/19" in out and "H[pi] = H(5/19, 6/19, 8/19)" in out
    assert "h_mu: not available exactly" in out and "--max-beliefs=500" in out and "best enclosure so far" in out
    assert "C_mu, E, chi, Markov order, cryptic order: not available exactly" in out


def test_list_prints_plain_text(capsys):
    """`symcm list` prints plain text, no reStructuredText markup."""
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "``" not in out and ":func:" not in out and ":math:" not in out
    assert "biased_coin(p): IID coin flips: 1 with probability p." in out


@pytest.mark.parametrize("value", ["p=0", "p=1", "p=3/2", "p=-1/2"])
def test_values_outside_the_open_domain_are_refused(value, capsys):
    """A value on the boundary of the open domain (0, 1) is refused like one outside it."""
    assert main(["derive", "golden_mean", value]) == 2
    assert "golden_mean: p must lie in the open interval (0, 1)" in capsys.readouterr().err


def test_list_into_a_closed_pipe_is_quiet():
    """`symcm list | head -1`: the closed pipe is not reported as an error."""
    proc = subprocess.run(f"{sys.executable} -m symcm list | head -1", shell=True, capture_output=True, text=True,
                          timeout=120)
    assert proc.stdout.count("\n") == 1 and proc.stderr == ""
