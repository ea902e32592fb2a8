"""The profile in the browser: a photo chosen before a preview is shown and saved; the facts'
labels neither collide with their values nor break mid-word, on a desktop and on a phone; a
newcomer's welcome checklist.

The welcome's new words may not be in the French catalogue yet: they are found by their place."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from core.places import Region
from members.models import LegalStatus, SpokenLanguage, Trade
from tests.factories import MemberFactory

DESKTOP = {"width": 1280, "height": 900}
# Between Bootstrap's lg and xl breakpoints the edit page's preview column is at its narrowest.
LAPTOP = {"width": 1024, "height": 800}
PHONE = {"width": 375, "height": 800}


def photo(tmp_path: Path) -> Path:
    """A real photo-like JPEG: an orange square on blue, so that its colours can be checked."""
    path = tmp_path / "claire.jpg"
    image = Image.new("RGB", (400, 300), "#1f5f8b")
    image.paste((232, 120, 40), (100, 50, 300, 250))
    image.save(path, format="JPEG", quality=90)
    return path


# The colour at the centre of the preview's picture, once it has loaded (null before).
PREVIEW_PICTURE_CENTRE = """() => {
  const img = document.querySelector("#profile-preview img.avatar");
  if (!img || !img.complete || !img.naturalWidth) return null;
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const [r, g, b] = context.getImageData(img.naturalWidth / 2, img.naturalHeight / 2, 1, 1).data;
  return [r, g, b];
}"""


def is_orange(rgb) -> bool:
    return rgb is not None and rgb[0] > 180 and 80 < rgb[1] < 160 and rgb[2] < 90


def test_a_photo_chosen_before_the_preview_shows_in_it_and_is_saved(
    page, visit, sign_in, live_server, tmp_path
):
    claire = MemberFactory(username="claire-redac", display_name="Claire Martin", language="fr")
    sign_in(claire)
    visit(reverse("members:profile_edit"))
    form = page.locator("#profile-form")
    preview = page.locator("#profile-preview")
    expect(preview.locator("img.avatar")).to_have_count(0)  # her initials so far

    # The live preview shows the chosen photo at once, from the browser's copy of the file.
    form.locator("input[name=avatar_upload]").set_input_files(photo(tmp_path))
    expect(preview.locator("img.avatar")).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function(f"() => ({PREVIEW_PICTURE_CENTRE})() !== null")
    assert is_orange(page.evaluate(PREVIEW_PICTURE_CENTRE))
    # It stays through the live preview's next update.
    form.locator("input[name=headline]").fill("Rédactrice SEO")
    expect(preview).to_contain_text("Rédactrice SEO")
    expect(preview.locator("img.avatar")).to_have_attribute("src", re.compile(r"^blob:"))

    # « Aperçu » sends the form: the page that comes back previews the photo and keeps it.
    form.get_by_role("button", name="Aperçu").click()
    expect(page.locator("#avatar-pending-note")).to_be_visible()
    expect(preview.locator("img.avatar")).to_have_attribute("src", re.compile(r"^data:image/webp"))
    page.wait_for_function(f"() => ({PREVIEW_PICTURE_CENTRE})() !== null")
    assert is_orange(page.evaluate(PREVIEW_PICTURE_CENTRE))
    claire.refresh_from_db()
    assert not claire.avatar  # a preview saves nothing

    # The live preview goes on showing it, and « Enregistrer » saves it.
    form.locator("input[name=headline]").fill("Rédactrice SEO pour le tourisme")
    expect(preview).to_contain_text("pour le tourisme")
    expect(preview.locator("img.avatar")).to_have_attribute("src", re.compile(r"^data:image/webp"))
    form.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page).to_have_url(f"{live_server.url}{claire.get_absolute_url()}")
    claire.refresh_from_db()
    assert claire.headline == "Rédactrice SEO pour le tourisme"
    assert claire.avatar and claire.avatar_thumbnail
    with Image.open(claire.avatar.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (256, 256))
        assert is_orange(stored.convert("RGB").getpixel((128, 128)))
    avatar = page.locator("article.profile img.avatar")
    expect(avatar).to_have_attribute("src", claire.avatar.url)


# For each label of the facts: whether a word of it runs over two lines, whether it overflows
# its box, and whether it overlaps its value.
FACTS_LAYOUT = """(root) => [...document.querySelectorAll(`${root} .profile-facts dt`)]
.map((dt) => {
  const dd = dt.nextElementSibling;
  const words = [];
  const text = dt.firstChild;
  const range = document.createRange();
  let start = 0;
  for (const word of text.textContent.split(" ")) {
    range.setStart(text, start);
    range.setEnd(text, start + word.length);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (lines.size > 1) words.push(word);
    start += word.length + 1;
  }
  const a = dt.getBoundingClientRect();
  const b = dd.getBoundingClientRect();
  const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5
    && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  return {
    label: dt.textContent.trim(),
    broken: words,
    overflows: dt.scrollWidth > dt.clientWidth + 1,
    overlap,
    stacked: b.top >= a.bottom - 0.5,
  };
})"""


@pytest.fixture
def full_profile():
    trade, _ = Trade.objects.get_or_create(slug="redacteur-seo", defaults={"name": "Rédacteur SEO"})
    member = MemberFactory(
        username="claire-redac",
        display_name="Claire Martin",
        headline="Rédactrice SEO pour le tourisme",
        language="fr",
        legal_status=LegalStatus.MICRO_ENTREPRISE,
        years_freelancing=6,
        city="Villefranche-sur-Saône",
        region=Region.AUVERGNE_RHONE_ALPES,
        website="https://claire.example.org",
        malt_url="https://www.malt.fr/profile/clairemartin",
    )
    member.trades.add(trade)
    SpokenLanguage.objects.bulk_create(
        [SpokenLanguage(member=member, code=code) for code in ("fr", "en", "es")]
    )
    return member


def assert_facts_laid_out(page, root: str, *, stacked: bool) -> None:
    facts = page.evaluate(FACTS_LAYOUT, root)
    assert len(facts) >= 5
    for fact in facts:
        assert not fact["broken"], fact
        assert not fact["overflows"], fact
        assert not fact["overlap"], fact
        if stacked:
            assert fact["stacked"], fact


@pytest.mark.parametrize(
    ("viewport", "stacked"), [(DESKTOP, False), (LAPTOP, False), (PHONE, True)]
)
def test_profile_facts_neither_collide_nor_break_mid_word(
    page, visit, sign_in, full_profile, viewport, stacked
):
    page.set_viewport_size(viewport)
    visit(full_profile.get_absolute_url())
    assert_facts_laid_out(page, "article.profile", stacked=stacked)

    # The edit page's preview shows the same facts in its narrower column.
    sign_in(full_profile)
    visit(reverse("members:profile_edit"))
    assert_facts_laid_out(page, "#profile-preview", stacked=stacked)


def test_a_newcomer_ticks_their_first_steps_and_hides_the_checklist(page, visit, sign_in):
    nina = MemberFactory(username="nina", display_name="Nina Roussel", language="fr")
    sign_in(nina)
    visit(reverse("members:welcome"))
    steps = page.locator(".welcome-step")
    expect(steps).to_have_count(3)
    expect(page.locator(".welcome-step.is-done")).to_have_count(0)

    # Her profile's own page shows the same steps until she hides them.
    visit(nina.get_absolute_url())
    expect(page.locator(".welcome-step")).to_have_count(3)
    visit(reverse("members:welcome"))
    dismiss = reverse("members:welcome_dismiss")
    page.locator(f'form[action="{dismiss}"] button[type=submit]').click()
    expect(page.locator(".messages [role=status]")).to_be_visible()
    visit(nina.get_absolute_url())
    expect(page.locator(".welcome-step")).to_have_count(0)
    welcome = reverse("members:welcome")
    expect(page.locator(f'main aside a[href="{welcome}"]')).to_be_visible()
