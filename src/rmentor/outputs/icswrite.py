"""The bytes of an ``icalendar`` component, as ``component.to_ical()`` writes them, several times faster.

icalendar stays the builder and the oracle: the component, its properties, their value types
and parameters are icalendar objects, and every value and parameter list is still serialised by
icalendar itself (``value.to_ical()``, ``params.to_ical()``), so escaping is icalendar's. What
is done here instead is the part that dominated the time of a large schedule:

* **line folding**: icalendar folds each content line character by character, encoding every
  character to count its octets. :func:`fold` does it on the UTF-8 bytes with slicing: a line is
  cut after at most 74 octets, never inside a multi-byte character (it backs up over UTF-8
  continuation bytes), and, like icalendar (its issue #1501), never right after a ``\\`` or
  ``^`` that starts an escape, which moves to the next line instead;
* **content-line assembly**: no intermediate ``Contentline``/``Parameters`` objects per line.

``tests/test_icswrite.py`` checks with hypothesis, on random components (nested, every value
type rmentor uses, random parameters, hostile text: CR, LF, lone CR, ESC and C0/C1 controls,
bidi overrides, ``;,\\:"^``, long Cyrillic crossing the fold inside two-byte characters, emoji),
that :func:`ical_bytes` returns exactly ``component.to_ical()``, or fails where icalendar fails.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["component_bytes", "component_order", "escape_text", "fold", "ical_bytes", "moment_line", "property_line",
           "text_line", "value_line"]

_LIMIT = 74  # icalendar folds before a character that would make the line reach 75 octets
_ESCAPES = (0x5C, 0x5E)  # "\" and "^": an escape is not split from what it escapes


def fold(line: bytes) -> bytes:
    """Fold one UTF-8 content line exactly as icalendar's ``_foldline`` does (CRLF + space)."""
    n = len(line)
    if n <= _LIMIT:
        return line
    parts = []
    start = 0
    while n - start > _LIMIT:
        end = start + _LIMIT
        while line[end] & 0xC0 == 0x80:  # inside a multi-byte character: cut before it
            end -= 1
        if end - 1 > start and line[end - 1] in _ESCAPES:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


_PARAMS: dict[tuple[Any, ...], str] = {}


def _params(params: Any, to_unicode: Any) -> str:
    """``params.to_ical()`` as text, memoised: a pure function of the parameter class and items.

    The same few lists (``TZID=Europe/Moscow``, a person's ``CN``/``ROLE``/``PARTSTAT``) recur on
    every session; values that are not hashable (lists) are simply not memoised.
    """
    try:
        key = (type(params), *params.items())
        hit = _PARAMS.get(key)
    except TypeError:
        return str(to_unicode(params.to_ical(sorted=True)))
    if hit is None:
        if len(_PARAMS) > 50_000:
            _PARAMS.clear()
        hit = _PARAMS[key] = str(to_unicode(params.to_ical(sorted=True)))
    return hit


_BOM = b"\xef\xbb\xbf"


def _text(raw: Any, to_unicode: Any) -> str:
    """icalendar's ``to_unicode`` (UTF-8, one leading BOM dropped), on the C decoder when it can."""
    if type(raw) is bytes:
        try:
            return (raw[3:] if raw.startswith(_BOM) else raw).decode("utf-8")
        except UnicodeDecodeError:
            pass
    return str(to_unicode(raw))


def ical_bytes(component: Any) -> bytes:
    """``component.to_ical()`` (sorted properties and parameters), byte for byte."""
    out: list[bytes] = [value_line(name, value) for name, value in component.property_items(sorted=True)]
    out.append(b"")
    return b"\r\n".join(out)


def value_line(name: Any, value: Any) -> bytes:
    """One content line (folded, no final CRLF) of an icalendar property value, as ``to_ical()``
    writes it when the value sits in a component under ``name`` (what ``add(..., encode=False)``
    stores). Also the lines of :func:`ical_bytes`, one per ``property_items`` entry."""
    from icalendar.parser.parameter import Parameters
    from icalendar.parser_tools import to_unicode
    from icalendar.prop import vText

    raw = value.to_ical() if hasattr(value, "to_ical") else vText(value).to_ical()
    text = raw if type(raw) is str else _text(raw, to_unicode)
    key = name if type(name) is str else to_unicode(name)
    params = getattr(value, "params", None)
    line = None
    if params is not None:
        if not isinstance(params, Parameters):  # icalendar asserts the same
            raise TypeError(f"{key}: params is {type(params).__name__}, not Parameters")
        if params:
            rendered = _params(params, to_unicode)
            if rendered:
                line = f"{key};{rendered}:{text}"
    if line is None:
        line = f"{key}:{text}"
    if "\n" in line:  # icalendar's Contentline refuses it too
        raise ValueError(f"{key}: content line can not contain unescaped new line characters")
    return fold(line.encode("utf-8"))


# ---------------------------------------------------------------- properties without a component

_LINES: dict[tuple[Any, ...], bytes] = {}


