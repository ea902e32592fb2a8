"""The forum pages as visitors and members see them: what they show, what they refuse and how,
and that what a member typed is never lost on a refusal."""

import html
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import has_vary_header

from forums import services
from forums.models import Bookmark, Draft, Post, PostLike, Topic
from members.models import Trade
from tests.core.test_usertext import SAFE_TAGS

from .conftest import add_replies, make_topic, seasoned_member

pytestmark = pytest.mark.django_db

XSS_POST = """Mon tarif : <script>alert("xss")</script>

<img src=x onerror=alert(1)> <svg onload=alert(2)>

[clic](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) ![i](http://x.example/a.png)

<a href="https://ok.example" onclick="alert(4)" style="position:fixed">lien</a>
<a hx-get="/admin/" hx-trigger="load" data-hx-post="/forums/new/">htmx</a>
<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input></form>

[propre](https://www.malt.fr) et https://freelancehub.fr/"""

VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


class PageElements(HTMLParser):
    """Every element of a page, noting which ones sit inside members' text (.user-text)."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict, bool]] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        inside = any(self._stack) or "user-text" in attrs.get("class", "").split()
        self.elements.append((tag, attrs, any(self._stack)))
        if tag not in VOID_TAGS:
            self._stack.append(inside)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self._stack:
            self._stack.pop()


def active_content(page: str) -> list[str]:
    """What could run or lure in a page: handlers, script URLs anywhere; and anything beyond
    the allow-list inside members' text."""
    parser = PageElements()
    parser.feed(page)
    problems = []
    for tag, attrs, in_user_text in parser.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"{name} on <{tag}>")
            if name in {"href", "src", "action", "formaction"}:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in {"", "http", "https", "mailto"}:
                    problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "script" and "src" not in attrs and "nonce" not in attrs:
            problems.append("inline <script> without our nonce")
        if in_user_text:
            if tag not in SAFE_TAGS:
                problems.append(f"<{tag}> in a post")
            extra = set(attrs) - {"href", "title", "src", "alt", "rel", "class", "start", "align"}
            if extra:
                problems.append(f"{sorted(extra)} on <{tag}> in a post")
            if tag == "img" and not attrs.get("src", "https://").startswith("https://"):
                problems.append(f"image {attrs['src']!r} not over https")
    return problems


