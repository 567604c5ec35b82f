"""Writing what rmentor produces: CSV, XLSX, ICS, JSON, documents, pictures, anonymised copies.

Owns: turning core results into bytes, and placing files atomically (:mod:`.files`).
May import :mod:`rmentor.core`, :mod:`rmentor.model`, :mod:`rmentor.inputs`, ``errors``
and ``i18n``; never typer or rich.
"""
