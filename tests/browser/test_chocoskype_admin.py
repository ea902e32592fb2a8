"""The ritual's rounds in the admin, in a browser: on a 1280 px screen the Round list, with its
figures and the summary of the latest rounds above it, fits without scrolling sideways and shows
the rates."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from chocoskype.models import Pairing, PairingMember, Participant, Round
from tests.browser.test_forums import visit_admin
from tests.factories import MemberFactory, ModeratorFactory

LAPTOP = {"width": 1280, "height": 800}


def twelve_rounds() -> None:
    """Twelve weekly rounds of four members in two pairs: one pair picks a time and both say
    they met; in the other, one says they did not and the other never answers."""
    members = [
        MemberFactory(username=f"freelance-chocoskype-{n}", display_name=f"Membre numéro {n}")
        for n in range(4)
    ]
    for member in members:
        Participant.objects.create(member=member, languages=["fr"])
    today = timezone.localdate()
    met, not_met = PairingMember.Outcome.MET, PairingMember.Outcome.NOT_MET
    for week in range(12):
        round_ = Round.objects.create(
            held_on=today - timedelta(weeks=week), participant_count=5, pairing_count=2
        )
        for status, pair, answers in (
            (Pairing.Status.SCHEDULED, members[:2], [met, met]),
            (Pairing.Status.PROPOSED, members[2:], [not_met, ""]),
        ):
            pairing = Pairing.objects.create(round=round_, status=status)
            for member, outcome in zip(pair, answers, strict=True):
                PairingMember.objects.create(
                    pairing=pairing, member=member, round=round_, outcome=outcome
                )


def test_the_round_list_fits_a_1280_px_screen_and_shows_the_rates(open_page, sign_in):
    twelve_rounds()
    moderator = ModeratorFactory(username="sophie-modo", display_name="Sophie Moderatrice")
    page = open_page(locale="fr-FR", viewport=LAPTOP)
    sign_in(moderator, page=page)

    visit_admin(open_page, page, reverse("admin:chocoskype_round_changelist"))

    expect(page.locator("#result_list tbody tr")).to_have_count(12)
    summary = page.locator(".chocoskype-summary table").first
    # 48 members paired of 60 tried, 12 of 24 pairs picked a time, 24 of 48 said they met,
    # 12 that they did not and 12 said nothing.
    for rate in ("80", "20", "50", "25"):
        expect(summary).to_contain_text(re.compile(rf"\b{rate}\s?%"))
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 1280 px"
    results = page.locator("#changelist .results")
    overflow = results.evaluate("box => box.scrollWidth - box.clientWidth")
    assert overflow <= 0, f"the round list scrolls sideways by {overflow} px at 1280 px"
