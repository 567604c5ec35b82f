"""Pydantic models of the file formats: the roster and the program.

May import ``errors`` and ``i18n`` only; everything else in rmentor builds on it.

These are the public file formats (see README, "File formats"). Every model is frozen
and forbids unknown keys. Defaults live here and only here: ``Program()`` is the
embedded default program that ``rmentor match roster.yaml`` uses without ``--config``.
"""


import re
from datetime import date
from datetime import date as Date
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
_RESERVED_IDS = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)

_CLOCK = re.compile(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*")
MAX_WINDOW_TEXT = 120
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_WINDOW = re.compile(rf"\s*(.+?)\s+({_TIME})\s*[-–—]\s*({_TIME})\s*")
# «вторник с 10 до 12», «Tue from 10 to 12»: the same window as «вторник 10-12»
_FROM_TO = re.compile(rf"\s(?:с|c|from)\s+({_TIME})\s+(?:до|to|по)\s+({_TIME})\s*$", re.IGNORECASE)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_ALIASES: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("mon", "monday", "пн", "пон", "понедельник"),
        ("tue", "tuesday", "вт", "вто", "вторник"),
        ("wed", "wednesday", "ср", "сре", "среда"),
        ("thu", "thursday", "чт", "чет", "четверг"),
        ("fri", "friday", "пт", "пят", "пятница"),
        ("sat", "saturday", "сб", "суб", "суббота"),
        ("sun", "sunday", "вс", "вос", "воскресенье"),
    ]
):
    for _n in _names:
        _DAY_ALIASES[_n] = _i


def invalid(template: str, *, hint: str | None = None, **ctx: Any) -> PydanticCustomError:
    """A validation error whose English ``template`` is translated when shown (see loading).

    ``_at=(key_or_index, ...)`` in ``ctx`` names a part below the field that failed (an item of
    a list a validator flattened, a key of a mapping a model validator checked), so the
    message can point at that part's own line. ``hint`` says how to fix it, where the
    message itself does not.
    """
    if hint is not None:
        ctx["_hint"] = hint
    return PydanticCustomError("rmentor", template, {"template": template, **ctx})


def _check_id(value: str) -> str:
    if _RESERVED_IDS.match(value):
        raise invalid("'{value}' is a reserved device name on Windows; choose another id", value=value)
    return value


Id = Annotated[
    str,
    Field(pattern=ID_PATTERN, description="letters, digits, _ . - ; starts with a letter or digit"),
    BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
    PlainSerializer(str),
]
PersonId = Annotated[Id, BeforeValidator(lambda v: _check_id(v) if isinstance(v, str) else v)]


def parse_clock(text: str) -> int:
    """``"09:30"`` -> minutes since midnight; ``"24:00"`` is allowed as an end."""
    m = _CLOCK.fullmatch(text)
    if not m:
        raise invalid("'{text}' is not a time; write HH:MM, e.g. 09:30", text=text)
    hours, minutes = int(m.group(1)), int(m.group(2) or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise invalid("'{text}' is not a valid time of day; hours run 00-23, minutes 00-59", text=text)
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Minutes since midnight -> ``"HH:MM"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip()):
        bounds = re.split(r"\s*[-–]\s*", part)
        try:
            idx = [_DAY_ALIASES[b.lower().rstrip(".")] for b in bounds]
        except KeyError:
            raise invalid(
                "'{part}' is not a weekday; use Mon Tue Wed Thu Fri Sat Sun (or Пн Вт Ср Чт Пт Сб Вс)", part=part
            ) from None
        if len(idx) == 1:
            days.append(idx[0])
        elif len(idx) == 2:
            first, last = idx
            days.extend(range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)])
        else:
            raise invalid("'{part}' is not a weekday or a range like Mon-Fri", part=part)
    return days


