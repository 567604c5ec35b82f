"""Russian for rmentor evaluate: survey and sessions reading, verdicts, reports."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ reading data files
    "the old Excel format .xls is not supported": "старый формат Excel .xls не поддерживается",
    "in Excel choose 'Save as' -> 'Excel Workbook (.xlsx)' or 'CSV UTF-8'":
        "в Excel выберите «Сохранить как» → «Книга Excel (.xlsx)» или «CSV UTF-8»",
    "unsupported data file type '{suffix}'": "неподдерживаемый тип файла данных «{suffix}»",
    "pass survey files and sessions.csv as .csv or .xlsx": "передайте анкеты и sessions.csv в формате .csv или .xlsx",
    "cannot read this CSV: {reason}": "не удаётся прочитать CSV: {reason}",
    "check the quotes on that line, or re-save the file from Excel as 'CSV UTF-8'":
        "проверьте кавычки в этой строке или пересохраните файл из Excel как «CSV UTF-8»",
    "the file is empty": "файл пуст",
    "the first row must name the columns": "в первой строке должны быть названия столбцов",
    "this is not a readable .xlsx file ({reason})": "файл .xlsx не удаётся прочитать ({reason})",
    "open it in Excel and save it again as 'Excel Workbook (.xlsx)'":
        "откройте его в Excel и сохраните заново как «Книга Excel (.xlsx)»",
    "the first sheet is empty": "первый лист пуст",
    "put the table on the first sheet; the first row must name the columns":
        "разместите таблицу на первом листе; в первой строке должны быть названия столбцов",
    "'{value}' is not a number": "«{value}» — не число",
    "write a number such as 3,5 or 3.5": "введите число, например 3,5 или 3.5",
    "write a number such as 3,5 or 3.5, yes/no (да/нет), or leave the cell empty for no answer":
        "введите число (например 3,5 или 3.5) или да/нет; если ответа нет, оставьте ячейку пустой",
    "Excel turned this number into a date ({value})": "Excel превратил это число в дату ({value})",
    "format the column as 'Number' and type the value again (e.g. 3,5)":
        "задайте столбцу формат «Числовой» и введите значение заново (например 3,5)",
    "unknown wave '{value}'": "неизвестная волна «{value}»",
    "write 'baseline' or 'follow-up' (до / после, 1 / 2)": "укажите «до» или «после» (baseline / follow-up, 1 / 2)",
    "unknown side '{value}'": "неизвестная сторона «{value}»",
    "write 'senior' or 'junior' (старший / младший)": "укажите «старший» или «младший» (senior / junior)",
    "'{value}' is not a value for held": "«{value}» не подходит для столбца held",
    "write yes or no (да / нет, 1 / 0, + / -); leave it empty if the session has not happened yet":
        "укажите да или нет (yes / no, 1 / 0, + / -); если встреча ещё не прошла, оставьте ячейку пустой",
    "'{value}' is not a value for cancelled_by": "«{value}» не подходит для столбца cancelled_by",
    "write senior or junior (старший / младший), or leave it empty":
        "укажите «старший» или «младший» (senior / junior) либо оставьте ячейку пустой",
    "'{value}' is not a date": "«{value}» — не дата",
    "write dates as 2027-01-11 or 11.01.2027": "записывайте даты как 2027-01-11 или 11.01.2027",
    "'{value}' is not a session number": "«{value}» — не номер встречи",
    "session numbers are 1, 2, 3...": "встречи нумеруются 1, 2, 3…",
    "column '{column}': {problem}": "столбец «{column}»: {problem}",
    "baseline": "до программы",
    "follow-up": "после программы",
    "senior": "старший",
    "junior": "младший",
    "cannot tell what this file is from its header ({columns})":
        "по заголовку не понять, что это за файл (столбцы: {columns})",
    "a survey needs a 'person_id' column (and 'wave'); sessions.csv needs 'pair_id', 'session', 'date' and 'held'":
        "в анкете нужны столбцы «person_id» (или «ID сотрудника») и «wave» («Волна»); в sessions.csv — "
        "«pair_id», «session», «date» и «held»",
    "problems in the data files: {count}": "ошибок в файлах данных: {count}",
    "problems in the data files: {count} (the first {shown} are shown)":
        "ошибок в файлах данных: {count} (показаны первые {shown})",
    "fix them and run 'rmentor evaluate' again": "исправьте их и снова запустите «rmentor evaluate»",
    "no wave column": "нет столбца с волной опроса",
    "add a column 'wave' with baseline or follow-up (до / после) in every row":
        "добавьте столбец «Волна» (wave) и укажите в каждой строке «до» или «после»",
    "the person id is empty": "не указан ID сотрудника",
    "fill in the id the person has in the roster, or delete the row":
        "укажите ID сотрудника из списка участников или удалите строку",
    "no survey file has a column '{metric}' (a hypothesis measures it)":
        "ни в одной анкете нет столбца «{metric}» (по нему проверяется гипотеза)",
    "rename the column '{suggestion}' to '{metric}'": "переименуйте столбец «{suggestion}» в «{metric}»",
    "add a column named '{metric}' to the survey files, or fix the metric in the program":
        "добавьте в анкеты столбец «{metric}» или исправьте метрику в файле программы",
    "'{id}' answered twice in the wave '{wave}' (also {other})":
        "«{id}» дважды ответил в волне «{wave}» (ещё {other})",
    "keep one row per person per wave": "оставьте одну строку на человека в каждой волне",
    "session {n} of pair {pair} appears twice (also {other})": "встреча {n} пары {pair} указана дважды (ещё {other})",
    "keep one row per session": "оставьте одну строку на встречу",
    "'{id}' is '{side}' here but '{other_side}' at {other}": "«{id}» здесь — «{side}», а в {other} — «{other_side}»",
    "a person keeps one side in every wave": "у человека одна и та же сторона во всех волнах",
    "the sessions file has no column(s): {columns}": "в файле встреч нет столбцов: {columns}",
    "use the sessions.csv written by 'rmentor schedule' and fill in 'held'":
        "возьмите sessions.csv, созданный «rmentor schedule», и заполните столбец «held»",
    "the pair id is empty": "не указан ID пары",
    "fill it in or delete the row": "заполните его или удалите строку",
    "session {n} of pair {pair} is marked held but also cancelled by the {side}; counted as held":
        "встреча {n} пары {pair} отмечена как состоявшаяся, но и как отменённая (отменил: {side}); "
        "считаем её состоявшейся",
    "clear 'cancelled_by' or set 'held' to no": "очистите «cancelled_by» или поставьте в «held» «нет»",
    # ------------------------------------------------------------------ evaluation notes
    "not enough data": "недостаточно данных",
    "met": "подтверждена",
    "not met": "не подтверждена",
    "met; the whole interval reaches the target": "подтверждена; весь интервал не ниже цели",
    "met, but the interval includes values short of the target":
        "подтверждена, но интервал включает значения ниже цели",
    "not met; the whole interval falls short of the target": "не подтверждена; весь интервал ниже цели",
    "not met, but the interval includes the target": "не подтверждена, но интервал включает цель",
    "interim reading: the deadline {deadline} has not come yet":
        "промежуточный результат: срок {deadline} ещё не наступил",
    "{n} session dated after {as_of} already has 'held' filled in; it was not counted (check --as-of)": (
        "у {n} встречи позже {as_of} уже заполнено «held»; она не учтена (проверьте --as-of)",
        "у {n} встреч позже {as_of} уже заполнено «held»; они не учтены (проверьте --as-of)",
        "у {n} встреч позже {as_of} уже заполнено «held»; они не учтены (проверьте --as-of)",
    ),
    "the survey and the roster disagree on the side of {ids}; the roster wins":
        "анкета и список участников расходятся в стороне для {ids}; верным считается список участников",
    "{n} survey respondent is not in the roster: {ids}": (
        "{n} участник опроса не найден в списке участников: {ids}",
        "{n} участника опроса не найдены в списке участников: {ids}",
        "{n} участников опроса не найдены в списке участников: {ids}",
    ),
    "{n} respondent with a '{metric}' answer has no known side and was left out; add a side column or pass --roster": (
        "у {n} респондента с ответом «{metric}» не указана сторона, он не учтён; добавьте столбец «Группа» "
        "или передайте --roster",
        "у {n} респондентов с ответом «{metric}» не указана сторона, они не учтены; добавьте столбец «Группа» "
        "или передайте --roster",
        "у {n} респондентов с ответом «{metric}» не указана сторона, они не учтены; добавьте столбец «Группа» "
        "или передайте --roster",
    ),
    "{n} answer from someone who took only one wave was left out (the comparison is paired)": (
        "не учтён {n} ответ человека, участвовавшего только в одной волне (сравнение парное)",
        "не учтены {n} ответа людей, участвовавших только в одной волне (сравнение парное)",
        "не учтено {n} ответов людей, участвовавших только в одной волне (сравнение парное)",
    ),
    "only {n} person answered both waves, so the waves are compared as different groups of people; "
    "the comparison is weaker": (
        "в обеих волнах ответил только {n} человек, поэтому волны сравниваются как разные группы людей; "
        "такое сравнение менее точно",
        "в обеих волнах ответили только {n} человека, поэтому волны сравниваются как разные группы людей; "
        "такое сравнение менее точно",
        "в обеих волнах ответили только {n} человек, поэтому волны сравниваются как разные группы людей; "
        "такое сравнение менее точно",
    ),
    "answered both waves: {both} (baseline: {nb}, follow-up: {nf}); at least {min} are needed":
        "ответили в обеих волнах: {both} (до программы: {nb}, после: {nf}); нужно не меньше {min}",
    "the baseline mean is 0, so a relative change is undefined; measure on a scale that does not start at 0":
        "среднее до программы равно 0, относительное изменение не определено; используйте шкалу, "
        "которая не начинается с 0",
    "follow-up answers: {n}; at least {min} are needed": "ответов после программы: {n}; нужно не меньше {min}",
    "{n} person answered the baseline but not the follow-up ({ids}); the share is over those who answered": (
        "{n} человек ответил до программы, но не после ({ids}); доля считается по ответившим",
        "{n} человека ответили до программы, но не после ({ids}); доля считается по ответившим",
        "{n} человек ответили до программы, но не после ({ids}); доля считается по ответившим",
    ),
    "reached {level}: {k} of {n}": "достигли уровня {level}: {k} из {n}",
    "attendance {rate}% ({held} of {recorded}) is below {threshold}%":
        "посещаемость {rate}\u00a0% ({held} из {recorded}) ниже {threshold}\u00a0%",
    "the senior cancelled {n} time": (
        "старший отменил встречу {n} раз",
        "старший отменял встречи {n} раза",
        "старший отменял встречи {n} раз",
    ),
    "no sessions file among the data files; pass the sessions.csv with 'held' filled in":
        "среди файлов данных нет файла встреч; передайте sessions.csv с заполненным столбцом «held»",
    "{n} past session has no 'held' value yet and is not counted": (
        "у {n} прошедшей встречи не заполнено «held», она не учтена",
        "у {n} прошедших встреч не заполнено «held», они не учтены",
        "у {n} прошедших встреч не заполнено «held», они не учтены",
    ),
    "recorded sessions: {sessions}, pairs with records: {pairs}; at least {min_s} sessions in {min_p} pairs are needed":
        "отмеченных встреч: {sessions}, пар с отметками: {pairs}; нужно не меньше {min_s} встреч "
        "не меньше чем в {min_p} парах",
    "held {held} of {total} recorded sessions; pairs with records: {pairs}":
        "состоялось {held} из {total} отмеченных встреч; пар с отметками: {pairs}",
    # ------------------------------------------------------------------ presentation
    "{value} pp": "{value} п. п.",
    "seniors": "старшие",
    "juniors": "младшие",
    "all participants": "все участники",
    "relative change of the mean '{metric}' ({who}), the same {n} people at baseline and follow-up":
        "относительное изменение среднего «{metric}» ({who}); сравниваются одни и те же люди "
        "до и после программы: {n}",
    "relative change of the mean '{metric}' ({who})": "относительное изменение среднего «{metric}» ({who})",
    "share of seniors with '{metric}' at least {level} at follow-up":
        "доля старших, у которых «{metric}» после программы не меньше {level}",
    "share of juniors with '{metric}' at least {level} at follow-up":
        "доля младших, у которых «{metric}» после программы не меньше {level}",
    "share of participants with '{metric}' at least {level} at follow-up":
        "доля участников, у которых «{metric}» после программы не меньше {level}",
    "sessions held out of sessions recorded, up to the reference date":
        "доля состоявшихся встреч среди отмеченных, по дату отчёта включительно",
    "bootstrap over people, paired": "бутстреп по людям, парный",
    "bootstrap, each wave on its own": "бутстреп, каждая волна отдельно",
    "bootstrap over pairs": "бутстреп по парам",
    "Wilson score interval": "интервал Уилсона",
    "no hypotheses": "гипотез нет",
    "now": "сейчас",
    "no data": "нет данных",
    "target {value}": "цель {value}",
    "whiskers: 95% interval; dashed line: target": "усы — 95-процентный интервал, пунктир — цель",
    "template error: {reason}": "ошибка в шаблоне: {reason}",
    "fix the template, or remove it to use the built-in one":
        "исправьте шаблон или удалите его, чтобы использовался встроенный",
    "the variables templates can use are listed in docs/evaluate.md, section 'Report templates'":
        "переменные, доступные в шаблонах, перечислены в docs/evaluate.md, раздел «Report templates»",
    "the templates folder does not exist": "папки с шаблонами не существует",
    "pass a folder that contains report.md.j2 and/or report.html.j2":
        "укажите папку, в которой лежат report.md.j2 и/или report.html.j2",
    "Program evaluation: {name}": "Оценка программы: {name}",
    "Reference date: {date}.": "Дата отчёта: {date}.",
    "Survey respondents: {baseline} at baseline, {followup} at follow-up.":
        "Ответили на анкету: до программы — {baseline}, после — {followup}.",
    "Sessions due by the reference date: {due}, recorded: {recorded}, not recorded yet: {unrecorded}.":
        "Встреч к дате отчёта: {due}, отмечено: {recorded}, ещё не отмечено: {unrecorded}.",
    "Hypotheses": "Гипотезы",
    "Hypothesis": "Гипотеза",
    "Baseline": "До",
    "Now": "Сейчас",
    "Change": "Изменение",
    "Target": "Цель",
    "95% interval": "95-процентный интервал",
    "Verdict": "Вывод",
    "Baseline, current value with its 95% interval, and target of each hypothesis":
        "Значение до программы, текущее значение с 95-процентным интервалом и цель по каждой гипотезе",
    "Measure": "Что измеряем",
    "Interval": "Интервал",
    "Deadline": "Срок",
    "Pairs at risk": "Пары в зоне риска",
    "Pair": "Пара",
    "Senior": "Старший",
    "Junior": "Младший",
    "Attendance": "Посещаемость",
    "Why": "Причина",
    "No pair is at risk.": "Пар в зоне риска нет.",
    "A pair is at risk when its attendance is below {threshold} or the senior cancelled {n} or more times.":
        "Пара в зоне риска, если её посещаемость ниже {threshold} или старший отменял встречи {n} раза и более.",
    "Attendance by pair": "Посещаемость по парам",
    "Held": "Состоялось",
    "Not held": "Не состоялось",
    "Not recorded": "Не отмечено",
    "Cancelled by senior": "Отменил старший",
    "Cancelled by junior": "Отменил младший",
    "Warnings": "Предупреждения",
    "warning": "предупреждение",
    "How to read this": "Как читать отчёт",
    "A hypothesis is met when the measured value reaches the target. The 95% interval shows how far the value "
    "could move by chance with this many people; when it contains the target, the verdict could go either way.":
        "Гипотеза подтверждена, если измеренное значение достигло цели. 95-процентный интервал показывает, "
        "насколько значение могло сдвинуться случайно при таком числе участников; если цель попадает "
        "в интервал, вывод мог бы оказаться и обратным.",
    "Verdicts need at least {people} people per measure, and for attendance {sessions} recorded sessions in "
    "{pairs} pairs; with less, the verdict is 'not enough data'.":
        "Для вывода нужно не меньше {people} человек на показатель, а для посещаемости — не меньше {sessions} "
        "отмеченных встреч в {pairs} парах; при меньшем объёме вывод — «недостаточно данных».",
    "Intervals: bootstrap with {resamples} resamples and a fixed seed ({seed}), so the same data always gives "
    "the same report; the Wilson interval for shares. With small groups the real uncertainty is, if anything, "
    "larger.":
        "Интервалы: бутстреп на {resamples} повторных выборках с фиксированным зерном ({seed}), поэтому одни и те же "
        "данные всегда дают один и тот же отчёт; для долей — интервал Уилсона. В небольших группах реальная "
        "неопределённость скорее больше.",
    # ------------------------------------------------------------------ command
    "evaluate needs the program file with the hypotheses": "для оценки нужен файл программы с гипотезами",
    "pass --config program.yaml": "укажите --config program.yaml",
    "the program has no hypotheses to check": "в программе нет гипотез для проверки",
    "add a 'hypotheses:' section to the program file (see examples/program.yaml)":
        "добавьте в файл программы раздел «hypotheses:» (пример — examples/program.yaml)",
    "write --as-of 2027-07-09 (or 09.07.2027)": "укажите --as-of 2027-07-09 (или 09.07.2027)",
    "SOURCE_DATE_EPOCH='{value}' is not a Unix time": "SOURCE_DATE_EPOCH=«{value}» — не время Unix",
    "unset it or use --as-of": "удалите эту переменную или укажите --as-of",
    "wrote {path}": "записан файл {path}",
    "hypothesis {id}: a share target must be above 0 and at most 1, not {target}":
        "гипотеза {id}: цель-доля должна быть больше 0 и не больше 1, а указано {target}",
    "write shares as fractions: 0.8 means 80%": "записывайте доли дробью: 0.8 — это 80 %",
    "hypothesis {id}: target {target} means a change of {percent}%":
        "гипотеза {id}: цель {target} означает изменение на {percent} %",
    "if you meant {target}%, write {fraction}": "если имелось в виду {target} %, укажите {fraction}",
    "the program's hypotheses have {count} problem(s)": "ошибок в гипотезах программы: {count}",
    "fix the targets in the program file": "исправьте цели в файле программы",
}
