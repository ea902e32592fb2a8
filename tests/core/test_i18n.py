"""Language and timezone: French first, English on request, dates in the reader's timezone."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

FRENCH = b'<html lang="fr"'
ENGLISH = b'<html lang="en"'


def test_a_visitor_without_preference_gets_french(client):
    assert FRENCH in client.get(reverse("home")).content


def test_a_visitor_gets_the_language_their_browser_asks_for(client):
    assert ENGLISH in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en").content
    assert FRENCH in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de").content


def test_a_visitor_switches_language_with_a_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/events/"})

    assert response.status_code == 302
    assert response["Location"] == "/events/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert ENGLISH in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content


def test_the_language_switch_only_accepts_post_and_safe_next_urls(client):
    assert client.get(reverse("set_language"), {"language": "en"}).status_code == 405

    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_member_switching_language_keeps_it_on_their_account(member_client, member):
    member_client.post(reverse("set_language"), {"language": "en", "next": "/"})

    member.refresh_from_db()
    assert member.language == "en"
    # Another browser: no language cookie, French asked for, yet the account's choice wins.
    del member_client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert ENGLISH in member_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content


def test_an_unknown_language_is_not_saved(member_client, member):
    member_client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    member.refresh_from_db()
    assert member.language == "fr"


def test_a_members_language_wins_over_their_browser(client, member):
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(member)

    assert ENGLISH in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr").content

    member.language = "fr"
    member.save(update_fields=["language"])
    assert FRENCH in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content


@pytest.fixture
def summer_event():
    # 16:00 UTC: 18:00 in Paris (CEST), 12:00 in Toronto (EDT).
    starts_at = datetime(2030, 6, 15, 16, 0, tzinfo=UTC)
    return EventFactory(starts_at=starts_at)


def test_a_visitor_reads_event_times_in_paris_time(client, summer_event):
    content = client.get(reverse("events:detail", args=[summer_event.pk])).content.decode()

    assert 'datetime="2030-06-15T18:00:00+02:00"' in content
    assert "18:00" in content
    assert "12:00" not in content


def test_a_member_reads_event_times_in_their_timezone(client, member, summer_event):
    member.timezone = "America/Toronto"
    member.save(update_fields=["timezone"])
    client.force_login(member)

    content = client.get(reverse("events:detail", args=[summer_event.pk])).content.decode()

    assert 'datetime="2030-06-15T12:00:00-04:00"' in content
    assert "12:00" in content
    # Paris time shows only where the page names it as the event's own local time.
    outside_local_time = re.sub(
        r'<span [^>]*data-testid="event-local-time".*?</span>', "", content, flags=re.S
    )
    assert "18:00" not in outside_local_time


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "french"),
    [
        ("account_login", "Pas encore de compte ?"),
        ("account_signup", "Déjà un compte ?"),
        ("account_reset_password", "Adresse e-mail"),
    ],
)
def test_the_account_pages_speak_the_french_of_france(client, url_name, french):
    """Our catalogue rewords what Django and allauth say oddly (core/reworded.py)."""
    page = client.get(reverse(url_name), headers={"accept-language": "fr"}).text
    assert french in page
    assert "Adresse e-mail" in page
    assert "Courriel" not in page and "au préalable" not in page