class Window(BaseModel):
    """A weekly availability window in the owner's time zone, e.g. ``Tue 10:00-12:00``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: int = Field(ge=0, le=6)
    start: int = Field(ge=0, le=1440, description="minutes since midnight")
    end: int = Field(ge=0, le=1440)

    def __str__(self) -> str:
        return f"{DAYS[self.day]} {format_clock(self.start)}-{format_clock(self.end)}"


def parse_windows(value: Any) -> Any:
    """``"Tue 10:00-12:00"``, ``"Mon-Fri 09:00-10:00"``, ``"Пн,Ср 14:00-15:30"``, ``"вт 10-12"`` or
    ``"вторник с 10 до 12"`` -> windows."""
    if not isinstance(value, str):
        return value
    if len(value) <= MAX_WINDOW_TEXT:
        value = _FROM_TO.sub(r" \1-\2", value)
    # the pattern backtracks quadratically on long text (16,000 spaces: 4 s; a 1 MB cell: hours),
    # and no real window is longer than a few dozen characters
    m = _WINDOW.fullmatch(value) if len(value) <= MAX_WINDOW_TEXT else None
    if not m:
        if len(value) > MAX_WINDOW_TEXT:
            value = value[:40] + "…"
        raise invalid(
            "'{value}' is not a window; write it like 'Tue 10:00-12:00' or 'Mon-Fri 09:00-10:00'", value=value
        )
    days = _parse_days(m.group(1))
    start, end = parse_clock(m.group(2)), parse_clock(m.group(3))
    if start >= 1440:
        raise invalid("'{value}': a window cannot start at 24:00", value=value)
    if end <= start:
        raise invalid("'{value}': the end is not after the start; windows cannot cross midnight", value=value)
    return [{"day": d, "start": start, "end": end} for d in days]


@lru_cache(maxsize=4096)
def _windows_of(text: str) -> tuple[Window, ...]:
    """:func:`parse_windows` as finished (frozen) windows, once per distinct text: a roster of
    10,000 people writes a few hundred distinct windows, and pydantic takes a model instance as is.
    A text that is not a window raises (and exceptions are not cached)."""
    return tuple(Window(**window) for window in parse_windows(text))


def _window_items(value: Any) -> Any:
    if not isinstance(value, str):
        return parse_windows(value)
    try:
        return list(_windows_of(value))
    except ValidationError:  # pragma: no cover - parse_windows only makes valid windows
        return parse_windows(value)


def _flatten_windows(value: Any) -> Any:
    if isinstance(value, str):
        return _window_items(value)
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for index, item in enumerate(value):
        try:
            parsed = _window_items(item)
        except PydanticCustomError as exc:
            # the list is flattened here, so pydantic cannot know which item failed: say it
            # through ``_at`` (see loading) so the message points at the item's own line
            ctx = dict(exc.context or {})
            raise invalid(str(ctx.pop("template")), **{**ctx, "_at": (index,)}) from None
        out.extend(parsed if isinstance(parsed, list) else [parsed])
    return out


Availability = Annotated[
    tuple[Window, ...],
    BeforeValidator(_flatten_windows),
    PlainSerializer(lambda ws: [str(w) for w in ws], return_type=list[str]),
]


def _text_list(value: Any) -> Any:
    """Accept ``"a, b; c"`` as well as a YAML list, for hand-written and spreadsheet input."""
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[;,]", value) if p.strip()]
    return value


TextList = Annotated[tuple[str, ...], BeforeValidator(_text_list)]
IdList = Annotated[tuple[PersonId, ...], BeforeValidator(_text_list)]


@lru_cache(maxsize=512)
def is_timezone(name: str) -> bool:
    """True when ``name`` is a known IANA time zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _check_timezone(value: str | None) -> str | None:
    if value is not None and not is_timezone(value):
        raise invalid(
            "'{value}' is not an IANA time zone; use names like Europe/Moscow or Asia/Yekaterinburg", value=value
        )
    return value


TimeZoneName = Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]


def _not_bool(value: Any) -> Any:
    # pydantic's lax mode reads true/false as 1/0; in a roster that is a typo, not a score
    if isinstance(value, bool):
        raise invalid("should be a whole number, not {value}", hint="write a number such as 4",
                      value=str(value).lower())
    return value


WholeNumber = Annotated[int, BeforeValidator(_not_bool)]


# ----------------------------------------------------------------------------- text at the edge

