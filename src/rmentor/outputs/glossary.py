"""One vocabulary per language, used by every document, sheet and calendar rmentor writes.

The roles, dates, the program's period, the cadence and the time-zone names are worded here
and nowhere else, so the brief, the schedule, the kit and the workbooks say the same thing:

- the roles are "Senior"/"Junior" (ru: «старший»/«младший»), everywhere;
- dates are ``dd.mm.yyyy`` in Russian documents and ISO in English ones; machine files
  (CSV, JSON, ICS) always use ISO and do not come here;
- the program runs from its first day to its last day *inclusive*
  (:attr:`rmentor.core.scheduling.Schedule.end` is exclusive: the first day after it);
- the cadence reads «раз в 2 недели» / "every 2 weeks", «каждую неделю» / "every week".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rmentor.i18n import Lang, get_language, tr, trn

if TYPE_CHECKING:
    from rmentor.core.scheduling import Schedule

#: City names for the zones Russian companies use most, in Russian; other zones show their own city.
_CITY_RU = {
    "Europe/Kaliningrad": "Калининград", "Europe/Moscow": "Москва", "Europe/Samara": "Самара",
    "Europe/Volgograd": "Волгоград", "Europe/Saratov": "Саратов", "Europe/Ulyanovsk": "Ульяновск",
    "Europe/Astrakhan": "Астрахань", "Europe/Kirov": "Киров", "Europe/Simferopol": "Симферополь",
    "Europe/Minsk": "Минск", "Asia/Yekaterinburg": "Екатеринбург", "Asia/Omsk": "Омск",
    "Asia/Novosibirsk": "Новосибирск", "Asia/Barnaul": "Барнаул", "Asia/Tomsk": "Томск",
    "Asia/Novokuznetsk": "Новокузнецк", "Asia/Krasnoyarsk": "Красноярск", "Asia/Irkutsk": "Иркутск",
    "Asia/Chita": "Чита", "Asia/Yakutsk": "Якутск", "Asia/Khandyga": "Хандыга",
    "Asia/Vladivostok": "Владивосток", "Asia/Sakhalin": "Сахалин", "Asia/Magadan": "Магадан",
    "Asia/Srednekolymsk": "Среднеколымск", "Asia/Kamchatka": "Камчатка", "Asia/Anadyr": "Анадырь",
    "Asia/Almaty": "Алматы", "Asia/Tashkent": "Ташкент", "Asia/Yerevan": "Ереван", "Asia/Tbilisi": "Тбилиси",
    "Asia/Baku": "Баку", "Asia/Bishkek": "Бишкек", "Asia/Dubai": "Дубай", "Europe/London": "Лондон",
    "Europe/Berlin": "Берлин", "Europe/Istanbul": "Стамбул", "UTC": "UTC",
}


def role(side: str, *, capital: bool = True) -> str:
    """The name of a role, ``senior`` or ``junior``: ``Senior``/``Junior`` (ru: ``Старший``/``Младший``)."""
    text = tr("Senior") if side == "senior" else tr("Junior")
    return text if capital else text[:1].lower() + text[1:]


def date_text(day: date, lang: Lang | None = None) -> str:
    """A date as people read it: ``31.07.2027`` in Russian, ``2027-07-31`` in English."""
    return day.strftime("%d.%m.%Y") if (lang or get_language()) == "ru" else day.isoformat()


def moment_text(moment: datetime, lang: Lang | None = None) -> str:
    """A date and a time of day: ``31.07.2027 15:00`` in Russian, ``2027-07-31 15:00`` in English."""
    return f"{date_text(moment.date(), lang)} {moment:%H:%M}"


def weekday_text(day: date) -> str:
    """The short weekday name: ``Ср`` / ``Wed``."""
    return tr(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()])


def last_day(schedule: Schedule) -> date:
    """The program's last day, inclusive: the one end date every document shows."""
    return schedule.end - timedelta(days=1)


def period_text(schedule: Schedule) -> str:
    """``11.01.2027 — 10.07.2027``: the program's first and last day."""
    return f"{date_text(schedule.start)} — {date_text(last_day(schedule))}"


def cadence_text(weeks: int) -> str:
    """``every week`` / ``every 2 weeks`` (ru: «каждую неделю», «раз в 2 недели», «раз в 5 недель»)."""
    if weeks == 1:
        return tr("every week")
    return trn("every {n} week", "every {n} weeks", weeks)


def minutes_text(minutes: int) -> str:
    """``60 minutes`` (ru: «60 минут», «45 минут», «90 минут», «1 минута»)."""
    return trn("{n} minute", "{n} minutes", minutes)


def zone_name(zone: str, lang: Lang | None = None) -> str:
    """A time zone as people say it: its city (``Москва``, ``Yekaterinburg``)."""
    if (lang or get_language()) == "ru" and zone in _CITY_RU:
        return _CITY_RU[zone]
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def local(moment: datetime, zone: str) -> datetime:
    """``moment`` (aware) on the clock of ``zone``."""
    return moment.astimezone(ZoneInfo(zone))


def when_text(start: datetime, end: datetime, zone: str) -> str:
    """``Ср 13.01.2027, 11:00–12:00`` on the clock of ``zone``."""
    a, b = local(start, zone), local(end, zone)
    return f"{weekday_text(a.date())} {date_text(a.date())}, {a:%H:%M}–{b:%H:%M}"
