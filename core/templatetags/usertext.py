"""Members' rendered text in other places than its own: ``{{ post.body_html|excerpt:160 }}``
shows its start as plain text, never its Markdown signs nor its tags."""

from django import template

from core.usertext import html_excerpt

register = template.Library()


@register.filter
def excerpt(html: str, max_chars: int) -> str:
    return html_excerpt(html or "", int(max_chars))
