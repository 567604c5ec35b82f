"""Times as people read them: the zone named, and the reader's own local time when it differs.

«11:00 МСК / 13:00 Екб»: the program time first (what the calendar and HR use), then the
person's own wall clock when their zone shows another time. Russian zones get the short
names people write in Russian business mail; elsewhere the zone's own abbreviation
(CET, CEST) or, when it has none (``+05``), the city.
"""

from __future__ import annotations

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


def time_text(moment: datetime, program_zone: str, person_zone: str | None, lang: str) -> str:
    """``11:00 МСК / 13:00 Екб``; just ``11:00 МСК`` when the person's clock shows the same time."""
    text = clock_text(moment, program_zone, lang)
    if person_zone and person_zone != program_zone:
        mine = moment.astimezone(_zone(person_zone))
        theirs = moment.astimezone(_zone(program_zone))
        if mine.replace(tzinfo=None) != theirs.replace(tzinfo=None):
            text += " / " + clock_text(moment, person_zone, lang)
    return text


def span_text(start: datetime, end: datetime, program_zone: str, person_zone: str | None, lang: str) -> str:
    """``11:00-12:00 МСК / 13:00-14:00 Екб``."""
    def one(zone: str) -> str:
        a, b = start.astimezone(_zone(zone)), end.astimezone(_zone(zone))
        return f"{a:%H:%M}-{b:%H:%M} {zone_label(zone, start, lang)}"

    text = one(program_zone)
    if person_zone and person_zone != program_zone:
        mine = start.astimezone(_zone(person_zone)).replace(tzinfo=None)
        if mine != start.astimezone(_zone(program_zone)).replace(tzinfo=None):
            text += " / " + one(person_zone)
    return text
