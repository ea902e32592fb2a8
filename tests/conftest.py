import pytest

from tests.factories import MemberFactory, ModeratorFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
