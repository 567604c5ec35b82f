"""``rmentor invite``: bring every participant's calendar in line with the program ledger."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rmentor.cli.common import Common, ConfigOpt, FormatOpt, LangOpt, NoColorOpt, QuietOpt, boundary, check_format

PASSWORD_ENV = "RMENTOR_SMTP_PASSWORD"


def register(app: typer.Typer) -> None:
    """Add ``invite`` to the app."""
    app.command("invite")(invite_command)


def _password() -> str | None:
    """The SMTP password: from the environment, else a hidden prompt; never an option or a file."""
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        from rmentor.errors import UsageError

        raise UsageError("no SMTP password: set {env}, or run in a terminal to be asked for it",
                         hint="export {env}=... (never put it in program.yaml or on the command line)",
                         env=PASSWORD_ENV)
    from rmentor.i18n import tr

    text: str = typer.prompt(tr("SMTP password"), hide_input=True)
    return text


def invite_command(
    folder: Annotated[Path, typer.Argument(help="The program folder made by rmentor plan --out.", file_okay=False)],
    config: ConfigOpt = None,
    *,
    send: Annotated[bool, typer.Option("--send", help="Deliver over SMTP instead of writing .eml files.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be sent, to whom and why.")] = False,
    smtp_host: Annotated[Optional[str], typer.Option("--smtp-host", help="SMTP server (default: program smtp.host).")  # noqa: UP045
                         ] = None,
    smtp_port: Annotated[Optional[int], typer.Option("--smtp-port", help="SMTP port (default: 587, SSL 465).")  # noqa: UP045
                         ] = None,
    smtp_user: Annotated[Optional[str], typer.Option("--smtp-user", help="SMTP login; the password comes from "  # noqa: UP045
                                                     f"{PASSWORD_ENV} or a prompt.")] = None,
    smtp_security: Annotated[Optional[str], typer.Option("--smtp-security",  # noqa: UP045
                                                         help="starttls, ssl or none (a relay on localhost).")
                             ] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Send each participant what their calendar needs: invitations, updates and cancellations.

    By default the messages are written as .eml files to FOLDER/outbox (open them in Outlook or
    Thunderbird and send); --send delivers them over SMTP. Nothing changed: nothing is sent.
    """
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        check_format(fmt)
        if send and dry_run:
            from rmentor.errors import UsageError

            raise UsageError("--send and --dry-run exclude each other", hint="use one of them")
        from rmentor.i18n import set_language
        from rmentor.workflows.invite import invite, resolve_smtp
        from rmentor.workflows.program import program_language

        if lang is None:
            set_language(program_language(folder))
        program_file = None
        if config is not None:
            from rmentor.inputs.loading import load_program

            loaded = load_program(config)
            ui.warnings(loaded.warnings)
            program_file = loaded.value
        mode = "dry-run" if dry_run else "smtp" if send else "outbox"
        smtp = None
        if send:
            from rmentor.workflows.program import stored_program

            base = program_file if program_file is not None else stored_program(folder)
            smtp = resolve_smtp(base, host=smtp_host, port=smtp_port, user=smtp_user, security=smtp_security)
        result = invite(folder, mode=mode, program_file=program_file, smtp=smtp, password=_password)
        from rmentor.cli.render_invite import render_invite

        render_invite(ui, result, fmt)
