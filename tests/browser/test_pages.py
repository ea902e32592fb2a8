"""The public pages pass the browser checks (axe-core, CSP, JavaScript, one <h1>) in both
languages, for a visitor and for a signed-in member; the admin sends visitors to the site login."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.places import Region
from events.models import Event
from forums import services as forums_services
from forums.models import Category
from members.models import LegalStatus, Trade
from tests.factories import CategoryFactory, EventFactory, MemberFactory


@pytest.fixture
def community_paths(monkeypatch):
    """A little of everything the pages show: boards with topics and replies, events of each
    kind, members' cards. Returns the public pages that show them.

    The first transactional test of a run still has the migrations' starting boards and trades,
    later ones find them flushed: get_or_create gives the same pages either way.
    """
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    rates, _ = Category.objects.get_or_create(
        slug="tarifs-devis",
        defaults={
            "name": "Tarifs & devis",
            "description": "Combien facturer, comment construire un devis.",
            "is_questions": True,
        },
    )
    mutual_help, _ = Category.objects.get_or_create(slug="entraide", defaults={"name": "Entraide"})
    CategoryFactory(name="Coulisses", members_only=True)
    trade, _ = Trade.objects.get_or_create(slug="redacteur-web", defaults={"name": "Rédacteur web"})
    # Members for two months: past the new members' posting limits.
    joined = timezone.now() - timedelta(days=60)
    claire = MemberFactory(
        username="claire-redac",
        display_name="Claire Martin",
        headline="Rédactrice SEO pour le tourisme",
        city="Lyon",
        legal_status=LegalStatus.MICRO_ENTREPRISE,
        date_joined=joined,
    )
    claire.trades.add(trade)
    karim = MemberFactory(
        username="karim-trad",
        display_name="Karim Benali",
        region=Region.AUVERGNE_RHONE_ALPES,
        date_joined=joined,
    )
    topic = forums_services.topic_create(
        author=claire,
        category=rates,
        title="Combien facturer un article SEO de 1 000 mots ?",
        body="Je débute : **quel tarif** pour un article optimisé, mots-clés compris ?",
        tags=[],
    )
    forums_services.post_create(
        author=karim, topic=topic, body="Entre 80 et 150 €, selon la recherche demandée."
    )
    # A short title right above its board's link: the pair once stood closer than WCAG 2.2's
    # 24 px target spacing on the home page.
    forums_services.topic_create(
        author=karim,
        category=mutual_help,
        title="Quel statut pour débuter en traduction ?",
        body="Micro-entreprise ou portage salarial, qu'en pensez-vous ?",
        tags=[],
    )
    soon = timezone.now() + timedelta(days=3)
    afterwork = EventFactory(
        title="Afterwork des freelances lyonnais",
        organiser=claire,
        address="12 rue Mercière",
        description="On parle tarifs autour d'un verre.",
    )
    EventFactory(
        kind=Event.Kind.CHOCOSKYPE,
        title="ChocoSkype du mardi",
        is_online=True,
        city="",
        venue_name="",
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
        organiser=claire,
    )
    EventFactory(title="Atelier prospection", visibility=Event.Visibility.MEMBERS, organiser=claire)
    EventFactory(
        title="Journée coworking",
        kind=Event.Kind.COWORKING,
        status=Event.Status.CANCELLED,
        cancellation_reason="Le lieu est fermé ce jour-là.",
        organiser=claire,
    )
    return [
        reverse("home"),
        reverse("forums:index"),
        rates.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("events:list"),
        afterwork.get_absolute_url(),
        reverse("members:list"),
        reverse("forums:search") + "?q=tarifs",
        # A date that does not exist: the filter says so, in the page's language.
        reverse("forums:search") + "?q=tarif&since=2026-02-31&solved=on",
    ]


@pytest.mark.parametrize(("browser_locale", "language"), [("fr-FR", "fr"), ("en-US", "en")])
def test_public_pages_for_a_visitor(page, visit, community_paths, browser_locale, language):
    for path in community_paths:
        visit(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_test_id("account-menu")).to_have_count(0)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_public_pages_for_a_member(page, visit, sign_in, community_paths, language):
    """The member's own language wins over the browser's (fr-FR here)."""
    member = MemberFactory(display_name="Sophie Durand", language=language)
    sign_in(member)

    for path in community_paths:
        visit(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_test_id("account-menu")).to_contain_text("Sophie Durand")


def test_admin_sends_a_visitor_to_the_site_login(page, visit):
    visit(reverse("admin:index"))

    address = urlsplit(page.url)
    assert address.path == reverse("account_login")
    assert parse_qs(address.query)["next"] == [reverse("admin:index")]
    expect(page.locator("input[name=login]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
