"""A member fills in their profile, avatar included, in French, and a visitor finds them in the
directory by a skill, by name and by trade.

Buttons are found by their French names where the catalogue has them; fields by name or id.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from core.places import Region
from members.models import Availability, Member, Trade
from tests.factories import MemberFactory


@pytest.fixture
def trades():
    """Two of the starting trades of the data migrations (get_or_create: the first transactional
    test of a run finds them, later ones find them flushed)."""
    seo, _ = Trade.objects.get_or_create(
        slug="redacteur-seo", defaults={"name_fr": "Rédacteur SEO"}
    )
    translator, _ = Trade.objects.get_or_create(
        slug="traducteur", defaults={"name_fr": "Traducteur"}
    )
    return seo, translator


def small_png(tmp_path: Path) -> Path:
    path = tmp_path / "claire.png"
    image = Image.new("RGB", (120, 90), "#1f5f8b")
    image.paste((246, 239, 233), (30, 20, 90, 70))
    image.save(path, format="PNG")
    return path


def test_a_member_fills_in_their_profile_and_a_visitor_finds_them(
    page, open_page, visit, sign_in, live_server, trades, tmp_path
):
    seo, translator = trades
    claire = MemberFactory(username="claire-redac", display_name="Claire Martin", language="fr")
    karim = MemberFactory(username="karim-trad", display_name="Karim Benali", headline="Traducteur")
    karim.trades.add(translator)

    sign_in(claire)
    visit(reverse("members:profile_edit"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    form = page.locator("#profile-form")
    preview = page.locator("#profile-preview")
    expect(preview).not_to_contain_text("Rédactrice SEO")

    # The live preview (htmx) follows what Claire types, before anything is saved.
    form.locator("input[name=headline]").fill("Rédactrice SEO pour le tourisme")
    expect(preview).to_contain_text("Rédactrice SEO pour le tourisme")
    form.locator("textarea[name=bio]").fill(
        "J'écris pour les **offices de tourisme** et les hôtels :\n\n"
        "- pages de destination\n- blogs"
    )
    expect(preview.locator(".profile-bio strong")).to_have_text("offices de tourisme")
    form.locator(f'input[name=trades][value="{seo.pk}"]').check()
    expect(preview.locator(".profile-facts")).to_contain_text(seo.name_fr)
    form.locator("input[name=skills_text]").fill("SEO, WordPress, tourisme")
    form.locator("input[name=city]").fill("Lyon")
    form.locator("select[name=region]").select_option(Region.AUVERGNE_RHONE_ALPES)
    form.locator('input[name=spoken_languages][value="fr"]').check()
    form.locator('input[name=spoken_languages][value="en"]').check()
    form.locator(f'input[name=availability][value="{Availability.BUSY}"]').check()
    expect(preview).to_contain_text("Lyon, Auvergne-Rhône-Alpes")
    expect(preview).to_contain_text("Agenda chargé")
    expect(preview.locator(".profile-facts")).to_contain_text("WordPress")
    expect(preview.locator(".profile-facts")).to_contain_text(re.compile("anglais", re.I))
    # Nothing is saved by the preview.
    claire.refresh_from_db()
    assert claire.headline == ""

    form.locator("input[name=avatar_upload]").set_input_files(small_png(tmp_path))
    form.get_by_role("button", name="Enregistrer mon profil").click()

    # The public profile shows the saved profile and the re-encoded avatar. The live server
    # serves MEDIA_ROOT itself (Django's LiveServerThread wraps the site in _MediaFilesHandler,
    # DEBUG or not): the picture really loads, as the browser decodes it.
    expect(page).to_have_url(f"{live_server.url}{claire.get_absolute_url()}")
    expect(page.locator(".messages [role=status]")).to_be_visible()
    claire.refresh_from_db()
    assert claire.headline == "Rédactrice SEO pour le tourisme"
    assert list(claire.trades.all()) == [seo]
    assert (claire.city, claire.region, claire.availability) == (
        "Lyon",
        Region.AUVERGNE_RHONE_ALPES,
        Availability.BUSY,
    )
    assert claire.avatar.name.endswith(".webp")
    assert Path(claire.avatar.path).is_file()
    with Image.open(claire.avatar.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (256, 256))

    profile = page.locator("article.profile")
    expect(profile.locator("h1")).to_have_text("Claire Martin")
    expect(profile).to_contain_text("Rédactrice SEO pour le tourisme")
    expect(profile.locator(".profile-facts")).to_contain_text(seo.name_fr)
    avatar = profile.locator("img.avatar")
    expect(avatar).to_have_attribute("src", claire.avatar.url)
    avatar.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=avatar.element_handle()
    )
    assert avatar.evaluate("(img) => img.naturalWidth") == 256

    # A visitor looks for a WordPress writer in the directory.
    visitor = open_page(locale="fr-FR")
    visit(reverse("members:list"), page=visitor)
    results = visitor.locator("#directory-results")
    claires_card = results.locator(".member-card", has_text="Claire Martin")
    karims_card = results.locator(".member-card", has_text="Karim Benali")
    expect(claires_card).to_be_visible()
    expect(karims_card).to_be_visible()
    visitor.evaluate("() => { window.sameDocument = true; }")

    filters = visitor.get_by_role("search")
    search = filters.get_by_label("Nom ou compétence")
    trade = filters.get_by_label("Métier", exact=True)
    search.fill("wordpress")
    expect(karims_card).to_have_count(0)
    expect(claires_card).to_be_visible()
    expect(claires_card.locator("img.avatar")).to_have_attribute("src", claire.avatar_thumbnail.url)
    expect(visitor).to_have_url(re.compile(r"[?&]q=wordpress\b"))

    # By name: the address follows the search once the results are swapped in.
    search.fill("Claire")
    expect(visitor).to_have_url(re.compile(r"[?&]q=Claire\b"))
    expect(visitor.locator("#directory-count")).to_have_text("1 membre trouvé")
    expect(claires_card).to_be_visible()
    expect(karims_card).to_have_count(0)

    # By trade: Karim is the translator, Claire the SEO writer.
    search.fill("")
    expect(karims_card).to_be_visible()
    trade.select_option(translator.slug)
    expect(claires_card).to_have_count(0)
    expect(karims_card).to_be_visible()
    trade.select_option(seo.slug)
    expect(karims_card).to_have_count(0)
    expect(claires_card).to_be_visible()
    expect(visitor).to_have_url(re.compile(rf"[?&]trade={seo.slug}\b"))
    # htmx swapped the results in place: still the page that was opened.
    assert visitor.evaluate("() => window.sameDocument") is True

    claires_card.get_by_role("link", name="Claire Martin").click()
    expect(visitor).to_have_url(f"{live_server.url}{claire.get_absolute_url()}")
    expect(visitor.locator("article.profile")).to_contain_text(seo.name_fr)
    assert Member.objects.filter(trades=seo).get() == claire
