"""On a 360 px wide phone, a signed-in member's pages never scroll sideways, and they pass the
browser checks (axe-core, CSP, JavaScript, one <h1>) at that width too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.places import Region
from events.models import Event, Rsvp
from forums import services as forums_services
from forums.models import Category
from members.models import Availability, LegalStatus, Trade
from notifications.models import Notification
from tests.factories import EventFactory, MemberFactory

PHONE_WIDTH = 360

# The elements wider than the viewport or past its right edge, to tell what overflows.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > width + 0.5)
  .slice(0, 8)
  .map((element) => {
    const box = element.getBoundingClientRect();
    const classes = [...element.classList].map((name) => "." + name).join("");
    return `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}`
      + ` (right edge at ${Math.round(box.right)} px)`;
  })"""


@pytest.fixture
def member_paths(monkeypatch):
    """Claire, with something on every page a member visits: boards, a question with a solved
    answer and long words, events she attends, members with full profiles, a notification.
    Returns Claire and the pages to visit.

    get_or_create for the boards and trades of the migrations: the first transactional test of
    a run finds them, later ones find them flushed.
    """
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    joined = timezone.now() - timedelta(days=60)
    rates, _ = Category.objects.get_or_create(
        slug="tarifs-devis",
        defaults={
            "name": "Tarifs & devis",
            "description": "Combien facturer, comment construire un devis.",
            "is_questions": True,
        },
    )
    trade, _ = Trade.objects.get_or_create(slug="redacteur-web", defaults={"name": "Rédacteur web"})
    claire = MemberFactory(
        username="claire-redac",
        display_name="Claire Martin",
        language="fr",
        headline="Rédactrice SEO pour le tourisme et l'hôtellerie de plein air",
        city="Villeneuve-lès-Avignon",
        region=Region.PROVENCE_ALPES_COTE_D_AZUR,
        legal_status=LegalStatus.MICRO_ENTREPRISE,
        bio="J'écris pour les **offices de tourisme** : https://www.exemple.fr/realisations/"
        "offices_de_tourisme_articles_optimises_seo_2026",
        date_joined=joined,
    )
    claire.trades.add(trade)
    karim = MemberFactory(
        username="karim-trad",
        display_name="Karim Benali",
        language="fr",
        headline="Traducteur technique anglais-français",
        region=Region.AUVERGNE_RHONE_ALPES,
        availability=Availability.BUSY,
        open_to_chocoskype=True,
        date_joined=joined,
    )
    topic = forums_services.topic_create(
        author=claire,
        category=rates,
        title="Combien facturer un article SEO de 1 000 mots pour un office de tourisme ?",
        body="Je débute : **quel tarif** pour un article optimisé, mots-clés compris ?\n\n"
        # Long words and addresses that members paste, with no hyphen to break at.
        "Mon brief : https://docs.exemple.fr/brief/office_de_tourisme_article_seo_1000_mots"
        "_version_finale_relue_et_validee.pdf\n\n"
        "`anticonstitutionnellement_referencement_naturel_optimisation_semantique`",
        tags=[],
    )
    answer = forums_services.post_create(
        author=karim,
        topic=topic,
        body="@claire-redac Entre 80 et 150 €, selon la recherche demandée.\n\n"
        "> Je débute : quel tarif pour un article optimisé ?\n\n"
        "```\nTJM = (revenu visé + charges) / jours facturables\n```",
    )
    forums_services.solution_set(member=claire, topic=topic, post=answer)
    assert Notification.objects.filter(recipient=claire).exists()
    starts_at = timezone.now() + timedelta(days=5)
    afterwork = EventFactory(
        title="Afterwork des freelances lyonnais du quartier de la Croix-Rousse",
        organiser=karim,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        capacity=12,
        address="12 rue d’Austerlitz, 69004 Lyon",
        description="On parle **tarifs** autour d’un verre : https://www.exemple.fr/evenements/"
        "afterwork_freelances_lyon_croix_rousse_novembre",
    )
    Rsvp.objects.create(event=afterwork, member=claire, status=Rsvp.Status.GOING)
    Event.objects.filter(pk=afterwork.pk).update(seats_taken=1)
    EventFactory(
        kind=Event.Kind.CHOCOSKYPE,
        title="ChocoSkype du mardi",
        is_online=True,
        city="",
        venue_name="",
        organiser=claire,
    )
    return claire, [
        reverse("home"),
        reverse("forums:index"),
        rates.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("events:list"),
        afterwork.get_absolute_url(),
        reverse("members:list"),
        karim.get_absolute_url(),
        claire.get_absolute_url(),
        reverse("notifications:list"),
    ]


def test_member_pages_fit_a_360_px_wide_phone(open_page, visit, sign_in, member_paths):
    claire, paths = member_paths
    phone = open_page(locale="fr-FR", viewport={"width": PHONE_WIDTH, "height": 740})
    sign_in(claire, page=phone)

    for path in paths:
        visit(path, page=phone)
        expect(phone.locator("html")).to_have_attribute("lang", "fr")
        assert phone.evaluate("() => window.innerWidth") == PHONE_WIDTH
        scroll_width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= PHONE_WIDTH, (
            f"{path} is {scroll_width} px wide on a {PHONE_WIDTH} px phone: "
            f"{phone.evaluate(OVERFLOWING, PHONE_WIDTH)}"
        )
