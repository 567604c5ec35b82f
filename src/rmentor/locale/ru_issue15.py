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
RU.update({
    "'{ref}' fits more than one person: {candidates}": "«{ref}» подходит нескольким людям: {candidates}",
    "write the id or the e-mail instead": "укажите вместо имени ID или e-mail",
    "managers not in the roster were added as managers outside the program: {names}":
        "руководители, которых нет в списке участников, добавлены как руководители вне программы: {names}",
    "nothing to do if they do not take part; otherwise add them to the roster":
        "ничего делать не нужно, если они не участвуют; иначе добавьте их в список участников",
    "ids without their leading zeros were read as the ids they match: {ids}":
        "ID без ведущих нулей прочитаны как совпадающие с ними ID: {ids}",
    "format the id column as Text in Excel so the zeros stay":
        "задайте столбцу с ID в Excel формат «Текстовый», чтобы нули не пропадали",
    "departments written differently were read as one: {merged}":
        "отделы в разном написании прочитаны как один: {merged}",
    "topics written differently were read as one: {merged}": "темы в разном написании прочитаны как одна: {merged}",
    "nothing to do; outputs use the spelling on the right":
        "ничего делать не нужно; в результатах будет написание справа",
})
RU.update({
    "time zones read as: {mapping}": "часовые пояса прочитаны так: {mapping}",
    "nothing to do if these are right; otherwise write the IANA name, e.g. Asia/Novosibirsk":
        "ничего делать не нужно, если всё верно; иначе укажите название IANA, например Asia/Novosibirsk",
})
