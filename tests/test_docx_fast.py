"""The fast Word writer makes the parts plain python-docx makes: random Markdown, hostile text, the real kit.

:func:`rmentor.outputs.documents.docx.reference_docx` builds a document through python-docx's API
(open the base document, add paragraphs, runs, hyperlinks and tables, save); :func:`to_docx` builds
the body with lxml and appends it to parts serialised once. Every part (its decompressed bytes) and
the set of parts must be the same; only the order of the zip entries may differ.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmentor.i18n import set_language
from rmentor.outputs.documents.docx import reference_docx, to_docx

# Control characters (kept: tab, CR, LF; the rest become U+FFFD), bidi overrides, markup that must stay
# text, characters XML 1.0 refuses, Unicode whitespace (python-docx preserves a w:t's edges by str.strip)
HOSTILE = [
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9b", "\t", "\r", "\n", "\r\n",
    "\u202e", "\u202d", "\u202a", "\u2066", "\u2069", "\u200f", "\u200b", "\ufeff", "\ufffe", "\uffff",
    "<", ">", "&", '"', "'", "&amp;", "<w:t>", "]]>", "\\", "*", "_", "`", "|", "[", "]", "#", "-", "1.",
    " ", "  ", "\u00a0", "\u2028", "\u3000", "\u2003",
    "😀", "👩‍💻", "🇷🇺", "\U0010fffd", "漢字", "€", "ё", "Щ", "Ж",
]
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
chars = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(list(CYRILLIC)), st.sampled_from(list("ab xyz.,")),
                  st.characters(codec="utf-8", exclude_categories=("Cs",)))
words = st.one_of(st.lists(chars, min_size=1, max_size=12).map("".join),
                  st.integers(40, 300).map(lambda n: ("Наставничество" * 30)[:n]))  # a long unbreakable word
urls = st.sampled_from(["https://meet.example/rm-P01", "https://e.example/a b", "mailto:a@b.example",
                        "https://e.example/?q=<&>\"'", "https://e.example/ё", "https://e.example/😀"])


@st.composite
def inline(draw: st.DrawFn, max_parts: int = 6) -> str:
    """A line of inline Markdown: text, emphasis, code, links (repeated addresses too), line breaks."""
    out = []
    for _ in range(draw(st.integers(0, max_parts))):
        word = draw(words)
        kind = draw(st.integers(0, 9))
        if kind == 0:
            out.append(f"**{word}**")
        elif kind == 1:
            out.append(f"*{word}*")
        elif kind == 2:
            out.append(f"`{word}`")
        elif kind == 3:
            out.append(f"[{word}]({draw(urls)})")
        elif kind == 4:
            out.append(f"**{word} [{draw(words)}]({draw(urls)}) *{draw(words)}***")
        elif kind == 5:
            out.append(f"<{draw(urls)}>")  # an autolink
        elif kind == 6:
            out.append(draw(st.sampled_from(["  \n", "\\\n", "\n"])) + word)  # hard and soft breaks
        else:
            out.append(word)
    return " ".join(out)


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 7))  # five or more columns: a smaller font
    cell = inline(max_parts=3).map(lambda s: s.replace("\n", " ").replace("|", "\\|"))
    rows = [[draw(cell) for _ in range(draw(st.integers(0, columns + 1)))] for _ in range(draw(st.integers(0, 4)))]
    lines = ["| " + " | ".join(draw(cell) for _ in range(columns)) + " |", "|" + "---|" * columns]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 8))
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + draw(inline())
    if kind == 1:
        return "\n".join(f"{'  ' * draw(st.integers(0, 2))}- {draw(inline(3))}" for _ in range(draw(st.integers(1, 4))))
    if kind == 2:
        start = draw(st.integers(0, 999_999_999))
        items = [f"{start + i}. {draw(inline(3))}" for i in range(draw(st.integers(1, 3)))]
        nested = [f"   {draw(st.sampled_from(['-', '1.']))} {draw(inline(2))}" for _ in range(draw(st.integers(0, 2)))]
        return "\n".join(items[:1] + nested + items[1:])
    if kind == 3:
        return draw(table())
    if kind == 4:
        return draw(st.sampled_from(["---", "***", "> " + draw(inline(3)), "```\n" + draw(words) + "\n```"]))
    return draw(inline())


documents = st.lists(block(), max_size=8).map("\n\n".join)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _outcome(make: object, text: str, title: str, lang: str) -> object:
    try:
        return _parts(make(text, title=title, lang=lang))  # type: ignore[operator]
    except ValueError as exc:  # what lxml refuses, it refuses in both (nothing here should reach it)
        return type(exc)


@pytest.fixture(autouse=True)
def _english() -> object:
    yield
    set_language("en")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, title=words, lang=st.sampled_from(["en", "ru"]))
def test_the_fast_writer_makes_python_docx_parts(text: str, title: str, lang: str) -> None:
    set_language(lang)
    fast = _outcome(to_docx, text, title, lang)
    assert isinstance(fast, dict)
    assert fast == _outcome(reference_docx, text, title, lang)


EVERYTHING = """# Заголовок <b>&amp;</b> "кавычки" 'и' \u202eevil\u202c 😀