# Control characters (C0 but TAB, DEL, C1), line and paragraph separators and the bidi embeddings,
# overrides and isolates: in a one-line field they could end an ICS line, add Markdown structure,
# move the terminal cursor or show a name reversed. Multi-line fields keep LF (CR LF becomes LF).
_CONTROL_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_VISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MULTILINE_FIELDS = frozenset({"notes", "goal", "assignment"})
_CONTROL_NAMES = {0x09: "TAB", 0x1B: "ESC", 0x00: "NUL", 0x7F: "DEL"}


def visible(text: str, limit: int = 60) -> str:
    """``text`` with every control or bidi character shown as an escape (``\\x1b``, ``\\u202e``),
    shortened to ``limit`` characters: safe to print on a terminal or in a message."""
    out = _CONTROL_VISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def control_name(char: str) -> str:
    """``U+001B (ESC)``, ``U+202E`` ..."""
    from rmentor.i18n import tr

    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    if code in (0x0A, 0x0D, 0x85):
        name = tr("{char}, a line break", char={0x0A: "LF", 0x0D: "CR", 0x85: "NEL"}[code])
    elif code in (0x2028, 0x2029):
        name = tr("a line separator") if code == 0x2028 else tr("a paragraph separator")
    elif 0x202A <= code <= 0x2069:
        name = tr("a bidi control")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """One text value as rmentor compares and prints it: NFC-normalised, runs of whitespace
    (NBSP and tabs included) collapsed to one space and trimmed (line breaks kept in multi-line
    fields). A control or bidi character is refused (a validation error naming it)."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    if multiline:
        text = text.replace("\r\n", "\n")
    bad = (_CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE).search(text)
    if bad is not None:
        raise invalid("'{value}' contains the control character {char}", value=visible(text),
                      char=control_name(bad.group()),
                      hint="remove it: this field is plain text" if multiline else
                      "remove it: this field is plain text on one line")
    if multiline:
        return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    return " ".join(text.split())


@lru_cache(maxsize=16384)
def _clean_short(text: str, multiline: bool) -> str:
    """:func:`clean_text` once per distinct short text (departments, titles, topics, zones repeat
    across a roster). Exceptions are not cached."""
    return clean_text(text, multiline=multiline)


def _clean(value: Any, multiline: bool) -> Any:
    """``clean_text`` on every string in ``value`` (list items and mapping keys and values too);
    an error names the item or key (``_at``)."""
    if isinstance(value, str):
        return _clean_short(value, multiline) if len(value) <= 64 else clean_text(value, multiline=multiline)
    if isinstance(value, (list, tuple)):
        out = []
        for index, item in enumerate(value):
            try:
                out.append(_clean(item, multiline))
            except PydanticCustomError as exc:
                ctx = dict(exc.context or {})
                raise invalid(str(ctx.pop("template")), **{**ctx, "_at": (index, *ctx.pop("_at", ()))}) from None
        return out
    if isinstance(value, dict):
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            try:
                new_key = clean_text(key) if isinstance(key, str) else key
                cleaned[new_key] = _clean(item, multiline)
            except PydanticCustomError as exc:
                ctx = dict(exc.context or {})
                raise invalid(str(ctx.pop("template")), **{**ctx, "_at": (key, *ctx.pop("_at", ()))}) from None
        return cleaned
    return value


def _holds_model(annotation: Any) -> bool:
    """True when a field's type is (or contains) a model: that model cleans its own fields."""
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation) if arg is not None)


_NESTED: dict[tuple[type, str], bool] = {}


class _Strict(BaseModel):
    # no NaN or infinity in any number of a file ('.inf' or '1e400' as a target)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Every text that enters rmentor is normalised here, once (see :func:`clean_text`)."""
        name = info.field_name or ""
        nested = _NESTED.get((cls, name))
        if nested is None:
            field = cls.model_fields.get(name)
            nested = _NESTED[(cls, name)] = field is not None and _holds_model(field.annotation)
        if nested or isinstance(value, BaseModel):
            return value
        return _clean(value, name in MULTILINE_FIELDS)


