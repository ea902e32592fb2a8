"""The rates observatory in a browser, in French, on a phone: Claire reports what she charged
for a blog article through the form (an amount typed the French way, a mistake first), then
sees every figure of the service, and the card beside a « Tarifs & devis » topic tagged with
that service shows the new median. Every page fits 375 px.

Fields are found by their names (the French catalogue of the new texts comes later).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from forums.models import Category, Tag
from forums.services import topic_create
from members.models import Trade
from rates.models import RateReport
from tests.factories import MemberFactory, RateReportFactory, ServiceFactory

PHONE = {"width": 375, "height": 800}

# The elements wider than the phone, named, for the failure's message.
WIDER_THAN_THE_SCREEN = """(width) => [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((element) => `${element.tagName}.${element.className} ${element.textContent.trim()}`)
    .map((text) => text.slice(0, 80))"""


def assert_fits_the_phone(page) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], page.evaluate(WIDER_THAN_THE_SCREEN, PHONE["width"])


@pytest.fixture
def article(db):
    trade = Trade.objects.create(name="Rédaction web (test)", slug="redaction-test", position=0)
    return ServiceFactory(
        trade=trade, name="Article de blog", slug="article-de-blog", default_unit="word"
    )


@pytest.fixture
def claire(db):
    return MemberFactory(
        username="claire-redac",
        display_name="Claire Martin",
        language="fr",
        date_joined=timezone.now() - timedelta(days=60),
        years_freelancing=2,
        region="ara",
        legal_status="micro",
    )


@pytest.fixture
def topic(article):
    """A question in « Tarifs & devis » tagged with the service: the observatory's card shows
    beside it."""
    tag = Tag.objects.create(name="Articles de blog (test)", slug="articles-blog-test")
    article.tag = tag
    article.save(update_fields=["tag"])
    author = MemberFactory(language="fr", date_joined=timezone.now() - timedelta(days=60))
    return topic_create(
        author=author,
        # A board of the data migrations, flushed after the run's first transactional test.
        category=Category.objects.get_or_create(
            slug="tarifs-devis", defaults={"name": "Tarifs & devis", "is_questions": True}
        )[0],
        title="Combien facturer un article de blog au mot ?",
        body="Je débute en rédaction web : quel tarif au mot pour un article de blog ?",
        tags=[tag],
    )


@pytest.fixture
def four_others(article):
    """Four members reported already: one short of a figure."""
    for amount in ("0.10", "0.11", "0.13", "0.14"):
        RateReportFactory(service=article, unit="word", amount=Decimal(amount), region="ara")


def test_a_member_reports_a_rate_on_a_phone_then_sees_the_figures_and_the_topics_card(
    page, page_checks, visit, sign_in, article, claire, four_others, topic
):
    # The refused form answers 400, which Chromium logs.
    page_checks.allow_console_error(r"status of 400\b")
    page.set_viewport_size(PHONE)
    sign_in(claire)
    service_url = reverse("rates:service", args=[article.slug, "word"])

    # The topic's card: the service is named, with no figure yet.
    visit(topic.get_absolute_url())
    card = page.locator(".rates-topic-card")
    expect(card).to_be_visible()
    expect(card.locator(f"a[href='{service_url}']")).to_be_visible()
    expect(card).not_to_contain_text("€")
    assert_fits_the_phone(page)

    # Four members: nothing shown yet, and not their number.
    visit(service_url)
    expect(page.locator("#figures-withheld")).to_be_visible()
    expect(page.locator("#figure-median")).to_have_count(0)
    assert_fits_the_phone(page)

    # From the service's page to the form: service, unit and profile already chosen.
    page.locator("main a.btn-primary[href*='/tarifs/report/']").first.click()
    expect(page.locator("select[name=service]")).to_have_value(str(article.pk))
    expect(page.locator("select[name=unit]")).to_have_value("word")
    expect(page.locator("select[name=region]")).to_have_value("ara")
    expect(page.locator("input[name=years_freelancing]")).to_have_value("2")
    expect(page.locator("select[name=year]")).to_have_value(str(timezone.localdate().year))
    assert_fits_the_phone(page)

    # A fourth decimal: refused with a message, and everything typed stays.
    page.locator("input[name=amount]").fill("0,1255")
    page.locator("input[name=client_type][value=agency]").check()
    page.locator("input[name=client_source][value=referral]").check()
    page.locator("#rate-report-form button[type=submit]").click()
    expect(page.locator("#id_amount")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("input[name=amount]")).to_have_value("0,1255")
    expect(page.locator("input[name=client_source][value=referral]")).to_be_checked()
    assert not RateReport.objects.filter(member=claire).exists()

    page.locator("input[name=amount]").fill("0,12")
    page.locator("#rate-report-form button[type=submit]").click()

    # Back on the service's page: five members now, the median written the French way, and
    # every figure for her who gave one.
    expect(page).to_have_url(re.compile(re.escape(service_url) + "$"))
    expect(page.locator("#figure-median")).to_have_text("0,12\u00a0€")
    expect(page.locator("#figure-members")).to_have_text("5")
    expect(page.locator("svg.rates-histogram-svg[role=img]")).to_be_visible()
    expect(page.locator("form.rates-filters select[name=region]")).to_be_visible()
    assert_fits_the_phone(page)
    report = RateReport.objects.get(member=claire)
    assert report.amount == Decimal("0.12")
    assert report.client_source == "referral"

    # A cut: the five are all in Auvergne-Rhône-Alpes, so the region filter shows them again.
    page.locator("form.rates-filters select[name=region]").select_option("ara")
    page.locator("form.rates-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"region=ara"))
    expect(page.locator("#figure-members")).to_have_text("5")
    assert_fits_the_phone(page)

    # Her report in « my rates », where she alone sees it.
    visit(reverse("rates:mine"))
    expect(page.locator(f"#report-{report.pk} .rates-status")).to_have_attribute(
        "data-state", "counted"
    )
    assert_fits_the_phone(page)
    visit(reverse("rates:overview"))
    expect(page.locator("#every-cut-open")).to_be_visible()
    assert_fits_the_phone(page)
    visit(reverse("rates:method"))
    assert_fits_the_phone(page)

    # The topic's card changed: the median of the five, in French.
    visit(topic.get_absolute_url())
    expect(card).to_contain_text("0,12\u00a0€")
    assert_fits_the_phone(page)
