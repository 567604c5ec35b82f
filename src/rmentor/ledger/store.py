"""Open, create, read and change a program ledger (``DIR/program.db``)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmentor.core.series import make_uid, occurrence, series_of
from rmentor.errors import ExitCode, Location, RmentorError
from rmentor.ledger.schema import MIGRATIONS, VERSION

if TYPE_CHECKING:
    from rmentor.core.matching import Pair
    from rmentor.core.scheduling import PairSchedule, Schedule
    from rmentor.model import Program, Roster

LEDGER_NAME = "program.db"
SESSION_STATUSES = ("scheduled", "cancelled", "held", "missed")
#: statuses whose session stays in people's calendars
LIVE_STATUSES = ("scheduled", "held", "missed")
DEFAULT_TIMEOUT = 10.0


class LedgerError(RmentorError):
    """The ledger cannot be opened or changed: missing, busy, newer than this rmentor, damaged (exit 2)."""

    exit_code = ExitCode.INPUT


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class ProgramRecord:
    """The program and roster the ledger was created from (sources kept for reloading)."""

    name: str
    timezone: str
    language: str
    program_json: str
    roster_json: str
    program_source: bytes | None
    program_name: str | None
    program_sha256: str | None
    roster_source: bytes
    roster_name: str
    roster_sha256: str
    delimiter: str
    plan: dict[str, Any]
    created_at: datetime

    def program(self) -> Program:
        """The validated :class:`~rmentor.model.Program`, as it was when the ledger was made."""
        from rmentor.model import Program

        return Program.model_validate_json(self.program_json)

    def roster(self) -> Roster:
        """The validated :class:`~rmentor.model.Roster`."""
        from rmentor.model import Roster

        return Roster.model_validate_json(self.roster_json)


@dataclass(frozen=True)
class PairRecord:
    """One pair. ``status`` is ``active`` or ``ended`` (then ``end_date`` and ``end_reason`` say when and why)."""

    pair_id: str
    senior_id: str
    junior_id: str
    score: int | None
    shared_topics: tuple[str, ...]
    reasons: tuple[dict[str, Any], ...]  # {code, template, params}: rendered in the reader's language
    status: str
    start_date: date
    end_date: date | None
    end_reason: str | None
    weekday: int | None
    start_minute: int | None
    varies: bool
    series_uid: str | None
    series_start: datetime | None
    series_interval: int | None
    series_count: int | None


@dataclass(frozen=True)
class SessionRecord:
    """One session. Times are aware datetimes in ``timezone`` (the program zone)."""

    id: int
    pair_id: str
    number: int
    period: int
    kind: str
    uid: str
    recurrence_id: datetime | None
    start: datetime
    end: datetime
    timezone: str
    planned: datetime
    moved_because: str | None
    outside_windows: bool
    title: str
    goal: str
    assignment: str
    status: str
    sequence: int
    held: bool | None
    cancelled_by: str | None
    recorded_at: datetime | None
    note: str | None

    @property
    def live(self) -> bool:
        """Still in people's calendars (not cancelled)."""
        return self.status in LIVE_STATUSES


@dataclass(frozen=True)
class CalendarObject:
    """The current revision of one iCalendar event (a series or a single session) as ``invite`` last saw it."""

    uid: str
    pair_id: str
    sequence: int
    state_hash: str
    state: dict[str, Any]


@dataclass(frozen=True)
class Delivery:
    """One message to one recipient about one event revision."""

    id: int
    message_id: str
    recipient: str
    uid: str
    sequence: int
    method: str
    transport: str
    status: str  # pending (handed to the server, not yet confirmed) | delivered
    state: dict[str, Any]
    content_sha256: str
    message: bytes
    path: str | None
    created_at: datetime
    sent_at: datetime | None


# ---------------------------------------------------------------- helpers


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _dt(text: str | None, zone: str | None = None) -> datetime | None:
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    if zone is not None:
        from zoneinfo import ZoneInfo

        value = value.astimezone(ZoneInfo(zone))
    return value


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _busy(path: Path) -> LedgerError:
    return LedgerError("the program ledger is busy: another rmentor command is changing it",
                       location=Location(file=str(path)),
                       hint="wait until the other command finishes, then run this one again")


def _damaged(path: Path, exc: Exception) -> LedgerError:
    return LedgerError("the program ledger cannot be read: {problem}", location=Location(file=str(path)),
                       hint="restore program.db from a backup, or make the program folder again with rmentor plan",
                       problem=str(exc))


