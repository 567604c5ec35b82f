"""Russian for participants' wishes (``prefers``, ``--preferences``) and stable matching (issue 19)."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ score component
    "preference": "пожелания",
    "wishes": "пожелания",
    # ------------------------------------------------------------------ loading.py: prefers
    "unknown id '{ref}' in prefers": "неизвестный id '{ref}' в prefers",
    "'{ref}' is on the same side; seniors list juniors and juniors list seniors":
        "'{ref}' — с той же стороны; старшие указывают младших, а младшие — старших",
    "remove it from prefers": "удалите его из prefers",
    "'{ref}' is listed twice in prefers": "'{ref}' указан в prefers дважды",
    "keep it once, at its rank": "оставьте одно упоминание, на нужном месте",
    # ------------------------------------------------------------------ matching.py: stability
    "no stable plan was found within matching.solver.time_limit_seconds":
        "за matching.solver.time_limit_seconds устойчивый план не найден",
    "every stable plan has {n} pairs, but at most {limit} are allowed":
        "в любом устойчивом плане пар: {n}, а разрешено не больше {limit}",
    "every stable plan has {n} pairs, but at least {limit} are required":
        "в любом устойчивом плане пар: {n}, а нужно не меньше {limit}",
    "with max_pairs_per_department = {cap} no plan is stable":
        "при max_pairs_per_department = {cap} устойчивого плана нет",
    "with the pinned pairs no plan is stable": "с закреплёнными парами устойчивого плана нет",
    # ------------------------------------------------------------------ explaining.py: wishes
    "with this pair no plan is stable: {pairs} would rather be together":
        "с этой парой устойчивого плана нет: {pairs} предпочли бы быть вместе",
    "choice {rank}": "выбор {rank}",
    "{choice}, mutual": "{choice}, взаимно",
    "{person} asked for {target} ({choice}): they are paired": "{person} просил(а) {target} ({choice}): они в паре",
    "{person} asked for {target} ({choice}); one is in the other's reporting line, so the wish is reported, "
    "not honoured":
        "{person} просил(а) {target} ({choice}); один из них в линии подчинения другого, поэтому пожелание "
        "только отмечено, но не выполнено",
    "{person} asked for {target} ({choice}); the pair is not allowed: {rules}":
        "{person} просил(а) {target} ({choice}); такая пара запрещена: {rules}",
    "HR pinned another pair": "HR закрепил другую пару",
    "{person} asked for {target} ({choice}); the plan pairs {target} with {others} because {why}":
        "{person} просил(а) {target} ({choice}); в плане {target} в паре с {others}, потому что {why}",
    "{person} asked for {target} ({choice}); the plan leaves {target} without a partner because {why}":
        "{person} просил(а) {target} ({choice}); в плане {target} без пары, потому что {why}",
    "Wishes": "Пожелания",
    # ------------------------------------------------------------------ match output and the brief
    "Wishes granted: first choice for {first} of {people}, any choice for {any} of {people}, "
    "mutual wishes {mutual_granted} of {mutual}":
        "Пожелания выполнены: первый выбор — у {first} из {people}, любой из выборов — у {any} из {people}, "
        "взаимные пожелания — {mutual_granted} из {mutual}",
    "{person} asked for {target}; not honoured: {rules}": "{person} просил(а) {target}; не выполнено: {rules}",
    "Stable: no two people would both rather be together than with their partners":
        "Устойчиво: нет двоих, кто оба предпочли бы друг друга своим парам",
    "No stable plan is possible: {why}": "Устойчивый план невозможен: {why}",
    "{n} blocking pair (both would rather be together): {pairs}": (
        "{n} блокирующая пара (оба предпочли бы быть вместе): {pairs}",
        "{n} блокирующие пары (оба предпочли бы быть вместе): {pairs}",
        "{n} блокирующих пар (оба предпочли бы быть вместе): {pairs}",
    ),
    "Stable plan: no two people would both rather be together than with their partners.":
        "План устойчив: нет двоих, кто оба предпочли бы друг друга своим парам.",
    "{n} blocking pair": ("{n} блокирующая пара", "{n} блокирующие пары", "{n} блокирующих пар"),
    "mutual wish (choices {a} and {b})": "взаимное пожелание (выборы {a} и {b})",
    "the senior's wish (choice {rank})": "пожелание старшего (выбор {rank})",
    "the junior's wish (choice {rank})": "пожелание младшего (выбор {rank})",
}
