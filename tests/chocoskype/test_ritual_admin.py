"""The ritual in the admin: moderators see participants, rounds and pairs, and exclude a member
from pairing (or readmit them) with a reason, logged."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from chocoskype.models import Pairing, PairingMember, Participant, Round
from moderation.models import ModerationAction
from tests.factories import MemberFactory

PARTICIPANTS = reverse("admin:chocoskype_participant_changelist")


@pytest.fixture
def ritual(db):
    lea = Participant.objects.create(member=MemberFactory(username="lea-redac"), languages=["fr"])
    omar = Participant.objects.create(
        member=MemberFactory(username="omar-dev"), paused_until=timezone.localdate()
    )
    round_ = Round.objects.create(held_on=timezone.localdate(), participant_count=2)
    pairing = Pairing.objects.create(round=round_)
    for participant in (lea, omar):
        PairingMember.objects.create(pairing=pairing, member=participant.member, round=round_)
    return {"lea": lea, "omar": omar, "round": round_, "pairing": pairing}


@pytest.mark.parametrize(
    "params",
    [{}, {"state": "active"}, {"state": "paused"}, {"state": "excluded"}, {"state": "left"}],
)
def test_moderators_list_and_filter_the_participants(moderator_client, ritual, params):
    response = moderator_client.get(PARTICIPANTS, {**params, "q": ""})
    assert response.status_code == 200
    shown = {p.member.username for p in response.context["cl"].result_list}
    expected = {
        (): {"lea-redac", "omar-dev"},
        ("active",): {"lea-redac"},
        ("paused",): {"omar-dev"},
        ("excluded",): set(),
        ("left",): set(),
    }[tuple(params.values())]
    assert shown == expected
    assert moderator_client.get(PARTICIPANTS, {"q": "lea"}).context["cl"].result_count == 1


def test_rounds_and_pairs_are_read_only_with_the_members_inline(moderator_client, ritual):
    pairing_url = reverse("admin:chocoskype_pairing_change", args=[ritual["pairing"].pk])
    response = moderator_client.get(pairing_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert all(escape(str(ritual[name].member)) in html for name in ("lea", "omar"))
    assert moderator_client.get(reverse("admin:chocoskype_round_changelist")).status_code == 200
    assert moderator_client.get(reverse("admin:chocoskype_pairing_add")).status_code == 403
    assert moderator_client.post(pairing_url, {"status": "cancelled"}).status_code == 403


def test_a_moderator_excludes_with_a_reason_then_readmits(moderator_client, moderator, ritual):
    lea = ritual["lea"]
    selected = {"action": "exclude_from_pairing", ACTION_CHECKBOX_NAME: [lea.pk]}

    asked = moderator_client.post(PARTICIPANTS, selected)
    assert asked.status_code == 200  # the page asking why
    lea.refresh_from_db()
    assert lea.excluded_at is None

    moderator_client.post(PARTICIPANTS, {**selected, "apply": "1", "reason": ""})
    lea.refresh_from_db()
    assert lea.excluded_at is None  # no reason, no exclusion

    moderator_client.post(PARTICIPANTS, {**selected, "apply": "1", "reason": "Absent 3 fois"})
    lea.refresh_from_db()
    assert lea.excluded_at is not None
    assert lea.exclusion_reason == "Absent 3 fois"
    logged = ModerationAction.objects.get(member=lea.member)
    assert (logged.actor, logged.reason) == (moderator, "Absent 3 fois")

    moderator_client.post(PARTICIPANTS, {"action": "readmit", ACTION_CHECKBOX_NAME: [lea.pk]})
    lea.refresh_from_db()
    assert (lea.excluded_at, lea.exclusion_reason) == (None, "")


def test_the_excluded_member_sees_why_they_are_not_paired(client, ritual):
    lea = ritual["lea"]
    lea.excluded_at = timezone.now()
    lea.save()
    client.force_login(lea.member)
    response = client.get(reverse("chocoskype:home"))
    assert response.status_code == 200
    assert reverse("chocoskype:skip") not in response.content.decode()
