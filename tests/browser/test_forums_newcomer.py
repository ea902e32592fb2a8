"""What a newcomer trips on in the forums, in a browser: each topic keeps its own reply draft
(and forgets it once sent), and the keyboard stays where it was when a button answers in place.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from forums import services as forums_services
from forums.models import Category, Post, Topic
from tests.factories import MemberFactory

TAB_LIMIT = 120


@pytest.fixture
def members(monkeypatch):
    """Claire and Karim, members for two months; replies within seconds are no flood."""
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    joined = timezone.now() - timedelta(days=60)
    claire = MemberFactory(
        username="claire-redac", display_name="Claire Martin", language="fr", date_joined=joined
    )
    karim = MemberFactory(
        username="karim-trad", display_name="Karim Benali", language="fr", date_joined=joined
    )
    return claire, karim


def two_topics(author) -> tuple[Topic, Topic]:
    board, _ = Category.objects.get_or_create(
        slug="tarifs-devis", defaults={"name": "Tarifs & devis", "is_questions": True}
    )
    first = forums_services.topic_create(
        author=author,
        category=board,
        title="Combien facturer un article SEO ?",
        body="Pour 1 000 mots, quel tarif ?",
        tags=[],
    )
    second = forums_services.topic_create(
        author=author,
        category=board,
        title="Quel statut pour débuter ?",
        body="Micro-entreprise ou portage salarial ?",
        tags=[],
    )
    return first, second


def reply_box(page: Page, topic: Topic):
    return page.locator(
        f'#reply form[action="{reverse("forums:reply", args=[topic.pk])}"] textarea[name=body]'
    )


def open_topic(visit, page: Page, topic: Topic) -> None:
    visit(topic.get_absolute_url())
    # composer.js restores the local copy once its deferred script has run.
    page.wait_for_load_state("load")


def test_each_topic_keeps_its_own_reply_draft_and_forgets_it_once_sent(
    page, visit, sign_in, members
):
    claire, karim = members
    first, second = two_topics(karim)
    sign_in(claire)

    # A reply sent in the first topic does not come back in the second one's box.
    open_topic(visit, page, first)
    reply_box(page, first).fill("Entre **80 et 120 €** l’article, selon la recherche.")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator("#post-2")).to_contain_text("80 et 120 €")
    open_topic(visit, page, second)
    expect(reply_box(page, second)).to_have_value("")
    # Nor in the first topic's own box, now that it is published.
    open_topic(visit, page, first)
    expect(reply_box(page, first)).to_have_value("")
    expect(page.locator(".composer-restored")).to_be_hidden()

    # A reply typed but not sent stays with its topic only.
    reply_box(page, first).fill("La micro-entreprise, sans hésiter.")
    open_topic(visit, page, second)
    expect(reply_box(page, second)).to_have_value("")
    open_topic(visit, page, first)
    expect(reply_box(page, first)).to_have_value("La micro-entreprise, sans hésiter.")


def tab_to(page: Page, selector: str) -> None:
    """Presses Tab until the element matching ``selector`` has the focus, as a keyboard user
    does."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus in {TAB_LIMIT} presses of Tab")


def focused(page: Page, attribute: str) -> str | None:
    return page.evaluate("(a) => document.activeElement.getAttribute(a)", attribute)


def test_a_like_and_a_bookmark_keep_the_keyboard_on_their_button(page, visit, sign_in, members):
    claire, karim = members
    topic, _other = two_topics(karim)
    post = Post.objects.get(topic=topic, number=1)
    sign_in(claire)
    open_topic(visit, page, topic)

    like = f'[data-focus-key="like-{post.pk}"]'
    tab_to(page, like)
    expect(page.locator(like)).to_have_accessible_name("J’aime 0")
    page.keyboard.press("Enter")
    expect(page.locator(like)).to_have_attribute("aria-pressed", "true")
    # The button was swapped for a new one, and the focus went with it, not to the page's start.
    assert focused(page, "data-focus-key") == f"like-{post.pk}"
    assert page.evaluate("(s) => document.activeElement.matches(s + ':focus-visible')", like)
    page.keyboard.press("Enter")
    expect(page.locator(like)).to_have_attribute("aria-pressed", "false")
    assert focused(page, "data-focus-key") == f"like-{post.pk}"
    assert not post.likes.exists()

    bookmark = f'[data-focus-key="bookmark-{post.pk}"]'
    page.keyboard.press("Tab")
    if focused(page, "data-focus-key") != f"bookmark-{post.pk}":
        tab_to(page, bookmark)
    page.keyboard.press("Enter")
    expect(page.locator(bookmark)).to_have_attribute("aria-pressed", "true")
    assert focused(page, "data-focus-key") == f"bookmark-{post.pk}"


def contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_focus_ring_shows_clearly_on_the_dark_navbar(page, visit):
    visit(reverse("forums:index"))
    page.wait_for_load_state("load")
    tab_to(page, "nav.navbar .navbar-brand")
    ring = page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          const bar = getComputedStyle(document.querySelector("nav.navbar"));
          const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
          return {
            color: rgb(style.outlineColor), width: parseFloat(style.outlineWidth),
            style: style.outlineStyle, bar: rgb(bar.backgroundColor),
          };
        }"""
    )
    assert ring["style"] == "solid" and ring["width"] >= 2
    assert contrast(ring["color"], ring["bar"]) >= 3


def test_a_new_topics_title_brings_up_topics_that_may_already_answer_it(
    page, visit, sign_in, members
):
    claire, karim = members
    first, _second = two_topics(karim)
    sign_in(claire)
    visit(reverse("forums:topic_new"))
    page.wait_for_load_state("load")

    page.locator("input[name=title]").press_sequentially("Combien facturer un article ?")

    suggestions = page.locator(".similar-topics")
    expect(suggestions.get_by_role("link", name=first.title)).to_be_visible()
    expect(suggestions.get_by_role("link")).to_have_count(1)
    # Typing goes on in the title: the suggestions do not take the focus.
    assert page.evaluate("document.activeElement.name") == "title"
