"""forums.services: every write checks who may do it, keeps the counters right and says why it
refuses."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from forums import services, signals
from forums.models import (
    Bookmark,
    Category,
    CategoryWatch,
    Draft,
    NotificationLevel,
    Post,
    PostLike,
    PostRevision,
    Tag,
    TagWatch,
    Topic,
    TopicReadState,
)
from moderation.models import ModerationAction
from tests.factories import CategoryFactory

from .conftest import add_replies, make_topic, seasoned_member

pytestmark = pytest.mark.django_db


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return objects


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- Creating topics and replies -------------------------------------------------------------


def test_a_new_topic_counts_watches_and_clears_the_draft(member, category, tag):
    services.draft_save(member=member, topic=None, category=category, title="Brouillon")

    topic = services.topic_create(
        author=member,
        category=category,
        title="  Quel   tarif pour une fiche produit ?  ",
        body="Bonjour, **combien** facturez-vous ?",
        tags=[tag],
    )

    post = topic.first_post
    assert topic.title == "Quel tarif pour une fiche produit ?"  # spaces folded
    assert (post.number, topic.last_post, topic.last_post_number) == (1, post, 1)
    assert post.body_html == "<p>Bonjour, <strong>combien</strong> facturez-vous ?</p>\n"
    assert list(topic.tags.all()) == [tag]
    category.refresh_from_db()
    assert (category.topic_count, category.post_count, category.last_post) == (1, 1, post)
    state = TopicReadState.objects.get(member=member, topic=topic)
    assert (state.last_read_number, state.has_posted) == (1, True)
    assert state.notification_level == NotificationLevel.WATCHING
    assert not Draft.objects.exists()


def test_a_reply_is_numbered_counted_and_watched(topic, member, other_member, category):
    karim_state = TopicReadState.objects.get(member=other_member, topic=topic)
    karim_state.notification_level = NotificationLevel.MUTED
    karim_state.save()

    post = services.post_create(author=member, topic=topic, body="Merci pour vos réponses !")
    again = services.post_create(author=other_member, topic=topic, body="Avec plaisir.")

    assert (post.number, again.number) == (3, 4)
    refreshed(topic, category, karim_state)
    assert (topic.reply_count, topic.last_post, topic.last_post_number) == (3, again, 4)
    assert topic.last_post_at == again.created_at
    assert (category.topic_count, category.post_count, category.last_post) == (1, 4, again)
    # Replying again never turns a muted topic back on.
    assert karim_state.notification_level == NotificationLevel.MUTED
    assert karim_state.last_read_number == 4


def test_titles_bodies_and_tags_have_limits(member, category):
    tags = [Tag.objects.create(name=f"T{i}", slug=f"t{i}") for i in range(6)]
    attempts = {
        "title_too_short": {"title": "Tarif ?"},
        "title_too_long": {"title": "T" * 141},
        "body_empty": {"body": "   "},
        "body_too_long": {"body": "x" * (services.BODY_MAX_LENGTH + 1)},
        "too_many_tags": {"tags": tags},
    }
    for code, change in attempts.items():
        values = {"title": "Un titre assez long", "body": "Un message.", "tags": [], **change}
        with pytest.raises(ValidationError) as refusal:
            services.topic_create(author=member, category=category, **values)
        assert codes(refusal.value) == {code}
    assert not Topic.objects.exists()
    assert services.topic_create(
        author=member, category=category, title="T" * 140, body="x" * 20_000, tags=tags[:5]
    )


def test_suspended_and_deleted_members_cannot_write(suspended_member, topic, category):
    with pytest.raises(PermissionDenied):
        services.topic_create(
            author=suspended_member,
            category=category,
            title="Promo sur mes services",
            body="Achetez !",
            tags=[],
        )
    with pytest.raises(PermissionDenied):
        services.post_create(author=suspended_member, topic=topic, body="Achetez !")
    with pytest.raises(PermissionDenied):
        services.post_like_set(member=suspended_member, post=topic.first_post, liked=True)
    gone = seasoned_member(deleted_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.post_create(author=gone, topic=topic, body="Encore là ?")
    assert Post.objects.count() == 2


# --- Limits ----------------------------------------------------------------------------------


def test_the_flood_limit_asks_to_wait(monkeypatch, member, topic):
    Post.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    monkeypatch.setattr(services, "MIN_SECONDS_BETWEEN_POSTS", 15)
    services.post_create(author=member, topic=topic, body="Première réponse.")

    with pytest.raises(ValidationError) as refusal:
        services.post_create(author=member, topic=topic, body="Deuxième réponse.")
    assert codes(refusal.value) == {"too_fast"}
    assert "wait 15 seconds" in refusal.value.messages[0]

    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(seconds=16))
    assert services.post_create(author=member, topic=topic, body="Deuxième réponse.").number == 4


def test_moderators_are_not_slowed_down(monkeypatch, moderator, topic):
    monkeypatch.setattr(services, "MIN_SECONDS_BETWEEN_POSTS", 15)
    services.post_create(author=moderator, topic=topic, body="Rappel des règles.")
    services.post_create(author=moderator, topic=topic, body="Rappel des règles.")
    assert topic.posts.filter(author=moderator).count() == 2


def test_the_same_message_twice_in_a_day_is_refused(member, topic, category):
    services.post_create(author=member, topic=topic, body="Je recommande Malt.")
    with pytest.raises(ValidationError) as refusal:
        services.post_create(author=member, topic=topic, body="  Je recommande Malt.  ")
    assert codes(refusal.value) == {"duplicate"}
    with pytest.raises(ValidationError):
        services.topic_create(
            author=member,
            category=category,
            title="Une autre question",
            tags=[],
            body="Je recommande Malt.",
        )

    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(hours=25))
    services.post_create(author=member, topic=topic, body="Je recommande Malt.")


def test_new_members_have_an_hourly_post_and_a_daily_topic_limit(new_member, topic, category):
    for _ in range(services.NEW_MEMBER_TOPICS_PER_DAY):
        make_topic(author=new_member, category=category)
    with pytest.raises(ValidationError) as refusal:
        make_topic(author=new_member, category=category)
    assert codes(refusal.value) == {"new_member_topics"}
    assert "3 topics a day" in refusal.value.messages[0]

    add_replies(topic, services.NEW_MEMBER_POSTS_PER_HOUR - 3, [new_member])
    with pytest.raises(ValidationError) as refusal:
        services.post_create(author=new_member, topic=topic, body="Encore une réponse.")
    assert codes(refusal.value) == {"new_member_rate"}
    assert "10 messages an hour" in refusal.value.messages[0]

    # An hour later the replies are allowed again; a week later the limits are gone.
    Post.objects.filter(author=new_member).update(created_at=timezone.now() - timedelta(hours=2))
    services.post_create(author=new_member, topic=topic, body="Encore une réponse.")
    new_member.date_joined = timezone.now() - timedelta(days=8)
    new_member.save()
    make_topic(author=new_member, category=category)


# --- Held posts ------------------------------------------------------------------------------


@override_settings(FORUMS_HOLD_FIRST_POSTS=2)
def test_a_new_members_first_posts_wait_for_a_moderator(
    new_member, topic, category, moderator, django_capture_on_commit_callbacks
):
    published = []

    def receiver(sender, post, mentioned, **kwargs):
        published.append(post)

    signals.post_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            held_topic = make_topic(author=new_member, category=category)
            held_reply = services.post_create(author=new_member, topic=topic, body="Bonjour !")
        assert published == []
        held_topic.refresh_from_db()
        assert held_topic.status == held_reply.status == Post.Status.HELD
        refreshed(topic, category)
        assert (topic.reply_count, topic.last_post_number) == (1, 3)
        assert topic.last_post.number == 2
        assert (category.topic_count, category.post_count) == (1, 2)
        assert category.last_post == topic.last_post
        assert not Topic.objects.visible().filter(pk=held_topic.pk).exists()

        with django_capture_on_commit_callbacks() as callbacks:
            services.post_approve(moderator=moderator, post=held_reply)
            assert published == []  # not before the commit
        for callback in callbacks:
            callback()
        assert published == [held_reply]
        refreshed(topic, category, held_reply)
        assert held_reply.status == Post.Status.PUBLISHED
        assert (topic.reply_count, topic.last_post, topic.last_post_at) == (
            2,
            held_reply,
            held_reply.created_at,
        )
        assert (category.post_count, category.last_post) == (3, held_reply)

        with django_capture_on_commit_callbacks(execute=True):
            services.post_approve(moderator=moderator, post=held_topic.first_post)
        refreshed(held_topic, category)
        assert held_topic.status == Post.Status.PUBLISHED
        assert (category.topic_count, category.post_count) == (2, 4)
        log = ModerationAction.objects.filter(kind=ModerationAction.Kind.APPROVE)
        assert {(a.actor, a.member) for a in log} == {(moderator, new_member)}
        assert log.count() == 2

        # Two posts were approved: the next ones are published at once.
        with django_capture_on_commit_callbacks(execute=True):
            reply = services.post_create(author=new_member, topic=topic, body="Merci !")
        assert reply.status == Post.Status.PUBLISHED
        assert published[-1] == reply
    finally:
        signals.post_published.disconnect(receiver)


@override_settings(FORUMS_HOLD_FIRST_POSTS=1)
def test_approving_an_old_held_reply_keeps_the_latest_activity(
    new_member, member, topic, category, moderator
):
    held = services.post_create(author=new_member, topic=topic, body="Bonjour à tous.")
    Post.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=1))
    later = services.post_create(author=member, topic=topic, body="Une réponse plus récente.")

    services.post_approve(moderator=moderator, post=Post.objects.get(pk=held.pk))

    refreshed(topic, category)
    assert (topic.reply_count, topic.last_post, topic.last_post_at) == (
        3,
        later,
        later.created_at,
    )
    assert category.last_post == later
    with pytest.raises(PermissionDenied):
        services.post_approve(moderator=member, post=held)


# --- Editing and deleting --------------------------------------------------------------------


def test_authors_edit_their_posts_and_the_old_text_is_kept(member, other_member, topic):
    first = topic.first_post

    services.post_edit(
        editor=member,
        post=first,
        title="Quel tarif pour un article SEO de 1000 mots ?",
        body="Je facture 0,10 € du mot.",
    )

    refreshed(first, topic)
    assert first.body_html == "<p>Je facture 0,10 € du mot.</p>\n"
    assert (first.edit_count, first.edited_at is not None) == (1, True)
    assert topic.title == "Quel tarif pour un article SEO de 1000 mots ?"
    revision = PostRevision.objects.get()
    assert revision.previous_title == "Quel tarif pour un article SEO ?"
    assert revision.previous_body == "Je facture 0,08 € du mot, est-ce trop peu ?"
    assert revision.editor == member
    assert not ModerationAction.objects.exists()  # one's own edit is not moderation

    # Saving the same text again changes nothing.
    services.post_edit(editor=member, post=first, body=first.body, title=topic.title)
    assert PostRevision.objects.count() == 1

    with pytest.raises(PermissionDenied):
        services.post_edit(editor=other_member, post=first, body="Vandalisme.")
    reply = topic.posts.get(number=2)
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=member, post=reply, body="Vandalisme.")


def test_a_moderators_edit_needs_a_reason_and_is_logged(moderator, member, topic):
    reply = topic.posts.get(number=2)
    with pytest.raises(ValidationError) as refusal:
        services.post_edit(editor=moderator, post=reply, body="Texte corrigé.")
    assert codes(refusal.value) == {"reason_required"}

    services.post_edit(
        editor=moderator, post=reply, body="Texte corrigé.", reason="Numéro de téléphone retiré"
    )

    reply.refresh_from_db()
    assert reply.body == "Texte corrigé."
    revision = PostRevision.objects.get()
    assert (revision.editor, revision.reason) == (moderator, "Numéro de téléphone retiré")
    action = ModerationAction.objects.get()
    assert (action.kind, action.actor, action.target, action.member, action.reason) == (
        ModerationAction.Kind.EDIT,
        moderator,
        reply,
        reply.author,
        "Numéro de téléphone retiré",
    )


def test_locked_hidden_and_deleted_posts_cannot_be_edited_by_their_author(member, moderator, topic):
    services.topic_flag_set(moderator=moderator, topic=topic, action="lock")
    topic.refresh_from_db()
    first = Post.objects.get(pk=topic.first_post_id)
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=member, post=first, body="Modifié.")
    services.topic_flag_set(moderator=moderator, topic=topic, action="unlock")
    mine = services.post_create(author=member, topic=topic, body="Ma réponse.")
    services.post_hide(moderator=moderator, post=mine)
    mine.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=member, post=mine, body="Modifié.")


def test_authors_delete_their_posts_softly(member, other_member, topic, category):
    reply = topic.posts.get(number=2)
    with pytest.raises(PermissionDenied):
        services.post_delete(member=member, post=reply)  # not hers
    with pytest.raises(ValidationError) as refusal:
        services.post_delete(member=member, post=topic.first_post)
    assert codes(refusal.value) == {"has_replies"}

    services.post_delete(member=other_member, post=reply)

    reply.refresh_from_db()
    assert reply.is_deleted and Post.objects.filter(pk=reply.pk).exists()
    refreshed(topic, category)
    assert (topic.reply_count, topic.last_post, topic.is_hidden) == (0, topic.first_post, False)
    assert (category.topic_count, category.post_count) == (1, 1)
    assert category.last_post == topic.first_post
    with pytest.raises(PermissionDenied):
        services.post_delete(member=other_member, post=reply)  # already deleted

    # Without visible replies, the topic itself can go: it takes its topic with it.
    services.post_delete(member=member, post=topic.first_post)
    refreshed(topic, category)
    assert topic.is_hidden
    assert (category.topic_count, category.post_count, category.last_post) == (0, 0, None)


# --- Likes, bookmarks, answers, following ---------------------------------------------------


def test_likes_one_per_member_never_on_ones_own_post(
    member, other_member, moderator, topic, django_capture_on_commit_callbacks
):
    reply = topic.posts.get(number=2)  # Karim's
    with pytest.raises(ValidationError) as refusal:
        services.post_like_set(member=other_member, post=reply, liked=True)
    assert codes(refusal.value) == {"own_post"}

    liked = []
    signals.post_liked.connect(receiver := lambda sender, like, **kw: liked.append(like))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.post_like_set(member=member, post=reply, liked=True) == 1
            assert services.post_like_set(member=moderator, post=reply, liked=True) == 2
            assert services.post_like_set(member=member, post=reply, liked=False) == 1
            assert services.post_like_set(member=member, post=reply, liked=True) == 2
    finally:
        signals.post_liked.disconnect(receiver)
    assert len(liked) == 3
    reply.refresh_from_db()
    assert reply.like_count == 2 == PostLike.objects.filter(post=reply).count()

    services.post_hide(moderator=moderator, post=reply)
    reply.refresh_from_db()
    for asked in [True, False]:
        with pytest.raises(PermissionDenied):
            services.post_like_set(member=member, post=reply, liked=asked)
    reply.refresh_from_db()
    assert reply.like_count == 2 == PostLike.objects.filter(post=reply).count()


def test_a_like_or_an_unlike_sent_twice_counts_once(
    member, topic, django_capture_on_commit_callbacks
):
    """A retry or a double click asks for the same state again: nothing flips, nothing is
    counted twice, and the author hears of the like once."""
    reply = topic.posts.get(number=2)
    liked = []
    signals.post_liked.connect(receiver := lambda sender, like, **kw: liked.append(like))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.post_like_set(member=member, post=reply, liked=True) == 1
            assert services.post_like_set(member=member, post=reply, liked=True) == 1
    finally:
        signals.post_liked.disconnect(receiver)
    assert len(liked) == 1
    assert PostLike.objects.filter(post=reply, member=member).count() == 1

    assert services.post_like_set(member=member, post=reply, liked=False) == 0
    assert services.post_like_set(member=member, post=reply, liked=False) == 0
    reply.refresh_from_db()
    assert reply.like_count == 0 and not PostLike.objects.exists()


def test_bookmarks_take_the_state_asked_for(member, moderator, topic):
    post = topic.posts.get(number=2)
    services.post_bookmark_set(member=member, post=post, bookmarked=True)
    services.post_bookmark_set(member=member, post=post, bookmarked=True)
    assert list(Bookmark.objects.values_list("member", "post")) == [(member.pk, post.pk)]
    services.post_bookmark_set(member=member, post=post, bookmarked=False)
    services.post_bookmark_set(member=member, post=post, bookmarked=False)
    assert not Bookmark.objects.exists()

    # A post members cannot see is bookmarked by nobody; a bookmark made before goes when asked.
    services.post_bookmark_set(member=member, post=post, bookmarked=True)
    services.post_hide(moderator=moderator, post=post)
    post.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_bookmark_set(member=moderator, post=post, bookmarked=True)
    services.post_bookmark_set(member=member, post=post, bookmarked=False)
    assert not Bookmark.objects.exists()


def test_only_the_asker_or_a_moderator_accepts_a_reply_as_the_answer(
    question, member, other_member, moderator, topic
):
    answer, other_answer = question.posts.get(number=2), question.posts.get(number=3)

    with pytest.raises(PermissionDenied):
        services.solution_set(member=other_member, topic=question, post=answer)
    for wrong in [question.first_post, topic.posts.get(number=2)]:
        with pytest.raises(ValidationError):
            services.solution_set(member=member, topic=question, post=wrong)
    with pytest.raises(PermissionDenied):  # not a questions board
        services.solution_set(member=member, topic=topic, post=topic.posts.get(number=2))

    services.solution_set(member=member, topic=question, post=answer)
    question.refresh_from_db()
    assert question.solution == answer and question.is_solved
    services.solution_set(member=moderator, topic=question, post=other_answer)
    question.refresh_from_db()
    assert question.solution == other_answer
    services.solution_set(member=member, topic=question, post=None)
    question.refresh_from_db()
    assert question.solution is None

    services.post_hide(moderator=moderator, post=answer)
    answer.refresh_from_db()
    with pytest.raises(ValidationError):
        services.solution_set(member=member, topic=question, post=answer)


def test_notification_levels_and_watches(member, topic, category, tag):
    services.topic_notification_level_set(member=member, topic=topic, level="muted")
    assert TopicReadState.objects.get(member=member, topic=topic).notification_level == "muted"
    with pytest.raises(ValidationError):
        services.topic_notification_level_set(member=member, topic=topic, level="loud")

    assert services.category_watch_toggle(member=member, category=category) is True
    assert CategoryWatch.objects.filter(member=member, category=category).exists()
    assert services.category_watch_toggle(member=member, category=category) is False
    assert not CategoryWatch.objects.exists()
    assert services.tag_watch_toggle(member=member, tag=tag) is True
    assert services.tag_watch_toggle(member=member, tag=tag) is False
    assert not TagWatch.objects.exists()


# --- Drafts ----------------------------------------------------------------------------------


def test_one_draft_per_member_and_topic_deleted_when_emptied_or_published(
    member, other_member, topic, category
):
    services.draft_save(member=member, topic=None, category=category, title="Mon", body="")
    services.draft_save(member=member, topic=None, category=category, title="Mon titre", body="B")
    services.draft_save(member=member, topic=topic, body="Ma réponse en cours")
    services.draft_save(member=member, topic=topic, body="Ma réponse en cours, suite")
    services.draft_save(member=other_member, topic=topic, body="Celle de Karim")

    assert Draft.objects.filter(member=member).count() == 2
    assert Draft.objects.get(member=member, topic=None).title == "Mon titre"
    assert Draft.objects.get(member=member, topic=topic).body == "Ma réponse en cours, suite"

    services.post_create(author=member, topic=topic, body="Ma réponse en cours, suite")
    assert not Draft.objects.filter(member=member, topic=topic).exists()
    assert Draft.objects.filter(member=other_member, topic=topic).exists()
    assert services.draft_save(member=member, topic=None, title=" ", body="\n") is None
    assert not Draft.objects.filter(member=member).exists()


def test_an_autosave_that_arrives_after_its_message_is_published_keeps_no_draft(
    member, topic, category
):
    services.post_create(author=member, topic=topic, body="Ma réponse envoyée.")
    assert services.draft_save(member=member, topic=topic, body="Ma réponse envoyée.\n") is None
    new = services.topic_create(
        author=member, category=category, title="Un sujet publié", body="Son message.", tags=[]
    )
    late = services.draft_save(member=member, topic=None, title=new.title, body="Son message.")
    assert late is None
    assert not Draft.objects.filter(member=member).exists()
    # Writing more is a draft again.
    assert services.draft_save(member=member, topic=topic, body="Ma réponse envoyée. Et puis…")


# --- Moderation and counters -----------------------------------------------------------------


def test_counters_follow_hiding_and_unhiding(moderator, member, other_member, topic, category):
    older = make_topic(author=other_member, category=category, replies=2, repliers=[member])
    Topic.objects.filter(pk=older.pk).update(last_post_at=timezone.now() - timedelta(days=1))
    last_reply = services.post_create(author=other_member, topic=topic, body="Dernier mot.")
    refreshed(topic, category)
    assert (category.topic_count, category.post_count, category.last_post) == (2, 6, last_reply)

    services.post_hide(moderator=moderator, post=last_reply, reason="Hors sujet")
    refreshed(topic, category)
    previous = topic.posts.get(number=2)
    assert (topic.reply_count, topic.last_post, topic.last_post_at) == (
        1,
        previous,
        previous.created_at,
    )
    assert (category.post_count, category.last_post) == (5, previous)

    # Hiding a first post hides the whole topic; hiding a reply inside it then counts once.
    services.post_hide(moderator=moderator, post=Post.objects.get(pk=topic.first_post_id))
    refreshed(topic, category)
    assert topic.is_hidden
    assert (category.topic_count, category.post_count) == (1, 3)
    assert category.last_post == older.last_post
    services.post_hide(moderator=moderator, post=Post.objects.get(pk=previous.pk))
    category.refresh_from_db()
    assert (category.topic_count, category.post_count) == (1, 3)

    for post in Post.objects.filter(topic=topic, is_hidden=True).order_by("number"):
        services.post_unhide(moderator=moderator, post=post)
    refreshed(topic, category)
    assert not topic.is_hidden
    assert (topic.reply_count, topic.last_post) == (2, last_reply)
    assert (category.topic_count, category.post_count, category.last_post) == (2, 6, last_reply)
    kinds = list(ModerationAction.objects.values_list("kind", flat=True))
    assert sorted(kinds) == ["hide"] * 3 + ["unhide"] * 3
    assert Post.objects.visible().filter(topic=topic).count() == 3

    services.categories_recount()
    category.refresh_from_db()
    assert (category.topic_count, category.post_count, category.last_post) == (2, 6, last_reply)


def test_hiding_several_posts_of_a_topic_at_once_counts_each_once(moderator, topic, category):
    """The admin action passes posts loaded before any was hidden."""
    posts = list(Post.objects.filter(topic=topic).select_related("topic").order_by("-number"))
    for post in posts:
        services.post_hide(moderator=moderator, post=post)
    category.refresh_from_db()
    assert (category.topic_count, category.post_count, category.last_post) == (0, 0, None)


def test_moving_a_topic_moves_its_counters(moderator, member, topic, category):
    target = CategoryFactory(name="Entraide entre pairs")
    staying = make_topic(author=member, category=category, replies=1)
    Topic.objects.filter(pk=staying.pk).update(last_post_at=timezone.now() - timedelta(days=1))

    services.topic_move(moderator=moderator, topic=topic, category=target, reason="Mieux ici")

    refreshed(topic, category, target)
    assert topic.category == target
    assert (category.topic_count, category.post_count) == (1, 2)
    assert category.last_post == staying.last_post
    assert (target.topic_count, target.post_count, target.last_post) == (1, 2, topic.last_post)
    action = ModerationAction.objects.get()
    assert (action.kind, action.target, action.member, action.reason) == (
        "move",
        topic,
        member,
        "Mieux ici",
    )

    services.topic_move(moderator=moderator, topic=topic, category=target)  # no change, no log
    assert ModerationAction.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.topic_move(moderator=member, topic=topic, category=category)


def test_locking_and_pinning_are_logged_once(moderator, member, topic):
    for action in ["lock", "lock", "pin", "unpin", "unlock"]:
        services.topic_flag_set(moderator=moderator, topic=topic, action=action, reason="R")
    topic.refresh_from_db()
    assert not topic.is_locked and not topic.is_pinned
    assert list(
        ModerationAction.objects.order_by("pk").values_list("kind", "actor", "member", "reason")
    ) == [(kind, moderator.pk, member.pk, "R") for kind in ["lock", "pin", "unpin", "unlock"]]
    with pytest.raises(PermissionDenied):
        services.topic_flag_set(moderator=member, topic=topic, action="pin")


def test_locked_topics_take_replies_from_moderators_only(moderator, other_member, topic):
    services.topic_flag_set(moderator=moderator, topic=topic, action="lock")
    with pytest.raises(ValidationError) as refusal:
        services.post_create(author=other_member, topic=topic, body="Encore une chose.")
    assert codes(refusal.value) == {"locked"}
    assert services.post_create(author=moderator, topic=topic, body="Sujet clos, merci.")


def test_categories_recount_rebuilds_every_counter(member, topic, category, moderator):
    services.post_create(author=member, topic=topic, body="Une réponse de plus.")
    hidden = make_topic(author=member, category=category, replies=1)
    services.post_hide(moderator=moderator, post=hidden.first_post)
    expected = Category.objects.values_list("pk", "topic_count", "post_count", "last_post")
    expected = sorted(expected)
    Category.objects.update(topic_count=99, post_count=99, last_post=None)

    services.categories_recount()

    assert (
        sorted(Category.objects.values_list("pk", "topic_count", "post_count", "last_post"))
        == expected
    )
    category.refresh_from_db()
    assert (category.topic_count, category.post_count) == (1, 3)
