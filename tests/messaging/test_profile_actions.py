"""“Write” on a member's profile and directory card: shown to members the member accepts
messages from, never to a visitor, to the member themself, nor between blocked members."""

import pytest
from django.urls import reverse

from members.models import Block, Trade
from messaging import services

pytestmark = pytest.mark.django_db


def write_link(member) -> str:
    return f'href="{reverse("messaging:new", args=[member.username])}"'


@pytest.fixture
def listed(other_member):
    other_member.trades.add(Trade.objects.first())
    return other_member


def shown(client, member) -> dict[str, bool]:
    profile = client.get(member.get_absolute_url()).content.decode()
    directory = client.get(reverse("members:list")).content.decode()
    return {"profile": write_link(member) in profile, "card": write_link(member) in directory}


def test_a_member_sees_write_on_the_profile_and_card_of_one_who_accepts(client, member, listed):
    client.force_login(member)
    assert shown(client, listed) == {"profile": True, "card": True}


def test_nobody_and_blocks_remove_the_button(client, member, listed):
    client.force_login(member)
    services.preference_set(member=listed, accepts_from="nobody")
    assert shown(client, listed) == {"profile": False, "card": False}

    services.preference_set(member=listed, accepts_from="everyone")
    Block.objects.create(blocker=listed, blocked=member)
    assert shown(client, listed) == {"profile": False, "card": False}


def test_met_shows_the_button_to_members_met_only(client, member, third_member, listed):
    services.preference_set(member=listed, accepts_from="met")
    client.force_login(member)
    assert shown(client, listed) == {"profile": False, "card": False}

    services.conversation_start(author=listed, recipients=[member], body="Bonjour Claire !")
    assert shown(client, listed) == {"profile": True, "card": True}
    client.force_login(third_member)
    assert shown(client, listed) == {"profile": False, "card": False}


def test_a_visitor_and_the_member_themself_see_no_button(client, listed):
    assert shown(client, listed) == {"profile": False, "card": False}
    client.force_login(listed)
    assert shown(client, listed) == {"profile": False, "card": False}
