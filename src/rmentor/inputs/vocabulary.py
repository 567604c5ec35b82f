"""Comparison keys for free text HR types by hand: departments, topics, names, ids.

HR exports spell the same thing many ways: «Отдел продаж» and «отдел  продаж», «смм» and
``SMM``, «Пётр» and «Петр», ``000104`` and the ``104`` Excel made of it. Everything that
compares such text goes through one function here, so scoring, loading, pairs files,
surveys and attendance agree on what "the same" means.

* :func:`text_key` -- NFC, case-folded, ``ё`` = ``е``, whitespace and punctuation collapsed.
* :func:`topic_key` -- :func:`text_key`, then Cyrillic transliterated to Latin (``смм`` = ``SMM``).
* :func:`IdDigits` -- ids that lost their leading zeros, recognised when unambiguous.
* :class:`PeopleIndex` -- a reference by id, e-mail or full name (also «Фамилия И. О.»).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "і": "i", "ї": "i", "є": "e", "ґ": "g", "ә": "a", "ғ": "g", "қ": "k", "ң": "n",
    "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}
_TRANSLIT_TABLE = str.maketrans(_TRANSLIT)
# Latin spellings that transliteration of a borrowed word gives differently: "x" of "Excel"
# is "кс" in Russian, "c" of "Telegram channel" is "к"...; both sides are mapped the same way
_LATIN_FOLD = (("kh", "h"), ("ks", "x"), ("ck", "k"), ("c", "k"), ("w", "v"), ("q", "k"), ("y", "i"),
               ("ee", "i"), ("oo", "u"))


@lru_cache(maxsize=65536)  # the same departments and topics repeat thousands of times
def text_key(text: str) -> str:
    """The comparison key of a department, name or header: equal keys mean the same text.

    NFC, case-folded, ``ё`` = ``е``, every run of whitespace and punctuation one space.
    """
    t = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _PUNCT.sub(" ", t).strip()


def translit(text: str) -> str:
    """Cyrillic letters of an already case-folded ``text`` in Latin (``смм`` -> ``smm``)."""
    return text.translate(_TRANSLIT_TABLE)


@lru_cache(maxsize=65536)
def topic_key(text: str) -> str:
    """The comparison key of a topic: :func:`text_key`, then Cyrillic and Latin brought together.

    ``смм`` = ``SMM``, «Телеграм» = ``Telegram``; a topic written in either alphabet meets
    its twin. Spaces are dropped too: «Телеграм-каналы» = «телеграм каналы».
    """
    t = translit(text_key(text)).replace(" ", "")
    for a, b in _LATIN_FOLD:
        t = t.replace(a, b)
    return t


# ----------------------------------------------------------------------------- canonical spellings


def build_vocabulary(kind: str, spellings: Iterable[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """``spelling -> canonical spelling`` for every spelling in ``spellings``.

    ``aliases`` (``{Продажи: [Отдел продаж, Sales]}``) name the canonical spelling of a group;
    otherwise the most common spelling of a key wins (ties: the first in sort order), so the
    result does not depend on the order of the roster.
    """
    keyf = topic_key if kind == "topic" else text_key
    alias_of: dict[str, str] = {}
    for canonical, others in aliases.items():
        for text in (canonical, *others):
            alias_of.setdefault(keyf(text), canonical)
    counts: dict[str, Counter[str]] = {}
    for text in spellings:
        counts.setdefault(alias_of.get(keyf(text), keyf(text)), Counter())[text] += 1
    out: dict[str, str] = {}
    for group, counter in counts.items():
        best = group if group in alias_of.values() else min(counter, key=lambda s: (-counter[s], s))
        for text in counter:
            out[text] = best
    return out


def alias_key(kind: str, aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """``key -> key of the canonical spelling`` for every alias (see :func:`build_vocabulary`)."""
    keyf = topic_key if kind == "topic" else text_key
    out: dict[str, str] = {}
    for canonical, others in aliases.items():
        for text in (canonical, *others):
            out.setdefault(keyf(text), keyf(canonical))
    return out


# ----------------------------------------------------------------------------- ids


class IdDigits:
    """Ids Excel turned into numbers: ``104`` for ``000104``, recognised when unambiguous."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = set(ids)
        by_number: dict[str, list[str]] = {}
        for i in self.ids:
            if i.isdigit() and i.isascii():
                by_number.setdefault(i.lstrip("0") or "0", []).append(i)
        self._by_number = by_number

    def resolve(self, ref: str) -> str | None:
        """``ref`` itself when it is an id; else the one id it is with its zeros back; else None."""
        if ref in self.ids:
            return ref
        if not (ref.isdigit() and ref.isascii()):
            return None
        found = self._by_number.get(ref.lstrip("0") or "0", [])
        return found[0] if len(found) == 1 else None

    def candidates(self, ref: str) -> list[str]:
        """Every id ``ref`` could be with leading zeros (for an error that lists them)."""
        if not (ref.isdigit() and ref.isascii()):
            return []
        return sorted(self._by_number.get(ref.lstrip("0") or "0", []))


