"""The strings table (content/tekster/<sprog>.yml) is content: editors translate and reword it. The code fills some
of its texts with values (``t('run_title', title=…)``, ``str.format``, ``Markup.format``), so a placeholder the code
does not pass (``{x}``), a lone brace or a key missing in the chosen language would stop the build with a traceback.
The loader checks every text against ``PLACEHOLDERS`` — what the code passes for each key — and reports a located
Danish error instead (content.py). ``tests/test_strings.py`` keeps the table equal to the placeholders of the shipped
da.yml, so a new key with a placeholder is added here in the same commit."""
from __future__ import annotations

import string

# key -> the placeholders the code fills in (a text may use fewer); a key not listed takes none
PLACEHOLDERS: dict[str, frozenset[str]] = {
    key: frozenset(names.split())
    for key, names in {
        "listing_count": "n",
        "listing_count_one": "n",
        "see_all": "n",
        "see_all_one": "n",
        "materials_sheet_pdf": "title",
        "duration_hm": "h m",
        "duration_h": "h",
        "duration_m": "m",
        "duration_note_total": "computed stated",
        "duration_note_step": "computed stated step",
        "run_title": "title",
        "run_back": "title",
        "run_next_label": "title",
        "run_position": "n of",
        "agenda_start": "time",
        "pager_status": "page pages",
        "featured_label": "kind",
        "search_results": "n",
        "search_remove": "label",
        "origin_adapted": "org",
        "origin_local": "org",
        "origin_merged": "org",
        "quality_score": "n of",
        "review_due_text": "date",
        "activity_clock": "end start",
        "source_pages": "pages",
        "sources_label_print": "title",
        "used_by_page_title": "title",
        "used_by_page_intro": "title",
        "search_partial": "kept left",
        "search_respelled": "q",
        "search_missing": "words",  # issue 28: search
        "search_missing_filtered": "words",
        "search_unknown": "kept left",
        "search_show_results": "n",
        "fields_quality_levels": "high medium of",
        "level_ranked": "level place",
        "level_place": "rank of",
        "level_place_best": "of",
        "key_facts_more": "n",
        "compare_choose_entry": "title",
        "compare_unknown": "ids",
        "choose_status": "n",
        "plan_noscript": "time",  # issue 30: trainers' start time, durations and room view
        "plan_fit_item": "title",
        "plan_fit_min": "m",
        "plan_fit_status": "total",
        "plan_fit_too_short": "m n total",
        "print_view_title": "title",
        "plan_note_pdf": "start url",
        "plan_note_view": "start",
        "run_presenter_title": "title",
    }.items()
}


def _shown(names) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names))


def problem(key: str, text: str) -> tuple[str, str] | None:
    """(message, hint) in Danish when ``text`` cannot stand for ``key``, else None."""
    allowed = PLACEHOLDERS.get(key, frozenset())
    can = (f"her kan kun {_shown(allowed)} stå" if allowed else f"'{key}' har ingen pladsholdere")
    try:
        fields = [(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:
        return (f"teksten til '{key}' har en '{{' eller '}}' uden sin partner",
                f"{can}; skriv {{{{ og }}}} for en tuborgklamme i selve teksten")
    for name, conversion, spec in fields:
        if name not in allowed or conversion or spec:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return (f"ukendt pladsholder '{written}' i teksten til '{key}'",
                    f"{can}; ret eller fjern '{written}' (skriv {{{{ og }}}} for en tuborgklamme i selve teksten)")
    return None
