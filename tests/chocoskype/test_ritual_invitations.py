"""Invitations from a profile: sent, limited, refused when blocked, answered only by the invited
member, and accepted with three times that suit both."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chocoskype.invitations import INVITATIONS_PER_WEEK, invitation_send, times_for
from chocoskype.models import Pairing, Participant
from members.models import Block
from notifications.models import Kind, Notification
from tests.factories import MemberFactory


@pytest.fixture
def lea(db):
    return MemberFactory(username="lea-redac", display_name="Léa Dupont", open_to_chocoskype=True)


def invite_url(member) -> str:
    return reverse("chocoskype:invite", args=[member.username])


def test_the_profile_offers_the_invitation_to_members_only_when_open(
    client, member_client, member, lea
):
    profile = reverse("members:profile", args=[lea.username])
    assert invite_url(lea) in member_client.get(profile).content.decode()
    client.logout()
    assert invite_url(lea) not in client.get(profile).content.decode()

    lea.open_to_chocoskype = False
    lea.save()
    member_client.force_login(member)
    assert invite_url(lea) not in member_client.get(profile).content.decode()


def test_an_invitation_is_sent_once_and_the_invited_member_is_told(
    member_client, member, lea, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(invite_url(lea), {"message": "Un chocolat jeudi ?"})

    assert response.status_code == 302
    pairing = Pairing.objects.get()
    assert (pairing.status, pairing.invited_by, pairing.round) == ("invited", member, None)
    assert pairing.message == "Un chocolat jeudi ?"
    assert {pm.member for pm in pairing.members.all()} == {member, lea}
    notification = Notification.objects.get(recipient=lea)
    assert notification.kind == Kind.CHOCOSKYPE
    assert notification.url == reverse("chocoskype:invitation", args=[pairing.pk])
    assert [m.to for m in mailoutbox] == [[lea.email]]

    # A second one while the first waits: refused, the message kept.
    response = member_client.post(invite_url(lea), {"message": "Relance"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Relance" in response.content.decode()
    assert Pairing.objects.count() == 1


def test_no_more_than_five_invitations_a_week(member, db):
    for _ in range(INVITATIONS_PER_WEEK):
        invitation_send(inviter=member, invitee=MemberFactory(open_to_chocoskype=True))
    with pytest.raises(ValidationError):
        invitation_send(inviter=member, invitee=MemberFactory(open_to_chocoskype=True))

    # A week later, one more may go.
    Pairing.objects.update(created_at=datetime.now(UTC) - timedelta(days=8))
    invitation_send(inviter=member, invitee=MemberFactory(open_to_chocoskype=True))


def test_one_cannot_invite_oneself_a_closed_profile_or_across_a_block(member, lea):
    with pytest.raises(ValidationError):
        invitation_send(inviter=lea, invitee=lea)
    with pytest.raises(ValidationError):
        invitation_send(inviter=lea, invitee=MemberFactory(open_to_chocoskype=False))
    Block.objects.create(blocker=lea, blocked=member)
    with pytest.raises(ValidationError):
        invitation_send(inviter=member, invitee=lea)


def test_a_blocked_member_sees_no_button_and_is_turned_away(member_client, member, lea):
    Block.objects.create(blocker=lea, blocked=member)
    profile = reverse("members:profile", args=[lea.username])
    assert invite_url(lea) not in member_client.get(profile).content.decode()

    response = member_client.post(invite_url(lea), {"message": "Coucou"})
    assert response.status_code == 302
    assert not Pairing.objects.exists()


def test_only_the_two_members_see_the_invitation_and_only_the_invited_answers(
    client, member, lea, other_member
):
    pairing = invitation_send(inviter=member, invitee=lea, message="Bonjour")
    page = reverse("chocoskype:invitation", args=[pairing.pk])
    accept = reverse("chocoskype:invitation_accept", args=[pairing.pk])

    client.force_login(other_member)
    assert client.get(page).status_code == 404
    assert client.post(accept).status_code == 404

    client.force_login(member)
    assert client.get(page).status_code == 200
    client.post(accept)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.INVITED  # the inviter cannot accept for the other

    client.force_login(lea)
    response = client.get(page)
    assert accept in response.content.decode()


def test_accepting_proposes_three_times_that_suit_both(
    client, member, lea, django_capture_on_commit_callbacks
):
    Participant.objects.create(member=member, languages=["fr"], slots=["1-morning", "3-morning"])
    Participant.objects.create(member=lea, languages=["fr"], slots=["1-morning", "3-morning"])
    pairing = invitation_send(inviter=member, invitee=lea)
    client.force_login(lea)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chocoskype:invitation_accept", args=[pairing.pk]))

    pair_page = reverse("chocoskype:pair", args=[pairing.pk])
    assert response["Location"] == pair_page
    invitation_page = client.get(reverse("chocoskype:invitation", args=[pairing.pk]))
    assert invitation_page["Location"] == pair_page
    assert client.get(pair_page).status_code == 200
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED
    assert len(pairing.proposed_times) == 3
    for value in pairing.proposed_times:
        moment = datetime.fromisoformat(value)
        # Tuesday or Thursday morning in Paris (UTC+1 in winter, +2 in summer).
        assert moment.weekday() in (1, 3)
        assert 7 <= moment.hour <= 10
    assert Notification.objects.filter(recipient=member, kind=Kind.CHOCOSKYPE).exists()
    # Answered: it cannot be answered again.
    client.post(reverse("chocoskype:invitation_decline", args=[pairing.pk]))
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


def test_declining_tells_the_inviter_kindly(
    client, member, lea, django_capture_on_commit_callbacks
):
    pairing = invitation_send(inviter=member, invitee=lea)
    client.force_login(lea)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("chocoskype:invitation_decline", args=[pairing.pk]))

    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.DECLINED
    told = Notification.objects.get(recipient=member, kind=Kind.CHOCOSKYPE)
    assert "Léa Dupont" in told.title


def test_times_fall_back_on_office_hours_when_nobody_said(member, lea):
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)  # a Thursday
    times = times_for([member, lea], now=now)

    assert len(times) == 3
    assert all(moment >= now + timedelta(hours=24) for moment in times)
    assert all(moment.weekday() < 5 for moment in times)
