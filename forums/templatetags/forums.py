from django import template

register = template.Library()


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


@register.simple_tag
def author_cards_prepare(posts) -> str:
    """``{% author_cards_prepare posts %}`` inside the posts' fragment: the trades their author
    cards show, read in one query when the fragment is rendered (none when its copy is
    served). Outputs nothing."""
    from members.selectors import card_trades_attach

    card_trades_attach(post.author for post in posts)
    return ""
