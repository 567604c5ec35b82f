"""The pure domain: scoring, matching (the only OR-Tools user), scheduling, rematching,
explanations, validation summaries and evaluation.

Owns: every decision rmentor makes. Functions take models and return values; they do
not read files, write files or print. May import :mod:`rmentor.model`,
:mod:`rmentor.inputs` (for record types), ``errors`` and ``i18n``.
"""
