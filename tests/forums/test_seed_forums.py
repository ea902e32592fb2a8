"""The demo discussions of `manage.py seed_demo` (demo/forums.py)."""

import io
from datetime import date, datetime, time
from itertools import pairwise
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from demo.data import PARIS
from demo.forums import TAGS, TOPICS, seed_demo_forums
from demo.rates import NEW_TAGS as RATES_TAGS
from forums.models import Category, Post, PostLike, Tag, Topic, TopicReadState
from forums.selectors import SearchFilters, posts_search
from forums.services import categories_recount
from members.models import Member
from moderation.models import ModerationAction
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 26)


def seed(today: date = TODAY) -> str:
    stdout = io.StringIO()
    with mock.patch.object(timezone, "localdate", return_value=today):
        call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def forum_snapshot() -> dict:
    return {
        "tags": list(Tag.objects.order_by("pk").values()),
        "categories": list(Category.objects.order_by("pk").values()),
        "topics": list(Topic.objects.order_by("pk").values()),
        "topic_tags": list(Topic.tags.through.objects.order_by("pk").values()),
        "posts": list(Post.objects.order_by("pk").values()),
        "likes": list(PostLike.objects.order_by("pk").values()),
        "read_states": list(TopicReadState.objects.order_by("pk").values()),
        "moderation": list(ModerationAction.objects.order_by("pk").values()),
    }


def test_every_board_has_believable_discussions():
    output = seed()

    assert f"Forum topics: {len(TOPICS)} created" in output
    topics = list(Topic.objects.select_related("category", "author", "solution"))
    assert len(topics) == len(TOPICS) >= 25
    # The seven starting boards of PRODUCT.md (the events' board fills with their comments).
    boards = {topic.category for topic in TOPICS}
    assert len(boards) == 7
    for category in Category.objects.filter(slug__in=boards):
        assert sum(t.category_id == category.pk for t in topics) >= 3, category.slug
    solved = [t for t in topics if t.solution_id]
    assert len(solved) >= 8
    for topic in solved:
        assert topic.category.is_questions
        assert topic.solution.topic_id == topic.pk
        assert topic.solution.number > 1
        assert topic.solution.author_id != topic.author_id
    for category in Category.objects.filter(is_questions=True):
        assert any(t.category_id == category.pk for t in solved), category.slug
    unanswered = [t for t in topics if t.reply_count == 0]
    assert 2 <= len(unanswered) <= 4
    assert all(2 <= t.reply_count <= 12 for t in topics if t.reply_count)
    assert Post.objects.count() >= 120
    assert PostLike.objects.count() >= 150
    # The boards' tags, and the rates observatory's own (demo/rates.py).
    assert Tag.objects.count() == len(TAGS) + len(RATES_TAGS) == 16
    assert Topic.tags.through.objects.count() >= 40
    pinned = [t for t in topics if t.is_pinned]
    locked = [t for t in topics if t.is_locked]
    assert [(t.author.username, t.category.slug) for t in pinned] == [("sophie", "presentations")]
    assert len(locked) == 1
    assert set(ModerationAction.objects.values_list("kind", "actor__username", "target_id")) == {
        ("pin", "sophie", pinned[0].pk),
        ("lock", "sophie", locked[0].pk),
    }
    # The demo's past is not news: no e-mail, and only the demo bells' few notifications, for
    # Claire and Karim (demo/notifications.py).
    assert set(Notification.objects.values_list("recipient__username", flat=True)) <= {
        "claire",
        "karim",
    }
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


def test_the_counters_are_what_a_recount_finds():
    seed()

    topics = Topic.objects.annotate(post_total=Count("posts"), last_number=Max("posts__number"))
    for topic in topics:
        numbers = list(topic.posts.order_by("number").values_list("number", flat=True))
        assert numbers == list(range(1, topic.post_total + 1))
        assert topic.reply_count == topic.post_total - 1
        assert topic.last_post_number == topic.last_number
        assert topic.first_post.number == 1
        assert topic.last_post.number == topic.last_number
        assert topic.last_post_at == topic.last_post.created_at
        assert topic.created_at == topic.first_post.created_at
    for post in Post.objects.annotate(likes_counted=Count("likes")):
        assert post.like_count == post.likes_counted
    before = list(Category.objects.order_by("pk").values())
    categories_recount()
    assert list(Category.objects.order_by("pk").values()) == before
    assert sum(row["post_count"] for row in before) == Post.objects.count()
    assert all(row["last_post_id"] for row in before if row["post_count"])


