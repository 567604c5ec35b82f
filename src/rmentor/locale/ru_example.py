"""Russian for ``rmentor example`` (synthetic rosters)."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    "--out must be a .yaml file, not '{name}'": "--out должен указывать на файл .yaml, а не «{name}»",
    "for example --out roster.yaml": "например, --out roster.yaml",
    "Synthetic roster made by 'rmentor example --seniors {seniors} --juniors {juniors} --seed {seed}'.\n"
    "The people, departments and scores are invented.":
        "Синтетический список участников: rmentor example --seniors {seniors} --juniors {juniors} --seed {seed}\n"
        "Люди, подразделения и оценки вымышлены.",
    "Wrote {seniors} and {juniors} (seed {seed}). Next: {command}":
        "Записано: {seniors} и {juniors} (seed {seed}). Дальше: {command}",
    "{n} senior": ("{n} старший", "{n} старших", "{n} старших"),
    "{n} junior": ("{n} младший", "{n} младших", "{n} младших"),
}
