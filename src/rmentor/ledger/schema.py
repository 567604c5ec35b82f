"""The ledger's schema and its migrations.

``MIGRATIONS[n]`` takes a database at version ``n`` to version ``n + 1``; the version is
kept in the ``schema_version`` table (one row). A database newer than this code is
refused rather than guessed at. Add a migration by appending to :data:`MIGRATIONS`;
never edit one that has shipped.
"""

from __future__ import annotations

V1 = """
CREATE TABLE schema_version (
    version    INTEGER NOT NULL,
    applied_at TEXT NOT NULL
);
CREATE TABLE program (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    language        TEXT NOT NULL,
    program_json    TEXT NOT NULL,   -- the validated Program (model_dump_json): views reload it from here
    roster_json     TEXT NOT NULL,   -- the validated Roster
    program_source  BLOB,            -- the program file as given (NULL: built-in defaults)
    program_name    TEXT,
    program_sha256  TEXT,
    roster_source   BLOB NOT NULL,
    roster_name     TEXT NOT NULL,
    roster_sha256   TEXT NOT NULL,
    delimiter       TEXT NOT NULL DEFAULT ',',
    plan_json       TEXT NOT NULL DEFAULT '{}',  -- the match summary the brief shows: status, objective, unmatched
    created_at      TEXT NOT NULL
);
CREATE TABLE pairs (
    pair_id         TEXT PRIMARY KEY,
    senior_id       TEXT NOT NULL,
    junior_id       TEXT NOT NULL,
    score           INTEGER,
    shared_topics   TEXT NOT NULL DEFAULT '[]',  -- JSON list
    reasons         TEXT NOT NULL DEFAULT '[]',  -- JSON list of {code, template, params}
    status          TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    start_date      TEXT NOT NULL,               -- ISO date
    end_date        TEXT,                        -- ISO date, set when ended
    end_reason      TEXT,
    weekday         INTEGER,                     -- the weekly slot, program time
    start_minute    INTEGER,
    varies          INTEGER NOT NULL DEFAULT 0,
    series_uid      TEXT,                        -- one iCalendar series for the pair, or NULL
    series_start    TEXT,                        -- DTSTART of the series (ISO, aware)
    series_interval INTEGER,                     -- RRULE INTERVAL (weeks)
    series_count    INTEGER,                     -- RRULE COUNT
    created_at      TEXT NOT NULL
);
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    pair_id         TEXT NOT NULL REFERENCES pairs(pair_id),
    number          INTEGER NOT NULL,
    period          INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    uid             TEXT NOT NULL,
    recurrence_id   TEXT,            -- the series occurrence this session is (ISO, aware), NULL: own UID
    start           TEXT NOT NULL,   -- ISO, aware
    end             TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    planned         TEXT NOT NULL,
    moved_because   TEXT,
    outside_windows INTEGER NOT NULL DEFAULT 0,
    title           TEXT NOT NULL,
    goal            TEXT NOT NULL,
    assignment      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'held', 'missed')),
    sequence        INTEGER NOT NULL DEFAULT 0,
    held            INTEGER,         -- 1 held, 0 not held, NULL unknown
    cancelled_by    TEXT,            -- senior | junior | organizer
    recorded_at     TEXT,
    note            TEXT,
    updated_at      TEXT NOT NULL,
    UNIQUE (pair_id, number)
);
CREATE INDEX sessions_uid ON sessions(uid);
CREATE TABLE calendar_objects (
    uid        TEXT PRIMARY KEY,
    pair_id    TEXT NOT NULL REFERENCES pairs(pair_id),
    sequence   INTEGER NOT NULL,
    state_hash TEXT NOT NULL,
    state      TEXT NOT NULL,        -- JSON: what the current revision of this event says
    updated_at TEXT NOT NULL
);
CREATE TABLE deliveries (
    id             INTEGER PRIMARY KEY,
    message_id     TEXT NOT NULL UNIQUE,
    recipient      TEXT NOT NULL,
    uid            TEXT NOT NULL,
    sequence       INTEGER NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
    transport      TEXT NOT NULL CHECK (transport IN ('outbox', 'smtp')),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
    state          TEXT NOT NULL,    -- JSON: the occurrences the recipient holds after this message
    content_sha256 TEXT NOT NULL,
    message        BLOB NOT NULL,    -- the exact bytes, so a retry resends the same message
    path           TEXT,
    created_at     TEXT NOT NULL,
    sent_at        TEXT
);
CREATE INDEX deliveries_recipient ON deliveries(recipient, uid);
CREATE TABLE changes (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    kind    TEXT NOT NULL,
    pair_id TEXT,
    detail  TEXT NOT NULL DEFAULT '{}'
);
"""

#: ``MIGRATIONS[n]``: SQL from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (V1,)
VERSION = len(MIGRATIONS)
