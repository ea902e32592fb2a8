"""The observatory's demo (demo/rates.py, written by `manage.py seed_demo`): alive at once, with
figures, cuts and topic cards, the same on every run and every machine."""

import io
from collections import Counter
from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from demo.data import MEMBERS
from demo.rates import MARKETS, OUTLIERS, PERSONA_REPORTS, contributors, reports
from forums.models import Topic
from members.models import Member
from rates.models import RateReport, Service
from rates.rules import MIN_MEMBERS, period_years
from rates.selectors import CutFilters, cut_figures, headline_figures

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 26)


def seed() -> str:
    stdout = io.StringIO()
    with mock.patch.object(timezone, "localdate", return_value=TODAY):
        call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


@pytest.fixture
def seeded(db):
    # The figures' period follows the clock: the demo's day and the figures' agree.
    with mock.patch("rates.rules.timezone.localdate", return_value=TODAY):
        yield seed()


def test_the_demo_is_drawn_the_same_every_time():
    assert contributors() == contributors()
    assert reports(TODAY, contributors()) == reports(TODAY, contributors())
    people = contributors()
    assert len({person.handle for person in people}) == len(people)
    assert not {person.handle for person in people} & {demo.handle for demo in MEMBERS}


def test_a_few_hundred_reports_across_the_trades(seeded):
    assert "Rates observatory: 20 services" in seeded
    reports_made = list(RateReport.objects.select_related("service__trade", "member"))

    assert 400 <= len(reports_made) <= 900
    assert len({r.service.trade_id for r in reports_made}) == 16
    assert {r.year for r in reports_made} == set(period_years(TODAY))
    for one in reports_made:
        one.full_clean()
        assert one.member.date_joined < one.created_at < timezone.now()
    # Every persona who says what they charge in the boards reported it.
    personas = Counter(r.member.username for r in reports_made if r.member.username in {
        demo.handle for demo in MEMBERS
    })  # fmt: skip
    assert personas == Counter(report.handle for report in PERSONA_REPORTS)
    # Two reports far from the rest wait for the moderators.
    assert RateReport.objects.filter(status=RateReport.Status.REVIEW).count() == len(OUTLIERS)


def test_the_observatory_shows_figures_and_cuts_after_seeding(seeded, client):
    headlines = {(h.service.slug, h.unit): h for h in headline_figures()}

    # Every market with enough members has its figure; the one with too few has none.
    for market in MARKETS:
        key = (market.service, market.unit)
        if market.members >= MIN_MEMBERS:
            assert headlines[key].members == market.members, key
        else:
            assert key not in headlines
    blog = headlines[("article-de-blog", "word")]
    assert blog.median is not None and 0.07 <= blog.median <= 0.12
    assert 400 <= headlines[("developpement-web", "day")].median <= 600
    # Cuts show at once: by region, status, experience, client type, and two at a time.
    service = Service.objects.get(slug="article-de-blog")
    for filters in (
        CutFilters(region="idf"),
        CutFilters(legal_status="micro"),
        CutFilters(experience="2-5"),
        CutFilters(client_type="agency"),
        CutFilters(region="idf", legal_status="micro"),
    ):
        figures = cut_figures(service=service, unit="word", filters=filters)
        assert figures.shown, filters
        assert figures.members >= MIN_MEMBERS
    figures = cut_figures(service=service, unit="word", filters=CutFilters())
    assert figures.p10 is not None and figures.confidence == "high"
    assert len(figures.by_year) == 3
    assert len(figures.histogram) >= 5
    # The pages say so.
    with translation.override("fr"):
        page = client.get(reverse("rates:overview")).content.decode()
    assert "Article de blog" in page and "Développement web" in page


def test_the_demo_topics_show_the_cards_of_the_services_they_name(seeded, client):
    claire_question = Topic.objects.get(title="Combien facturer un article SEO de 1 000 mots ?")
    day_rate = Topic.objects.get(title="Quel TJM pour une mission de 3 mois en régie ?")

    claire_card = client.get(claire_question.get_absolute_url()).content.decode()
    day_rate_card = client.get(day_rate.get_absolute_url()).content.decode()

    assert "rates-topic-card" in claire_card
    assert "Article SEO" in claire_card and "Article de blog" in claire_card
    assert "rates-topic-card" in day_rate_card and "Développement web" in day_rate_card
    # The board of rates suggests the observatory before asking.
    client.force_login(Member.objects.get(username="amandine-perrin"))
    form = client.get(reverse("forums:topic_new"), {"category": "tarifs-devis"}).content
    assert b"rates-new-topic-hint" in form


def test_some_personas_show_indicative_rates(seeded):
    claire = Member.objects.get(username="claire")
    julien = Member.objects.get(username="julien-moreau")

    assert claire.word_rate is not None and claire.day_rate is None
    assert julien.day_rate is not None
