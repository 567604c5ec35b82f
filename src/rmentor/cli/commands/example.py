"""``rmentor example``: write a realistic synthetic roster of any size (demos, load tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rmentor.cli.common import Common, ConfigOpt, ForceOpt, LangOpt, NoColorOpt, QuietOpt, boundary, load_inputs
from rmentor.i18n import tr, trn

MAX_SIDE = 200_000


def example(
    *,
    out: Annotated[Path, typer.Option("--out", "-o", help="Roster file to write (YAML).", dir_okay=False)],
    seniors: Annotated[int, typer.Option("--seniors", help="Number of seniors.", min=1, max=MAX_SIDE)] = 100,
    juniors: Annotated[int, typer.Option("--juniors", help="Number of juniors.", min=1, max=MAX_SIDE)] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same file.", min=0)] = 0,
    config: ConfigOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Write a realistic synthetic roster: Russian names, departments, reporting lines, topics, time zones.

    Scores follow the criteria and scale of --config (the defaults without it), so the file validates as it is.
    """
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.errors import UsageError
        from rmentor.outputs.files import write_outputs
        from rmentor.workflows.synth import roster_yaml, synthetic_roster

        if out.suffix.lower() not in (".yaml", ".yml"):
            raise UsageError("--out must be a .yaml file, not '{name}'", hint="for example --out roster.yaml",
                             name=out.name)
        program, _ = load_inputs(common, ui, None, config)
        data = synthetic_roster(seniors, juniors, seed, program=program.value)
        header = tr(
            "Synthetic roster made by 'rmentor example --seniors {seniors} --juniors {juniors} --seed {seed}'.\n"
            "The people, departments and scores are invented.",
            seniors=seniors, juniors=juniors, seed=seed,
        )
        text = roster_yaml(data, header=header)
        written = write_outputs(out.parent, {out.name: text.encode("utf-8")}, force=force)
        ui.out.print(str(written[0]), markup=False)
        import shlex

        command = f"rmentor validate {shlex.quote(str(written[0]))}"
        if config is not None:
            command += f" --config {shlex.quote(str(config))}"
        ui.info(
            tr("Wrote {seniors} and {juniors} (seed {seed}). Next: {command}",
               seniors=trn("{n} senior", "{n} seniors", seniors), juniors=trn("{n} junior", "{n} juniors", juniors),
               seed=seed, command=command)
        )


def register(app: typer.Typer) -> None:
    """Attach ``example`` to the app."""
    app.command("example")(example)