class Person(_Strict):
    """Fields shared by seniors and juniors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True,
                              allow_inf_nan=False)

    id: PersonId
    name: str = Field(min_length=1, max_length=200)
    department: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    title: str | None = None
    manager: PersonId | None = None
    timezone: TimeZoneName | None = None
    availability: Availability = ()
    avoid: IdList = ()
    prefers: IdList = Field(default=(), description="partners this person would like, most wanted first")
    notes: str | None = None
    scores: dict[str, WholeNumber] = Field(default_factory=dict)

    _tz = field_validator("timezone")(_check_timezone)

    @field_validator("scores", mode="before")
    @classmethod
    def _scores_mapping(cls, value: Any) -> Any:
        if value is None:
            return {}
        return value


class Senior(Person):
    """A senior manager who learns from a junior."""

    wants: TextList = ()


class Junior(Person):
    """A junior employee who mentors one or more seniors."""

    offers: TextList = ()
    capacity: WholeNumber = Field(default=1, ge=1, le=20)


PairIds = Annotated[tuple[PersonId, PersonId], BeforeValidator(lambda v: tuple(v) if isinstance(v, list) else v)]


DEFAULT_MAX_PEOPLE = 50_000


def max_people() -> int:
    """People allowed on each side of a roster: ``RMENTOR_MAX_PEOPLE``, 50,000 by default."""
    import os

    try:
        return max(1, int(os.environ.get("RMENTOR_MAX_PEOPLE", "") or DEFAULT_MAX_PEOPLE))
    except ValueError:
        return DEFAULT_MAX_PEOPLE


class Roster(_Strict):
    """The people in a program: seniors, juniors, pinned pairs and earlier pairs."""

    @model_validator(mode="before")
    @classmethod
    def _not_too_many(cls, data: Any) -> Any:
        # whatever the file format: checked before a single person is validated
        if isinstance(data, dict):
            limit = max_people()
            for side in ("seniors", "juniors"):
                people = data.get(side)
                if isinstance(people, (list, tuple)) and len(people) > limit:
                    raise invalid("{count} {side}: more than the limit of {limit} people per side",
                                  hint="split the roster (for example by department or region), or raise the limit "
                                       "with RMENTOR_MAX_PEOPLE",
                                  count=len(people), side=side, limit=limit, _at=(side,))
        return data

    seniors: tuple[Senior, ...] = ()
    juniors: tuple[Junior, ...] = ()
    pinned: tuple[PairIds, ...] = ()
    history: tuple[PairIds, ...] = ()
    managers: dict[PersonId, PersonId | None] = Field(
        default_factory=dict,
        description="managers who are not in the program: id -> their own manager (or null)",
    )


# --------------------------------------------------------------------------- program


class Label(_Strict):
    """What a criterion, metric or hypothesis is called in each language: ``{ru: ..., en: ...}``."""

    ru: str | None = Field(default=None, min_length=1, max_length=200)
    en: str | None = Field(default=None, min_length=1, max_length=200)


def _label_text(value: Any) -> Any:
    """``label: Готовность`` (one text for both languages) as well as ``label: {ru: ..., en: ...}``."""
    return {"ru": value, "en": value} if isinstance(value, str) else value


LabelField = Annotated[Label | None, BeforeValidator(_label_text)]

#: Words for the built-in criteria and the attendance metric, so Russian text never shows an id.
BUILTIN_LABELS: dict[str, Label] = {
    "readiness": Label(ru="готовность учиться", en="readiness"),
    "openness": Label(ru="открытость изменениям", en="openness"),
    "communication": Label(ru="коммуникация", en="communication"),
    "sharing": Label(ru="желание делиться", en="sharing"),
    "structuring": Label(ru="умение структурировать", en="structuring"),
    "attendance": Label(ru="посещаемость встреч", en="session attendance"),
}


def label_text(name: str, label: Label | None, lang: str) -> str:
    """What to call ``name`` in ``lang``: its label, else the built-in words, else the name itself
    (a Russian program is warned about that when it is loaded, so it can add a label)."""
    for source in (label, BUILTIN_LABELS.get(name)):
        if source is not None:
            text = source.ru if lang == "ru" else source.en
            if text:
                return text
    return name


class Criterion(_Strict):
    """A selection criterion: its weight in the person score and its minimum."""

    weight: int = Field(default=1, ge=0, le=100)
    min: int | None = None
    label: LabelField = None


class Scale(_Strict):
    """The range of every criterion score."""

    min: int = Field(default=1, ge=-1000, le=1000)
    max: int = Field(default=5, ge=-1000, le=1000)

    @model_validator(mode="after")
    def _ordered(self) -> "Scale":
        if self.max <= self.min:
            raise invalid("scale.max must be greater than scale.min", hint="swap the two values")
        return self


class Pilot(_Strict):
    """How many pairs to form: at least ``min``, at most ``max``; unset means as many as possible."""

    min: int | None = Field(default=None, ge=1, le=1_000_000)
    max: int | None = Field(default=None, ge=1, le=1_000_000)

    @model_validator(mode="after")
    def _ordered(self) -> "Pilot":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise invalid("pilot.min must not exceed pilot.max", hint="lower min or raise max")
        return self


class Weights(_Strict):
    """Points that make up a pair score (all integers; see README "Scoring")."""

    topic: int = Field(default=20, ge=0, le=1000, description="points per shared topic")
    max_topics: int = Field(default=3, ge=1, le=50, description="shared topics counted at most")
    senior: int = Field(default=20, ge=0, le=1000, description="points for a senior score of 100")
    junior: int = Field(default=20, ge=0, le=1000, description="points for a junior score of 100")
    cross_functional: int = Field(default=15, ge=0, le=1000)
    availability: int = Field(default=10, ge=0, le=1000, description="points for a common weekly slot")
    preference: int = Field(default=30, ge=0, le=1000,
                            description="points for a mutual first choice; one-sided and lower choices get less")


def _default_senior_criteria() -> dict[str, Criterion]:
    return {"readiness": Criterion(weight=2, min=3), "openness": Criterion(weight=1, min=3)}


def _default_junior_criteria() -> dict[str, Criterion]:
    return {
        "communication": Criterion(weight=2, min=3),
        "sharing": Criterion(weight=1, min=3),
        "structuring": Criterion(weight=1, min=2),
    }


class Solver(_Strict):
    """Pinned solver settings; the same input and settings give the same result."""

    time_limit_seconds: float = Field(default=60.0, gt=0, le=3600)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class Matching(_Strict):
    """Hard rules and objective of the matching."""

    pilot: Pilot = Pilot()
    cross_functional: Literal["required", "preferred", "ignore"] = "preferred"
    exclude_reporting_line: bool = True
    max_timezone_gap_hours: int | None = Field(default=6, ge=0, le=26)
    min_pair_score: int = Field(default=0, ge=0, le=1_000_000)
    min_shared_topics: int = Field(default=1, ge=0, le=50)
    require_common_slot: bool = True
    max_pairs_per_department: int | None = Field(default=None, ge=1, le=1_000_000)
    stable: bool = Field(default=False, description="no blocking pair under the participants' ranks")
    scale: Scale = Scale()
    senior_criteria: dict[str, Criterion] = Field(default_factory=_default_senior_criteria)
    junior_criteria: dict[str, Criterion] = Field(default_factory=_default_junior_criteria)
    weights: Weights = Weights()
    solver: Solver = Solver()

    @model_validator(mode="after")
    def _criteria(self) -> "Matching":
        for side, crits in (("senior_criteria", self.senior_criteria), ("junior_criteria", self.junior_criteria)):
            if not crits:
                raise invalid("{side} needs at least one criterion",
                              hint="add one, or remove the key to use the defaults", side=side, _at=(side,))
            for name, crit in crits.items():
                if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                    raise invalid("{side}.{name}: criterion names use letters, digits and _", side=side, name=name,
                                  _at=(side, name))
                if crit.min is not None and not self.scale.min <= crit.min <= self.scale.max:
                    raise invalid(
                        "{side}.{name}.min = {value} is outside the scale {lo}-{hi}",
                        side=side, name=name, value=crit.min, lo=self.scale.min, hi=self.scale.max,
                        _at=(side, name, "min"), hint="set min within the scale, or remove it",
                    )
            if sum(c.weight for c in crits.values()) == 0:
                raise invalid("{side}: at least one weight must be above 0",
                              hint="give a criterion a weight of 1 or more", side=side, _at=(side,))
        return self


class Duration(_Strict):
    """Program length: ``months`` or a number of ``sessions`` (exactly one)."""

    months: int | None = Field(default=None, ge=1, le=36)
    sessions: int | None = Field(default=None, ge=1, le=200)

    @model_validator(mode="after")
    def _one(self) -> "Duration":
        if (self.months is None) == (self.sessions is None):
            raise invalid("give exactly one of duration.months or duration.sessions")
        return self


class Blackout(_Strict):
    """Dates with no sessions (a company offsite, the summer break)."""

    start: date
    end: date
    reason: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Blackout":
        if self.end < self.start:
            raise invalid("blackout end is before its start", hint="swap start and end")
        return self


def _days_value(v: Any) -> Any:
    if isinstance(v, str):
        return _parse_days(v)
    if isinstance(v, list):  # ["Mon-Wed", "Fri"], or the ints a dumped model holds
        return [d for x in v for d in ([x] if isinstance(x, int) else _parse_days(str(x)))]
    return v


class WorkingHours(_Strict):
    """When sessions may take place, in the program time zone."""

    days: Annotated[tuple[int, ...], BeforeValidator(_days_value)] = (0, 1, 2, 3, 4)
    start: Annotated[int, BeforeValidator(lambda v: parse_clock(v) if isinstance(v, str) else v)] = 9 * 60
    end: Annotated[int, BeforeValidator(lambda v: parse_clock(v) if isinstance(v, str) else v)] = 19 * 60

    @model_validator(mode="after")
    def _ordered(self) -> "WorkingHours":
        if self.end <= self.start:
            raise invalid("working_hours.end must be after working_hours.start",
                          hint="working hours cannot cross midnight; fix start or end")
        return self


class Hypothesis(_Strict):
    """A measurable hypothesis the program is checked against (``rmentor evaluate``)."""

    id: Id
    statement: str
    label: LabelField = Field(default=None, description="a short name of the hypothesis")
    metric: str = Field(description="a survey column, or 'attendance'")
    metric_label: LabelField = Field(default=None, description="what the metric is called in reports")
    kind: Literal["mean_change", "share_reaching", "attendance"]
    target: float = Field(ge=-1000, le=1000, description="relative change (0.15 = +15%) or a share (0.8 = 80%)")
    level: float | None = Field(default=None, ge=-1e12, le=1e12,
                                description="for share_reaching: the value a person must reach")
    population: Literal["seniors", "juniors", "all"] = "all"
    deadline: date | None = None
    waves: tuple[str, str] | None = Field(
        default=None, description="the two survey waves compared, by name (default: the first and the last)")
    comparison: Literal["required", "optional"] = Field(
        default="optional", description="required: not confirmed without a comparison group of non-participants")

    @model_validator(mode="after")
    def _level(self) -> "Hypothesis":
        if self.kind == "share_reaching" and self.level is None:
            raise invalid("hypothesis {id}: share_reaching needs a level", id=self.id,
                          hint="add level: the value a person must reach, e.g. level: 4")
        if self.waves is not None and self.waves[0] == self.waves[1]:
            raise invalid("hypothesis {id}: compares the wave '{wave}' with itself", id=self.id,
                          wave=self.waves[0], hint="name two different waves, e.g. waves: [baseline, final]")
        return self


class SurveyWave(_Strict):
    """One survey wave: a name used in survey files and hypotheses, a date, a label for reports."""

    name: str = Field(min_length=1, max_length=60)
    date: Date | None = None
    label: str | None = Field(default=None, max_length=120)


def _person_key(value: Any) -> Any:
    # 'person: email' is short for 'person: {by: email}'
    return {"by": value} if isinstance(value, str) else value


class PersonKey(_Strict):
    """How a survey row names its person: by e-mail, by full name or by id, and in which column."""

    by: Literal["email", "name", "id"]
    column: str | None = Field(default=None, max_length=500,
                               description="the column header (exact or a unique prefix); found by name if absent")


def _question(value: Any) -> Any:
    return {"question": value} if isinstance(value, str) else value


class Question(_Strict):
    """Where a metric is in a form export: the question text as exported, and an optional answer scale."""

    question: str = Field(min_length=1, max_length=2000, description="the column header, exact or a unique prefix")
    scale: str | None = Field(default=None, description="the name of a scale in surveys.scales")


class SurveyFile(_Strict):
    """A survey file the program reads by itself, and what it holds."""

    file: str = Field(min_length=1, description="path, relative to the program file")
    wave: str | None = Field(default=None, description="the wave of every row (else a wave column or the dates)")
    person: Annotated[PersonKey | None, BeforeValidator(_person_key)] = None


class Surveys(_Strict):
    """How to read survey files, including exports of Microsoft, Google and Yandex Forms."""

    waves: tuple[SurveyWave, ...] = ()
    person: Annotated[PersonKey | None, BeforeValidator(_person_key)] = None
    metrics: dict[str, Annotated[Question, BeforeValidator(_question)]] = Field(default_factory=dict)
    scales: dict[str, dict[str, float]] = Field(default_factory=dict)
    files: tuple[SurveyFile, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> "Surveys":
        names = [w.name for w in self.waves]
        for name in names:
            if names.count(name) > 1:
                raise invalid("surveys.waves: the wave '{wave}' is declared twice", wave=name,
                              hint="give every wave its own name")
        dates = [w.date for w in self.waves if w.date is not None]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise invalid("surveys.waves must be listed in date order, one date per wave",
                          hint="order the waves from the first to the last")
        for metric, q in self.metrics.items():
            if q.scale is not None and q.scale not in self.scales:
                raise invalid("surveys.metrics.{metric}: no scale '{scale}' in surveys.scales", metric=metric,
                              scale=q.scale, hint="declare it under surveys.scales, or fix the name")
        for f in self.files:
            if names and f.wave is not None and f.wave not in names:
                raise invalid("surveys.files: the wave '{wave}' of {file} is not in surveys.waves", wave=f.wave,
                              file=f.file, hint="use one of: {names}", names=", ".join(names))
        for scale, answers in self.scales.items():
            for answer, value in answers.items():
                if not (abs(value) <= 1_000_000):  # also refuses NaN
                    raise invalid("surveys.scales.{scale}: '{answer}' must be a number between -1000000 and 1000000",
                                  scale=scale, answer=answer, hint="write the number the answer stands for, e.g. 5")
        return self


class Tools(_Strict):
    """Where pairs meet and share: a chat, an idea board, a video link template."""

    chat: str | None = None
    board: str | None = None
    video: str | None = Field(default=None, description="may contain {pair_id}")


def _plain_placeholders(text: str) -> str:
    # str.format runs on these texts: a format spec such as {n:>300000000} would build a
    # 300 MB string per session (10 GB and minutes for one pilot), so placeholders stay plain
    import string

    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise invalid("unbalanced braces in '{text}'", hint="write every placeholder as an opening brace, "
                      "a name and a closing brace; double a brace to print it", text=text) from None
    for _, name, spec, conversion in parts:
        if name is not None and (spec or conversion):
            field = name + ("!" + conversion if conversion else "") + (":" + spec if spec else "")
            raise invalid("the placeholder '{field}' has a format; placeholders are plain names",
                          hint="remove the part after the name ('!' or ':')", field=field)
    return text


AgendaText = Annotated[str, AfterValidator(_plain_placeholders)]


class AgendaItem(_Strict):
    """One session's text; ``{n}``, ``{total}``, ``{senior}``, ``{junior}`` are filled in."""

    title: AgendaText
    goal: AgendaText
    assignment: AgendaText


