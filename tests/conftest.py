import pytest
from django.core.cache import cache

from core import pagecache
from core.templatetags import fragments
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
    yield
    _caches_emptied()


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
