"""The members' admin: changelists with search and filters, and what moderators may change."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from members.models import Recommendation, Skill, Trade
from members.roles import MODERATOR_PERMISSIONS, MODERATORS_GROUP, moderators_group_sync
from moderation.models import ModerationAction
from moderation.services import moderation_log, report_create
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_data(member, other_member, moderator):
    skill = Skill.objects.create(name="WordPress", slug="wordpress")
    member.skills.add(skill)
    member.trades.add(Trade.objects.get(slug="redacteur-web"))
    recommendation = Recommendation.objects.create(
        author=other_member,
        recipient=member,
        trade=Trade.objects.get(slug="redacteur-web"),
        text="Très bonne rédactrice.",
    )
    report_create(reporter=member, target=recommendation, reason="spam", note="Bizarre.")
    moderation_log(actor=moderator, kind=ModerationAction.Kind.HIDE, target=recommendation)
    return recommendation


CHANGELISTS = [
    ("admin:members_member_changelist", {"q": "claire"}),
    ("admin:members_member_changelist", {"suspended": "yes"}),
    ("admin:members_member_changelist", {"suspended": "no", "q": "karim"}),
    ("admin:members_member_changelist", {"region__exact": "ara", "availability__exact": "busy"}),
    ("admin:members_recommendation_changelist", {"q": "rédactrice"}),
    ("admin:members_recommendation_changelist", {"is_hidden__exact": "0"}),
    ("admin:members_skill_changelist", {"q": "word"}),
    ("admin:members_trade_changelist", {"q": "rédacteur"}),
    ("admin:moderation_report_changelist", {"q": "claire"}),
    ("admin:moderation_report_changelist", {"status__exact": "open"}),
    ("admin:moderation_moderationaction_changelist", {"q": "sophie"}),
    ("admin:moderation_moderationaction_changelist", {"kind__exact": "hide"}),
]


@pytest.mark.parametrize(("name", "params"), CHANGELISTS)
def test_the_changelists_render_for_a_moderator_with_search_and_filters(
    moderator_client, admin_data, name, params
):
    response = moderator_client.get(reverse(name), params)

    assert response.status_code == 200
    assert "cl" in response.context


@pytest.mark.parametrize(("name", "params"), CHANGELISTS)
def test_the_changelists_render_for_a_superuser(client, admin_data, name, params):
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse(name), params)

    assert response.status_code == 200


def test_the_suspension_filter_finds_suspended_members(moderator_client, suspended_member):
    url = reverse("admin:members_member_changelist")

    suspended = moderator_client.get(url, {"suspended": "yes"}).context["cl"].result_list
    others = moderator_client.get(url, {"suspended": "no"}).context["cl"].result_list

    assert list(suspended) == [suspended_member]
    assert suspended_member not in others


def test_the_moderators_group_has_what_the_admin_actions_need(moderator):
    for permission in [
        "members.view_member",
        "members.change_member",
        "members.view_recommendation",
        "members.view_skill",
        "members.view_trade",
        "moderation.view_report",
        "moderation.change_report",
        "moderation.view_moderationaction",
    ]:
        assert moderator.has_perm(permission), permission
    # Moderators manage people and content, not the site's structure.
    assert not moderator.has_perm("members.delete_member")
    assert not moderator.has_perm("members.add_trade")
    assert not moderator.has_perm("auth.change_group")


def test_the_group_gets_every_permission_on_a_fresh_migrate(db):
    """The group is synced after the members app migrates, before later apps have their
    permissions: it must still end up with all of them once the whole migrate is done."""
    from django.core.management.sql import emit_post_migrate_signal

    Permission.objects.filter(content_type__app_label__in=["moderation", "events"]).delete()
    moderators_group_sync().permissions.clear()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    from django.contrib.auth.models import Group

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=MODERATORS_GROUP).permissions.select_related("content_type")
    }
    assert granted == set(MODERATOR_PERMISSIONS)


def change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged, inline management form included."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name in {"password", "avatar_upload"}:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data


def test_a_moderator_edits_a_profile_but_not_rights_nor_the_email(
    moderator_client, moderator, other_member
):
    url = reverse("admin:members_member_change", args=[other_member.pk])
    response = moderator_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    for field in ["email", "is_staff", "is_superuser", "groups", "user_permissions"]:
        assert field not in form.fields

    response = moderator_client.post(
        url,
        {
            **change_form_data(response),
            "headline": "Corrigé par la modération",
            "email": "sophie.inbox@example.org",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302
    other_member.refresh_from_db()
    assert other_member.headline == "Corrigé par la modération"
    assert other_member.email == "karim@example.org"
    assert not other_member.is_staff
    assert not other_member.is_superuser

    # Nor their own rights.
    url = reverse("admin:members_member_change", args=[moderator.pk])
    response = moderator_client.get(url)
    moderator_client.post(url, {**change_form_data(response), "is_superuser": "on"})
    moderator.refresh_from_db()
    assert not moderator.is_superuser


def test_a_moderator_cannot_change_a_superuser_or_anyones_password(moderator_client, other_member):
    superuser = MemberFactory(is_staff=True, is_superuser=True)

    response = moderator_client.get(reverse("admin:members_member_change", args=[superuser.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]  # read-only

    for target in [superuser, other_member]:
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        response = moderator_client.post(
            url,
            {
                "password1": "Hijacked-123456",
                "password2": "Hijacked-123456",
                "usable_password": "true",
            },
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.check_password(PASSWORD)


def test_a_superuser_still_changes_rights_and_passwords(client, other_member):
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:members_member_change", args=[other_member.pk])
    response = client.get(url)
    assert "is_superuser" in response.context["adminform"].form.fields

    response = client.post(
        reverse("admin:auth_user_password_change", args=[other_member.pk]),
        {"password1": "A-new-pass-1234", "password2": "A-new-pass-1234", "usable_password": "true"},
    )

    assert response.status_code == 302
    other_member.refresh_from_db()
    assert other_member.check_password("A-new-pass-1234")