class Agenda(_Strict):
    """Overrides of the default session agenda."""

    first: AgendaItem | None = None
    regular: AgendaItem | None = None
    midpoint: AgendaItem | None = None
    last: AgendaItem | None = None


def _alias_lists(value: Any) -> Any:
    """``{Продажи: [Отдел продаж, Sales]}``; a single alias may be written without brackets."""
    if isinstance(value, dict):
        return {k: ([v] if isinstance(v, str) else [] if v is None else v) for k, v in value.items()}
    return value


AliasMap = Annotated[dict[str, tuple[str, ...]], BeforeValidator(_alias_lists)]


class Aliases(_Strict):
    """Other spellings of departments and topics: canonical spelling -> the spellings it stands for.

    ``departments: {Продажи: [Отдел продаж, Sales]}`` makes the three one department, shown as
    «Продажи». Case, ``ё``/``е``, spacing and punctuation never need an alias; nor does the
    alphabet of a topic (``смм`` = ``SMM``).
    """

    departments: AliasMap = Field(default_factory=dict)
    topics: AliasMap = Field(default_factory=dict)


class AtRisk(_Strict):
    """When a running pair is flagged as at risk (``rmentor status``, ``rmentor evaluate``).

    One rule set, applied by :func:`rmentor.core.risk.pair_risks` everywhere a pair is judged.
    """

    attendance: float = Field(default=0.7, ge=0, le=1,
                              description="flag a pair whose held / recorded sessions fall below this share")
    cancellations: int = Field(default=2, ge=1, le=100,
                               description="flag a pair when one side cancelled this many sessions or more")
    stalled_weeks: int = Field(default=4, ge=1, le=52,
                               description="flag a pair with no held session for this many weeks")
    unrecorded_weeks: int = Field(default=2, ge=1, le=52,
                                  description="flag a pair whose past sessions stay unrecorded longer than this")


