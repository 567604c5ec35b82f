"""Reading what people give rmentor: YAML, CSV and XLSX files, surveys, pairs files.

Owns: the safe readers (size caps, encodings, zip bombs, located YAML), turning rows and
documents into plain data with file:line locations, and the loaders that validate that
data into :mod:`rmentor.model` objects. May import :mod:`rmentor.model`, ``errors`` and
``i18n`` only; never typer or rich.
"""
