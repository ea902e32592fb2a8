"""``{% fragment "name" value… %}…{% endfragment %}``: a part of a page that is the same for
every reader, cached and shared between them.

Sharing is opt-in and keyed by everything the part shows: the values given, the language and
timezone it is rendered in, and the generation of the whole site (core/pagecache.py: names,
pictures and trades of members, boards), so that a renamed member or board shows at once. Put
nothing in a fragment that depends on who reads it (``user``, ``request``, the reader's likes or
read marks): those stay outside, in the page, from the reader's own queries. A fragment rendered
while the page cache is off (``PAGE_CACHE_SECONDS=0``) is simply rendered.

Fragments live ``PAGE_CACHE_SECONDS`` at most, which bounds what changes with time alone
(“3 minutes ago”), as for the visitors' pages.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core import pagecache

register = template.Library()

KEY_PREFIX = "fragment"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        generations = pagecache.current_generations([pagecache.SITE])
        if generations is None:  # caching off, or the site's generation just lost
            return self.nodelist.render(context)
        shown = [str(value.resolve(context)) for value in self.values]
        shown += [
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            *generations,
        ]
        digest = hashlib.sha256("\x1f".join(shown).encode()).hexdigest()
        key = f"{KEY_PREFIX}:{self.name}:{digest}"
        content = cache.get(key)
        if content is None:
            content = self.nodelist.render(context)
            if not _holds_secrets(context, content):
                cache.set(key, content, settings.PAGE_CACHE_SECONDS)
        return mark_safe(content)  # noqa: S308 - the template's own output, escaped when rendered


def _holds_secrets(context, content: str) -> bool:
    """A form's CSRF token or the page's script nonce is the reader's own: a fragment holding
    one is rendered for this reader only, never stored."""
    if "csrfmiddlewaretoken" in content:
        return True
    nonce = context.get("csp_nonce")
    return bool(nonce) and str(nonce) in content


@register.tag
def fragment(parser, token):
    """``{% fragment "post-body" post.pk post.edited_at … %}``: a name, then every value the
    fragment shows or depends on."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            "{% fragment %} takes a quoted name and the values the fragment shows."
        )
    name = bits[1]
    if not (name[0] == name[-1] and name[0] in "\"'"):
        raise template.TemplateSyntaxError("{% fragment %}'s name must be quoted.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name[1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
