"""Start-up shape: a command imports what it needs, when it needs it (issue 18, "example pilot end to end").

These tests never time anything: they pin which modules a run loads, which is what the time follows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rmentor.cli.app import app, build_app, command_to_run
from rmentor.cli.commands import command_name

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(p.stem for p in (ROOT / "src" / "rmentor" / "cli" / "commands").glob("*.py") if p.stem != "__init__")

#: Libraries no command needs before it runs: ``rmentor --help`` must not pay for them.
HEAVY = ("numpy", "ortools", "openpyxl", "xlsxwriter", "docx", "fpdf", "pypdf", "icalendar", "holidays", "jinja2",
         "matplotlib", "scipy", "babel", "pydantic", "rich", "yaml", "charset_normalizer", "sqlite3")


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    """The top-level and rmentor modules loaded by ``code`` in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
               LANG="C.UTF-8", NO_COLOR="1")
    env.pop("LC_ALL", None)
    env.pop("RMENTOR_STRICT_I18N", None)  # the suite's own check reads the .po with Babel: a user's run does not
    script = ("import json, sys\n" + code +
              "\nprint(json.dumps(sorted(sys.modules)))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def _tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_app_and_help_load_no_heavy_library(tmp_path: Path) -> None:
    loaded = _modules_after("import rmentor.cli.app", tmp_path)
    assert not _tops(loaded) & set(HEAVY), sorted(_tops(loaded) & set(HEAVY))
    helped = _modules_after(
        "from typer.testing import CliRunner\nfrom rmentor.cli import app\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0", tmp_path)
    assert not _tops(helped) & set(HEAVY), sorted(_tops(helped) & set(HEAVY))
    assert "hashlib" not in helped  # OpenSSL: only to name a catalogue compiled from a .po, never for --help


def test_a_match_run_loads_only_what_matching_needs(tmp_path: Path) -> None:
    """``rmentor match`` (the example pilot, Russian) loads no library of another command: no documents, no
    calendar, no Excel, no holidays, no ledger, and no Babel once the catalogue is compiled."""
    run = ("import runpy\n"
           f"sys.argv = ['rmentor', 'match', {str(ROOT / 'examples' / 'roster.yaml')!r}, '--config', "
           f"{str(ROOT / 'examples' / 'program.yaml')!r}, '--out', 'out', '--force', '--quiet']\n"
           "try:\n    runpy.run_module('rmentor', run_name='__main__')\nexcept SystemExit as exit:\n"
           "    assert not exit.code, exit.code\n")
    _modules_after(run, tmp_path)  # the first run may compile the catalogue into the cache
    loaded = _modules_after(run, tmp_path)
    assert (tmp_path / "out" / "pairs.csv").is_file()
    assert {"numpy", "ortools", "pydantic", "rich", "yaml"} <= _tops(loaded)  # what the pilot does need
    unwanted = {"openpyxl", "xlsxwriter", "docx", "fpdf", "pypdf", "icalendar", "holidays", "jinja2", "matplotlib",
                "scipy", "babel", "charset_normalizer", "sqlite3"}
    assert not _tops(loaded) & unwanted, sorted(_tops(loaded) & unwanted)
    for module in ("rmentor.core.summary", "rmentor.core.rematching", "rmentor.core.scheduling",
                   "rmentor.workflows", "rmentor.ledger", "rich._emoji_codes",
                   # CP-SAT and its protobuf only for department caps, which the example program has none of
                   "ortools.sat", "ortools.sat.python.cp_model", "google.protobuf"):
        assert module not in loaded, module


def _pilot(before: str = "") -> str:
    """Code that runs the example pilot as ``python -m rmentor`` would, after ``before``."""
    return ("import os, runpy\n" + before +
            f"sys.argv = ['rmentor', 'match', {str(ROOT / 'examples' / 'roster.yaml')!r}, '--config', "
            f"{str(ROOT / 'examples' / 'program.yaml')!r}, '--quiet']\n"
            "try:\n    runpy.run_module('rmentor', run_name='__main__')\nexcept SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n")


def test_a_run_skips_library_start_up_work_it_does_not_use(tmp_path: Path) -> None:
    """The command line sets library switches before any library loads (a user's own value wins): pydantic
    never scans the installed packages for plugins; numpy's OpenBLAS starts no thread pool."""
    run = _pilot("os.environ.pop('OPENBLAS_NUM_THREADS', None)\nos.environ.pop('PYDANTIC_DISABLE_PLUGINS', None)\n")
    run += ("import pydantic.plugin._loader as plugins\n"
            "assert plugins._plugins is None, 'pydantic read the entry points of every package'\n"
            "assert tuple(plugins.get_plugins()) == ()\n"
            "assert os.environ['OPENBLAS_NUM_THREADS'] == '1'\n")
    loaded = _modules_after(run, tmp_path)
    assert {"numpy", "pydantic"} <= _tops(loaded)
    assert "pydantic.plugin._schema_validator" in loaded  # models were built: pydantic asked for its plugins


def test_pydantic_plugins_a_user_turns_on_are_read(tmp_path: Path) -> None:
    """``PYDANTIC_DISABLE_PLUGINS=`` (empty): the user's own value wins, and pydantic reads the entry points."""
    kept = _modules_after(_pilot("os.environ['PYDANTIC_DISABLE_PLUGINS'] = ''\n") +
                          "import pydantic.plugin._loader as plugins\n"
                          "assert isinstance(plugins._plugins, dict), 'pydantic did not look for plugins'\n",
                          tmp_path)
    assert "importlib.metadata" in kept


def test_a_run_of_one_command_builds_no_other(tmp_path: Path) -> None:
    """Importing the command line builds no command; a run imports its own command module alone, and the app
    with every command is built on first use of ``rmentor.cli.app``."""
    imported = _modules_after("import rmentor.cli, rmentor.cli.app", tmp_path)
    assert not {m for m in imported if m.startswith("rmentor.cli.commands.")}
    loaded = _modules_after(_pilot(), tmp_path)
    assert {m for m in loaded if m.startswith("rmentor.cli.commands.")} == {"rmentor.cli.commands.match"}
    whole = _modules_after("from rmentor.cli import app\nfrom rmentor.cli.app import app as same\n"
                           "import rmentor.cli\nassert app is same is rmentor.cli.app\n"
                           "from rmentor.cli.commands import command_name\n"
                           f"assert sorted(map(command_name, app.registered_commands)) == {COMMANDS!r}\n", tmp_path)
    assert {f"rmentor.cli.commands.{name}" for name in COMMANDS} <= whole


def test_a_users_own_library_settings_win(monkeypatch: pytest.MonkeyPatch) -> None:
    app_module = sys.modules["rmentor.cli.app"]
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # the documented way to keep plugins
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    monkeypatch.setattr(sys, "argv", ["rmentor", "--version"])
    with pytest.raises(SystemExit):
        app_module.main()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
    assert set(app_module.QUIET_LIBRARIES) == {"PYDANTIC_DISABLE_PLUGINS", "OPENBLAS_NUM_THREADS"}


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["match", "roster.yaml", "--quiet"], {}, "match"),
    (["plan", "--help"], {}, "plan"),
    ([], {}, None),
    (["--help"], {}, None),
    (["-V"], {}, None),
    (["--install-completion"], {}, None),
    (["match", "roster.yaml"], {"_RMENTOR_COMPLETE": "complete_bash"}, None),
])
def test_the_command_to_build_is_told_from_the_first_argument(
        monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], expected: str | None) -> None:
    for name in [n for n in os.environ if n.startswith("_") and n.endswith("_COMPLETE")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert command_to_run(args) == expected


@pytest.mark.parametrize(("argv", "built", "code"), [
    (["match", "--help"], ["match"], 0),
    (["--help"], [], 0),
    (["nosuch"], ["nosuch"], 2),  # not a command: the whole app answers, with its usual error
])
def test_main_builds_only_the_command_that_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                argv: list[str], built: list[str], code: int) -> None:
    app_module = sys.modules["rmentor.cli.app"]
    calls: list[str | None] = []
    real = app_module.build_app

    def spy(command: str | None = None) -> object:
        calls.append(command)
        return real(command)

    monkeypatch.setattr(app_module, "build_app", spy)
    monkeypatch.setattr(sys, "argv", ["rmentor", *argv])
    with pytest.raises(SystemExit) as stop:
        app_module.main()
    assert (stop.value.code or 0) == code
    assert calls == built
    printed = capsys.readouterr()
    assert "Usage:" in printed.out + printed.err


def test_an_unknown_command_builds_no_app() -> None:
    for name in ("nosuch", "commands", "__init__", "Match"):
        with pytest.raises(LookupError):
            build_app(name)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_alone_is_the_same_command(name: str) -> None:
    """Every command module adds the command it is named after, so a run of it builds that module alone; and
    that command, built alone, shows the same help and the same usage error (English and Russian) as in the app."""
    alone = build_app(name)
    assert [command_name(info) for info in alone.registered_commands] == [name]
    runner = CliRunner()
    for args in ([name, "--help"], [name, "--help", "--lang", "ru"], [name, "--no-such-option"],
                 [name, "--no-such-option", "--lang", "ru"]):
        full, single = runner.invoke(app, args), runner.invoke(alone, args)
        assert (single.exit_code, single.output) == (full.exit_code, full.output), args
    assert name in runner.invoke(app, ["--help"]).output
