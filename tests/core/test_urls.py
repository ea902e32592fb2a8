"""Walks every page as a visitor, a member and a moderator.

Each page answers what the persona may see, every HTML page has exactly one <h1>, and no page
shows the e-mail address of anyone but the reader.
"""

from datetime import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chocoskype.binomes import binome_propose
from chocoskype.models import Pairing, PairingMember
from events.models import Event
from forums.models import Category, Topic
from forums.services import topic_create
from members.models import ProfileVisibility, Trade
from tests.factories import CategoryFactory, EventFactory, MemberFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "member", "moderator"]
LOGIN = "login"  # a redirect to the sign-in page, coming back here afterwards


def redirect(path: str) -> str:
    return f"redirect:{path}"


# Page: what the visitor, the member and the moderator get. 403 is the end of the redirects:
# the admin sends a signed-in member to its login page, which refuses them.
EXPECTED = {
    "home": (200, 200, 200),
    "healthz": (200, 200, 200),
    "robots_txt": (200, 200, 200),
    "sitemap": (200, 200, 200),
    "notifications:list": (LOGIN, 200, 200),
    "notifications:read": (LOGIN, 405, 405),
    "notifications:preferences": (LOGIN, 200, 200),
    "forums:index": (200, 200, 200),
    "forums:search": (200, 200, 200),
    "forums:feed": (200, 200, 200),
    "forums:category": (200, 200, 200),
    "forums:category members-only": (404, 200, 200),
    "forums:category_feed": (200, 200, 200),
    "forums:topic": (200, 200, 200),
    "forums:topic hidden": (404, 404, 200),
    "forums:post_revisions": (LOGIN, 403, 200),
    "forums:topic_new": (LOGIN, 200, 200),
    "forums:bookmarks": (LOGIN, 200, 200),
    "forums:preview": (405, 405, 405),
    "forums:topics_similar": (LOGIN, 200, 200),
    "forums:draft_save": (LOGIN, 405, 405),
    "events:list": (200, 200, 200),
    "events:detail public": (200, 200, 200),
    "events:detail members-only": (404, 200, 200),
    # A ChocoSkype pair's meeting and page: its two members only, not even moderators.
    "events:detail private": (404, 404, 404),
    "chocoskype:pair": (LOGIN, 404, 404),
    "chocoskype:binome": (LOGIN, 404, 404),
    "events:past": (200, 200, 200),
    "events:calendar": (200, 200, 200),
    "events:feed": (200, 200, 200),
    "events:mine": (LOGIN, 200, 200),
    "events:create": (LOGIN, 200, 200),
    "events:series_create": (LOGIN, 200, 200),
    "events:preferences": (LOGIN, 405, 405),
    "events:feed_reset": (LOGIN, 405, 405),
    "chocoskype:home": (200, 200, 200),
    "chocoskype:skip": (LOGIN, 405, 405),
    "chocoskype:pause": (LOGIN, 405, 405),
    "chocoskype:resume": (LOGIN, 405, 405),
    "chocoskype:leave": (LOGIN, 405, 405),
    "members:list": (200, 200, 200),
    "members:profile": (200, 200, 200),
    "members:profile members-only": (404, 200, 200),
    "members:profile_edit": (LOGIN, 200, 200),
    "members:welcome": (LOGIN, 200, 200),
    "members:welcome_dismiss": (LOGIN, 405, 405),
    "members:preferences": (LOGIN, 200, 200),
    "members:data_export": (LOGIN, 200, 200),
    # The password is asked again first (allauth's reauthentication).
    "members:account_delete": (
        LOGIN,
        redirect("/accounts/reauthenticate/?next=%2Fmembers%2Fme%2Fdelete%2F"),
        redirect("/accounts/reauthenticate/?next=%2Fmembers%2Fme%2Fdelete%2F"),
    ),
    "set_language": (405, 405, 405),
    "account_login": (200, redirect("/"), redirect("/")),
    "account_logout": (redirect("/"), 200, 200),
    "account_signup": (200, redirect("/"), redirect("/")),
    "account_inactive": (200, 200, 200),
    "account_reauthenticate": (LOGIN, 200, 200),
    "account_email": (LOGIN, 200, 200),
    "account_email_verification_sent": (200, 200, 200),
    "account_change_password": (LOGIN, 200, 200),
    "account_set_password": (
        LOGIN,
        redirect("/accounts/password/change/"),
        redirect("/accounts/password/change/"),
    ),
    "account_reset_password": (200, 200, 200),
    "account_reset_password_done": (200, 200, 200),
    "account_reset_password_from_key_done": (200, 200, 200),
    "account_confirm_login_code": (
        redirect("/accounts/login/"),
        redirect("/"),
        redirect("/"),
    ),
    # Two-factor authentication: the moderator has an authenticator app (staff must), the
    # member none; changing it asks for the password again first.
    "mfa_index": (redirect("/accounts/login/?next=/accounts/2fa/"), 200, 200),
    "mfa_activate_totp": (
        redirect("/accounts/login/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"),
        redirect("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"),
        redirect("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"),
    ),
    "mfa_deactivate_totp": (
        redirect("/accounts/login/?next=/accounts/2fa/totp/deactivate/"),
        404,
        redirect("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F"),
    ),
    "mfa_generate_recovery_codes": (
        redirect("/accounts/login/?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F"),
        redirect("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F"),
        redirect("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F"),
    ),
    "mfa_view_recovery_codes": (
        redirect("/accounts/login/?next=/accounts/2fa/recovery-codes/"),
        404,
        404,
    ),
    "mfa_download_recovery_codes": (
        redirect("/accounts/login/?next=/accounts/2fa/recovery-codes/download/"),
        404,
        404,
    ),
    "mfa_reauthenticate": (
        redirect("/accounts/login/?next=/accounts/2fa/reauthenticate/"),
        redirect("/accounts/reauthenticate/"),
        200,
    ),
    "mfa_authenticate": (redirect("/accounts/login/"), redirect("/"), redirect("/")),
    "admin:index": (redirect("/admin/login/?next=/admin/"), 403, 200),
    "legal:notice": (200, 200, 200),
    "legal:terms": (200, 200, 200),
    "legal:privacy": (200, 200, 200),
    "legal:charter": (200, 200, 200),
    "legal:contact": (200, 200, 200),
    # The member and the moderator have accepted the current versions: nothing to do there.
    "legal:accept": (LOGIN, redirect("/"), redirect("/")),
    "rates:overview": (200, 200, 200),
    "rates:method": (200, 200, 200),
    "rates:export": (200, 200, 200),
    "rates:report": (LOGIN, 200, 200),
    "rates:mine": (LOGIN, 200, 200),
    # Private messages: each member's own; a conversation is walked in tests/messaging.
    "messaging:list": (LOGIN, 200, 200),
    "messaging:settings": (LOGIN, 200, 200),
    # Missions are for members only.
    "missions:board": (LOGIN, 200, 200),
    "missions:create": (LOGIN, 200, 200),
    "missions:referrals": (LOGIN, 200, 200),
}