def resolve_id(ref: str, ids: Iterable[str] | IdDigits) -> tuple[str | None, bool]:
    """(the id ``ref`` means, whether its leading zeros had to be restored).

    The one place pairs files, surveys, attendance and rosters recognise ``104`` as ``000104``;
    None when ``ref`` matches no id or more than one.
    """
    table = ids if isinstance(ids, IdDigits) else IdDigits(ids)
    found = table.resolve(ref)
    return found, found is not None and found != ref


# ----------------------------------------------------------------------------- people by name


def _initial_forms(tokens: list[str]) -> list[str]:
    """«волков андрей сергеевич» -> «волков а с», «волков а»."""
    if len(tokens) < 2:
        return []
    surname, rest = tokens[0], tokens[1:]
    out = [" ".join([surname, *(t[0] for t in rest)])]
    if len(rest) > 1:
        out.append(f"{surname} {rest[0][0]}")
    return out


def name_keys(name: str) -> list[str]:
    """Every key a full name is found by: the name, its words in any order, «Фамилия И. О.»."""
    tokens = text_key(name).split()
    if not tokens:
        return []
    keys = [" ".join(tokens), " ".join(sorted(tokens)), *_initial_forms(tokens)]
    if len(tokens) >= 2:  # «Андрей Волков»: surname last
        keys.extend(_initial_forms([tokens[-1], *tokens[:-1]]))
    return list(dict.fromkeys(keys))


def reference_keys(ref: str) -> list[str]:
    """The keys a written reference is looked up by (see :func:`name_keys`)."""
    tokens = text_key(ref).split()
    if not tokens:
        return []
    keys = [" ".join(tokens), " ".join(sorted(tokens))]
    initials = [t for t in tokens if len(t) == 1]
    if initials and len(initials) < len(tokens):
        words = [t for t in tokens if len(t) > 1]
        keys.append(" ".join([*words, *initials]))  # «А. С. Волков» -> «волков а с»
    return list(dict.fromkeys(keys))


class Ambiguous(Exception):
    """A reference that fits more than one person; ``candidates`` are their ids."""

    def __init__(self, candidates: list[str]) -> None:
        super().__init__(candidates)
        self.candidates = candidates


class PeopleIndex:
    """Find a person by id (zeros lost or not), e-mail or name.

    ``people`` is ``(id, name, email)``; ``resolve`` returns (id, how) where ``how`` is
    ``"id"``, ``"zeros"``, ``"email"`` or ``"name"``, or raises :class:`Ambiguous`.
    """

    def __init__(self, people: Iterable[tuple[str, str | None, str | None]]) -> None:
        self.names: dict[str, str] = {}
        self.digits_source: list[str] = []
        self._email: dict[str, set[str]] = {}
        self._name: dict[str, set[str]] = {}
        for pid, name, email in people:
            self.digits_source.append(pid)
            if name:
                self.names.setdefault(pid, name)
                for k in name_keys(name):
                    self._name.setdefault(k, set()).add(pid)
            if email:
                self._email.setdefault(email.strip().casefold(), set()).add(pid)
        self.digits = IdDigits(self.digits_source)

    def resolve(self, ref: str) -> tuple[str | None, str]:
        """(id, how): how ``ref`` was recognised; (None, "") when it was not."""
        ref = ref.strip()
        if ref in self.digits.ids:
            return ref, "id"
        if self.digits.candidates(ref) and len(self.digits.candidates(ref)) > 1:
            raise Ambiguous(self.digits.candidates(ref))
        found = self.digits.resolve(ref)
        if found is not None:
            return found, "zeros"
        if "@" in ref:
            hits = self._email.get(ref.casefold(), set())
            if len(hits) > 1:
                raise Ambiguous(sorted(hits))
            return (next(iter(hits)), "email") if hits else (None, "")
        for key in reference_keys(ref):
            hits = self._name.get(key, set())
            if len(hits) > 1:
                raise Ambiguous(sorted(hits))
            if hits:
                return next(iter(hits)), "name"
        return None, ""

    def label(self, pid: str) -> str:
        """«Name (id)» for messages, or the id alone."""
        name = self.names.get(pid)
        return f"{name} ({pid})" if name else pid


def looks_like_name(ref: str) -> bool:
    """True for a reference written as a person's name rather than an id: spaces or Cyrillic."""
    return bool(re.search(r"\s", ref.strip())) or bool(re.search(r"[^\x00-\x7f]", ref))


def slug_id(name: str, taken: set[str]) -> str:
    """A Latin id made from a name (for a manager known only by name), unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", translit(text_key(name))).strip("_")[:56] or "manager"
    if not base[0].isalnum():  # pragma: no cover - the strip above leaves a letter or digit
        base = "m" + base
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


__all__ = [
    "Ambiguous",
    "IdDigits",
    "PeopleIndex",
    "alias_key",
    "build_vocabulary",
    "looks_like_name",
    "name_keys",
    "reference_keys",
    "resolve_id",
    "slug_id",
    "text_key",
    "topic_key",
    "translit",
]
