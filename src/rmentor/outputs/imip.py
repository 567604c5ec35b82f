"""Invitations as e-mail (iMIP, RFC 6047): one message per person and calendar event.

Each message is ``multipart/alternative``: a plain-text and an HTML body in the program
language (the pair, the dates and times in the reader's own zone, the goal of the first
session, the tools links) and the ``text/calendar; method=...; charset=UTF-8`` part that
calendar clients act on. From is the program mailbox (the ORGANIZER), so replies go there.
The same inputs give the same bytes: the Message-ID and the Date come from the event, its
SEQUENCE and DTSTAMP, which is what makes a retried delivery a harmless duplicate at most.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr
from typing import cast

from rmentor.i18n import get_language, tr
from rmentor.model import DAYS, Person, Program
from rmentor.outputs.ics import (
    Occurrence,
    PairEvent,
    cancel_events,
    itip,
    organizer_of,
    pair_summary,
    request_events,
)
from rmentor.outputs.zones import span_text


@dataclass(frozen=True)
class Invitation:
    """One message to one person: what it is and its exact bytes."""

    recipient: str
    uid: str
    pair_id: str
    method: str  # REQUEST | CANCEL
    sequence: int
    message_id: str
    subject: str
    data: bytes


def _date(moment: datetime, lang: str) -> str:
    day = tr(DAYS[moment.weekday()])
    return f"{day} {moment:%d.%m.%Y}" if lang == "ru" else f"{day} {moment:%Y-%m-%d}"


def _line(o: Occurrence, program: Program, person: Person, lang: str) -> str:
    text = f"{o.number}. {_date(o.start, lang)} {span_text(o.start, o.end, program.timezone, (person.timezone,), lang)}"
    if o.moved_because:
        text += " — " + tr("moved from {date} ({why})", date=_date(o.planned, lang), why=o.moved_because)
    return text


def message_id(uid: str, sequence: int, recipient: str, method: str, detail: str, domain: str) -> str:
    """A Message-ID fixed by what the message is: a retry sends the very same one."""
    digest = hashlib.sha256("\x1f".join((uid, str(sequence), recipient, method, detail)).encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def _bodies(program: Program, event: PairEvent, person: Person, method: str, update: bool,
            cancelled: Sequence[Occurrence]) -> tuple[str, list[tuple[str, list[str]]]]:
    """A greeting, then titled sections of lines (the same content for text and HTML)."""
    lang = get_language()
    greeting = tr("Hello, {name}!", name=person.name)
    pair = tr("Pair {pair}: {senior} (senior) and {junior} (junior)", pair=event.pair_id,
              senior=event.senior.name, junior=event.junior.name)
    sections: list[tuple[str, list[str]]] = []
    if method == "CANCEL":
        intro = tr("These sessions of the reverse mentoring program «{program}» are cancelled.", program=program.name)
        sections.append((pair, [_line(o, program, person, lang) for o in cancelled] or
                         [tr("All the remaining sessions of the pair.")]))
    else:
        intro = (tr("The schedule of your reverse mentoring sessions has changed; the invitation below is "
                    "up to date.") if update else
                 tr("You are invited to the sessions of the reverse mentoring program «{program}».",
                    program=program.name))
        lines = [_line(o, program, person, lang) for o in sorted(event.occurrences, key=lambda o: o.start)]
        sections.append((pair, lines))
        first = min(event.occurrences, key=lambda o: o.start, default=None)
        if first is not None:
            sections.append((tr("The first session"), [f"{first.title}. " + tr("Goal: {goal}", goal=first.goal)]))
    tools = program.tools
    video = tools.video.replace("{pair_id}", event.pair_id) if tools.video else None
    links = [f"{label}: {url}" for label, url in
             ((tr("Video call"), video), (tr("Chat"), tools.chat), (tr("Idea board"), tools.board)) if url]
    if links and method != "CANCEL":
        sections.append((tr("Tools"), links))
    org = organizer_of(program, event.junior)
    footer = (tr("Please accept or decline in your calendar; your answer goes to {mailbox}.", mailbox=org.email)
              if method != "CANCEL" else tr("Questions: {mailbox}.", mailbox=org.email))
    sections.append(("", [footer]))
    return greeting + "\n\n" + intro, sections


def _text(head: str, sections: list[tuple[str, list[str]]]) -> str:
    out = [head, ""]
    for title, lines in sections:
        if title:
            out.append(title)
        out.extend(f"  {x}" if title else x for x in lines)
        out.append("")
    return "\n".join(out)


def _html(head: str, sections: list[tuple[str, list[str]]], lang: str) -> str:
    esc = html.escape
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>']
    parts += [f"<p>{esc(p)}</p>" for p in head.split("\n\n")]
    for title, lines in sections:
        if title:
            parts.append(f"<h3>{esc(title)}</h3>")
            parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>")
        else:
            parts += [f"<p>{esc(x)}</p>" for x in lines]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def build_invitation(program: Program, event: PairEvent, person: Person, *, method: str, sequence: int,
                     stamp: datetime, update: bool = False,
                     cancelled: Sequence[Occurrence] | None = None, whole: bool = False,
                     draft: bool = False) -> Invitation:
    """The message for ``person``: a REQUEST of ``event`` as it now is, or a CANCEL.

    For a CANCEL, ``cancelled`` are the occurrences the person holds that are gone; ``whole``
    cancels the event itself (every occurrence). ``draft`` marks an ``.eml`` for the outbox
    (``X-Unsent: 1``: Outlook opens it ready to send).
    """
    assert person.email
    lang = get_language()
    tzid = program.timezone
    if method == "REQUEST":
        components = request_events(program, event, sequence, stamp)
        detail = ""
    else:
        instances = None if whole else [(o.recurrence_id, o.start) for o in (cancelled or ())]
        components = cancel_events(program, event, sequence, stamp, instances)
        detail = "whole" if whole else ",".join(sorted(str(o.recurrence_id or o.start) for o in cancelled or ()))
    calendar = itip(program, method, components, event, tzid)
    org = organizer_of(program, event.junior)
    domain = org.email.rsplit("@", 1)[-1]
    mid = message_id(event.uid, sequence, person.email, method, detail, domain)
    summary = pair_summary(program, event)
    if method == "CANCEL":
        subject = tr("Cancelled: {summary}", summary=summary)
    elif update:
        subject = tr("Updated invitation: {summary}", summary=summary)
    else:
        subject = tr("Invitation: {summary}", summary=summary)
    head, sections = _bodies(program, event, person, method, update, list(cancelled or ()))

    # email.mime with compat32 serialisation: the same RFC 5322/2047 result as EmailMessage, five
    # times faster on Cyrillic headers (it matters for a cohort of thousands of messages)
    msg = MIMEMultipart("alternative")
    msg["From"] = formataddr((org.name, org.email), "utf-8")
    msg["To"] = formataddr((person.name, person.email), "utf-8")
    msg["Reply-To"] = formataddr((org.name, org.email), "utf-8")
    # a Header object folds cleanly (encoded text would be refolded after an empty first line);
    # typeshed types the value as str only
    msg["Subject"] = cast("str", Header(subject, "utf-8"))
    msg["Date"] = format_datetime(stamp)
    msg["Message-ID"] = mid
    msg["Content-Class"] = "urn:content-classes:calendarmessage"
    if draft:
        msg["X-Unsent"] = "1"
    msg.attach(MIMEText(_text(head, sections), "plain", "utf-8"))
    msg.attach(MIMEText(_html(head, sections, lang), "html", "utf-8"))
    part = MIMEText(calendar.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.set_param("charset", "UTF-8")
    msg.attach(part)
    msg.set_boundary("=_rmentor_" + mid.strip("<>").split("@", 1)[0])  # the same message, the same bytes
    data = msg.as_bytes(policy=compat32.clone(linesep="\r\n"))
    return Invitation(person.email, event.uid, event.pair_id, method, sequence, mid, subject, data)
