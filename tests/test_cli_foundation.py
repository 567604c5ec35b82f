"""validate, init, --version: the foundation commands."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rmentor import __version__
from rmentor.cli import app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert __version__ in result.output


def test_validate_example(runner: CliRunner, example_roster: Path, example_program: Path) -> None:
    result = runner.invoke(app, ["validate", str(example_roster), "--config", str(example_program), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "14 seniors, 18 juniors" in result.output
    assert "titov" in result.output and "readiness 2 is below the minimum 3" in result.output


def test_validate_without_config(runner: CliRunner, example_roster: Path) -> None:
    result = runner.invoke(app, ["validate", str(example_roster)])
    assert result.exit_code == 0, result.output


def test_init_writes_files_that_validate(runner: CliRunner, tmp_path: Path) -> None:
    for lang in ("ru", "en"):
        target = tmp_path / lang
        result = runner.invoke(app, ["init", str(target), "--lang", lang])
        assert result.exit_code == 0, result.output
        check = runner.invoke(
            app, ["validate", str(target / "roster.yaml"), "--config", str(target / "program.yaml")]
        )
        assert check.exit_code == 0, check.output


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    before = (tmp_path / "roster.yaml").read_bytes()
    again = runner.invoke(app, ["init", str(tmp_path)])
    assert again.exit_code == 2
    assert "already exist" in again.output
    assert (tmp_path / "roster.yaml").read_bytes() == before


def test_every_command_has_help(runner: CliRunner) -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert cmd.help, f"command {name} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_presets_and_example_program_load(runner: CliRunner, example_roster: Path) -> None:
    root = example_roster.parent.parent
    for config in sorted((root / "configs").glob("*.yaml")):
        result = runner.invoke(app, ["validate", str(example_roster), "--config", str(config)])
        assert result.exit_code == 0, (config, result.output)


def test_strict_preset_matches_the_example(runner: CliRunner, example_roster: Path) -> None:
    config = example_roster.parent.parent / "configs" / "strict-cross-functional.yaml"
    result = runner.invoke(app, ["match", str(example_roster), "--config", str(config), "--format", "json"])
    assert result.exit_code in (0, 3), result.output


def test_default_holiday_country_is_supported() -> None:
    """models.Program skips the (slow) holidays lookup for RU; make sure RU really is supported."""
    from holidays import list_supported_countries

    assert "RU" in list_supported_countries()


def test_help_lists_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Exit codes" in result.output
