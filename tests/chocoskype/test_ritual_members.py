"""What the ritual adds to the members' pages: blocking from a profile (and unblocking from the
preferences), the directory's filter of participants, and the link of the profile's badge."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chocoskype.models import Participant
from members.models import Block, SpokenLanguage, Trade
from members.services import member_block, member_unblock
from tests.factories import MemberFactory

DIRECTORY_URL = reverse("members:list")


def test_blocking_asks_first_then_blocks_and_unblocks(member_client, member, other_member):
    url = reverse("members:block", args=[other_member.username])

    response = member_client.get(url)
    assert response.status_code == 200
    assert not Block.objects.exists()  # a GET only asks

    member_client.post(url)
    assert Block.objects.filter(blocker=member, blocked=other_member).exists()
    member_client.post(url)  # twice: still one block
    assert Block.objects.count() == 1

    profile = member_client.get(reverse("members:profile", args=[other_member.username]))
    assert reverse("members:unblock", args=[other_member.username]) in profile.content.decode()

    preferences = member_client.get(reverse("members:preferences"))
    assert [b.blocked for b in preferences.context["blocks"]] == [other_member]
    member_client.post(
        reverse("members:unblock", args=[other_member.username]), {"next": "preferences"}
    )
    assert not Block.objects.exists()


def test_one_cannot_block_oneself(member):
    with pytest.raises(ValidationError):
        member_block(blocker=member, blocked=member)
    member_unblock(blocker=member, blocked=member)  # nothing to undo, no error


def test_visitors_cannot_block(client, other_member):
    response = client.post(reverse("members:block", args=[other_member.username]))
    assert response.status_code == 302
    assert not Block.objects.exists()


def test_the_profile_badge_leads_to_the_ritual(client, db):
    lea = MemberFactory(username="lea-redac", open_to_chocoskype=True)
    html = client.get(reverse("members:profile", args=[lea.username])).content.decode()
    assert f'href="{reverse("chocoskype:home")}"' in html


def listed(member):
    member.trades.set([Trade.objects.first()])
    SpokenLanguage.objects.create(member=member, code="fr")
    return member


def test_the_directory_filters_the_members_taking_part(client, db, django_assert_num_queries):
    taking_part = listed(MemberFactory(username="lea-redac", display_name="Léa"))
    Participant.objects.create(member=taking_part, languages=["fr"], slots=["0-morning"])
    left = listed(MemberFactory(username="omar-dev", display_name="Omar"))
    Participant.objects.create(member=left, left_at=timezone.now())
    excluded = listed(MemberFactory(username="jeanne", display_name="Jeanne"))
    Participant.objects.create(member=excluded, excluded_at=timezone.now())
    listed(MemberFactory(username="paul", display_name="Paul"))
    client.get(DIRECTORY_URL, {"ritual": "on"})

    # The count, the trades of the filter, the page, the cards' trades: as without the filter.
    with django_assert_num_queries(4):
        response = client.get(DIRECTORY_URL, {"ritual": "on"})

    assert [m.username for m in response.context["page_obj"]] == ["lea-redac"]
    everyone = client.get(DIRECTORY_URL)
    assert len(everyone.context["page_obj"].object_list) == 4
