"""Two app servers, one truth: what a member and a visitor see when a load balancer sends their
requests to either of two app servers that share one PostgreSQL, one Redis and one object
storage.

    .venv/bin/python ops/two_servers.py      # prints what it measured; exits 1 if a check fails

Starts everything it uses and stops it at the end: a private PostgreSQL cluster and a private
Redis, each on a free port of the loopback, never the machine's own (made by
tests/faults/services.py, as for every fault test; tests/faults/test_two_servers.py runs these
checks), and an S3 emulator (moto's server) with a bucket for the uploads, as README.md asks of
more than one app server (MEDIA_STORAGE=s3); migrates, seeds the demo community, and starts two
gunicorn servers in production settings (DEBUG off) on two more free ports. Then, through the
real pages and forms, as a browser does:

1. a member signs in on A and goes on signed in on B; signing out on B signs them out on A too;
2. a member uploads an avatar on A, B's pages show the new picture, which the bucket serves, and
   no server kept the file on its own disk;
3. a visitor reads a topic on B from the visitors' page cache, a member replies on A, and B's
   page shows the reply: how long it took is measured (and the other way round), against the
   promise of README.md (PAGE_CACHE_SECONDS: within 0.1 s in the other processes);
4. an event with N seats, and 3N members who all answer "going" at the same instant, half through
   A and half through B: exactly N seats are taken, the others wait in line, each in their own
   place.

Both servers get the same Host header, as behind a load balancer: they share the visitors' page
copies in Redis, which is what makes a stale copy possible at all.
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import boto3
import psycopg
import redis
from moto.server import ThreadedMotoServer
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python ops/two_servers.py
    sys.path.insert(0, str(ROOT))

from ops.browser import Browser, Server  # noqa: E402
from tests.faults.services import (  # noqa: E402
    PrivatePostgres,
    PrivateRedis,
    free_port,
    public_bucket,
)

# The site's one host name: every request carries it, whichever server it reaches.
SITE_HOST = "freelancehub.test"
DATABASE_NAME = "freelancehub"
# The README's promise for a write made in another process (PAGE_CACHE_SECONDS); the checks
# measure against it, and the test allows a margin for a loaded machine.
PROMISED_FRESHNESS_SECONDS = 0.1
# Seats of the event of the RSVP storm; 3 × this many members answer. Every member of the checks
# signs in through the sign-in form, from one address: 4 + 3 × this many sign-ins in about a
# minute must stay under allauth's limit (settings.ACCOUNT_RATE_LIMITS["login"], 30/m/ip).
STORM_SEATS = 6
GUNICORN_WORKERS = 2
# The staff demo member must use two-factor authentication: she is no member of the checks.
STAFF_HANDLES = frozenset({"sophie"})
ORGANISER_HANDLE = "claire"
# The bucket's public address: an HTTPS host in front of it (a CDN), since production refuses
# to link pictures at the emulator's plain-HTTP address. Pages link a file at MEDIA_HOST/<key>;
# the checks fetch the same key from the emulator, as the CDN would.
MEDIA_HOST = "media.freelancehub.test"
MEDIA_AVATAR = re.compile(rf'src="https://{re.escape(MEDIA_HOST)}/(avatars/[^"]+)"')
S3_REGION = "fr-par"
S3_KEYS = {
    "MEDIA_S3_ACCESS_KEY_ID": "freelancehub-ops",
    "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-secret",
}


def sign_in(browser: Browser, server: Server, *, email: str, password: str) -> None:
    """Through the sign-in form, as a member does."""
    page = browser.get(server, "/accounts/login/")
    form = page.form(action="/accounts/login/")
    answer = browser.post(server, form.action, form.submission(login=email, password=password))
    if answer.status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"{email} could not sign in on {server.name}: {answer.status}")


# --- The site: two servers and what they share ------------------------------------------------


@dataclass(frozen=True)
class Board:
    """What prepare_board() chose in the seeded database."""

    password: str
    members: list[dict]  # handle, email, name: non-staff demo members, the organiser excluded
    topic_path: str
    reply_path: str
    event_id: int
    event_path: str
    seats: int


def prepare_board(seats: int) -> None:
    """Run inside Django by ``manage.py shell``: opens the event of the RSVP storm and picks the
    members and the topic of the checks; writes them as one line of JSON."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from demo.data import DEMO_PASSWORD, MEMBERS
    from events.models import EventData
    from events.services import event_create
    from forums.models import POSTS_PER_PAGE, Topic
    from members.models import Member

    handles = [demo.handle for demo in MEMBERS if demo.handle not in STAFF_HANDLES]
    members = {member.username: member for member in Member.objects.filter(username__in=handles)}
    starts_at = timezone.now() + timedelta(days=10)
    event = event_create(
        organiser=members[ORGANISER_HANDLE],
        data=EventData(
            kind="afterwork",
            title="Afterwork des deux serveurs",
            description="Peu de places, et tout le monde répond en même temps.",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            timezone="Europe/Paris",
            is_online=False,
            venue_name="Le Comptoir",
            address="3 place des Terreaux",
            city="Lyon",
            capacity=seats,
        ),
    )
    # A topic visitors may read, open to replies, whose one page has room for the two replies.
    topic = (
        Topic.objects.visible()
        .filter(category__members_only=False, is_locked=False)
        .filter(last_post_number__lte=POSTS_PER_PAGE - 2)
        .order_by("pk")
        .first()
    )
    board = {
        "password": DEMO_PASSWORD,
        "members": [
            {"handle": handle, "email": members[handle].email, "name": members[handle].public_name}
            for handle in handles
            if handle != ORGANISER_HANDLE and handle in members
        ],
        "topic_path": topic.get_absolute_url(),
        "reply_path": reverse("forums:reply", args=[topic.pk]),
        "event_id": event.pk,
        "event_path": event.get_absolute_url(),
        "seats": seats,
    }
    sys.stdout.write(json.dumps(board) + "\n")


