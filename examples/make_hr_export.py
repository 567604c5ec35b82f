"""Write examples/hr-export.xlsx and examples/hr-export.csv: a roster as an HR system exports it.

    python examples/make_hr_export.py

The same people as both files, with what real exports contain and rmentor must take without
hand-editing: a title row, extra columns («№ п/п», «Телефон», «Дата приёма», «Город»), managers
by full name (some not in the program, one as «Фамилия И. О.»), departments and topics spelt
several ways («Отдел продаж» / «отдел продаж» / Sales, «смм» / SMM, «Телеграм» / Telegram), time
zones as «МСК+2», «UTC+5» or a city, windows as «вт 10-12» or «вторник с 10 до 12», and ids that
lost their leading zeros (``101`` for ``000101``) in the «Не ставить в пару» column.

The CSV is what Russian Excel's «CSV (разделители - точка с запятой)» writes: Windows-1251,
``;``, a ``sep=;`` first line, CRLF. Program: examples/hr-export-program.yaml.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TITLE = "Выгрузка из 1С:ЗУП — участники программы обратного менторства, ООО «Северный ветер», 01.12.2026"
HEADER = ["№ п/п", "Табельный номер", "ФИО", "Должность", "Подразделение", "Руководитель", "E-mail", "Телефон",
          "Дата приёма", "Город", "Часовой пояс", "Роль в программе", "Доступность", "Темы", "Готовность",
          "Открытость", "Коммуникация", "Желание делиться", "Структурирование", "Не ставить в пару"]

CEO = "Соколов Игорь Валентинович"
# (id, name, title, department, manager, city, zone, side, windows, topics, scores, avoid)
PEOPLE: list[tuple[Any, ...]] = [
    ("000101", "Волков Андрей Сергеевич", "Коммерческий директор", "Отдел продаж", CEO, "Москва", "МСК",
     "руководитель", "вт 10-12; чт 16-18", "SMM, Маркетплейсы, Поведение Gen Z", (5, 4), None),
    ("000102", "Кузнецова Елена Викторовна", "Директор по маркетингу", "Маркетинг", "Соколов И. В.", "Москва", "МСК",
     "старший", "пн 15-17; ср 10:00-11:30", "ИИ-ассистенты, Дашборды, Короткие видео", (4, 5), None),
    ("000103", "Смирнов Павел Игоревич", "Финансовый директор", "Финансы", CEO, "Москва", "Москва",
     "старший", "ср 9-11; пт 14-16", "ИИ-ассистенты, Телеграм-каналы, Дашборды", (4, 3), None),
    ("000104", "Лебедева Ольга Николаевна", "Директор по персоналу", "Персонал", CEO, "Москва", "UTC+3",
     "старший", "вторник с 11 до 13; чт 10-12", "Поведение Gen Z, Telegram-каналы, Короткие видео", (5, 5), None),
    ("000105", "Морозов Дмитрий Александрович", "ИТ-директор", "ИТ", CEO, "Москва", "МСК",
     "старший", "пн 11-13; пт 11-13", "смм, Личный бренд, Поведение Gen Z", (3, 4), None),
    ("000106", "Новикова Татьяна Павловна", "Директор по логистике", "Логистика", CEO, "Екатеринбург",
     "Екатеринбург", "старший", "вт 11-13; чт 11-13", "Маркетплейсы, Дашборды", (4, 4), None),
    ("000107", "Орлов Сергей Петрович", "Руководитель продаж, Сибирь", "Продажи", "Волков А. С.", "Новосибирск",
     "Новосибирск", "старший", "пн-пт 13-16", "Маркетплейсы, SMM", (4, 4), None),
    ("000108", "Фёдорова Анна Ильинична", "Директор по производству", "Производство", CEO, "Пермь", "МСК+2",
     "старший", "ср 12-14; пт 12-14", "ИИ-ассистенты, Поведение Gen Z", (3, 3), None),
    ("000109", "Егоров Илья Маркович", "Руководитель юридического отдела", "Юридический отдел", CEO, "Москва",
     "МСК", "старший", "четверг с 14 до 16", "Личный бренд, Телеграм", (4, 3), None),
    ("000110", "Белова Ирина Олеговна", "Главный бухгалтер", "финансы", "Смирнов Павел Игоревич", "Москва", "МСК",
     "старший", "вт 14-16; ср 9-11", "Дашборды, ИИ-ассистенты", (5, 3), None),
    ("000201", "Петров Максим Игоревич", "SMM-специалист", "маркетинг ", "Кузнецова Е. В.", "Москва", "МСК",
     "младший", "вт 10-13; чт 15-18", "смм; Телеграм; Reels", (5, 5, 4), None),
    ("000202", "Сидорова Ксения Андреевна", "Аналитик данных", "IT", "Морозов Дмитрий Александрович", "Москва",
     "МСК", "младший", "пн-ср 9-12", "Дашборды, ИИ-ассистенты, Telegram-каналы", (4, 4, 5), None),
    ("000203", "Ким Алина Сергеевна", "Менеджер по продажам", "Отдел продаж", "Орлов Сергей Петрович",
     "Новосибирск", "Новосибирск", "младший", "пн-пт 13-17", "Маркетплейсы, TikTok, smm", (5, 4, 3), None),
    ("000204", "Зайцев Артём Олегович", "Разработчик", "ИТ", "Морозов Д. А.", "Москва", "МСК",
     "младший", "пн 11-13; ср 10-12; пт 14-16", "ИИ-ассистенты, Телеграм-боты, Дашборды", (4, 5, 5), None),
    ("000205", "Павлова Дарья Викторовна", "HR-специалист", "Персонал", "Лебедева Ольга Николаевна", "Москва",
     "МСК", "младший", "вт 11-13; чт 10-12", "Поведение Gen Z, Личный бренд, соцсети", (5, 5, 4), None),
    ("000206", "Григорьев Никита Алексеевич", "Логист", "Логистика", "Новикова Т. П.", "Екатеринбург", "UTC+5",
     "младший", "вт 11-14; чт 11-14", "Маркетплейсы, Дашборды", (4, 3, 3), None),
    ("000207", "Соловьёва Вера Дмитриевна", "Юрист", "Юридический отдел", "Егоров Илья Маркович", "Москва",
     "МСК", "младший", "вторник с 11 до 13; чт 14-16", "ИИ-ассистенты, Короткие видео, Личный бренд",
     (4, 4, 4), None),
    ("000208", "Тихонов Егор Павлович", "Бухгалтер", "Финансы", "Белова Ирина Олеговна", "Москва", "МСК",
     "младший", "ср 9-11; пт 14-16", "Телеграм-каналы, Дашборды", (3, 4, 3), None),
    ("000209", "Николаева Полина Ивановна", "Маркетолог", "Маркетинг", "Кузнецова Елена Викторовна", "Москва",
     "МСК", "младший", "пн 15-17; ср 9-12", "Короткие видео, Reels, Личный бренд, Поведение Gen Z", (5, 4, 4),
     None),
    ("000210", "Макаров Денис Романович", "Инженер-технолог", "Производство", "Фёдорова Анна Ильинична", "Пермь",
     "МСК+2", "младший", "ср 12-14; пт 12-14", "ИИ-ассистенты, Поведение Gen Z", (4, 4, 4), None),
    ("000211", "Андреева Софья Максимовна", "Менеджер по работе с клиентами", "Sales", "Волков Андрей Сергеевич",
     "Москва", "МСК", "младший", "вт 10-12; чт 16-18; пн 11-13", "SMM, Личный бренд, Маркетплейсы", (5, 5, 5),
     101),
    ("000212", "Жуков Артур Ринатович", "Специалист техподдержки", "ИТ", "Морозов Дмитрий Александрович",
     "Москва", "МСК", "младший", "пн-пт 10-12", "Telegram, Дашборды, ИИ-ассистенты", (4, 3, 3), None),
]


def rows() -> list[list[Any]]:
    """The table as the HR system exports it (header included), cells as Excel holds them."""
    out: list[list[Any]] = [list(HEADER)]
    for n, (pid, name, title, dept, boss, city, zone, side, windows, topics, scores, avoid) in enumerate(PEOPLE, 1):
        senior = side != "младший"
        s_scores = list(scores) if senior else [None, None]
        j_scores = [None, None, None] if senior else list(scores)
        login = name.split()[0].lower()
        hired = datetime(2015 + n % 10, 1 + n % 12, 1 + (3 * n) % 28)
        out.append([n, pid, name, title, dept, boss, f"{login}@sevveter.example", f"+7 (9{n:02d}) 555-01-{n:02d}",
                    hired, city, zone, side, windows, topics, *s_scores, *j_scores, avoid])
    return out


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    return str(value)


def csv_bytes() -> bytes:
    """The Windows-1251 ``;`` CSV Russian Excel saves."""
    import csv

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([TITLE])
    for row in rows():
        writer.writerow([_cell_text(c) for c in row])
    return ("sep=;\r\n" + buf.getvalue()).encode("cp1251")


def write_xlsx(path: Path) -> None:
    """The workbook: a title row above the table, ids as text, an instructions tab."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Сотрудники"
    ws.append([TITLE])
    for row in rows():
        ws.append(row)
    for cell in ws["B"][2:]:
        cell.number_format = "@"  # the ids are text, as in the HR system
    for cell in ws["I"][2:]:
        cell.number_format = "DD.MM.YYYY"
    info = wb.create_sheet("Пояснения")
    info.append(["Выгрузка сформирована автоматически. Роль в программе: старший (руководитель) или младший."])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


def main(folder: Path = HERE) -> None:
    """Write both files into ``folder``."""
    write_xlsx(folder / "hr-export.xlsx")
    (folder / "hr-export.csv").write_bytes(csv_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
