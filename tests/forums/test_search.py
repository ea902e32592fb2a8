"""Search: French stems and accents on PostgreSQL, ranked with highlighted excerpts, filtered;
a substring match on SQLite. Nobody finds what they may not read."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.models import Post

from .conftest import make_topic

pytestmark = pytest.mark.django_db

ON_SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def found(client, **params) -> list[Post]:
    response = client.get(reverse("forums:search"), params)
    assert response.status_code == 200
    results = response.context["results"]
    return list(results.results) if results else []


def titles(posts) -> list[str]:
    return [post.topic.title for post in posts]


@pytest.mark.postgres
def test_french_words_are_found_whatever_their_form_and_accents(client, member, category):
    make_topic(
        author=member,
        category=category,
        title="Mon tarif journalier en 2025",
        body="Je pratique un TJM de 450 euros.",
    )
    make_topic(
        author=member,
        category=category,
        title="Un client à relancer",
        body="J'ai facturé le client en janvier, toujours rien.",
    )
    make_topic(
        author=member,
        category=category,
        title="Créer sa structure",
        body="La création de ma société a pris trois semaines.",
    )

    assert titles(found(client, q="tarifs")) == ["Mon tarif journalier en 2025"]
    assert titles(found(client, q="facture")) == ["Un client à relancer"]
    assert titles(found(client, q="societe")) == ["Créer sa structure"]
    assert titles(found(client, q="SOCIÉTÉS")) == ["Créer sa structure"]
    assert found(client, q="licorne") == []


@pytest.mark.postgres
def test_title_matches_rank_first_and_edits_are_searchable(client, member, other_member, category):
    in_body = make_topic(
        author=member,
        category=category,
        title="Question sur les devis",
        body="Quel devis et quel tarif pour un site vitrine ?",
    )
    in_title = make_topic(
        author=other_member,
        category=category,
        title="Tarif d'un site vitrine",
        body="Combien demander pour cinq pages ?",
    )

    results = found(client, q="tarif")
    assert [post.topic_id for post in results] == [in_title.pk, in_body.pk]

    services.post_edit(
        editor=member,
        post=in_body.first_post,
        body="Quel devis pour un site ?",
        title="Question sur les devis et les honoraires",
    )
    assert [post.topic_id for post in found(client, q="honoraires")] == [in_body.pk]
    assert [post.topic_id for post in found(client, q="tarif")] == [in_title.pk]


@pytest.mark.postgres
def test_excerpts_highlight_the_words_and_escape_the_markdown_source(client, member, category):
    make_topic(
        author=member,
        category=category,
        title="Un message piégé",
        body='Mon tarif <script>alert("x")</script> & <b>gras</b> **vraiment**.',
    )

    response = client.get(reverse("forums:search"), {"q": "tarif"})

    page = response.content.decode()
    excerpt = str(response.context["results"].results[0].excerpt_html)
    assert "<mark>tarif</mark>" in excerpt
    assert "&lt;script&gt;" in excerpt and "<script>" not in excerpt
    assert "&lt;b&gt;" in excerpt and "&amp;" in excerpt
    assert "<mark>tarif</mark>" in page
    assert '<script>alert("x")' not in page


@pytest.mark.postgres
def test_filters_by_board_tag_author_date_and_solved(
    client, member, other_member, category, questions, tag
):
    by_claire = make_topic(
        author=member,
        category=category,
        title="Tarif de relecture",
        tags=[tag],
        body="Mon tarif de relecture.",
    )
    by_karim = make_topic(
        author=other_member,
        category=questions,
        title="Tarif de traduction",
        body="Quel tarif pour traduire ?",
        replies=1,
        repliers=[member],
    )
    old = make_topic(
        author=other_member,
        category=category,
        title="Ancien tarif",
        body="Un tarif d'il y a longtemps.",
    )
    Post.objects.filter(topic=old).update(created_at=timezone.now() - timedelta(days=400))
    answer = services.post_create(author=member, topic=by_karim, body="Un tarif au mot.")
    services.solution_set(member=other_member, topic=by_karim, post=answer)

    assert {p.topic_id for p in found(client, q="tarif", category=questions.slug)} == {by_karim.pk}
    assert [p.topic_id for p in found(client, q="tarif", tag=tag.slug)] == [by_claire.pk]
    assert {p.pk for p in found(client, q="tarif", author="@KARIM")} == {
        by_karim.first_post_id,
        old.first_post_id,
    }
    since = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert old.pk not in {p.topic_id for p in found(client, q="tarif", since=since)}
    solved = found(client, q="tarif", solved="on")
    # The question and its accepted answer both match: one result, for their topic.
    assert [(p.topic_id, p.topic_matches) for p in solved] == [(by_karim.pk, 2)]
    assert solved[0].pk in {by_karim.first_post_id, answer.pk}
    page = client.get(reverse("forums:search"), {"q": "traduire"}).content.decode()
    assert "Solved</span>" in page


@pytest.mark.postgres
def test_nobody_finds_what_they_may_not_read(
    client, member, other_member, moderator, category, private_category
):
    hidden_topic = make_topic(
        author=other_member, category=category, title="Tarif caché", body="Un tarif masqué."
    )
    services.post_hide(moderator=moderator, post=hidden_topic.first_post)
    visible = make_topic(
        author=other_member,
        category=category,
        title="Tarifs publics",
        body="Un tarif public.",
        replies=2,
        repliers=[member],
    )
    hidden_reply, deleted_reply = visible.posts.filter(number__gt=1).order_by("number")
    Post.objects.filter(pk=hidden_reply.pk).update(body="Un tarif en réponse, masqué.")
    services.post_hide(moderator=moderator, post=hidden_reply)
    services.post_delete(member=member, post=deleted_reply)
    private = make_topic(
        author=member,
        category=private_category,
        title="Tarif entre nous",
        body="Un tarif réservé aux membres.",
    )

    assert [p.pk for p in found(client, q="tarif")] == [visible.first_post_id]
    assert found(client, q="tarif", category=private_category.slug) == []
    client.force_login(other_member)
    assert {p.topic_id for p in found(client, q="tarif")} == {visible.pk, private.pk}


@pytest.mark.postgres
def test_results_are_paged_without_counting(client, member, category):
    for i in range(22):
        make_topic(
            author=member, category=category, title=f"Tarif numéro {i}", body=f"Le tarif {i}."
        )
    first = client.get(reverse("forums:search"), {"q": "tarif"}).context["results"]
    second = client.get(reverse("forums:search"), {"q": "tarif", "page": 2}).context["results"]
    assert (len(first.results), first.has_next()) == (20, True)
    assert (len(second.results), second.has_next(), second.has_previous()) == (2, False, True)


@pytest.mark.skipif(not ON_SQLITE, reason="the substring fallback runs on SQLite only")
def test_sqlite_falls_back_to_substrings(client, member, other_member, category):
    topic = make_topic(
        author=member,
        category=category,
        title="Mes tarifs de rédaction",
        body="Je facture au mot.",
        replies=1,
        repliers=[other_member],
    )
    make_topic(author=member, category=category, title="Autre chose", body="Rien à voir.")

    results = found(client, q="tarif")
    assert {p.topic_id for p in results} == {topic.pk}
    excerpt = str(results[0].excerpt_html)
    assert "<mark>" not in excerpt
    assert {p.topic_id for p in found(client, q="FACTURE au")} == {topic.pk}
    assert found(client, q="tarif", author="nobody") == []
    today = timezone.localdate().isoformat()
    assert {p.topic_id for p in found(client, q="tarif", since=today)} == {topic.pk}


def test_a_topic_shows_once_with_its_best_post_and_how_many_posts_match(
    client, member, other_member, category
):
    topic = make_topic(
        author=member,
        category=category,
        title="Combien au mot ?",
        body="Je facture **0,06 € le mot** en tarif de base.",
    )
    for i in range(5):
        services.post_create(author=other_member, topic=topic, body=f"Mon tarif à moi, cas {i}.")
    other = make_topic(author=other_member, category=category, body="Un tarif différent.")

    results = found(client, q="tarif")
    assert sorted(post.topic_id for post in results) == sorted([topic.pk, other.pk])
    matches = {post.topic_id: post.topic_matches for post in results}
    assert matches == {topic.pk: 6, other.pk: 1}
    page = client.get(reverse("forums:search"), {"q": "tarif"}).content.decode()
    assert page.count("6 matching posts") == 1
    assert "1 matching post<" not in page


def test_excerpts_are_the_text_as_read_with_the_words_marked(client, member, category):
    make_topic(
        author=member,
        category=category,
        title="Combien au mot ?",
        body="Je facture **0,06 € le mot**, _hors TVA_ & sans <b>frais</b>.",
    )

    excerpt = str(found(client, q="facture")[0].excerpt_html)

    assert "<mark>facture</mark> 0,06 € le mot, hors TVA &amp; sans &lt;b&gt;frais" in excerpt
    assert "**" not in excerpt and "_hors" not in excerpt


def test_an_empty_search_shows_the_form_only(client):
    response = client.get(reverse("forums:search"), {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Words are matched in French" in response.content.decode()


def test_a_bad_filter_is_explained_and_keeps_what_was_typed(client, category):
    response = client.get(
        reverse("forums:search"),
        {"q": "tarif <b>", "since": "2026-02-31", "solved": "on", "category": category.slug},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["results"] is None
    assert 'id="id_since-error" class="invalid-feedback">Enter a valid date.</div>' in page
    assert 'aria-invalid="true" aria-describedby="id_since-error"' in page
    assert 'value="tarif &lt;b&gt;"' in page
    assert 'value="2026-02-31"' in page
    assert 'id="id_solved" class="form-check-input" checked' in page
    assert f'<option value="{category.slug}" selected>' in page


@pytest.mark.parametrize("page", ["100000000000000000000", "-3", "deux"])
def test_any_page_number_gets_a_page(client, topic, page):
    response = client.get(reverse("forums:search"), {"q": "tarif", "page": page})
    assert response.status_code == 200
