"""The personal parts of pages that are otherwise the same for every member.

A topic page is the same for every member who reads it, except for a few small parts: the
account menu, whether they liked or bookmarked each post, which posts are theirs to edit, where
they stopped reading. Templates mark those parts as *holes* instead of writing them for one
member, so that the rest of the page can be rendered once and shared (core/pagecache.py):

    {% personal "post-like" post.pk post.author_id %}…{{ variant }}…{% endpersonal %}
        A part with a few fixed forms (“liked”, “not liked”, “their own post”): the template
        writes each form once, and each member gets the one that is theirs.
    {% personal_value "account-menu" %}
        A value computed for each member (their menu, a count of unread posts).

For a visitor the tags write the visitor's form at once: visitors' pages hold no hole. For a
member they write markers, and ``PersonalPartsMiddleware`` fills the holes of every HTML response
from one query, whatever the number of holes: each hole names the *facts* it needs (which of
these posts the member liked, what they read of these topics), every source of facts is a small
SQL query of rows ``(source, key, number, text)``, and all the sources a page needs go to the
database as one ``UNION ALL``. A shared copy is kept ``split`` into text and holes, so that
filling it for a member is a ``join``.

Apps register their holes and sources when they are ready (forums/holes.py, notifications).
The markers carry a secret taken from SECRET_KEY, so that text a member writes cannot open a
hole in someone else's page.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.crypto import salted_hmac


@functools.cache
def _marker_tag() -> bytes:
    digest = salted_hmac("personal.marker", "holes", algorithm="sha256").hexdigest()[:16]
    return f"pp-{digest}".encode()


def variant_start(kind: str, key: str, variant: str) -> str:
    return f"<!--{_marker_tag().decode()}:{kind}:{key}:{variant}-->"


def variant_end() -> str:
    return f"<!--{_marker_tag().decode()}/-->"


def value_marker(kind: str, key: str) -> str:
    return f"<!--{_marker_tag().decode()}={kind}:{key}-->"


@functools.cache
def _holes_pattern() -> re.Pattern:
    tag = re.escape(_marker_tag())
    return re.compile(
        rb"<!--" + tag + rb":([\w-]+):([0-9.]*):(\w+)-->(.*?)<!--" + tag + rb"/-->"
        rb"|<!--" + tag + rb"=([\w-]+):([0-9.]*)-->",
        re.DOTALL,
    )


def has_holes(content: bytes) -> bool:
    return _marker_tag() in content


# --- Sources of facts ------------------------------------------------------------------------

# A source gives, for a member and keys (ids), the SQL of its rows (source, key, number, text)
# and its parameters. Keys without a row are facts too: nothing there. Written in SQL that
# PostgreSQL and SQLite both run: the query runs on every member's page, and the ORM took longer
# to build a union of six sources (about 6 ms, bench/README.md) than PostgreSQL to run it.
Source = Callable[[object, list[int]], tuple[str, list]]
SOURCES: dict[str, Source] = {}
NO_NUMBER = "CAST(NULL AS integer)"
NO_TEXT = "CAST(NULL AS varchar)"


def register_source(name: str, source: Source) -> None:
    SOURCES[name] = source


def placeholders(keys: list) -> str:
    return ", ".join(["%s"] * len(keys))


def register_table_source(
    name: str,
    model,
    key_column: str,
    *,
    member_column: str = "member_id",
    number: str = NO_NUMBER,
    text: str = NO_TEXT,
    condition: str = "",
    condition_params: tuple = (),
) -> None:
    """A source reading one table: the member's rows whose ``key_column`` is one of the keys,
    with ``number`` and ``text`` (columns, or NULL) and an optional extra ``condition``."""
    table = model._meta.db_table
    where = f"{member_column} = %s" + (f" AND {condition}" if condition else "")

    def rows(member, keys):
        return (
            f"SELECT '{name}', {key_column}, {number}, {text} FROM {table}"
            f" WHERE {where} AND {key_column} IN ({placeholders(keys)})",
            [member.pk, *condition_params, *keys],
        )

    register_source(name, rows)


class MemberFacts:
    """What one member's holes need to know, loaded in one query when first asked for."""

    def __init__(self, member):
        self.member = member
        self._wanted: dict[str, set[int]] = defaultdict(set)
        self._loaded: dict[str, set[int]] = defaultdict(set)
        self._rows: dict[str, dict[int, tuple[int | None, str | None]]] = defaultdict(dict)

    def want(self, source: str, key: int) -> None:
        if key not in self._loaded[source]:
            self._wanted[source].add(key)

    def get(self, source: str, key: int) -> tuple[int | None, str | None] | None:
        """The (number, text) row of the source for the key, or None when it has none."""
        if key not in self._loaded[source]:
            self.want(source, key)
            self._load()
        return self._rows[source].get(key)

    def number(self, source: str, key: int) -> int | None:
        row = self.get(source, key)
        return None if row is None else row[0]

    def _load(self) -> None:
        wanted = {source: sorted(keys) for source, keys in self._wanted.items() if keys}
        self._wanted.clear()
        if not wanted:
            return
        branches = [SOURCES[source](self.member, keys) for source, keys in wanted.items()]
        sql = " UNION ALL ".join(branch_sql for branch_sql, _params in branches)
        with connection.cursor() as cursor:
            cursor.execute(sql, [param for _sql, params in branches for param in params])
            rows = cursor.fetchall()
        for source, key, number, text in rows:
            self._rows[source][key] = (number, text)
        for source, keys in wanted.items():
            self._loaded[source].update(keys)


