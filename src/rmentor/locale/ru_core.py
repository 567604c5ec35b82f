"""Russian for the foundation (errors, reading files, YAML, models, loading, validate, init)
and for the matching commands (match, score, explain).

Conventions kept across the catalogues: "senior" is «старший» (a senior manager who learns),
"junior" is «младший» (the junior employee who mentors); plural forms are
(1 старший, 2 старших, 5 старших). Keys, ids and file names stay as written.
"""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ words and plurals
    "error": "ошибка",
    "warning": "предупреждение",
    "senior": "старший",
    "junior": "младший",
    "roster": "состав участников",
    "program file": "файл программы",
    "capacity": "ёмкость",
    "{n} senior": ("{n} старший", "{n} старших", "{n} старших"),
    "{n} junior": ("{n} младший", "{n} младших", "{n} младших"),
    "{n} department": ("{n} отдел", "{n} отдела", "{n} отделов"),
    "{n} pair": ("{n} пара", "{n} пары", "{n} пар"),
    # ------------------------------------------------------------------ cli.py
    "unknown language '{lang}'": "неизвестный язык '{lang}'",
    "use --lang ru or --lang en": "укажите --lang ru или --lang en",
    "Interrupted; no output was written.": "Прервано; файлы не записаны.",
    "unknown format '{fmt}'": "неизвестный формат '{fmt}'",
    "use one of: {allowed}": "допустимые значения: {allowed}",
    "Next: edit the files, then run 'rmentor validate {roster} --config {program}'":
        "Дальше: отредактируйте файлы и запустите 'rmentor validate {roster} --config {program}'",
    # ------------------------------------------------------------------ render.py (validate)
    "People by department": "Люди по отделам",
    "Department": "Отдел",
    "Seniors": "Старшие",
    "Juniors": "Младшие",
    "Criteria": "Критерии",
    "Side": "Сторона",
    "Criterion": "Критерий",
    "Min": "Мин.",
    "Max": "Макс.",
    "Mean": "Среднее",
    "Threshold": "Порог",
    "Below": "Ниже порога",
    "Below a threshold (not eligible)": "Ниже порога (не допущены к подбору)",
    "No availability windows": "Не указаны окна доступности",
    "Pinned pairs: {pinned}; earlier pairs not to repeat: {history}":
        "Закреплённых пар: {pinned}; прошлых пар, которые не повторяются: {history}",
    # ------------------------------------------------------------------ fileio.py
    "file not found": "файл не найден",
    "check the path and the current folder": "проверьте путь и текущую папку",
    "this is a folder, not a file": "это папка, а не файл",
    "pass the file itself": "укажите сам файл",
    "file is too large ({size} MB, the limit is {limit} MB)": "файл слишком большой ({size} МБ, предел — {limit} МБ)",
    "split the file, or raise the limit with RMENTOR_MAX_INPUT_MB":
        "разделите файл или поднимите предел переменной окружения RMENTOR_MAX_INPUT_MB",
    "cannot read the file: {reason}": "не удаётся прочитать файл: {reason}",
    "check permissions": "проверьте права доступа",
    "this is not a text file (it contains binary data)": "это не текстовый файл (в нём двоичные данные)",
    "pass a YAML, CSV or XLSX file saved as UTF-8": "укажите файл YAML, CSV или XLSX, сохранённый в UTF-8",
    "the file is saved in Windows-1251, not UTF-8": "файл сохранён в кодировке Windows-1251, а не UTF-8",
    "re-save it as UTF-8: in Excel 'CSV UTF-8', in Notepad 'Encoding: UTF-8'":
        "пересохраните его в UTF-8: в Excel — «CSV UTF-8», в Блокноте — «Кодировка: UTF-8»",
    "the file is not valid UTF-8 (bad byte at position {pos})":
        "файл не в кодировке UTF-8 (недопустимый байт в позиции {pos})",
    "re-save it as UTF-8": "пересохраните его в UTF-8",
    "the output path exists and is not a folder": "путь для результатов уже занят, и это не папка",
    "choose another --out": "укажите другую папку в --out",
    "{count} output file(s) already exist, e.g. {first}":
        "файлы результатов уже существуют ({count} шт.), например {first}",
    "use --force to overwrite them, or choose another --out":
        "добавьте --force, чтобы перезаписать их, или укажите другую папку в --out",
    "cannot write output: {reason}": "не удаётся записать результат: {reason}",
    "check that the folder is writable and the disk is not full":
        "проверьте, что в папку можно писать и на диске есть место",
    # ------------------------------------------------------------------ safeyaml.py
    "the document expands to more than {limit} values (an alias bomb?)":
        "документ разворачивается более чем в {limit} значений (это «бомба» из ссылок?)",
    "remove the repeated aliases (*name)": "уберите повторяющиеся ссылки (*имя)",
    "a key must be plain text, not a list or mapping": "ключ должен быть простым текстом, а не списком или словарём",
    "check the indentation of this line": "проверьте отступ в этой строке",
    "a merge key (<<) needs a mapping or a list of mappings":
        "ключу слияния (<<) нужен словарь или список словарей",
    "duplicate key '{key}' (first defined on line {first})":
        "ключ '{key}' повторяется (впервые задан в строке {first})",
    "keep only one of them": "оставьте только один",
    "YAML tags such as '{tag}' are not allowed": "теги YAML вроде '{tag}' не допускаются",
    "remove the tag; write plain values": "уберите тег и запишите значение как есть",
    "the file holds more than one YAML document ('---')": "в файле больше одного документа YAML ('---')",
    "keep one document per file": "оставьте в файле один документ",
    "the data is nested more than {limit} levels deep": "вложенность данных глубже {limit} уровней",
    "flatten the structure": "упростите структуру",
    "unknown alias *{name}": "неизвестная ссылка *{name}",
    "define the anchor &{name} before using it": "объявите якорь &{name} до того, как ссылаться на него",
    "YAML syntax error: {problem}": "синтаксическая ошибка YAML: {problem}",
    "replace tab characters with spaces": "замените символы табуляции пробелами",
    "check indentation, colons and quotes on this line and the one above":
        "проверьте отступы, двоеточия и кавычки в этой строке и в строке выше",
    "YAML error: {problem}": "ошибка YAML: {problem}",
    # ------------------------------------------------------------------ loading.py: value types
    "required key is missing": "не хватает обязательного ключа",
    "should be a whole number": "должно быть целым числом",
    "should be a whole number, not a fraction": "должно быть целым числом, а не дробью",
    "should be a number": "должно быть числом",
    "should be text": "должно быть текстом",
    "should be true or false": "должно быть true или false",
    "should be a date like 2027-01-11": "должно быть датой вида 2027-01-11",
    "should be a mapping of keys to values": "должно быть словарём «ключ: значение»",
    "should be a list": "должно быть списком",
    "should not be empty": "не должно быть пустым",
    "has too few items": "слишком мало элементов",
    "has too many items": "слишком много элементов",
    # ------------------------------------------------------------------ loading.py: files and records
    "unknown key '{key}'": "неизвестный ключ '{key}'",
    "did you mean '{suggestion}'?": "возможно, имелся в виду '{suggestion}'?",
    "allowed keys: {allowed}": "допустимые ключи: {allowed}",
    "required key '{key}' is missing": "не хватает обязательного ключа '{key}'",
    "add it": "добавьте его",
    "'{value}' is not a valid id": "'{value}' — недопустимый id",
    "ids use Latin letters, digits, _ . - and start with a letter or digit":
        "id состоит из латинских букв, цифр и знаков _ . - и начинается с буквы или цифры",
    "should be one of: {expected}": "допустимые значения: {expected}",
    "should be at least {limit}": "должно быть не меньше {limit}",
    "should be at most {limit}": "должно быть не больше {limit}",
    "{detail}": "{detail}",
    "{file}: {count} problem(s) in the {what}": "{file}: найдено проблем — {count} ({what})",
    "{file}: {count} problem(s) in the {what} (first {shown} shown)":
        "{file}: найдено проблем — {count} ({what}; показаны первые {shown})",
    "fix them and run 'rmentor validate' again": "исправьте их и снова запустите 'rmentor validate'",
    "unsupported file type '{suffix}'": "неподдерживаемый тип файла '{suffix}'",
    "use .yaml, .csv or .xlsx": "используйте .yaml, .csv или .xlsx",
    "a program file must be YAML": "файл программы должен быть в формате YAML",
    "see configs/ for examples, or run 'rmentor init'": "примеры лежат в configs/; или запустите 'rmentor init'",
    "the program file must be a mapping of keys to values, not a {kind}":
        "файл программы должен быть словарём «ключ: значение», а не {kind}",
    "start from 'rmentor init' or a file in configs/": "начните с 'rmentor init' или с файла из configs/",
    "the start date {start} is in the past": "дата начала {start} уже прошла",
    "set a future start date before scheduling": "перед составлением расписания укажите дату начала в будущем",
    "the roster is empty": "состав участников пуст",
    "list people under 'seniors:' and 'juniors:' (see 'rmentor init')":
        "перечислите людей в разделах 'seniors:' и 'juniors:' (см. 'rmentor init')",
    "the roster must be a mapping with 'seniors' and 'juniors', not a {kind}":
        "состав участников должен быть словарём с разделами 'seniors' и 'juniors', а не {kind}",
    "start from 'rmentor init' or examples/roster.yaml": "начните с 'rmentor init' или с examples/roster.yaml",
    "there are no seniors": "нет ни одного старшего",
    "list at least one person under 'seniors:'": "укажите хотя бы одного человека в разделе 'seniors:'",
    "there are no juniors": "нет ни одного младшего",
    "list at least one person under 'juniors:'": "укажите хотя бы одного человека в разделе 'juniors:'",
    "every person needs a unique id": "у каждого участника должен быть свой id",
    "'{id}' is a participant; set their manager in their own record":
        "'{id}' участвует в программе; укажите руководителя в его собственной записи",
    "remove it from 'managers:'": "уберите его из раздела 'managers:'",
    "unknown manager '{ref}'": "неизвестный руководитель '{ref}'",
    "add '{ref}' under 'managers:' too, or fix the id": "добавьте '{ref}' в раздел 'managers:' или исправьте id",
    "missing score '{name}'": "нет оценки '{name}'",
    "add '{name}: N' with N from {lo} to {hi}": "добавьте '{name}: N', где N — от {lo} до {hi}",
    "unknown criterion '{name}'": "неизвестный критерий '{name}'",
    "criteria here: {allowed}": "критерии в этой программе: {allowed}",
    "score {value} is outside the scale {lo}-{hi}": "оценка {value} вне шкалы {lo}–{hi}",
    "use a whole number from {lo} to {hi}": "поставьте целое число от {lo} до {hi}",
    "a person cannot be their own manager": "человек не может быть сам себе руководителем",
    "fix the manager id": "исправьте id руководителя",
    "if they are not in the program, list them under 'managers:' ('{ref}: their_manager' or '{ref}: ~')":
        "если руководитель не участвует в программе, добавьте его в раздел 'managers:' "
        "('{ref}: его_руководитель' или '{ref}: ~')",
    "unknown id '{ref}' in avoid": "неизвестный id '{ref}' в avoid",
    "fix the id or remove it": "исправьте id или уберите его",
    "{id} has no availability windows": "у {id} не указаны окна доступности",
    "add windows like 'Tue 10:00-12:00' so sessions can be scheduled":
        "добавьте окна вида 'Tue 10:00-12:00' (или 'Вт 10:00-12:00'), чтобы можно было назначить встречи",
    "manager cycle: {cycle}": "цикл подчинения: {cycle}",
    "break the loop; someone must be at the top": "разорвите цикл: кто-то должен быть на вершине",
    "pair [{a}, {b}] is reversed": "пара [{a}, {b}] записана наоборот",
    "write pairs as [senior_id, junior_id]": "записывайте пары как [id_старшего, id_младшего]",
    "'{ref}' is not a senior in this roster": "'{ref}' не числится среди старших",
    "fix the id": "исправьте id",
    "'{ref}' is not a junior in this roster": "'{ref}' не числится среди младших",
    "senior '{id}' is pinned twice (also pinned[{other}])": "старший '{id}' закреплён дважды (ещё в pinned[{other}])",
    "a senior has one junior; keep one pin": "у старшего один младший: оставьте одно закрепление",
    "junior '{id}' is pinned to more seniors than their capacity ({cap})":
        "за младшим '{id}' закреплено больше старших, чем позволяет его ёмкость ({cap})",
    "raise their capacity or remove a pin": "увеличьте ёмкость или уберите закрепление",
    "pair [{a}, {b}] is both pinned and in history": "пара [{a}, {b}] одновременно закреплена и есть в истории",
    "history pairs are never repeated; remove one of them": "пары из истории не повторяются: уберите одно из двух",
    # ------------------------------------------------------------------ models.py
    "'{value}' is a reserved device name on Windows; choose another id":
        "'{value}' — зарезервированное имя устройства в Windows; выберите другой id",
    "'{text}' is not a time; write HH:MM, e.g. 09:30": "'{text}' — не время; пишите ЧЧ:ММ, например 09:30",
    "'{text}' is not a valid time of day; hours run 00-23, minutes 00-59":
        "'{text}' — недопустимое время суток: часы от 00 до 23, минуты от 00 до 59",
    "'{part}' is not a weekday; use Mon Tue Wed Thu Fri Sat Sun (or Пн Вт Ср Чт Пт Сб Вс)":
        "'{part}' — не день недели; используйте Пн Вт Ср Чт Пт Сб Вс (или Mon Tue Wed Thu Fri Sat Sun)",
    "'{part}' is not a weekday or a range like Mon-Fri": "'{part}' — не день недели и не диапазон вроде Пн-Пт",
    "'{value}' is not a window; write it like 'Tue 10:00-12:00' or 'Mon-Fri 09:00-10:00'":
        "'{value}' — не окно доступности; пишите так: 'Вт 10:00-12:00' или 'Пн-Пт 09:00-10:00'",
    "'{value}': a window cannot start at 24:00": "'{value}': окно не может начинаться в 24:00",
    "'{value}': the end is not after the start; windows cannot cross midnight":
        "'{value}': конец не позже начала; окно не может переходить через полночь",
    "'{value}' is not an IANA time zone; use names like Europe/Moscow or Asia/Yekaterinburg":
        "'{value}' — не часовой пояс IANA; используйте названия вроде Europe/Moscow или Asia/Yekaterinburg",
    "scale.max must be greater than scale.min": "scale.max должен быть больше scale.min",
    "pilot.min must not exceed pilot.max": "pilot.min не может быть больше pilot.max",
    "{side} needs at least one criterion": "в {side} нужен хотя бы один критерий",
    "{side}.{name}: criterion names use letters, digits and _":
        "{side}.{name}: в названии критерия допустимы только латинские буквы, цифры и _",
    "{side}.{name}.min = {value} is outside the scale {lo}-{hi}": "{side}.{name}.min = {value} вне шкалы {lo}–{hi}",
    "{side}: at least one weight must be above 0": "{side}: хотя бы один вес должен быть больше 0",
    "give exactly one of duration.months or duration.sessions":
        "укажите что-то одно: duration.months или duration.sessions",
    "blackout end is before its start": "конец перерыва (blackout) раньше его начала",
    "working_hours.end must be after working_hours.start": "working_hours.end должен быть позже working_hours.start",
    "hypothesis {id}: share_reaching needs a level": "гипотеза {id}: для share_reaching нужен level",
    "'{value}' is not a supported holiday country; use an ISO code such as RU, KZ, BY":
        "календарь праздников страны '{value}' не поддерживается; укажите код ISO, например RU, KZ, BY",
    # ------------------------------------------------------------------ scoring.py
    "the senior is not eligible": "старший не допущен к подбору",
    "the junior is not eligible": "младший не допущен к подбору",
    "one is in the other's reporting line": "один из них в линии подчинения другого",
    "one of them asked not to be paired with the other": "один из них просил не ставить его в пару с другим",
    "they were paired before": "они уже были в паре",
    "same department (cross-functional pairs are required)": "один отдел (нужны пары из разных отделов)",
    "time-zone gap above the limit": "разница часовых поясов больше допустимой",
    "too few shared topics": "слишком мало общих тем",
    "no common weekly slot": "нет общего времени в неделе",
    "pair score below the minimum": "оценка пары ниже минимума",
    "pinned by HR": "пару закрепил HR",
    "{criterion} {value} is below the minimum {min}": "{criterion}: {value} — ниже минимума {min}",
    # ------------------------------------------------------------------ score components (explain breakdown)
    "topic": "темы",
    "cross_functional": "разные отделы",
    "availability": "общее время",
    "seniors": "старшие",
    "juniors": "младшие",
    # ------------------------------------------------------------------ matching.py
    "{pins} pinned pairs exceed the requested {limit} pairs":
        "закреплённых пар ({pins}) больше, чем запрошено пар ({limit})",
    "remove pins or ask for more pairs": "уберите закрепления или запросите больше пар",
    "only {found} pairs are possible, {need} are required": "возможно пар: {found}, а нужно: {need}",
    "relax the rules in the program (thresholds, cross_functional, time-zone gap) or lower the pilot size":
        "ослабьте правила программы (пороги, cross_functional, разницу часовых поясов) или уменьшите размер пилота",
    "pinned[{k}] [{senior}, {junior}] breaks the rule: {rules}":
        "закреплённая пара pinned[{k}] [{senior}, {junior}] нарушает правило: {rules}",
    "pinned pairs break hard rules": "закреплённые пары нарушают обязательные правила",
    "remove the pin, or change the roster or program so the pair is allowed":
        "уберите закрепление или измените состав либо программу так, чтобы пара стала допустимой",
    "shared topics: {topics}": "общие темы: {topics}",
    "cross-functional: {a} / {b}": "разные отделы: {a} / {b}",
    "common weekly slot": "есть общее время в неделе",
    "senior readiness {score}/100": "готовность старшего {score}/100",
    "junior mentoring skills {score}/100": "навыки наставника у младшего {score}/100",
    "not eligible: {why}": "не допущен к подбору: {why}",
    "the pilot is full; better-scoring pairs took the places":
        "мест в пилоте не осталось: их заняли пары с более высокой оценкой",
    "every allowed partner went to a better overall matching":
        "все допустимые партнёры попали в пары, которые дают лучший общий результат",
    "no allowed partner: {rules}": "нет допустимого партнёра: {rules}",
    "fail": "не проходят",
    "only {eligible} {side} are eligible: {detail}": "к подбору допущено лишь {eligible} ({side}): {detail}",
    "only {n} seniors have any allowed partner": "старших, у которых есть допустимый партнёр, лишь {n}",
    "{rule}: blocks {n} of {total} possible pairs": "{rule}: исключено пар — {n} из {total} возможных",
    # ------------------------------------------------------------------ explaining.py
    "raise the senior's scores or lower matching.senior_criteria minimums":
        "повысьте оценки старшего или снизьте минимумы в matching.senior_criteria",
    "raise the junior's scores or lower matching.junior_criteria minimums":
        "повысьте оценки младшего или снизьте минимумы в matching.junior_criteria",
    "set matching.exclude_reporting_line: false (not recommended)":
        "задайте matching.exclude_reporting_line: false (не рекомендуется)",
    "remove the id from the avoid list": "уберите id из списка avoid",
    "remove the pair from history": "уберите пару из history",
    "set matching.cross_functional: preferred": "задайте matching.cross_functional: preferred",
    "raise matching.max_timezone_gap_hours": "увеличьте matching.max_timezone_gap_hours",
    "add a shared topic to wants/offers or lower matching.min_shared_topics":
        "добавьте общую тему в wants/offers или снизьте matching.min_shared_topics",
    "add overlapping availability windows or set matching.require_common_slot: false":
        "добавьте пересекающиеся окна доступности или задайте matching.require_common_slot: false",
    "lower matching.min_pair_score": "снизьте matching.min_pair_score",
    "'{id}' is not a senior in this roster": "'{id}' не числится среди старших",
    "'{id}' is a junior, not a senior": "'{id}' — младший, а не старший",
    "pass a senior id first, then optionally a junior id":
        "сначала укажите id старшего, затем, если нужно, id младшего",
    "'{id}' is not a junior in this roster": "'{id}' не числится среди младших",
    "pass a junior id as the second argument": "вторым аргументом укажите id младшего",
    "{junior} is {senior}'s partner in the optimal plan": "в оптимальном плане {junior} — пара для {senior}",
    "the pair is not allowed: {rules}": "такая пара недопустима: {rules}",
    "pairing them breaks the plan: {why}": "если поставить их в пару, план не складывается: {why}",
    "with this pair the best plan has {n} fewer pair(s)": "с этой парой в лучшем плане меньше пар, разница: {n}",
    "with this pair the best plan scores {points} points lower in total":
        "с этой парой суммарная оценка лучшего плана ниже, разница в баллах: {points}",
    "their pair score would need to be {points} points higher":
        "чтобы их выбрали, оценка пары должна вырасти, в баллах: {points}",
    "{junior} mentors {seniors} in the plan": "в плане {junior} наставляет: {seniors}",
    "pin the pair in the roster (pinned: [[{senior}, {junior}]]) to force it":
        "чтобы поставить их в пару принудительно, закрепите её в составе (pinned: [[{senior}, {junior}]])",
    # ------------------------------------------------------------------ render.py (match, score, explain)
    "Scoring pairs...": "Оценка пар...",
    "Solving the matching...": "Подбор пар...",
    "Scheduling sessions...": "Составление расписания...",
    "Working...": "Обработка...",
    "Pairs": "Пары",
    "Senior": "Старший",
    "Junior": "Младший",
    "Score": "Оценка",
    "Why": "Причина",
    "Not matched": "Без пары",
    "Person": "Участник",
    "Reason": "Причина",
    "optimal": "оптимально",
    "feasible, bound {bound}": "допустимо, верхняя граница {bound}",
    "total score {score}": "суммарная оценка {score}",
    "{n} person not matched": ("{n} участник без пары", "{n} участника без пары", "{n} участников без пары"),
    "Eligible": "Допущен",
    "Reasons": "Причины",
    "yes": "да",
    "no": "нет",
    "Allowed": "Допустима",
    "Blocked by": "Чем запрещена",
    "{senior} is paired with {junior} ({pair_id}), score {score}: {breakdown}":
        "{senior} в паре с {junior} ({pair_id}), оценка {score}: {breakdown}",
    "{senior} is not matched": "{senior}: без пары",
    "Pair {senior} + {junior}: score {score}: {breakdown}": "Пара {senior} + {junior}: оценка {score}: {breakdown}",
    "What would change it": "Что могло бы это изменить",
    "Best-scoring juniors for {senior}": "Младшие с лучшей оценкой для {senior}",
    "In the plan": "В плане",
    # ------------------------------------------------------------------ matching.py (department caps), rematching.py
    "max_pairs_per_department = {cap} limits the plan to {found} pairs; without it {uncapped} are possible":
        "max_pairs_per_department = {cap} ограничивает план: пар — {found}, "
        "а без этого ограничения возможно {uncapped}",
    "unknown pair id(s): {ids}": "неизвестные id пар: {ids}",
    "use pair ids from the pairs file, e.g. {example}": "используйте id пар из файла пар, например {example}",
    "no pair to end": "не указано, какую пару завершить",
    "pass --end PAIR_ID at least once": "укажите --end PAIR_ID хотя бы один раз",
    # ------------------------------------------------------------------ planning.py and render.py (plan)
    "pass a folder holding files named like {names}": "укажите папку с файлами, названными так: {names}",
    "template error: {problem}": "ошибка в шаблоне: {problem}",
    "fix the template syntax": "исправьте синтаксис шаблона",
    "use only the variables documented in the README": "используйте только переменные, описанные в README",
    "Junior's department": "Отдел младшего",
    "Senior's department": "Отдел старшего",
    "Pairs by department": "Пары по отделам",
    "Sessions per month": "Встречи по месяцам",
    "{share} reach {level}": "{share} достигают уровня {level}",
    "not scheduled": "не назначено",
    "{n} moved off a day off": "перенесено с выходных: {n}",
    "Kit ready": "Комплект готов",
    "{n} session": ("{n} встреча", "{n} встречи", "{n} встреч"),
    "{n} file": ("{n} файл", "{n} файла", "{n} файлов"),
    "Not scheduled: {pairs}": "Встречи не назначены для пар: {pairs}",
    # match, rematch (long output, changes)
    "... and {n} more pairs: see pairs.csv (--out) or --format json":
        "... и ещё {n}: полный список — в pairs.csv (--out) или --format json",
    "... and {n} more people not matched: see --format json":
        "... и ещё {n} без пары: полный список — в --format json",
    "Ended {pair_id}: {senior} + {junior}": "Завершена {pair_id}: {senior} + {junior}",
    "New {pair_id}: {senior} + {junior}, score {score} ({why})":
        "Новая {pair_id}: {senior} + {junior}, оценка {score} ({why})",
    "Without a pair: {name} ({id}): {reason}": "Без пары: {name} ({id}): {reason}",
    "Kept {kept} pair(s) unchanged; {total} pair(s) in the new pairs.csv":
        "Без изменений осталось пар: {kept}; всего пар в новом pairs.csv: {total}",
    "senior '{id}' is pinned {n} times": "старший '{id}' закреплён {n} раз(а)",
    "junior '{id}' is pinned to {n} seniors but mentors at most {cap}":
        "младший '{id}' закреплён за {n} старшими, но может вести не больше {cap}",
    "a plan with this pair scores the same; ties are broken by id order":
        "план с этой парой даёт ту же сумму; при равенстве выбор идёт по порядку id",
    "HR pinned {pins}, which leaves no room for this pair": "HR закрепил {pins}, и для этой пары нет места",
    "remove that pin from the roster, or raise the junior's capacity":
        "уберите это закрепление из ростера или увеличьте capacity младшего",
    "shared topics": "общие темы",
    "senior readiness": "готовность старшего",
    "junior skills": "навыки младшего",
    "cross-functional": "разные отделы",
    "common slot": "общее время",
    # exporting/workbook.py: column headers of the xlsx export
    "All sessions": "Все встречи",
    "Assignment": "Задание",
    "Cancelled by": "Кто отменил",
    "End": "Конец",
    "Goal": "Цель",
    "Junior id": "id младшего",
    "Senior id": "id старшего",
    "Shared topics": "Общие темы",
    "Start": "Начало",
    "Time zone": "Часовой пояс",
    "Title": "Тема",
    "--format xlsx writes pairs.xlsx and needs --out": "--format xlsx записывает pairs.xlsx, нужен --out",
    "add --out DIR": "добавьте --out ПАПКА",
}
