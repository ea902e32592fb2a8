import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PREFERENCES_URL = reverse("members:preferences")


def test_preferences_require_a_signed_in_member(client):
    response = client.get(PREFERENCES_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PREFERENCES_URL}"
    assert client.post(PREFERENCES_URL, {"display_name": "Intrus"}).status_code == 302


def test_preferences_save_display_name_language_and_timezone(member_client, member):
    response = member_client.get(PREFERENCES_URL)
    assert response.status_code == 200
    assert response.context["form"].initial["timezone"] == "Europe/Paris"

    response = member_client.post(
        PREFERENCES_URL,
        {"display_name": "  Claire M.  ", "language": "en", "timezone": "America/Toronto"},
    )

    assert response.status_code == 302
    assert response["Location"] == PREFERENCES_URL
    member.refresh_from_db()
    assert member.display_name == "Claire M."
    assert member.language == "en"
    assert member.timezone == "America/Toronto"

    response = member_client.get(PREFERENCES_URL)
    assert b'<html lang="en"' in response.content
    assert b'role="status"' in response.content  # the confirmation message


def test_preferences_reject_an_unknown_timezone_and_keep_what_was_typed(member_client, member):
    response = member_client.post(
        PREFERENCES_URL,
        {"display_name": "Claire la rédactrice", "language": "en", "timezone": "Mars/Olympus"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["timezone"]
    assert b"is-invalid" in response.content
    assert "Claire la rédactrice" in response.content.decode()
    assert b'<option value="en" selected>' in response.content
    member.refresh_from_db()
    assert member.display_name == "Claire Martin"
    assert member.language == "fr"
    assert member.timezone == "Europe/Paris"


def test_preferences_reject_an_unknown_language(member_client, member):
    response = member_client.post(
        PREFERENCES_URL, {"display_name": "Claire", "language": "de", "timezone": "Europe/Paris"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["language"]
    member.refresh_from_db()
    assert member.language == "fr"
