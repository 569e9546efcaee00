"""README's promises: its two commands, and that CI runs the same test command."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _commands():
    text = (ROOT / "README.md").read_text()
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.+?)\n```", section, flags=re.S)


def test_readme_gives_exactly_two_commands():
    """README's 'Two commands' section has exactly two one-line console commands."""
    cmds = _commands()
    assert len(cmds) == 2
    assert all("\n" not in c for c in cmds)


def test_ci_runs_the_readme_test_command():
    """`.ci/run` runs README's test command verbatim."""
    test_cmd = _commands()[1]
    assert "pytest" in test_cmd
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmd in ci.splitlines()


def test_main_job_command_names_a_catalog_process():
    """README's main-job command reports on a catalog process with a catalog generator."""
    import symcm as sc

    main = _commands()[0]
    words = main.split("symcm report", 1)[1].split()
    assert words[0] in sc.processes.catalog()
    assert words[words.index("--generator") + 1] in sc.processes.catalog()
