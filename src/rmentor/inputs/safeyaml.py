"""A safe, located YAML reader.

It builds plain Python data straight from the libyaml event stream (the C parser
when present), without PyYAML's constructors, so that:

* no tag can construct objects: any explicit tag is an error;
* scalars follow the YAML 1.2 core schema, stricter still: ``NO``, ``yes``, ``0123``,
  ``+79161234567`` and dates stay text (pydantic converts dates where a date is due);
* duplicate keys are errors, naming both lines;
* aliases are allowed but their expansion is budgeted, so an alias bomb is refused;
* nesting depth is bounded and the builder is iterative, so deep input cannot
  overflow the stack;
* every key and value gets a ``line:col`` for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from rmentor.errors import InputError, Location

MAX_DEPTH = 64
MAX_NODES = 2_000_000

Path_ = tuple[str | int, ...]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def format_path(path: Path_) -> str:
    """``("seniors", 3, "scores")`` -> ``seniors[3].scores``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class Document:
    """Parsed YAML data plus the position of every key and value in the file."""

    data: Any
    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> Location:
        """The location of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, col = self.positions.get(probe, (None, None))
        return Location(file=self.file, line=line, column=col, path=format_path(path) or None)


def _resolve_plain(value: str) -> Any:
    first = value[:1]
    if first.isalpha() and first not in "nNtTfF":  # the common case: plain text
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _size(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_size(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_size(v) for v in value)
    return 1


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path_
    anchor: str | None
    start: tuple[int, int]
    key: Any = None
    has_key: bool = False
    key_mark: tuple[int, int] | None = None
    merges: list[dict[Any, Any]] = field(default_factory=list)
    nodes: int = 1
    is_list: bool = False


def parse_yaml(text: str, file: str, *, record: bool = True) -> Document:
    """Parse one YAML document from ``text``; ``file`` names it in error messages.

    With ``record=False`` positions are not kept (about twice as fast); any error is
    then re-raised from a recording pass so that it still names line and column.
    """
    if not record:
        try:
            return _parse(text, file, record=False)
        except InputError:
            return _parse(text, file, record=True)
    return _parse(text, file, record=True)


def _parse(text: str, file: str, *, record: bool) -> Document:
    """Read the event stream into a :class:`Document`; PyYAML's own errors become located InputErrors."""
    loader = _Loader(text)
    try:
        return _Builder(file, record).run(loader.get_event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise InputError("YAML error: {problem}", location=Location(file=file), problem=str(exc)) from None
    finally:
        loader.dispose()


def _where(file: str, mark: Any) -> Location:
    """A PyYAML mark (0-based) as a location (1-based)."""
    return Location(file=file, line=mark.line + 1, column=mark.column + 1)


def _check_tag(event: Any, file: str) -> None:
    """Refuse any explicit tag but the plain ones (``!``, ``!!str``, ``!!map``, ``!!seq``)."""
    tag = getattr(event, "tag", None)
    if tag is None or tag in ("!", "tag:yaml.org,2002:str"):
        return
    if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) and tag in (
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
    ):
        return
    raise InputError(
        "YAML tags such as '{tag}' are not allowed",
        location=_where(file, event.start_mark),
        hint="remove the tag; write plain values",
        tag=tag,
    )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> InputError:
    """PyYAML's syntax error as an InputError: where it is, where an unclosed bracket or quote
    was opened, and a hint about tabs when the line is indented with one."""
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "syntax error").strip()
    opened = exc.context_mark
    if exc.problem and exc.context and opened is not None and mark is not None and opened.line != mark.line:
        # an unclosed bracket or quote is found lines later; say where it was opened
        problem += f" ({exc.context.strip()} started on line {opened.line + 1})"
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    tab = "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "\\t" in problem
    return InputError(
        "YAML syntax error: {problem}",
        location=_where(file, mark) if mark else Location(file=file),
        hint="replace tab characters with spaces" if tab else
        "check indentation, colons and quotes on this line and the one above",
        problem=problem,
    )


