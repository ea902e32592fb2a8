"""Where the observatory meets the boards and the members: a topic whose tags name a service shows
its headline figures, fresh for visitors and members after every report; a board where members
talk rates suggests the observatory above its new-topic form; a member's reports are in their
data export and go with their account."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from forums import services as forum_services
from forums.models import Tag
from members.models import Trade
from rates import services
from rates.models import RateReport, RateReportSave
from rates.templatetags.observatory import euros_text
from tests.conftest import _caches_emptied
from tests.factories import CategoryFactory, MemberFactory, RateReportFactory, ServiceFactory
from tests.forums.conftest import make_topic, seasoned, seasoned_member
from tests.members.conftest import reauthenticate

pytestmark = pytest.mark.django_db

CARD = 'class="card border-primary-subtle mb-3 rates-topic-card"'
HINT = "rates-new-topic-hint"
NEW_TOPIC_URL = reverse("forums:topic_new")
AMOUNTS = [Decimal(a) for a in ("0.08", "0.09", "0.10", "0.11", "0.12", "0.13")]


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    """Topics are written several a second here (tests/forums checks the flood limit)."""
    monkeypatch.setattr(forum_services, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """A browser that asks for English (tests assert English text)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def writing_tag(db):
    return Tag.objects.create(name="Tarifs rédaction", slug="tarifs-redaction")


@pytest.fixture
def blog(writing_tag):
    """The service whose tag topics carry: a blog article, per word."""
    trade = Trade.objects.get(slug="redacteur-web")
    return ServiceFactory(
        trade=trade, name="Article de blog", slug="article-de-blog", tag=writing_tag
    )


@pytest.fixture
def board(db):
    return CategoryFactory(name="Tarifs (test)", slug="tarifs-test")


@pytest.fixture
def author(db):
    return seasoned_member(username="autrice", display_name="Autrice Test")


def report(service, amount, **fields) -> RateReport:
    return RateReportFactory(service=service, unit="word", amount=amount, **fields)


def card_of(response) -> str:
    page = response.content.decode()
    if CARD not in page:
        return ""
    start = page.index(CARD)
    return page[start : page.index("</aside>", start)]


def test_a_topic_whose_tags_name_a_service_shows_its_figures_to_every_reader(
    client, blog, board, author, member
):
    for amount in AMOUNTS:
        report(blog, amount)
    topic = make_topic(author=author, category=board, tags=[blog.tag])

    shown = card_of(client.get(topic.get_absolute_url()))

    assert "Article de blog, per word" in shown
    assert f"median {euros_text(Decimal('0.105'))}" in shown
    assert "6 members" in shown
    assert reverse("rates:service", args=["article-de-blog", "word"]) in shown
    assert f"{reverse('rates:report')}?service=article-de-blog" in shown
    # Members see the same card; none of anyone's amounts stands in it.
    client.force_login(seasoned(member))
    assert card_of(client.get(topic.get_absolute_url())) == shown
    assert not any(re.search(rf"{re.escape(euros_text(a))}(?!\d)", shown) for a in AMOUNTS)


def test_a_service_with_too_few_members_says_so_and_other_topics_show_no_card(
    client, blog, board, author, writing_tag
):
    for amount in AMOUNTS[:4]:
        report(blog, amount)
    tagged = make_topic(author=author, category=board, tags=[writing_tag])
    other_tag = Tag.objects.create(name="Outils (test)", slug="outils-test")
    untagged = make_topic(author=author, category=board, tags=[other_tag])
    retired = ServiceFactory(name="Ancien service", tag=other_tag, is_active=False)
    RateReportFactory(service=retired)

    shown = card_of(client.get(tagged.get_absolute_url()))

    assert "no figure yet: fewer than 5 members reported" in shown
    assert "members</span>" not in shown
    assert card_of(client.get(untagged.get_absolute_url())) == ""


