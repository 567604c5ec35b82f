"""What ``invite`` shows: one line per message (to whom, what, why), or versioned JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmentor.i18n import tr, trn

if TYPE_CHECKING:
    from rmentor.cli.render import UI
    from rmentor.workflows.invite import InviteResult, Message

WHY = {
    "new": "new pair: the whole series",
    "changed": "the schedule changed: an update",
    "cancelled": "sessions were cancelled",
    "ended": "the pair has ended",
    "retry": "not confirmed by the mail server last time: sent again",
}


def _what(m: Message) -> str:
    if m.method == "CANCEL":
        return tr("cancel the whole series") if m.sessions == 0 else trn("cancel {n} session", "cancel {n} sessions",
                                                                          m.sessions)
    return trn("invitation to {n} session", "invitation to {n} sessions", m.sessions)


def invite_json(result: InviteResult) -> dict[str, object]:
    """``invite --format json`` (versioned; the shape is pinned by a test)."""
    from rmentor.outputs.jsonout import JSON_VERSION

    return {
        "version": JSON_VERSION,
        "mode": result.mode,
        "up_to_date": result.up_to_date,
        "messages": [{"to": m.recipient, "pair_id": m.pair_id, "method": m.method, "sequence": m.sequence,
                      "why": m.why, "sessions": m.sessions, "uid": m.uid, "message_id": m.message_id,
                      "delivered": m in result.delivered} for m in result.messages],
        "without_email": list(result.no_email),
        "files": [str(p) for p in result.files],
    }


def render_invite(ui: UI, result: InviteResult, fmt: str) -> None:
    """Print the result of ``invite``."""
    if fmt == "json":
        ui.json(invite_json(result))
        return
    for name in result.no_email:
        ui.err.print(f"[yellow]{tr('warning')}:[/] ", end="")
        ui.err.print(tr("{name} has no e-mail in the roster: they get no invitation", name=name), markup=False)
    if result.up_to_date:
        ui.out.print(tr("Calendars are up to date: nothing to send."))
        return
    for m in result.messages:
        ui.out.print(f"{m.pair_id}  {m.method:<7} -> {m.name} <{m.recipient}>: {_what(m)} ({tr(WHY[m.why])})",
                     markup=False)
    n = len(result.messages)
    if result.mode == "dry-run":
        ui.out.print(trn("{n} message would be sent; nothing was written.",
                         "{n} messages would be sent; nothing was written.", n))
    elif result.mode == "outbox":
        ui.out.print(trn("{n} message written to {folder}: open each in your mail client and send it.",
                         "{n} messages written to {folder}: open each in your mail client and send it.", n,
                         folder=str(result.outbox)))
    else:
        ui.out.print(trn("{n} message delivered.", "{n} messages delivered.", len(result.delivered)))
