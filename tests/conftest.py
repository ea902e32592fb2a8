import logging

import pytest
from django.core.cache import cache

from core import pagecache
from core.templatetags import fragments
from rates import selectors as rates_selectors
from tests.factories import MemberFactory, ModeratorFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _caches_emptied() -> None:
    cache.clear()
    pagecache.process_copies.clear()
    pagecache.generations_read.clear()
    fragments.process_fragments.clear()


@pytest.fixture(autouse=True)
def _caches_empty_around_each_test():
    """The caches are on (tests/settings.py), and each test starts and ends with them empty."""
    _caches_emptied()
    # What a process keeps of the database's rows goes with the rows each test rolls back.
    rates_selectors.service_tags_forget()
    yield
    _caches_emptied()


class _AfterCommitErrors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        if "in on_commit()" in record.getMessage():
            self.records.append(record)


@pytest.fixture(autouse=True)
def _after_commit_errors_fail_the_test(request):
    """Work done after a commit is robust in production (a failure is logged, the member's
    request goes on): in tests, such a failure is still a failure."""
    handler = _AfterCommitErrors()
    # Where a commit logs them, and where django_capture_on_commit_callbacks does.
    loggers = [logging.getLogger("django.db.backends.base"), logging.getLogger("django.test")]
    for logger in loggers:
        logger.addHandler(handler)
    yield
    for logger in loggers:
        logger.removeHandler(handler)
    if handler.records and not request.node.get_closest_marker("after_commit_errors_expected"):
        pytest.fail(
            "After-commit work failed:\n" + "\n".join(handler.format(r) for r in handler.records)
        )


@pytest.fixture
def member(db):
    """Claire: a signed-up member with a verified e-mail."""
    return MemberFactory(username="claire", display_name="Claire Martin")


@pytest.fixture
def other_member(db):
    return MemberFactory(username="karim", display_name="Karim Benali")


@pytest.fixture
def moderator(db):
    """Sophie: staff in the moderators' group, not a superuser."""
    return ModeratorFactory(username="sophie", display_name="Sophie Moderatrice")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser (``admin_client``), with the authenticator app staff must have."""
    return MemberFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def pytest_collection_modifyitems(config, items):
    """Skips PostgreSQL-only tests on SQLite, saying why; CI runs them on PostgreSQL."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (full-text search, row locks): set DATABASE_URL=postgres://…"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