def test_the_visitors_copy_and_the_members_card_change_with_every_report(
    client, blog, board, author, member, moderator, django_capture_on_commit_callbacks
):
    for amount in AMOUNTS[:4]:
        report(blog, amount)
    topic = make_topic(author=author, category=board, tags=[blog.tag])
    url = topic.get_absolute_url()
    reader = MemberFactory(username="lectrice", language="en")
    member_client = client.__class__(HTTP_ACCEPT_LANGUAGE="en")
    member_client.force_login(reader)
    client.get(url)
    assert "no figure yet" in card_of(client.get(url))  # the visitors' stored copy
    assert "no figure yet" in card_of(member_client.get(url))  # the members' shared fragment

    # A fifth member reports, through the site's own service.
    with django_capture_on_commit_callbacks(execute=True):
        fifth = services.rate_report_save(
            member=seasoned(member), service=blog, unit="word", amount=Decimal("0.12"),
            year=timezone.localdate().year, years_freelancing=4, region="idf",
            legal_status="micro", client_type="agency", client_source="direct",
        )  # fmt: skip
    assert f"median {euros_text(Decimal('0.10'))}" in card_of(client.get(url))
    assert "5 members" in card_of(member_client.get(url))

    # Its author deletes it: no figure again.
    with django_capture_on_commit_callbacks(execute=True):
        services.rate_report_delete(member=member, report=fifth)
    assert "no figure yet" in card_of(client.get(url))
    assert "no figure yet" in card_of(member_client.get(url))

    # A report in review, restored by a moderator, counts again.
    held = report(blog, Decimal("0.10"), status=RateReport.Status.REVIEW)
    assert "no figure yet" in card_of(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        services.rate_report_restore(moderator=seasoned(moderator), report=held)
    assert "5 members" in card_of(client.get(url))


def test_a_renamed_service_shows_its_new_name_at_once(
    client, blog, board, author, django_capture_on_commit_callbacks
):
    for amount in AMOUNTS:
        report(blog, amount)
    topic = make_topic(author=author, category=board, tags=[blog.tag])
    url = topic.get_absolute_url()
    client.get(url)
    assert "Article de blog, per word" in card_of(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        blog.name_en = "Blog post"
        blog.save()

    assert "Blog post, per word" in card_of(client.get(url))


# --- The new-topic form ----------------------------------------------------------------------


def test_a_board_where_members_talk_rates_suggests_the_observatory(
    client, blog, board, author, member, other_member
):
    for amount in AMOUNTS:
        report(blog, amount)
    make_topic(author=author, category=board, tags=[blog.tag])
    make_topic(author=author, category=board)
    quiet_board = CategoryFactory(name="Entraide (test)", slug="entraide-test")
    make_topic(author=author, category=quiet_board, tags=[blog.tag])
    for _ in range(4):  # one topic in five names a service: below a quarter
        make_topic(author=author, category=quiet_board)
    client.force_login(seasoned(member))

    page = client.get(NEW_TOPIC_URL, {"category": board.slug}).content.decode()

    assert HINT in page
    assert f"{euros_text(Decimal('0.105'))}</strong>" in page
    assert "Report one of your rates" in page
    assert HINT not in client.get(NEW_TOPIC_URL, {"category": quiet_board.slug}).text
    assert HINT not in client.get(NEW_TOPIC_URL).text
    # A member who reported is told they see every cut.
    report(blog, Decimal("0.10"), member=seasoned(other_member))
    client.force_login(other_member)
    page = client.get(NEW_TOPIC_URL, {"category": board.slug}).content.decode()
    assert "See every cut in the observatory" in page
    assert "Report one of your rates" not in page


# --- The member's own data -------------------------------------------------------------------


def test_the_data_export_holds_the_members_reports_and_no_one_elses(
    client, blog, member, other_member
):
    seasoned(member)
    mine = report(blog, Decimal("0.11"), member=member, region="ara")
    report(blog, Decimal("0.12"), member=member, year=timezone.localdate().year - 1)
    report(blog, Decimal("0.19"), member=other_member)
    client.force_login(member)

    data = json.loads(client.get(reverse("members:data_export")).content)

    exported = data["rate_reports"]
    assert [(r["amount_eur_excl_vat"], r["year"]) for r in exported] == [
        ("0.11", mine.year),
        ("0.12", mine.year - 1),
    ]
    assert exported[0] | {"reported_at": None, "updated_at": None} == {
        "service": "Article de blog",
        "trade": Trade.objects.get(slug="redacteur-web").name,
        "unit": "word",
        "amount_eur_excl_vat": "0.11",
        "year": mine.year,
        "years_freelancing": 3,
        "region": "ara",
        "legal_status": "micro",
        "client_type": "agency",
        "client_source": "direct",
        "status": "published",
        "reported_at": None,
        "updated_at": None,
    }
    assert "0.19" not in json.dumps(data)


def test_deleting_the_account_deletes_its_reports(
    client, blog, board, author, member, other_member, django_capture_on_commit_callbacks
):
    for amount in AMOUNTS[:4]:
        report(blog, amount)
    seasoned(member)
    with django_capture_on_commit_callbacks(execute=True):
        services.rate_report_save(
            member=member, service=blog, unit="word", amount=Decimal("0.12"),
            year=timezone.localdate().year, years_freelancing=4, region="idf",
            legal_status="micro", client_type="agency", client_source="direct",
        )  # fmt: skip
    others = set(RateReport.objects.exclude(member=member).values_list("pk", flat=True))
    topic = make_topic(author=author, category=board, tags=[blog.tag])
    url = topic.get_absolute_url()
    client.get(url)
    assert "5 members" in card_of(client.get(url))

    client.force_login(member)
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:account_delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert not RateReport.objects.filter(member=member).exists()
    assert not RateReportSave.objects.filter(member=member).exists()
    assert set(RateReport.objects.values_list("pk", flat=True)) == others
    client.logout()
    assert "no figure yet" in card_of(client.get(url))


# --- Queries ---------------------------------------------------------------------------------


def queries_of(client, url) -> int:
    """The queries of a render with the caches emptied (a cached card costs none)."""
    _caches_emptied()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["visitor", "member"])
def test_a_topic_page_with_its_card_runs_the_same_queries_for_5_or_40_reports(
    request, client, blog, board, author, persona
):
    if persona == "member":
        client.force_login(seasoned(request.getfixturevalue("member")))
        client.get(reverse("forums:bookmarks"))  # the activity stamp, written once
    untagged = make_topic(author=author, category=board, replies=2)
    topic = make_topic(author=author, category=board, tags=[blog.tag], replies=2)
    for amount in AMOUNTS[:5]:
        report(blog, amount)
    for page in (untagged, topic):  # a member's first visit writes their read marker
        client.get(page.get_absolute_url())
    baseline = queries_of(client, untagged.get_absolute_url())

    few = queries_of(client, topic.get_absolute_url())
    assert "5 members" in card_of(client.get(topic.get_absolute_url()))
    for index in range(35):
        report(blog, Decimal("0.10") + Decimal(index % 7) / 100)
    many = queries_of(client, topic.get_absolute_url())

    assert few == many
    # The card reads the figures it shows only: the services the topic's tags name, and their
    # headlines (rates.selectors.card_for_tags).
    assert few - baseline <= 3
    # Once rendered, the card is a shared fragment: another render reads none of it.
    for page in (untagged, topic, untagged, topic):
        client.get(page.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as warm_untagged:
        client.get(untagged.get_absolute_url())
    assert len(warm) == len(warm_untagged)


def test_a_topic_whose_tags_name_no_service_costs_no_query_more(
    client, board, author, django_assert_max_num_queries
):
    """Whether a topic's tags name a service is known from the tags its page reads anyway and
    the services' tags the process keeps: a topic whose tags name none costs no query more."""
    plain = make_topic(author=author, category=board, replies=1)
    other_tag = Tag.objects.create(name="Outils (test)", slug="outils-test")
    tagged = make_topic(author=author, category=board, tags=[other_tag], replies=1)
    client.force_login(seasoned(MemberFactory(username="lectrice", language="en")))
    # The member's activity stamp, their read marks, what a process keeps (the services' tags).
    client.get(plain.get_absolute_url())
    client.get(tagged.get_absolute_url())

    assert queries_of(client, tagged.get_absolute_url()) == (
        queries_of(client, plain.get_absolute_url())
    )


def test_a_new_account_reporting_does_not_move_the_card_before_the_hold_ends(
    client, blog, board, author, django_capture_on_commit_callbacks
):
    for amount in AMOUNTS[:4]:
        report(blog, amount)
    newcomer = MemberFactory(username="nouvelle", date_joined=timezone.now() - timedelta(days=1))
    topic = make_topic(author=author, category=board, tags=[blog.tag])

    with django_capture_on_commit_callbacks(execute=True):
        report(blog, Decimal("0.10"), member=newcomer)

    assert "no figure yet" in card_of(client.get(topic.get_absolute_url()))
