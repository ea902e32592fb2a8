"""`manage.py seed_bench`: the large board bench/run.sh measures, here in miniature."""

import io
from types import SimpleNamespace
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min

from forums.management.commands import seed_bench
from forums.models import Category, Post, PostLike, Topic, TopicReadState
from forums.services import categories_recount
from members.models import Member, Recommendation

pytestmark = pytest.mark.django_db

SMALL = {"users": 12, "topics": 40, "posts": 400, "long_topic": 60, "allow_sqlite": True}


def run(**options) -> str:
    stdout = io.StringIO()
    call_command("seed_bench", stdout=stdout, **{**SMALL, **options})
    return stdout.getvalue()


def board() -> dict:
    """What the board says, without the ids and dates that differ from one run to the next."""
    return {
        "members": list(Member.objects.order_by("username").values_list("username", "email")),
        "topics": list(
            Topic.objects.order_by("title", "reply_count", "author__username").values_list(
                "title", "category__slug", "author__username", "reply_count", "is_pinned"
            )
        ),
        "posts": sorted(
            Post.objects.values_list(
                "topic__title", "number", "author__username", "body", "like_count"
            )
        ),
    }


def test_it_refuses_any_database_but_postgresql_unless_told():
    with (
        mock.patch.object(seed_bench, "connection", SimpleNamespace(vendor="sqlite")),
        pytest.raises(CommandError, match="PostgreSQL"),
    ):
        call_command("seed_bench", users=2, topics=1, posts=500)
    assert not Member.objects.exists()


def test_it_refuses_to_add_to_an_existing_bench_board():
    run()
    with pytest.raises(CommandError, match="already holds bench data"):
        run()


def test_it_builds_the_board_it_was_asked_for():
    output = run()

    assert "posts and likes:" in output and "category counters:" in output
    assert Member.objects.filter(username__startswith="bench-").count() == 12
    assert Topic.objects.count() == 40
    assert Post.objects.count() == 400
    sizes = sorted(Topic.objects.values_list("last_post_number", flat=True))
    assert sizes[-1] == 60 > sizes[-2]
    assert sizes[0] >= 1
    assert 0 < sum(size == 1 for size in sizes) < 40
    assert PostLike.objects.exists()
    assert Topic.objects.filter(is_pinned=True).exists()
    # The first member signs in: verified address, known password.
    assert EmailAddress.objects.get(user__username="bench-00001", primary=True).verified


def test_the_counters_are_what_a_recount_finds():
    run()

    topics = Topic.objects.annotate(
        total=Count("posts"), first=Min("posts__number"), last=Max("posts__number")
    ).select_related("first_post", "last_post", "solution")
    for topic in topics:
        assert (topic.first, topic.last, topic.total) == (1, topic.last_post_number, topic.total)
        assert topic.total == topic.last_post_number == topic.reply_count + 1
        assert topic.first_post.number == 1
        assert topic.last_post.number == topic.last_post_number
        assert topic.last_post_at == topic.last_post.created_at
        assert topic.created_at == topic.first_post.created_at
        assert topic.is_hidden == topic.first_post.is_hidden
        if topic.solution:
            assert topic.category.is_questions
            assert topic.solution.topic_id == topic.pk and topic.solution.number > 1
    assert Topic.objects.filter(solution__isnull=False).exists()
    for post in Post.objects.annotate(likes_counted=Count("likes")):
        assert post.like_count == post.likes_counted
    assert not PostLike.objects.filter(member=F("post__author")).exists()
    before = list(Category.objects.order_by("pk").values())
    categories_recount()
    assert list(Category.objects.order_by("pk").values()) == before
    # Posting watches a topic and reads it up to one's post, as the services leave it.
    for state in TopicReadState.objects.all():
        last_own = Post.objects.filter(topic=state.topic_id, author=state.member_id).aggregate(
            Max("number")
        )["number__max"]
        assert state.has_posted and state.last_read_number == last_own


def test_the_first_members_have_a_full_profile():
    run()

    profile = Member.objects.get(username="bench-00002")
    assert profile.bio and "<strong>" in profile.bio_html
    assert profile.website.startswith("https://")
    assert set(profile.spoken_languages.values_list("code", flat=True)) == {"fr", "en"}
    assert Recommendation.objects.filter(recipient=profile).count() == 6
    assert not Member.objects.get(username="bench-00007").bio


def test_the_same_arguments_build_the_same_board():
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        run()
        first = board()
        raise Rollback
    assert not Post.objects.exists()

    run()

    assert board() == first


@pytest.mark.postgres
def test_every_post_is_found_by_the_french_search():
    run(allow_sqlite=False)

    assert not Post.objects.filter(search_vector__isnull=True).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM forums_post WHERE search_vector @@ "
            "websearch_to_tsquery('french_unaccent', 'tarifs')"
        )
        assert cursor.fetchone()[0] > 0
