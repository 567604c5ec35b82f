"""The shortcuts that make thousands of kit documents affordable give the same files as the slow way.

The Word base document made once per language and style ids looked up once must not change a
byte; worker processes give the bytes of one process; a brief too long for one page goes straight
to the smallest size.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmentor.i18n import set_language

DOC = """# Соглашение пары P001

**Старший:** Иванов Иван Иванович · **Младший:** Петрова Анна

- пункт один с *курсивом* и **жирным**
- пункт два
  - вложенный пункт

1. первый
2. второй

| № | Когда | Тема |
|---|---|---|
| 1 | Пн 11.01.2027 15:00–16:00 | Знакомство |
| 2 | Пн 25.01.2027 15:00–16:00 | ИИ-ассистенты, [ссылка](https://example.org/a b) |

### Подписи

Старший: \\_\\_\\_\\_ Младший: \\_\\_\\_\\_
"""


@pytest.fixture(autouse=True)
def _stable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")


def test_each_pdf_embeds_only_its_own_glyphs() -> None:
    """Each PDF embeds the glyphs it uses: one document's font cut never leaks into the next."""
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import to_pdf

    latin = to_pdf("# Plain\n\nonly ascii text here", title="a", lang="en")
    cyrillic = to_pdf("# Ёлка\n\nЩука, эхо, юла, ящик, жук", title="b", lang="ru")
    again = to_pdf("# Plain\n\nonly ascii text here", title="a", lang="en")
    assert latin == again
    assert "Щука" in PdfReader(io.BytesIO(cyrillic)).pages[0].extract_text()
    assert len(latin) < len(cyrillic)


def _docx_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def test_word_base_document_follows_the_language() -> None:
    from rmentor.outputs.documents.docx import to_docx

    try:
        set_language("en")
        en = to_docx(DOC, title="t", lang="en")
        set_language("ru")
        ru = to_docx(DOC, title="t", lang="ru")
        set_language("en")
        en_again = to_docx(DOC, title="t", lang="en")
    finally:
        set_language("en")
    assert en == en_again
    assert 'w:val="ru-RU"' in _docx_xml(ru, "word/styles.xml")
    assert 'w:val="en-GB"' in _docx_xml(en, "word/styles.xml")
    footers = [n for n in zipfile.ZipFile(io.BytesIO(ru)).namelist() if n.startswith("word/footer")]
    assert any("Стр." in _docx_xml(ru, n) for n in footers)
    assert not any("Стр." in _docx_xml(en, n) for n in footers)
    body = _docx_xml(ru, "word/document.xml")
    assert 'w:pStyle w:val="ListBullet"' in body and 'w:pStyle w:val="ListBullet2"' in body
    assert 'w:pStyle w:val="Heading3"' in body and 'w:pStyle w:val="Heading1"' in body


def test_word_base_document_does_not_leak_one_file_into_the_next() -> None:
    from rmentor.outputs.documents.docx import to_docx

    first = to_docx("# Первый\n\nтолько первый", title="1", lang="ru")
    second = to_docx("# Второй\n\nтолько второй", title="2", lang="ru")
    assert "первый" not in _docx_xml(second, "word/document.xml")
    assert "первый" in _docx_xml(first, "word/document.xml")


@pytest.mark.parametrize(("rows", "fits"), [(5, True), (60, True), (400, False)])
def test_a_brief_too_long_for_one_page_starts_at_the_smallest_size(rows: int, fits: bool) -> None:
    from rmentor.outputs.documents.pdf import ONE_PAGE_MIN, _may_fit_one_page

    table = "| a | b |\n|---|---|\n" + "".join(f"| P{i} | Иванов {i} |\n" for i in range(rows))
    assert _may_fit_one_page("# Brief\n\n" + table) is fits
    # the bound is safe: a page of ONE_PAGE_MIN text holds fewer lines than any text it sends to the minimum
    assert ONE_PAGE_MIN * 0.3528 * 1.2 * 107 > 297 - 14 - 12


def test_a_long_brief_is_still_laid_out_at_the_smallest_size() -> None:
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import to_pdf

    table = "| Pair | Senior |\n|---|---|\n" + "".join(f"| P{i:03d} | Иванов Иван {i} |\n" for i in range(150))
    data = to_pdf("# Brief\n\n" + table, title="b", lang="ru", one_page=True)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "P149" in text and "Иванов Иван 149" in text


def test_documents_made_in_worker_processes_are_the_bytes_of_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Order, language and SOURCE_DATE_EPOCH reach the workers; a second run sees a changed epoch."""
    from rmentor.outputs.documents.batch import Document, render

    docs = [Document("pdf", DOC, "Пара P001", "ru"), Document("docx", DOC, "Пара P001", "ru"),
            Document("pdf", "# Pair P002\n\nplain text", "Pair P002", "en"),
            Document("docx", "# Pair P002\n\nplain text", "Pair P002", "en"),
            Document("pdf", "# Brief\n\n" + DOC * 3, "Brief", "ru", one_page=True)]
    set_language("en")
    for epoch in ("1798761600", "1700000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        serial = render(docs, jobs=0)
        assert render(docs, jobs=2) == serial
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    assert render(docs[:2], jobs=0) != serial[:2]  # the epoch is in the files, so the check above had teeth


def test_workers_get_only_what_documents_depend_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.outputs.documents import batch

    monkeypatch.setenv("RMENTOR_SMTP_PASSWORD", "secret")
    monkeypatch.setenv("RMENTOR_STRICT_I18N", "1")
    env = batch._environment()
    assert env == {"SOURCE_DATE_EPOCH": "1798761600", "RMENTOR_STRICT_I18N": "1"}


def test_workers_only_where_they_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.outputs.documents import batch

    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.delenv("RMENTOR_JOBS", raising=False)
    assert batch.workers(60) == 0  # the example's kit: one process
    assert batch.workers(batch.MIN_PARALLEL) >= 2
    assert batch.workers(30_000) == 4
    monkeypatch.setenv("RMENTOR_JOBS", "1")
    assert batch.workers(30_000) == 0
    monkeypatch.setenv("RMENTOR_JOBS", "2")
    assert batch.workers(30_000) == 2
    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    monkeypatch.delenv("RMENTOR_JOBS")
    assert batch.workers(30_000) == 0


def test_plan_files_are_the_same_with_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole kit (brief, appendix, every pair's files) in the same order and bytes with workers."""
    from typer.testing import CliRunner

    from rmentor.cli import app
    from rmentor.outputs.documents import batch

    examples = Path(__file__).resolve().parent.parent / "examples"
    outs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("RMENTOR_JOBS", jobs)
        monkeypatch.setattr(batch, "MIN_PARALLEL", 1)
        monkeypatch.setattr(batch.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
        out = tmp_path / jobs
        result = CliRunner().invoke(app, ["plan", str(examples / "roster.yaml"), "--config",
                                          str(examples / "program.yaml"), "--out", str(out), "--kit", "md,docx",
                                          "--force", "--quiet"])
        assert result.exit_code == 0, result.output
        outs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                      if p.is_file() and p.suffix in (".pdf", ".docx", ".md")}
    assert list(outs["1"]) == list(outs["2"])
    assert outs["1"] == outs["2"]
    assert sum(name.endswith(".docx") for name in outs["1"]) >= 30


# every character class the layout meets: Cyrillic, Greek, PDF string delimiters and escapes,
# control characters, emoji and CJK the font lacks, combining marks, astral code points
HOSTILE = st.text(st.sampled_from("aZ09 ЖжёЁΩλ()\\\r\n\t\x00\x7f«»–—·…€№😀中\u0301\ufffd\U0001f600\u200b%#"),
                  max_size=40)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(HOSTILE, st.sampled_from(["", "B"]), st.booleans()), min_size=1, max_size=12),
       st.sampled_from([None, "abcЖж", "aZ09 ЖжёЁΩλ()«»–—"]))
def test_pdf_text_runs_are_the_bytes_fpdf2_draws(runs: list[tuple[str, str, bool]], alphabet: str | None) -> None:
    """The layout's own text drawing gives the PDF fpdf2's ``text`` gives, run for run (links via fpdf2)."""
    import rmentor.outputs.documents.pdf as pdf_module

    markdown = "\n\n".join(
        (f"[{text}](https://example.org/x)" if link else f"**{text}**" if style else text).replace("*", "")
        for text, style, link in runs
    )
    kwargs = {"alphabet": alphabet, "bold_alphabet": alphabet} if alphabet is not None else {}
    fast = pdf_module.to_pdf(markdown, title="t", lang="ru", **kwargs)
    original = pdf_module._Layout.text
    try:
        pdf_module._Layout.text = lambda self, x, y, text: self.pdf.text(x, y, text)  # type: ignore[method-assign]
        slow = pdf_module.to_pdf(markdown, title="t", lang="ru", **kwargs)
    finally:
        pdf_module._Layout.text = original  # type: ignore[method-assign]
    assert fast == slow
