"""``python -m rmentor``."""

from rmentor.cli import main

main()
