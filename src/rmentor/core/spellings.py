"""``rmentor validate``: the vocabulary of a roster -- near-duplicate departments and topics.

Spellings that differ only in case, ``ё``/``е``, spacing, punctuation (and, for topics, the
alphabet) are already one (see :mod:`rmentor.inputs.vocabulary`). What is left are names a
person sees as the same and a program cannot: «Отдел продаж» and «Продажи», «ИТ» and «IT»,
«Телеграм» and «Телеграмм». This module finds them, says how many people each merge would bring
into a possible pair, and writes the ``aliases:`` block to paste into the program. It also lists
the topics seniors want that no junior offers, and the other way round.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rmentor.inputs.vocabulary import text_key, topic_key, translit
from rmentor.model import Aliases, Program, Roster

#: Words that say "a unit" and nothing about which: «Отдел продаж» is «Продажи».
GENERIC_WORDS = frozenset({
    "отдел", "департамент", "управление", "служба", "дирекция", "группа", "направление", "подразделение",
    "блок", "центр", "сектор", "команда", "отдела", "department", "dept", "team", "division", "unit", "group",
})
#: Spellings compared pairwise at most (the most common ones); beyond, near-duplicates are not looked for.
MAX_SPELLINGS = 400
#: People-by-people cells up to which "people brought into a possible pair" is computed.
MAX_CELLS = 250_000


@dataclass(frozen=True)
class AliasSuggestion:
    """Spellings that look like one department or topic; ``gained`` is the change in how many
    people have at least one possible partner if they are merged (None: not computed)."""

    kind: str  # "departments" | "topics"
    canonical: str
    others: tuple[str, ...]
    gained: int | None


@dataclass(frozen=True)
class VocabularyReport:
    """What ``validate`` says about the words of a roster."""

    suggestions: tuple[AliasSuggestion, ...]
    wanted_only: tuple[tuple[str, int], ...]  # topic, seniors who want it; no junior offers it
    offered_only: tuple[tuple[str, int], ...]  # topic, juniors who offer it; no senior wants it

    def aliases_yaml(self) -> str:
        """The ``aliases:`` block for the suggestions, ready to paste into the program file."""
        if not self.suggestions:
            return ""
        lines = ["aliases:"]
        for kind in ("departments", "topics"):
            items = [s for s in self.suggestions if s.kind == kind]
            if items:
                lines.append(f"  {kind}:")
                lines.extend(f"    {_yaml(s.canonical)}: [{', '.join(_yaml(o) for o in s.others)}]" for s in items)
        return "\n".join(lines) + "\n"


def _yaml(text: str) -> str:
    """``text`` as a YAML flow scalar: plain when that reads back the same, else quoted."""
    import yaml

    plain = text if text and not any(c in text for c in ",[]{}:#&*!|>'\"%@`") else None
    if plain is not None and plain.strip() == plain:
        try:
            if yaml.safe_load(plain) == plain:
                return plain
        except yaml.YAMLError:
            pass
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _similar(a: str, b: str, cutoff: float) -> bool:
    """difflib's ratio >= cutoff, with its cheap upper bounds first (most pairs differ a lot)."""
    sm = difflib.SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= cutoff and sm.quick_ratio() >= cutoff and sm.ratio() >= cutoff


def _stem(text: str) -> str:
    words = [w for w in text_key(text).split() if w not in GENERIC_WORDS]
    return " ".join(words) or text_key(text)


def _near(kind: str, a: str, b: str) -> bool:
    """True when ``a`` and ``b`` look like one department (or topic) written two ways."""
    if kind == "topics":
        ka, kb = topic_key(a), topic_key(b)
        if min(len(ka), len(kb)) < 4:
            return False
        return _similar(ka, kb, 0.86)
    sa, sb = _stem(a), _stem(b)
    la, lb = translit(sa).replace(" ", ""), translit(sb).replace(" ", "")
    if la == lb:
        return True  # «ИТ» and «IT»
    if min(len(sa), len(sb)) >= 5 and sa[:5] == sb[:5] and abs(len(sa) - len(sb)) <= 3:
        return True  # «продажи» and «продаж» (what is left of «Отдел продаж»)
    return _similar(sa, sb, 0.85)


def _groups(kind: str, counts: Counter[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Near-duplicate spellings joined (transitively), most common first as the canonical one."""
    names = sorted(counts, key=lambda n: (-counts[n], n))[:MAX_SPELLINGS]
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if find(a) != find(b) and _near(kind, a, b):
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(find(n), []).append(n)
    return [(g[0], tuple(g[1:])) for g in groups.values() if len(g) > 1]


def _with_partner(roster: Roster, program: Program) -> int | None:
    """How many people have at least one allowed partner; None on rosters too large to check."""
    from rmentor.core.scoring import Scorer

    if len(roster.seniors) * len(roster.juniors) > MAX_CELLS:
        return None
    m = Scorer(roster, program).matrix()
    return int((m >= 0).any(axis=1).sum() + (m >= 0).any(axis=0).sum())


def _merged(program: Program, kind: str, canonical: str, others: Iterable[str]) -> Program:
    current = dict(getattr(program.aliases, kind))
    current[canonical] = (*current.get(canonical, ()), *others)
    aliases = program.aliases.model_copy(update={kind: current})
    return program.model_copy(update={"aliases": Aliases.model_validate(aliases.model_dump())})


def vocabulary_report(roster: Roster, program: Program) -> VocabularyReport:
    """Near-duplicate departments and topics, with the effect of merging each; one-sided topics."""
    depts = Counter(p.department for p in [*roster.seniors, *roster.juniors])
    wanted = Counter(t for s in roster.seniors for t in set(s.wants))
    offered = Counter(t for j in roster.juniors for t in set(j.offers))
    base = _with_partner(roster, program) if roster.seniors and roster.juniors else None
    suggestions: list[AliasSuggestion] = []
    for kind, counts in (("departments", depts), ("topics", wanted + offered)):
        for canonical, others in _groups(kind, counts):
            gained = None
            if base is not None:
                after = _with_partner(roster, _merged(program, kind, canonical, others))
                gained = None if after is None else after - base
            suggestions.append(AliasSuggestion(kind, canonical, others, gained))
    tkey = topic_key
    wanted_keys = {tkey(t) for t in wanted}
    offered_keys = {tkey(t) for t in offered}
    return VocabularyReport(
        suggestions=tuple(suggestions),
        wanted_only=tuple(sorted(((t, n) for t, n in wanted.items() if tkey(t) not in offered_keys),
                                 key=lambda x: (-x[1], x[0]))),
        offered_only=tuple(sorted(((t, n) for t, n in offered.items() if tkey(t) not in wanted_keys),
                                  key=lambda x: (-x[1], x[0]))),
    )


__all__ = ["AliasSuggestion", "VocabularyReport", "vocabulary_report"]
