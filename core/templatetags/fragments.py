"""``{% fragment "name" value… %}…{% endfragment %}``: a part of a page that is the same for
every reader, cached and shared between them.

Sharing is opt-in and keyed by everything the part shows: the values given, the language and
timezone it is rendered in, and the generation of the whole site (core/pagecache.py: names,
pictures and trades of members, boards), so that a renamed member or board shows at once; and
the generations of the scopes it names (``scope=…``), for what its values cannot say. Put
nothing in a fragment that depends on who reads it (``user``, ``request``, the reader's likes or
read marks): those stay outside, in the page, from the reader's own queries. A fragment rendered
while the page cache is off (``PAGE_CACHE_SECONDS=0``) is simply rendered.

A fragment may hold forms and scripts: it is rendered with stand-ins for the reader's CSRF token
and script nonce, stored with them, and each reader gets it with their own token and nonce put in
their place. The stand-ins are derived from ``SECRET_KEY``, so that the processes sharing the
cache agree on them and no template or user text can write them.

Fragments live ``PAGE_CACHE_SECONDS`` at most, which bounds what changes with time alone
(“3 minutes ago”), as for the visitors' pages. Each process keeps the fragments it used last:
since a key names everything its fragment shows, a copy is good until it expires, and a page of
twenty posts costs no round trip to the shared cache once they are warm.
"""

import hashlib
import time

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from core import pagecache

register = template.Library()

KEY_PREFIX = "fragment"
# What a fragment gets instead of the reader's CSRF token and nonce while it is rendered to be
# shared, and what is replaced by theirs when it is shown.
_STAND_IN = salted_hmac(
    "core.templatetags.fragments", "reader-secrets", algorithm="sha256"
).hexdigest()[:32]
CSRF_STAND_IN = f"reader-secret-csrf-{_STAND_IN}"
NONCE_STAND_IN = f"reader-secret-nonce-{_STAND_IN}"
# Most are a post's parts (about 2 kB); a topic page's posts together are about 40 kB: at most
# 4,096 of them, and 16 MB of text, per process.
PROCESS_FRAGMENTS = 4096
PROCESS_FRAGMENTS_BYTES = 16 * 1024 * 1024

process_fragments = pagecache.ProcessCopies(
    max_entries=PROCESS_FRAGMENTS, max_bytes=PROCESS_FRAGMENTS_BYTES
)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values, scopes=()):
        self.nodelist = nodelist
        self.name = name
        self.values = values
        self.scopes = scopes

    def render(self, context):
        scopes = [pagecache.SITE, *(str(scope.resolve(context)) for scope in self.scopes)]
        generations = pagecache.current_generations(scopes)
        if generations is None:  # caching off, or a generation just lost
            return self.nodelist.render(context)
        shown = [str(value.resolve(context)) for value in self.values]
        shown += [
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            *generations,
        ]
        digest = hashlib.sha256("\x1f".join(shown).encode()).hexdigest()
        key = f"{KEY_PREFIX}:{self.name}:{digest}"
        stored = process_fragments.get(key, ()) or cache.get(key)
        if stored is None:
            with context.push(csrf_token=CSRF_STAND_IN, csp_nonce=NONCE_STAND_IN):
                content = self.nodelist.render(context)
            stored = {
                "generations": (),  # the key names them already
                # Kept by the process no longer than by the shared cache.
                "expires_at": time.time() + settings.PAGE_CACHE_SECONDS,
                "content": content,
            }
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        process_fragments.put(key, stored)
        content = stored["content"]
        for stand_in, name in ((CSRF_STAND_IN, "csrf_token"), (NONCE_STAND_IN, "csp_nonce")):
            if stand_in in content:
                # As {% csrf_token %} and {{ csp_nonce }} would: nothing where the page has none.
                own = context.get(name)
                own = "" if own is None or str(own) == "NOTPROVIDED" else str(own)
                if not own and name == "csrf_token":
                    return self.nodelist.render(context)
                content = content.replace(stand_in, own)
        return mark_safe(content)  # noqa: S308 - the template's own output, escaped when rendered


@register.tag
def fragment(parser, token):
    """``{% fragment "post-body" post.pk post.edited_at … %}``: a name, then every value the
    fragment shows or depends on; ``scope=…`` (any number) adds a page-cache scope whose
    generation keys it too, for what its values cannot name (a topic's tags)."""
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
    values = [parser.compile_filter(bit) for bit in bits[2:] if not bit.startswith("scope=")]
    scopes = [
        parser.compile_filter(bit.removeprefix("scope="))
        for bit in bits[2:]
        if bit.startswith("scope=")
    ]
    return FragmentNode(nodelist, name[1:-1], values, scopes)