Текст с **жирным**, *курсивом*, `кодом`, [ссылкой](https://meet.example/rm-P01), той же
[ссылкой](https://meet.example/rm-P01) ещё раз, **жирной [ссылкой](https://e.example/b)**, [](https://e.example/empty),
[пустой адрес]() и разрывом  \nстроки; таб\tвнутри; \x01 управляющий.

- пункт
  - вложенный **пункт**
    - третий уровень

7. седьмой
   1. вложенный номер
8. восьмой

---

| № | Когда | Тема | Цель | Задание |
|---|---|---|---|---|
| 1 | Пн 11.01.2027 | **Знакомство** | [ссылка](https://e.example/t) | `код` |
| 2 | | слишком | мало |
| 3 | a | b | c | d | лишняя |

##### Пятый уровень

| | Старший | Младший |
|---|---|---|
| Подпись | \\_\\_\\_\\_ | \\_\\_\\_\\_ |
"""


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_construct_is_the_same_as_python_docx(lang: str) -> None:
    set_language(lang)
    fast = to_docx(EVERYTHING, title="Пара P001 <&>", lang=lang)
    assert _parts(fast) == _parts(reference_docx(EVERYTHING, title="Пара P001 <&>", lang=lang))
    body = _parts(fast)["word/document.xml"].decode()
    assert body.count("<w:tbl>") == 2 and '<w:sz w:val="18"/>' in body and "<w:tblHeader" in body
    assert body.count("<w:hyperlink") == 5 and "ListBullet2" in body and "Heading4" in body
    rels = _parts(fast)["word/_rels/document.xml.rels"].decode()
    assert rels.count('TargetMode="External"') == 4  # one relationship per address, as python-docx adds them
    assert fast == to_docx(EVERYTHING, title="Пара P001 <&>", lang=lang)  # byte-stable


def test_the_example_kit_is_the_same_as_python_docx(tmp_path: Path) -> None:
    """Every agreement, session plan and portfolio of the example (Russian: the random test has both)."""
    from typer.testing import CliRunner

    from rmentor.cli import app

    examples = Path(__file__).resolve().parent.parent / "examples"
    for lang in ("ru",):
        out = tmp_path / lang
        result = CliRunner().invoke(app, ["plan", str(examples / "roster.yaml"), "--config",
                                          str(examples / "program.yaml"), "--out", str(out), "--lang", lang,
                                          "--kit", "md", "--force", "--quiet"])
        assert result.exit_code == 0, result.output
        sources = sorted(out.glob("kit/*/*.md"))
        assert len(sources) >= 30
        set_language(lang)
        for source in sources:
            text = source.read_text("utf-8")
            title = f"{source.parent.name} {source.stem}"
            assert _parts(to_docx(text, title=title, lang=lang)) == _parts(
                reference_docx(text, title=title, lang=lang)), source


def test_a_long_program_name_is_cut_in_the_document_title() -> None:
    """python-docx refuses a title over 255 characters; the kit's title is the program's name and the pair."""
    title = "Программа " * 40 + "· P001"
    data = to_docx("# a", title=title, lang="ru")
    core = _parts(data)["docProps/core.xml"].decode()
    kept = core.split("<dc:title>")[1].split("</dc:title>")[0]
    assert len(kept) == 255 and kept.endswith("…") and kept.startswith("Программа Программа")
    assert _parts(data) == _parts(reference_docx("# a", title=title, lang="ru"))
