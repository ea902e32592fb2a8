"""The directory: search, filters combined, sorting, pagination, htmx, and pinned query counts."""

import re
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import has_vary_header

from members.models import Recommendation, Skill, SpokenLanguage, Trade
from members.views.public import MEMBERS_PER_PAGE, PROFILE_RECOMMENDATIONS
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("members:list")


def trade(slug: str) -> Trade:
    return Trade.objects.get(slug=slug)


def make_member(*, trades=(), skills=(), languages=(), **fields):
    member = MemberFactory(**fields)
    member.trades.set([trade(slug) for slug in trades])
    member.skills.set(
        [
            Skill.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]
            for name in skills
        ]
    )
    SpokenLanguage.objects.bulk_create([SpokenLanguage(member=member, code=c) for c in languages])
    return member


@pytest.fixture
def directory(db):
    """Three freelancers who differ in every filter, active at different times."""
    now = timezone.now()
    return {
        "lea": make_member(
            username="lea-redac",
            display_name="Léa Dupont",
            headline="Rédactrice pour le tourisme",
            trades=["redacteur-web", "redacteur-seo"],
            skills=["WordPress", "SEO"],
            languages=["fr", "en"],
            legal_status="micro",
            region="ara",
            city="Lyon",
            availability="available",
            open_to_chocoskype=True,
            date_joined=now - timedelta(days=300),
            last_active_at=now - timedelta(minutes=5),
        ),
        "omar": make_member(
            username="omar-dev",
            display_name="Omar Haddad",
            headline="Développeur Django",
            trades=["developpeur-web"],
            skills=["Python"],
            languages=["fr", "ar"],
            legal_status="sasu",
            region="idf",
            city="Paris",
            availability="busy",
            open_to_chocoskype=False,
            date_joined=now - timedelta(days=10),
            last_active_at=now - timedelta(days=2),
        ),
        "jeanne": make_member(
            username="jeanne-photo",
            display_name="Jeanne Morel",
            headline="Photographe culinaire",
            trades=["photographe", "redacteur-web"],
            skills=["Lightroom"],
            languages=["fr"],
            legal_status="micro",
            region="ara",
            city="Grenoble",
            availability="not_taking",
            open_to_chocoskype=True,
            date_joined=now - timedelta(days=1),
            last_active_at=None,
        ),
    }


def handles(response) -> list[str]:
    return [member.username for member in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Léa", ["lea-redac"]),  # display name
        ("omar-d", ["omar-dev"]),  # handle
        ("culinaire", ["jeanne-photo"]),  # headline
        ("wordpress", ["lea-redac"]),  # skill, whatever the case
        ("python", ["omar-dev"]),
        ("nobody-like-this", []),
    ],
)
def test_search_by_name_handle_headline_or_skill(client, directory, query, expected):
    response = client.get(DIRECTORY_URL, {"q": query})

    assert response.status_code == 200
    assert handles(response) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"trade": "redacteur-web"}, {"lea-redac", "jeanne-photo"}),
        ({"status": "micro"}, {"lea-redac", "jeanne-photo"}),
        ({"region": "idf"}, {"omar-dev"}),
        ({"language": "ar"}, {"omar-dev"}),
        ({"language": "fr"}, {"lea-redac", "omar-dev", "jeanne-photo"}),
        ({"availability": "busy"}, {"omar-dev"}),
        ({"chocoskype": "on"}, {"lea-redac", "jeanne-photo"}),
        # Combined: every filter must hold.
        ({"trade": "redacteur-web", "region": "ara", "language": "en"}, {"lea-redac"}),
        ({"trade": "redacteur-web", "availability": "not_taking"}, {"jeanne-photo"}),
        ({"status": "micro", "chocoskype": "on", "q": "photo"}, {"jeanne-photo"}),
        ({"trade": "developpeur-web", "chocoskype": "on"}, set()),
        ({"q": "wordpress", "region": "idf"}, set()),
    ],
)
def test_filters_combine(client, directory, params, expected):
    response = client.get(DIRECTORY_URL, params)

    assert response.status_code == 200
    assert set(handles(response)) == expected


def test_profiles_without_a_name_or_a_trade_are_not_listed(
    client, directory, django_assert_num_queries
):
    make_member(username="sans-nom", display_name="", trades=["redacteur-web"])
    make_member(username="sans-metier", display_name="Paul Sansmetier")

    # The count, the trades of the filter, the page, the cards' trades: as before.
    with django_assert_num_queries(4):
        response = client.get(DIRECTORY_URL)

    assert set(handles(response)) == {"lea-redac", "omar-dev", "jeanne-photo"}
    assert response.context["page_obj"].paginator.count == 3
    assert handles(client.get(DIRECTORY_URL, {"q": "sans"})) == []
    assert handles(client.get(DIRECTORY_URL, {"trade": "redacteur-web", "q": "sans"})) == []


