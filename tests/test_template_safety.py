"""Template packs are untrusted: plain data, an immutable sandbox, errors as input errors,
no symlink out of the pack, user text escaped for Markdown and HTML (issue 11)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError
from rmentor.outputs.templating import MdSafe, add_csp, embed_images, environment, md_escape, plain, render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EVAL_DATA = [EXAMPLES / "survey_baseline.csv", EXAMPLES / "survey_followup.xlsx", EXAMPLES / "sessions_filled.csv"]


def _payloads(marker: Path) -> dict[str, str]:
    """Template texts that ran code (or tried to) through the objects templates used to get."""
    cmd = f"touch {marker}"
    import pickle

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (cmd,))

    blob = pickle.dumps(Boom()).decode("latin-1").encode("unicode_escape").decode("ascii").replace("'", "\\'")
    return {
        "pickle": "{{ program.parse_raw('" + blob + "', proto='pickle', allow_pickle=True) }}",
        "pickle_class": "{{ program.__class__.parse_raw('x', proto='pickle', allow_pickle=True) }}",
        "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "globals": "{{ cycler.__init__.__globals__.os.popen('" + cmd + "').read() }}",
        "format": "{{ '{0.__class__.__mro__}'.format(program) }}",
        "mutate": "{% set x = program.goals %}{{ x.append('owned') }}",
    }


HINT = "use only the variables documented in the README"  # plan.py's hint: it has a Russian entry


def _env(tmp_path: Path, text: str, *, markdown: bool = True) -> object:
    from jinja2 import DictLoader

    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "t.md.j2").write_text(text, encoding="utf-8")
    return environment(pack=pack, pack_paths=[pack], builtin=DictLoader({}), markdown=markdown)


def test_templates_get_plain_data_only() -> None:
    from rmentor.core.matching import Pair
    from rmentor.model import Program

    data = plain({"program": Program(), "pair": Pair("P1", "a", "b", 3, {"x": 1}, ("SMM",))})
    seen = [data]
    while seen:
        item = seen.pop()
        if isinstance(item, dict):
            assert all(type(k) is str for k in item)
            seen.extend(item.values())
        elif isinstance(item, list):
            seen.extend(item)
        else:
            assert item is None or type(item).__module__ in ("builtins", "datetime"), type(item)
    assert data["pair"]["shared_topics"] == ["SMM"]


@pytest.mark.parametrize("name", list(_payloads(Path("/x"))))
def test_code_payloads_are_refused_and_run_nothing(tmp_path: Path, name: str) -> None:
    from rmentor.model import Program

    marker = tmp_path / "pwned"
    env = _env(tmp_path, "line one\n" + _payloads(marker)[name] + "\n")
    with pytest.raises(InputError) as err:
        render(env, "t.md.j2", {"program": Program(goals=["a"])}, hint=HINT)
    assert not marker.exists()
    assert re.search(r"t\.md\.j2(:2)?", err.value.render()), err.value.render()


@pytest.mark.parametrize(("text", "needle"), [
    ("a\n{{ 1/0 }}", "ZeroDivisionError"),
    ("a\n{% include 'nowhere.j2' %}", "nowhere.j2"),
    ("a\n{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself"),
    ("a\n{% for i in range(10**7) %}{% endfor %}", "range"),
    ("a\n{{ 1 + 'x' }}", "TypeError"),
    ("a\n{{ nothing_here }}", "nothing_here"),
    ("a\n{{ 'x' * 10**9 }}", "longer than"),
    ("a\n{{ 2 ** 100000000 }}", "power"),
    ("a\n{% if %}", "template error"),
])
def test_template_runtime_errors_are_input_errors_with_file_and_line(tmp_path: Path, text: str, needle: str) -> None:
    env = _env(tmp_path, text)
    with pytest.raises(InputError) as err:
        render(env, "t.md.j2", {}, hint=HINT)
    message = err.value.render()
    assert "t.md.j2:2" in message and needle in message, message


def test_a_template_pack_never_follows_a_symlink_outside(tmp_path: Path) -> None:
    from jinja2 import DictLoader

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "t.md.j2").symlink_to(secret)
    (pack / "inner.j2").write_text("ok", encoding="utf-8")
    (pack / "u.md.j2").write_text("{% include 'inner.j2' %}", encoding="utf-8")
    (pack / "v.md.j2").write_text("{% include 'lnk/secret.txt' %}", encoding="utf-8")
    (pack / "lnk").symlink_to(tmp_path)
    env = environment(pack=pack, pack_paths=[pack], builtin=DictLoader({}), markdown=True)
    for name in ("t.md.j2", "v.md.j2"):
        with pytest.raises(InputError) as err:
            render(env, name, {}, hint=HINT)
        assert "leads outside the templates folder" in err.value.render()
    assert render(env, "u.md.j2", {}, hint=HINT) == "ok"


# ----------------------------------------------------------------------------- Markdown escaping


def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


HOSTILE = ["<img src=http://evil/x.png>", "![x](http://evil/x.png)", "[click](http://evil)", "# Heading",
           "1. clause", "Title\n\n7. Everything you say may be shared", "a | b", "**bold**", "`code`",
           "<script>alert(1)</script>", "&lt;b&gt;", "---", "> quote", "- item", "~~gone~~", "$x^2$", "<http://x>"]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_in_markdown_renders_as_itself(text: str) -> None:
    html = _markdown_html(f"{md_escape(text)} and more\n")
    assert html.startswith("<p>") and html.count("<p>") == 1, html
    for tag in ("<img", "<a ", "<h1", "<ol", "<ul", "<table", "<strong", "<code", "<script", "<blockquote", "<hr",
                "<del", "<s>"):
        assert tag not in html, html


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.#-+*_[]()!<>|`~&$\\=:/\n")), max_size=40))
@example("##")  # found by this test: only a single # was escaped, so "##" became a heading
@example("###### x")
def test_any_user_text_stays_one_plain_paragraph(text: str) -> None:
    html = _markdown_html(f"x {md_escape(text)}\n")
    assert html.count("<p>") == 1 and not re.search(r"<(?!/?p>)", html), (text, html)
    html = _markdown_html(f"{md_escape(text)} y\n")
    assert html.count("<p>") == 1 and not re.search(r"<(?!/?p>)", html), (text, html)


def test_markdown_escaping_keeps_ordinary_text_readable() -> None:
    assert md_escape("smm_strategy_launched 01.02.2027 Петров-Водкин +7 (916)") == \
        "smm_strategy_launched 01.02.2027 Петров-Водкин +7 (916)"
    assert md_escape(MdSafe("**kept**")) == "**kept**"


def test_html_loads_nothing_remote() -> None:
    html = add_csp(embed_images('<html><head></head><body><img src="http://evil/x.png"><img src="a.png"></body>',
                                {"a.png": "data:image/png;base64,AA"}))
    assert "http://evil" not in html and 'src="data:image/png;base64,AA"' in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


# ----------------------------------------------------------------------------- through the CLI


@pytest.mark.parametrize("payload", ["pickle", "mro"])
def test_plan_with_a_hostile_template_exits_2_and_runs_nothing(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    pack = tmp_path / "tpl"
    pack.mkdir()
    (pack / "brief.md.j2").write_text("# {{ program.name }}\n" + _payloads(marker)[payload] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml"),
                                      "--out", str(out), "--templates", str(pack), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "brief.md.j2:2" in result.output
    assert not marker.exists() and not out.exists()


@pytest.mark.parametrize("text", ["{{ 1/0 }}", "{% include 'missing.j2' %}", "{{ program.parse_raw('x') }}"])
def test_evaluate_with_a_broken_template_exits_2_naming_file_and_line(tmp_path: Path, text: str) -> None:
    pack = tmp_path / "tpl"
    pack.mkdir()
    (pack / "report.md.j2").write_text("# report\n\n" + text + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), *map(str, EVAL_DATA),
                                      "--as-of", "2027-07-09", "--format", "md", "--templates", str(pack),
                                      "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "report.md.j2:3" in result.output


# ----------------------------------------------------------------------------- pictures


def test_chart_labels_are_never_mathtext_and_missing_glyphs_stay_quiet(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import warnings

    from helpers import junior, program, roster, senior
    from rmentor.core.matching import match
    from rmentor.core.scheduling import schedule
    from rmentor.workflows.plan import _picture

    depts = ["$\\frac{1}{$", "$x^$ \U0001f600 \u4e2d\u6587", "a$b$c", "\U0001f984"]
    r = roster([senior("s1", depts[0]), senior("s2", depts[1])], [junior("j1", depts[2]), junior("j2", depts[3])])
    prog = program()
    res = match(r, prog)
    sched = schedule(list(res.pairs), r, prog)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        png = _picture(res, r, sched, "en")
    assert png.startswith(b"\x89PNG") and not seen, [str(w.message) for w in seen]
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_hostile_names_reach_no_document_as_markup(tmp_path: Path) -> None:
    """End to end: names and a program name full of Markdown and HTML give a kit where every one of
    them is plain text: no image, link, raw HTML or extra numbered clause."""
    import yaml

    hostile = "<img src=http://evil/x.png> ![x](http://evil/y.png) [a](http://evil/) 7. extra clause"
    roster = (EXAMPLES / "roster.yaml").read_text("utf-8")
    first_name = next(line.split("name:", 1)[1].strip() for line in roster.splitlines() if "name:" in line)
    (tmp_path / "roster.yaml").write_text(roster.replace(first_name, yaml.safe_dump(hostile).strip().split("\n")[0], 1),
                                          encoding="utf-8")
    program = (EXAMPLES / "program.yaml").read_text("utf-8")
    program_lines = [f"name: {yaml.safe_dump('**Pilot** <b>x</b> [y](http://evil/)').strip().splitlines()[0]}"
                     if line.startswith("name:") else line for line in program.splitlines()]
    (tmp_path / "program.yaml").write_text("\n".join(program_lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(tmp_path / "roster.yaml"), "--config", str(tmp_path / "program.yaml"),
                                      "--out", str(out), "--lang", "en", "--kit", "all"])
    assert result.exit_code == 0, result.output
    html = (out / "brief.html").read_text("utf-8")
    assert "<img src=\"http" not in html and 'href="http://evil' not in html and "<b>x</b>" not in html
    assert "Content-Security-Policy" in html
    for md in [out / "brief.md", *out.glob("kit/*/*.md")]:
        rendered = _markdown_html(md.read_text("utf-8"))
        assert "<img" not in rendered or 'src="brief.png"' in rendered, md
        assert 'href="http://evil' not in rendered and "<b>x</b>" not in rendered, md
    agreement = next(p for p in out.glob("kit/*/agreement.md") if "evil" in p.read_text("utf-8"))
    clauses = [line for line in agreement.read_text("utf-8").splitlines()
               if line[:2] in {f"{i}." for i in range(10)} and "\\_" not in line]  # not the goal lines to fill in
    assert [c[:2] for c in clauses] == ["1.", "2.", "3.", "4.", "5.", "6."]
    # the Word and PDF files are made from the same escaped Markdown: the markup is text there, never a link
    import zipfile

    from helpers import document_text

    for doc in [*out.glob("kit/*/agreement.docx"), *out.glob("kit/*/agreement.pdf")]:
        assert "[y](http://evil/)" in " ".join(document_text(doc).split()), doc
        raw = zipfile.ZipFile(doc).read("word/_rels/document.xml.rels") if doc.suffix == ".docx" else doc.read_bytes()
        assert b"evil" not in raw if doc.suffix == ".docx" else b"/URI (http://evil" not in raw, doc


def test_evaluate_chart_labels_are_never_mathtext(tmp_path: Path) -> None:
    import subprocess
    import sys

    program = (EXAMPLES / "program.yaml").read_text("utf-8").replace(
        "statement: Вовлечённость молодых сотрудников растёт на 15%",
        "statement: '$\\frac{1}{$ рост на 15% \U0001f680 $x^$'")
    (tmp_path / "program.yaml").write_text(program, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "rmentor", "evaluate", "--config", str(tmp_path / "program.yaml"),
                           *map(str, EVAL_DATA), "--as-of", "2027-07-09", "--out", str(tmp_path / "out"),
                           "--lang", "en", "-q"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(root / "src")})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no mathtext traceback, no missing-glyph warning
    assert (tmp_path / "out" / "report.png").read_bytes().startswith(b"\x89PNG")
