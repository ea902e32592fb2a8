"""``{% topic_asides topic %}`` and ``{% new_topic_asides form %}``: what the apps built on the
forums put beside a discussion and above the new-topic form (forums/hooks.py), rendered with the
page's context."""

from django import template
from django.utils.safestring import mark_safe

from .. import hooks

register = template.Library()


def _rendered(context, asides: list[hooks.Aside]) -> str:
    parts = []
    for aside in asides:
        # As {% include %} does: the page's context, with the aside's own on top.
        piece = context.template.engine.get_template(aside.template)
        with context.push(**aside.context):
            parts.append(piece.render(context))
    return mark_safe("".join(parts))  # noqa: S308 - templates' own output, escaped when rendered


def _reader(context):
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return user


@register.simple_tag(takes_context=True)
def topic_asides(context, topic) -> str:
    return _rendered(context, hooks.topic_asides(topic=topic, user=_reader(context)))


@register.simple_tag(takes_context=True)
def new_topic_asides(context, form) -> str:
    """For the board the form opens on: the one sent back with it, else the one it was opened
    for (``?category=`` or the draft), among those the member may post in."""
    cleaned = getattr(form, "cleaned_data", {})
    if "category" in cleaned:  # a form sent back: its board is read already
        category = cleaned["category"]
    else:
        slug = form.data.get("category") if form.is_bound else form.initial.get("category")
        category = form.fields["category"].queryset.filter(slug=slug).first() if slug else None
    return _rendered(context, hooks.new_topic_asides(category=category, user=_reader(context)))
