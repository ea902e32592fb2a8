"""``{{ mapping|get:key }}``: a value of a dict by a key the template holds (the reader's state
of the topic a list row shows, forums/selectors.py ``ReaderState``)."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