def test_a_shared_search_shows_the_filters_it_was_made_with(client, directory):
    response = client.get(
        DIRECTORY_URL, {"q": "photo", "trade": "photographe", "region": "ara", "chocoskype": "on"}
    )

    page = response.content.decode()
    assert 'value="photo"' in page
    assert '<option value="photographe" selected>' in page
    assert '<option value="ara" selected>' in page
    assert re.search(r'<input[^>]*name="chocoskype"[^>]*checked', page)


def test_sort_by_recent_activity_by_default_or_newest(client, directory):
    # Jeanne has never been active: her sign-up date stands for her last activity.
    assert handles(client.get(DIRECTORY_URL)) == ["lea-redac", "jeanne-photo", "omar-dev"]
    assert handles(client.get(DIRECTORY_URL, {"sort": "active"})) == [
        "lea-redac",
        "jeanne-photo",
        "omar-dev",
    ]
    assert handles(client.get(DIRECTORY_URL, {"sort": "newest"})) == [
        "jeanne-photo",
        "omar-dev",
        "lea-redac",
    ]


def test_deleted_and_inactive_members_are_not_listed(client, directory):
    directory["omar"].deleted_at = timezone.now()
    directory["omar"].save()
    directory["jeanne"].is_active = False
    directory["jeanne"].save()

    assert handles(client.get(DIRECTORY_URL)) == ["lea-redac"]


def page_links(response) -> dict[str, dict[str, list[str]]]:
    """The pagination's previous and next links, as parsed query strings."""
    links = re.findall(r'href="\?([^"]*)" rel="(prev|next)"', response.content.decode())
    return {rel: parse_qs(href.replace("&amp;", "&")) for href, rel in links}


def test_pagination_keeps_the_filters(client):
    now = timezone.now()
    for n in range(MEMBERS_PER_PAGE + 5):
        make_member(trades=["graphiste"], region="bre", date_joined=now - timedelta(hours=n))
    make_member(trades=["graphiste"], region="occ")
    params = {"trade": "graphiste", "region": "bre", "sort": "newest"}

    first = client.get(DIRECTORY_URL, params)

    assert first.context["page_obj"].paginator.count == MEMBERS_PER_PAGE + 5
    assert len(handles(first)) == MEMBERS_PER_PAGE
    filters = {"trade": ["graphiste"], "region": ["bre"], "sort": ["newest"]}
    assert page_links(first) == {"next": {**filters, "page": ["2"]}}

    second = client.get(DIRECTORY_URL, {**params, "page": "2"})

    assert len(handles(second)) == 5
    assert not set(handles(first)) & set(handles(second))
    # The page parameter is replaced, not repeated.
    assert page_links(second) == {"prev": {**filters, "page": ["1"]}}


