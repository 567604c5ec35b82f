"""Whole jobs that a command runs with one call: plan a program, generate an example roster.

Owns: orchestration across stages (load -> score -> match -> schedule -> write) so that
commands stay thin. May import :mod:`rmentor.outputs`, :mod:`rmentor.ledger`,
:mod:`rmentor.core`, :mod:`rmentor.inputs` and :mod:`rmentor.model`; never typer or rich.
"""
