"""The program folder's SQLite ledger (``DIR/program.db``): the truth about a running program.

Owns: the state of a running program (pairs, sessions, deliveries, attendance, a change log).
May import :mod:`rmentor.core`, :mod:`rmentor.model` and :mod:`rmentor.inputs`. The files in the
folder (``pairs.csv``, ``sessions.csv``, calendars, kit, ``plan.xlsx``) are views of it, written
again by :func:`rmentor.workflows.program.regenerate_views` after every change.

The API (all records are frozen dataclasses; times are aware datetimes in the program zone)::

    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led:                 # LedgerError if missing / busy / newer / damaged
        prog = led.program_record()                  # .program() -> Program, .roster() -> Roster
        for pair in led.pairs(status="active"):      # PairRecord: pair_id, senior_id, junior_id, status,
            ...                                      #   start_date, end_date, end_reason, series_uid ...
        sessions = led.sessions(pair.pair_id)        # SessionRecord: id, number, uid, recurrence_id, start,
                                                     #   end, timezone, status, sequence, held, cancelled_by ...
        with led.transaction():                      # BEGIN IMMEDIATE; all or nothing
            led.update_session(s.id, start=new_start, end=new_end, moved_because="sick")
            led.update_session(s.id, status="cancelled", cancelled_by="senior")
            led.update_session(s.id, status="held", held=True, recorded_at=now)
            led.end_pair("P01", date(2027, 3, 1), "left the company")
            led.add_pair(pair_record(pair, pair_schedule, program, start))   # a rematched pair ...
            for s in session_records(record, pair_schedule, program):       # ... and its sessions
                led.add_session(s)
            led.log_change("rematch", "P01", new="P07")

Rules for changes:

* Session ``status`` is ``scheduled``, ``cancelled``, ``held`` or ``missed``; only ``cancelled``
  takes a session out of people's calendars (:data:`LIVE_STATUSES` stay).
* To move a session, change ``start``/``end`` and keep ``uid`` and ``recurrence_id``: ``invite`` then
  sends it as an update (RECURRENCE-ID override, SEQUENCE + 1). Do not touch ``sequence``:
  ``invite`` owns it (``calendar_objects``) and bumps it when what an event says changes.
* A new session outside a pair's series gets its own UID (:func:`make_uid` with a fresh salt)
  and ``recurrence_id=None``.
* Writes outside :meth:`Ledger.transaction` raise. A second process that wants to write waits
  up to ``RMENTOR_LEDGER_TIMEOUT`` seconds (default 10), then gets a :class:`LedgerError`
  saying the ledger is busy. The journal is a rollback journal (works on network shares).
"""

from rmentor.ledger.schema import VERSION
from rmentor.ledger.store import (
    LEDGER_NAME,
    LIVE_STATUSES,
    SESSION_STATUSES,
    CalendarObject,
    Delivery,
    Ledger,
    LedgerError,
    PairRecord,
    ProgramRecord,
    SessionRecord,
    create_from_plan,
    ledger_path,
    make_uid,
    occurrence,
    open_ledger,
    pair_record,
    session_records,
    sha256,
)

__all__ = [
    "LEDGER_NAME", "LIVE_STATUSES", "SESSION_STATUSES", "VERSION", "CalendarObject", "Delivery", "Ledger",
    "LedgerError", "PairRecord", "ProgramRecord", "SessionRecord", "create_from_plan", "ledger_path", "make_uid",
    "occurrence", "open_ledger", "pair_record", "session_records", "sha256",
]
