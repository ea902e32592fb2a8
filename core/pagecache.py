"""Whole pages kept in the cache for visitors, who make most of a forum's traffic.

Only visitors: a signed-in member is never served a stored page, and a member's render is never
stored. Members' pages stay fast another way: the parts that never depend on the reader (a post,
a topic row) are cached as fragments keyed by what they show (core/templatetags/fragments.py),
and the reader's own state comes from their own small queries.

A visitor's page of the boards is the same for every visitor who reads it in the same language
and timezone, except for two values that must stay unique to each response: the CSRF token of the
forms (the language switcher) and the nonce of the inline scripts. The stored copy carries secret
placeholders instead, and each response gets its own token and nonce.

Freshness: every copy is tagged with the *generations* of the scopes it was rendered from: the
whole site (``SITE``: names, pictures, boards) and what the view names (forums/page_cache.py: the
lists, or one topic). Any write a visitor could see (a post, a like, a moderator hiding something,
a member's new name) starts a new generation of its scopes once its transaction commits, so the
next visitor gets a fresh page: nothing published, edited or hidden waits for a timeout (other
processes trust the generations they read for a tenth of a second, see below). A like
refreshes its topic's pages only; a reply, its topic and the lists. What changes with time alone
(“3 minutes ago”) is at most ``PAGE_CACHE_SECONDS`` old.

Visitors with a session (a message waiting, a form half filled) are never served from here.
"""

import functools
import hashlib
import re
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

GENERATION_KEY_PREFIX = "pagecache:generation"
SITE = "site"
PAGE_KEY_PREFIX = "pagecache:page"
# The response headers a stored page does not keep: cookies are set again for each response.
UNREPLAYED_HEADERS = frozenset({"set-cookie"})
# The parameters of the board pages (lists, topic pages, search); the longest search fits.
QUERY_PARAMETERS = frozenset(
    {"page", "view", "tag", "tags", "q", "category", "author", "since", "solved"}
)
MAX_QUERY_STRING = 400
# How long a process trusts the generations it read: a write made in another process shows in
# this one's pages at most this late (in its own, at once). Saves a Redis read per request.
GENERATIONS_TRUSTED_SECONDS = 0.1
MAX_GENERATIONS_READ = 10_000
# How many pages each process keeps in memory besides the shared cache (about 40 kB each).
PROCESS_COPIES = 256
# What a masked CSRF token looks like (django.middleware.csrf: 64 letters and digits).
CSRF_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Where whitespace is the text itself: code blocks of posts, the reply box.
WHITESPACE_KEPT = re.compile(
    rb"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL | re.IGNORECASE
)
INDENTED_LINES = re.compile(rb"\n\s+")


@functools.cache
def _placeholder(name: str) -> bytes:
    # Derived from SECRET_KEY: text a member writes cannot guess it and have a token put in it.
    digest = salted_hmac("pagecache.placeholder", name, algorithm="sha256").hexdigest()[:24]
    return f"pagecache-{name}-{digest}".encode()


def invalidate(*scopes: str) -> None:
    """Starts a new generation of the scopes once the current transaction commits (at once
    outside one): the pages rendered from them are stale from then on."""
    if settings.PAGE_CACHE_SECONDS > 0:
        transaction.on_commit(lambda: _new_generations(scopes), robust=True)


def _generation_key(scope: str) -> str:
    return f"{GENERATION_KEY_PREFIX}:{scope}"


def _new_generations(scopes) -> None:
    generations = {scope: uuid.uuid4().hex for scope in scopes}
    # No expiry: a generation that vanished would only cost one render of each page.
    cache.set_many(
        {_generation_key(scope): generation for scope, generation in generations.items()},
        timeout=None,
    )
    generations_read.put(generations)  # this process sees its own writes at once


def _page_key(request) -> str:
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    language = translation.get_language()
    timezone_name = timezone.get_current_timezone_name()
    return f"{PAGE_KEY_PREFIX}:{language}:{timezone_name}:{url}"


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        # Every other address is one more copy: made-up parameters get a fresh page instead.
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
        and all(name in QUERY_PARAMETERS for name in request.GET)
        and "messages" not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def _servable_to_visitor(request) -> bool:
    return (
        not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _cacheable_request(request)
    )


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")
        # A cookie other than the CSRF one (set later by its middleware) is for this visitor.
        and not response.cookies
    )


def compact(content: bytes) -> bytes:
    """The page without the templates' indentation and blank lines, which a browser collapses
    anyway: a tenth of a topic page, sent with every copy. Left alone inside <pre> and
    <textarea>, where they are text."""
    pieces = WHITESPACE_KEPT.split(content)
    # split() with a group alternates: text, kept, text, kept, …, text.
    pieces[::2] = [INDENTED_LINES.sub(b"\n", piece) for piece in pieces[::2]]
    return b"".join(pieces)


def _compacted(response):
    if response.status_code == 200 and not response.streaming:
        response.content = compact(response.content)
    return response


def _stored_copy(request, response, generations) -> dict:
    # Kept as the bytes sent: a cached page is neither decoded nor encoded again.
    content = _without_csrf_tokens(request, response.content)
    nonce = get_nonce(request)
    if nonce:  # generated only if the page used it
        content = content.replace(str(nonce).encode(), _placeholder("nonce"))
    return {
        "generations": generations,
        # Kept by the shared cache and by each process until the same moment.
        "expires_at": time.time() + settings.PAGE_CACHE_SECONDS,
        "content": content,
        "headers": {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in UNREPLAYED_HEADERS
        },
    }


