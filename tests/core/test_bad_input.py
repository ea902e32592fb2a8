"""Malformed input gets a 400 (through our page) or a form error, never a 500.

PostgreSQL text cannot hold a NUL byte: one that reached a query failed it with a 500, as did
"²" in /notifications/read/ (str.isdigit() accepts it, int() does not). The NUL bytes are now
refused by RejectNulBytesMiddleware, the draft's tags and the notification ids at their source.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from forums import services as forum_services
from forums.forms import DraftForm
from forums.models import Draft, Tag
from notifications.models import Kind, Notification
from tests.factories import CategoryFactory, MemberFactory

pytestmark = pytest.mark.django_db


def assert_our_400(response):
    assert response.status_code == 400
    assert response.templates[0].name == "errors/400.html"


def test_a_nul_byte_in_a_boards_tag_filter(client):
    category = CategoryFactory()
    Tag.objects.create(name="SEO", slug="seo")

    assert client.get(category.get_absolute_url(), {"tag": "seo"}).status_code == 200
    assert_our_400(client.get(category.get_absolute_url(), {"tag": "\x00"}))


def test_a_nul_byte_in_a_member_handle(client, member):
    assert client.get(reverse("members:profile", args=[member.username])).status_code == 200
    assert_our_400(client.get("/members/%00/"))
    assert_our_400(client.get("/members/cla%00ire/"))


def test_a_nul_byte_in_a_calendar_address(client):
    assert client.get("/events/calendar/unknown.ics").status_code == 404
    assert_our_400(client.get("/events/calendar/%00.ics"))


# Each field lookup below reached PostgreSQL; trades__slug is a lookup the admin refuses (a 400
# that was Django's bare page).
@pytest.mark.parametrize(
    "query", ["city=%00", "region=%00", "legal_status=%00", "trades__slug=%00"]
)
def test_a_nul_byte_in_the_admins_list_filters(client, query):
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:members_member_changelist")

    # The same filter with a plain value is no error (a page, or the way to set up two-factor).
    assert client.get(url, {"city": "Lyon"}).status_code < 400
    assert_our_400(client.get(f"{url}?{query}"))


def test_a_nul_byte_in_a_query_parameters_name(client):
    assert_our_400(client.get("/forums/?%00=1"))


def test_a_nul_byte_in_a_posted_form_urlencoded_or_multipart(member_client):
    url = reverse("forums:draft_save")
    urlencoded = "title=Mon+TJM&body=Bonjour%00"

    assert_our_400(
        member_client.post(url, urlencoded, content_type="application/x-www-form-urlencoded")
    )
    assert_our_400(member_client.post(url, {"title": "Mon TJM", "body": "Bonjour\x00"}))
    assert_our_400(member_client.post(url, {"title": "Mon TJM", "body\x00": "Bonjour"}))
    upload = SimpleUploadedFile("photo.png", b"not read", content_type="image/png")
    assert_our_400(
        member_client.post(url, {"title": "Mon TJM", "body": "Bonjour", "f\x00": upload})
    )
    assert not Draft.objects.exists()


def test_a_draft_checks_every_tag_it_is_sent(member_client, member):
    url = reverse("forums:draft_save")
    draft = {"title": "Mon TJM", "body": "Bonjour"}

    # Browsers send one "tags" value per checked box; a bad one before the last is refused too.
    assert member_client.post(url, {**draft, "tags": ["\x00", "seo"]}).status_code == 400
    assert member_client.post(url, {**draft, "tags": ["pas un slug !", "seo"]}).status_code == 400
    assert not Draft.objects.exists()

    assert member_client.post(url, {**draft, "tags": ["urssaf", " seo "]}).status_code == 204
    assert Draft.objects.get(member=member).tags == "urssaf,seo"


def test_the_draft_form_names_the_bad_tag_whatever_its_place():
    data = QueryDict(mutable=True)
    data.setlist("tags", ["seo", "bad\x00", "tjm"])

    form = DraftForm(data)

    assert not form.is_valid()
    assert "tags" in form.errors

    data.setlist("tags", ["seo"] + ["a" * 40] * 10)
    assert "tags" in DraftForm(data).errors


@pytest.mark.parametrize("value", ["²", "١٢٣x", "-1", "0", "9" * 5000, "9" * 30, "1.5", ""])
def test_marking_notifications_read_refuses_a_malformed_id(member_client, member, value):
    notification = Notification.objects.create(recipient=member, kind=Kind.MENTION, url="/forums/")

    response = member_client.post(reverse("notifications:read"), {"notification": value})

    assert_our_400(response)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_notifications_read_by_id_still_works(member_client, member, other_member):
    mine, other = (
        Notification.objects.create(recipient=member, kind=Kind.MENTION, url="/") for _ in range(2)
    )
    theirs = Notification.objects.create(recipient=other_member, kind=Kind.MENTION, url="/")

    response = member_client.post(reverse("notifications:read"), {"notification": [mine.pk]})

    assert response.status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None
    assert other.read_at is None

    member_client.post(reverse("notifications:read"), {"notification": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None


ODD_NUMBERS = ["²", "٣", "1e999", "0x10", "-1", "9" * 30, "9" * 5000, "\u00a0"]


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_odd_numbers_in_the_lists_parameters_get_a_page(member_client, member, value):
    """Every number read from a query string, on the pages that read one: an odd one is a
    first, last or empty page, or the default, never an error."""
    category = CategoryFactory()
    topic = forum_services.topic_create(
        author=member, category=category, title="Quel TJM ?", body="Je débute.", tags=[]
    )
    pages = [
        (reverse("forums:index"), "page"),
        (category.get_absolute_url(), "page"),
        (topic.get_absolute_url(), "page"),
        (reverse("forums:reply", args=[topic.pk]), "quote"),
        (reverse("forums:search"), "page"),
        (reverse("events:list"), "page"),
        (reverse("events:past"), "page"),
        (reverse("events:calendar"), "month"),
        (reverse("members:list"), "page"),
        (reverse("notifications:list"), "page"),
    ]
    for url, name in pages:
        response = member_client.get(url, {name: value}, follow=True)
        assert response.status_code == 200, (url, name)


@pytest.mark.parametrize(
    "cookie",
    # Quoted, as a browser may send it: Django reads "\\000" as a NUL byte.
    [
        'sessionid="\\000abcdefghijkl"',
        'sessionid="abcdefgh\\000ijkl"',
        "sessionid=ABCDEFGHIJKLMNOP",
    ],
)
def test_a_session_cookie_django_never_made_is_no_session(cookie):
    client = Client(raise_request_exception=False)

    response = client.get(reverse("members:preferences"), HTTP_COOKIE=cookie)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
