"""Time zones as people write them: «МСК+2», ``UTC+3``, «Новосибирск» -> IANA names.

rmentor computes with IANA zones (``Europe/Moscow``), which HR exports rarely contain. This
module maps the usual spellings -- Moscow-relative offsets, UTC/GMT offsets, Russian and CIS
city names in Russian or English -- to IANA names, and the loader reports every mapping it
made, so nobody is surprised by the zone a person was given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rmentor.errors import Issue, Location
from rmentor.inputs.vocabulary import text_key

#: МСК+N: the zone Russian law names for that offset from Moscow.
MSK_OFFSETS = {
    -1: "Europe/Kaliningrad", 0: "Europe/Moscow", 1: "Europe/Samara", 2: "Asia/Yekaterinburg", 3: "Asia/Omsk",
    4: "Asia/Krasnoyarsk", 5: "Asia/Irkutsk", 6: "Asia/Yakutsk", 7: "Asia/Vladivostok", 8: "Asia/Magadan",
    9: "Asia/Kamchatka",
}

#: Cities of Russia and the CIS, in Russian and English: zone.
CITIES: dict[str, tuple[str, ...]] = {
    "Europe/Moscow": ("москва", "moscow", "мск", "msk", "московское время", "санкт-петербург", "петербург",
                      "спб", "питер", "saint petersburg", "st petersburg", "казань", "kazan", "нижний новгород",
                      "nizhny novgorod", "ростов-на-дону", "rostov-on-don", "краснодар", "krasnodar", "сочи",
                      "sochi", "воронеж", "voronezh", "ярославль", "тула", "рязань", "белгород", "мурманск",
                      "архангельск", "симферополь", "севастополь", "ставрополь", "махачкала", "киров"),
    "Europe/Kaliningrad": ("калининград", "kaliningrad"),
    "Europe/Samara": ("самара", "samara", "ижевск", "izhevsk", "тольятти"),
    "Europe/Ulyanovsk": ("ульяновск", "ulyanovsk"),
    "Europe/Saratov": ("саратов", "saratov"),
    "Europe/Volgograd": ("волгоград", "volgograd"),
    "Europe/Astrakhan": ("астрахань", "astrakhan"),
    "Asia/Yekaterinburg": ("екатеринбург", "yekaterinburg", "ekaterinburg", "екб", "пермь", "perm", "уфа", "ufa",
                           "челябинск", "chelyabinsk", "тюмень", "tyumen", "оренбург", "orenburg", "сургут",
                           "курган", "магнитогорск"),
    "Asia/Omsk": ("омск", "omsk"),
    "Asia/Novosibirsk": ("новосибирск", "novosibirsk", "нск"),
    "Asia/Tomsk": ("томск", "tomsk"),
    "Asia/Barnaul": ("барнаул", "barnaul"),
    "Asia/Novokuznetsk": ("кемерово", "kemerovo", "новокузнецк", "novokuznetsk"),
    "Asia/Krasnoyarsk": ("красноярск", "krasnoyarsk", "норильск", "абакан"),
    "Asia/Irkutsk": ("иркутск", "irkutsk", "улан-удэ", "ulan-ude", "братск"),
    "Asia/Chita": ("чита", "chita"),
    "Asia/Yakutsk": ("якутск", "yakutsk", "благовещенск"),
    "Asia/Vladivostok": ("владивосток", "vladivostok", "хабаровск", "khabarovsk", "комсомольск-на-амуре"),
    "Asia/Sakhalin": ("южно-сахалинск", "yuzhno-sakhalinsk", "сахалин"),
    "Asia/Magadan": ("магадан", "magadan"),
    "Asia/Kamchatka": ("петропавловск-камчатский", "petropavlovsk-kamchatsky", "камчатка"),
    "Europe/Minsk": ("минск", "minsk", "гомель", "брест", "гродно", "витебск", "могилёв"),
    "Asia/Almaty": ("алматы", "алма-ата", "almaty", "астана", "нур-султан", "astana", "шымкент", "караганда"),
    "Asia/Tashkent": ("ташкент", "tashkent", "самарканд", "samarkand", "бухара"),
    "Asia/Bishkek": ("бишкек", "bishkek"),
    "Asia/Dushanbe": ("душанбе", "dushanbe"),
    "Asia/Ashgabat": ("ашхабад", "ashgabat"),
    "Asia/Baku": ("баку", "baku"),
    "Asia/Yerevan": ("ереван", "yerevan"),
    "Asia/Tbilisi": ("тбилиси", "tbilisi"),
    "Europe/Chisinau": ("кишинёв", "кишинев", "chisinau"),
    "Europe/Kyiv": ("киев", "київ", "kyiv", "kiev"),
}
_CITY = {text_key(name): zone for zone, names in CITIES.items() for name in names}
_OFFSET = re.compile(r"^(мск|msk|utc|gmt|utc\s*gmt)\s*(?:([+\-−–])\s*(\d{1,2})(?:[:.]00)?)?\s*(?:ч|h|час[а-я]*)?$")


@lru_cache(maxsize=1)
def _iana_lower() -> Mapping[str, str]:
    from zoneinfo import available_timezones

    return {z.casefold(): z for z in available_timezones()}


@lru_cache(maxsize=512)
def to_iana(text: str) -> str | None:
    """The IANA zone ``text`` means (``None`` when it means none we know).

    ``МСК``, ``МСК+2``, ``UTC+3``, ``GMT-5``, ``Новосибирск``, ``Almaty``, ``europe/moscow``.
    A UTC/GMT offset of a Russian zone (+3 to +12) becomes that zone (``UTC+3`` is
    ``Europe/Moscow``; none of them changes its clocks); any other offset becomes the fixed
    ``Etc/GMT`` zone (whose sign is inverted by POSIX rule).
    """
    from rmentor.model import is_timezone

    raw = text.strip()
    if not raw or len(raw) > 60:
        return None
    if is_timezone(raw):
        return raw
    exact = _iana_lower().get(raw.casefold())
    if exact is not None:
        return exact
    t = raw.casefold().replace("ё", "е").replace("(", " ").replace(")", " ").strip()
    m = _OFFSET.match(re.sub(r"\s+", " ", t))
    if m:
        kind, sign, hours = m.group(1), m.group(2), m.group(3)
        n = 0 if hours is None else int(hours) * (-1 if sign in ("-", "−", "–") else 1)
        if kind in ("мск", "msk"):
            return MSK_OFFSETS.get(n)
        if n - 3 in MSK_OFFSETS and n != 2:  # a Russian zone reads better than Etc/GMT-5 (same offset)
            return MSK_OFFSETS[n - 3]
        if -12 <= n <= 14:
            return "Etc/UTC" if n == 0 else f"Etc/GMT{-n:+d}"
        return None
    return _CITY.get(text_key(raw)) or _CITY.get(text_key(raw.split(",")[0]))


def normalize_timezones(data: Any, where: Location | None) -> list[Issue]:
    """Rewrite the ``timezone`` of every person in a roster's plain ``data`` to an IANA name
    where :func:`to_iana` knows one; one note lists the mappings made. Unknown text is left
    for validation to report."""
    if not isinstance(data, dict):
        return []
    made: dict[str, str] = {}
    for section in ("seniors", "juniors"):
        rows = data.get(section)
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("timezone"), str):
                made.update(_rewrite(row, "timezone"))
    return [mapping_note(made, where)] if made else []


def _rewrite(row: dict[str, Any], key: str) -> dict[str, str]:
    raw = row[key]
    zone = to_iana(raw)
    if zone is None or zone == raw.strip():
        return {}
    row[key] = zone
    return {raw.strip(): zone}


def normalize_program_timezone(data: Any, locate: Any) -> list[Issue]:
    """:func:`normalize_timezones` for a program's ``timezone``."""
    if isinstance(data, dict) and isinstance(data.get("timezone"), str):
        made = _rewrite(data, "timezone")
        return [mapping_note(made, locate(("timezone",)))] if made else []
    return []


def mapping_note(made: Mapping[str, str], where: Location | None) -> Issue:
    """The note listing the time zones read as IANA names."""
    return Issue("time zones read as: {mapping}",
                 {"mapping": ", ".join(f"{a} → {b}" for a, b in sorted(made.items()))}, where,
                 "nothing to do if these are right; otherwise write the IANA name, e.g. Asia/Novosibirsk")


__all__ = ["CITIES", "MSK_OFFSETS", "normalize_program_timezone", "normalize_timezones", "to_iana"]
