"""Dates and times as the reader says them. A builtin library (settings.TEMPLATES), so that every
template gets these without loading them:

- ``date`` and ``time``: Django's filters, with a French time on the hour said « 19 h » rather
  than « 19 h 00 » (core/formats/__init__.py says why the formats cannot do it alone).
- ``ago``: how long ago, in one unit, as people say it: « à l’instant », « il y a 5 minutes »,
  « hier », « il y a 3 semaines ». Django's timesince and naturaltime give two units
  (« 1 semaine, 2 jours »), which nobody says.
"""

from datetime import datetime

from django import template
from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.formats import hours_as_spoken

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if arg == "c" and isinstance(value, datetime):
        # What Django's "c" gives, without its formatter: every post's <time datetime> asks.
        return value.isoformat()
    return hours_as_spoken(defaultfilters.date(value, arg))


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    return hours_as_spoken(defaultfilters.time(value, arg))


@register.filter
def ago(value, now=None) -> str:
    """``{{ post.created_at|ago }}``. Days are counted between the reader's calendar dates:
    yesterday at 23:00 is « hier » at one in the morning, once it is more than a day old."""
    if not isinstance(value, datetime):
        return ""
    now = now or timezone.now()
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    seconds = (now - value).total_seconds()
    if seconds < 60:  # a clock a little ahead counts as now too
        return gettext("just now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes) % {
            "count": minutes
        }
    hours = minutes // 60
    if hours < 24:
        return ngettext("%(count)s hour ago", "%(count)s hours ago", hours) % {"count": hours}
    days = (timezone.localdate(now) - timezone.localdate(value)).days
    if days <= 1:
        return gettext("yesterday")
    if days < 7:
        return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": days}
    if days < 30:
        weeks = days // 7
        return ngettext("%(count)s week ago", "%(count)s weeks ago", weeks) % {"count": weeks}
    if days < 365:
        months = days // 30
        return ngettext("%(count)s month ago", "%(count)s months ago", months) % {"count": months}
    years = days // 365
    return ngettext("%(count)s year ago", "%(count)s years ago", years) % {"count": years}
