"""Quality signals: how well an initiative is described, and whether its review is due.

The criteria follow Socialstyrelsen's Vidensportal (target group, method, implementation, effect, economy) and the
Dutch NJi's "well-founded" level (target group, goals, approach, expertise/preconditions, quality assurance,
costs). Only which parts are filled is judged, never their content."""
from __future__ import annotations

import os
from datetime import UTC, date, datetime

from catalogue.model.initiative import Initiative

CRITERIA = [  # key (strings: quality_<key>), the fields that fill it (field reference, editors), test
    ("target_group", ["maalgrupper"], lambda e: bool(e.target_groups)),
    ("goals", ["maalsaetninger"], lambda e: bool(e.goals)),
    ("method", ["metode"], lambda e: bool(e.method)),
    ("implementation", ["implementering", "forloeb"], lambda e: bool(e.implementation or e.course)),
    ("preconditions", ["opmaerksomhedspunkter", "implementering.krav"],
     lambda e: bool(e.attention or (e.implementation and e.implementation.requirements))),
    ("quality_assurance", ["evaluering"], lambda e: bool(e.evaluation)),
    ("effect", ["resultater", "dokumentation"], lambda e: bool(e.results or e.documentation)),
    ("economy", ["oekonomi"], lambda e: bool(e.economy)),
]
HIGH, MEDIUM = 7, 4  # parts needed for "Godt beskrevet" and "Delvist beskrevet"
LEVELS = ("high", "medium", "low")  # description levels (strings: quality_level_<level>)
REVIEW_STATES = ("ok", "due", "never")  # review states (strings: review_<state>)
# The editors' filters: entry pages mark the description level as 'beskrivelse' and the review state as
# 'gennemgang' (templates/pages/_entry_head.html). The public search does not offer them (issue 28); the editors'
# page (content/sider/redaktoerer.md) links to the search with them in its address.


def description(entry) -> dict | None:
    """{'met': [...keys], 'missing': [...], 'score': n, 'of': 8, 'level': 'high'|'medium'|'low'} for initiatives."""
    if not isinstance(entry, Initiative):
        return None
    met = [k for k, _, test in CRITERIA if test(entry)]
    n = len(met)
    level = "high" if n >= HIGH else "medium" if n >= MEDIUM else "low"
    return {"met": met, "missing": [k for k, _, _ in CRITERIA if k not in met], "score": n, "of": len(CRITERIA),
            "level": level}


def explained() -> dict:
    """For the field reference: each part with the fields that fill it, and how many parts each level needs."""
    return {"parts": [{"key": key, "fields": fields} for key, fields, _ in CRITERIA], "high": HIGH, "medium": MEDIUM,
            "of": len(CRITERIA)}


def build_day() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return (datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)).date()


def review(entry, months: int, today: date | None = None) -> dict:
    """{'state': 'ok'|'due'|'never', 'due': date|None} — due when last_reviewed + months is before the build day."""
    today = today or build_day()
    last = getattr(entry, "last_reviewed", None)
    if last is None:
        return {"state": "never", "due": None}
    y, m = divmod(last.month - 1 + months, 12)
    year, month = last.year + y, m + 1
    day = min(last.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31,
                         30, 31, 30, 31][month - 1])
    due = date(year, month, day)
    return {"state": "due" if due < today else "ok", "due": due}
