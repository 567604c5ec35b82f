"""The documents people sign, print and forward, on the bundled example, in both languages.

Every .docx opens, every .pdf is A4, embeds its fonts and gives back its text (Cyrillic names
included), the brief is one page and keeps individuals out, and every document speaks one
vocabulary: no placeholder left, no English word in Russian documents beyond names and the
user's own text, the same role names and the same dates everywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import document_text
from rmentor.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
A4 = (595.28, 841.89)  # points
LAST_DAY = {"ru": "10.07.2027", "en": "2027-07-10"}  # the program runs 2027-01-11 .. 2027-07-10 inclusive


@pytest.fixture(scope="module", params=["ru", "en"])
def kit(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    lang = request.param
    out = tmp_path_factory.mktemp(f"plan-{lang}")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1798761600")
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml"),
                                      "--out", str(out), "--lang", lang, "--kit", "all", "--force"])
    assert result.exit_code == 0, result.output
    yield lang, out
    mp.undo()
    from rmentor.i18n import set_language

    set_language("en")


def _pairs(out: Path) -> list[dict[str, str]]:
    import csv
    import io

    text = (out / "pairs.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))


def _documents(out: Path) -> list[Path]:
    """Every file a person reads (not the machine files: CSV, ICS, PNG, XLSX)."""
    return sorted(p for p in out.rglob("*") if p.suffix in (".md", ".html", ".docx", ".pdf"))


def _visible(path: Path) -> str:
    text = document_text(path)
    if path.suffix == ".html":
        body = text.split("<body>", 1)[1]
        text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]+"', "", body)))
    return text


def test_every_docx_opens_and_names_the_pair(kit: tuple[str, Path]) -> None:
    import docx

    _, out = kit
    for row in _pairs(out):
        for name in ("agreement", "session_plan", "portfolio"):
            path = out / "kit" / row["pair_id"] / f"{name}.docx"
            document = docx.Document(str(path))
            section = document.sections[0]
            assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), path
            text = document_text(path)
            assert row["senior_name"] in text and row["junior_name"] in text, path
        agreement = docx.Document(str(out / "kit" / row["pair_id"] / "agreement.docx"))
        signatures = agreement.tables[-1]
        assert [c.text for c in signatures.rows[1].cells[1:]] == [row["senior_name"], row["junior_name"]]
        assert len(signatures.rows) == 4  # header, names, signature line, date line
        assert all("____" in c.text for c in signatures.rows[2].cells[1:])


def test_every_pdf_is_a4_text_extractable_with_fonts_embedded(kit: tuple[str, Path]) -> None:
    import pypdf

    _, out = kit
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 2 + 3 * 10
    names = {row["pair_id"]: (row["senior_name"], row["junior_name"]) for row in _pairs(out)}
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        for page in reader.pages:
            assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4, path
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant["/FontDescriptor"], (path, font.get("/BaseFont"))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        if path.parent.parent.name == "kit":
            senior, junior = names[path.parent.name]
            assert senior in text and junior in text, path
    brief = pypdf.PdfReader(out / "brief.pdf")
    assert len(brief.pages) == 1
    text = " ".join(brief.pages[0].extract_text().split())
    assert "Белова Наталья Олеговна" in text and "Васильева Дарья" in text


def test_the_brief_is_for_a_sponsor(kit: tuple[str, Path]) -> None:
    import pypdf

    lang, out = kit
    for name in ("brief.md", "brief.html", "brief.pdf"):
        text = _visible(out / name)
        assert "rmentor " not in text and "--config" not in text, name  # no command line
        assert "{" not in text and "}" not in text, name  # every placeholder filled
        for person in ("Титов", "Киселёва", "Егоров", "Соколов"):  # below a threshold / without a pair
            assert person not in text, (name, person)
        for criterion_id in ("readiness", "openness", "communication", "smm_strategy_launched", "titov"):
            assert criterion_id not in text, (name, criterion_id)
    md = (out / "brief.md").read_text("utf-8")
    counts = {"ru": ("мест в пилоте не осталось — 10", "не прошли отбор — 2", "нет подходящего партнёра"),
              "en": ("no place left in the pilot: 10", "did not pass the selection: 2", "no suitable partner")}
    for needle in counts[lang]:
        assert needle in md
    assert "14" in md
    page = (out / "brief.html").read_text("utf-8")
    assert '<a href="https://chat.sevveter.example/reverse-mentoring">' in page
    assert "meet.sevveter.example" not in page  # the per-pair video link lives in each pair's kit
    assert "@page { size: A4" in page and "@media print" in page
    uris = [a.get_object()["/A"]["/URI"] for a in pypdf.PdfReader(out / "brief.pdf").pages[0].get("/Annots", [])]
    assert "https://chat.sevveter.example/reverse-mentoring" in uris
    session_plan = _visible(out / "kit" / "P01" / "session_plan.html") if (out / "kit" / "P01" / "session_plan.html"
                                                                          ).exists() else ""
    assert session_plan == ""  # the kit has no HTML; the links are checked in the Word file
    word = (out / "kit" / "P01" / "session_plan.docx")
    import zipfile

    rels = zipfile.ZipFile(word).read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://meet.sevveter.example/rm-P01"' in rels and 'TargetMode="External"' in rels


def test_the_appendix_has_the_individual_details(kit: tuple[str, Path]) -> None:
    lang, out = kit
    text = " ".join(_visible(out / "appendix.pdf").split())
    below = {"ru": "готовность учиться: 2 — ниже минимума 3", "en": "readiness 2 is below the minimum 3"}[lang]
    assert "Титов Роман Евгеньевич" in text and below in text  # who failed which threshold
    assert "Киселёва София" in text
    for person in ("Егоров Виктор Степанович", "Соколов Алексей Михайлович"):
        assert person in text


def test_the_session_plan_is_in_each_persons_local_time(kit: tuple[str, Path]) -> None:
    lang, out = kit
    text = document_text(out / "kit" / "P06" / "session_plan.docx")  # Орлов is in Yekaterinburg, Романова in Moscow
    first = "14.01.2027" if lang == "ru" else "2027-01-14"
    assert f"{first}, 13:00–14:00" in text and f"{first}, 11:00–12:00" in text
    assert ("Екатеринбург" if lang == "ru" else "Yekaterinburg") in text
    assert ("Москва" if lang == "ru" else "Moscow") in text
    portfolio = document_text(out / "kit" / "P06" / "portfolio.docx")
    heading = "Встреча {n}, " if lang == "ru" else "Session {n}, "
    assert all(heading.format(n=n) in portfolio for n in range(1, 14))


def _input_words() -> set[str]:
    """Latin words the user wrote: names, topics, ids, metric names, URLs, time zones."""
    text = (EXAMPLES / "roster.yaml").read_text("utf-8") + (EXAMPLES / "program.yaml").read_text("utf-8")
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z_]*", text)}


ALLOWED_RU = {"hr", "a", "p"}  # «HR» is how Russian offices say it; pair ids are P01..P10


def test_one_vocabulary_per_language(kit: tuple[str, Path]) -> None:
    lang, out = kit
    user = _input_words()
    texts = {p.relative_to(out).as_posix(): _visible(p) for p in _documents(out)}
    texts["calendar.ics"] = (out / "calendar.ics").read_text("utf-8")
    assert len(texts) >= 6 + 3 * 3 * 10
    for name, text in texts.items():
        flat = " ".join(text.split())
        for leftover in ("{{", "{%", "{pair_id}", "None", "Undefined", "nan"):
            assert leftover not in flat, (name, leftover)
        if lang == "ru":
            assert not re.search(r"(?i)\bментор(?!ств)|наставни|руководител[ьяюе]м? (?:и|/)", flat), name
            assert not re.search(r"\b20\d\d-\d\d-\d\d\b", flat) or name == "calendar.ics", name  # dd.mm.yyyy
            assert "нед." not in flat and "мин." not in flat, name  # words, not abbreviations
            if name == "calendar.ics":
                continue
            plain = re.sub(r"\]\([^)]*\)", "]", flat.replace("\\_", "_"))  # Markdown link targets and escapes
            plain = re.sub(r"https?://\S+|\S+@\S+", " ", plain)
            words = re.findall(r"[A-Za-z][A-Za-z_]*", plain)
            english = sorted({w for w in words if w.lower() not in user and w.lower() not in ALLOWED_RU})
            assert english == [], (name, english)
        else:
            assert not re.search(r"\b\d\d\.\d\d\.20\d\d\b", flat), name
            assert "раз в" not in flat and "Стр." not in flat, name  # no Russian from the code in English
    # the program's last day is computed once: the brief, the appendix, the schedule and every agreement agree
    for name in ("brief.md", "appendix.md", "schedule.md", "kit/P01/agreement.md", "kit/P10/portfolio.md"):
        assert LAST_DAY[lang] in texts[name], name
    wrong_end = "11.07.2027" if lang == "ru" else "2027-07-11"
    assert not any(wrong_end in t for n, t in texts.items() if n != "calendar.ics")
    cadence = "раз в 2 недели" if lang == "ru" else "every 2 weeks"
    for name in ("brief.md", "schedule.md", "kit/P01/session_plan.md"):
        assert cadence in texts[name], name
    roles = ("Старший", "Младший") if lang == "ru" else ("Senior", "Junior")
    for name in ("brief.md", "appendix.md", "schedule.md", "kit/P01/agreement.md", "kit/P01/session_plan.md"):
        assert all(r in texts[name] for r in roles), name


def test_control_characters_and_markup_in_user_text_do_not_break_documents() -> None:
    import io

    import docx
    import pypdf

    from rmentor.outputs.documents.docx import to_docx
    from rmentor.outputs.documents.pdf import to_pdf

    text = ("# a\x01b 漢字 😀\n\n<script>x</script> & Ёлкина\n\n"
            "| a | b |\n|---|---|\n| x\x02 **y** | [z](https://e.example) |\n")
    pdf = pypdf.PdfReader(io.BytesIO(to_pdf(text, title="t\x03", lang="ru")))
    assert "<script>x</script> & Ёлкина" in pdf.pages[0].extract_text()  # shown as text, not markup
    word = docx.Document(io.BytesIO(to_docx(text, title="t\x03", lang="ru")))
    assert word.paragraphs[1].text == "<script>x</script> & Ёлкина"
    assert word.tables[0].rows[1].cells[0].text == "x\ufffd y"
