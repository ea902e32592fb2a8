"""The forums' admin pages never save a topic or a post around forums.services: the rows are shown
read-only, and the edits go through the admin's actions and its “Edit the post” page, which call
the site's services (rendered HTML, revisions, counters, moderation log). The list actions already
covered from the admin are in test_moderation.py."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from forums.models import PostRevision
from moderation.models import ModerationAction
from tests.factories import CategoryFactory, MemberFactory

pytestmark = pytest.mark.django_db

POSTS = reverse("admin:forums_post_changelist")
TOPICS = reverse("admin:forums_topic_changelist")


def post_change(post):
    return reverse("admin:forums_post_change", args=[post.pk])


def topic_change(topic):
    return reverse("admin:forums_topic_change", args=[topic.pk])


def post_edit(post):
    return reverse("admin:forums_post_edit", args=[post.pk])


def list_action(client, changelist, action, objects, **data):
    return client.post(
        changelist,
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data},
        follow=True,
    )


def page_action(client, url, action, obj):
    """An action run from the object's own admin page (Django's change-form actions)."""
    return client.post(
        url, {"CHANGE_FORM-action": action, ACTION_CHECKBOX_NAME: [obj.pk]}, follow=True
    )


def logged() -> list[tuple]:
    return list(
        ModerationAction.objects.order_by("pk").values_list(
            "kind", "actor__username", "member__username", "target_id", "reason"
        )
    )


@pytest.fixture
def reply(topic):
    """Karim's reply in Claire's topic."""
    return topic.posts.get(number=2)


@pytest.fixture
def superuser(db):
    return MemberFactory(username="root", is_staff=True, is_superuser=True, language="en")


@pytest.fixture
def staff_without_moderation(db):
    """Staff who may open the forums' admin pages but lack the forums' moderation permission."""
    staff = MemberFactory(username="agathe", is_staff=True, language="en")
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="forums",
            codename__in=["view_topic", "change_topic", "view_post", "change_post"],
        )
    )
    return staff


# --- The rows are read-only ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["moderator", "superuser"])
def test_the_topic_and_post_pages_show_the_rows_read_only(
    request, client, persona, topic, reply, category
):
    client.force_login(request.getfixturevalue(persona))
    target = CategoryFactory(name="Entraide entre pairs")

    post_page = client.get(post_change(reply))
    topic_page = client.get(topic_change(topic))

    assert post_page.status_code == topic_page.status_code == 200
    post_fields = set(post_page.context["adminform"].readonly_fields)
    assert {"topic", "number", "author", "body", "status", "is_hidden", "is_deleted"} <= post_fields
    assert {"like_count", "edit_count", "edited_at"} <= post_fields
    topic_fields = set(topic_page.context["adminform"].readonly_fields)
    assert {"title", "category", "tags", "solution", "is_locked", "is_pinned"} <= topic_fields
    assert {"is_hidden", "status", "reply_count"} <= topic_fields
    for page in [post_page, topic_page]:
        html = page.content.decode()
        assert '<textarea name="body"' not in html and 'name="title"' not in html
        assert 'name="_save"' not in html

    # A form posted anyway is refused, and changes nothing.
    old_body, old_html = reply.body, reply.body_html
    refused = client.post(post_change(reply), {"body": "Texte changé en douce.", "_save": "1"})
    assert refused.status_code == 403
    reply.refresh_from_db()
    assert (reply.body, reply.body_html, reply.edit_count) == (old_body, old_html, 0)
    refused = client.post(
        topic_change(topic),
        {"title": "Un titre changé en douce", "category": target.pk, "is_locked": "on"},
    )
    assert refused.status_code == 403
    topic.refresh_from_db()
    assert (topic.title, topic.category, topic.is_locked) == (
        "Quel tarif pour un article SEO ?",
        category,
        False,
    )
    assert not PostRevision.objects.exists() and logged() == []
    # Nor are topics and posts added here: the services number and count them on the site.
    for name in ["admin:forums_topic_add", "admin:forums_post_add"]:
        assert client.get(reverse(name)).status_code == 403


def test_the_pages_link_to_the_edit_page(client, moderator, topic, reply):
    client.force_login(moderator)

    assert post_edit(reply) in client.get(post_change(reply)).content.decode()
    # A topic's title and first post are edited together, as on the site.
    topic_page = client.get(topic_change(topic)).content.decode()
    assert post_edit(topic.first_post) in topic_page
    assert "Edit the title and first post" in topic_page


# --- Editing a post --------------------------------------------------------------------------


def test_a_moderator_edits_a_members_post_through_the_service(client, moderator, reply):
    client.force_login(moderator)
    old_body = reply.body
    form = client.get(post_edit(reply))
    assert form.status_code == 200
    assert form.context["form"]["body"].value() == old_body
    assert "title" not in form.context["form"].fields  # only a first post carries the title
    assert "as a moderator: give a reason" in form.content.decode()

    response = client.post(
        post_edit(reply),
        {"body": "Prix **corrigé**, merci @claire.", "reason": "Coordonnées retirées"},
        follow=True,
    )

    assert response.redirect_chain == [(post_change(reply), 302)]
    assert "The post has been updated." in response.content.decode()
    reply.refresh_from_db()
    assert reply.body == "Prix **corrigé**, merci @claire."
    assert "<strong>corrigé</strong>" in reply.body_html
    assert 'href="/' in reply.body_html and "@claire" in reply.body_html
    assert reply.edit_count == 1 and reply.edited_at is not None
    revision = reply.revisions.get()
    assert (revision.editor, revision.previous_body, revision.reason) == (
        moderator,
        old_body,
        "Coordonnées retirées",
    )
    assert logged() == [("edit", "sophie", "karim", reply.pk, "Coordonnées retirées")]


def test_a_moderator_renames_a_topic_through_its_first_post(client, moderator, topic):
    client.force_login(moderator)
    first = topic.first_post

    response = client.post(
        post_edit(first),
        {"title": "Quel tarif au mot pour un article SEO ?", "body": first.body, "reason": "Titre"},
    )

    assert response.status_code == 302
    topic.refresh_from_db()
    first.refresh_from_db()
    assert topic.title == "Quel tarif au mot pour un article SEO ?"
    assert first.revisions.get().previous_title == "Quel tarif pour un article SEO ?"
    assert logged() == [("edit", "sophie", "claire", first.pk, "Titre")]


def test_bad_input_shows_the_form_again_with_what_was_typed(client, moderator, topic, reply):
    client.force_login(moderator)

    no_reason = client.post(post_edit(reply), {"body": "Un texte tout neuf.", "reason": ""})
    assert no_reason.status_code == 200
    page = no_reason.content.decode()
    assert "The post was not saved" in page
    assert no_reason.context["form"].errors["reason"]
    assert "Un texte tout neuf." in page

    # The service's own refusal (the title's length) lands on its field too.
    short = client.post(
        post_edit(topic.first_post), {"title": "Tarif ?", "body": "Corps gardé.", "reason": "x"}
    )
    assert short.status_code == 200
    assert "at least 10 characters" in str(short.context["form"].errors["title"])
    assert 'value="Tarif ?"' in short.content.decode()
    assert "Corps gardé." in short.content.decode()

    unchanged = client.post(post_edit(reply), {"body": reply.body, "reason": "Rien"}, follow=True)
    assert "Nothing to save: the post is unchanged." in unchanged.content.decode()
    topic.refresh_from_db()
    assert topic.title == "Quel tarif pour un article SEO ?"
    assert not PostRevision.objects.exists() and logged() == []


# --- Actions ---------------------------------------------------------------------------------


def test_topics_are_hidden_and_unhidden_from_the_list(client, moderator, topic, category):
    client.force_login(moderator)

    response = list_action(client, TOPICS, "hide", [topic])

    assert "1 topic hidden." in response.content.decode()
    topic.refresh_from_db()
    category.refresh_from_db()
    assert topic.is_hidden and topic.first_post.is_hidden
    assert (category.topic_count, category.post_count) == (0, 0)
    response = list_action(client, TOPICS, "unhide", [topic])
    assert "1 topic visible again." in response.content.decode()
    topic.refresh_from_db()
    category.refresh_from_db()
    assert not topic.is_hidden and (category.topic_count, category.post_count) == (1, 2)
    first = topic.first_post_id
    assert logged() == [
        ("hide", "sophie", "claire", first, ""),
        ("unhide", "sophie", "claire", first, ""),
    ]


def test_actions_run_from_the_topic_and_post_pages(client, moderator, topic, reply):
    client.force_login(moderator)
    page = client.get(topic_change(topic)).content.decode()
    assert "Lock the topic" in page and "Lock the selected topics" not in page

    response = page_action(client, topic_change(topic), "lock", topic)
    assert response.redirect_chain == [(topic_change(topic), 302)]
    assert "1 topic locked." in response.content.decode()
    assert (
        "1 topic pinned." in page_action(client, topic_change(topic), "pin", topic).content.decode()
    )
    assert (
        "1 post hidden." in page_action(client, post_change(reply), "hide", reply).content.decode()
    )

    topic.refresh_from_db()
    reply.refresh_from_db()
    assert topic.is_locked and topic.is_pinned and reply.is_hidden
    assert [row[:4] for row in logged()] == [
        ("lock", "sophie", "claire", topic.pk),
        ("pin", "sophie", "claire", topic.pk),
        ("hide", "sophie", "karim", reply.pk),
    ]


def test_moving_without_a_board_asks_again_and_keeps_the_reason(client, moderator, topic, category):
    client.force_login(moderator)

    response = list_action(
        client, TOPICS, "move", [topic], category="", reason="Hors sujet", apply="Move"
    )

    page = response.content.decode()
    assert "Choose the board to move the topics to." in page
    assert 'value="Hors sujet"' in page
    assert f'value="{topic.pk}"' in page  # the selection goes with the next try
    topic.refresh_from_db()
    assert topic.category == category and logged() == []


# --- Staff without the moderation permission ---------------------------------------------------


def test_staff_without_the_moderation_permission_cannot_edit_or_act(
    client, staff_without_moderation, topic, reply
):
    client.force_login(staff_without_moderation)
    page = client.get(post_change(reply))
    assert page.status_code == 200
    assert post_edit(reply) not in page.content.decode()
    assert "Hide the post" not in page.content.decode()
    assert "Hide the selected posts" not in client.get(POSTS).content.decode()

    assert client.get(post_edit(reply)).status_code == 403
    refused = client.post(post_edit(reply), {"body": "Texte remplacé.", "reason": "Moi"})
    assert refused.status_code == 403

    # No action is offered to them, so a posted one runs nothing; their page never saves.
    for changelist, action, obj in [
        (POSTS, "hide", reply),
        (TOPICS, "lock", topic),
        (TOPICS, "hide", topic),
    ]:
        response = list_action(client, changelist, action, [obj])
        assert response.status_code == 200
        assert response.context["action_form"] is None
    assert page_action(client, topic_change(topic), "pin", topic).status_code == 403

    reply.refresh_from_db()
    topic.refresh_from_db()
    assert reply.body != "Texte remplacé." and not reply.is_hidden
    assert not (topic.is_locked or topic.is_pinned or topic.is_hidden)
    assert not PostRevision.objects.exists() and logged() == []
