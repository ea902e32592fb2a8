"""The admin is the moderators' tool: reached through allauth's login, closed to plain members."""

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, EventFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/?next=/admin/"])
def test_a_visitor_is_sent_to_allauths_login(client, url):
    response = client.get(url, follow=True)

    assert response.redirect_chain[-1] == ("/accounts/login/?next=%2Fadmin%2F", 302)
    assert response.status_code == 200
    # One sign-in form, allauth's: the admin has no second, unthrottled password form.
    assert response.resolver_match.url_name == "account_login"
    assert response.content.count(b'type="password"') == 1


def test_the_admin_login_form_cannot_be_posted_to(client, member):
    response = client.post("/admin/login/", {"username": member.username, "password": "whatever"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_plain_member_is_refused(member_client):
    response = member_client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert response.content.count(b"<h1") == 1


def test_a_moderator_reaches_the_moderation_index(moderator_client, moderator):
    moderator.language = "en"
    moderator.save(update_fields=["language"])

    response = moderator_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert b'<html lang="en"' in response.content
    assert "FreelanceHub — moderation" in response.content.decode()
    # Moderators are not superusers: no groups or permissions to hand out.
    assert b"/admin/auth/group/" not in response.content
    assert b"/admin/members/member/" in response.content


@pytest.mark.parametrize(
    "name",
    [
        "admin:members_member_changelist",
        "admin:members_trade_changelist",
        "admin:events_event_changelist",
        "admin:forums_category_changelist",
    ],
)
def test_the_changelists_render_for_a_superuser(client, name):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    EventFactory()
    CategoryFactory()
    client.force_login(superuser)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize(
    "name", ["admin:members_member_changelist", "admin:events_event_changelist"]
)
def test_the_changelists_render_for_a_moderator(moderator_client, name):
    EventFactory()

    assert moderator_client.get(reverse(name)).status_code == 200


def test_a_moderator_cannot_add_categories(moderator_client):
    assert moderator_client.get(reverse("admin:forums_category_add")).status_code == 403
