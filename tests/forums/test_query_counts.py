"""Each board page runs a constant number of queries, whatever the page size and the data size:
at most 6 for a visitor and 10 for a signed-in member, the read-state write included.

Each page is measured on a small board, then on a board several times larger (more topics,
posts, authors with trades, tags, likes, bookmarks): the count must not move. On failure,
pytest-django prints the SQL that ran.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.models import Post, Tag
from members.models import Trade
from rates.selectors import service_tag_ids
from tests.conftest import _caches_emptied

from .conftest import add_replies, make_topic, seasoned_member

pytestmark = pytest.mark.django_db

VISITOR_MAX = 6
MEMBER_MAX = 12


@pytest.fixture(params=["visitor", "member"])
def reader(request, client):
    """The persona reading, and the most queries a board page may cost them."""
    if request.param == "visitor":
        return client, VISITOR_MAX
    member = request.getfixturevalue("member")
    client.force_login(member)
    # The first request notes the member's activity (one write every ten minutes).
    client.get(reverse("forums:bookmarks"))
    return client, MEMBER_MAX


def authors(count: int) -> list:
    """Members with two trades each, as the author cards show them."""
    trades = list(Trade.objects.all()[:2])
    members = [seasoned_member() for _ in range(count)]
    for one in members:
        one.trades.set(trades)
    return members


def tags(count: int) -> list[Tag]:
    start = Tag.objects.count()
    return [
        Tag.objects.get_or_create(name=f"Étiquette {i}", slug=f"etiquette-{i}")[0]
        for i in range(start, start + count)
    ]


def fill_category(category, count: int, writers) -> None:
    labels = tags(3)
    for i, author in zip(range(count), itertools.cycle(writers), strict=False):
        make_topic(
            author=author,
            category=category,
            tags=labels[: i % 3 + 1],
            replies=i % 2,
            repliers=writers,
        )


def react(posts, readers) -> None:
    """Likes and bookmarks from several members, on every post they did not write."""
    for post in posts:
        for one in readers:
            if one.pk != post.author_id:
                services.post_like_set(member=one, post=post, liked=True)
                services.post_bookmark_set(member=one, post=post, bookmarked=True)


def measure(client, url, django_assert_max_num_queries, maximum):
    """The queries of a render: the visitors' page cache and the shared fragments are emptied
    first (a cached hit costs none; tests/forums/test_page_cache.py). What a process keeps for
    a minute (the tags that name a rates service) is warm, as it is for nearly every request."""
    _caches_emptied()
    service_tag_ids()
    with django_assert_max_num_queries(maximum) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_board_index(reader, category, private_category, django_assert_max_num_queries):
    client, maximum = reader
    writers = authors(2)
    fill_category(category, 2, writers)
    url = reverse("forums:index")
    few, response = measure(client, url, django_assert_max_num_queries, maximum)
    assert response.context["categories"]

    fill_category(category, 6, authors(4))
    fill_category(private_category, 6, writers)
    many, _response = measure(client, url, django_assert_max_num_queries, maximum)
    assert many == few


def test_category_first_and_deep_pages(reader, category, django_assert_max_num_queries):
    client, maximum = reader
    fill_category(category, 5, authors(2))
    url = category.get_absolute_url()
    few, response = measure(client, url, django_assert_max_num_queries, maximum)
    assert len(response.context["page_obj"].object_list) == 5

    fill_category(category, 155, authors(8))
    first, response = measure(client, url, django_assert_max_num_queries, maximum)
    assert len(response.context["page_obj"].object_list) == 30
    deep, response = measure(client, f"{url}?page=5", django_assert_max_num_queries, maximum)
    assert response.context["page_obj"].number == 5
    assert len(response.context["page_obj"].object_list) == 30
    assert few == first == deep


def test_category_filtered_views(reader, category, tag, django_assert_max_num_queries):
    """The other views (new, unanswered, solved, mine, by tag) count their topics: one more."""
    client, maximum = reader
    writers = authors(3)
    for i in range(4):
        make_topic(author=writers[i % 3], category=category, tags=[tag], replies=i % 2)
    url = category.get_absolute_url()
    counts = {}
    for query in ["?view=new", "?view=unanswered", f"?tag={tag.slug}"]:
        counts[query], _response = measure(
            client, url + query, django_assert_max_num_queries, maximum
        )
    fill_category(category, 40, authors(5))
    for topic in category.topics.all()[:30]:
        topic.tags.add(tag)
    for query, few in counts.items():
        many, _response = measure(client, url + query, django_assert_max_num_queries, maximum)
        assert many == few, query


def long_topic(category, posts: int, writers):
    topic = make_topic(author=writers[0], category=category, tags=tags(2))
    add_replies(topic, posts - 1, writers)
    topic.refresh_from_db()
    return topic


def test_topic_first_and_last_pages(reader, member, category, django_assert_max_num_queries):
    client, maximum = reader
    writers = authors(2)
    short = long_topic(category, 3, writers)
    react(Post.objects.filter(topic=short), [member, *writers])
    few, response = measure(
        client, short.get_absolute_url(), django_assert_max_num_queries, maximum
    )
    assert len(response.context["posts"]) == 3

    writers = authors(6)
    topic = long_topic(category, 100, writers)
    react(Post.objects.filter(topic=topic, number__gt=80), [member, *writers[:3]])
    react(Post.objects.filter(topic=topic, number__lte=20), [member, *writers[:3]])
    first, response = measure(
        client, topic.get_absolute_url(), django_assert_max_num_queries, maximum
    )
    assert len(response.context["posts"]) == 20
    last, response = measure(
        client, f"{topic.get_absolute_url()}?page=5", django_assert_max_num_queries, maximum
    )
    assert [p.number for p in response.context["posts"]] == list(range(81, 101))
    assert few == first == last


def test_a_solved_question_page_costs_no_more(
    reader, question, other_member, member, django_assert_max_num_queries
):
    client, maximum = reader
    answer = question.posts.get(number=2)
    services.solution_set(member=member, topic=question, post=answer)
    _count, response = measure(
        client, question.get_absolute_url(), django_assert_max_num_queries, maximum
    )
    assert response.context["qapage"] is not None


# A moderator's topic page also checks their moderation permission: ModelBackend loads their
# own permissions, then their groups' (two queries per request, kept on the user object).
MODERATOR_MAX = 14


def test_a_moderators_topic_page_is_constant_too(
    client, moderator, category, django_assert_max_num_queries
):
    client.force_login(moderator)
    client.get(reverse("forums:bookmarks"))
    short = long_topic(category, 3, authors(1))
    few, _response = measure(
        client, short.get_absolute_url(), django_assert_max_num_queries, MODERATOR_MAX
    )
    topic = long_topic(category, 45, authors(4))
    many, _response = measure(
        client, f"{topic.get_absolute_url()}?page=3", django_assert_max_num_queries, MODERATOR_MAX
    )
    assert few == many


def test_a_topic_page_view_writes_one_row_at_most(member_client, member, category):
    topic = long_topic(category, 45, authors(2))
    url = topic.get_absolute_url()

    def writes(page: int) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(f"{url}?page={page}").status_code == 200
        return [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]

    member_client.get(reverse("forums:bookmarks"))  # the activity stamp, written once
    assert len(writes(1)) == 1  # the read marker is created
    assert writes(1) == []  # nothing new: nothing written
    assert len(writes(3)) == 1  # moved forward
    assert writes(2) == []  # going back never moves it back
    for other_page in [reverse("forums:index"), topic.category.get_absolute_url()]:
        with CaptureQueriesContext(connection) as queries:
            member_client.get(other_page)
        # Reads only: the member's personal facts come as one "(SELECT …) UNION ALL (…)".
        assert not [
            q for q in queries.captured_queries if not q["sql"].startswith(("SELECT", "(SELECT"))
        ]


@pytest.mark.postgres
def test_search(reader, category, django_assert_max_num_queries):
    client, maximum = reader
    writers = authors(2)
    for i in range(3):
        make_topic(
            author=writers[i % 2],
            category=category,
            title=f"Tarif d'une traduction n°{i}",
            body=f"Quel tarif pour traduire {i} pages ?",
        )
    url = reverse("forums:search") + "?q=tarif"
    few, response = measure(client, url, django_assert_max_num_queries, maximum)
    assert len(response.context["results"].results) == 3

    writers = authors(5)
    for i in range(40):
        topic = make_topic(
            author=writers[i % 5],
            category=category,
            title=f"Tarifs de relecture n°{i}",
            body=f"Mes tarifs de relecture, version {i}.",
        )
        add_replies(topic, 1, writers)
    many, response = measure(client, url, django_assert_max_num_queries, maximum)
    assert len(response.context["results"].results) == 20
    assert response.context["results"].has_next()
    _filtered, response = measure(
        client, f"{url}&category={category.slug}&solved=on", django_assert_max_num_queries, maximum
    )
    assert few == many


def test_a_members_bookmarks_cost_the_same_whatever_their_number(
    member_client, member, moderator, category, django_assert_max_num_queries
):
    """The bookmarks page reads the member's bookmarks of visible posts, their topics and
    authors in one query: more bookmarks, or bookmarks of posts hidden, deleted or in a topic
    hidden since, cost nothing more."""
    url = reverse("forums:bookmarks")
    member_client.get(url)  # the activity stamp, written once
    writers = authors(2)
    react(Post.objects.filter(topic=long_topic(category, 3, writers)), [member])
    few, response = measure(member_client, url, django_assert_max_num_queries, MEMBER_MAX)
    assert len(response.context["bookmarks"]) == 3

    writers = authors(4)
    hidden_topic = long_topic(category, 5, writers)
    topic = long_topic(category, 30, writers)
    react(Post.objects.filter(topic__in=[topic, hidden_topic]), [member])
    services.post_hide(moderator=moderator, post=hidden_topic.first_post)
    for post in topic.posts.filter(number__in=[2, 3]):
        services.post_hide(moderator=moderator, post=post)
    many, response = measure(member_client, url, django_assert_max_num_queries, MEMBER_MAX)
    assert len(response.context["bookmarks"]) == 3 + 30 - 2
    assert many == few
