"""Russian for scheduling: pairs.csv, slots, holidays, the agenda and the calendar files."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # weekdays and months
    "Mon": "Пн",
    "Tue": "Вт",
    "Wed": "Ср",
    "Thu": "Чт",
    "Fri": "Пт",
    "Sat": "Сб",
    "Sun": "Вс",
    "January": "Январь",
    "February": "Февраль",
    "March": "Март",
    "April": "Апрель",
    "May": "Май",
    "June": "Июнь",
    "July": "Июль",
    "August": "Август",
    "September": "Сентябрь",
    "October": "Октябрь",
    "November": "Ноябрь",
    "December": "Декабрь",
    # dates and days off
    "the program has no start date; sessions start on Monday {start}":
        "в программе не указана дата начала; встречи начнутся в понедельник {start}",
    "set 'start:' in the program file to fix the dates": "укажите 'start:' в файле программы, чтобы закрепить даты",
    "'{subdivision}' is not a known subdivision of {country} for public holidays":
        "'{subdivision}' — неизвестный регион страны {country} для календаря праздников",
    "use a code from the 'holidays' package list for {country}, or remove holiday_subdivision":
        "укажите код из списка пакета 'holidays' для {country} или уберите holiday_subdivision",
    "program blackout": "перерыв программы",
    # why a pair has no slot
    "the senior {name} has no availability windows": "у старшего {name} не указано свободное время",
    "the junior {name} has no availability windows": "у младшего {name} не указано свободное время",
    "their availability windows never overlap": "их свободное время нигде не пересекается",
    "no common slot in the weeks from {first} to {last} (the clocks change)":
        "нет общего времени в недели с {first} по {last} (перевод часов)",
    "overlap only {minutes} min on {day}; a session needs {need} min":
        "пересечение только {minutes} мин в {day}; для встречи нужно {need} мин",
    "they are both free only outside the working hours ({days} {start}-{end})":
        "оба свободны только вне рабочего времени ({days} {start}-{end})",
    "{day}: the senior is free {s_start}-{s_end}, the junior {j_start}-{j_end} ({gap} min apart, {tz})":
        "{day}: старший свободен {s_start}-{s_end}, младший {j_start}-{j_end} (разрыв {gap} мин, {tz})",
    "the senior is free on {senior_days}; the junior on {junior_days}":
        "старший свободен в {senior_days}; младший в {junior_days}",
    "every common slot is taken by another session of the same person ({pairs})":
        "всё общее время уже занято другой встречей того же участника ({pairs})",
    "{day} {start}-{end} ({minutes} min, {tz})": "{day} {start}-{end} ({minutes} мин, {tz})",
    "pair id '{id}' is used twice": "номер пары '{id}' встречается дважды",
    "give every pair its own id": "дайте каждой паре свой номер",
    "pair {id}: '{ref}' is not in the roster": "пара {id}: '{ref}' нет в списке участников",
    "fix the pairs or the roster": "исправьте файл пар или список участников",
    # days off and moves
    "{pair}: the session of {date} falls on a day off ({why}) and no free working day was found before the "
    "next one; it is dropped":
        "{pair}: встреча {date} выпадает на выходной ({why}), а свободного рабочего дня до следующей встречи нет; "
        "встреча отменена",
    "add availability windows on other days, or add a blackout-free week":
        "добавьте свободное время в другие дни недели",
    "{pair}: the session of {date} ({why}) moved to {new}, outside the windows one of them gave; "
    "ask the pair to confirm":
        "{pair}: встреча {date} ({why}) перенесена на {new}, вне указанного свободного времени; "
        "попросите пару подтвердить",
    "add availability windows on more days to avoid this":
        "чтобы этого избежать, добавьте свободное время в другие дни",
    "{pair}: the weekly time changes in some weeks because the clocks change; see sessions.csv":
        "{pair}: из-за перевода часов в некоторые недели время встречи другое; см. sessions.csv",
    "a participant's local day off or a clock change": "выходной у участника или перевод часов",
    "{why}; no free working day before the next session": "{why}; до следующей встречи нет свободного рабочего дня",
    # agenda overrides
    "{path}: unbalanced braces": "{path}: непарные фигурные скобки",
    "write {{ and }} for literal braces": "чтобы написать скобку, удвойте её: {{ или }}",
    "{path}: unknown placeholder {{{name}}}": "{path}: неизвестная подстановка {{{name}}}",
    "use {allowed}": "используйте {allowed}",
    # default agenda
    "Getting to know each other": "Знакомство и договорённости",
    "Introduce yourselves, agree on confidentiality (what is said in the pair stays in the pair) "
    "and set the pair's goals for the program":
        "Познакомиться, договориться о конфиденциальности (сказанное в паре остаётся в паре) "
        "и поставить цели пары на программу",
    "Senior: write down three things you want to learn. Junior: sketch the topics you can show and how":
        "Старшему: записать три вещи, которым хочется научиться. Младшему: набросать темы, "
        "которые можно показать, и как",
    "Midpoint check-in": "Промежуточная встреча: сверка с целями",
    "Compare progress with the goals set at the first session and adjust the plan for the second half":
        "Сверить прогресс с целями первой встречи и поправить план на вторую половину программы",
    "Each of you: note one thing that works and one to change; senior: start the mini-portfolio":
        "Каждому: записать, что работает и что стоит изменить; старшему: начать мини-портфолио",
    "Mini-portfolio review": "Защита мини-портфолио",
    "The senior presents the mini-portfolio: what they tried, learned and launched; agree how to keep going":
        "Старший представляет мини-портфолио: что попробовал, чему научился, что запустил; "
        "договориться, как продолжать",
    "Both: fill in the final survey and send the mini-portfolio to HR":
        "Обоим: заполнить итоговую анкету и отправить мини-портфолио в HR",
    "Session {n} of {total}: {topic}": "Встреча {n} из {total}: {topic}",
    "Work through «{topic}» hands-on: the junior shows, the senior tries it on a real work task":
        "Разобрать тему «{topic}» на практике: младший показывает, старший пробует на реальной рабочей задаче",
    "Apply one thing from today in your own work and bring the result":
        "Применить одну вещь из этой встречи в своей работе и принести результат",
    "Session {n} of {total}: practice": "Встреча {n} из {total}: практика",
    "Work through one of the pair's goals hands-on: the junior shows, the senior tries it on a real work task":
        "Разобрать одну из целей пары на практике: младший показывает, старший пробует на реальной "
        "рабочей задаче",
    "Prepare the mini-portfolio for the final session: what you tried and what came of it":
        "Подготовить мини-портфолио к итоговой встрече: что попробовали и что из этого вышло",
    # pairs.csv
    "the pairs file is empty": "файл пар пуст",
    "pass the pairs.csv written by 'rmentor match'": "укажите pairs.csv, записанный командой 'rmentor match'",
    "the pairs file has no column {columns}": "в файле пар нет столбца {columns}",
    "the first row must name the columns pair_id, senior_id, junior_id (found: {found})":
        "первая строка должна называть столбцы pair_id, senior_id, junior_id (найдено: {found})",
    "{file}: {count} problem(s) in the pairs file": "{file}: ошибок в файле пар: {count}",
    "{file}: {count} problem(s) in the pairs file (first {shown} shown)":
        "{file}: ошибок в файле пар: {count} (показаны первые {shown})",
    "fix them, or run 'rmentor match' again to write a fresh pairs.csv":
        "исправьте их или запустите 'rmentor match' ещё раз, чтобы получить новый pairs.csv",
    "the pairs file has no pairs": "в файле пар нет ни одной пары",
    "add rows under the header, or run 'rmentor match' to write one":
        "добавьте строки под заголовком или запустите 'rmentor match'",
    "the pairs file must be CSV": "файл пар должен быть в формате CSV",
    "in Excel use 'Save as' -> 'CSV UTF-8'; 'rmentor match' writes pairs.csv":
        "в Excel выберите «Сохранить как» -> «CSV UTF-8»; 'rmentor match' записывает pairs.csv",
    "duplicate pair id '{id}' (also on line {other})": "номер пары '{id}' повторяется (также в строке {other})",
    "{senior} and {junior} are paired twice (also on line {other})":
        "{senior} и {junior} записаны в пару дважды (также в строке {other})",
    "delete one of the rows": "удалите одну из строк",
    "senior '{id}' is in two pairs (also on line {other})":
        "старший '{id}' записан в две пары (также в строке {other})",
    "each senior has one mentor; delete one of the rows": "у каждого старшего один младший; удалите одну из строк",
    "junior {id} mentors {count} seniors ({pairs}) but has capacity {capacity}":
        "младший {id} ведёт старших: {count} ({pairs}), а может не больше {capacity}",
    "raise their capacity in the roster or change the pairs":
        "увеличьте capacity в списке участников или измените пары",
    "{column} is empty": "столбец {column} не заполнен",
    "fill it in or delete the row": "заполните его или удалите строку",
    "'{id}' is a senior, not a junior": "'{id}' — старший, а не младший",
    "check that senior_id and junior_id are not swapped": "проверьте, не перепутаны ли senior_id и junior_id",
    "unknown senior '{id}'": "неизвестный старший '{id}'",
    "unknown junior '{id}'": "неизвестный младший '{id}'",
    "did you mean '{suggestion}'?": "возможно, имелся в виду '{suggestion}'?",
    "the id must be in the roster; fix it or the roster": "такого id нет в списке участников; исправьте его или список",
    "'{value}' is not a valid id": "'{value}' — недопустимый id",
    "ids use Latin letters, digits, _ . - and start with a letter or digit":
        "id состоит из латинских букв, цифр и знаков _ . - и начинается с буквы или цифры",
    # calendar files
    "{program}: {senior} and {junior}": "{program}: {senior} и {junior}",
    "Pair {pair}: {senior} (senior) and {junior} (junior)": "Пара {pair}: {senior} (старший) и {junior} (младший)",
    "Session {n} of {total}": "Встреча {n} из {total}",
    "Goal: {goal}": "Цель: {goal}",
    "Before the next session: {assignment}": "Задание к следующей встрече: {assignment}",
    "Moved from {date} {time} ({why})": "Перенесено с {date} {time} ({why})",
    "Please confirm this time: it is outside the availability one of you gave":
        "Подтвердите, пожалуйста, это время: оно вне свободного времени, которое указал один из вас",
    "(to be confirmed by the pair)": "(пара должна подтвердить время)",
    "{url} (put the pair id, e.g. {example}, in place of {{pair_id}})":
        "{url} (вместо {{pair_id}} — номер пары, например {example})",
    "Chat": "Чат",
    "Idea board": "Доска идей",
    "Video call": "Видеосвязь",
    "Program: {start} to {end}, a session every {weeks} weeks, {minutes} min. Times are in {tz}.":
        "Программа: с {start} по {end}, встреча раз в {weeks} нед., {minutes} мин. Время указано по {tz}.",
    "{n} pair": ("{n} пара", "{n} пары", "{n} пар"),
    "{n} session": ("{n} встреча", "{n} встречи", "{n} встреч"),
    "{n} moved for a day off": ("{n} перенесена из-за выходного", "{n} перенесены из-за выходных",
                                "{n} перенесено из-за выходных"),
    "{n} file": ("{n} файл", "{n} файла", "{n} файлов"),
    "Pairs": "Пары",
    "Pair": "Пара",
    "Weekly slot": "Время встреч",
    "Sessions": "Встреч",
    "First": "Первая",
    "Last": "Последняя",
    "Moved": "Перенесено",
    "(changes with the clocks)": "(меняется при переводе часов)",
    "Not scheduled": "Не в расписании",
    "Days off in the program": "Выходные и праздники за время программы",
    "Date": "Дата",
    "Time": "Время",
    "Session": "Встреча",
    "Topic": "Тема",
    "(moved from {date}: {why})": "(перенесена с {date}: {why})",
    "Sessions not held": "Отменённые встречи",
    "Links": "Ссылки",
    # the command
    "Sessions ({tz})": "Встречи ({tz})",
    "* the time changes in some weeks because the clocks change":
        "* из-за перевода часов в некоторые недели время другое",
    "Wrote {files} to {out}: {pairs}, {sessions}": "Записано в {out}: {files}; {pairs}, {sessions}",
    "{count} pair(s) cannot be scheduled (times in {tz})": "пар, которым не нашлось времени: {count} (время по {tz})",
    "widen their availability windows or the working hours, change the pairs, "
    "or use --allow-partial to schedule the others":
        "расширьте свободное время участников или рабочие часы, измените пары "
        "или добавьте --allow-partial, чтобы составить расписание для остальных",
    "Matched {n} pairs on the fly; pass --pairs to schedule a saved pairs.csv":
        "Пары подобраны заново ({n}); чтобы взять сохранённый pairs.csv, укажите --pairs",
    "{pair} is not scheduled: {reason}": "{pair} не в расписании: {reason}",
    "{pair} ({senior} / {junior}): {reason}{alternatives}": "{pair} ({senior} / {junior}): {reason}{alternatives}",
}
