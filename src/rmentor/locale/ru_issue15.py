"""Russian for issue 15: real HR exports (extra columns, encodings, names, spellings, time zones)."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    "columns rmentor does not use were ignored: {columns}":
        "столбцы, которые rmentor не использует, пропущены: {columns}",
    "nothing to do; a criterion column must use the criterion's name from the program":
        "ничего делать не нужно; столбец с оценкой должен называться как критерий в программе",
    "read as {encoding} (not UTF-8)": "файл прочитан в кодировке {encoding} (не UTF-8)",
    "nothing to do; 'CSV UTF-8' in Excel's 'Save as' avoids the guess":
        "ничего делать не нужно; чтобы кодировку не пришлось угадывать, сохраняйте в Excel как «CSV UTF-8»",
}
