"""Russian for spreadsheets: reading .xlsx/.csv rosters, ``rmentor convert``, ``--delimiter``."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ cli.py
    "unknown delimiter '{d}'": "неизвестный разделитель '{d}'",
    "use --delimiter ',' or --delimiter ';'": "укажите --delimiter ',' или --delimiter ';'",
    # ------------------------------------------------------------------ locations
    "sheet {sheet}": "лист {sheet}",
    "sheet {sheet}, row {row}": "лист {sheet}, строка {row}",
    "sheet {sheet}, row {row}, column {column}": "лист {sheet}, строка {row}, столбец {column}",
    "row {row}": "строка {row}",
    "row {row}, column {column}": "строка {row}, столбец {column}",
    # ------------------------------------------------------------------ tabular.py
    "the CSV file cannot be read: {reason}": "не удаётся прочитать CSV-файл: {reason}",
    "check the quotes on this line": "проверьте кавычки в этой строке",
    "this is not an Excel workbook (.xlsx)": "это не книга Excel (.xlsx)",
    "save it from Excel as 'Excel Workbook (*.xlsx)' without a password, or export CSV UTF-8":
        "сохраните её в Excel как «Книга Excel (*.xlsx)» без пароля или выгрузите «CSV UTF-8»",
    "the workbook unpacks to more than {limit} MB": "после распаковки книга занимает больше {limit} МБ",
    "keep only the roster sheets in the file": "оставьте в файле только листы с участниками",
    "the workbook cannot be read: {reason}": "не удаётся прочитать книгу: {reason}",
    "open it in Excel or LibreOffice and save it again as .xlsx":
        "откройте её в Excel или LibreOffice и сохраните заново в формате .xlsx",
    "sheets '{sheet}' and '{other}' hold the same section": "листы '{sheet}' и '{other}' содержат один и тот же раздел",
    "keep one of them, or rename the other": "оставьте один из них или переименуйте другой",
    "no roster sheets found (sheets: {sheets})": "не найдены листы с участниками (листы в книге: {sheets})",
    "name the sheets 'seniors' and 'juniors' (or 'Старшие' and 'Младшие'), "
    "or put everyone on one sheet with a 'side' column":
        "назовите листы «Старшие» и «Младшие» (или seniors и juniors) "
        "либо сведите всех на один лист со столбцом «Сторона»",
    "this column has data but no header": "в столбце есть данные, но нет заголовка",
    "add a header such as 'name', 'department' or a criterion name":
        "добавьте заголовок, например «Имя», «Отдел» или название критерия",
    "column '{column}' means the same as column '{other}'":
        "столбец '{column}' означает то же, что и столбец '{other}'",
    "keep one of them": "оставьте один из них",
    "unknown column '{column}'": "неизвестный столбец '{column}'",
    "remove the column or move it to another sheet; criterion columns use the criterion's name from the program":
        "удалите столбец или перенесите его на другой лист; столбцы оценок называются так же, как критерии в программе",
    "no 'side' column: cannot tell seniors from juniors":
        "нет столбца «Сторона»: непонятно, кто старший, а кто младший",
    "add a column 'side' with senior or junior (старший или младший) in each row":
        "добавьте столбец «Сторона» и в каждой строке укажите «старший» или «младший»",
    "the side is empty": "не указана сторона",
    "write senior or junior (старший или младший)": "укажите «старший» или «младший»",
    "'{value}' is not a side": "'{value}' — это не сторона",
    "this row says '{value}', but it is on the sheet '{sheet}'":
        "в строке указано '{value}', но она на листе '{sheet}'",
    "move the row to the right sheet or fix the side": "перенесите строку на нужный лист или исправьте сторону",
    "the cell has a formula but no saved value": "в ячейке формула без сохранённого значения",
    "open the file in Excel or LibreOffice and save it, so the values are stored; rmentor never evaluates formulas":
        "откройте файл в Excel или LibreOffice и сохраните его, чтобы значения записались; "
        "rmentor никогда не вычисляет формулы",
    "the cell shows the Excel error {value}": "в ячейке ошибка Excel {value}",
    "fix the formula or type the value": "исправьте формулу или введите значение вручную",
    "Excel turned this id into a date ({value})": "Excel превратил этот id в дату ({value})",
    "format the column as Text, then type the id again": "задайте столбцу формат «Текстовый» и введите id заново",
    "no id column": "нет столбца ID",
    "add a column 'id'": "добавьте столбец «ID»",
    "the id is empty": "не указан id",
    "write the manager's id": "укажите id руководителя",
    "manager '{id}' is listed twice": "руководитель '{id}' указан дважды",
    "keep one row for them": "оставьте для него одну строку",
    "the managers sheet needs columns 'id' and 'manager' (ID и Руководитель)":
        "на листе руководителей нужны столбцы «ID» и «Руководитель»",
    "this sheet needs the columns 'senior' and 'junior'": "на этом листе нужны столбцы «Старший» и «Младший»",
    "name the two columns senior and junior (Старший и Младший)": "назовите два столбца «Старший» и «Младший»",
    "the senior id is empty": "не указан id старшего",
    "the junior id is empty": "не указан id младшего",
    "write both ids of the pair": "укажите id обоих участников пары",
    # ------------------------------------------------------------------ exporting/roster.py and convert
    "Converted by 'rmentor convert' from {source}.": "Создано командой 'rmentor convert' из {source}.",
    "File format: README, section 'File formats'.": "Формат файла: README, раздел «File formats».",
    "{owner}: the {what} item '{value}' contains ',' or ';', which separate items in a spreadsheet cell":
        "{owner}: элемент '{value}' в поле {what} содержит «,» или «;», а ими в ячейке таблицы разделяются элементы",
    "rename the item, or keep this roster in YAML": "переименуйте элемент или храните этот состав в YAML",
    "a CSV file holds one table, so pinned and earlier pairs cannot be written to it":
        "в CSV-файле только одна таблица, поэтому закреплённые и прошлые пары в него не поместятся",
    "convert to .xlsx instead; it keeps them on their own sheets":
        "конвертируйте в .xlsx: там для них есть отдельные листы",
    "the {fmt} file would not hold this roster exactly (first difference at {where})":
        "файл {fmt} не сохранит этот состав без потерь (первое расхождение: {where})",
    "convert to YAML or .xlsx instead, or simplify that value":
        "конвертируйте в YAML или .xlsx либо упростите это значение",
    "cannot write '{suffix}' files": "запись файлов '{suffix}' не поддерживается",
    "name the output .yaml, .xlsx or .csv": "дайте выходному файлу расширение .yaml, .xlsx или .csv",
    "Converted {seniors} and {juniors}.": "Сконвертировано: {seniors} и {juniors}.",
}
