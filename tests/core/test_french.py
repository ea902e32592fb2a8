"""French that reads natively: the catalogue's typography, allauth's texts, the words we chose."""

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS

from forums import services
from tests.factories import CategoryFactory, MemberFactory

pytestmark = pytest.mark.django_db

NO_BREAK = "\u00a0\u202f"


@pytest.fixture(scope="module")
def french_catalogue() -> dict:
    """Our own compiled catalogue, alone: what it says, not what Django or allauth say."""
    path = settings.LOCALE_PATHS[0] / "fr" / "LC_MESSAGES" / "django.mo"
    with open(path, "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def _texts(catalogue: dict):
    for key, text in catalogue.items():
        if key and text:  # the header's key is ""
            yield key, text


def test_the_french_catalogue_uses_typographic_apostrophes(french_catalogue):
    straight = [text for _key, text in _texts(french_catalogue) if re.search(r"\w'\w", text)]
    assert straight == []


def test_the_french_catalogue_never_breaks_a_line_before_its_high_punctuation(french_catalogue):
    """A no-break space before « : » and a narrow one before « ; ! ? »: no line of a heading
    starts with a lone « ! »."""
    breakable = [
        text for _key, text in _texts(french_catalogue) if re.search(r"\S [:;!?](\s|$|<)", text)
    ]
    assert breakable == []


def test_the_french_catalogue_quotes_with_guillemets_and_no_break_spaces(french_catalogue):
    english_quotes = [text for _key, text in _texts(french_catalogue) if re.search("[“”]", text)]
    breakable = [
        text
        for _key, text in _texts(french_catalogue)
        if re.search(f"«(?![{NO_BREAK}])|(?<![{NO_BREAK}])»", text)
    ]
    assert english_quotes == []
    assert breakable == []


def _page_text(response) -> str:
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", response.text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


@pytest.mark.parametrize(
    ("url_name", "french"),
    [
        ("account_email_verification_sent", "Cliquez sur le lien fourni dans l’e-mail"),
        ("account_reset_password_done", "Si vous ne l’avez pas reçu"),
    ],
)
def test_allauths_pages_speak_with_typographic_apostrophes(client, url_name, french):
    text = _page_text(client.get(reverse(url_name), headers={"accept-language": "fr"}))

    assert french in text
    assert not re.search(r"\w'\w", text)


def test_the_two_factor_page_speaks_with_typographic_apostrophes(client, member):
    member.language = "fr"
    member.save(update_fields=["language"])
    client.force_login(member)

    text = _page_text(client.get(reverse("mfa_index")))

    assert "Application d’authentification" in text
    assert not re.search(r"\w'\w", text)


def test_allauths_emails_speak_with_typographic_apostrophes(client, mailoutbox):
    MemberFactory(email="claire@example.com", language="fr")

    client.post(
        reverse("account_reset_password"),
        {"email": "claire@example.com"},
        headers={"accept-language": "fr"},
    )

    assert len(mailoutbox) == 1
    assert "quelqu’un d’autre" in mailoutbox[0].body
    assert not re.search(r"\w'\w", mailoutbox[0].body)


def test_the_sign_up_button_says_what_it_does(client):
    page = client.get(reverse("account_signup"), headers={"accept-language": "fr"}).text

    button = re.search(r'<button[^>]*type="submit"[^>]*>(.*?)</button>', page, flags=re.S)
    assert button and button.group(1).strip() == "Créer mon compte"


def test_the_accepted_answer_names_whose_reply_it_is(client, member, other_member):
    for persona in (member, other_member):
        persona.date_joined = persona.date_joined.replace(year=2020)
        persona.save(update_fields=["date_joined"])
    questions = CategoryFactory(is_questions=True)
    with translation.override("fr"):
        topic = services.topic_create(
            author=other_member,
            category=questions,
            title="Combien facturer un article SEO ?",
            body="Je débute et j’hésite entre 80 et 150 euros.",
            tags=[],
        )
        reply = services.post_create(author=member, topic=topic, body="Plutôt 150 euros.")
        services.solution_set(member=other_member, topic=topic, post=reply)

    page = client.get(topic.get_absolute_url(), headers={"accept-language": "fr"}).text

    assert "Solution retenue\u00a0: réponse de Claire Martin" in page


def test_the_french_catalogue_leaves_day_and_month_names_to_django(french_catalogue):
    """A « Lundi » of ours would also capitalise every date written mid-sentence."""
    with translation.override("en"):
        names = {str(name) for name in [*WEEKDAYS.values(), *MONTHS.values()]}
    assert names.isdisjoint(french_catalogue)
