"""The legal pages: each in French and in English, one <h1>, its version and date, footer links."""

import pytest
from django.urls import reverse

from legal.documents import DOCUMENTS

pytestmark = pytest.mark.django_db

PAGES = ["legal:notice", "legal:terms", "legal:privacy", "legal:charter", "legal:contact"]


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize(("language", "html_lang"), [("fr", 'lang="fr"'), ("en", 'lang="en"')])
def test_each_page_renders_in_french_and_english_with_one_h1(client, url_name, language, html_lang):
    response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html_lang in html


@pytest.mark.parametrize(
    ("language", "heading", "words"),
    [
        ("fr", "Hébergement", "Directeur ou directrice de la publication"),
        ("en", "Hosting", "Director of publication"),
    ],
)
def test_each_document_is_written_in_the_readers_language(client, language, heading, words):
    response = client.get(reverse("legal:notice"), HTTP_ACCEPT_LANGUAGE=language)

    assert heading in response.content.decode()
    assert words in response.content.decode()


def test_a_document_shows_its_version_and_date(client):
    terms = DOCUMENTS["terms"]

    response = client.get(reverse("legal:terms"), HTTP_ACCEPT_LANGUAGE="en")

    version_line = response.content.decode().split('data-testid="document-version">')[1]
    assert f"Version {terms.version}, updated on" in version_line
    assert str(terms.updated_on.year) in version_line.split("</p>")[0]


def test_the_legal_notice_names_who_the_operator_set(client, settings):
    settings.LEGAL_PUBLISHER_NAME = "Association Les Plumes Libres"
    settings.LEGAL_PUBLICATION_DIRECTOR = "Nina Roussel"
    settings.LEGAL_HOST_NAME = "Scaleway SAS"

    html = client.get(reverse("legal:notice")).content.decode()

    for name in ("Association Les Plumes Libres", "Nina Roussel", "Scaleway SAS"):
        assert name in html


def test_the_privacy_policy_links_to_the_data_export_and_the_account_deletion(client):
    html = client.get(reverse("legal:privacy")).content.decode()

    assert f'href="{reverse("members:data_export")}"' in html
    assert f'href="{reverse("members:account_delete")}"' in html


def test_the_footer_links_every_legal_page(client):
    html = client.get(reverse("home")).content.decode()
    footer = html.split("<footer")[1]

    for url_name in PAGES:
        assert f'href="{reverse(url_name)}"' in footer


def test_the_legal_pages_cost_a_constant_number_of_queries(
    member_client, django_assert_num_queries
):
    member_client.get(reverse("legal:terms"))  # the member's activity is noted on a first page
    # Signed in: the session, the member and their unread notifications; the accepted versions
    # are noted on the session.
    with django_assert_num_queries(3):
        member_client.get(reverse("legal:terms"))
