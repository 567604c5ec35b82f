"""The program folder's SQLite ledger: schema, migrations, queries (being built).

Owns: the state of a running program (pairs, sessions, deliveries, attendance).
May import :mod:`rmentor.core`, :mod:`rmentor.model` and :mod:`rmentor.inputs`.
"""
