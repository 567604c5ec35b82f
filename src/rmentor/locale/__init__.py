"""Russian catalogues, one module per area (``ru_core.py``, ``ru_schedule.py``, ...).

Each module defines ``RU: dict[str, str | tuple[str, str, str]]``; :mod:`rmentor.messages_ru`
merges them all, so areas can be added without touching a shared file.
"""
