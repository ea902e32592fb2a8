"""A visitor reading cached board pages in a browser: the scripts still run under the CSP (each
response has its own nonce), the language switcher still works (its own CSRF token), and a reply a
member just sent shows on the visitor's next load."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core import pagecache
from forums import services as forums_services
from forums.models import Category
from tests.factories import MemberFactory


@pytest.fixture
def served_from_cache(monkeypatch) -> list[str]:
    """The paths answered from the cache, in order."""
    served = []
    replayed = pagecache._replayed

    def spy(request, copy):
        served.append(request.path)
        return replayed(request, copy)

    monkeypatch.setattr(pagecache, "_replayed", spy)
    return served


@pytest.fixture
def topic(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 30
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    category, _ = Category.objects.get_or_create(
        slug="tarifs-devis", defaults={"name": "Tarifs & devis"}
    )
    claire = MemberFactory(
        username="claire-redac",
        display_name="Claire Martin",
        language="fr",
        date_joined=timezone.now() - timedelta(days=60),
    )
    return forums_services.topic_create(
        author=claire,
        category=category,
        title="Quel tarif pour une fiche produit ?",
        body="On me propose 5 € la fiche de 150 mots, est-ce correct ?",
        tags=[],
    )


def test_a_visitor_reads_cached_pages_and_switches_language(page, visit, topic, served_from_cache):
    url = topic.get_absolute_url()
    for _ in range(3):
        visit(url)
    assert served_from_cache[-1:] == [url]
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_class("js")  # the inline script ran: nonce accepted

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(topic.title)
    served_from_cache.clear()
    for _ in range(3):
        visit(url)
    assert served_from_cache[-1:] == [url]
    expect(page.locator("html")).to_have_class("js")
    expect(page.get_by_role("button", name="Change")).to_be_visible()


def test_a_reply_shows_on_a_visitors_next_load(
    page, visit, topic, sign_in, open_page, served_from_cache
):
    url = topic.get_absolute_url()
    for _ in range(3):
        visit(url)
    assert served_from_cache[-1:] == [url]
    karim = MemberFactory(
        username="karim-trad",
        display_name="Karim Benali",
        language="fr",
        date_joined=timezone.now() - timedelta(days=60),
    )
    karims_page = open_page(locale="fr-FR", timezone_id="Europe/Paris")
    sign_in(karim, page=karims_page)
    visit(url, page=karims_page)
    reply_form = karims_page.locator(
        f'#reply form[action="{reverse("forums:reply", args=[topic.pk])}"]'
    )
    reply_form.locator("textarea[name=body]").fill("Plutôt 12 € la fiche, à mon avis.")
    reply_form.get_by_role("button", name="Envoyer ma réponse").click()
    expect(karims_page.get_by_text("Plutôt 12 € la fiche, à mon avis.")).to_be_visible()

    visit(url)
    expect(page.get_by_text("Plutôt 12 € la fiche, à mon avis.")).to_be_visible()
