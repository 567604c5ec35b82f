"""``rmentor init --format xlsx``: an Excel roster template HR fills in without reading the README.

One sheet of people with headers rmentor reads (Russian or English), a drop-down for the
side and for every score, an example senior and junior that validate as they are, a sheet of
managers outside the program, and an instructions sheet. Criteria and the scale come from the
program, so the template fits the program it is written with.
"""

from __future__ import annotations

from typing import Any

from rmentor.i18n import Lang
from rmentor.model import Program, label_text

#: (field, Russian header, English header): headers the roster reader knows (inputs/tabular.py).
COLUMNS = (
    ("side", "Сторона", "Side"),
    ("id", "ID", "ID"),
    ("name", "ФИО", "Name"),
    ("title", "Должность", "Title"),
    ("department", "Отдел", "Department"),
    ("email", "Почта", "Email"),
    ("manager", "Руководитель", "Manager"),
    ("timezone", "Часовой пояс", "Time zone"),
    ("availability", "Доступность", "Availability"),
    ("wants", "Хочет изучить", "Wants"),
    ("offers", "Может научить", "Offers"),
    ("capacity", "Ёмкость", "Capacity"),
    ("avoid", "Не ставить в пару", "Avoid"),
    ("notes", "Заметки", "Notes"),
)
SIDES = {"ru": ("старший", "младший"), "en": ("senior", "junior")}

_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "ru": [
        {"id": "000101", "name": "Иванов Пётр Сергеевич", "title": "Коммерческий директор", "department": "Продажи",
         "email": "p.ivanov@example.ru", "manager": "Соколов Игорь Валентинович", "timezone": "МСК",
         "availability": "вт 10-12; чт 15-17", "wants": "SMM, Маркетплейсы"},
        {"id": "000201", "name": "Козлова Мария Андреевна", "title": "SMM-специалист", "department": "Маркетинг",
         "email": "m.kozlova@example.ru", "manager": "Петрова Анна Викторовна", "timezone": "МСК",
         "availability": "вторник с 10 до 13", "offers": "SMM, Маркетплейсы, Reels", "capacity": 1},
    ],
    "en": [
        {"id": "000101", "name": "Peter Ivanov", "title": "Sales Director", "department": "Sales",
         "email": "p.ivanov@example.com", "manager": "Igor Sokolov", "timezone": "Europe/Moscow",
         "availability": "Tue 10:00-12:00; Thu 15:00-17:00", "wants": "SMM, Marketplaces"},
        {"id": "000201", "name": "Maria Kozlova", "title": "SMM specialist", "department": "Marketing",
         "email": "m.kozlova@example.com", "manager": "Anna Petrova", "timezone": "Europe/Moscow",
         "availability": "Tue 10:00-13:00", "offers": "SMM, Marketplaces, Reels", "capacity": 1},
    ],
}

_INSTRUCTIONS = {
    "ru": [
        "Как заполнить список участников",
        "",
        "Одна строка — один человек. «Сторона»: старший (руководитель, который учится) или младший (наставник).",
        "ID — табельный номер или логин; в столбце ID формат «Текстовый», чтобы Excel не съел ведущие нули.",
        "Руководитель — ФИО, e-mail или ID. Руководителей, которых нет в списке, rmentor учтёт сам.",
        "Доступность — окна по местному времени: «вт 10-12», «вторник с 10 до 12», «Пн-Ср 14:00-15:30»; "
        "несколько окон через «;».",
        "Часовой пояс — МСК, МСК+2, UTC+5, город (Новосибирск) или имя IANA (Asia/Novosibirsk).",
        "Темы («Хочет изучить» у старших, «Может научить» у младших) — через запятую.",
        "Оценки — выберите из списка ({lo}-{hi}). Старшим заполняют оценки старших, младшим — младших.",
        "Лишние столбцы (телефон, город, дата приёма) можно оставить: rmentor их пропустит.",
        "Проверка: rmentor validate roster.xlsx --config program.yaml",
    ],
    "en": [
        "How to fill in the roster",
        "",
        "One row per person. Side: senior (a manager who learns) or junior (the mentor).",
        "ID: an employee number or login; format the ID column as Text so Excel keeps leading zeros.",
        "Manager: a full name, an e-mail or an ID. Managers not in the list are handled by rmentor.",
        "Availability: windows in local time, e.g. 'Tue 10:00-12:00'; several windows separated by ';'.",
        "Time zone: an IANA name (Europe/Moscow), a city, MSK+2 or UTC+5.",
        "Topics (Wants for seniors, Offers for juniors): separated by commas.",
        "Scores: pick from the list ({lo}-{hi}). Seniors get senior scores, juniors junior scores.",
        "Extra columns (phone, city, hire date) may stay: rmentor skips them.",
        "Check: rmentor validate roster.xlsx --config program.yaml",
    ],
}


