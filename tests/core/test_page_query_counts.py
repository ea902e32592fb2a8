"""The exact queries of every page a reader lands on, rendered: the home page, the forums (index,
a board's first and last pages, a long topic's first and last pages, search), a profile, the
members' directory, the events list and an event's page; for a visitor and for a member.

The pages run on a board big enough for several pages of each list, with the caches emptied
first: what a render costs (a visitor served from the page cache costs none,
tests/forums/test_page_cache.py). The numbers are the ones bench/profile_pages.py counts on the
bench board, plus the session for a member (in the database here, in Redis in production). A
change of count fails with the SQL that ran: update the number only for a query the page needs.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event, Rsvp
from forums import services as forum_services
from forums.models import POSTS_PER_PAGE, TOPICS_PER_PAGE, Tag
from members.models import Recommendation, Skill, SpokenLanguage, Trade
from tests.conftest import _caches_emptied
from tests.factories import CategoryFactory, EventFactory
from tests.forums.conftest import add_replies, make_topic, seasoned, seasoned_member

pytestmark = pytest.mark.django_db

BOARD_PAGES = 3
TOPIC_PAGES = 3

# A member's request also reads their session, their account and the bell's unread count.
MEMBER_EXTRA = 3
# page: (a visitor's queries, what a member's page reads of their own on top)
QUERIES = {
    # Latest topics, their tags, the boards, the events; the member's read states, board marks.
    "home": (4, 2),
    # The boards.
    "forums:index": (1, 0),
    # The board, its topics, their tags, the tags of the filter; read states, board marks.
    "board-first": (4, 2),
    "board-last": (4, 2),
    # The topic, its tags, the posts, their authors' trades; draft, likes and bookmarks (one
    # query), read state.
    "topic-first": (4, 3),
    "topic-last": (4, 3),
    # The page of best-matching posts (one per topic), their rows and excerpts, the boards and
    # tags of the filters.
    "forums:search": (4, 0),
    # The member, trades, skills, languages, the recommendations and their count, topics,
    # events, the counts of referrals given and received; the reader's own recommendation of
    # them, whether one of them blocked the other.
    "profile": (9, 2),
    # The count, the trades of the filter, the page, the cards' trades.
    "members:list": (4, 0),
    # The count and the page.
    "events:list": (2, 0),
    # The event, its co-hosts, the attendance counts; the member's answer, who is going, the
    # discussion's last comments.
    "event": (3, 3),
}


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    monkeypatch.setattr(forum_services, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture
def board(member):
    """A board of three pages, a topic of three pages that the member liked and bookmarked in,
    a full profile that organises events, events the member answered."""
    seasoned(member)
    trades = list(Trade.objects.all()[:2])
    writers = [seasoned_member() for _ in range(4)]
    for writer in writers:
        writer.trades.set(trades)
    category = CategoryFactory(slug="tarifs", description="Combien facturer ?")
    CategoryFactory(slug="entre-nous", members_only=True)
    labels = [Tag.objects.create(name=f"Étiquette {i}", slug=f"etiquette-{i}") for i in range(3)]
    for i in range(TOPICS_PER_PAGE * (BOARD_PAGES - 1) + 5):
        make_topic(
            author=writers[i % 4],
            category=category,
            title=f"Quel tarif pour la mission n°{i} ?",
            tags=labels[: i % 3 + 1],
            replies=i % 2,
            repliers=writers,
        )
    long_topic = make_topic(author=writers[0], category=category, tags=labels[:2])
    posts = add_replies(long_topic, POSTS_PER_PAGE * (TOPIC_PAGES - 1) + 4, writers)
    for post in posts[:3] + posts[-3:]:
        if post.author_id != member.pk:
            forum_services.post_like_set(member=member, post=post, liked=True)
            forum_services.post_bookmark_set(member=member, post=post, bookmarked=True)

    host = writers[0]
    host.bio = "Rédactrice **SEO** à Lyon."
    host.save()
    host.skills.set([Skill.objects.create(name="WordPress", slug="wordpress")])
    SpokenLanguage.objects.create(member=host, code="fr")
    for author in writers[1:]:
        Recommendation.objects.create(author=author, recipient=host, text="Travail soigné.")
    start = timezone.now() + timedelta(days=2)
    events = [
        EventFactory(
            organiser=host,
            starts_at=start + timedelta(days=i),
            ends_at=start + timedelta(days=i, hours=2),
            visibility=Event.Visibility.MEMBERS if i % 3 == 2 else Event.Visibility.PUBLIC,
            capacity=10,
        )
        for i in range(25)
    ]
    for event in events[:6]:
        for guest in [member, *writers[1:]]:
            event_services.rsvp_respond(member=guest, event=event, answer=Rsvp.Status.GOING)
    event_services.event_comment_post(author=writers[1], event=events[0], body="Qui vient ?")
    return {"category": category, "topic": long_topic, "host": host, "event": events[0]}


def urls(board) -> dict[str, str]:
    category = board["category"].get_absolute_url()
    topic = board["topic"].get_absolute_url()
    return {
        "home": reverse("home"),
        "forums:index": reverse("forums:index"),
        "board-first": category,
        "board-last": f"{category}?page={BOARD_PAGES}",
        "topic-first": topic,
        "topic-last": f"{topic}?page={TOPIC_PAGES}",
        "forums:search": reverse("forums:search") + "?q=tarif",
        "profile": board["host"].get_absolute_url(),
        "members:list": reverse("members:list"),
        "events:list": reverse("events:list"),
        "event": board["event"].get_absolute_url(),
    }


@pytest.mark.parametrize("persona", ["visitor", "member"])
def test_every_landing_page_runs_its_exact_queries(
    client, member, board, persona, django_assert_num_queries
):
    if persona == "member":
        client.force_login(member)
    pages = urls(board)
    for name, url in pages.items():
        # Warms what a process keeps (the site, content types) and the member's activity stamp.
        assert client.get(url).status_code == 200, name
    for name, url in pages.items():
        _caches_emptied()
        visitor, own = QUERIES[name]
        expected = visitor + own + MEMBER_EXTRA if persona == "member" else visitor
        with django_assert_num_queries(expected, info=f"{persona} {name} {url}"):
            response = client.get(url)
        assert response.status_code == 200, name
