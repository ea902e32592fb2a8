"""The profile: editing with good and bad input, the preview, privacy, export and deletion."""

import json

import pytest
from django.urls import reverse
from django.utils.cache import has_vary_header

from members.models import (
    MAX_SKILLS,
    Member,
    ProfileVisibility,
    Recommendation,
    Skill,
    SpokenLanguage,
    Trade,
)
from tests.factories import MemberFactory

from .conftest import reauthenticate

pytestmark = pytest.mark.django_db

EDIT_URL = reverse("members:profile_edit")
EXPORT_URL = reverse("members:data_export")


def profile_data(**overrides) -> dict:
    """What the edit form posts for a complete profile."""
    return {
        "display_name": "  Claire Martin  ",
        "headline": "Rédactrice SEO pour le tourisme",
        "bio": (
            "Je **rédige** des textes pour les offices de tourisme.\n\n"
            "<script>alert('x')</script> [mon site](javascript:alert('x'))"
        ),
        "trades": [
            Trade.objects.get(slug="redacteur-web").pk,
            Trade.objects.get(slug="redacteur-seo").pk,
        ],
        "skills_text": "SEO, WordPress, seo",
        "legal_status": "micro",
        "years_freelancing": "6",
        "city": "Lyon",
        "region": "ara",
        "spoken_languages": ["fr", "en"],
        "availability": "busy",
        "open_to_chocoskype": "on",
        "website": "https://claire.example.org",
        "linkedin_url": "https://www.linkedin.com/in/claire-martin",
        "malt_url": "https://www.malt.fr/profile/clairemartin",
        "portfolio_url": "https://claire.example.org/portfolio",
        "profile_visibility": "members",
        **overrides,
    }