def test_htmx_gets_the_results_partial_only(client, directory):
    response = client.get(
        DIRECTORY_URL,
        {"trade": "photographe"},
        headers={"HX-Request": "true", "HX-Target": "directory-results"},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "members/includes/directory_results.html"
    page = response.content.decode()
    assert "<html" not in page
    assert 'role="search"' not in page
    assert "Jeanne Morel" in page
    assert "Léa Dupont" not in page

    assert has_vary_header(response, "HX-Request") and has_vary_header(response, "HX-Target")

    # Another htmx target (a boosted link) gets the full page, and so does a plain request.
    response = client.get(DIRECTORY_URL, headers={"HX-Request": "true"})
    assert response.templates[0].name == "members/member_list.html"
    response = client.get(DIRECTORY_URL, {"trade": "photographe"})
    assert response.templates[0].name == "members/member_list.html"
    assert has_vary_header(response, "HX-Request") and has_vary_header(response, "HX-Target")


@pytest.mark.parametrize(
    "params",
    [
        {"trade": "no-such-trade"},
        {"status": "king"},
        {"region": "mars"},
        {"language": "klingon"},
        {"availability": "always"},
        {"sort": "random"},
        {"page": "999"},
        {"page": "abc"},
        {"q": "x" * 500},
        {"chocoskype": "maybe"},
    ],
)
def test_invalid_filters_do_not_break_the_page(client, directory, params):
    response = client.get(DIRECTORY_URL, params)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1


def test_an_invalid_filter_drops_only_itself(client, directory):
    # A shared search whose trade has since been renamed still searches by the rest.
    response = client.get(
        DIRECTORY_URL, {"q": "omar", "trade": "no-such-trade", "region": "idf", "sort": "x"}
    )

    assert response.status_code == 200
    assert handles(response) == ["omar-dev"]
    assert "trade" in response.context["form"].errors


def test_hidden_and_removed_recommendations_are_not_counted(client, directory, english):
    lea = directory["lea"]
    omar, jeanne = directory["omar"], directory["jeanne"]
    Recommendation.objects.create(author=omar, recipient=lea, text="Des textes impeccables.")
    Recommendation.objects.create(author=jeanne, recipient=lea, text="Texte caché.", is_hidden=True)
    Recommendation.objects.create(
        author=english, recipient=lea, text="Retiré.", removed_at=timezone.now()
    )

    response = client.get(DIRECTORY_URL, {"q": "lea-redac"})

    card = response.context["page_obj"].object_list[0]
    assert card.recommendation_count == 1
    assert card.latest_recommendation_text == "Des textes impeccables."
    assert card.latest_recommendation_author == "Omar Haddad"
    page = response.content.decode()
    assert "Des textes impeccables." in page
    assert "Texte caché." not in page
    assert "Retiré." not in page


def test_the_latest_recommendation_names_an_author_without_a_display_name(client, directory):
    author = MemberFactory(username="sans-nom", display_name="")
    Recommendation.objects.create(author=author, recipient=directory["lea"], text="Super.")

    card = client.get(DIRECTORY_URL, {"q": "lea-redac"}).context["page_obj"].object_list[0]

    assert card.latest_recommendation_author == "sans-nom"


# --- Query counts ----------------------------------------------------------------------------

FEW = 3
MANY = 30


def add_rich_members(count: int) -> None:
    """Members with everything a card could show: trades, skills, languages, recommendations."""
    trades = list(Trade.objects.all()[:3])
    python, _ = Skill.objects.get_or_create(slug="python", defaults={"name": "Python"})
    previous = None
    for member in MemberFactory.create_batch(
        count, city="Lyon", region="ara", headline="Rédactrice web", open_to_chocoskype=True
    ):
        member.trades.set(trades)
        member.skills.add(python)
        SpokenLanguage.objects.bulk_create(
            [SpokenLanguage(member=member, code="fr"), SpokenLanguage(member=member, code="en")]
        )
        if previous is not None:
            Recommendation.objects.create(author=previous, recipient=member, text="Top.")
            Recommendation.objects.create(author=member, recipient=previous, text="Merci.")
        previous = member


@pytest.mark.parametrize("persona", ["visitor", "member"])
@pytest.mark.parametrize(
    "params", [{}, {"q": "python", "trade": "redacteur-web", "language": "en", "chocoskype": "on"}]
)
def test_the_directory_runs_the_same_queries_for_3_or_30_members(
    request, client, django_assert_num_queries, django_assert_max_num_queries, persona, params
):
    if persona == "member":
        client.force_login(request.getfixturevalue("member"))
    add_rich_members(FEW)
    client.get(DIRECTORY_URL, params)  # warms the caches and the activity stamp

    # A member's request also reads their session and account; a trade filter reads the trade.
    # A member also reads their session, their account and their unread notifications count.
    maximum = 4 + (3 if persona == "member" else 0) + (1 if "trade" in params else 0)
    with django_assert_max_num_queries(maximum) as few:
        response = client.get(DIRECTORY_URL, params)
    assert len(response.context["page_obj"].object_list) >= FEW - 1

    add_rich_members(MANY - FEW)
    with django_assert_num_queries(len(few)):
        response = client.get(DIRECTORY_URL, params)
    assert len(response.context["page_obj"].object_list) > FEW


@pytest.mark.parametrize("persona", ["visitor", "member", "owner"])
def test_a_profile_runs_the_same_queries_for_2_or_15_recommendations(
    request, client, django_assert_num_queries, django_assert_max_num_queries, persona
):
    recipient = make_member(
        username="lea-redac", trades=["redacteur-web"], skills=["SEO"], languages=["fr", "en"]
    )
    if persona == "member":
        client.force_login(request.getfixturevalue("member"))
    elif persona == "owner":
        client.force_login(recipient)
    url = reverse("members:profile", args=["lea-redac"])
    trades = list(Trade.objects.all()[:4])

    def add_recommendations(count):
        for n in range(count):
            Recommendation.objects.create(
                author=MemberFactory(), recipient=recipient, trade=trades[n % 4], text="Top."
            )

    add_recommendations(2)
    client.get(url)

    # The owner also reads their welcome checklist's progress (one query); another member,
    # whether one of them blocked the other (one query). Everyone reads the counts of referrals
    # passed on (one query, missions' profile section).
    with django_assert_max_num_queries(13 if persona == "visitor" else 14) as few:
        response = client.get(url)
    assert len(response.context["recommendations"]) == 2

    add_recommendations(13)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["recommendations"]) == PROFILE_RECOMMENDATIONS
    assert response.context["recommendation_count"] == 15