def _without_csrf_tokens(request, content: bytes) -> bytes:
    """The page with every token of this visitor's CSRF secret replaced by the placeholder,
    wherever the templates put one (a form's hidden input, a meta tag, a data attribute)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:  # no template asked for a token
        return content

    def replaced(match):
        token = match.group().decode()
        # Django masks the secret anew for each token: unmasked, each gives the secret. (A
        # private helper of Django's, the same since 4.1: the one way to recognise a token.)
        if _unmask_cipher_token(token) == secret:
            return _placeholder("csrf")
        return match.group()

    return CSRF_TOKEN_LIKE.sub(replaced, content)


def _replayed(request, copy: dict) -> HttpResponse:
    content = copy["content"]
    if _placeholder("nonce") in content:
        content = content.replace(_placeholder("nonce"), str(get_nonce(request)).encode())
    if _placeholder("csrf") in content:
        # Each form gets a freshly masked token, as {% csrf_token %} would give it.
        content = content.replace(_placeholder("csrf"), get_token(request).encode())
    response = HttpResponse(content)
    for name, value in copy["headers"].items():
        response[name] = value
    return response


class ProcessCopies:
    """What this process served last (pages here, fragments in core/templatetags/fragments.py),
    so that a hit costs no round trip to the shared cache. Bounded in number, in size (the
    length of their content) and in age; an entry stored with other generations than those
    asked for is stale."""

    def __init__(self, max_entries: int, max_bytes: int | None = None):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(stored: dict) -> int:
        return len(stored.get("content") or b"")

    def get(self, key: str, generations: tuple[str, ...]) -> dict | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is None:
                return None
            if stored["generations"] != generations or stored["expires_at"] < time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return stored

    def put(self, key: str, stored: dict) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = stored
            self._bytes += self._size(stored)
            while len(self._entries) > self.max_entries or (
                self.max_bytes is not None and self._bytes > self.max_bytes and self._entries
            ):
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self._bytes -= self._size(self._entries.pop(key))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


process_copies = ProcessCopies(max_entries=PROCESS_COPIES)


class _GenerationsRead:
    """The generations this process read last, and when. Trusted for GENERATIONS_TRUSTED_SECONDS:
    a burst of visitors costs one Redis read per scope in that time rather than one each."""

    def __init__(self):
        self._read: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get(self, scopes: list[str]) -> tuple[str, ...] | None:
        now = time.monotonic()
        with self._lock:
            entries = [self._read.get(scope) for scope in scopes]
        if any(entry is None or now - entry[1] > GENERATIONS_TRUSTED_SECONDS for entry in entries):
            return None
        return tuple(generation for generation, _read_at in entries)

    def put(self, generations: dict[str, str]) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._read) > MAX_GENERATIONS_READ:  # one per topic read: drop the stale
                self._read = {
                    scope: entry
                    for scope, entry in self._read.items()
                    if now - entry[1] <= GENERATIONS_TRUSTED_SECONDS
                }
            self._read.update((scope, (value, now)) for scope, value in generations.items())

    def clear(self) -> None:
        with self._lock:
            self._read.clear()


generations_read = _GenerationsRead()


def _current_generations(scopes: list[str]) -> tuple[str, ...] | None:
    """The scopes' generations, from this process's last read if recent, else read in one round
    trip; None when one is missing (never written, or lost by the cache), which is then started."""
    generations = generations_read.get(scopes)
    if generations is not None:
        return generations
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [scope for scope, key in zip(scopes, keys, strict=True) if key not in found]
    if missing:
        for scope in missing:
            cache.add(_generation_key(scope), uuid.uuid4().hex, timeout=None)
        return None
    generations_read.put({scope: found[key] for scope, key in zip(scopes, keys, strict=True)})
    return tuple(found[key] for key in keys)


def _copy_for(key: str, generations: tuple[str, ...]) -> dict | None:
    stored = process_copies.get(key, generations)
    if stored is None:
        stored = cache.get(key)
        if stored is None or stored["generations"] != generations:
            return None
        process_copies.put(key, stored)
    return stored


def _store(key: str, request, response, generations) -> None:
    stored = _stored_copy(request, response, generations)
    cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    process_copies.put(key, stored)


def current_generations(scopes: list[str]) -> tuple[str, ...] | None:
    """The scopes' current generations (None while one is missing), for caches of parts of
    pages that must be as fresh as the pages (core/templatetags/fragments.py)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    return _current_generations(scopes)


def cache_page_for_visitors(scopes):
    """Serves visitors the stored copy of the page while the generations of its scopes are
    those it was rendered from, and renders and stores it otherwise. Signed-in members, and
    visitors with a session, always get the view itself, and their render is never stored.

    ``scopes(request, *args, **kwargs)`` names what the page shows besides the whole site.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _servable_to_visitor(request):
                return view(request, *args, **kwargs)
            key = _page_key(request)
            generations = _current_generations([SITE, *scopes(request, *args, **kwargs)])
            if generations is None:
                return view(request, *args, **kwargs)
            stored = _copy_for(key, generations)
            if stored is not None:
                return _replayed(request, stored)
            response = _compacted(view(request, *args, **kwargs))
            # The view may have signed someone in or started a session: then the page is theirs.
            if _storable(response) and not request.user.is_authenticated:
                _store(key, request, response, generations)
            return response

        return wrapper

    return decorator
