from django import template

from moderation.selectors import reports_open_count

register = template.Library()


@register.simple_tag
def reports_waiting() -> int:
    return reports_open_count()