def argument_free_url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from argument_free_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_page_is_walked():
    # The admin's own pages are Django's; its index stands for them.
    names = {name for name in argument_free_url_names() if not name.startswith("admin:")}

    assert names | {"admin:index"} <= {page.split(" ")[0] for page in EXPECTED}


@pytest.fixture
def pages(other_member):
    public_event = EventFactory(organiser=other_member)
    members_event = EventFactory(organiser=other_member, visibility=Event.Visibility.MEMBERS)
    private_event = EventFactory(organiser=other_member, visibility=Event.Visibility.PRIVATE)
    pairing = Pairing.objects.create()
    for paired in (other_member, MemberFactory()):
        PairingMember.objects.create(pairing=pairing, member=paired)
    binome = binome_propose(
        proposer=other_member, other=MemberFactory(open_to_chocoskype=True),
        cadence="weekly", weekday=1, local_time=time(9),
    )  # fmt: skip
    discreet = MemberFactory(profile_visibility=ProfileVisibility.MEMBERS)
    board = Category.objects.get(slug="tarifs-devis")
    private_board = CategoryFactory(members_only=True)
    topic = topic_create(
        author=other_member, category=board, title="Combien facturer un article ?",
        body="Bonjour, quel tarif pour 1 000 mots ?", tags=[],
    )  # fmt: skip
    hidden = topic_create(
        author=MemberFactory(), category=board, title="Un sujet masqué par la modération",
        body="Contenu masqué.", tags=[],
    )  # fmt: skip
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True)
    return {
        "forums:category": board.get_absolute_url(),
        "forums:category members-only": private_board.get_absolute_url(),
        "forums:category_feed": reverse("forums:category_feed", args=[board.slug]),
        "forums:topic": topic.get_absolute_url(),
        "forums:topic hidden": hidden.get_absolute_url(),
        "forums:post_revisions": reverse("forums:post_revisions", args=[topic.first_post_id]),
        "events:detail public": reverse("events:detail", args=[public_event.pk]),
        "events:detail members-only": reverse("events:detail", args=[members_event.pk]),
        "events:detail private": reverse("events:detail", args=[private_event.pk]),
        "chocoskype:pair": reverse("chocoskype:pair", args=[pairing.pk]),
        "chocoskype:binome": reverse("chocoskype:binome", args=[binome.pk]),
        "members:profile": reverse("members:profile", args=[other_member.username]),
        "members:profile members-only": reverse("members:profile", args=[discreet.username]),
    }


# Parts of a page that htmx asks for on their own: no <h1> of their own.
FRAGMENTS = {"forums:topics_similar"}


@pytest.mark.parametrize("page", EXPECTED)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona(
    request, client, pages, member, moderator, other_member, persona, page
):
    reader = {"visitor": None, "member": member, "moderator": moderator}[persona]
    if reader:
        client.force_login(reader)
    url = pages.get(page) or reverse(page)
    expected = EXPECTED[page][PERSONAS.index(persona)]

    response = client.get(url, follow=expected == 403)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    elif isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"] == expected.removeprefix("redirect:")
    else:
        assert response.status_code == expected
    whole_page = page not in FRAGMENTS
    if response.status_code in {200, 403, 404} and response["Content-Type"].startswith("text/html"):
        assert response.content.count(b"<h1") == (1 if whole_page else 0)
    others = {member, moderator, other_member} - {reader}
    content = response.content.decode()
    for other in others:
        assert other.email not in content


def test_the_directory_shows_members_without_their_email(client, member, other_member):
    other_member.trades.add(Trade.objects.first())  # the directory lists profiles with a trade
    content = client.get(reverse("members:list")).content.decode()

    assert other_member.display_name in content
    assert other_member.email not in content
    assert member.email not in content
