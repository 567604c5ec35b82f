"""Times as people read them: the zone named, and the reader's own local time when it differs.

«11:00 МСК / 13:00 Екб»: the program time first (what the calendar and HR use), then the
person's own wall clock when their zone shows another time. Russian zones get the short
names people write in Russian business mail; elsewhere the zone's own abbreviation
(CET, CEST) or, when it has none (``+05``), the city.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

RU_SHORT = {
    "Europe/Kaliningrad": "Клд", "Europe/Moscow": "МСК", "Europe/Simferopol": "МСК", "Europe/Volgograd": "Вгд",
    "Europe/Kirov": "Киров", "Europe/Samara": "Смр", "Europe/Ulyanovsk": "Ульяновск", "Europe/Saratov": "Сртв",
    "Europe/Astrakhan": "Астр", "Asia/Yekaterinburg": "Екб", "Asia/Omsk": "Омск", "Asia/Novosibirsk": "Нск",
    "Asia/Barnaul": "Брн", "Asia/Tomsk": "Томск", "Asia/Novokuznetsk": "Нкз", "Asia/Krasnoyarsk": "Крс",
    "Asia/Irkutsk": "Ирк", "Asia/Chita": "Чита", "Asia/Yakutsk": "Якт", "Asia/Vladivostok": "Влд",
    "Asia/Khandyga": "Хандыга", "Asia/Sakhalin": "Схл", "Asia/Magadan": "Мгд", "Asia/Srednekolymsk": "Срк",
    "Asia/Kamchatka": "Кмч", "Asia/Anadyr": "Анадырь", "Europe/Minsk": "Минск", "Asia/Almaty": "Алматы",
    "Asia/Tashkent": "Ташкент", "Asia/Tbilisi": "Тбилиси", "Asia/Yerevan": "Ереван", "Asia/Baku": "Баку",
    "Europe/Berlin": "Берлин", "Europe/London": "Лондон", "Asia/Dubai": "Дубай", "UTC": "UTC",
}


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_label(name: str, when: datetime, lang: str) -> str:
    """A short name for the zone ``name`` at ``when``: МСК, Екб, CET, Yekaterinburg."""
    if lang == "ru" and name in RU_SHORT:
        return RU_SHORT[name]
    abbr = when.astimezone(_zone(name)).tzname() or ""
    if abbr.isalpha():
        return abbr
    return name.rsplit("/", 1)[-1].replace("_", " ")


def clock_text(moment: datetime, zone: str, lang: str) -> str:
    """``11:00 МСК``: the wall-clock time in ``zone`` and the zone's name."""
    local = moment.astimezone(_zone(zone))
    return f"{local:%H:%M} {zone_label(zone, moment, lang)}"


def _extra(moment: datetime, program_zone: str, person_zones: Sequence[str | None]) -> list[str]:
    """The people's zones whose clocks show another time than the program's, once each, in order."""
    base = moment.astimezone(_zone(program_zone)).replace(tzinfo=None)
    out: list[str] = []
    for zone in person_zones:
        if zone and zone != program_zone and zone not in out \
                and moment.astimezone(_zone(zone)).replace(tzinfo=None) != base:
            out.append(zone)
    return out


def time_text(moment: datetime, program_zone: str, person_zones: Sequence[str | None], lang: str) -> str:
    """``11:00 МСК / 13:00 Екб``; just ``11:00 МСК`` when everyone's clock shows the same time."""
    zones = [program_zone, *_extra(moment, program_zone, person_zones)]
    return " / ".join(clock_text(moment, z, lang) for z in zones)


def span_text(start: datetime, end: datetime, program_zone: str, person_zones: Sequence[str | None],
              lang: str) -> str:
    """``11:00-12:00 МСК / 13:00-14:00 Екб``."""
    def one(zone: str) -> str:
        a, b = start.astimezone(_zone(zone)), end.astimezone(_zone(zone))
        # the fields, not strftime (schedule.md asks for thousands of spans)
        return f"{a.hour:02d}:{a.minute:02d}-{b.hour:02d}:{b.minute:02d} {zone_label(zone, start, lang)}"

    return " / ".join(one(z) for z in [program_zone, *_extra(start, program_zone, person_zones)])
