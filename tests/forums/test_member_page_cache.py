"""Members share one copy of each board page (core/pagecache.py), with holes filled for
each of them (core/personal.py): what a member is served from the copy is exactly the
page rendered for them, and nothing of one member reaches another."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core import personal
from forums import services
from forums.models import TopicReadState

from .conftest import make_topic, seasoned_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
NONCE_IN_PAGE = re.compile(r'nonce="[^"]+"')
JUST_NOW = re.compile(r"\b(now|a second ago|\d+ seconds ago)\b")


def signed_in(member) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    client.get(reverse("forums:bookmarks"))  # the activity stamp, written once
    return client


def comparable(text: str) -> str:
    """The page without what each response makes anew (CSRF tokens, CSP nonces) and what the
    clock changes between two requests (“now”, “a second ago”)."""
    return JUST_NOW.sub("", NONCE_IN_PAGE.sub("", CSRF_IN_PAGE.sub("", text)))


def stored_by(client: Client, url: str) -> None:
    """A member's visits start the generations, then store the members' copy of the page."""
    client.get(url)
    client.get(url)


@pytest.fixture
def board(member, other_member, moderator, question, category):
    """Claire's question (Karim replied #2, Sophie #3); Claire liked and bookmarked #2, Karim
    liked #3; a topic in the other board that Claire read and Karim did not."""
    reply, moderators_reply = list(question.posts.order_by("number"))[1:3]
    services.post_like_toggle(member=member, post=reply)
    services.post_bookmark_toggle(member=member, post=reply)
    services.post_like_toggle(member=other_member, post=moderators_reply)
    elsewhere = make_topic(author=moderator, category=category, replies=2)
    services.topic_mark_read(member=member, topic_id=elsewhere.pk, number=3, known_last_read=None)
    third = seasoned_member()
    return {"question": question, "elsewhere": elsewhere, "third": third}


def urls(board) -> list[str]:
    question = board["question"]
    return [
        reverse("forums:index"),
        question.category.get_absolute_url(),
        board["elsewhere"].category.get_absolute_url(),
        question.get_absolute_url(),
        reverse("forums:search") + "?q=statut",
    ]


def test_each_member_gets_from_the_shared_copy_the_page_rendered_for_them(
    settings, board, member, other_member
):
    readers = {
        "Claire": signed_in(member),
        "Karim": signed_in(other_member),
        "a third member": signed_in(board["third"]),
    }
    for url in urls(board):
        # Each reader has seen the page once: reading it moves no marker any more.
        for client in readers.values():
            client.get(url)
        settings.PAGE_CACHE_SECONDS = 0
        rendered = {name: client.get(url).text for name, client in readers.items()}
        settings.PAGE_CACHE_SECONDS = 30
        stored_by(readers["a third member"], url)
        for name, client in readers.items():
            served = client.get(url).text
            assert personal._marker_tag().decode() not in served
            assert comparable(served) == comparable(rendered[name]), (url, name)


def test_the_holes_are_filled_for_each_member(board, member, other_member):
    question = board["question"]
    claire, karim = signed_in(member), signed_in(other_member)
    stored_by(karim, question.get_absolute_url())

    claires = claire.get(question.get_absolute_url()).text
    karims = karim.get(question.get_absolute_url()).text

    # Claire's menu, her pressed like and bookmark on #2, her own post's buttons and the answer
    # she may accept; Karim's menu, his like on #3, and no accept button.
    assert member.public_name in claires and other_member.public_name in karims
    assert claires.count('aria-pressed="true"') == 2
    assert karims.count('aria-pressed="true"') == 1
    assert "Accept as the answer" in claires and "Accept as the answer" not in karims
    assert reverse("forums:post_edit", args=[question.first_post_id]) in claires
    assert reverse("forums:post_edit", args=[question.first_post_id]) not in karims


def test_a_member_served_from_the_copy_costs_three_queries(
    board, member, other_member, django_assert_num_queries
):
    url = board["question"].get_absolute_url()
    stored_by(signed_in(other_member), url)
    claire = signed_in(member)
    claire.get(url)  # her read marker moves once

    # The session, the member, and their facts (likes, bookmarks, read state, bell, draft).
    with django_assert_num_queries(3):
        page = claire.get(url)
    assert page.status_code == 200 and "Micro-entreprise ou SASU" in page.text