# ---------------------------------------------------------------- the ledger


class Ledger:
    """A connection to one ledger. Use as a context manager, or call :meth:`close`.

    Every change runs inside :meth:`transaction` (``BEGIN IMMEDIATE``): a second process
    that wants to write waits up to ``timeout`` seconds, then gets a :class:`LedgerError`.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.folder = path.parent
        self._conn = conn
        self._depth = 0

    # -- lifecycle
    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Ledger]:
        """One atomic change: everything inside commits together or not at all. Nests (inner ones join)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _busy(self.path) from None
            raise _damaged(self.path, exc) from None
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            try:
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._conn.execute("ROLLBACK")
                if "locked" in str(exc) or "busy" in str(exc):
                    raise _busy(self.path) from None
                raise
        finally:
            self._depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """Several reads that see one consistent state (a read transaction)."""
        if self._depth:
            yield self
            return
        self._execute("BEGIN")
        self._depth = 1
        try:
            yield self
        finally:
            self._depth = 0
            self._conn.execute("COMMIT")

    def _execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _busy(self.path) from None
            raise

    def _write(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        if not self._depth:
            raise RuntimeError("ledger writes must run inside Ledger.transaction()")
        return self._execute(sql, params)

    # -- reading
    @property
    def version(self) -> int:
        """The schema version of this database."""
        row = self._execute("SELECT version FROM schema_version").fetchone()
        return int(row[0])

    def program_record(self) -> ProgramRecord:
        """The program row."""
        row = self._execute("SELECT * FROM program WHERE id = 1").fetchone()
        if row is None:
            raise _damaged(self.path, ValueError("no program"))
        return ProgramRecord(
            name=row["name"], timezone=row["timezone"], language=row["language"], program_json=row["program_json"],
            roster_json=row["roster_json"], program_source=row["program_source"], program_name=row["program_name"],
            program_sha256=row["program_sha256"], roster_source=row["roster_source"], roster_name=row["roster_name"],
            roster_sha256=row["roster_sha256"], delimiter=row["delimiter"], plan=json.loads(row["plan_json"]),
            created_at=datetime.fromisoformat(row["created_at"]))

    def pairs(self, *, status: str | None = None) -> list[PairRecord]:
        """Every pair (or those with ``status``), by pair id."""
        sql = "SELECT * FROM pairs" + (" WHERE status = ?" if status else "") + " ORDER BY pair_id"
        return [_pair(r, self._zone()) for r in self._execute(sql, (status,) if status else ())]

    def pair(self, pair_id: str) -> PairRecord:
        """One pair; :class:`LedgerError` if there is none with that id."""
        row = self._execute("SELECT * FROM pairs WHERE pair_id = ?", (pair_id,)).fetchone()
        if row is None:
            raise LedgerError("there is no pair {pair} in the program ledger", location=Location(file=str(self.path)),
                              hint="see pairs.csv in the program folder for the pair ids", pair=pair_id)
        return _pair(row, self._zone())

    def _zone(self) -> str | None:
        row = self._execute("SELECT timezone FROM program WHERE id = 1").fetchone()
        return None if row is None else str(row[0])

    def sessions(self, pair_id: str | None = None, *, live_only: bool = False) -> list[SessionRecord]:
        """Sessions (of one pair, or all), by pair id and number."""
        sql = "SELECT * FROM sessions"
        where, params = [], []
        if pair_id is not None:
            where.append("pair_id = ?")
            params.append(pair_id)
        if live_only:
            where.append("status IN ('scheduled', 'held', 'missed')")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY pair_id, number"
        return [_session(r) for r in self._execute(sql, params)]

    def session(self, session_id: int) -> SessionRecord:
        """One session by its row id."""
        row = self._execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise LedgerError("there is no session {id} in the program ledger", id=session_id,
                              location=Location(file=str(self.path)))
        return _session(row)

    def calendar_objects(self) -> dict[str, CalendarObject]:
        """Every event revision ``invite`` has issued, by UID."""
        out = {}
        for r in self._execute("SELECT * FROM calendar_objects"):
            out[r["uid"]] = CalendarObject(r["uid"], r["pair_id"], r["sequence"], r["state_hash"],
                                           json.loads(r["state"]))
        return out

    def deliveries(self, *, recipient: str | None = None, uid: str | None = None,
                   status: str | None = None) -> list[Delivery]:
        """Messages recorded so far, oldest first."""
        where, params = [], []
        for col, value in (("recipient", recipient), ("uid", uid), ("status", status)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        sql = "SELECT * FROM deliveries" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return [_delivery(r) for r in self._execute(sql, params)]

    def delivery(self, message_id: str) -> Delivery | None:
        """The record of one message, if any."""
        row = self._execute("SELECT * FROM deliveries WHERE message_id = ?", (message_id,)).fetchone()
        return None if row is None else _delivery(row)

    def changes(self) -> list[dict[str, Any]]:
        """The change log, oldest first: ``{at, kind, pair_id, detail}``."""
        return [{"at": r["at"], "kind": r["kind"], "pair_id": r["pair_id"], "detail": json.loads(r["detail"])}
                for r in self._execute("SELECT * FROM changes ORDER BY id")]

    # -- changing (inside transaction())
    def log_change(self, kind: str, pair_id: str | None = None, **detail: Any) -> None:
        """Append to the change log (who changed what is kept for the program report)."""
        self._write("INSERT INTO changes (at, kind, pair_id, detail) VALUES (?, ?, ?, ?)",
                    (_iso(_now()), kind, pair_id, json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)))

    def add_pair(self, pair: PairRecord) -> None:
        """Insert a new pair."""
        self._write(
            "INSERT INTO pairs (pair_id, senior_id, junior_id, score, shared_topics, reasons, status, start_date, "
            "end_date, end_reason, weekday, start_minute, varies, series_uid, series_start, series_interval, "
            "series_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pair.pair_id, pair.senior_id, pair.junior_id, pair.score,
             json.dumps(list(pair.shared_topics), ensure_ascii=False),
             json.dumps(list(pair.reasons), ensure_ascii=False, default=str), pair.status, _iso(pair.start_date),
             _iso(pair.end_date), pair.end_reason, pair.weekday, pair.start_minute, int(pair.varies), pair.series_uid,
             _iso(pair.series_start), pair.series_interval, pair.series_count, _iso(_now())))

    def end_pair(self, pair_id: str, end_date: date, reason: str) -> None:
        """Mark a pair ended. Its sessions after ``end_date`` are not touched: cancel them with update_session."""
        self.pair(pair_id)
        self._write("UPDATE pairs SET status = 'ended', end_date = ?, end_reason = ? WHERE pair_id = ?",
                    (_iso(end_date), reason, pair_id))

    def update_pair(self, pair_id: str, **changes: Any) -> None:
        """Change columns of a pair (``status``, ``end_date``, ``end_reason``, ``series_*`` ...)."""
        self._update("pairs", "pair_id", pair_id, changes, _PAIR_COLUMNS)

    def add_session(self, session: SessionRecord) -> int:
        """Insert a session (``session.id`` is ignored); returns the new row id."""
        cur = self._write(_INSERT_SESSION, _session_row(session, _iso(_now())))
        return int(cur.lastrowid or 0)

    def add_session_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert sessions given as rows of :func:`_session_row`, in order, in one statement (``plan``
        records 65,000 sessions at 5,000 pairs)."""
        if not self._depth:
            raise RuntimeError("ledger writes must run inside Ledger.transaction()")
        try:
            self._conn.executemany(_INSERT_SESSION, rows)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _busy(self.path) from None
            raise

    def update_session(self, session_id: int, **changes: Any) -> SessionRecord:
        """Change columns of one session (``start``, ``end``, ``status``, ``held``, ``cancelled_by``, ...).

        ``status`` must be one of :data:`SESSION_STATUSES`. Returns the session as it now is.
        """
        if "status" in changes and changes["status"] not in SESSION_STATUSES:
            raise ValueError(f"unknown session status {changes['status']!r}")
        self.session(session_id)
        self._update("sessions", "id", session_id, {**changes, "updated_at": _now()}, _SESSION_COLUMNS)
        return self.session(session_id)

    def _update(self, table: str, key: str, value: Any, changes: dict[str, Any], allowed: frozenset[str]) -> None:
        if not changes:
            return
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)} in {table}")
        cols = sorted(changes)
        values = [_db_value(changes[c]) for c in cols]
        self._write(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} WHERE {key} = ?", [*values, value])

    def update_program_settings(self, **settings: Any) -> None:
        """Replace program settings that do not change the plan (``organizer``, ``reminders``, ``smtp``)."""
        allowed = {"organizer", "reminders", "smtp"}
        if set(settings) - allowed:
            raise ValueError(f"only {sorted(allowed)} can change in a running program")
        current = self.program_record().program()
        updated = current.model_copy(update=settings)
        if updated.model_dump_json() == current.model_dump_json():
            return
        self._write("UPDATE program SET program_json = ? WHERE id = 1",
                    (type(current).model_validate_json(updated.model_dump_json()).model_dump_json(),))
        self.log_change("program settings", fields=sorted(settings))

    def save_calendar_object(self, obj: CalendarObject) -> None:
        """Record the current revision of an event (``invite`` does this when it issues a new SEQUENCE)."""
        self._write(
            "INSERT INTO calendar_objects (uid, pair_id, sequence, state_hash, state, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET sequence = excluded.sequence, "
            "state_hash = excluded.state_hash, state = excluded.state, updated_at = excluded.updated_at",
            (obj.uid, obj.pair_id, obj.sequence, obj.state_hash, json.dumps(obj.state, sort_keys=True), _iso(_now())))
        self._write("UPDATE sessions SET sequence = ? WHERE uid = ?", (obj.sequence, obj.uid))

    def record_delivery(self, *, message_id: str, recipient: str, uid: str, sequence: int, method: str,
                        transport: str, status: str, state: dict[str, Any], message: bytes,
                        path: str | None = None) -> None:
        """Record a message (``pending`` before it goes to the server, ``delivered`` once accepted or written)."""
        now = _now()
        self._write(
            "INSERT INTO deliveries (message_id, recipient, uid, sequence, method, transport, status, state, "
            "content_sha256, message, path, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(message_id) DO UPDATE SET status = excluded.status, sent_at = excluded.sent_at, "
            "transport = excluded.transport, path = COALESCE(excluded.path, path)",
            (message_id, recipient, uid, sequence, method, transport, status, json.dumps(state, sort_keys=True),
             sha256(message), message, path, _iso(now), _iso(now) if status == "delivered" else None))


_PAIR_COLUMNS = frozenset({"status", "end_date", "end_reason", "weekday", "start_minute", "varies", "series_uid",
                           "series_start", "series_interval", "series_count", "score"})
_SESSION_COLUMNS = frozenset({"number", "period", "kind", "uid", "recurrence_id", "start", "end", "timezone",
                              "planned", "moved_because", "outside_windows", "title", "goal", "assignment", "status",
                              "sequence", "held", "cancelled_by", "recorded_at", "note", "updated_at"})


def _db_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _pair(r: sqlite3.Row, zone: str | None) -> PairRecord:
    return PairRecord(
        pair_id=r["pair_id"], senior_id=r["senior_id"], junior_id=r["junior_id"], score=r["score"],
        shared_topics=tuple(json.loads(r["shared_topics"])), reasons=tuple(json.loads(r["reasons"])),
        status=r["status"], start_date=date.fromisoformat(r["start_date"]),
        end_date=date.fromisoformat(r["end_date"]) if r["end_date"] else None, end_reason=r["end_reason"],
        weekday=r["weekday"], start_minute=r["start_minute"], varies=bool(r["varies"]), series_uid=r["series_uid"],
        series_start=_dt(r["series_start"], zone), series_interval=r["series_interval"], series_count=r["series_count"])


def _session(r: sqlite3.Row) -> SessionRecord:
    tz = r["timezone"]
    start, end, planned = _dt(r["start"], tz), _dt(r["end"], tz), _dt(r["planned"], tz)
    assert start is not None and end is not None and planned is not None
    return SessionRecord(
        id=r["id"], pair_id=r["pair_id"], number=r["number"], period=r["period"], kind=r["kind"], uid=r["uid"],
        recurrence_id=_dt(r["recurrence_id"], tz), start=start, end=end, timezone=tz, planned=planned,
        moved_because=r["moved_because"], outside_windows=bool(r["outside_windows"]), title=r["title"],
        goal=r["goal"], assignment=r["assignment"], status=r["status"], sequence=r["sequence"],
        held=None if r["held"] is None else bool(r["held"]), cancelled_by=r["cancelled_by"],
        recorded_at=_dt(r["recorded_at"]), note=r["note"])


def _delivery(r: sqlite3.Row) -> Delivery:
    return Delivery(
        id=r["id"], message_id=r["message_id"], recipient=r["recipient"], uid=r["uid"], sequence=r["sequence"],
        method=r["method"], transport=r["transport"], status=r["status"], state=json.loads(r["state"]),
        content_sha256=r["content_sha256"], message=bytes(r["message"]), path=r["path"],
        created_at=datetime.fromisoformat(r["created_at"]),
        sent_at=datetime.fromisoformat(r["sent_at"]) if r["sent_at"] else None)


# ---------------------------------------------------------------- opening


def ledger_path(folder: Path) -> Path:
    """``folder/program.db``."""
    return Path(folder) / LEDGER_NAME


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    # A rollback journal, not WAL: program folders often live on network shares, where WAL's
    # shared memory does not work. Writers take the lock up front (BEGIN IMMEDIATE).
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _statements(script: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def _migrate(ledger: Ledger) -> None:
    conn = ledger._conn
    has = conn.execute("SELECT name FROM sqlite_master WHERE name = 'schema_version'").fetchone()
    current = ledger.version if has else 0
    if current > VERSION:
        raise LedgerError("the program ledger was written by a newer rmentor (schema {found}, this one knows {known})",
                          location=Location(file=str(ledger.path)), hint="upgrade rmentor: pip install -U rmentor",
                          found=current, known=VERSION)
    if current == VERSION:
        return
    with ledger.transaction():
        # re-read under the write lock: another process may have migrated meanwhile
        has = conn.execute("SELECT name FROM sqlite_master WHERE name = 'schema_version'").fetchone()
        current = ledger.version if has else 0
        for step in range(current, VERSION):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (step + 1, _iso(_now())))


def open_ledger(folder: Path, *, create: bool = False, timeout: float | None = None) -> Ledger:
    """Open ``folder/program.db`` (migrating an older schema); with ``create`` make it if missing.

    Raises :class:`LedgerError` when there is no ledger (and ``create`` is false), when it is
    busy beyond ``timeout`` seconds (default ``RMENTOR_LEDGER_TIMEOUT`` or 10), when it is
    newer than this rmentor, or when it is not a ledger.
    """
    path = ledger_path(folder)
    if timeout is None:
        raw = os.environ.get("RMENTOR_LEDGER_TIMEOUT", "")
        timeout = float(raw) if raw.replace(".", "", 1).isdigit() else DEFAULT_TIMEOUT
    if not path.is_file() and not create:
        raise LedgerError("{folder} is not a program folder: it has no program.db",
                          location=Location(file=str(folder)),
                          hint="make one with: rmentor plan ROSTER --out {folder}", folder=str(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(path, timeout)
        ledger = Ledger(path, conn)
        _migrate(ledger)
        if ledger._execute("SELECT count(*) FROM program").fetchone()[0] == 0 and not create:
            raise _damaged(path, ValueError("it holds no program"))
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _busy(path) from None
        raise _damaged(path, exc) from None
    return ledger


# ---------------------------------------------------------------- creating from a plan


def pair_record(pair: Pair | Any, ps: PairSchedule | None, program: Program, start: date) -> PairRecord:
    """A new active pair from a matched pair and its schedule (None: not scheduled)."""
    series = (series_of([s.period for s in ps.sessions], [s.start for s in ps.sessions],
                        ps.sessions[0].planned, ps.weekday, ps.start_minute, program.cadence_weeks)
              if ps and ps.sessions else None)
    reasons = tuple(r.to_json() for r in getattr(pair, "reasons", ()))
    return PairRecord(
        pair_id=pair.pair_id, senior_id=pair.senior, junior_id=pair.junior, score=getattr(pair, "score", None),
        shared_topics=tuple(pair.shared_topics), reasons=reasons, status="active", start_date=start,
        end_date=None, end_reason=None, weekday=ps.weekday if ps else None,
        start_minute=ps.start_minute if ps else None, varies=bool(ps and ps.varies),
        series_uid=make_uid(program.name, pair.pair_id, pair.senior, pair.junior, "series") if series else None,
        series_start=series.start if series else None, series_interval=series.interval_weeks if series else None,
        series_count=series.count if series else None)


_INSERT_SESSION = (
    "INSERT INTO sessions (pair_id, number, period, kind, uid, recurrence_id, start, end, timezone, planned, "
    "moved_because, outside_windows, title, goal, assignment, status, sequence, held, cancelled_by, "
    "recorded_at, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _session_row(session: SessionRecord, updated_at: str | None) -> tuple[Any, ...]:
    return (session.pair_id, session.number, session.period, session.kind, session.uid,
            _iso(session.recurrence_id), _iso(session.start), _iso(session.end), session.timezone,
            _iso(session.planned), session.moved_because, int(session.outside_windows), session.title,
            session.goal, session.assignment, session.status, session.sequence,
            None if session.held is None else int(session.held), session.cancelled_by, _iso(session.recorded_at),
            session.note, updated_at)


def session_records(record: PairRecord, ps: PairSchedule, program: Program) -> list[SessionRecord]:
    """The pair's sessions as ledger rows: in the pair's series when it has one, else one UID each."""
    out = []
    first_period = ps.sessions[0].period if ps.sessions else 0
    for s in ps.sessions:
        if record.series_uid and record.series_start and record.series_interval:
            uid = record.series_uid
            rid: datetime | None = occurrence(record.series_start, record.series_interval, s.period - first_period)
        else:
            uid = make_uid(program.name, record.pair_id, record.senior_id, record.junior_id, f"period-{s.period}")
            rid = None
        out.append(SessionRecord(
            id=0, pair_id=record.pair_id, number=s.number, period=s.period, kind=s.kind, uid=uid, recurrence_id=rid,
            start=s.start, end=s.end, timezone=program.timezone, planned=s.planned, moved_because=s.moved_because,
            outside_windows=s.outside_windows, title=s.title, goal=s.goal, assignment=s.assignment,
            status="scheduled", sequence=0, held=None, cancelled_by=None, recorded_at=None, note=None))
    return out


def create_from_plan(folder: Path, *, program: Program, roster: Roster, pairs: Iterable[Pair | Any],
                     schedule: Schedule, roster_source: bytes, roster_name: str,
                     program_source: bytes | None = None, program_name: str | None = None,
                     delimiter: str = ",", language: str = "en", plan: dict[str, Any] | None = None,
                     replace_existing: bool = False) -> Ledger:
    """Create ``folder/program.db`` from a plan, in one transaction, and return it open.

    An existing ledger is refused unless ``replace_existing`` (``plan --force``): then it is
    replaced as a whole, with the change log noting it.
    """
    path = ledger_path(folder)
    if path.exists() and not replace_existing:
        raise LedgerError("{folder} already holds a program ledger", location=Location(file=str(path)),
                          hint="use --force to start the program again from scratch (the delivery history is lost)",
                          folder=str(folder))
    if path.exists():
        # the lock of the old ledger stops us while another command is changing it
        with open_ledger(folder) as old, old.transaction():
            pass
        for suffix in ("", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    ledger = open_ledger(folder, create=True)
    scheduled = {ps.pair_id: ps for ps in schedule.pairs}
    now = _iso(_now())
    with ledger.transaction():
        ledger._write(
            "INSERT INTO program (id, name, timezone, language, program_json, roster_json, program_source, "
            "program_name, program_sha256, roster_source, roster_name, roster_sha256, delimiter, plan_json, "
            "created_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (program.name, program.timezone, language, program.model_dump_json(), roster.model_dump_json(),
             program_source, program_name, sha256(program_source) if program_source is not None else None,
             roster_source, roster_name, sha256(roster_source), delimiter,
             json.dumps(plan or {}, ensure_ascii=False, sort_keys=True, default=str), _iso(_now())))
        for pair in pairs:
            ps = scheduled.get(pair.pair_id)
            record = pair_record(pair, ps, program, schedule.start)
            ledger.add_pair(record)
            if ps is not None:
                ledger.add_session_rows(_session_row(x, now) for x in session_records(record, ps, program))
        ledger.log_change("created", pairs=len(scheduled), sessions=sum(len(p.sessions) for p in schedule.pairs))
    return ledger


__all__ = [
    "LEDGER_NAME", "LIVE_STATUSES", "SESSION_STATUSES", "CalendarObject", "Delivery", "Ledger", "LedgerError",
    "PairRecord", "ProgramRecord", "SessionRecord", "create_from_plan", "ledger_path", "make_uid", "occurrence",
    "open_ledger", "pair_record", "session_records", "sha256",
]