class _Builder:
    """Builds plain data from YAML events, one step per kind of event.

    A stack of open containers (:class:`_Frame`) receives each finished value through
    :meth:`attach`, which counts it against the alias budget, remembers its anchor and puts
    it in place: as the root, a list item, a mapping key, or a mapping value.
    """

    def __init__(self, file: str, record: bool) -> None:
        self.file = file
        self.record = record
        self.doc = Document(data=None, file=file)
        self.positions = self.doc.positions
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.total_nodes = 0
        self.documents = 0

    def run(self, get_event: Any) -> Document:
        """Consume events until the stream ends."""
        scalar_t, alias_t = yaml.ScalarEvent, yaml.AliasEvent
        map_start_t, seq_start_t = yaml.MappingStartEvent, yaml.SequenceStartEvent
        map_end_t, seq_end_t = yaml.MappingEndEvent, yaml.SequenceEndEvent
        doc_start_t, stream_end_t = yaml.DocumentStartEvent, yaml.StreamEndEvent
        attach, file, stack, record = self.attach, self.file, self.stack, self.record
        set_value, positions = self._set_value, self.positions
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_t:  # the common event: kept inline
                if event.tag is not None:
                    _check_tag(event, file)
                value = _resolve_plain(event.value) if event.implicit[0] and event.tag is None else event.value
                mark = event.start_mark
                if event.anchor is not None or not stack:
                    attach(value, (mark.line + 1, mark.column + 1), 1, event.anchor)
                    continue
                # What attach does for a plain scalar inside a container, without the call: it
                # adds nothing to the alias budget and has no anchor to remember.
                frame = stack[-1]
                frame.nodes += 1
                if frame.is_list:
                    if record:
                        positions.setdefault((*frame.path, len(frame.container)), (mark.line + 1, mark.column + 1))
                    frame.container.append(value)  # type: ignore[union-attr]
                elif not frame.has_key:
                    frame.key, frame.has_key = "" if value is None else value, True
                    frame.key_mark = (mark.line + 1, mark.column + 1)
                else:
                    set_value(frame, value, (mark.line + 1, mark.column + 1))
            elif kind is map_start_t or kind is seq_start_t:
                self.open(event, is_map=kind is map_start_t)
            elif kind is map_end_t or kind is seq_end_t:
                self.close()
            elif kind is alias_t:
                self.alias(event)
            elif kind is doc_start_t:
                self.start_document(event)
            elif kind is stream_end_t or event is None:
                return self.doc

    # ------------------------------------------------------------------ one method per event

    def open(self, event: Any, *, is_map: bool) -> None:
        """A mapping or a list starts: push a frame (bounded depth), note its position."""
        if event.tag is not None:
            _check_tag(event, self.file)
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise InputError(
                "the data is nested more than {limit} levels deep",
                location=_where(self.file, event.start_mark),
                hint="flatten the structure",
                limit=MAX_DEPTH,
            )
        path: Path_ = ()
        if self.record and stack:
            parent = stack[-1]
            step = len(parent.container) if parent.is_list else str(parent.key)
            path = (*parent.path, step)
        container: dict[Any, Any] | list[Any] = {} if is_map else []
        start = (event.start_mark.line + 1, event.start_mark.column + 1)
        stack.append(_Frame(container, path, event.anchor, start, is_list=not is_map))
        if self.record:
            self.positions.setdefault(path, start)

    def close(self) -> None:
        """A mapping or a list ends: apply its merge keys (``<<``), then attach it to its parent."""
        frame = self.stack.pop()
        merged = 0
        if frame.merges:
            assert isinstance(frame.container, dict)
            for source in frame.merges:
                for k, v in source.items():
                    if k not in frame.container:
                        frame.container[k] = v
                        merged += _size(v)
        frame.nodes += merged
        self.attach(frame.container, frame.start, frame.nodes, frame.anchor, 1 + merged)

    def alias(self, event: Any) -> None:
        """``*name``: attach the anchored value again, counting its whole expansion."""
        if event.anchor not in self.anchors:
            raise InputError(
                "unknown alias *{name}",
                location=_where(self.file, event.start_mark),
                hint="define the anchor &{name} before using it",
                hint_params={"name": event.anchor},
                name=event.anchor,
            )
        value, nodes = self.anchors[event.anchor]
        self.attach(value, (event.start_mark.line + 1, event.start_mark.column + 1), nodes, None, nodes)

    def start_document(self, event: Any) -> None:
        """``---``: one document per file."""
        self.documents += 1
        if self.documents > 1:
            raise InputError(
                "the file holds more than one YAML document ('---')",
                location=_where(self.file, event.start_mark),
                hint="keep one document per file",
            )

    # ------------------------------------------------------------------ placing a finished value

    def attach(self, value: Any, pos: tuple[int, int], nodes: int, anchor: str | None, fresh: int = 1) -> None:
        """Place a finished value: count it, remember its anchor, put it into the open container."""
        # ``nodes`` is the size of ``value`` (for anchors and parents); ``fresh`` counts only
        # the values not counted before: 1 for a scalar or a closed container, the whole
        # expansion for an alias or a merge. Adding ``nodes`` instead counted every value
        # once per level above it, so a plain 5 MB roster was refused as an alias bomb.
        # Only what aliases and merges add is budgeted: plain values are bounded by the file
        # size cap already, so a large but plain roster (74,000 people) is never taken for a bomb.
        if fresh > 1:
            self.total_nodes += fresh
        if self.total_nodes > MAX_NODES:
            raise InputError(
                "aliases (*name) in the document expand to more than {limit} values, the limit for "
                "repeated content (an alias bomb?)",
                location=self._at(pos),
                hint="remove the repeated aliases (*name)",
                limit=MAX_NODES,
            )
        if anchor is not None:
            self.anchors[anchor] = (value, nodes)
        stack = self.stack
        if not stack:
            self.doc.data = value
            self.positions[()] = pos
            return
        frame = stack[-1]
        frame.nodes += nodes
        if frame.is_list:
            if self.record:
                self.positions.setdefault((*frame.path, len(frame.container)), pos)
            frame.container.append(value)  # type: ignore[union-attr]
        elif not frame.has_key:
            self._take_key(frame, value, pos)
        else:
            self._set_value(frame, value, pos)

    def _take_key(self, frame: _Frame, key: Any, pos: tuple[int, int]) -> None:
        """The value is a mapping key: it must be a scalar; it waits for its value."""
        if isinstance(key, (dict, list)):
            raise InputError(
                "a key must be plain text, not a list or mapping",
                location=self._at(pos),
                hint="check the indentation of this line",
            )
        frame.key, frame.has_key, frame.key_mark = "" if key is None else key, True, pos

    def _set_value(self, frame: _Frame, value: Any, pos: tuple[int, int]) -> None:
        """The value of the waiting key: a merge source for ``<<``, else stored once (duplicates refused)."""
        key = frame.key
        frame.has_key = False
        if key == "<<" and isinstance(value, (dict, list)):
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise InputError(
                        "a merge key (<<) needs a mapping or a list of mappings",
                        location=self._at(pos),
                    )
                frame.merges.append(source)
            return
        assert isinstance(frame.container, dict)
        hashable_key = key if isinstance(key, (str, int, float, bool)) else str(key)
        if hashable_key in frame.container:
            first = self.positions.get((*frame.path, str(hashable_key)), (None, None))[0]
            raise InputError(
                "duplicate key '{key}' (first defined on line {first})",
                location=Location(file=self.file, line=frame.key_mark[0] if frame.key_mark else None,
                                  column=frame.key_mark[1] if frame.key_mark else None,
                                  path=format_path((*frame.path, str(hashable_key)))),
                hint="keep only one of them",
                key=hashable_key,
                first=first,
            )
        frame.container[hashable_key] = value
        if self.record and frame.key_mark is not None:
            key_path = (*frame.path, str(hashable_key))
            self.positions[key_path] = frame.key_mark

    def _at(self, pos: tuple[int, int]) -> Location:
        return Location(file=self.file, line=pos[0], column=pos[1])
