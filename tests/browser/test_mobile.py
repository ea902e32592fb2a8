"""On a 360 px wide phone, a signed-in member's pages never scroll sideways, and they pass the
browser checks (axe-core, CSP, JavaScript, one <h1>) at that width too. On a 375 px phone the
topic lists give their titles the whole width, and the home page shows the next events early."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from playwright.sync_api import expect

from core.places import Region
from events.models import Event, Rsvp
from forums import services as forums_services
from forums.models import Category, Tag
from members.models import Availability, LegalStatus, Trade
from notifications.models import Notification
from tests.factories import EventFactory, MemberFactory

PHONE_WIDTH = 360
# An iPhone's width, where the topic lists squeezed their titles beside the replies column.
LIST_PHONE_WIDTH = 375
DESKTOP_WIDTH = 1280
# The title of a topic row on that phone: the row less its avatar, not a column of ~100 px.
MIN_TITLE_WIDTH = 250
# How far down the home page the first event may start on that phone: about a screen and a half.
MAX_FIRST_EVENT_TOP = 1200

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


# Each topic row's title (its heading and the link in it) and its replies and last activity.
TOPIC_ROWS = """() => [...document.querySelectorAll(".topic-list .topic-row")].map((row) => {
  const box = (element) => element.getBoundingClientRect();
  const heading = box(row.querySelector("h2"));
  const link = box(row.querySelector(".topic-title"));
  const stats = box(row.querySelector(".topic-stats"));
  return {
    title: row.querySelector(".topic-title").textContent.trim(),
    heading: {width: heading.width, left: heading.left, right: heading.right,
              bottom: heading.bottom},
    link: link.width,
    stats: {left: stats.left, top: stats.top},
  };
})"""
# Where the home page's first event card starts, from the top of the document.
FIRST_EVENT_TOP = """() => {
  const card = document.querySelector(".event-card");
  return card ? card.getBoundingClientRect().top + window.scrollY : null;
}"""


@pytest.fixture
def busy_home(monkeypatch):
    """The home page as a visitor finds it on a lively day: seven boards, eight recent questions
    with long titles, tags and replies, four events to come. Returns a member and a board."""
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    # update_or_create: the first transactional test of a run finds the migrations' boards.
    boards = [
        Category.objects.update_or_create(
            name=name,
            defaults={
                "slug": slugify(name),
                "description": "Combien facturer, comment construire un devis, négocier et "
                "se faire payer : les questions que tout freelance se pose un jour.",
                "is_questions": True,
            },
        )[0]
        for name in (
            "Tarifs & devis",
            "Statut & administratif",
            "Prospection & clients",
            "Astuces & outils",
            "Actualités du marché",
            "Présentations",
            "Entraide",
        )
    ]
    tags = [
        Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in ("Débutant", "Devis", "URSSAF", "SEO")
    ]
    # Members for two months: past the brakes on newcomers' posting.
    joined = timezone.now() - timedelta(days=60)
    claire = MemberFactory(display_name="Claire Martin", language="fr", date_joined=joined)
    karim = MemberFactory(display_name="Karim Benali", language="fr", date_joined=joined)
    for number in range(8):
        topic = forums_services.topic_create(
            author=claire,
            category=boards[number % 2],
            title=f"Combien facturer un article SEO de 1 000 mots, question n°{number} ?",
            body=f"Je débute : quel tarif pour l’article n°{number}, mots-clés compris ?",
            tags=tags[number % 3 : number % 3 + 2],
        )
        for reply in range(number):
            forums_services.post_create(
                author=karim, topic=topic, body=f"Entre 80 et 150 € ({number}.{reply})."
            )
    for day in range(4):
        starts_at = timezone.now() + timedelta(days=day + 2)
        EventFactory(
            title=f"Afterwork des freelances lyonnais n°{day}",
            organiser=karim,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            capacity=20,
        )
    return claire, boards[0]


def _assert_titles_take_the_width(phone, path):
    rows = phone.evaluate(TOPIC_ROWS)
    assert len(rows) >= 4, f"{path} shows {len(rows)} topic rows"
    for row in rows:
        assert row["heading"]["width"] >= MIN_TITLE_WIDTH, (
            f"{path}: the title of “{row['title']}” is {row['heading']['width']:.0f} px wide"
        )
        assert row["link"] >= MIN_TITLE_WIDTH, (
            f"{path}: the link of “{row['title']}” is {row['link']:.0f} px wide"
        )
        # The replies and last activity go on a small line under the title.
        assert row["stats"]["top"] >= row["heading"]["bottom"] - 0.5, row


def _assert_no_sideways_scroll(phone, path):
    scroll_width = phone.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll_width <= LIST_PHONE_WIDTH, (
        f"{path} is {scroll_width} px wide on a {LIST_PHONE_WIDTH} px phone: "
        f"{phone.evaluate(OVERFLOWING, LIST_PHONE_WIDTH)}"
    )


def test_topic_lists_and_next_events_fit_a_375_px_phone(open_page, visit, sign_in, busy_home):
    claire, board = busy_home
    visitor = open_page(locale="fr-FR", viewport={"width": LIST_PHONE_WIDTH, "height": 812})
    member = open_page(locale="fr-FR", viewport={"width": LIST_PHONE_WIDTH, "height": 812})
    sign_in(claire, page=member)

    for phone in (visitor, member):
        visit(reverse("home"), page=phone)
        first_event_top = phone.evaluate(FIRST_EVENT_TOP)
        assert first_event_top is not None
        assert first_event_top <= MAX_FIRST_EVENT_TOP, (
            f"The first event starts {first_event_top:.0f} px down the home page"
        )
        _assert_titles_take_the_width(phone, "/")
        _assert_no_sideways_scroll(phone, "/")
        visit(board.get_absolute_url(), page=phone)
        _assert_titles_take_the_width(phone, board.get_absolute_url())
        _assert_no_sideways_scroll(phone, board.get_absolute_url())


def test_topic_lists_keep_their_columns_on_a_desktop(open_page, visit, busy_home):
    """On a desktop the replies and last activity stay in a column beside the title, and the
    events in a column beside the discussions."""
    _claire, board = busy_home
    desktop = open_page(locale="fr-FR", viewport={"width": DESKTOP_WIDTH, "height": 900})

    for path in (reverse("home"), board.get_absolute_url()):
        visit(path, page=desktop)
        for row in desktop.evaluate(TOPIC_ROWS):
            assert row["stats"]["left"] >= row["heading"]["right"] - 0.5, row
            assert row["stats"]["top"] < row["heading"]["bottom"], row
    visit(reverse("home"), page=desktop)
    events = desktop.locator("#home-events").bounding_box()
    latest = desktop.locator("#home-latest").bounding_box()
    assert events["x"] > latest["x"] + latest["width"]
    assert abs(events["y"] - latest["y"]) < 1
