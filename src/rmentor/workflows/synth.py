"""Synthetic rosters for demos, tests and benchmarks: realistic, deterministic, fast.

:func:`synthetic_roster` builds plain data in the roster YAML format (the same dict a
hand-written ``roster.yaml`` parses to), and :func:`roster_yaml` turns it into text that
reads like ``examples/roster.yaml``. The people are Russian office staff: Cyrillic names
with correct gender agreement (Волков Андрей Сергеевич, Волкова Анна), 8-12 departments,
a reporting tree rooted in a few managers who are not in the program, topics with
Zipf-like popularity, weekly availability windows in local time, mostly Moscow time with
a few people from the Urals, Siberia, Kaliningrad and the Far East, scores skewed upward,
a few juniors with capacity 2 and a few "avoid" wishes.

The same ``(n_seniors, n_juniors, seed)`` always gives the same roster, byte for byte:
all randomness comes from one :class:`random.Random` seeded with ``seed``.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from rmentor.outputs.roster import yaml_scalar

if TYPE_CHECKING:
    from rmentor.model import Program

MAX_PEOPLE = 200_000

# ----------------------------------------------------------------------------- vocabulary

# (first name, patronymic suffix for a son, for a daughter) for men: the patronymic of
# anyone whose father has that name. Women's first names need no patronymic stem.
_MALE: tuple[tuple[str, str, str], ...] = (
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Антон", "Антонович", "Антоновна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Борис", "Борисович", "Борисовна"),
    ("Вадим", "Вадимович", "Вадимовна"),
    ("Валерий", "Валерьевич", "Валерьевна"),
    ("Василий", "Васильевич", "Васильевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Вячеслав", "Вячеславович", "Вячеславовна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"),
    ("Георгий", "Георгиевич", "Георгиевна"),
    ("Глеб", "Глебович", "Глебовна"),
    ("Григорий", "Григорьевич", "Григорьевна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Егор", "Егорович", "Егоровна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Кирилл", "Кириллович", "Кирилловна"),
    ("Константин", "Константинович", "Константиновна"),
    ("Леонид", "Леонидович", "Леонидовна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Матвей", "Матвеевич", "Матвеевна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Никита", "Никитич", "Никитична"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"),
    ("Пётр", "Петрович", "Петровна"),
    ("Роман", "Романович", "Романовна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Станислав", "Станиславович", "Станиславовна"),
    ("Степан", "Степанович", "Степановна"),
    ("Тимур", "Тимурович", "Тимуровна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Ярослав", "Ярославович", "Ярославовна"),
)

_FEMALE: tuple[str, ...] = (
    "Алина", "Алиса", "Алла", "Анастасия", "Анна", "Валентина", "Валерия", "Вера", "Виктория",
    "Галина", "Дарья", "Диана", "Евгения", "Екатерина", "Елена", "Елизавета", "Жанна", "Зоя",
    "Инна", "Ирина", "Карина", "Кира", "Ксения", "Лариса", "Лилия", "Любовь", "Людмила",
    "Маргарита", "Марина", "Мария", "Надежда", "Наталья", "Нина", "Оксана", "Ольга", "Полина",
    "Светлана", "София", "Таисия", "Татьяна", "Ульяна", "Юлия", "Яна",
)

# Masculine surnames; the feminine form is derived by :func:`_feminine`. The last few do
# not change with gender (Черных, Шевченко, Ким), as in any real Russian company.
_SURNAMES: tuple[str, ...] = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв",
    "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов",
    "Пономарёв", "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв", "Овчинников",
    "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров", "Емельянов", "Никифоров",
    "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев", "Панов",
    "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов", "Анисимов", "Ерёмин",
    "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин", "Белоусов", "Нестеров",
    "Симонов", "Прокофьев", "Харитонов", "Князев", "Цветков", "Левин", "Митрофанов", "Воронов",
    "Аксёнов", "Софронов", "Мальцев", "Логинов", "Горшков", "Савин", "Краснов", "Майоров",
    "Демидов", "Елисеев", "Рыбаков", "Сафонов", "Плотников", "Дёмин", "Хохлов", "Фадеев",
    "Молчанов", "Игнатов", "Литвинов", "Ершов", "Ушаков", "Дементьев", "Рябов", "Мухин",
    "Калашников", "Леонтьев", "Лобанов", "Кузин", "Корнилов", "Евдокимов", "Бородин", "Платонов",
    "Некрасов", "Балашов", "Бобров", "Жданов", "Блинов", "Игнатьев", "Коротков", "Муравьёв",
    "Крюков", "Беляков", "Богомолов", "Дроздов", "Лавров", "Зуев", "Петухов", "Ларин", "Никулин",
    "Серов", "Терентьев", "Зотов", "Устинов", "Фокин", "Самойлов", "Константинов", "Сахаров",
    "Вишневский", "Ковальский", "Островский", "Белинский", "Покровский", "Успенский", "Толстой",
    "Трубецкой", "Донской", "Черных", "Седых", "Шевченко", "Бондаренко", "Ткаченко", "Ким", "Цой",
)

# (department, weight among seniors, weight among juniors): sales and operations are big
# everywhere; IT and marketing are where most juniors with digital skills sit.
_DEPARTMENTS: tuple[tuple[str, int, int], ...] = (
    ("Продажи", 16, 12),
    ("Маркетинг", 9, 14),
    ("ИТ", 10, 18),
    ("Финансы", 10, 7),
    ("Операции", 12, 8),
    ("Персонал", 6, 5),
    ("Юридический", 4, 3),
    ("Закупки", 5, 4),
    ("Логистика", 7, 6),
    ("Клиентский сервис", 8, 11),
    ("Производство", 9, 5),
    ("Безопасность", 3, 2),
    ("Стратегия и развитие", 3, 2),
    ("Внутренний аудит", 2, 1),
    ("Продуктовый офис", 4, 8),
)

# Ordered by popularity: weight of the k-th topic is 1 / (k + 1) ** _ZIPF_S.
_TOPICS: tuple[str, ...] = (
    "ИИ-ассистенты", "Telegram-каналы", "Маркетплейсы", "Дашборды", "Поведение Gen Z",
    "Короткие видео", "SMM", "No-code автоматизация", "Личный бренд", "Промпт-инжиниринг",
    "Чат-боты", "Нейросети для картинок", "Продуктовые метрики", "A/B-тесты", "Python для аналитики",
    "Excel и Power Query", "Figma", "Подкасты", "VK Видео", "Удалённая работа", "Онлайн-обучение",
    "Геймификация", "Кибергигиена", "Мобильные приложения", "Креаторская экономика", "Сторителлинг",
    "Email-рассылки", "Подписочные сервисы", "Цифровой этикет", "Ментальное здоровье",
    "Agile и Scrum", "Low-code", "Визуализация данных", "Стриминг", "Киберспорт", "Финтех",
    "Карьерные ожидания молодых", "ESG и устойчивое развитие", "Миро и онлайн-доски", "Видеомонтаж",
)
_ZIPF_S = 1.1

_SENIOR_TITLES: tuple[str, ...] = (
    "Директор по направлению", "Руководитель направления", "Начальник отдела",
    "Заместитель директора", "Руководитель группы", "Руководитель проектов",
)
_JUNIOR_TITLES: tuple[str, ...] = (
    "Специалист", "Младший специалист", "Аналитик", "Стажёр", "Менеджер", "Ведущий специалист",
    "Младший аналитик", "Координатор",
)

# (zone, weight): mostly Moscow time, as in most Russian companies.
_TIMEZONES: tuple[tuple[str, int], ...] = (
    ("Europe/Moscow", 76),
    ("Asia/Yekaterinburg", 8),
    ("Asia/Novosibirsk", 6),
    ("Europe/Kaliningrad", 7),
    ("Asia/Vladivostok", 3),
)
_DEFAULT_TZ = "Europe/Moscow"

_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri")
_DAYS_RU = ("Пн", "Вт", "Ср", "Чт", "Пт")

# Scores on a 1-5 scale, skewed upward: HR nominates people who are mostly ready.
_SCORE_WEIGHTS = (3, 7, 20, 38, 32)

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def translit(text: str) -> str:
    """Latin letters for a Cyrillic name (simplified GOST/passport style): ``Фёдоров`` -> ``fedorov``."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", out).strip("-")


