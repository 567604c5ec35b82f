"""Many documents at once: the Word and PDF files of a whole kit, on every core the machine gives.

A company-wide plan makes thousands of ``.docx`` and ``.pdf`` files, each a pure function of its
Markdown text, title and language. :func:`render` converts them in worker processes when there
are enough of them to pay for starting the workers, and returns the bytes in the order asked,
so the files are the same, byte for byte, as one process makes them (``tests/test_documents_fast.py``).

Workers are started fresh (``forkserver`` or ``spawn``, never ``fork`` of a process that has run
the solver's threads) and get what the bytes depend on with every batch: the language and the
environment variables read while converting (``SOURCE_DATE_EPOCH``, ``RMENTOR_STRICT_I18N``).
``RMENTOR_JOBS`` caps the number of workers (``1``: no workers).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rmentor.i18n import Lang

#: Below this many documents (40 pairs of Word + PDF kits) one process is about as fast: a worker
#: costs about a second to start (imports, fonts), a document 0.03-0.07 s.
MIN_PARALLEL = 120
#: Documents per task: large enough that sending them costs little, small enough to balance the cores.
BATCH = 12
#: A document this long (characters of Markdown) is a task of its own.
LONG = 20_000


@dataclass(frozen=True)
class Document:
    """One file to make: ``kind`` is ``docx`` or ``pdf``; the rest are the converter's arguments."""

    kind: str
    markdown: str
    title: str
    lang: Lang
    images: Mapping[str, bytes] = field(default_factory=dict)
    one_page: bool = False
    #: PDF only: the characters of every PDF of the batch in this language, and those that may be
    #: bold (:func:`render` fills them in)
    alphabet: str = ""
    bold_alphabet: str = ""


def _convert(doc: Document) -> bytes:
    if doc.kind == "docx":
        from rmentor.outputs.documents.docx import to_docx

        return to_docx(doc.markdown, title=doc.title, lang=doc.lang)
    if doc.kind == "pdf":
        from rmentor.outputs.documents.pdf import to_pdf

        return to_pdf(doc.markdown, title=doc.title, lang=doc.lang, images=doc.images, one_page=doc.one_page,
                      alphabet=doc.alphabet, bold_alphabet=doc.bold_alphabet)
    raise ValueError(f"unknown document kind {doc.kind!r}")


#: The environment variables converting a document reads: the file dates, and strict translations (tests).
#: Only these go to the workers (never, say, ``RMENTOR_SMTP_PASSWORD``).
PASSED = ("SOURCE_DATE_EPOCH", "RMENTOR_STRICT_I18N")


def _environment() -> dict[str, str]:
    """The variables a document's bytes may depend on, as the parent process has them now."""
    return {k: os.environ[k] for k in PASSED if k in os.environ}


def _convert_all(docs: Sequence[Document]) -> list[bytes]:
    """Convert ``docs`` in order, each in its own language; the caller's language is kept."""
    from rmentor.i18n import get_language, set_language

    before = get_language()
    try:
        out = []
        for doc in docs:
            set_language(doc.lang)
            out.append(_convert(doc))
        return out
    finally:
        set_language(before)


def _work(env: dict[str, str], docs: list[Document]) -> list[bytes]:
    """One batch in a worker: take the parent's environment, then convert in order."""
    for key in PASSED:  # a long-lived worker may have served a run with other values
        if key in env:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    return _convert_all(docs)


def workers(count: int) -> int:
    """How many worker processes ``count`` documents get here: 0 means convert in this process."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    raw = os.environ.get("RMENTOR_JOBS", "").strip()
    if raw.isdigit() and int(raw) >= 1:
        cores = min(cores, int(raw))
    if cores < 2 or count < MIN_PARALLEL:
        return 0
    return min(cores, (count + BATCH - 1) // BATCH)


def with_alphabets(docs: Sequence[Document]) -> list[Document]:
    """``docs``, each PDF given the alphabet of all the PDFs in its language (unless it has one).

    The PDFs of a batch then embed the same font subsets, cut once per process instead of once per
    file (a few kilobytes more a file). A document's bytes stay a function of its own fields, so
    worker processes give the bytes of one process.
    """
    from rmentor.outputs.documents.pdf import alphabet, bold_alphabet

    langs = {doc.lang for doc in docs if doc.kind == "pdf" and not doc.alphabet}
    texts = {lang: [d.markdown for d in docs if d.kind == "pdf" and d.lang == lang] for lang in langs}
    chars = {lang: (alphabet(texts[lang]), bold_alphabet(texts[lang])) for lang in langs}
    return [replace(d, alphabet=chars[d.lang][0], bold_alphabet=chars[d.lang][1])
            if d.kind == "pdf" and not d.alphabet else d for d in docs]


def render(docs: Sequence[Document], *, jobs: int | None = None) -> list[bytes]:
    """The bytes of every document in ``docs``, in order; on ``jobs`` workers (default :func:`workers`).

    The PDFs share one alphabet per language (:func:`with_alphabets`).
    """
    docs = with_alphabets(docs)
    n = workers(len(docs)) if jobs is None else jobs
    if n < 2:
        return _convert_all(docs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    env = _environment()
    # the longest documents first (the brief, the appendix), so no core waits on one at the end
    order = sorted(range(len(docs)), key=lambda i: -len(docs[i].markdown))
    batches: list[list[int]] = [[i] for i in order if len(docs[i].markdown) > LONG]  # a long one alone
    small = [i for i in order if len(docs[i].markdown) <= LONG]
    batches += [small[k:k + BATCH] for k in range(0, len(small), BATCH)]
    result: list[bytes] = [b""] * len(docs)
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        futures = [pool.submit(_work, env, [docs[i] for i in batch]) for batch in batches]
        for batch, future in zip(batches, futures, strict=True):
            for i, data in zip(batch, future.result(), strict=True):
                result[i] = data
    return result