def test_the_dates_tell_a_believable_story():
    seed()
    day_start = datetime.combine(TODAY, time(0), tzinfo=PARIS)
    posts = list(Post.objects.select_related("author", "topic").order_by("topic", "number"))

    for post in posts:
        assert post.author.date_joined < post.created_at < day_start, post
        # Nobody writes after their last visit.
        assert post.created_at < post.author.last_active_at, (post, post.author)
    for earlier, later in pairwise(posts):
        if earlier.topic_id == later.topic_id:
            assert earlier.created_at < later.created_at
    days = {timezone.localdate(post.created_at, PARIS) for post in posts}
    assert len(days) >= 20
    assert min(days) >= date(2026, 2, 1)
    for like in PostLike.objects.select_related("post", "member"):
        assert like.member_id != like.post.author_id
        assert like.post.created_at < like.created_at < day_start
        assert like.member.date_joined < like.created_at < like.member.last_active_at


def test_posts_are_rendered_and_read_like_members_posts():
    seed()
    karim = Member.objects.get(username="karim")

    mention = Post.objects.get(topic__title__startswith="Cherche relecteur anglais", number=1)
    assert f'<a href="{karim.get_absolute_url()}" class="mention"' in mention.body_html
    assert Post.objects.filter(body_html__contains="<blockquote>").count() >= 3
    assert Post.objects.filter(body_html__contains="<ul>").count() >= 10
    assert Post.objects.filter(body_html__contains="<ol>").count() >= 3
    assert not Post.objects.filter(body_html__contains="<script").exists()
    # Every author follows the topics they wrote in, read up to their own last post.
    for topic in Topic.objects.prefetch_related("posts"):
        last_by = {post.author_id: post.number for post in topic.posts.all()}
        states = {
            state.member_id: state
            for state in TopicReadState.objects.filter(topic=topic, has_posted=True)
        }
        assert states.keys() == last_by.keys()
        for member_id, number in last_by.items():
            assert states[member_id].last_read_number == number


def test_a_second_run_costs_one_query_and_changes_nothing(django_assert_num_queries):
    seed()
    before = forum_snapshot()
    members = {member.username: member for member in Member.objects.all()}

    with django_assert_num_queries(1):
        assert seed_demo_forums(members=members, today=TODAY) == 0
    assert "Forum topics: 0 created" in seed(date(2026, 4, 20))

    assert forum_snapshot() == before


def test_a_deleted_demo_topic_comes_back_and_a_deleted_tag_does_not():
    seed()
    topic = Topic.objects.get(title="Antidote : indispensable pour relire ?")
    Topic.objects.filter(pk=topic.pk).update(first_post=None, last_post=None, solution=None)
    Category.objects.filter(last_post__topic=topic).update(last_post=None)
    topic.delete()
    categories_recount()
    Tag.objects.filter(name="CFE").delete()

    assert "Forum topics: 1 created" in seed()

    again = Topic.objects.get(title="Antidote : indispensable pour relire ?")
    assert again.reply_count == 4
    assert again.tags.count() == 1
    assert not Tag.objects.filter(name="CFE").exists()
    before = list(Category.objects.order_by("pk").values())
    categories_recount()
    assert list(Category.objects.order_by("pk").values()) == before


def test_the_demo_pages_show_the_discussions(client):
    seed()
    response = client.get(reverse("forums:category", args=["tarifs-devis"]))
    assert response.status_code == 200
    assert "Combien facturer un article SEO de 1 000 mots ?" in response.content.decode()
    for topic in Topic.objects.all():
        response = client.get(topic.get_absolute_url())
        assert response.status_code == 200, topic.title
    solved = Topic.objects.get(title="Combien facturer un article SEO de 1 000 mots ?")
    page = client.get(solved.get_absolute_url()).content.decode()
    assert "0,08 et 0,15 €/mot" in page


@pytest.mark.postgres
def test_the_demo_discussions_are_found_in_french():
    seed()
    visitor = AnonymousUser()

    def titles(query: str) -> set[str]:
        page = posts_search(user=visitor, filters=SearchFilters(query=query))
        return {post.topic.title for post in page.results}

    assert "Combien facturer un article SEO de 1 000 mots ?" in titles("facturer article")
    assert "Client en Belgique : je mets la TVA ou pas ?" in titles("autoliquidation tva")
    assert "CFE : 480 € pour ma deuxième année, c’est normal ?" in titles("deuxieme annee")