def _feminine(surname: str) -> str:
    """The feminine form of a masculine Russian surname."""
    for male, female in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ов", "ова"), ("ёв", "ёва"),
                         ("ев", "ева"), ("ин", "ина"), ("ын", "ына")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname  # Черных, Шевченко, Ким: the same for everyone


class _Weighted:
    """Fast repeated weighted choice (``random.choices`` without rebuilding the table)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total)]

    def sample(self, rng: random.Random, k: int) -> list[Any]:
        """``k`` distinct items, popular ones first more often (k <= len(items))."""
        chosen: list[Any] = []
        while len(chosen) < k:
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def _scores(rng: random.Random, names: Sequence[str], lo: int, hi: int, pick: _Weighted) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in names:
        v = pick.pick(rng)  # 1..5
        out[name] = v if (lo, hi) == (1, 5) else lo + round((v - 1) * (hi - lo) / 4)
    return out


def _windows(rng: random.Random) -> list[str]:
    """2-3 weekly windows for most people, in local office hours (09:00-18:00), on distinct days."""
    if rng.random() < 0.03:  # a fixed daily slot, written as a weekday range
        start = rng.choice((9, 10, 17))
        return [f"Mon-Fri {start:02d}:00-{start + 1:02d}:00"]
    count = rng.choices((1, 2, 3, 4), weights=(12, 50, 33, 5))[0]
    days = sorted(rng.sample(range(5), count))
    names = _DAYS_RU if rng.random() < 0.08 else _DAYS_EN  # some HR teams write Пн, Вт ...
    out = []
    for day in days:
        length = rng.choice((60, 90, 120, 120, 120, 180))
        start = rng.randrange(9 * 60, 18 * 60 - length + 1, 30)
        end = start + length
        out.append(f"{names[day]} {start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}")
    return out


def synthetic_roster(
    n_seniors: int, n_juniors: int, seed: int = 0, *, program: Program | None = None
) -> dict[str, Any]:
    """A realistic synthetic roster as plain data (the parsed form of a roster YAML file).

    Args:
        n_seniors: number of seniors (1 to 200,000).
        n_juniors: number of juniors (1 to 200,000).
        seed: the same seed gives the same roster.
        program: scores follow its criteria and scale; the embedded defaults when None.

    Returns:
        ``{"seniors": [...], "juniors": [...], "managers": {...}, "history": [...]}``,
        ready for :func:`roster_yaml` or ``Roster.model_validate``.
    """
    if not (1 <= n_seniors <= MAX_PEOPLE and 1 <= n_juniors <= MAX_PEOPLE):
        raise ValueError(f"sizes must be between 1 and {MAX_PEOPLE}: got {n_seniors} x {n_juniors}")
    if program is None:
        from rmentor.model import Program

        program = Program()
    m = program.matching
    s_crit, j_crit = list(m.senior_criteria), list(m.junior_criteria)
    lo, hi = m.scale.min, m.scale.max

    rng = random.Random(seed)
    score_pick = _Weighted(range(1, 6), _SCORE_WEIGHTS)
    tz_pick = _Weighted([z for z, _ in _TIMEZONES], [w for _, w in _TIMEZONES])
    topic_pick = _Weighted(_TOPICS, [1 / (k + 1) ** _ZIPF_S for k in range(len(_TOPICS))])

    n_depts = rng.randint(8, 12)
    depts = sorted(rng.sample(range(len(_DEPARTMENTS)), n_depts))
    dept_names = [_DEPARTMENTS[d][0] for d in depts]
    s_dept_pick = _Weighted(range(n_depts), [_DEPARTMENTS[d][1] for d in depts])
    j_dept_pick = _Weighted(range(n_depts), [_DEPARTMENTS[d][2] for d in depts])

    # Managers outside the program: the CEO and one director per department.
    managers: dict[str, str | None] = {"ceo": None}
    directors = [f"dir.{translit(name)}" for name in dept_names]
    for director in directors:
        managers[director] = "ceo"

    def person(side: str, k: int) -> dict[str, Any]:
        female = rng.random() < (0.45 if side == "senior" else 0.55)
        surname = rng.choice(_SURNAMES)
        father = rng.choice(_MALE)
        if female:
            first = rng.choice(_FEMALE)
            surname = _feminine(surname)
        else:
            first = rng.choice(_MALE)[0]
        # Seniors are written in full (Фамилия Имя Отчество), juniors as Фамилия Имя,
        # the way HR lists usually are.
        name = f"{surname} {first} {father[2] if female else father[1]}" if side == "senior" else f"{surname} {first}"
        # One counter across both sides keeps ids (and the e-mails made from them) unique.
        pid = f"{translit(surname)}.{translit(first)[0]}.{k}"
        rec: dict[str, Any] = {"id": pid, "name": name}
        return rec

    seniors: list[dict[str, Any]] = []
    by_dept: list[list[int]] = [[] for _ in range(n_depts)]
    tops: list[list[int]] = [[] for _ in range(n_depts)]
    for k in range(n_seniors):
        rec = person("senior", k + 1)
        d = s_dept_pick.pick(rng)
        rec["title"] = rng.choice(_SENIOR_TITLES)
        rec["department"] = dept_names[d]
        rec["email"] = rec["id"] + "@corp.example"
        # A tree: about a third report to the department director, the rest to one of those.
        if not tops[d] or rng.random() < 0.3:
            rec["manager"] = directors[d]
            tops[d].append(k)
        else:
            rec["manager"] = seniors[rng.choice(tops[d])]["id"]
        by_dept[d].append(k)
        seniors.append(rec)

    leads: list[list[str]] = [[] for _ in range(n_depts)]
    juniors: list[dict[str, Any]] = []
    for k in range(n_juniors):
        rec = person("junior", n_seniors + k + 1)
        d = j_dept_pick.pick(rng)
        rec["title"] = rng.choice(_JUNIOR_TITLES)
        rec["department"] = dept_names[d]
        rec["email"] = rec["id"] + "@corp.example"
        if by_dept[d] and rng.random() < 0.6:
            # Reports to a senior in the program: the reporting-line rule blocks that
            # senior and everyone above them.
            rec["manager"] = seniors[rng.choice(by_dept[d])]["id"]
        else:
            # Reports to a team lead outside the program; about one lead per 25 juniors.
            if not leads[d] or (rng.random() < 0.04 and len(leads[d]) < 400):
                lead = f"lead.{translit(dept_names[d])}.{len(leads[d]) + 1}"
                leads[d].append(lead)
                managers[lead] = directors[d]
            rec["manager"] = rng.choice(leads[d])
        juniors.append(rec)

    def finish(rec: dict[str, Any], side: str) -> None:
        tz = tz_pick.pick(rng)
        if tz != _DEFAULT_TZ:
            rec["timezone"] = tz
        rec["availability"] = _windows(rng)
        if side == "senior":
            rec["scores"] = _scores(rng, s_crit, lo, hi, score_pick)
            rec["wants"] = topic_pick.sample(rng, rng.choices((1, 2, 3, 4), weights=(10, 35, 40, 15))[0])
        else:
            if rng.random() < 0.05:
                rec["capacity"] = 2
            rec["scores"] = _scores(rng, j_crit, lo, hi, score_pick)
            rec["offers"] = topic_pick.sample(rng, rng.choices((1, 2, 3, 4), weights=(10, 35, 40, 15))[0])

    for rec in seniors:
        finish(rec, "senior")
    for rec in juniors:
        finish(rec, "junior")

    # A few people ask not to be paired with someone they know from their own department.
    j_by_dept: list[list[int]] = [[] for _ in range(n_depts)]
    for k, rec in enumerate(juniors):
        j_by_dept[dept_names.index(rec["department"])].append(k)
    for rec in seniors:
        d = dept_names.index(rec["department"])
        if j_by_dept[d] and rng.random() < 0.01:
            rec["avoid"] = [juniors[rng.choice(j_by_dept[d])]["id"]]
    for rec in juniors:
        d = dept_names.index(rec["department"])
        if by_dept[d] and rng.random() < 0.01:
            rec["avoid"] = [seniors[rng.choice(by_dept[d])]["id"]]

    # A second wave: about 1% of seniors were paired before and must not repeat it.
    history: list[list[str]] = []
    for rec in seniors:
        if rng.random() < 0.01:
            history.append([rec["id"], juniors[rng.randrange(n_juniors)]["id"]])

    out: dict[str, Any] = {"seniors": seniors, "juniors": juniors, "managers": managers}
    if history:
        out["history"] = history
    return out


# ----------------------------------------------------------------------------- YAML

_KEY_ORDER = ("id", "name", "title", "department", "email", "manager", "timezone", "capacity",
              "availability", "avoid", "scores", "wants", "offers", "notes")


def _flow(values: Sequence[Any]) -> str:
    return "[" + ", ".join(yaml_scalar(v) for v in values) + "]"


def _record(rec: dict[str, Any]) -> list[str]:
    keys = [k for k in _KEY_ORDER if k in rec] + sorted(k for k in rec if k not in _KEY_ORDER)
    lines: list[str] = []
    for n, key in enumerate(keys):
        lead = "  - " if n == 0 else "    "
        value = rec[key]
        if isinstance(value, dict):
            body = "{" + ", ".join(f"{yaml_scalar(k)}: {yaml_scalar(v)}" for k, v in value.items()) + "}"
        elif isinstance(value, (list, tuple)):
            body = _flow(value)
        else:
            body = yaml_scalar(value)
        lines.append(f"{lead}{key}: {body}")
    return lines


def roster_yaml(data: dict[str, Any], *, header: str | None = None) -> str:
    """Roster data as YAML in the layout of ``examples/roster.yaml`` (one flow line per field).

    Scalars are quoted by :func:`rmentor.outputs.roster.yaml_scalar`, the rule ``rmentor
    convert`` uses. Unlike that writer this one takes plain data, not a validated roster, so
    the text stays as generated (``Пн 10:00-12:00``, ``Mon-Fri ...``) and 20,000 people are
    written in about a second. It parses back to ``data``.
    """
    lines: list[str] = []
    if header:
        lines.extend(f"# {line}".rstrip() for line in header.splitlines())
        lines.append("")
    for section in ("seniors", "juniors"):
        people = data.get(section) or []
        lines.append(f"{section}:" if people else f"{section}: []")
        for rec in people:
            lines.extend(_record(rec))
            lines.append("")
    managers = data.get("managers") or {}
    if managers:
        lines.append("managers:")
        lines.extend(f"  {yaml_scalar(k)}: {yaml_scalar(v)}" for k, v in managers.items())
        lines.append("")
    for section in ("pinned", "history"):
        pairs = data.get(section) or []
        if pairs:
            lines.append(f"{section}:")
            lines.extend(f"  - {_flow(p)}" for p in pairs)
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["roster_yaml", "synthetic_roster", "translit"]
