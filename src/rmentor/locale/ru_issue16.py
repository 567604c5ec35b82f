"""Russian for issue 16: participants and the comparison group, waves, form exports, the sponsor's report.

Kept apart until the gettext catalogue lands on main; then these entries move into the .po file.
"""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ reading surveys and form exports
    "'{value}' is not a survey answer (it must be a number between -1000000 and 1000000)":
        "«{value}» — не ответ анкеты (нужно число от −1000000 до 1000000)",
    "write the answer as a number on the survey's scale, e.g. 4": "запишите ответ числом по шкале анкеты, например 4",
    "'{value}' is not on the answer scale ({answers})": "«{value}» нет в шкале ответов ({answers})",
    "add it to the scale in the program's surveys.scales, or fix the answer":
        "добавьте его в шкалу в surveys.scales программы или исправьте ответ",
    "the wave is empty": "волна не указана",
    "write the wave of this answer, e.g. baseline (до) or follow-up (после)":
        "укажите волну этого ответа, например baseline (до) или follow-up (после)",
    "use a wave declared in the program's surveys.waves: {waves}":
        "укажите волну из surveys.waves программы: {waves}",
    "midpoint": "середина",
    "a survey needs a 'person_id' column (and 'wave'), or the program's surveys.person for a form export; "
    "sessions.csv needs 'pair_id', 'session', 'date' and 'held'":
        "в анкете нужен столбец «person_id» (и «wave») или, для выгрузки из форм, surveys.person в программе; "
        "в sessions.csv нужны «pair_id», «session», «date» и «held»",
    "the person column '{column}' is not in this file (columns: {columns})":
        "столбца участника «{column}» нет в этом файле (столбцы: {columns})",
    "the person column '{column}' matches several columns: {columns}":
        "столбцу участника «{column}» подходят несколько столбцов: {columns}",
    "fix surveys.person.column in the program: the header as the form exports it":
        "исправьте surveys.person.column в программе: заголовок в том виде, в каком его выгружает форма",
    "no column names the person (columns: {columns})": "нет столбца, по которому узнать участника (столбцы: {columns})",
    "add 'person_id', or say in the program how forms name the person (surveys.person: email, name or id, with its "
    "column); the response number ('ID') is not a person":
        "добавьте «person_id» или укажите в программе, как форма называет участника (surveys.person: email, name "
        "или id и столбец); номер ответа («ID») — не участник",
    "the question for '{metric}' matches several columns: {columns}":
        "вопросу для «{metric}» подходят несколько столбцов: {columns}",
    "write more of the question text in surveys.metrics.{metric}":
        "укажите в surveys.metrics.{metric} текст вопроса подлиннее",
    "add a column 'wave' with baseline or follow-up (до / после) in every row, or give the file's wave in the "
    "program (surveys.files, with file and wave)":
        "добавьте столбец «wave» со значением baseline или follow-up (до / после) в каждой строке или укажите "
        "волну файла в программе (surveys.files: file и wave)",
    "the person is not named in this row": "в этой строке участник не указан",
    "fill in the person's id, e-mail or name, or delete the row":
        "укажите id, e-mail или ФИО участника либо удалите строку",
    "cannot tell the wave of this answer: it has no date": "не удаётся определить волну ответа: у него нет даты",
    "give the file's wave in the program (surveys.files) or add a 'wave' column":
        "укажите волну файла в программе (surveys.files) или добавьте столбец «wave»",
    "no survey file has a column for the metric '{metric}' (looked for '{question}'); columns found: {columns}":
        "ни в одной анкете нет столбца для показателя «{metric}» (искали «{question}»); найдены столбцы: {columns}",
    "did you mean '{suggestion}'? Fix surveys.metrics.{metric} in the program, or rename the column":
        "возможно, имелся в виду «{suggestion}»? Исправьте surveys.metrics.{metric} в программе или переименуйте "
        "столбец",
    "map the metric to its question in the program (surveys.metrics: {metric}: 'question text'), or add a column "
    "named '{metric}'":
        "сопоставьте показатель с вопросом в программе (surveys.metrics: {metric}: «текст вопроса») или добавьте "
        "столбец «{metric}»",
    # ------------------------------------------------------------------ program file
    "hypothesis {id}: compares the wave '{wave}' with itself": "гипотеза {id} сравнивает волну «{wave}» саму с собой",
    "name two different waves, e.g. waves: [baseline, final]":
        "укажите две разные волны, например waves: [baseline, final]",
    "surveys.waves: the wave '{wave}' is declared twice": "surveys.waves: волна «{wave}» объявлена дважды",
    "give every wave its own name": "дайте каждой волне своё имя",
    "surveys.waves must be listed in date order, one date per wave":
        "волны в surveys.waves должны идти по порядку дат, у каждой своя дата",
    "order the waves from the first to the last": "перечислите волны от первой к последней",
    "surveys.metrics.{metric}: no scale '{scale}' in surveys.scales": "surveys.metrics.{metric}: в surveys.scales нет "
                                                                      "шкалы «{scale}»",
    "declare it under surveys.scales, or fix the name": "объявите её в surveys.scales или исправьте имя",
    "surveys.files: the wave '{wave}' of {file} is not in surveys.waves":
        "surveys.files: волны «{wave}» файла {file} нет в surveys.waves",
    "use one of: {names}": "используйте одну из: {names}",
    "surveys.scales.{scale}: '{answer}' must be a number between -1000000 and 1000000":
        "surveys.scales.{scale}: для «{answer}» нужно число от −1000000 до 1000000",
    "write the number the answer stands for, e.g. 5": "укажите число, которому соответствует ответ, например 5",
    # ------------------------------------------------------------------ finding the files
    "the survey file named in the program does not exist": "анкеты, указанной в программе, не существует",
    "fix surveys.files in the program (paths are relative to the program file)":
        "исправьте surveys.files в программе (пути указываются относительно файла программы)",
    "no data files": "не переданы файлы данных",
    "pass survey files and sessions.csv, or list the surveys in the program (surveys.files)":
        "передайте анкеты и sessions.csv или перечислите анкеты в программе (surveys.files)",
    "the folder has no pairs.csv": "в папке нет pairs.csv",
    "pass --pairs pairs.csv, or the program folder 'rmentor plan' wrote":
        "передайте --pairs pairs.csv или папку программы, созданную «rmentor plan»",
    "the folder has neither pairs.csv nor sessions.csv": "в папке нет ни pairs.csv, ни sessions.csv",
    "pass survey files and sessions.csv, or the program folder 'rmentor plan' wrote":
        "передайте анкеты и sessions.csv или папку программы, созданную «rmentor plan»",
    # ------------------------------------------------------------------ evaluation notes
    "the surveys hold {n} wave; two are needed to see a change": (
        "в анкетах {n} волна; чтобы увидеть изменение, нужны две",
        "в анкетах {n} волны; чтобы увидеть изменение, нужны две",
        "в анкетах {n} волн; чтобы увидеть изменение, нужны две",
    ),
    "{n} person answered the first wave but not the second ({ids}); the share is over those who answered": (
        "{n} человек ответил в первой волне, но не во второй ({ids}); доля считается по ответившим",
        "{n} человека ответили в первой волне, но не во второй ({ids}); доля считается по ответившим",
        "{n} человек ответили в первой волне, но не во второй ({ids}); доля считается по ответившим",
    ),
    "the hypothesis compares the wave '{wave}', which no survey has (waves: {waves})":
        "гипотеза сравнивает волну «{wave}», которой нет ни в одной анкете (волны: {waves})",
    "the program's participants are not known, so everyone who answered is counted as a participant and there is no "
    "comparison group; pass --pairs, --roster or the program folder":
        "участники программы неизвестны, поэтому все ответившие считаются участниками, а группы сравнения нет; "
        "передайте --pairs, --roster или папку программы",
    "answers name people by e-mail or name, but there is no roster to match them with; pass --roster so "
    "participants are recognised":
        "в ответах люди указаны по e-mail или ФИО, но нет списка участников для сопоставления; передайте --roster, "
        "чтобы узнать участников",
    "answered both waves: {both} (first wave: {nb}, second: {nf}); at least {min} are needed":
        "ответили в обеих волнах: {both} (в первой: {nb}, во второй: {nf}); нужно не меньше {min}",
    "the participants' change reaches the target, but this hypothesis needs a comparison group of at least {min} "
    "non-participants to be confirmed":
        "изменение у участников достигает цели, но для подтверждения этой гипотезы нужна группа сравнения не меньше "
        "{min} человек вне программы",
    "judged on the difference from the comparison group (the hypothesis requires one)":
        "оценка по разнице с группой сравнения (гипотеза этого требует)",
    "no comparison group: nobody outside the program answered both waves":
        "группы сравнения нет: никто вне программы не ответил в обеих волнах",
    "comparison group too small to conclude: {both} answered both waves (first wave: {nb}, second: {nf}); at least "
    "{min} are needed":
        "группа сравнения слишком мала для вывода: в обеих волнах ответили {both} (в первой: {nb}, во второй: {nf}); "
        "нужно не меньше {min}",
    "no comparison group: nobody outside the program answered the second wave":
        "группы сравнения нет: никто вне программы не ответил во второй волне",
    "comparison group too small to conclude: {n} answers in the second wave; at least {min} are needed":
        "группа сравнения слишком мала для вывода: во второй волне {n} ответов; нужно не меньше {min}",
    "comparison group: {k} of {n} reached {level} in the second wave":
        "группа сравнения: {level} достигли {k} из {n} во второй волне",
    "answers in the second wave: {n}; at least {min} are needed": "ответов во второй волне: {n}; нужно не меньше {min}",
    # ------------------------------------------------------------------ the sponsor's report
    "participants": "участники",
    "comparison group": "группа сравнения",
    "Summary": "Итоги",
    "Result": "Результат",
    "participants: {n}, comparison group: {m}": "участников: {n}, в группе сравнения: {m}",
    "difference from the comparison group: {did}": "разница с группой сравнения: {did}",
    "The participants were not given, so every respondent is counted and there is no comparison group.":
        "Список участников не передан, поэтому учтены все ответившие, а группы сравнения нет.",
    "Attendance: {rate} of recorded sessions were held.": "Посещаемость: проведено {rate} отмеченных встреч.",
    "Pairs at risk: {pairs}.": "Пары в зоне риска: {pairs}.",
    "Waves compared": "Сравниваемые волны",
    "Before": "До",
    "after": "после",
    "change": "изменение",
    "People: {n} participants, {m} in the comparison group": "Людей: участников {n}, в группе сравнения {m}",
    "Comparison group": "Группа сравнения",
    "Difference from the comparison group": "Разница с группой сравнения",
    "Trends across waves": "Динамика по волнам",
    "Wave": "Волна",
    "Participants": "Участники",
    "Appendix: methods and notes": "Приложение: методы и примечания",
    "interval": "интервал",
    "Survey answers per wave": "Ответов в каждой волне",
    "Only program participants count towards a hypothesis; everyone else who answered is the comparison group, "
    "shown separately. The difference from the comparison group is the participants' change minus the comparison "
    "group's change.":
        "В гипотезах учитываются только участники программы; остальные ответившие — группа сравнения, она "
        "показана отдельно. Разница с группой сравнения — изменение у участников минус изменение в группе сравнения.",
    "A pair is at risk when its attendance is below {threshold}, one side cancelled {n} or more times, no session "
    "was held for {weeks} weeks, or a past session stayed unrecorded for more than {unrecorded} weeks.":
        "Пара в зоне риска, если её посещаемость ниже {threshold}, одна из сторон отменила встречи {n} и более раз, "
        "встреч не было {weeks} недель или прошедшая встреча не отмечена дольше {unrecorded} недель.",
    "Data notes": "Замечания о данных",
}
