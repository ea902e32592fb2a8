"""``reverse()`` for the links a page repeats for every row (a post's permalink, its author's
profile): each address is worked out once per process, not once per link. A topic page of
twenty posts asked the resolver forty times for them."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Addresses of members, posts and topics: a few hundred bytes each, 8,192 at most per process.
CACHED_ADDRESSES = 8192


@lru_cache(maxsize=CACHED_ADDRESSES)
def _reversed(viewname: str, args: tuple, prefix: str, urlconf: str | None, root: str) -> str:
    return reverse(viewname, args=args, urlconf=urlconf)


def reverse_cached(viewname: str, *args) -> str:
    """``reverse(viewname, args=args)``, kept by the process: keyed by everything an address
    depends on here (the script prefix, the request's URLconf, the project's), since the URLs
    do not change with the language."""
    return _reversed(viewname, args, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
