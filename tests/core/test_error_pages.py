"""The 400 and CSRF-failure pages: our layout, in the reader's language, with the right status."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Words of the navbar, translated in the catalogue: the page is laid out in the language asked.
IN_FRENCH = ('<html lang="fr"', "Événements")
IN_ENGLISH = ('<html lang="en"', "Events")


def assert_in_layout(response, template: str, words: tuple[str, str]):
    names = [t.name for t in response.templates]
    assert names[0] == template
    assert "base.html" in names
    assert "includes/navbar.html" in names
    html = response.content.decode()
    assert html.count("<h1") == 1
    for word in words:
        assert word in html


@pytest.mark.parametrize(("language", "words"), [("fr", IN_FRENCH), ("en", IN_ENGLISH)])
def test_the_400_page_is_ours_in_the_visitors_language(client, language, words):
    response = client.get("/members/%00/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert_in_layout(response, "errors/400.html", words)
    assert 'href="/"' in response.content.decode()


def test_the_400_page_speaks_the_members_language(member_client, member):
    member.language = "en"
    member.save(update_fields=["language"])

    response = member_client.get("/forums/?tag=%00", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert_in_layout(response, "errors/400.html", IN_ENGLISH)


def test_djangos_own_400s_get_our_page_too(client):
    # An unknown host is refused before any view, with no member and no session read.
    response = client.get("/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert_in_layout(response, "errors/400.html", IN_FRENCH)


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(("language", "words"), [("fr", IN_FRENCH), ("en", IN_ENGLISH)])
def test_a_form_sent_without_the_cookie_says_cookies_may_be_blocked(csrf_client, language, words):
    response = csrf_client.post(
        reverse("set_language"), {"language": "en"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 403
    assert_in_layout(response, "errors/403_csrf.html", words)
    assert response.context["cause"] == "cookies"
    # A new token comes with the page, so that the form works once reloaded.
    assert "csrftoken" in response.cookies


def test_a_form_sent_with_a_stale_token_says_the_page_expired(csrf_client):
    csrf_client.get(reverse("home"))
    assert "csrftoken" in csrf_client.cookies

    response = csrf_client.post(
        reverse("set_language"),
        {"language": "en", "csrfmiddlewaretoken": "x" * 64},
        HTTP_ACCEPT_LANGUAGE="fr",
        HTTP_REFERER="http://testserver/events/",
    )

    assert response.status_code == 403
    assert_in_layout(response, "errors/403_csrf.html", IN_FRENCH)
    assert response.context["cause"] == "expired"
    assert 'href="http://testserver/events/"' in response.content.decode()


def test_a_form_sent_from_another_site_links_home_only(csrf_client):
    csrf_client.get(reverse("home"))

    response = csrf_client.post(
        reverse("set_language"),
        {"language": "en", "csrfmiddlewaretoken": csrf_client.cookies["csrftoken"].value},
        HTTP_ORIGIN="https://evil.example",
        HTTP_REFERER="https://evil.example/trap/",
    )

    assert response.status_code == 403
    assert response.context["cause"] == "origin"
    html = response.content.decode()
    assert "evil.example" not in html
    assert 'class="btn btn-primary" href="/"' in html


def test_the_csrf_page_speaks_the_members_language(csrf_client, member):
    member.language = "en"
    member.save(update_fields=["language"])
    csrf_client.force_login(member)

    response = csrf_client.post(reverse("notifications:read"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 403
    assert_in_layout(response, "errors/403_csrf.html", IN_ENGLISH)