def textarea(page: str, name: str = "body") -> str:
    """What a textarea of the page holds, as the browser shows it."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert match, f"no textarea {name}"
    return html.unescape(match.group(1)).removeprefix("\n")


def input_value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


def h1_count(page: str) -> int:
    return len(re.findall(r"<h1[\s>]", page))


# --- Reading ---------------------------------------------------------------------------------


def test_the_board_index_lists_boards_with_counts_and_latest_activity(
    client, member, other_member, topic, category, private_category, moderator
):
    reply = topic.posts.get(number=2)
    page = client.get(reverse("forums:index")).content.decode()

    assert h1_count(page) == 1
    assert category.name.replace("&", "&amp;") in page or category.name in page
    assert "1 topic" in page and "2 posts" in page
    assert topic.title in page and reply.get_absolute_url() in page
    assert private_category.name not in page
    assert 'type="application/atom+xml"' in page

    # A hidden topic's title never shows as a board's latest activity.
    services.post_hide(moderator=moderator, post=topic.first_post, reason="Spam")
    page = client.get(reverse("forums:index")).content.decode()
    assert topic.title not in page
    assert "0 topics" in page


def test_a_category_lists_pinned_topics_first_then_by_activity(
    client, member, other_member, moderator, category
):
    old = make_topic(author=member, category=category, title="Un vieux sujet épinglé")
    Topic.objects.filter(pk=old.pk).update(last_post_at=timezone.now() - timedelta(days=30))
    quiet = make_topic(author=member, category=category, title="Un sujet calme")
    Topic.objects.filter(pk=quiet.pk).update(last_post_at=timezone.now() - timedelta(days=2))
    busy = make_topic(author=other_member, category=category, title="Un sujet animé", replies=2)
    services.topic_flag_set(moderator=moderator, topic=old, action="pin")
    services.topic_flag_set(moderator=moderator, topic=busy, action="lock")

    response = client.get(category.get_absolute_url())

    page = response.content.decode()
    assert [t.pk for t in response.context["page_obj"].object_list] == [old.pk, busy.pk, quiet.pk]
    assert h1_count(page) == 1
    assert "Pinned" in page and "Locked" in page
    assert "2 replies" in page and "0 replies" in page
    assert reverse("forums:category_feed", args=[category.slug]) in page


def test_category_views_filter_the_topics(client, member, other_member, questions, tag, moderator):
    old = make_topic(author=other_member, category=questions, title="Une ancienne question")
    Topic.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    answered = make_topic(
        author=other_member,
        category=questions,
        title="Une question résolue",
        replies=1,
        repliers=[member],
        tags=[tag],
    )
    services.solution_set(member=other_member, topic=answered, post=answered.posts.get(number=2))
    unanswered = make_topic(author=other_member, category=questions, title="Personne ne répond")

    def listed(query, reader=None) -> list[int]:
        if reader:
            client.force_login(reader)
        response = client.get(questions.get_absolute_url(), query)
        assert response.status_code == 200
        return sorted(t.pk for t in response.context["page_obj"].object_list)

    assert listed({"view": "new"}) == sorted([answered.pk, unanswered.pk])
    assert listed({"view": "unanswered"}) == sorted([old.pk, unanswered.pk])
    assert listed({"view": "solved"}) == [answered.pk]
    assert listed({"tag": tag.slug}) == [answered.pk]
    assert listed({"view": "mine"}) == sorted([old.pk, answered.pk, unanswered.pk])  # visitor
    assert listed({"view": "mine"}, member) == [answered.pk]
    assert listed({"view": "nonsense", "page": "x"}) == sorted([old.pk, answered.pk, unanswered.pk])
    page = client.get(questions.get_absolute_url()).content.decode()
    assert page.count("Solved</span>") == 1


def test_the_topic_page_shows_posts_authors_edits_likes_and_sharing_data(
    client, member, other_member, topic
):
    member.trades.set(Trade.objects.filter(name__icontains="rédact")[:1] or Trade.objects.all()[:1])
    trade = member.trades.get()
    reply = topic.posts.get(number=2)
    services.post_like_set(member=member, post=reply, liked=True)
    services.post_edit(editor=other_member, post=reply, body="Plutôt 0,12 € du mot.")

    response = client.get(topic.get_absolute_url())

    page = response.content.decode()
    assert [p.number for p in response.context["posts"]] == [1, 2]
    assert h1_count(page) == 1
    assert trade.name in page
    assert "Claire Martin" in page and "Karim Benali" in page
    assert "edited" in page and "1 like" in page
    assert 'id="post-2"' in page
    assert '<meta property="og:title" content="Quel tarif pour un article SEO ?">' in page
    assert 'name="description"' in page and "Je facture 0,08" in page
    assert f'rel="canonical" href="http://testserver{topic.get_absolute_url()}"' in page
    assert "Sign in to reply" in page
    assert "application/ld+json" not in page  # not a solved question


def test_topic_addresses_redirect_to_the_one_with_the_slug(client, topic):
    short = client.get(reverse("forums:topic_short", args=[topic.pk]) + "?page=1")
    wrong = client.get(reverse("forums:topic", args=[topic.pk, "ancien-titre"]))
    assert short.status_code == wrong.status_code == 301
    assert short["Location"] == topic.get_absolute_url() + "?page=1"
    assert wrong["Location"] == topic.get_absolute_url()
    assert client.get(reverse("forums:topic", args=[999, "nope"])).status_code == 404


def test_pages_past_the_end_show_the_last_page(client, member, category):
    topic = make_topic(author=member, category=category)
    add_replies(topic, 24, [member])
    response = client.get(topic.get_absolute_url(), {"page": "99"})
    assert response.context["posts"][0].number == 21
    assert client.get(topic.get_absolute_url(), {"page": "abc"}).context["posts"][0].number == 1


# --- Members' text: Markdown, XSS, mentions --------------------------------------------------


def test_hostile_markdown_renders_inert_in_the_topic_page(client, member, other_member, category):
    topic = make_topic(author=member, category=category, body=XSS_POST)
    services.post_create(author=other_member, topic=topic, body=XSS_POST + "\n\n(cité)")

    for reader in [None, other_member]:
        if reader:
            client.force_login(reader)
        page = client.get(topic.get_absolute_url()).content.decode()
        assert active_content(page) == []
        # Raw HTML shows as the text it is.
        assert '&lt;script&gt;alert("xss")&lt;/script&gt;' in page
        assert "<script>alert" not in page
        assert "<iframe" not in page and 'action="https://evil.example"' not in page
        assert '<a href="https://www.malt.fr" rel="nofollow ugc noopener">propre</a>' in page
        assert '<a href="https://freelancehub.fr/" rel="nofollow ugc noopener">' in page


def test_hostile_markdown_is_inert_in_the_preview_too(client):
    response = client.post(reverse("forums:preview"), {"body": XSS_POST}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []


def test_mentions_of_members_link_to_their_profiles(client, member, other_member, category):
    topic = make_topic(
        author=member,
        category=category,
        body="Merci @karim et @Personne-Inconnue, écrivez à claire@example.org. `@karim`",
    )

    page = client.get(topic.get_absolute_url()).content.decode()

    profile = other_member.get_absolute_url()
    assert f'<a href="{profile}" class="mention" rel="nofollow ugc noopener">@karim</a>' in page
    assert "@Personne-Inconnue" in page
    assert 'class="mention">@Personne' not in page
    assert "claire@example.org" in page
    assert "<code>@karim</code>" in page


# --- Writing: new topics, replies, previews, quotes ------------------------------------------


def test_a_member_opens_a_topic_and_lands_on_it(client, member, category, tag):
    client.force_login(member)
    form = client.get(reverse("forums:topic_new"), {"category": category.slug})
    assert form.status_code == 200
    assert f'<option value="{category.slug}" selected>' in form.content.decode()

    response = client.post(
        reverse("forums:topic_new"),
        {
            "category": category.slug,
            "title": "Facturer la TVA en micro ?",
            "body": "Bonjour.",
            "tags": [tag.slug],
        },
        follow=True,
    )

    topic = Topic.objects.get(title="Facturer la TVA en micro ?")
    assert response.redirect_chain[0][0] == topic.get_absolute_url()
    page = response.content.decode()
    assert "Your message is published." in page
    assert f'data-draft-sent="{member.pk}:new-topic"' in page
    assert list(topic.tags.all()) == [tag]


def test_refusals_keep_what_the_member_typed(client, member, category, topic):
    client.force_login(member)
    typed = "Mon **long** message\n<avec> des & caractères « français »."
    cases = [
        ({"title": "Trop court"[:6]}, "at least 10 characters"),
        ({"title": "T" * 141}, "at most 140 characters"),
        ({"body": "x" * 20_001}, "at most 20000 characters"),
        ({"category": "inconnue"}, "Select a valid choice"),
    ]
    for change, message in cases:
        data = {"category": category.slug, "title": "Un titre correct", "body": typed, **change}
        response = client.post(reverse("forums:topic_new"), data)
        page = response.content.decode()
        assert response.status_code == 200, change
        assert message in page, change
        assert textarea(page) == data["body"], change
        assert input_value(page, "title") == data["title"], change
    assert Topic.objects.count() == 1

    too_long = "y" * 20_001
    response = client.post(reverse("forums:reply", args=[topic.pk]), {"body": too_long})
    assert response.status_code == 200
    assert textarea(response.content.decode()) == too_long


def test_limits_answer_with_a_message_and_the_text_kept(
    monkeypatch, client, member, new_member, category, topic
):
    client.force_login(member)
    Post.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    monkeypatch.setattr(services, "MIN_SECONDS_BETWEEN_POSTS", 15)
    reply_url = reverse("forums:reply", args=[topic.pk])
    assert client.post(reply_url, {"body": "Première réponse."}).status_code == 302

    too_fast = client.post(reply_url, {"body": "Deuxième, trop vite."})
    assert too_fast.status_code == 200
    assert "You are posting very fast: wait" in too_fast.content.decode()
    assert textarea(too_fast.content.decode()) == "Deuxième, trop vite."

    Post.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    duplicate = client.post(reply_url, {"body": "Première réponse."})
    assert "You already posted this exact message in the last 24 hours." in (
        duplicate.content.decode()
    )
    assert textarea(duplicate.content.decode()) == "Première réponse."

    monkeypatch.setattr(services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    client.force_login(new_member)
    for _ in range(services.NEW_MEMBER_TOPICS_PER_DAY):
        make_topic(author=new_member, category=category)
    data = {"category": category.slug, "title": "Encore une question", "body": "Et encore."}
    refused = client.post(reverse("forums:topic_new"), data)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "New members may open 3 topics a day." in page
    assert (textarea(page), input_value(page, "title")) == ("Et encore.", "Encore une question")

    add_replies(topic, services.NEW_MEMBER_POSTS_PER_HOUR - 3, [new_member])
    refused = client.post(reply_url, {"body": "Une de trop."})
    assert "New members may post 10 messages an hour." in refused.content.decode()
    assert textarea(refused.content.decode()) == "Une de trop."


def test_a_reply_to_a_locked_topic_is_refused_to_members_with_the_text_kept(
    client, member, moderator, topic
):
    services.topic_flag_set(moderator=moderator, topic=topic, action="lock")
    client.force_login(member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "This topic is locked: it takes no more replies." in page
    assert 'name="body"' not in page

    response = client.post(reverse("forums:reply", args=[topic.pk]), {"body": "Et pourtant…"})
    assert response.status_code == 200
    assert "This topic is locked" in response.content.decode()
    assert textarea(response.content.decode()) == "Et pourtant…"

    client.force_login(moderator)
    assert 'name="body"' in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(reverse("forums:reply", args=[topic.pk]), {"body": "Clos. Merci !"})
    assert response.status_code == 302
    assert topic.posts.filter(author=moderator).exists()


@override_settings(FORUMS_HOLD_FIRST_POSTS=1)
def test_a_held_reply_says_it_waits_for_approval(client, new_member, topic):
    client.force_login(new_member)
    response = client.post(
        reverse("forums:reply", args=[topic.pk]), {"body": "Bonjour à tous !"}, follow=True
    )
    assert "will appear once a moderator has approved it" in response.content.decode()
    assert Post.objects.get(author=new_member).status == Post.Status.HELD


def test_the_preview_renders_without_javascript_and_keeps_the_form(client, member, category):
    client.force_login(member)
    response = client.post(
        reverse("forums:topic_new"),
        {"category": category.slug, "title": "Titre", "body": "**Gras** @karim", "preview": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Gras</strong>" in page
    assert textarea(page) == "**Gras** @karim"
    assert not Topic.objects.exists()

    live = client.post(reverse("forums:preview"), {"body": "_vite_"}, HTTP_HX_REQUEST="true")
    assert "<em>vite</em>" in live.content.decode()
    assert "<html" not in live.content.decode()


def test_quoting_a_post_fills_the_reply(client, member, other_member, topic):
    client.force_login(member)
    reply = topic.posts.get(number=2)
    page = client.get(topic.get_absolute_url(), {"quote": reply.pk}).content.decode()
    assert textarea(page).startswith(f"> @karim wrote:\n> {reply.body}")
    # A post of another topic, or one that does not exist, quotes nothing.
    other = make_topic(author=other_member, category=topic.category)
    for pk in [other.first_post_id, 999999, "x"]:
        assert textarea(client.get(topic.get_absolute_url(), {"quote": pk}).content.decode()) == ""


# --- Drafts ----------------------------------------------------------------------------------


def test_drafts_are_autosaved_prefilled_and_cleared(client, member, category, topic):
    client.force_login(member)
    save = reverse("forums:draft_save")

    assert client.post(save, {"title": "Ma que", "category": category.slug}).status_code == 204
    assert (
        client.post(
            save, {"title": "Ma question", "body": "Bonjour,", "category": category.slug}
        ).status_code
        == 204
    )
    assert client.post(save, {"topic": topic.pk, "body": "Ma réponse"}).status_code == 204
    assert client.post(save, {"topic": topic.pk, "body": "Ma réponse complète"}).status_code == 204
    assert Draft.objects.filter(member=member).count() == 2

    page = client.get(reverse("forums:topic_new")).content.decode()
    assert input_value(page, "title") == "Ma question"
    assert textarea(page) == "Bonjour,"
    assert f'<option value="{category.slug}" selected>' in page
    assert "Draft saved" in page
    assert textarea(client.get(topic.get_absolute_url()).content.decode()) == (
        "Ma réponse complète"
    )

    # Publishing clears the draft; so does emptying the form.
    client.post(reverse("forums:reply", args=[topic.pk]), {"body": "Ma réponse complète"})
    assert not Draft.objects.filter(topic=topic).exists()
    client.post(save, {"title": "", "body": " "})
    assert not Draft.objects.exists()

    assert client.post(save, {"topic": "abc", "body": "x"}).status_code == 400
    assert client.post(save, {"topic": 999999, "body": "x"}).status_code == 404


def test_a_hidden_topic_takes_no_draft(client, member, other_member, moderator, category):
    topic = make_topic(author=other_member, category=category)
    services.post_hide(moderator=moderator, post=topic.first_post)
    client.force_login(member)
    response = client.post(reverse("forums:draft_save"), {"topic": topic.pk, "body": "x"})
    assert response.status_code == 404
    assert not Draft.objects.exists()


# --- Likes, bookmarks, reports, following ----------------------------------------------------


def test_likes_and_bookmarks_answer_htmx_with_the_button(client, member, topic):
    client.force_login(member)
    reply = topic.posts.get(number=2)
    like_url = reverse("forums:post_like", args=[reply.pk])
    page = client.get(topic.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="liked" value="1">' in page
    assert '<input type="hidden" name="bookmarked" value="1">' in page

    like = client.post(like_url, {"liked": "1"}, HTTP_HX_REQUEST="true")
    assert like.status_code == 200
    # The button that comes back asks for the other state next.
    assert 'aria-pressed="true"' in like.content.decode()
    assert 'name="liked" value="0"' in like.content.decode()
    assert has_vary_header(like, "HX-Request")
    own = client.post(
        reverse("forums:post_like", args=[topic.first_post_id]),
        {"liked": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert own.status_code == 400
    assert own.content.decode() == "You cannot like your own post."
    # A button that does not say which state it asks for changes nothing.
    for asked in [{}, {"liked": "yes"}]:
        assert client.post(like_url, asked, HTTP_HX_REQUEST="true").status_code == 400
    assert PostLike.objects.filter(member=member, post=reply).exists()

    bookmark_url = reverse("forums:post_bookmark", args=[reply.pk])
    mark = client.post(bookmark_url, {"bookmarked": "1"}, HTTP_HX_REQUEST="true")
    assert 'aria-pressed="true"' in mark.content.decode()
    assert 'name="bookmarked" value="0"' in mark.content.decode()
    assert has_vary_header(mark, "HX-Request")
    # Without htmx, the same addresses answer with a redirect to the post, with the same Vary.
    unmark = client.post(bookmark_url, {"bookmarked": "0"})
    assert unmark.status_code == 302 and has_vary_header(unmark, "HX-Request")
    assert unmark["Location"] == reply.get_absolute_url()
    assert not Bookmark.objects.exists()
    assert client.post(bookmark_url, {}).status_code == 400
    client.post(bookmark_url, {"bookmarked": "1"}, HTTP_HX_REQUEST="true")
    bookmarks = client.get(reverse("forums:bookmarks")).content.decode()
    assert topic.title in bookmarks and reply.get_absolute_url() in bookmarks
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Bookmarked" in page
    assert '<input type="hidden" name="liked" value="0">' in page
    assert '<input type="hidden" name="bookmarked" value="0">' in page


def test_excerpts_of_a_post_show_its_text_without_markdown(client, member, other_member, category):
    topic = make_topic(
        author=other_member,
        category=category,
        title="Combien facturer au mot ?",
        body="Je facture **0,06 € le mot**, _hors TVA_.\n\n- relecture comprise",
    )
    client.force_login(member)
    services.post_bookmark_set(member=member, post=topic.first_post, bookmarked=True)

    bookmarks = client.get(reverse("forums:bookmarks")).content.decode()
    assert "Je facture 0,06 € le mot, hors TVA. relecture comprise" in bookmarks
    assert "**0,06" not in bookmarks
    page = client.get(topic.get_absolute_url()).content.decode()
    plain = "Je facture 0,06 € le mot, hors TVA. relecture comprise"
    assert f'<meta name="description"\n          content="{plain}">' in page
    assert f'<meta property="og:description" content="{plain}">' in page


def test_each_topic_has_its_own_reply_draft_in_the_browser(client, member, topic, category):
    """The composer's local copy (static/js/composer.js) is named by the member and the topic, and
    a sent reply tells the next page which copy to forget."""
    other = make_topic(author=member, category=category)
    client.force_login(member)

    for shown in (topic, other):
        page = client.get(shown.get_absolute_url()).content.decode()
        assert f'data-draft-key="{member.pk}:reply-{shown.pk}"' in page
    full_page = client.get(reverse("forums:reply", args=[topic.pk])).content.decode()
    assert f'data-draft-key="{member.pk}:reply-{topic.pk}"' in full_page

    Draft.objects.create(member=member, topic=topic, body="Ma réponse en cours.")
    sent = client.post(
        reverse("forums:reply", args=[topic.pk]), {"body": "Ma réponse en cours."}, follow=True
    )
    page = sent.content.decode()
    assert f'data-draft-sent="{member.pk}:reply-{topic.pk}"' in page
    # The server's draft went with it: the box comes back empty.
    assert not Draft.objects.filter(member=member, topic=topic).exists()
    assert "Ma réponse en cours.</textarea>" not in page


def test_a_like_or_a_bookmark_sent_twice_keeps_the_state_asked_for(client, member, topic):
    """A retry (after an error, a double click, a page shown twice) asks for the same state:
    the second request changes nothing, with or without htmx."""
    client.force_login(member)
    reply = topic.posts.get(number=2)
    like_url = reverse("forums:post_like", args=[reply.pk])
    bookmark_url = reverse("forums:post_bookmark", args=[reply.pk])

    def state():
        reply.refresh_from_db()
        return (
            reply.like_count,
            PostLike.objects.filter(post=reply).count(),
            Bookmark.objects.filter(post=reply).count(),
        )

    for htmx in [{"HTTP_HX_REQUEST": "true"}, {}]:
        for _sent in range(2):
            client.post(like_url, {"liked": "1"}, **htmx)
            client.post(bookmark_url, {"bookmarked": "1"}, **htmx)
            assert state() == (1, 1, 1)
        for _sent in range(2):
            again = client.post(like_url, {"liked": "0"}, **htmx)
            client.post(bookmark_url, {"bookmarked": "0"}, **htmx)
            assert state() == (0, 0, 0)
        if htmx:
            assert 'aria-pressed="false"' in again.content.decode()
            assert "<span>0</span>" in again.content.decode()
        else:
            assert again.status_code == 302


def test_a_member_reports_a_post_once(client, member, topic):
    client.force_login(member)
    reply = topic.posts.get(number=2)
    url = reverse("forums:post_report", args=[reply.pk])
    form = client.get(url)
    assert form.status_code == 200 and reply.body in form.content.decode()

    sent = client.post(url, {"reason": "spam", "note": "Lien vers son site."}, follow=True)
    again = client.post(url, {"reason": "abuse"}, follow=True)
    invalid = client.post(url, {"reason": "because"})

    assert "the moderators will look at your report" in sent.content.decode()
    assert "You have already reported this" in again.content.decode()
    assert invalid.status_code == 200 and invalid.context["form"].errors["reason"]
    report = reply_reports(reply).get()
    assert (report.reporter, report.reason, report.note) == (member, "spam", "Lien vers son site.")


def reply_reports(post):
    from django.contrib.contenttypes.models import ContentType

    from moderation.models import Report

    return Report.objects.filter(
        target_type=ContentType.objects.get_for_model(Post), target_id=post.pk
    )


def test_watching_a_tag_goes_back_to_the_page_but_never_off_site(client, member, tag, category):
    client.force_login(member)
    url = reverse("forums:tag_watch", args=[tag.slug])
    back = f"{category.get_absolute_url()}?tag={tag.slug}"
    assert client.post(url, {"next": back})["Location"] == back
    for elsewhere in ["https://evil.example/", "//evil.example/x"]:
        assert client.post(url, {"next": elsewhere})["Location"] == reverse("forums:index")


def test_the_notification_level_shows_in_the_member_bar(client, member, topic):
    client.force_login(member)
    client.post(reverse("forums:topic_level", args=[topic.pk]), {"level": "muted"})
    page = client.get(topic.get_absolute_url()).content.decode()
    assert '<option value="muted" selected>' in page
    client.post(reverse("forums:topic_level", args=[topic.pk]), {"level": "loud"})
    page = client.get(topic.get_absolute_url()).content.decode()
    assert '<option value="muted" selected>' in page


# --- Accepted answers ------------------------------------------------------------------------


def jsonld(page: str) -> dict | None:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1)) if match else None


def test_an_accepted_answer_shows_under_the_question_and_marks_the_topic_solved(
    client, member, other_member, moderator, question, questions
):
    answer = question.posts.get(number=2)
    client.force_login(member)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Accept as the answer" in page
    assert jsonld(page) is None

    client.post(reverse("forums:post_solution", args=[answer.pk]), {"accept": "1"})

    page = client.get(question.get_absolute_url()).content.decode()
    section = page.index('class="card border-success accepted-answer"')
    assert page.index('id="post-1"') < section < page.index('id="post-2"')
    assert "Accepted answer, by Karim Benali" in page
    assert "Accepted answer (withdraw)" in page
    data = jsonld(page)
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["name"] == question.title
    assert data["mainEntity"]["acceptedAnswer"]["text"] == answer.body
    assert data["mainEntity"]["acceptedAnswer"]["url"].endswith(answer.get_absolute_url())

    client.logout()
    listing = client.get(questions.get_absolute_url(), {"view": "solved"})
    assert [t.pk for t in listing.context["page_obj"].object_list] == [question.pk]
    assert "Solved" in listing.content.decode()

    # Only page 1 carries the structured data: it shows the question.
    add_replies(question, 20, [other_member])
    assert jsonld(client.get(question.get_absolute_url(), {"page": 2}).content.decode()) is None
    # A hidden answer is no longer offered to search engines.
    services.post_hide(moderator=moderator, post=answer)
    page = client.get(question.get_absolute_url()).content.decode()
    assert jsonld(page) is None
    assert "Accepted answer, by" not in page

    # Hiding the answer opened the question again; the asker cannot reach the hidden post.
    question.refresh_from_db()
    assert question.solution is None
    client.force_login(member)
    for accept in ["1", "0"]:
        response = client.post(
            reverse("forums:post_solution", args=[answer.pk]), {"accept": accept}
        )
        assert response.status_code == 404
    question.refresh_from_db()
    assert question.solution is None


def test_a_solved_topic_in_a_plain_board_has_no_qapage(client, member, moderator, topic, category):
    """After a move out of a questions board, a topic may keep its answer; it is no QAPage."""
    Topic.objects.filter(pk=topic.pk).update(solution=topic.posts.get(number=2))
    assert jsonld(client.get(topic.get_absolute_url()).content.decode()) is None


def test_every_forum_page_has_one_h1(client, member, moderator, topic, tag):
    reply = topic.posts.get(number=2)
    services.post_edit(editor=moderator, post=reply, body="Modéré.", reason="Lien retiré")
    pages = {
        None: [
            reverse("forums:index"),
            reverse("forums:search"),
            reverse("forums:search") + "?q=tarif",
            topic.category.get_absolute_url(),
            topic.get_absolute_url(),
        ],
        member: [
            reverse("forums:topic_new"),
            reverse("forums:reply", args=[topic.pk]),
            reverse("forums:post_edit", args=[topic.first_post_id]),
            reverse("forums:post_report", args=[reply.pk]),
            reverse("forums:bookmarks"),
        ],
        moderator: [reverse("forums:post_revisions", args=[reply.pk]), topic.get_absolute_url()],
    }
    for reader, urls in pages.items():
        if reader:
            client.force_login(reader)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert h1_count(response.content.decode()) == 1, url


def test_a_new_member_with_no_topics_sees_an_empty_board(client, category):
    client.force_login(seasoned_member())
    page = client.get(category.get_absolute_url()).content.decode()
    assert "No topic here yet" in page


def test_a_new_topic_draft_keeps_every_checked_tag_and_restores_them(member_client):
    from forums.models import Draft, Tag

    Tag.objects.bulk_create(
        [Tag(name="TJM", slug="tjm"), Tag(name="Devis", slug="devis"), Tag(name="SEO", slug="seo")]
    )
    member_client.post(
        reverse("forums:draft_save"),
        {"title": "Quel TJM en 2027 ?", "body": "Je cherche des repères.", "tags": ["tjm", "seo"]},
    )

    assert Draft.objects.get().tags == "tjm,seo"
    form = member_client.get(reverse("forums:topic_new")).context["form"]
    assert form.initial["tags"] == ["tjm", "seo"]