class TwoServers:
    """The private PostgreSQL, Redis and object storage, and the two app servers. A
    context manager: whatever was started is stopped, whatever was created removed, even when
    starting fails half-way."""

    def __init__(self, *, seats: int = STORM_SEATS, workers: int = GUNICORN_WORKERS):
        self.seats = seats
        self.workers = workers
        self.servers: list[Server] = []
        self.board: Board | None = None
        self._processes: list[tuple[Server, subprocess.Popen, Path]] = []
        self._cleanup = contextlib.ExitStack()

    def __enter__(self) -> "TwoServers":
        try:
            self._start()
        except BaseException:
            self._cleanup.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._cleanup.close()

    @property
    def a(self) -> Server:
        return self.servers[0]

    @property
    def b(self) -> Server:
        return self.servers[1]

    def _start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="freelancehub-two-servers-"))
        self._cleanup.callback(shutil.rmtree, self.folder, ignore_errors=True)
        # Its own folder, outside ours: the postgres user must be able to enter it.
        postgres_folder = Path(tempfile.mkdtemp(prefix="freelancehub-two-servers-pg-"))
        self._cleanup.callback(shutil.rmtree, postgres_folder, ignore_errors=True)
        self.postgres = PrivatePostgres(postgres_folder)
        self.postgres.create()
        self._cleanup.callback(self.postgres.stop)
        self.postgres.start()
        self.postgres.createdb(DATABASE_NAME)
        self.redis = PrivateRedis(self.folder)
        self._cleanup.callback(self.redis.stop)
        self.redis.start()
        self._start_object_storage()
        # Where a server would keep uploads on its own disk: nothing must land here.
        self.media_root = self.folder / "media"
        self.media_root.mkdir()
        self.env = self._environment()

        # Static files are collected while the database is migrated and seeded.
        collectstatic = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._cleanup.callback(_stop, collectstatic)
        self.manage("migrate", "--no-input", "-v0")
        self.manage("seed_demo")
        prepared = self.manage(
            "shell",
            "-v0",
            "-c",
            f"from ops.two_servers import prepare_board; prepare_board({self.seats})",
        )
        self.board = Board(**json.loads(prepared.stdout.strip().splitlines()[-1]))
        _, errors = collectstatic.communicate(timeout=120)
        if collectstatic.returncode:
            raise RuntimeError(f"collectstatic failed:\n{errors}")

        for name in ("A", "B"):
            self._serve(Server(name=name, port=free_port(), host=SITE_HOST))
        for server, process, log in self._processes:
            _wait_until_healthy(server, process, log)

    def _start_object_storage(self) -> None:
        """moto's S3 server, in this process, and a bucket anyone may read, as production's
        (README.md)."""
        # Its server logs each request it answers, to this process's stderr.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        port = free_port()
        emulator = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        emulator.start()
        self._cleanup.callback(emulator.stop)
        self.s3_endpoint = f"http://127.0.0.1:{port}"
        self.bucket = f"avatars-{uuid.uuid4().hex[:12]}"
        self.s3 = boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name=S3_REGION,
            aws_access_key_id=S3_KEYS["MEDIA_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["MEDIA_S3_SECRET_ACCESS_KEY"],
        )
        public_bucket(self.s3, self.bucket, S3_REGION)

    def bucket_keys(self) -> set[str]:
        listing = self.s3.list_objects_v2(Bucket=self.bucket)
        return {entry["Key"] for entry in listing.get("Contents", [])}

    def picture(self, key: str) -> tuple[int, str]:
        """What a browser gets for the picture: an anonymous GET, status and content type."""
        address = f"{self.s3_endpoint}/{self.bucket}/{key}"
        with urllib.request.urlopen(address, timeout=10) as response:  # noqa: S310 - our emulator
            return response.status, response.headers.get("Content-Type", "")

    def files_on_disk(self) -> list[str]:
        return [str(path) for path in self.media_root.rglob("*") if path.is_file()]

    def _environment(self) -> dict:
        # Nothing of the caller's configuration: a DATABASE_URL or REDIS_URL of theirs would
        # point the servers at the machine's shared ones.
        kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
        return {
            **{name: value for name, value in os.environ.items() if name in kept},
            "DJANGO_SETTINGS_MODULE": "freelancehub.settings",
            # Production settings, except plain HTTP on the loopback (no TLS proxy here).
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": SITE_HOST,
            "SITE_URL": f"http://{SITE_HOST}",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": self.postgres.url(DATABASE_NAME),
            "REDIS_URL": self.redis.url,
            "MEDIA_STORAGE": "s3",
            "MEDIA_S3_BUCKET": self.bucket,
            "MEDIA_S3_ENDPOINT_URL": self.s3_endpoint,
            "MEDIA_S3_REGION": S3_REGION,
            "MEDIA_S3_CUSTOM_DOMAIN": MEDIA_HOST,
            **S3_KEYS,
            "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.folder / "static"),
            # No SMTP server here: what the servers send (nothing, as tasks wait for a worker
            # that is not started) stays in memory.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result

    def _serve(self, server: Server) -> None:
        log = self.folder / f"gunicorn-{server.name}.log"
        with log.open("w") as output:
            options = f"--workers {self.workers} --bind 127.0.0.1:{server.port}"
            options += " --graceful-timeout 5 --log-level warning"
            # gunicorn's control socket is one path per user: two servers would fight over it.
            options += " --no-control-socket"
            process = subprocess.Popen(  # noqa: S603 - our own command line
                [sys.executable, "-m", "gunicorn", "freelancehub.wsgi", *options.split()],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self._cleanup.callback(_stop, process)
        self._processes.append((server, process, log))
        self.servers.append(server)

    def logs(self) -> str:
        return "\n".join(
            f"--- {server.name}\n{log.read_text()[-3000:]}" for server, _, log in self._processes
        )

    def logged_errors(self) -> list[str]:
        """The lines of error level (or worse) the servers logged (one JSON object a line in
        production, and gunicorn's own in its format)."""
        return [
            line
            for _, _, log in self._processes
            for line in log.read_text().splitlines()
            if re.search(r'"level": "(ERROR|CRITICAL)"|\[(ERROR|CRITICAL)\]|Traceback', line)
        ]

    def query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        """What the database holds, read without the application."""
        with psycopg.connect(self.postgres.url(DATABASE_NAME)) as connection:
            return connection.execute(sql, parameters).fetchall()

    def page_cached(self, path: str) -> bool:
        """Whether the shared cache holds a visitor's copy of the page (core/pagecache.py keys
        it by its address, whatever the language and timezone)."""
        address = hashlib.sha256(f"http://{SITE_HOST}{path}".encode()).hexdigest()
        client = redis.Redis(host="127.0.0.1", port=self.redis.port)
        try:
            return any(client.scan_iter(match=f"*pagecache:page:*:{address}"))
        finally:
            client.close()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_until_healthy(server: Server, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(OSError):
            if Browser().get(server, "/healthz").status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"Server {server.name} did not come up:\n{log.read_text()[-3000:]}")


# --- The checks --------------------------------------------------------------------------------


@dataclass
class SignInResult:
    signed_in_status_on_b: int
    name_shown_on_b: bool
    visitor_status_on_b: int  # the same page without the cookie: a redirect to sign in
    after_sign_out_on_b_status_on_a: int
    after_sign_out_on_b_location_on_a: str


def check_sign_in(site: TwoServers, member: dict) -> SignInResult:
    """Signs in on A, reads a members-only page on B, signs out on B, is signed out on A."""
    browser = Browser()
    sign_in(browser, site.a, email=member["email"], password=site.board.password)
    on_b = browser.get(site.b, "/events/mine/")
    visitor = Browser().get(site.b, "/events/mine/", follow=False)
    sign_out = on_b.form(action="/accounts/logout/")
    signed_out = browser.post(site.b, sign_out.action, sign_out.submission())
    if signed_out.status != 302:
        raise RuntimeError(f"Signing out on B answered {signed_out.status}")
    after = browser.get(site.a, "/events/mine/", follow=False)
    return SignInResult(
        signed_in_status_on_b=on_b.status,
        name_shown_on_b=member["name"] in on_b.text,
        visitor_status_on_b=visitor.status,
        after_sign_out_on_b_status_on_a=after.status,
        after_sign_out_on_b_location_on_a=after.location,
    )


@dataclass
class AvatarResult:
    upload_status_on_a: int
    before_on_b: list[str]  # the keys of the pictures B's page shows
    on_a: list[str]
    on_b: list[str]
    in_bucket: list[str]
    old_left_in_bucket: list[str]
    on_servers_disk: list[str]
    served: dict[str, tuple[int, str]]  # what a browser gets for each picture B's page shows


def _portrait() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (400, 300), "#2e86de").save(buffer, format="PNG")
    return buffer.getvalue()


def check_avatar(site: TwoServers, member: dict) -> AvatarResult:
    """Uploads an avatar through the profile form on A, then reads the profile on B."""
    browser = Browser()
    sign_in(browser, site.a, email=member["email"], password=site.board.password)
    profile = f"/members/{member['handle']}/"
    before = sorted(set(MEDIA_AVATAR.findall(browser.get(site.b, profile).text)))
    edit = browser.get(site.a, "/members/me/profile/")
    form = edit.form(with_field="avatar_upload")
    uploaded = browser.post(
        site.a,
        form.action,
        form.submission(),
        files={"avatar_upload": ("portrait.png", _portrait(), "image/png")},
    )
    on_a = sorted(set(MEDIA_AVATAR.findall(browser.get(site.a, profile).text)))
    on_b = sorted(set(MEDIA_AVATAR.findall(browser.get(site.b, profile).text)))
    in_bucket = site.bucket_keys()
    return AvatarResult(
        upload_status_on_a=uploaded.status,
        before_on_b=before,
        on_a=on_a,
        on_b=on_b,
        in_bucket=[key for key in on_b if key in in_bucket],
        old_left_in_bucket=[key for key in before if key not in on_b and key in in_bucket],
        on_servers_disk=site.files_on_disk(),
        served={key: site.picture(key) for key in on_b},
    )


@dataclass
class FreshnessResult:
    written_on: str
    read_on: str
    reply_status: int
    cached_before: bool  # the reader's page was in the shared cache before the reply
    stale_before: bool  # the reply was absent from the reader's page before it was written
    seconds_to_show: float | None  # None: not shown within the patience given
    reads: int


def check_reply_freshness(
    site: TwoServers, member: dict, *, writer: Server, reader: Server, patience: float = 5
) -> FreshnessResult:
    """A visitor's cached topic page on ``reader``, a reply through ``writer``: how long until the
    visitor's page shows it."""
    path = site.board.topic_path
    author = Browser()
    sign_in(author, writer, email=member["email"], password=site.board.password)
    visitor = Browser()
    # Rendered once, then served from the cache (both servers, since they share it).
    for server in (reader, writer, reader):
        visitor.get(server, path)
    cached_before = site.page_cached(path)
    token = uuid.uuid4().hex[:12]
    body = f"Réponse écrite sur {writer.name}, lue sur {reader.name} : repère {token}."
    stale_before = token not in visitor.get(reader, path).text
    form = author.get(writer, site.board.reply_path).form(with_field="body")
    reply = author.post(writer, form.action, form.submission(body=body))
    written_at = time.monotonic()
    reads, seconds = 0, None
    while time.monotonic() - written_at < patience:
        page = visitor.get(reader, path)
        reads += 1
        if token in page.text:
            seconds = time.monotonic() - written_at
            break
        time.sleep(0.005)
    return FreshnessResult(
        written_on=writer.name,
        read_on=reader.name,
        reply_status=reply.status,
        cached_before=cached_before,
        stale_before=stale_before,
        seconds_to_show=seconds,
        reads=reads,
    )


@dataclass
class StormResult:
    seats: int
    members: int
    answers_by_server: dict[str, int]
    http_statuses: dict[int, int]
    seconds: float
    statuses: dict[str, int]
    seats_taken: int
    distinct_waitlist_places: int


def check_rsvp_storm(site: TwoServers, members: list[dict]) -> StormResult:
    """Every member signs in on one server, opens the event on the other, and all click
    "I'm going" at the same instant: half of the clicks reach A, half B."""
    board = site.board
    clicks = []
    for index, member in enumerate(members):
        browser = Browser()
        sign_in_on, answer_on = site.servers[index % 2], site.servers[(index + 1) % 2]
        sign_in(browser, sign_in_on, email=member["email"], password=board.password)
        form = browser.get(answer_on, board.event_path).form(
            action=f"/events/{board.event_id}/rsvp/"
        )
        clicks.append(
            (browser, answer_on, form.action, form.submission(button=("answer", "going")))
        )

    start = threading.Barrier(len(clicks))
    answers: list[int | str] = [0] * len(clicks)

    def click(index: int) -> None:
        browser, server, action, fields = clicks[index]
        start.wait()
        try:
            answers[index] = browser.post(server, action, fields).status
        except OSError as error:
            answers[index] = f"{type(error).__name__}"

    threads = [threading.Thread(target=click, args=(index,)) for index in range(len(clicks))]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    seconds = time.monotonic() - began

    statuses = dict(
        site.query(
            "SELECT status, count(*) FROM events_rsvp WHERE event_id = %s GROUP BY status",
            (board.event_id,),
        )
    )
    ((seats_taken, places),) = site.query(
        "SELECT seats_taken, (SELECT count(DISTINCT waitlisted_at) FROM events_rsvp"
        " WHERE event_id = e.id AND status = 'waitlisted') FROM events_event e WHERE id = %s",
        (board.event_id,),
    )
    return StormResult(
        seats=board.seats,
        members=len(members),
        answers_by_server=dict(Counter(server.name for _, server, _, _ in clicks)),
        http_statuses=dict(Counter(answers)),
        seconds=seconds,
        statuses=statuses,
        seats_taken=seats_taken,
        distinct_waitlist_places=places,
    )


@dataclass
class Cast:
    """Who does what: no member takes part in two checks, so that none waits on another's
    posting limits or answers."""

    signing_in: dict
    avatar: dict
    replying_on_a: dict
    replying_on_b: dict
    storm: list[dict]


def cast(board: Board) -> Cast:
    members = board.members
    needed = 4 + 3 * board.seats
    if len(members) < needed:
        raise RuntimeError(f"{needed} demo members needed, {len(members)} seeded")
    return Cast(*members[:4], storm=members[4:needed])


# --- The script --------------------------------------------------------------------------------


def say(text: str = "") -> None:
    print(text, flush=True)  # noqa: T201 - a script's report


def main() -> int:
    # A plain `kill` stops the script as Ctrl-C does: through the clean-up below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    failures: list[str] = []

    def verdict(holds: bool, what: str) -> str:
        if not holds:
            failures.append(what)
        return "ok" if holds else "FAILED"

    began = time.monotonic()
    with TwoServers() as site:
        say(
            f"Two servers up in {time.monotonic() - began:.1f} s: A on port {site.a.port}, "
            f"B on port {site.b.port} ({site.workers} gunicorn workers each), PostgreSQL on "
            f"{site.postgres.port}, Redis on {site.redis.port}, S3 at {site.s3_endpoint}"
        )
        people = cast(site.board)

        signed = check_sign_in(site, people.signing_in)
        held = (
            signed.signed_in_status_on_b == 200
            and signed.name_shown_on_b
            and signed.visitor_status_on_b == 302
            and signed.after_sign_out_on_b_location_on_a.startswith("/accounts/login/")
        )
        say(f"Sign in on A, continue on B: {verdict(held, 'sign-in')} ({signed})")

        avatar = check_avatar(site, people.avatar)
        held = (
            avatar.upload_status_on_a == 302
            and avatar.on_b == avatar.on_a
            and bool(avatar.on_b)
            and not set(avatar.on_b) & set(avatar.before_on_b)
            and avatar.in_bucket == avatar.on_b
            and not avatar.old_left_in_bucket
            and not avatar.on_servers_disk
            and all(served == (200, "image/webp") for served in avatar.served.values())
        )
        say(f"Avatar uploaded on A, seen on B: {verdict(held, 'avatar')} ({avatar})")

        for member, writer, reader in (
            (people.replying_on_a, site.a, site.b),
            (people.replying_on_b, site.b, site.a),
        ):
            fresh = check_reply_freshness(site, member, writer=writer, reader=reader)
            seconds = fresh.seconds_to_show
            held = (
                fresh.reply_status == 302
                and fresh.cached_before
                and fresh.stale_before
                and seconds is not None
            )
            shown = f"{seconds * 1000:.0f} ms" if seconds is not None else "never"
            say(
                f"Reply on {writer.name}, visitor's cached page on {reader.name}: "
                f"{verdict(held, f'reply {writer.name}→{reader.name}')}, shown after {shown} "
                f"({fresh.reads} reads; promised: {PROMISED_FRESHNESS_SECONDS * 1000:.0f} ms "
                f"after the write; cached before: {fresh.cached_before})"
            )

        storm = check_rsvp_storm(site, people.storm)
        waitlisted = storm.statuses.get("waitlisted", 0)
        held = (
            storm.statuses.get("going", 0) == storm.seats == storm.seats_taken
            and waitlisted == storm.members - storm.seats
            and storm.distinct_waitlist_places == waitlisted
            and storm.http_statuses == {302: storm.members}
        )
        say(
            f"RSVP storm: {verdict(held, 'RSVP storm')}: {storm.members} members answered "
            f"'going' at once ({storm.answers_by_server}) for {storm.seats} seats in "
            f"{storm.seconds:.2f} s; answers {storm.http_statuses}; in the database "
            f"{storm.statuses}, seats_taken {storm.seats_taken}, "
            f"{storm.distinct_waitlist_places} distinct waitlist places"
        )
        errors = site.logged_errors()
        say(f"Errors the servers logged: {verdict(not errors, 'errors logged')} ({len(errors)})")
        for line in errors[:10]:
            say(f"  {line}")
    say(f"Everything stopped; {time.monotonic() - began:.1f} s in all.")
    if failures:
        say(f"FAILED: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
