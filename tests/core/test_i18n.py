"""Language and timezone: French first, English on request, dates in the reader's timezone."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from core import formats
from core.templatetags.dates import ago
from forums import services as forum_services
from forums.models import Topic
from tests.factories import CategoryFactory, EventFactory

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
    assert "18\u00a0h" in content
    assert "12\u00a0h" not in content


def test_a_member_reads_event_times_in_their_timezone(client, member, summer_event):
    member.timezone = "America/Toronto"
    member.save(update_fields=["timezone"])
    client.force_login(member)

    content = client.get(reverse("events:detail", args=[summer_event.pk])).content.decode()

    assert 'datetime="2030-06-15T12:00:00-04:00"' in content
    assert "12\u00a0h" in content
    # Paris time shows only where the page names it as the event's own local time.
    outside_local_time = re.sub(
        r'<span [^>]*data-testid="event-local-time".*?</span>', "", content, flags=re.S
    )
    assert "18\u00a0h" not in outside_local_time


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "french"),
    [
        ("account_login", "Pas encore de compte\u202f?"),
        ("account_signup", "Déjà un compte\u202f?"),
        ("account_reset_password", "Adresse e-mail"),
    ],
)
def test_the_account_pages_speak_the_french_of_france(client, url_name, french):
    """Our catalogue rewords what Django and allauth say oddly (core/reworded.py)."""
    page = client.get(reverse(url_name), headers={"accept-language": "fr"}).text
    assert french in page
    assert "Adresse e-mail" in page
    assert "Courriel" not in page and "au préalable" not in page


PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("language", "hour", "minute", "time", "datetime_text"),
    [
        ("fr", 19, 0, "19\u00a0h", "jeudi 3 décembre 2026, 19\u00a0h"),
        ("fr", 19, 30, "19\u00a0h\u00a030", "jeudi 3 décembre 2026, 19\u00a0h\u00a030"),
        ("fr", 9, 5, "9\u00a0h\u00a005", "jeudi 3 décembre 2026, 9\u00a0h\u00a005"),
        ("en", 19, 0, "7 p.m.", "Thursday, December 3, 2026, 7 p.m."),
        ("en", 19, 30, "7:30 p.m.", "Thursday, December 3, 2026, 7:30 p.m."),
    ],
)
def test_times_read_as_each_language_says_them(language, hour, minute, time, datetime_text):
    moment = datetime(2026, 12, 3, hour, minute, tzinfo=PARIS)
    template = Template('{{ moment|time:"TIME_FORMAT" }}|{{ moment|date:"DATETIME_FORMAT" }}')

    with translation.override(language), timezone.override(PARIS):
        rendered = template.render(Context({"moment": moment}))
        in_python = formats.date_format(moment, "DATETIME_FORMAT")

    assert rendered == f"{time}|{datetime_text}"
    assert in_python == datetime_text


NOW = datetime(2026, 12, 3, 10, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "french", "english"),
    [
        (NOW - timedelta(seconds=20), "à l’instant", "just now"),
        (NOW + timedelta(seconds=20), "à l’instant", "just now"),
        (NOW - timedelta(minutes=1), "il y a 1 minute", "1 minute ago"),
        (NOW - timedelta(minutes=5), "il y a 5 minutes", "5 minutes ago"),
        (NOW - timedelta(hours=1), "il y a 1 heure", "1 hour ago"),
        (NOW - timedelta(hours=23), "il y a 23 heures", "23 hours ago"),
        (NOW - timedelta(hours=26), "hier", "yesterday"),
        (NOW - timedelta(days=2), "il y a 2 jours", "2 days ago"),
        (NOW - timedelta(days=6), "il y a 6 jours", "6 days ago"),
        (NOW - timedelta(days=9), "il y a 1 semaine", "1 week ago"),
        (NOW - timedelta(days=23), "il y a 3 semaines", "3 weeks ago"),
        (NOW - timedelta(days=45), "il y a 1 mois", "1 month ago"),
        (NOW - timedelta(days=100), "il y a 3 mois", "3 months ago"),
        (NOW - timedelta(days=400), "il y a 1 an", "1 year ago"),
        (NOW - timedelta(days=800), "il y a 2 ans", "2 years ago"),
    ],
)
def test_ago_says_how_long_ago_in_one_unit(moment, french, english):
    with timezone.override(PARIS):
        with translation.override("fr"):
            assert ago(moment, NOW) == french
        with translation.override("en"):
            assert ago(moment, NOW) == english


def test_ago_counts_days_on_the_readers_calendar():
    just_after_midnight = datetime(2026, 12, 3, 0, 30, tzinfo=PARIS)
    # 25 hours before: the day before yesterday on the calendar, not « hier ».
    with timezone.override(PARIS), translation.override("fr"):
        assert ago(just_after_midnight - timedelta(hours=25), just_after_midnight) == (
            "il y a 2 jours"
        )
        assert ago(None) == ""


def test_a_board_says_when_its_topics_were_last_active_in_one_unit(client, member):
    category = CategoryFactory()
    member.date_joined = timezone.now() - timedelta(days=60)
    member.save(update_fields=["date_joined"])
    topic = forum_services.topic_create(
        author=member,
        category=category,
        title="Combien facturer un article SEO ?",
        body="Je débute.",
        tags=[],
    )
    Topic.objects.filter(pk=topic.pk).update(last_post_at=timezone.now() - timedelta(days=23))

    board = client.get(category.get_absolute_url(), headers={"accept-language": "fr"}).text
    boards = client.get(reverse("forums:index"), headers={"accept-language": "fr"}).text

    assert "il y a 3 semaines" in board
    assert "semaines," not in board and "jours," not in board
    assert "à l’instant" in boards
