"""Russian for issue 11: template sandbox, text normalisation, output folder safety, limits."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ outputs/templating.py
    "template {name} leads outside the templates folder": "шаблон {name} ведёт за пределы папки шаблонов",
    "copy the file into the folder instead of linking to it": "скопируйте файл в папку вместо ссылки на него",
    "the template includes a file that is not in the templates folder":
        "шаблон подключает файл, которого нет в папке шаблонов",
    # ------------------------------------------------------------------ model (text at the edge)
    "'{value}' contains the control character {char}": "'{value}' содержит управляющий символ {char}",
    "remove it: this field is plain text": "удалите его: это поле содержит только обычный текст",
    "remove it: this field is plain text on one line":
        "удалите его: это поле содержит только обычный текст в одну строку",
}
