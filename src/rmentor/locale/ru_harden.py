"""Russian for hardening: loader hints and locations, encodings, anonymized exports."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ models.py
    "should be a whole number, not {value}": "должно быть целым числом, а не {value}",
    "write a number such as 4": "напишите число, например 4",
    "swap the two values": "поменяйте значения местами",
    "lower min or raise max": "уменьшите min или увеличьте max",
    "add one, or remove the key to use the defaults":
        "добавьте хотя бы один или удалите ключ, чтобы взять критерии по умолчанию",
    "give a criterion a weight of 1 or more": "задайте хотя бы одному критерию вес 1 или больше",
    "set min within the scale, or remove it": "укажите min в пределах шкалы или удалите его",
    "swap start and end": "поменяйте start и end местами",
    "working hours cannot cross midnight; fix start or end":
        "рабочее время не может переходить через полночь; исправьте start или end",
    "add level: the value a person must reach, e.g. level: 4":
        "добавьте level: значение, которого должен достичь человек, например level: 4",
    "unbalanced braces in '{text}'": "непарные фигурные скобки в '{text}'",
    "write every placeholder as an opening brace, a name and a closing brace; double a brace to print it":
        "пишите подстановку как открывающую скобку, имя и закрывающую скобку; чтобы вывести скобку, удвойте её",
    "the placeholder '{field}' has a format; placeholders are plain names":
        "у подстановки '{field}' есть формат; подстановки — это просто имена",
    "remove the part after the name ('!' or ':')": "удалите часть после имени ('!' или ':')",
    # ------------------------------------------------------------------ loading.py: how to fix a wrong value
    "add it": "добавьте его",
    "write a number such as 4, without quotes or a decimal point":
        "напишите число, например 4, без кавычек и дробной части",
    "round it to a whole number": "округлите до целого",
    "write a number such as 0.15": "напишите число, например 0.15",
    "write plain text; put it in quotes if it starts with a bracket":
        "напишите обычный текст; если он начинается со скобки, возьмите его в кавычки",
    "write true or false": "напишите true или false",
    "write a real calendar date as YYYY-MM-DD": "укажите существующую дату в виде ГГГГ-ММ-ДД",
    "write 'key: value' lines indented under it": "напишите под ним строки 'ключ: значение' с отступом",
    "write one '- item' line per item, or [a, b]": "напишите по строке '- элемент' на каждый элемент или [a, b]",
    "fill it in": "заполните значение",
    "should be a finite number": "должно быть конечным числом",
    "write an ordinary number such as 0.15": "напишите обычное число, например 0.15",
    "is too long ({length} characters; at most {limit})":
        "слишком длинное значение ({length} символов; не больше {limit})",
    "shorten it": "сократите его",
    "see 'File formats' in the README": "см. раздел «File formats» в README",
    "add the missing items": "добавьте недостающие элементы",
    "remove the extra items": "удалите лишние элементы",
    "write each pair as [senior_id, junior_id]": "записывайте каждую пару как [id_старшего, id_младшего]",
    "'{value}' is not an email address": "'{value}' — не адрес электронной почты",
    "write it like name@company.ru, or remove it": "напишите его в виде name@company.ru или удалите",
    "'{value}' is not a country code": "'{value}' — не код страны",
    "use a two-letter ISO code such as RU, KZ or BY": "укажите двухбуквенный код ISO, например RU, KZ или BY",
    "write one of these values exactly": "напишите одно из этих значений в точности",
    "raise the value": "увеличьте значение",
    "lower the value": "уменьшите значение",
    "line {line}": "строка {line}",
    "duplicate id '{id}' (first at {other})": "id '{id}' повторяется (первый раз: {other})",
    # ------------------------------------------------------------------ fileio.py
    "an output file would replace a folder": "файл результата заменил бы папку",
    "rename or remove the folder, or choose another --out": "переименуйте или удалите папку, или укажите другой --out",
    "the file is saved as UTF-16 without a byte-order mark": "файл сохранён в UTF-16 без метки порядка байтов (BOM)",
    # ------------------------------------------------------------------ xlsxguard.py
    "the workbook holds more than {cells} cells or {rows} rows (a zip bomb?)":
        "в книге больше {cells} ячеек или {rows} строк (zip-бомба?)",
    "keep only the data sheets, or export them as CSV UTF-8":
        "оставьте в файле только листы с данными или сохраните их как CSV UTF-8",
    # ------------------------------------------------------------------ planning.py (sandboxed templates)
    "templates may use the documented variables, not Python internals":
        "в шаблонах можно использовать описанные переменные, но не внутренности Python",
    # ------------------------------------------------------------------ matching.py
    "pair [{senior}, {junior}] breaks the rule: {rules}": "пара [{senior}, {junior}] нарушает правило: {rules}",
    "{side} in the roster: {n}, fewer than the {need} pairs required":
        "{side} в составе: {n}, это меньше требуемых {need} пар",
    "add people, or lower matching.pilot.min": "добавьте участников или уменьшите matching.pilot.min",
    # ------------------------------------------------------------------ anonymize.py
    "Senior {code}": "Старший {code}",
    "Junior {code}": "Младший {code}",
}
