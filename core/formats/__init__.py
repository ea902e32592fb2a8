"""Dates and times in the reader's language (the format modules are ``core.formats.<language>``).

French writes a time on the hour without its minutes, « 19 h » but « 19 h 30 », as English
writes "7 p.m." but "7:30 p.m.". Django's "P" does that for English; no format letter does it
for French, so the French formats say « 19 h 00 » and these helpers, and the template filters
``date`` and ``time`` (core/templatetags/dates.py), drop the « 00 ». Python code that writes a
date or time for a reader uses them rather than django.utils.formats.
"""

import re

from django.utils import formats, translation

# Only what the French formats write: the hour, « h », two zeros, at the end of a time.
_FRENCH_ON_THE_HOUR = re.compile(r"\b(\d{1,2})\u00a0h\u00a000\b")


def hours_as_spoken(text: str) -> str:
    """« 19 h 00 » → « 19 h » in French; any other text, or language, as it is."""
    # Most texts hold no time on the hour: they return before the language and the expression.
    if "\u00a0h\u00a000" not in text or not (translation.get_language() or "").startswith("fr"):
        return text
    return _FRENCH_ON_THE_HOUR.sub("\\1\u00a0h", text)


def date_format(value, format: str | None = None) -> str:
    return hours_as_spoken(formats.date_format(value, format))


def time_format(value, format: str | None = None) -> str:
    return hours_as_spoken(formats.time_format(value, format))
