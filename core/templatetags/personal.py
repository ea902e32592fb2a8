"""``{% personal %}`` and ``{% personal_value %}``: the holes of core/personal.py."""

from django import template
from django.utils.safestring import mark_safe

from core.personal import HOLES, value_marker, variant_end, variant_start

register = template.Library()


def _for_member(context) -> bool:
    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return bool(user is not None and user.is_authenticated)


def _key(values) -> str:
    """The hole's key: its ids and numbers, dot-separated ("" for a missing one)."""
    return ".".join("" if value in (None, "") else str(int(value)) for value in values)


class PersonalNode(template.Node):
    def __init__(self, kind, key_expressions, nodelist):
        self.kind = kind
        self.key_expressions = key_expressions
        self.nodelist = nodelist

    def render(self, context) -> str:
        kind = self.kind.resolve(context)
        hole = HOLES[kind]
        if not _for_member(context):
            if hole.visitor is None:
                return ""
            with context.push(variant=hole.visitor):
                return self.nodelist.render(context)
        key = _key(expression.resolve(context) for expression in self.key_expressions)
        forms = []
        for variant in hole.variants:
            with context.push(variant=variant):
                forms.append(
                    variant_start(kind, key, variant)
                    + self.nodelist.render(context)
                    + variant_end()
                )
        return mark_safe("".join(forms))  # noqa: S308 - markers around rendered template text


@register.tag
def personal(parser, token):
    """``{% personal "kind" key… %}…{% endpersonal %}``: the body is written once per form of
    the hole, ``variant`` naming the form; each member is sent theirs, a visitor the visitors'."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% personal %} needs the kind of hole.")
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    return PersonalNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )


@register.simple_tag(takes_context=True)
def personal_value(context, kind: str, *key):
    """``{% personal_value "kind" key… %}``: the member's value, filled in for each member."""
    hole = HOLES[kind]
    if not _for_member(context):
        return mark_safe(hole.visitor or "")  # noqa: S308 - constant HTML of the hole
    return mark_safe(  # noqa: S308 - a marker of digits and names
        value_marker(kind, _key(key))
    )
