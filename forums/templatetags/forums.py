from django import template

from ..models import Topic

register = template.Library()


@register.simple_tag
def topic_unread_count(topic, member) -> int:
    """Posts a member has not read in a topic: -1 for a topic never opened, 0 when read.

    Reads the annotations of forums.selectors (no query); for visitors there is nothing unread.
    What was quiet before the member joined, or before they marked the board read, is read.
    """
    if not hasattr(topic, "my_last_read") or not topic.last_post_at:
        return 0
    marked_at = getattr(topic, "category_marked_at", None)
    if marked_at and topic.last_post_at <= marked_at:
        return 0
    if topic.my_last_read is None:
        return -1 if topic.last_post_at > member.date_joined else 0
    # Up to the last post readers see: replies held for approval or hidden after it are not
    # news to them (the lists load last_post with the row).
    last_number = topic.last_post_number
    if topic.last_post_id and Topic.last_post.is_cached(topic):
        last_number = topic.last_post.number
    return max(0, last_number - topic.my_last_read)


@register.filter
def jsonld(value) -> str:
    """JSON for a <script type="application/ld+json">, escaped like Django's json_script."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils.html import _json_script_escapes
    from django.utils.safestring import mark_safe

    return mark_safe(  # noqa: S308 - the escapes make it inert inside <script>
        json.dumps(value, cls=DjangoJSONEncoder).translate(_json_script_escapes)
    )
