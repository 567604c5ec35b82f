"""``rmentor invite``: what each person must receive so their calendar matches the ledger, then deliver it.

For every calendar object (a pair's series, or a standalone session) the ledger keeps the
current revision (:class:`~rmentor.ledger.CalendarObject`): when what the event says
changes, its SEQUENCE goes up by one. For every person it keeps what they were sent
(the state after each delivered message). The difference between the two is the mail:

* nothing held yet -> a REQUEST of the whole event;
* occurrences held that are gone (a cancelled session, the rest of an ended pair) -> a
  CANCEL of those occurrences (of the whole event when none remains);
* anything else different (a moved session, a new one) -> a REQUEST update.

Delivery is recorded per message. Over SMTP a message is first recorded ``pending`` with
its exact bytes, then ``delivered`` once the server accepted it; a rerun resends a pending
message byte for byte (same Message-ID, same SEQUENCE: a client that already has it
ignores it) and sends nothing that was delivered, so an interrupted run never duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rmentor.errors import ExitCode, InputError, Location, RmentorError


class DeliveryError(RmentorError):
    """The mail server refused or dropped the connection; what was accepted is recorded (exit 2)."""

    exit_code = ExitCode.INPUT


@dataclass(frozen=True)
class Message:
    """One message ``invite`` will write or send, and why."""

    recipient: str
    name: str
    pair_id: str
    uid: str
    method: str  # REQUEST | CANCEL
    sequence: int
    why: str  # new | changed | cancelled | ended | retry
    sessions: int  # occurrences it carries (REQUEST) or removes (CANCEL; 0 = the whole event)
    message_id: str
    subject: str
    data: bytes
    state: dict[str, Any]


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send; the password is passed separately and never stored."""

    host: str
    port: int
    user: str | None
    security: str  # starttls | ssl | none


@dataclass(frozen=True)
class InviteResult:
    """What ``invite`` found and did."""

    mode: str  # dry-run | outbox | smtp
    messages: tuple[Message, ...]
    delivered: tuple[Message, ...] = ()
    no_email: tuple[str, ...] = ()
    outbox: Path | None = None
    files: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def up_to_date(self) -> bool:
        """Nothing to send: every calendar already matches the ledger."""
        return not self.messages


def require_organizer(program: Any, folder: Path) -> None:
    """``invite`` refuses to run without the program mailbox."""
    if program.organizer is None:
        raise InputError("the program has no organizer: invitations need a mailbox to come from",
                         location=Location(file=str(folder / "program.db"), path="organizer"),
                         hint="add organizer: {{name: HR, email: mentoring@example.com}} to program.yaml and run "
                              "rmentor invite {folder} --config program.yaml", folder=str(folder))