def property_line(name: str, value: Any, key: tuple[Any, ...] | None = None, *, encode: bool = True) -> bytes:
    """One property's folded content line (no final CRLF), exactly as icalendar writes it.

    icalendar builds it: ``value`` is added to an empty component and serialised, and the line is
    cut out. With ``key`` (which must identify the value *and* its type, time zone and parameters)
    the line is remembered: a schedule repeats the same stamps, times, organisers and constants on
    thousands of events, and adding them one by one was most of the time of a large calendar.
    """
    if key is not None:
        hit = _LINES.get(key)
        if hit is not None:
            return hit
    from icalendar import Event

    comp = Event()  # the component rmentor writes these properties in
    comp.add(name, value, encode=encode)
    data = ical_bytes(comp)
    head, tail = b"BEGIN:VEVENT\r\n", b"\r\nEND:VEVENT\r\n"
    if not (data.startswith(head) and data.endswith(tail)):  # pragma: no cover - icalendar's own layout
        raise RuntimeError("icalendar did not write BEGIN/END around a property")
    line = data[len(head) : -len(tail)]
    if key is not None:
        if len(_LINES) > 50_000:
            _LINES.clear()
        _LINES[key] = line
    return line


def escape_text(text: str, *, leading: bool = True) -> str:
    """``vText(text).to_ical()`` as the text icalendar puts on the line (a leading BOM dropped).

    The same replacements, in the same order, as icalendar's ``_escape_char``; without building
    a ``vText`` (and its ``Parameters``) for each value. ``tests/test_icswrite.py`` checks it
    against ``vText`` on hostile text. ``leading=False``: the text is not the start of the value
    (a leading BOM stays), for values escaped piece by piece.
    """
    out = (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
           .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))
    return out[1:] if leading and out.startswith("\ufeff") else out


_MOMENT_PREFIX: dict[tuple[Any, ...], bytes | None] = {}


def moment_line(name: str, when: Any) -> bytes:
    """``property_line(name, when)`` for a date-time, without asking icalendar for every instant.

    icalendar writes a zoned date-time as ``NAME;TZID=<zone>:YYYYMMDDTHHMMSS``: everything before
    the digits depends on the name and the zone only. That prefix is taken from the first line
    icalendar writes for the name and zone (and checked to be followed by exactly the digits of
    that instant); later instants reuse it. Only ``zoneinfo`` zones, whose TZID is their key; anything
    else (UTC, naive, a date, another kind of zone, a line long enough to fold) is written by
    icalendar, remembered per instant as before.
    """
    tz = getattr(when, "tzinfo", None)
    if type(when) is not datetime or type(tz) is not ZoneInfo or not tz.key:  # others: named by the instant
        return property_line(name, when, (name, type(when), when.replace(tzinfo=None) if tz else when, repr(tz),
                                          when.utcoffset() if tz else None, getattr(when, "fold", 0)))
    key = (name, type(when), type(tz), repr(tz), when.fold)
    prefix = _MOMENT_PREFIX.get(key, b"")
    if prefix is None:  # this zone's lines do not follow the pattern: icalendar every time
        return property_line(name, when, (name, type(when), when.replace(tzinfo=None), repr(tz), when.utcoffset(),
                                          when.fold))
    digits = f"{when.year:04d}{when.month:02d}{when.day:02d}T{when.hour:02d}{when.minute:02d}{when.second:02d}"
    if prefix:
        return prefix + digits.encode()
    line = property_line(name, when, (name, type(when), when.replace(tzinfo=None), repr(tz), when.utcoffset(),
                                      when.fold))
    tail = b":" + digits.encode()
    ok = line.endswith(tail) and b"\r\n" not in line and len(line) + 8 < _LIMIT and b";TZID=" in line
    if len(_MOMENT_PREFIX) > 1_000:
        _MOMENT_PREFIX.clear()
    _MOMENT_PREFIX[key] = line[: -len(digits)] if ok else None
    return line


def text_line(name: str, text: str) -> bytes:
    """``NAME:text`` for a TEXT property without parameters, escaped as icalendar's ``vText`` does."""
    if type(text) is not str:  # a str subclass (vText itself): icalendar's own path
        from icalendar.parser_tools import to_unicode
        from icalendar.prop import vText

        raw = vText(text).to_ical()
        value = raw if type(raw) is str else _text(raw, to_unicode)
    else:
        value = escape_text(text)
    return fold(f"{name}:{value}".encode())  # escape_text leaves no line break (icalendar refuses one)


def component_order(lines: dict[str, bytes], canonical_order: tuple[str, ...]) -> tuple[str, ...]:
    """The order icalendar writes these properties in: its canonical order, then alphabetical."""
    names = tuple(lines)
    order = _ORDERS.get((names, canonical_order))
    if order is None:  # the same few sets of properties recur on every event: icalendar sorts each once
        from icalendar.caselessdict import canonsort_keys

        if len(_ORDERS) > 1_000:
            _ORDERS.clear()
        order = _ORDERS[(names, canonical_order)] = tuple(canonsort_keys(list(names), canonical_order))
    return order


def component_bytes(kind: str, lines: dict[str, bytes], canonical_order: tuple[str, ...]) -> bytes:
    """``BEGIN:kind``, the property lines in icalendar's order (its canonical order, then
    alphabetical), ``END:kind``, as ``component.to_ical()`` writes a component without children."""
    order = component_order(lines, canonical_order)
    return b"\r\n".join([f"BEGIN:{kind}".encode(), *(lines[k] for k in order), f"END:{kind}".encode(), b""])


_ORDERS: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]] = {}
