"""Every list page runs the same small number of queries whatever the size of the list.

Each page is measured with a few items, then with ten times more: the count must not move, and it
stays under a pinned maximum. On failure, pytest-django lists the SQL that ran.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from members.models import Trade
from tests.conftest import _caches_emptied
from tests.factories import CategoryFactory, EventFactory, MemberFactory

pytestmark = pytest.mark.django_db

FEW = 3
MANY = 30


def add_members(count: int) -> None:
    trades = list(Trade.objects.all()[:3])
    for member in MemberFactory.create_batch(count, city="Lyon", headline="Rédactrice web"):
        member.trades.set(trades)


def add_events(count: int) -> None:
    # Each event has its own organiser; half are for members only, half online.
    start = timezone.now() + timedelta(days=2)
    for i in range(count):
        EventFactory(
            starts_at=start + timedelta(hours=i),
            visibility=Event.Visibility.MEMBERS if i % 2 else Event.Visibility.PUBLIC,
            is_online=bool(i % 3 == 0),
        )


def add_categories(count: int) -> None:
    for i in range(count):
        CategoryFactory(members_only=bool(i % 2), description="Parlons-en.")


def add_everything(count: int) -> None:
    add_members(count)
    add_events(count)
    add_categories(count)


def shown_items(context) -> int:
    if "page_obj" in context:
        return len(context["page_obj"].object_list)
    return len(context["categories"]) + len(context.get("upcoming_events") or [])


# name, what fills the page, the most queries it may run for a visitor
LIST_PAGES = [
    # Latest topics, boards, events (and the topics' tags once there are topics).
    ("home", add_everything, 4),
    ("members:list", add_members, 4),
    ("events:list", add_events, 2),
    ("forums:index", add_categories, 1),
]
# A member's request also reads their session, their account and the bell's unread count.
MEMBER_EXTRA_QUERIES = 3


@pytest.mark.parametrize("persona", ["visitor", "member"])
@pytest.mark.parametrize(("name", "add_items", "maximum"), LIST_PAGES)
def test_list_pages_run_a_constant_number_of_queries(
    request,
    client,
    django_assert_num_queries,
    django_assert_max_num_queries,
    persona,
    name,
    add_items,
    maximum,
):
    if persona == "member":
        client.force_login(request.getfixturevalue("member"))
        maximum += MEMBER_EXTRA_QUERIES
    url = reverse(name)
    add_items(FEW)
    # Warms the per-process caches (site, content types) and the member's activity stamp.
    client.get(url)

    _caches_emptied()  # the queries of a render, not of a cached visitor's page
    with django_assert_max_num_queries(maximum) as few_queries:
        response = client.get(url)
    assert response.status_code == 200
    few_items = shown_items(response.context)

    add_items(MANY - FEW)
    _caches_emptied()
    with django_assert_num_queries(len(few_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert shown_items(response.context) > few_items
