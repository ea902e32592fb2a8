"""Filters for a template that must name a value by another: ``{{ mapping|get:key }}`` (the
reader's state of the topic a list row shows, forums/selectors.py ``ReaderState``), and the
reader's relation to a thing, to key a shared fragment by it (core/templatetags/fragments.py)."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def equals(value, other) -> bool:
    """``{% fragment … post.author_id|equals:user.pk %}``: keys a shared fragment by whether the
    reader wrote the post, not by who the reader is."""
    return value == other


@register.filter
def among(value, values) -> bool:
    """``{% fragment … post.pk|among:reader.liked_post_ids %}``: keys a shared fragment by
    whether the reader liked the post, not by everything the reader liked."""
    return value in values if values else False
