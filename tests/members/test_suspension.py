"""Suspension: moderators suspend from the admin; suspended members cannot sign in or post."""

import zoneinfo
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from members import services
from members.models import Member, Recommendation
from moderation.models import ModerationAction
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:members_member_changelist")
LOGIN = reverse("account_login")


@pytest.fixture
def moderator_en(moderator):
    moderator.language = "en"
    moderator.save(update_fields=["language"])
    return moderator


def suspend(client, members, **form):
    """Runs the admin action: the list's POST shows the form, the form's POST applies it."""
    selection = {"action": "suspend_members", ACTION_CHECKBOX_NAME: [m.pk for m in members]}
    response = client.post(CHANGELIST, selection)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/members/member/suspend.html"
    return client.post(CHANGELIST, {**selection, "apply": "1", **form}, follow=True)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_moderator_suspends_a_member_with_a_reason_and_an_end_date(
    moderator_client, moderator_en, other_member
):
    until = timezone.localtime() + timedelta(days=7)

    response = suspend(
        moderator_client,
        [other_member],
        reason="  Publicité répétée dans les forums.  ",
        until=until.strftime("%Y-%m-%dT%H:%M"),
    )

    assert response.status_code == 200
    assert "1 member suspended." in response.content.decode()
    other_member.refresh_from_db()
    assert other_member.is_suspended
    assert other_member.suspension_reason == "Publicité répétée dans les forums."
    assert other_member.suspended_until == until.replace(second=0, microsecond=0)
    action = ModerationAction.objects.get()
    assert action.kind == ModerationAction.Kind.SUSPEND
    assert action.actor == moderator_en
    assert action.member == other_member
    assert action.target == other_member
    assert "Publicité répétée" in action.reason


def test_a_suspension_without_an_end_date(moderator_client, other_member):
    response = suspend(moderator_client, [other_member], reason="Harcèlement.", until="")

    assert response.status_code == 200
    other_member.refresh_from_db()
    assert other_member.is_suspended
    assert other_member.suspended_until is None


def test_the_form_refuses_an_end_date_in_the_past_or_no_reason(
    moderator_client, moderator_en, other_member
):
    selection = {"action": "suspend_members", ACTION_CHECKBOX_NAME: [other_member.pk]}
    yesterday = timezone.localtime() - timedelta(days=1)

    response = moderator_client.post(
        CHANGELIST,
        {
            **selection,
            "apply": "1",
            "reason": "Spam.",
            "until": yesterday.strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 200
    assert "The end of the suspension must be in the future." in response.content.decode()
    response = moderator_client.post(CHANGELIST, {**selection, "apply": "1", "reason": ""})
    assert "reason" in response.context["form"].errors
    other_member.refresh_from_db()
    assert not other_member.is_suspended
    assert not ModerationAction.objects.exists()


def test_a_moderator_cannot_suspend_themself_or_a_superuser(
    moderator_client, moderator_en, other_member
):
    superuser = MemberFactory(is_staff=True, is_superuser=True)

    response = suspend(
        moderator_client, [moderator_en, superuser, other_member], reason="Essai.", until=""
    )

    page = response.content.decode()
    assert f"{moderator_en} cannot be suspended." in page
    assert f"{superuser} cannot be suspended." in page
    assert "1 member suspended." in page
    moderator_en.refresh_from_db()
    superuser.refresh_from_db()
    assert not moderator_en.is_suspended
    assert not superuser.is_suspended
    assert list(ModerationAction.objects.values_list("member", flat=True)) == [other_member.pk]
    with pytest.raises(PermissionDenied):
        services.member_suspend(moderator=moderator_en, member=moderator_en, reason="Moi.")


def test_a_plain_member_cannot_use_the_admin_actions(member_client, other_member):
    response = member_client.post(
        CHANGELIST,
        {"action": "suspend_members", ACTION_CHECKBOX_NAME: [other_member.pk], "apply": "1"},
    )

    assert response.status_code == 302
    other_member.refresh_from_db()
    assert not other_member.is_suspended


def test_a_suspended_member_cannot_sign_in_and_is_told_why_and_until_when(client, suspended_member):
    response = client.post(LOGIN, {"login": suspended_member.email, "password": PASSWORD})

    assert response.status_code == 403
    assert response.templates[0].name == "members/suspended.html"
    page = response.content.decode()
    assert "Your account is suspended" in page
    assert "Repeated advertising in the forums." in page
    until = timezone.localtime(
        suspended_member.suspended_until, zoneinfo.ZoneInfo(suspended_member.timezone)
    )
    with translation.override("en"):
        assert f"You cannot sign in or post until {date_format(until, 'DATETIME_FORMAT')}." in (
            page
        )
    assert not is_signed_in(client)


def test_a_signed_in_member_is_signed_out_when_suspended(client, member, other_member):
    client.force_login(member)
    assert client.get(reverse("members:profile_edit")).status_code == 200

    services.member_suspend(moderator=other_member, member=member, reason="Trolling.")
    response = client.get(reverse("members:profile_edit"))

    assert response.status_code == 403
    assert "Trolling." in response.content.decode()
    assert not is_signed_in(client)
    response = client.get(reverse("members:profile_edit"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_suspended_member_cannot_post(client, suspended_member, other_member):
    client.force_login(suspended_member)

    response = client.post(
        reverse("members:recommend", args=["karim"]), {"text": "Achetez mes formations."}
    )

    assert response.status_code == 403
    assert not Recommendation.objects.exists()
    assert not suspended_member.can_post


def test_after_the_end_date_the_member_signs_in_again(client, suspended_member):
    now = timezone.now()
    suspended_member.suspended_at = now - timedelta(days=8)
    suspended_member.suspended_until = now - timedelta(minutes=1)
    suspended_member.save()
    assert not suspended_member.is_suspended
    assert suspended_member.can_post

    response = client.post(LOGIN, {"login": suspended_member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(suspended_member.pk)
    assert client.get(reverse("members:profile_edit")).status_code == 200


def test_lifting_a_suspension_is_logged_and_lets_the_member_back(
    client, moderator, suspended_member, other_member
):
    client.force_login(moderator)

    response = client.post(
        CHANGELIST,
        {
            "action": "lift_suspensions",
            ACTION_CHECKBOX_NAME: [suspended_member.pk, other_member.pk],
        },
    )

    assert response.status_code == 302
    suspended_member.refresh_from_db()
    assert suspended_member.suspended_at is None
    assert suspended_member.suspended_until is None
    assert suspended_member.suspension_reason == ""
    action = ModerationAction.objects.get()  # nothing logged for Karim, who was not suspended
    assert action.kind == ModerationAction.Kind.LIFT_SUSPENSION
    assert action.actor == moderator
    assert action.member == suspended_member

    client.logout()
    response = client.post(LOGIN, {"login": suspended_member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(suspended_member.pk)


def test_the_database_refuses_a_suspension_that_ends_before_it_starts(member):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            suspended_at=now, suspended_until=now - timedelta(days=1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(suspended_at=None, suspended_until=now)