def plan_messages(folder: Path, *, program_file: Any = None, draft: bool = False,
                  dry_run: bool = False) -> tuple[list[Message], list[Any], tuple[str, ...], Any]:
    """The messages that bring every calendar in line with the ledger, and the revisions to record.

    ``program_file`` (a :class:`~rmentor.model.Program`) replaces the organizer, reminders and
    SMTP settings kept in the ledger (recorded unless ``dry_run``).
    """
    from rmentor.ledger import CalendarObject, open_ledger
    from rmentor.outputs.ics import Occurrence, comparable, digest, dtstamp, key
    from rmentor.outputs.imip import build_invitation
    from rmentor.workflows.program import load_state

    with open_ledger(folder) as led:
        if program_file is not None and not dry_run:
            with led.transaction():
                led.update_program_settings(organizer=program_file.organizer, reminders=program_file.reminders,
                                            smtp=program_file.smtp)
        with led.snapshot():
            state = load_state(led)
            objects = led.calendar_objects()
            deliveries = led.deliveries()
            sessions = led.sessions()
    program = state.program
    if program_file is not None:
        program = program.model_copy(update={"organizer": program_file.organizer,
                                             "reminders": program_file.reminders, "smtp": program_file.smtp})
    require_organizer(program, folder)
    stamp = dtstamp()
    zone = ZoneInfo(program.timezone)  # stored times carry offsets; the calendar needs the TZID
    held: dict[tuple[str, str], dict[str, Any]] = {}
    pending: dict[tuple[str, str], list[Any]] = {}
    for d in deliveries:
        if d.status == "delivered":
            held[(d.recipient, d.uid)] = d.state
        else:
            pending.setdefault((d.recipient, d.uid), []).append(d)
    by_key = {(s.uid, key(Occurrence(0, 0, s.recurrence_id, s.start, s.end, s.planned, None, "", "", ""))): s
              for s in sessions}
    active = {p.pair_id for p in state.match.pairs}
    messages: list[Message] = []
    revisions: list[Any] = []
    no_email: list[str] = []
    for ev in state.events:
        st = ev.state()
        state_hash = digest(st)
        obj = objects.get(ev.uid)
        if obj is None:
            if not ev.occurrences:
                continue  # never sent, nothing to send
            seq = 0
            revisions.append(CalendarObject(ev.uid, ev.pair_id, seq, state_hash, st))
        elif obj.state_hash != state_hash:
            seq = obj.sequence + 1
            revisions.append(CalendarObject(ev.uid, ev.pair_id, seq, state_hash, st))
        else:
            seq = obj.sequence
        for person in (ev.senior, ev.junior):
            if not person.email:
                if ev.occurrences and person.name not in no_email:
                    no_email.append(person.name)
                continue
            mine = held.get((person.email, ev.uid))
            for p in pending.get((person.email, ev.uid), []):
                if p.sequence == seq:  # maybe accepted before the run stopped: the same bytes again
                    messages.append(Message(person.email, person.name, ev.pair_id, ev.uid, p.method, p.sequence,
                                            "retry", len(p.state.get("occurrences", {})), p.message_id,
                                            "", p.message, p.state))
                    mine = p.state
            held_occ: dict[str, Any] = dict(mine["occurrences"]) if mine else {}
            removed = [k for k in held_occ if k not in st["occurrences"]]
            if removed:
                whole = not st["occurrences"]
                gone = []
                for k in sorted(removed):
                    start, end = (datetime.fromisoformat(x).astimezone(zone) for x in held_occ[k][:2])
                    rec = by_key.get((ev.uid, k))
                    rid = datetime.fromisoformat(k).astimezone(zone) if k != "single" else None
                    gone.append(Occurrence(rec.number if rec else 0, len(ev.occurrences), rid, start, end, start,
                                           None, rec.title if rec else "", rec.goal if rec else "",
                                           rec.assignment if rec else ""))
                after = {**(mine or {}), "occurrences": {k: v for k, v in held_occ.items() if k not in removed}}
                inv = build_invitation(program, ev, person, method="CANCEL", sequence=seq, stamp=stamp,
                                       cancelled=gone, whole=whole, draft=draft)
                why = "ended" if ev.pair_id not in active else "cancelled"
                messages.append(Message(person.email, person.name, ev.pair_id, ev.uid, "CANCEL", seq, why,
                                        0 if whole else len(gone), inv.message_id, inv.subject, inv.data, after))
                mine = after
            if st["occurrences"] and (mine is None or comparable(mine) != comparable(st)):
                update = bool(mine and mine.get("occurrences"))
                inv = build_invitation(program, ev, person, method="REQUEST", sequence=seq, stamp=stamp,
                                       update=update, draft=draft)
                messages.append(Message(person.email, person.name, ev.pair_id, ev.uid, "REQUEST", seq,
                                        "changed" if update else "new", len(ev.occurrences), inv.message_id,
                                        inv.subject, inv.data, st))
    return messages, revisions, tuple(no_email), program


def _outbox_name(m: Message) -> str:
    from rmentor.outputs.files import safe_filename

    who = safe_filename(m.recipient.replace("@", "_at_"))
    return f"{safe_filename(m.pair_id)}-{m.method.lower()}-{m.sequence}-{who}-{m.message_id[1:9]}.eml"


def invite(folder: Path, *, mode: str = "outbox", program_file: Any = None, smtp: SmtpSettings | None = None,
           password: Callable[[], str | None] | None = None) -> InviteResult:
    """Work out and deliver the messages: ``dry-run`` (nothing changes), ``outbox`` (.eml files), ``smtp``."""
    from rmentor.ledger import open_ledger

    messages, revisions, no_email, program = plan_messages(folder, program_file=program_file,
                                                           draft=mode == "outbox", dry_run=mode == "dry-run")
    if mode == "dry-run" or not messages:
        if revisions and mode != "dry-run":
            with open_ledger(folder) as led, led.transaction():
                for obj in revisions:
                    led.save_calendar_object(obj)
        return InviteResult(mode, tuple(messages), no_email=no_email)
    if mode == "outbox":
        from rmentor.outputs.files import write_outputs

        outbox = folder / "outbox"
        files = {_outbox_name(m): m.data for m in messages}
        # the write lock first: a busy ledger stops us before a file is written
        with open_ledger(folder) as led, led.transaction():
            written = write_outputs(outbox, files, force=True)
            for obj in revisions:
                led.save_calendar_object(obj)
            for m in messages:
                led.record_delivery(message_id=m.message_id, recipient=m.recipient, uid=m.uid, sequence=m.sequence,
                                    method=m.method, transport="outbox", status="delivered", state=m.state,
                                    message=m.data, path=f"outbox/{_outbox_name(m)}")
        return InviteResult(mode, tuple(messages), tuple(messages), no_email, outbox, tuple(written))
    assert smtp is not None
    delivered = _send(folder, messages, revisions, program, smtp, password)
    return InviteResult(mode, tuple(messages), tuple(delivered), no_email)


