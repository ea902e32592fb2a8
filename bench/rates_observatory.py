"""The rates observatory with 100,000 reports (issue 15): builds them once in a database of its
own, then times its pages in-process (Django's test client, production settings), as a visitor
and as a member who reported (who sees every cut), each page 30 times after a warm-up: median
and p90, and its queries. bench/README.md quotes it.

    .venv/bin/python bench/rates_observatory.py            # builds the data if needed, times
    .venv/bin/python bench/rates_observatory.py --explain  # and EXPLAIN ANALYZE of each query

Two states of the figures: "served", as readers get them between two reports (the figures of
every service × unit are kept in the shared cache: rates.selectors.every_pair_stats), and
"after a report", the first request after a report was saved (a new generation of the figures:
everything is read from the reports again). Target: a median under 50 ms in both.

Needs PostgreSQL and Redis on 127.0.0.1. The database `freelancehub_bench_rates` is created and
filled on the first run (about a minute), reused afterwards; drop it to start again:
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE freelancehub_bench_rates'
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER_URL = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_RATES_DB_NAME", "freelancehub_bench_rates")
os.environ.update(
    DATABASE_URL=f"{SERVER_URL}/{DB_NAME}",
    DEBUG="0",
    SECRET_KEY="bench-only-secret-key-0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f",
    ALLOWED_HOSTS="127.0.0.1",
    SITE_URL="http://127.0.0.1",
    REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
    SECURE_SSL_REDIRECT="0",
    SECURE_HSTS_SECONDS="0",
    LOG_LEVEL="ERROR",
    DJANGO_SETTINGS_MODULE="freelancehub.settings",
)

import psycopg  # noqa: E402


def database_ensure() -> None:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')


database_ensure()

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.rates import (  # noqa: E402
    MARKETS,
    REGION_WEIGHTS,
    SERVICES,
    STATUS_WEIGHTS,
    YEARS_WEIGHTS,
    Contributor,
    member_reports,
    services_seed,
    weighted,
)
from legal.services import acceptances_record_at_seeding  # noqa: E402
from members.models import Member, Trade  # noqa: E402
from rates.models import ExperienceBand, RateReport  # noqa: E402
from rates.selectors import figures_changed  # noqa: E402

REPORTS = 100_000
USERNAME_PREFIX = "ratesbench-"
READER = f"{USERNAME_PREFIX}000001"  # a member with reports: they see every cut
SEED = 1515
RUNS = 30
WARM_UP = 5
TARGET_MS = 50
# The biggest service × unit, by far (a sixth of the reports), and filters that cut it in four.
BIG_SERVICE = ("article-de-blog", "word")
FILTERS = "?region=idf&legal_status=micro&experience=2-5&client_type=agency"
# Members who count in no figure, as on a real site: accounts in their first days, suspended.
HELD_SHARE = 0.01
SUSPENDED_SHARE = 0.005
REVIEW_SHARE = 0.003


def reports_build() -> None:
    """100,000 reports by about 30,000 members, drawn like the demo's (demo/rates.py) across
    its markets, weighted by their demo sizes; members who count in nothing among them."""
    rng = random.Random(SEED)  # noqa: S311 - bench data, not a secret
    today = timezone.localdate()
    now = timezone.now()
    services = services_seed()
    trades = {trade.slug: trade for trade in Trade.objects.all()}
    trade_of = {service.slug: service.trade for service in SERVICES}
    markets = [market for market in MARKETS if market.service in services]
    password = make_password(None)
    drawn = []
    people = []
    while len(drawn) < REPORTS:
        number = len(people) + 1
        first = rng.choices(markets, weights=[m.members for m in markets])[0]
        person = Contributor(
            handle=f"{USERNAME_PREFIX}{number:06d}",
            trade=trade_of[first.service],
            legal_status=weighted(rng, STATUS_WEIGHTS),
            region=weighted(rng, REGION_WEIGHTS),
            years_freelancing=weighted(rng, YEARS_WEIGHTS),
            joined_days_ago=rng.randint(8, 1500),
        )
        if rng.random() < HELD_SHARE:
            person = Contributor(**{**person.__dict__, "joined_days_ago": rng.randint(0, 6)})
        people.append(person)
        # Their first market, and often a second one of their trade.
        theirs = [first]
        others = [m for m in markets if trade_of[m.service] == person.trade and m != first]
        if others and rng.random() < 0.4:
            theirs.append(rng.choice(others))
        for market in theirs:
            drawn += member_reports(rng, today, market, person)
    drawn = drawn[:REPORTS]
    with transaction.atomic():
        members = Member.objects.bulk_create(
            [
                Member(
                    username=person.handle,
                    email=f"{person.handle}@bench.example",
                    password=password,
                    legal_status=person.legal_status,
                    region=person.region,
                    years_freelancing=person.years_freelancing,
                    date_joined=now - timedelta(days=person.joined_days_ago, hours=1),
                    suspended_at=now - timedelta(days=3)
                    if rng.random() < SUSPENDED_SHARE
                    else None,
                )
                for person in people
            ],
            batch_size=2000,
        )
        by_handle = {member.username: member for member in members}
        Member.trades.through.objects.bulk_create(
            [
                Member.trades.through(member=by_handle[p.handle], trade=trades[p.trade])
                for p in people
            ],
            batch_size=5000,
        )
        RateReport.objects.bulk_create(
            [
                RateReport(
                    member=by_handle[r.handle],
                    service=services[r.service],
                    unit=r.unit,
                    amount=r.amount,
                    year=r.year,
                    years_freelancing=r.years_freelancing,
                    experience_band=ExperienceBand.for_years(r.years_freelancing),
                    region=r.region,
                    legal_status=r.legal_status,
                    client_type=r.client_type,
                    client_source=r.client_source,
                    status=RateReport.Status.REVIEW
                    if rng.random() < REVIEW_SHARE
                    else RateReport.Status.PUBLISHED,
                )
                for r in drawn
            ],
            batch_size=5000,
        )
    # What autovacuum does soon after on a live database: statistics for the planner, and the
    # visibility map without which no index-only scan is possible.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) rates_ratereport")
        cursor.execute("VACUUM (ANALYZE) members_member")
    print(f"Built {len(drawn)} reports by {len(people)} members.")


def pages() -> dict[str, str]:
    service, unit = BIG_SERVICE
    big = f"/tarifs/{service}/{unit}/"
    return {
        "overview": "/tarifs/",
        "service": big,
        "service-filtered": big + FILTERS,
        "csv": "/tarifs/export.csv",
        "csv-filtered": "/tarifs/export.csv" + FILTERS,
    }


def client_for(persona: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="fr")
    if persona == "member":
        reader = Member.objects.get(username=READER)
        # Signed up as anyone does: the current terms accepted, else the site asks first.
        acceptances_record_at_seeding(members=[reader])
        client.force_login(reader)
    return client


def timed(client: Client, url: str, *, after_report: bool) -> tuple[list[float], list[float], int]:
    """Each request's time in ms after the warm-up, the CPU time this process spent on it (the
    Python side, which waiting for a busy machine's cores does not count), and the queries of
    the last one."""
    times = []
    cpu_times = []
    queries = 0

    def counted(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for run in range(WARM_UP + RUNS):
        if after_report:
            figures_changed()  # as a report saved just before does
        queries = 0
        start, cpu_start = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counted):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (time.process_time() - cpu_start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if run >= WARM_UP:
            times.append(elapsed)
            cpu_times.append(cpu)
    return times, cpu_times, queries


def explain(client: Client, url: str) -> None:
    """EXPLAIN ANALYZE of each query of the page, the figures read afresh."""
    captured: list[tuple[str, tuple]] = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    figures_changed()
    with connection.execute_wrapper(capture):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    for sql, params in captured:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
        total = next((line for line in plan if line.startswith("Execution Time")), "")
        print(f"\n-- {url}: {sql[:160]}…\n   {total}")
        for line in plan[:40]:
            print(f"   {line}")


def main() -> None:
    call_command("migrate", "--no-input", verbosity=0)
    if RateReport.objects.count() < REPORTS:
        print("Building the reports…")
        started = time.perf_counter()
        reports_build()
        print(f"…in {time.perf_counter() - started:.0f} s")
    call_command("collectstatic", "--no-input", verbosity=0)
    counted = RateReport.objects.count()
    members = RateReport.objects.values("member").distinct().count()
    print(f"{counted} reports by {members} members; load average {os.getloadavg()}")
    print(f"{RUNS} requests per line after {WARM_UP} to warm up; target: median < {TARGET_MS} ms")
    print(
        f"{'persona':8} {'page':17} {'figures':13} {'median':>9} {'p90':>9} {'python':>9}"
        f" {'queries':>8}"
    )
    results = []
    for persona in ("visitor", "member"):
        client = client_for(persona)
        for name, url in pages().items():
            if persona == "visitor" and name.endswith("filtered"):
                continue  # visitors see the headline figures only: filters change nothing
            for after_report in (False, True):
                times, cpu_times, queries = timed(client, url, after_report=after_report)
                median = statistics.median(times)
                p90 = statistics.quantiles(times, n=10)[-1]
                cpu = statistics.median(cpu_times)
                state = "after report" if after_report else "served"
                results.append((persona, name, state, round(median, 1), round(p90, 1), queries))
                print(
                    f"{persona:8} {name:17} {state:13} {median:6.1f} ms {p90:6.1f} ms"
                    f" {cpu:6.1f} ms {queries:8d}"
                )
    print(f"Load average after: {os.getloadavg()}")
    missed = [row for row in results if row[3] >= TARGET_MS]
    print("Every page within the target." if not missed else f"Over the target: {missed}")
    if "--explain" in sys.argv[1:]:
        client = client_for("member")
        for url in (pages()["service"], pages()["service-filtered"], pages()["overview"]):
            explain(client, url)


if __name__ == "__main__":
    main()
