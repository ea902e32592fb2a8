"""The bell costs one query per page, whatever the member has (the query of the page's personal
facts); the notifications page a constant number, whatever its length. On failure,
pytest-django lists the SQL that ran."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification

from .conftest import seasoned_member

pytestmark = pytest.mark.django_db

NOTIFICATIONS_TABLE = Notification._meta.db_table
LIST_MAX_QUERIES = 4  # Session, member, the list, the bell.
MEMBER_PAGES = ["home", "forums:index", "members:list", "notifications:preferences"]


def add_notifications(member, count: int, *, read: bool = False) -> None:
    """Notifications from several actors, of several kinds, some grouped."""
    actors = [seasoned_member() for _ in range(min(count, 5))]
    kinds = [Kind.REPLY, Kind.MENTION, Kind.LIKE, Kind.MODERATION]
    Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind=kinds[i % len(kinds)],
            actor=None if kinds[i % len(kinds)] == Kind.MODERATION else actors[i % len(actors)],
            actor_count=3 if i % 4 == 2 else 1,
            title=f"Notification n°{i}",
            excerpt="Un extrait du message.",
            url=f"/forums/p/{i + 1}/",
            read_at=timezone.now() if read else None,
        )
        for i in range(count)
    )


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def about_notifications(sql: list[str]) -> list[str]:
    return [query for query in sql if NOTIFICATIONS_TABLE in query]


@pytest.fixture
def reader(member_client):
    # The first request notes the member's activity (one write every ten minutes).
    member_client.get(reverse("home"))
    return member_client


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_the_bell_costs_one_query_whatever_the_member_has(reader, member, page):
    url = reverse(page)

    nothing = queries(reader, url)
    add_notifications(member, 30, read=True)
    all_read = queries(reader, url)
    add_notifications(member, 30)
    thirty_unread = queries(reader, url)

    assert len(nothing) == len(all_read) == len(thirty_unread)
    assert len(about_notifications(thirty_unread)) == 1
    # One indexed COUNT of the member's unread notifications (notifications.selectors).
    [count] = about_notifications(thirty_unread)
    assert "COUNT(*)" in count


@pytest.mark.parametrize("page", MEMBER_PAGES[:-1])
def test_a_visitor_costs_no_notification_query(client, member, page):
    add_notifications(member, 3)

    assert about_notifications(queries(client, reverse(page))) == []


def test_the_notifications_page_runs_a_constant_number_of_queries(reader, member):
    url = reverse("notifications:list")
    add_notifications(member, 3)
    few = queries(reader, url)
    add_notifications(member, 37)
    many = queries(reader, url)

    assert len(few) == len(many) <= LIST_MAX_QUERIES
    # The list and the bell's count.
    assert len(about_notifications(many)) == 2