def facts_for(request) -> MemberFacts:
    """The facts of the request's member, shared by everything that fills this response."""
    facts = getattr(request, "_personal_facts", None)
    if facts is None or facts.member is not request.user:
        facts = request._personal_facts = MemberFacts(request.user)
    return facts


# --- Holes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Personal:
    """What a hole is filled from: the request, its member and their facts."""

    request: object
    member: object
    facts: MemberFacts


@dataclass(frozen=True)
class Hole:
    """A kind of hole.

    ``variants``: the forms of a ``{% personal %}`` block, one of which ``choose`` picks for a
    member; ``visitor`` is the form written for visitors (None: nothing). A ``{% personal_value %}``
    hole has ``fill`` instead, giving the member's HTML (``visitor``: the visitors' HTML).
    ``wants`` names the facts the hole needs, from the parts of its key (ints).
    """

    variants: tuple[str, ...] = ()
    visitor: str | None = None
    choose: Callable[[Personal, list[int]], str] | None = None
    fill: Callable[[Personal, list[int]], str] | None = None
    wants: Callable[[list[int]], list[tuple[str, int]]] = field(default=lambda key: [])


HOLES: dict[str, Hole] = {}


def register_hole(kind: str, hole: Hole) -> None:
    if hole.choose is not None and (not hole.variants or hole.fill is not None):
        raise ValueError(f"Hole {kind}: a block hole has variants and no fill.")
    HOLES[kind] = hole


def _key_parts(key: bytes | str) -> list[int | None]:
    text = key.decode() if isinstance(key, bytes) else key
    return [int(part) if part else None for part in text.split(".")]


@dataclass(frozen=True)
class Slot:
    """A hole of a page: its kind, its key, and for a block the bytes of each of its forms."""

    kind: str
    key: tuple[int | None, ...]
    forms: dict[str, bytes] | None = None


def split(content: bytes) -> list[bytes | Slot]:
    """The page as text and holes, in order: parsed once, filled for each member by ``join``
    (a shared copy keeps it split)."""
    parts: list[bytes | Slot] = []
    position = 0
    for match in _holes_pattern().finditer(content):
        if match.start() > position:
            parts.append(content[position : match.start()])
        position = match.end()
        if match.group(1) is None:  # a value
            kind, key = match.group(5, 6)
            parts.append(Slot(kind.decode(), tuple(_key_parts(key))))
            continue
        kind, key, variant, body = match.group(1, 2, 3, 4)
        kind, key = kind.decode(), tuple(_key_parts(key))
        previous = parts[-1] if parts else None
        if (
            isinstance(previous, Slot)
            and previous.forms is not None
            and (previous.kind, previous.key) == (kind, key)
        ):
            previous.forms[variant.decode()] = body  # the next form, right after the last
        else:
            parts.append(Slot(kind, key, {variant.decode(): body}))
    parts.append(content[position:])
    return parts


def want_facts(facts: MemberFacts, parts: list[bytes | Slot]) -> None:
    """Asks for the facts that the holes need, to be loaded together."""
    for kind, key in {(part.kind, part.key) for part in parts if isinstance(part, Slot)}:
        for source, fact_key in HOLES[kind].wants(list(key)):
            facts.want(source, fact_key)


def join(request, parts: list[bytes | Slot], *, facts_wanted: bool = False) -> bytes:
    """The page filled for the request's member: the text, and in each hole what is theirs.
    ``facts_wanted``: the caller already asked for the facts of these parts."""
    personal = Personal(request=request, member=request.user, facts=facts_for(request))
    signed_in = personal.member.is_authenticated
    if signed_in and not facts_wanted:
        want_facts(personal.facts, parts)
    chosen: dict[tuple[str, tuple], str] = {}
    filled = []
    for part in parts:
        if not isinstance(part, Slot):
            filled.append(part)
            continue
        decided = chosen.get((part.kind, part.key))
        if decided is None:
            hole = HOLES[part.kind]
            if not signed_in:  # signed out since the page was made: the visitors' form
                decided = hole.visitor or ""
            else:
                resolve = hole.choose if hole.choose is not None else hole.fill
                decided = resolve(personal, list(part.key))
            chosen[(part.kind, part.key)] = decided
        if part.forms is None:
            filled.append(decided.encode())
        else:
            filled.append(part.forms.get(decided, b""))
    return b"".join(filled)


def fill(request, content: bytes) -> bytes:
    """The content with every hole filled for the request's member."""
    return join(request, split(content))


class PersonalPartsMiddleware:
    """Fills the holes of every HTML response for the member who asked for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and has_holes(response.content)
        ):
            response.content = fill(request, response.content)
        return response
