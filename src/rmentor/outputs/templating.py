"""Rendering user-supplied Jinja2 templates safely.

Template packs are shared between teams, so a template is untrusted input:

* templates see **plain data only** (:func:`plain`): dicts, lists, strings, numbers, booleans,
  dates. Never a pydantic model or another object whose methods reach Python internals
  (``Program.parse_raw(..., proto='pickle', allow_pickle=True)`` ran a shell command);
* they are rendered in Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`, with the
  result size of ``*`` and ``**`` bounded;
* a template file is read only when it lies inside its pack after symlinks are resolved;
* in Markdown templates every value is escaped (:func:`md_escape`) so user text cannot add HTML,
  links, images or structure; text a template marks as Markdown (``|md``, ``_()``) is escaped once;
* any error while rendering (``{{ 1/0 }}``, a missing include, recursion, the sandbox's range
  limit, a ``TypeError``, an undefined variable) is an :class:`~rmentor.errors.InputError` naming
  the template file and line.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from rmentor.errors import InputError, Location

MAX_RESULT = 1_000_000  # characters (or list items) one '*' in a template may produce
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
       "form-action 'none'; base-uri 'none'")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


def plain(value: Any) -> Any:
    """``value`` as plain data: dicts, lists, str, int, float, bool, None, dates and times.

    Pydantic models and dataclasses become dicts of their fields, tuples and sets lists, enums
    their value; anything else its ``str()``.
    """
    if value is None or isinstance(value, (str, bool, int, float, date, datetime, time)):
        from markupsafe import Markup

        if isinstance(value, str) and not isinstance(value, (MdSafe, Markup)):
            return str(value)  # a str subclass may carry methods
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [plain(v) for v in items]
    dump = getattr(value, "model_dump", None)
    if callable(dump) and hasattr(type(value), "model_fields"):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)


# ----------------------------------------------------------------------------- Markdown escaping


class MdSafe(str):
    """Text already escaped for Markdown (or written by rmentor as Markdown)."""

    __slots__ = ()


# '_' inside a word never starts emphasis (CommonMark), so ids like smm_launch stay readable
_MD_INLINE = re.compile(r"([\\`*\[\]<>|~&$]|(?<!\w)_|_(?!\w))")
# a list item, heading, quote, thematic break or setext underline if the value starts a line
_MD_LINE_START = re.compile(r"^(\s*)(?:((?:[-+]|#{1,6})(?=\s|$)|>|[-=](?=[-=\s]*$))|(\d{1,9})([.)])(?=\s|$))")


def md_escape(value: Any) -> str:
    """``value`` as Markdown text that renders as itself: no HTML, links, images, emphasis,
    table cells, headings, lists or line breaks. Already escaped text (:class:`MdSafe`) is kept."""
    if isinstance(value, MdSafe):
        return str(value)
    text = " ".join(str(value).split())  # no line breaks: a value can never start a new block
    text = _MD_INLINE.sub(r"\\\1", text)

    def start(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}\\{m.group(2)}"
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"

    return _MD_LINE_START.sub(start, text, count=1)


def _md_filter(value: Any) -> MdSafe:
    if isinstance(value, (list, tuple)):
        return MdSafe(", ".join(md_escape(v) for v in value))
    return MdSafe(md_escape(value))


def _md_finalize(value: Any) -> Any:
    if isinstance(value, MdSafe) or not isinstance(value, str):
        return value
    return md_escape(value)


def md_tr(tr: Callable[..., str]) -> Callable[..., MdSafe]:
    """A translation function for Markdown templates: the parameters are escaped, the rmentor
    text around them is kept."""

    def translate(message: str, **params: Any) -> MdSafe:
        return MdSafe(tr(message, **{k: md_escape(v) if isinstance(v, str) else v for k, v in params.items()}))

    return translate


def embed_images(html: str, images: Mapping[str, str]) -> str:
    """``html`` whose ``<img>`` tags point at data URIs only: ``images`` maps a file name to its
    data URI; an image pointing anywhere else is removed."""

    def one(m: re.Match[str]) -> str:
        src = m.group(2)
        if src in images:
            return f"{m.group(1)}{images[src]}{m.group(3)}"
        return m.group(0) if src.startswith("data:") else ""

    return re.sub(r'(<img\b[^>]*?\bsrc=")([^"]*)("[^>]*>)', one, html, flags=re.IGNORECASE)


def add_csp(html: str) -> str:
    """``html`` with a Content-Security-Policy meta that forbids loading anything remote."""
    if CSP_META in html:
        return html
    m = re.search(r"<head\b[^>]*>", html, re.IGNORECASE)
    if m is None:
        return f"{CSP_META}\n{html}"
    return f"{html[:m.end()]}\n{CSP_META}{html[m.end():]}"


# ----------------------------------------------------------------------------- pictures


def chart_context() -> Any:
    """A context for drawing charts with user text: no label is read as mathtext (``$...$``
    ended in a traceback) and a glyph the font lacks draws as a box without a warning on stderr."""
    import contextlib
    import logging
    import warnings

    import matplotlib

    stack = contextlib.ExitStack()
    stack.enter_context(matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}))
    stack.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore", UserWarning)
    for name in ("matplotlib.font_manager", "matplotlib.mathtext", "matplotlib.text", "matplotlib.backends"):
        logger = logging.getLogger(name)
        stack.callback(logger.setLevel, logger.level)
        logger.setLevel(logging.ERROR)
    return stack


# ----------------------------------------------------------------------------- environment


def _pack_loader(root: Path, searchpath: list[Path]) -> Any:
    from jinja2 import FileSystemLoader

    class PackLoader(FileSystemLoader):
        """A FileSystemLoader that never reads a file outside its pack (symlinks included)."""

        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            real = Path(os.path.realpath(filename))
            top = Path(os.path.realpath(root))
            if not real.is_relative_to(top) or not real.is_file():
                raise InputError("template {name} leads outside the templates folder", name=template,
                                 location=Location(file=str(filename)),
                                 hint="copy the file into the folder instead of linking to it")
            return source, filename, uptodate

    return PackLoader([str(p) for p in searchpath], followlinks=False)


def environment(*, pack: Path | None, pack_paths: list[Path], builtin: Any, markdown: bool = False,
                html: bool = False, **options: Any) -> Any:
    """An immutable sandboxed environment reading ``pack_paths`` (inside ``pack``) first, then
    ``builtin`` (a loader). Markdown environments escape every value they print."""
    from jinja2 import ChoiceLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                if isinstance(right, int) and isinstance(left, int) and abs(right) > 64 and abs(left) > 1:
                    raise OverflowError("power too large in a template")
                return left**right
            size = (len(left) * right if isinstance(left, (str, list, tuple)) and isinstance(right, int) else
                    len(right) * left if isinstance(right, (str, list, tuple)) and isinstance(left, int) else 0)
            if size > MAX_RESULT:
                raise OverflowError(f"a result longer than {MAX_RESULT} in a template")
            return left * right

    loaders: list[Any] = []
    if pack is not None:
        loaders.append(_pack_loader(pack, pack_paths))
    loaders.append(builtin)
    env = Sandbox(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=html,
                  keep_trailing_newline=True, finalize=_md_finalize if markdown else None, **options)
    env.filters["md"] = _md_filter
    return env


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in ``exc``'s traceback (Jinja rewrites it so)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if "__jinja_template__" in tb.tb_frame.f_globals or code.co_filename.endswith(".j2"):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render(env: Any, name: str, context: Mapping[str, Any], *, hint: str, converted: bool = False) -> str:
    """Render template ``name`` with ``context`` made plain (``converted``: the caller already did,
    with :func:`plain`); any failure is an InputError naming the template file and line."""
    import jinja2

    data = context if converted else {k: v if callable(v) else plain(v) for k, v in context.items()}
    try:
        return str(env.get_template(name).render(**data))
    except InputError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise InputError("template error: {problem}", location=Location(file=exc.filename or name, line=exc.lineno),
                         hint="fix the template syntax", problem=exc.message or "") from None
    except jinja2.TemplateNotFound as exc:
        file, line = _template_line(exc)
        raise InputError("template error: {problem}", location=Location(file=file or name, line=line),
                         hint="the template includes a file that is not in the templates folder",
                         problem=f"template not found: {exc.name}") from None
    except jinja2.exceptions.SecurityError as exc:
        file, line = _template_line(exc)
        raise InputError("template error: {problem}", location=Location(file=file or name, line=line),
                         hint="templates may use the documented variables, not Python internals",
                         problem=str(exc)) from None
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
            RecursionError, MemoryError) as exc:
        file, line = _template_line(exc)
        problem = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        if isinstance(exc, RecursionError):
            problem = "the template calls itself without end"
        raise InputError("template error: {problem}", location=Location(file=file or name, line=line),
                         hint=hint, problem=f"{type(exc).__name__}: {problem}"[:300]) from None