def resolve_smtp(program: Any, *, host: str | None, port: int | None, user: str | None,
                 security: str | None) -> SmtpSettings:
    """Options first, then the program's ``smtp`` settings; the port defaults by security."""
    cfg = program.smtp
    sec = security or cfg.security
    if sec not in ("starttls", "ssl", "none"):
        raise InputError("unknown SMTP security '{value}'", hint="use starttls, ssl or none", value=sec)
    host = host or cfg.host
    if not host:
        raise InputError("no SMTP server: invite --send needs one",
                         hint="pass --smtp-host, or add smtp: {{host: ..., port: 587}} to program.yaml")
    chosen = port or cfg.port or {"ssl": 465, "starttls": 587, "none": 25}[sec]
    return SmtpSettings(host, chosen, user or cfg.user, sec)


def _connect(smtp: SmtpSettings, password: str | None) -> Any:
    import smtplib
    import ssl

    try:
        if smtp.security == "ssl":
            conn: Any = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=60, context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(smtp.host, smtp.port, timeout=60)
            conn.ehlo()
            if smtp.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
        if smtp.user:
            conn.login(smtp.user, password or "")
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError("the mail server {host} refused the login of {user}", host=smtp.host, user=smtp.user,
                            hint="check the user and RMENTOR_SMTP_PASSWORD") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError("cannot connect to the mail server {host}:{port}: {problem}", host=smtp.host,
                            port=smtp.port, problem=str(exc) or type(exc).__name__,
                            hint="check --smtp-host, --smtp-port and --smtp-security; nothing was sent") from None
    return conn


def _send(folder: Path, messages: Sequence[Message], revisions: Sequence[Any], program: Any, smtp: SmtpSettings,
          password: Callable[[], str | None] | None) -> list[Message]:
    import smtplib

    from rmentor.ledger import open_ledger

    secret = password() if (password is not None and smtp.user) else None
    sender = program.organizer.email
    conn = _connect(smtp, secret)
    delivered: list[Message] = []
    try:
        with open_ledger(folder) as led:
            with led.transaction():
                for obj in revisions:
                    led.save_calendar_object(obj)
            for m in messages:
                with led.transaction():  # pending first: a crash after the server's OK must not lose it
                    seen = led.delivery(m.message_id)
                    if seen is not None and (seen.status == "delivered" or m.why != "retry"):
                        continue  # another invite running at the same time has taken this one
                    led.record_delivery(message_id=m.message_id, recipient=m.recipient, uid=m.uid,
                                        sequence=m.sequence, method=m.method, transport="smtp", status="pending",
                                        state=m.state, message=m.data)
                try:
                    refused = conn.sendmail(sender, [m.recipient], m.data)
                except smtplib.SMTPRecipientsRefused as exc:
                    refused = exc.recipients
                except (OSError, smtplib.SMTPException) as exc:
                    raise DeliveryError(
                        "the mail server stopped after {done} of {total} messages: {problem}", done=len(delivered),
                        total=len(messages), problem=str(exc) or type(exc).__name__,
                        hint="run the same command again: it sends only what the server has not accepted") from None
                if refused:
                    raise DeliveryError("the mail server refused {recipient}: {problem}", recipient=m.recipient,
                                        problem=str(refused.get(m.recipient, "")),
                                        hint="fix the address in the roster, or ask the mail administrator; "
                                             "then run the same command again")
                with led.transaction():
                    led.record_delivery(message_id=m.message_id, recipient=m.recipient, uid=m.uid,
                                        sequence=m.sequence, method=m.method, transport="smtp",
                                        status="delivered", state=m.state, message=m.data)
                delivered.append(m)
    finally:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()
    return delivered


__all__ = ["DeliveryError", "InviteResult", "Message", "SmtpSettings", "invite", "plan_messages", "resolve_smtp"]
