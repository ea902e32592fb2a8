"""Where a page's time goes, in-process: the median and fastest time and the queries of each
page a reader can land on (Django's test client, production settings, the bench database), and
for one page its SQL queries one by one and the templates that take the most time of their own.
bench/README.md quotes it.

    .venv/bin/python bench/profile_pages.py                  # every page, every persona
    .venv/bin/python bench/profile_pages.py uncached member  # every page, two personas
    .venv/bin/python bench/profile_pages.py member topic-p1  # one persona, one page, in detail

Needs the bench database (make bench creates it) and Redis on 127.0.0.1. The personas, as in
bench/run.sh: ``visitor`` (the page cache on), ``rendered`` (a visitor whose board pages carry a
parameter the page cache does not know: rendered, with the shared fragments cached; the other
pages are never page-cached), ``uncached`` (a visitor with PAGE_CACHE_SECONDS=0: no page cache,
no fragments, every part rendered) and ``member`` (signed in: rendered for them, fragments
cached).
"""

import collections
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/freelancehub_bench"
    ),
    DEBUG="0",
    SECRET_KEY="bench-only-secret-key-0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f",
    ALLOWED_HOSTS="127.0.0.1",
    SITE_URL="http://127.0.0.1",
    REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
    SECURE_SSL_REDIRECT="0",
    SECURE_HSTS_SECONDS="0",
    BENCH_CEILING="1",
    LOG_LEVEL="ERROR",
    DJANGO_SETTINGS_MODULE="freelancehub.settings",
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from events.models import Event  # noqa: E402
from forums.models import Topic  # noqa: E402
from members.models import Member  # noqa: E402

BENCH_EMAIL = "bench-00001@bench.example"
# A member with a full profile (seed_bench), who organises events (seed_bench_events); not the
# member signed in, whose own profile adds their completeness box.
PROFILE_HANDLE = "bench-00002"
# The pages served from the visitors' page cache (core/pagecache.py); the others are rendered
# for every request, visitors' too.
PAGE_CACHED = {"index", "category-p1", "category-p50", "topic-p1", "topic-last", "search"}
PERSONAS = ("visitor", "rendered", "uncached", "member")
RUNS = 25
WARM_UP = 5


def pages() -> dict[str, str]:
    long_topic = Topic.objects.order_by("-last_post_number", "pk").first()
    # The busiest public event to come: its page lists the most attendees.
    event = (
        Event.objects.upcoming()
        .filter(visibility=Event.Visibility.PUBLIC)
        .order_by("-seats_taken", "starts_at", "pk")
        .first()
    )
    return {
        "home": "/",
        "index": "/forums/",
        "category-p1": "/forums/c/tarifs-devis/",
        "category-p50": "/forums/c/tarifs-devis/?page=50",
        "topic-p1": long_topic.get_absolute_url(),
        "topic-last": f"{long_topic.get_absolute_url()}?page={long_topic.page_count}",
        "search": "/forums/search/?q=tarif",
        "profile": f"/members/{PROFILE_HANDLE}/",
        "members": "/members/",
        "events": "/events/",
        "event": event.get_absolute_url(),
        "ceiling": "/bench/ceiling/?bytes=40000",
    }


def client_for(persona: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if persona == "member":
        client.force_login(Member.objects.get(email=BENCH_EMAIL))
    return client


def url_for(persona: str, name: str, path: str) -> str:
    if persona != "rendered" or name not in PAGE_CACHED:
        return path
    return path + ("&" if "?" in path else "?") + "rendered=1"


def times_ms(client: Client, url: str) -> list[float]:
    """The time of each request after the warm-up, in ms."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times[WARM_UP:]


def query_count(client: Client, url: str) -> int:
    """The queries of one request (after the warm-up: per-process caches are filled)."""
    count = 0

    def counted(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        client.get(url)
    return count


def queries_ms(client: Client, url: str, runs: int = 10) -> list[tuple[float, str]]:
    """Each query of the page, in order, with its median time (sent, planned, run, read)."""
    requests: list[list[tuple[str, float]]] = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            requests[-1].append((sql, (time.perf_counter() - start) * 1000))

    for _ in range(runs):
        requests.append([])
        with connection.execute_wrapper(timed):
            client.get(url)
    # A request that wrote (the first read of a topic) may have one query more: zip stops short.
    in_order = zip(*requests, strict=False)
    return [(statistics.median(ms for _sql, ms in same), same[0][0]) for same in in_order]


def template_self_ms(client: Client, url: str, runs: int = 20) -> list[tuple[float, int, str]]:
    """Each template's own time per request (what its includes take is theirs)."""
    own = collections.defaultdict(float)
    calls = collections.Counter()
    stack: list[float] = []
    original = template_base.Template._render

    def timed(self, context):
        start = time.perf_counter()
        stack.append(0.0)
        try:
            return original(self, context)
        finally:
            elapsed = time.perf_counter() - start
            children = stack.pop()
            own[self.origin.template_name] += elapsed - children
            calls[self.origin.template_name] += 1
            if stack:
                stack[-1] += elapsed

    template_base.Template._render = timed
    try:
        for _ in range(runs):
            client.get(url)
    finally:
        template_base.Template._render = original
    return sorted(
        ((ms / runs * 1000, calls[name] // runs, name) for name, ms in own.items()), reverse=True
    )


def persona_settings(persona: str):
    """``uncached``: no page cache and no shared fragments (PAGE_CACHE_SECONDS=0), every part
    of every page rendered, as a forum that caches nothing renders it."""
    if persona == "uncached":
        return override_settings(PAGE_CACHE_SECONDS=0)
    return contextlib.nullcontext()


def detail(persona: str, name: str, url: str) -> None:
    client = client_for(persona)
    for _ in range(WARM_UP):
        client.get(url)
    print(f"{persona} {name} {url}: median {statistics.median(times_ms(client, url)):.2f} ms")
    print("\nQueries (median ms):")
    for ms, sql in queries_ms(client, url):
        print(f"  {ms:6.2f}  {sql[:110]}")
    print("\nTemplates, own time per request:")
    for ms, count, template_name in template_self_ms(client, url)[:15]:
        print(f"  {ms:6.2f} ms  x{count:<3d} {template_name}")


def main() -> None:
    call_command("collectstatic", "--no-input", verbosity=0)
    all_pages = pages()
    arguments = sys.argv[1:]
    if len(arguments) == 2 and arguments[1] in all_pages:
        persona, name = arguments
        with persona_settings(persona):
            detail(persona, name, url_for(persona, name, all_pages[name]))
        return
    for persona in arguments or PERSONAS:
        with persona_settings(persona):
            client = client_for(persona)
            for name, path in all_pages.items():
                url = url_for(persona, name, path)
                times = times_ms(client, url)
                median, fastest = statistics.median(times), min(times)
                queries = query_count(client, url)
                print(
                    f"{persona:9} {name:13} median {median:6.2f} ms  fastest {fastest:6.2f} ms"
                    f"  {queries:2d} queries"
                )


if __name__ == "__main__":
    main()