def test_profile_edit_needs_a_signed_in_member(client):
    response = client.get(EDIT_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={EDIT_URL}"
    assert client.post(EDIT_URL, profile_data()).status_code == 302


def test_profile_edit_saves_every_field(member_client, member):
    assert member_client.get(EDIT_URL).status_code == 200

    response = member_client.post(EDIT_URL, profile_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("members:profile", args=["claire"])
    member.refresh_from_db()
    assert member.display_name == "Claire Martin"
    assert member.headline == "Rédactrice SEO pour le tourisme"
    assert {t.slug for t in member.trades.all()} == {"redacteur-web", "redacteur-seo"}
    assert member.legal_status == "micro"
    assert member.years_freelancing == 6
    assert (member.city, member.region) == ("Lyon", "ara")
    assert set(member.spoken_languages.values_list("code", flat=True)) == {"fr", "en"}
    assert member.availability == "busy"
    assert member.open_to_chocoskype
    assert member.website == "https://claire.example.org"
    assert member.linkedin_url == "https://www.linkedin.com/in/claire-martin"
    assert member.malt_url == "https://www.malt.fr/profile/clairemartin"
    assert member.portfolio_url == "https://claire.example.org/portfolio"
    assert member.profile_visibility == ProfileVisibility.MEMBERS
    # “SEO, WordPress, seo”: the second “seo” is the same skill.
    assert sorted(member.skills.values_list("name", flat=True)) == ["SEO", "WordPress"]
    assert Skill.objects.count() == 2
    # The bio is rendered once, on save, and sanitised.
    assert "<strong>rédige</strong>" in member.bio_html
    assert "<script" not in member.bio_html
    assert 'href="javascript:' not in member.bio_html

    response = member_client.get(response["Location"])
    page = response.content.decode()
    assert "<strong>rédige</strong>" in page
    assert "<script>alert" not in page
    assert "WordPress" in page
    assert "https://www.malt.fr/profile/clairemartin" in page


def test_profile_edit_replaces_skills_and_languages_and_reuses_skills(
    member_client, member, other_member
):
    seo = Skill.objects.create(name="SEO", slug="seo")
    other_member.skills.add(seo)
    member_client.post(EDIT_URL, profile_data())

    response = member_client.post(
        EDIT_URL, profile_data(skills_text="seo , Tourisme", spoken_languages=["es"])
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert sorted(member.skills.values_list("name", flat=True)) == ["SEO", "Tourisme"]
    assert member.skills.get(slug="seo") == seo
    assert list(member.spoken_languages.values_list("code", flat=True)) == ["es"]
    assert SpokenLanguage.objects.filter(member=member).count() == 1
    assert list(other_member.skills.all()) == [seo]


def test_profile_edit_rejects_a_plain_http_link_and_keeps_what_was_typed(member_client, english):
    response = member_client.post(
        EDIT_URL,
        profile_data(website="http://claire.example.org", headline="Rédactrice du Vercors"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["website"]
    page = response.content.decode()
    assert "Enter an address that starts with https://." in page
    assert "Some fields need your attention" in page
    assert 'value="http://claire.example.org"' in page
    assert 'value="Rédactrice du Vercors"' in page
    assert 'value="SEO, WordPress, seo"' in page
    english.refresh_from_db()
    assert english.headline == ""
    assert english.website == ""
    assert not english.skills.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"skills_text": ", ".join(f"skill {n}" for n in range(MAX_SKILLS + 1))}, "skills_text"),
        ({"years_freelancing": "61"}, "years_freelancing"),
        ({"years_freelancing": "-1"}, "years_freelancing"),
        ({"linkedin_url": "not a link at all"}, "linkedin_url"),
        ({"headline": "x" * 121}, "headline"),
        ({"region": "atlantis"}, "region"),
        ({"spoken_languages": ["tlh"]}, "spoken_languages"),
        ({"availability": "sometimes"}, "availability"),
    ],
)
def test_profile_edit_rejects_bad_input_without_saving(member_client, member, overrides, field):
    response = member_client.post(EDIT_URL, profile_data(**overrides))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert b"is-invalid" in response.content
    member.refresh_from_db()
    assert member.headline == ""
    assert not member.skills.exists()
    assert not member.trades.exists()


def test_too_many_skills_is_explained(member_client, english):
    skills = ", ".join(f"skill {n}" for n in range(MAX_SKILLS + 1))

    response = member_client.post(EDIT_URL, profile_data(skills_text=skills))

    assert f"Keep to {MAX_SKILLS} skills at most." in response.content.decode()
    assert not Skill.objects.exists()


def test_preview_renders_the_typed_values_without_saving(member_client, member):
    response = member_client.post(
        EDIT_URL, profile_data(preview="1", headline="Plume du Vercors", bio="Un *aperçu*.")
    )

    assert response.status_code == 200
    assert response.templates[0].name == "members/profile_edit.html"
    page = response.content.decode()
    preview = page[page.index('id="profile-preview"') :]
    assert "Plume du Vercors" in preview
    assert "<em>aperçu</em>" in preview
    assert "WordPress" in preview
    member.refresh_from_db()
    assert member.headline == ""
    assert member.bio == ""
    assert not member.skills.exists()


def test_preview_with_htmx_returns_the_partial_only(member_client, member):
    response = member_client.post(
        EDIT_URL,
        profile_data(preview="1", headline="Plume du Vercors"),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "members/includes/profile_preview.html"
    page = response.content.decode()
    assert "Plume du Vercors" in page
    assert "<html" not in page
    assert "<form" not in page
    assert has_vary_header(response, "HX-Request")
    member.refresh_from_db()
    assert member.headline == ""

    # The same address without htmx: the full page, with the same Vary.
    full = member_client.post(EDIT_URL, profile_data(preview="1", headline="Plume du Vercors"))
    assert full.templates[0].name == "members/profile_edit.html"
    assert has_vary_header(full, "HX-Request")


def test_preview_of_invalid_input_still_renders(member_client, member):
    response = member_client.post(
        EDIT_URL,
        profile_data(preview="1", years_freelancing="99", website="http://x.example.org"),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Rédactrice SEO pour le tourisme" in response.content.decode()
    member.refresh_from_db()
    assert member.years_freelancing is None


# --- Privacy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "names"),
    [("fr", "anglais, espagnol, français"), ("en", "English, French, Spanish")],
)
def test_languages_are_named_in_the_readers_language(client, member, language, names):
    SpokenLanguage.objects.bulk_create(
        [SpokenLanguage(member=member, code=code) for code in ("fr", "en", "es")]
    )
    profile_url = reverse("members:profile", args=["claire"])

    content = client.get(profile_url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<dd>{names}</dd>" in content

    # The edit page's preview too, before and after typing.
    member.language = language
    member.save(update_fields=["language"])
    client.force_login(member)
    assert f"<dd>{names}</dd>" in client.get(EDIT_URL).content.decode()
    preview = client.post(
        EDIT_URL,
        profile_data(spoken_languages=["es", "en", "fr"], preview="1"),
        HTTP_HX_REQUEST="true",
    )
    assert f"<dd>{names}</dd>" in preview.content.decode()


def test_a_members_only_profile_is_hidden_from_visitors_only(client, member, other_member):
    other_member.profile_visibility = ProfileVisibility.MEMBERS
    other_member.headline = "Développeur Django"
    other_member.save()
    other_member.trades.add(Trade.objects.get(slug="developpeur-web"))
    profile_url = reverse("members:profile", args=["karim"])

    assert client.get(profile_url).status_code == 404
    directory = client.get(reverse("members:list"))
    assert other_member not in directory.context["page_obj"].object_list
    assert "Karim Benali" not in directory.content.decode()

    client.force_login(member)
    response = client.get(profile_url)
    assert response.status_code == 200
    assert "Développeur Django" in response.content.decode()
    directory = client.get(reverse("members:list"))
    assert "Karim Benali" in directory.content.decode()


def test_email_never_shows_on_profiles_or_in_the_directory(client, member, other_member):
    pages = [reverse("members:list"), reverse("members:profile", args=["karim"])]
    for url in pages:
        assert other_member.email not in client.get(url).content.decode()

    client.force_login(member)
    for url in [*pages, reverse("members:profile", args=["claire"])]:
        page = client.get(url).content.decode()
        assert other_member.email not in page
        assert member.email not in page


def test_the_owner_sees_the_completeness_hint_and_the_edit_link(client, member, english):
    profile_url = reverse("members:profile", args=["claire"])
    client.force_login(member)

    response = client.get(profile_url)

    page = response.content.decode()
    assert response.context["is_owner"]
    assert response.context["completeness"].percent == 0
    assert "Your profile is 0% complete." in page
    assert EDIT_URL in page

    client.force_login(MemberFactory(language="en"))
    response = client.get(profile_url)
    assert response.context["completeness"] is None
    assert "% complete." not in response.content.decode()
    assert EDIT_URL not in response.content.decode()

    client.logout()
    response = client.get(profile_url)
    assert response.context["completeness"] is None
    assert EDIT_URL not in response.content.decode()


def test_the_completeness_hint_lists_what_is_missing(member_client, english):
    member_client.post(EDIT_URL, profile_data())

    response = member_client.get(reverse("members:profile", args=["claire"]))

    assert response.context["completeness"].missing == ["an avatar"]
    assert "To complete it, add an avatar." in response.content.decode()


def test_data_export_is_a_json_download_of_the_members_data(member_client, member, other_member):
    member_client.post(EDIT_URL, profile_data())
    Recommendation.objects.create(author=other_member, recipient=member, text="Très pro.")
    Recommendation.objects.create(author=member, recipient=other_member, text="Un as du code.")

    response = member_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="freelancehub-claire-')
    data = json.loads(response.content)
    assert data["account"]["handle"] == "claire"
    assert data["account"]["email"] == "claire@example.org"
    assert data["profile"]["headline"] == "Rédactrice SEO pour le tourisme"
    assert sorted(data["profile"]["skills"]) == ["SEO", "WordPress"]
    assert sorted(data["profile"]["languages"]) == ["en", "fr"]
    assert [r["to"] for r in data["recommendations_given"]] == ["karim"]
    assert [r["text"] for r in data["recommendations_received"]] == ["Très pro."]
    assert other_member.email not in response.content.decode()

    member_client.logout()
    response = member_client.get(EXPORT_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={EXPORT_URL}"


def test_account_deletion_clears_the_profile(
    member_client, member, other_member, django_capture_on_commit_callbacks
):
    member_client.post(EDIT_URL, profile_data(profile_visibility="public"))
    Recommendation.objects.create(author=member, recipient=other_member, text="Un as du code.")

    reauthenticate(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("members:account_delete"), {"confirm": "on"})

    assert response.status_code == 302
    member.refresh_from_db()
    for field in (
        "display_name", "headline", "bio", "bio_html", "city", "region", "legal_status",
        "website", "linkedin_url", "malt_url", "portfolio_url",
    ):  # fmt: skip
        assert getattr(member, field) == "", field
    assert member.years_freelancing is None
    assert not member.trades.exists()
    assert not member.skills.exists()
    assert not SpokenLanguage.objects.filter(member=member).exists()
    assert not member.avatar
    assert Skill.objects.filter(slug="seo").exists()  # shared tags stay for others
    # The profile and the recommendation they wrote are gone from the site.
    assert member_client.get(reverse("members:profile", args=["claire"])).status_code == 404
    assert member_client.get(reverse("members:profile", args=[member.username])).status_code == 404
    directory = member_client.get(reverse("members:list"))
    assert member not in directory.context["page_obj"].object_list
    karim = member_client.get(reverse("members:profile", args=["karim"]))
    assert "Un as du code." not in karim.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()