def test_the_copy_is_served_whatever_the_page_holds(
    member, other_member, category, django_assert_num_queries
):
    # Karim's question and 19 replies, by Claire and Karim in turn: 10 posts each.
    topic = make_topic(
        author=other_member, category=category, replies=19, repliers=[member, other_member]
    )
    url = topic.get_absolute_url()
    stored_by(signed_in(other_member), url)
    claire = signed_in(member)
    claire.get(url)

    with django_assert_num_queries(3):
        page = claire.get(url).text
    # Ten of the twenty posts are hers: edit buttons on those, report on the others.
    assert page.count(">Edit<") == 10 and page.count(">Report<") == 10


def test_a_members_draft_and_held_reply_stay_on_her_own_page(
    settings, board, member, other_member, new_member, django_capture_on_commit_callbacks
):
    question = board["question"]
    url = question.get_absolute_url()
    claire, karim = signed_in(member), signed_in(other_member)
    stored_by(karim, url)

    services.draft_save(member=member, topic=question, body="Mon brouillon de réponse")
    assert "Mon brouillon de réponse" in claire.get(url).text
    assert "Mon brouillon de réponse" not in karim.get(url).text

    settings.FORUMS_HOLD_FIRST_POSTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        held = services.post_create(author=new_member, topic=question, body="Ma réponse en attente")
    assert held.status == "held"
    nina = signed_in(new_member)
    stored_by(karim, url)
    assert "Ma réponse en attente" in nina.get(url).text
    assert "Ma réponse en attente" not in karim.get(url).text
    stored_by(nina, url)  # her page is not stored for the others
    assert "Ma réponse en attente" not in karim.get(url).text


def test_staff_never_share_a_copy_with_members(board, moderator, other_member):
    url = board["question"].get_absolute_url()
    sophie, karim = signed_in(moderator), signed_in(other_member)
    stored_by(sophie, url)
    assert "Hide" in sophie.get(url).text

    page = karim.get(url).text
    assert ">Hide<" not in page and "Lock" not in page


def test_the_mine_view_is_never_shared(member, other_member, category):
    make_topic(author=member, category=category, title="Le sujet de Claire")
    make_topic(author=other_member, category=category, title="Le sujet de Karim")
    url = category.get_absolute_url() + "?view=mine"
    claire, karim = signed_in(member), signed_in(other_member)
    stored_by(claire, url)

    page = karim.get(url).text
    assert "Le sujet de Karim" in page and "Le sujet de Claire" not in page


def test_a_like_shows_pressed_to_its_member_only_and_counted_for_all(
    board, member, django_capture_on_commit_callbacks
):
    question = board["question"]
    url = question.get_absolute_url()
    third = board["third"]
    claire, reader = signed_in(member), signed_in(third)
    stored_by(reader, url)
    before = reader.get(url).text.count('aria-pressed="true"')

    moderators_reply = question.posts.get(number=3)
    with django_capture_on_commit_callbacks(execute=True):  # a new generation of the topic
        claire.post(reverse("forums:post_like", args=[moderators_reply.pk]))

    assert claire.get(url).text.count('aria-pressed="true"') == 3
    page = reader.get(url).text
    assert page.count('aria-pressed="true"') == before == 0
    assert ">2</span>" in page  # Karim's and Claire's likes on #3


def test_lists_mark_unread_topics_for_each_member(board, member, other_member):
    elsewhere = board["elsewhere"]
    url = elsewhere.category.get_absolute_url()
    claire, karim = signed_in(member), signed_in(other_member)
    stored_by(claire, url)

    def row(client) -> str:
        page = client.get(url).text
        start = page.index(f'href="{elsewhere.get_absolute_url()}"')
        return page[page.rindex("<li", 0, start) : page.index("</li>", start)]

    assert "topic-unread" not in row(claire)  # she read all three posts
    assert "topic-unread" in row(karim) and ">New<" in row(karim)

    TopicReadState.objects.filter(member=member, topic=elsewhere).update(last_read_number=1)
    assert ">2 unread<" in row(claire)
    assert ">New<" in row(karim)


def test_the_topic_page_moves_the_read_marker_when_served_from_the_copy(
    board, member, other_member
):
    question = board["question"]
    url = question.get_absolute_url()
    stored_by(signed_in(other_member), url)
    assert not TopicReadState.objects.filter(member=board["third"], topic=question).exists()

    signed_in(board["third"]).get(url)

    state = TopicReadState.objects.get(member=board["third"], topic=question)
    assert state.last_read_number == question.last_post_number
