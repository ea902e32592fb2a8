"""A binôme in the browser, in French: Léa accepts Claire's proposal, sets a goal for next time,
and finds their next date in « Mes événements »."""

from datetime import time

from django.urls import reverse
from playwright.sync_api import expect

from chocoskype.binomes import binome_propose
from chocoskype.models import BinomeGoal
from tests.factories import MemberFactory


def test_a_member_accepts_a_binome_sets_a_goal_and_sees_the_next_date(page, visit, sign_in):
    claire = MemberFactory(display_name="Claire Martin", language="fr", open_to_chocoskype=True)
    lea = MemberFactory(display_name="Léa Dupont", language="fr", open_to_chocoskype=True)
    binome = binome_propose(
        proposer=claire, other=lea, cadence="weekly", weekday=1, local_time=time(9)
    )
    sign_in(lea)
    visit(reverse("chocoskype:binome", args=[binome.pk]))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Claire Martin")
    page.locator(
        f'form[action="{reverse("chocoskype:binome_accept", args=[binome.pk])}"] button'
    ).click()

    expect(page.locator(".binome-next-date")).to_be_visible()
    binome.refresh_from_db()
    event = binome.series.occurrences.order_by("starts_at").first()

    page.locator("input[name=text]").fill("Relancer trois prospects")
    page.locator(
        f'form[action="{reverse("chocoskype:binome_goal_add", args=[binome.pk])}"] button'
    ).click()
    expect(page.locator(".binome-goal")).to_contain_text("Relancer trois prospects")
    assert BinomeGoal.objects.get().member == lea

    visit(reverse("events:mine"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(f'main a[href="{event.get_absolute_url()}"]').first).to_be_visible()