_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_DURATION = re.compile(r"^-?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


def parse_duration_minutes(text: str) -> int:
    """An ISO 8601 duration (``P1D``, ``PT15M``, ``P1DT2H``, ``P1W``) -> minutes; ValueError if it is not one."""
    m = _DURATION.match(text.strip().upper())
    if not m or not any(m.groups()) or text.strip().upper().endswith("T"):
        raise ValueError(text)
    weeks, days, hours, minutes = (int(g or 0) for g in m.groups())
    return ((weeks * 7 + days) * 24 + hours) * 60 + minutes


def _reminder(value: Any) -> str:
    text = str(value).strip().upper().lstrip("-")
    try:
        minutes = parse_duration_minutes(text)
    except ValueError:
        raise invalid("'{value}' is not a reminder; write how long before the session, like P1D or PT15M",
                      hint="P1D = a day before, PT2H = two hours, PT15M = 15 minutes", value=value) from None
    if minutes > 4 * 7 * 24 * 60:
        raise invalid("a reminder {value} before the session is more than four weeks", value=value)
    return text


class Organizer(_Strict):
    """The HR program mailbox: ORGANIZER and sender of every invitation; replies go there."""

    name: str = Field(min_length=1, max_length=200)
    email: str = Field(pattern=_EMAIL)


class Smtp(_Strict):
    """Where ``invite --send`` delivers. The password is never here: RMENTOR_SMTP_PASSWORD or a prompt."""

    host: str | None = Field(default=None, max_length=253)
    port: int | None = Field(default=None, ge=1, le=65535)
    user: str | None = Field(default=None, max_length=320)
    security: Literal["starttls", "ssl", "none"] = "starttls"


class Program(_Strict):
    """A reverse-mentoring program. ``Program()`` is the embedded default."""

    name: str = "Reverse mentoring pilot"
    language: Literal["ru", "en"] | None = None
    start: date | None = None
    duration: Duration = Duration(months=6)
    cadence_weeks: int = Field(default=2, ge=1, le=12)
    session_minutes: int = Field(default=60, ge=15, le=480)
    timezone: TimeZoneName = "Europe/Moscow"
    holiday_country: str = Field(default="RU", pattern=r"^[A-Za-z]{2,3}$")
    holiday_subdivision: str | None = None
    blackouts: tuple[Blackout, ...] = ()
    working_hours: WorkingHours = WorkingHours()
    day_off_policy: Literal["shift", "skip"] = "shift"
    matching: Matching = Matching()
    goals: TextList = ()
    hypotheses: tuple[Hypothesis, ...] = ()
    surveys: Surveys = Surveys()
    tools: Tools = Tools()
    agenda: Agenda = Agenda()
    aliases: Aliases = Aliases()
    at_risk: AtRisk = AtRisk()
    organizer: Organizer | None = None
    reminders: tuple[Annotated[str, BeforeValidator(_reminder)], ...] = ("P1D", "PT15M")
    smtp: Smtp = Smtp()

    _tz = field_validator("timezone")(_check_timezone)

    @field_validator("holiday_country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.upper()
        if value == "RU":  # the default: importing `holidays` costs ~0.4 s, too much for every command
            return value
        from holidays import list_supported_countries

        if value not in list_supported_countries():
            raise invalid(
                "'{value}' is not a supported holiday country; use an ISO code such as RU, KZ, BY", value=value
            )
        return value
