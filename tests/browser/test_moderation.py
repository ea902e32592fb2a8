"""The moderators' queue in a browser: on a 1280 px screen the reports list fits, and a report's
own page hides its content with the moderator's reason."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from forums import services as forums_services
from forums.models import Category
from members.models import Recommendation
from moderation.models import ModerationAction, Report
from moderation.services import report_create
from tests.browser.test_forums import assert_admin_page_clean, visit_admin
from tests.factories import MemberFactory, ModeratorFactory

LAPTOP = {"width": 1280, "height": 800}


def reported_content(monkeypatch):
    """A long-titled topic's reply and a recommendation, each reported by several members, with
    long words such as links: what stretched the list's columns."""
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    joined = timezone.now() - timedelta(days=60)
    claire = MemberFactory(
        username="claire-redactrice-web-lyon", display_name="Claire Martin-Delacroix",
        date_joined=joined,
    )  # fmt: skip
    karim = MemberFactory(
        username="karim-traducteur-relecteur", display_name="Karim Benali-Fontaine",
        date_joined=joined,
    )  # fmt: skip
    board, _ = Category.objects.get_or_create(slug="entraide", defaults={"name": "Entraide"})
    topic = forums_services.topic_create(
        author=claire,
        category=board,
        title="Combien facturer un article SEO de 1 000 mots pour un client en portage salarial ?",
        body="Je débute et je me demande quel tarif proposer à une agence.",
        tags=[],
    )
    spam = forums_services.post_create(
        author=karim,
        topic=topic,
        body="https://www.exemple-de-boutique-en-ligne.fr/"
        + "abonnes-pas-chers-promotion-du-jour-" * 8
        + " achetez des abonnés pas chers !",
    )
    recommendation = Recommendation.objects.create(
        author=karim, recipient=claire, text="Contactez-moi sur mon site " * 12
    )
    for n in range(4):
        reporter = MemberFactory(display_name=f"Membre signalant numéro {n}")
        report_create(reporter=reporter, target=spam, reason="spam", note="Publicité. " * 20)
        report_create(reporter=reporter, target=recommendation, reason="abuse")
    return spam


def test_the_reports_list_fits_a_1280_px_screen(open_page, sign_in, monkeypatch):
    reported_content(monkeypatch)
    moderator = ModeratorFactory(username="sophie-modo", display_name="Sophie Moderatrice")
    page = open_page(locale="fr-FR", viewport=LAPTOP)
    sign_in(moderator, page=page)

    visit_admin(open_page, page, reverse("admin:moderation_report_changelist"))

    expect(page.locator("#result_list tbody tr")).to_have_count(8)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 1280 px"
    # Nor does the list within it (Django's admin scrolls a too-wide table in its own box).
    results = page.locator("#changelist .results")
    overflow = results.evaluate("box => box.scrollWidth - box.clientWidth")
    assert overflow <= 0, f"the reports list scrolls sideways by {overflow} px at 1280 px"


def test_a_report_page_hides_its_content_with_the_moderators_reason(
    open_page, sign_in, monkeypatch
):
    spam = reported_content(monkeypatch)
    moderator = ModeratorFactory(username="sophie-modo", display_name="Sophie Moderatrice")
    report = Report.objects.filter(target_id=spam.pk, reason="spam").first()
    page = open_page(locale="fr-FR", viewport=LAPTOP)
    sign_in(moderator, page=page)

    # The admin's home says how many reports wait and leads to them.
    visit_admin(open_page, page, reverse("admin:index"))
    page.get_by_role("link", name="8 reports waiting").or_(
        page.get_by_role("link", name="8 signalements en attente")
    ).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(8)

    visit_admin(open_page, page, reverse("admin:moderation_report_change", args=[report.pk]))
    page.locator(f'a[href="{reverse("admin:moderation_report_hide", args=[report.pk])}"]').click()
    reason = page.locator("textarea[name=reason]")
    expect(reason).to_have_value("Spam ou publicité")
    reason.fill("Lien publicitaire retiré : merci de garder l’entraide sans promotion.")
    page.locator("input[name=apply]").click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert_admin_page_clean(open_page, page)

    spam.refresh_from_db()
    assert spam.is_hidden
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.HIDE)
    assert action.reason == "Lien publicitaire retiré : merci de garder l’entraide sans promotion."
    assert not Report.objects.filter(target_id=spam.pk, status=Report.Status.OPEN).exists()