def _score_header(name: str, words: str, lang: str) -> str:
    """A criterion column is headed by its words when the roster reader knows them as that
    criterion («Готовность учиться»), by its name when that is its words, else by
    ``оценка: name`` -- always read back as the same criterion."""
    from rmentor.inputs.tabular import CRITERION_HEADERS, normalize_header

    if words == name:
        return name.capitalize() if name.islower() else name
    if normalize_header(words) in (normalize_header(a) for a in CRITERION_HEADERS.get(name, ())):
        return words[:1].upper() + words[1:]
    return f"{'оценка' if lang == 'ru' else 'score'}: {name}"


def roster_template(program: Program, lang: Lang) -> bytes:
    """The ``.xlsx`` roster template for ``program``, headers and instructions in ``lang``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from rmentor.outputs.xlsx import display_width, save_workbook

    m = program.matching
    lo, hi = m.scale.min, m.scale.max
    scores = [("senior", name, c) for name, c in m.senior_criteria.items()] + [
        ("junior", name, c) for name, c in m.junior_criteria.items()]
    header = [ru if lang == "ru" else en for _, ru, en in COLUMNS]
    header += [_score_header(name, label_text(name, c.label, lang), lang) for _, name, c in scores]
    wb = Workbook()
    ws = wb.active
    ws.title = "Участники" if lang == "ru" else "People"
    bold = Font(bold=True)
    for col, title in enumerate(header, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = max(10, min(40, display_width(title) + 2))
    fields = [f for f, _, _ in COLUMNS]
    for row, (side, example) in enumerate(zip(SIDES[lang], _EXAMPLES[lang], strict=True), start=2):
        ws.cell(row=row, column=1, value=side)
        for key, value in example.items():
            ws.cell(row=row, column=fields.index(key) + 1, value=value)
        for k, (score_side, _name, _c) in enumerate(scores):
            if score_side == ("senior" if row == 2 else "junior"):
                ws.cell(row=row, column=len(COLUMNS) + k + 1, value=hi - (k % 2))
    last_row = 500
    for row in range(2, last_row + 1):
        ws.cell(row=row, column=fields.index("id") + 1).number_format = "@"  # ids keep their zeros
    side_list = DataValidation(type="list", formula1='"' + ",".join(SIDES[lang]) + '"', allow_blank=False,
                               showErrorMessage=True)
    side_list.add(f"A2:A{last_row}")
    score_list = DataValidation(type="list", formula1='"' + ",".join(str(v) for v in range(lo, hi + 1)) + '"',
                                allow_blank=True, showErrorMessage=True)
    first, last = get_column_letter(len(COLUMNS) + 1), get_column_letter(len(header))
    score_list.add(f"{first}2:{last}{last_row}")
    capacity = DataValidation(type="whole", operator="between", formula1="1", formula2="20", allow_blank=True,
                              showErrorMessage=True)
    col = get_column_letter(fields.index("capacity") + 1)
    capacity.add(f"{col}2:{col}{last_row}")
    for dv in (side_list, score_list, capacity):
        ws.add_data_validation(dv)
    ws.freeze_panes = "C2"
    info = wb.create_sheet("Инструкция" if lang == "ru" else "Instructions")
    for line in _INSTRUCTIONS[lang]:
        info.append([line.format(lo=lo, hi=hi)])
    info["A1"].font = bold
    info.column_dimensions["A"].width = 110
    return save_workbook(wb)


__all__ = ["roster_template"]
