"""The missions' pages for each persona: a visitor (sent to sign in), Claire (the author), Karim
(another member) and Sophie (a moderator). Only the author edits, passes on and closes; only the
receiver says how the work went; a hidden mission shows to nobody else; bad input comes back with
what was typed; the lists run a constant number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from members.models import Block
from missions import services
from missions.models import Interest, Mission, Referral
from moderation.models import Report
from tests.factories import MemberFactory

from .conftest import mission_data, seasoned

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "author", "member", "moderator"]
LOGIN = "login"


def reader_client(client, persona, claire, karim, sophie):
    reader = {"visitor": None, "author": claire, "member": karim, "moderator": sophie}[persona]
    if reader:
        client.force_login(reader)
    return client


@pytest.fixture
def hidden(claire, writing_trade, sophie):
    """Another mission of Claire's, hidden by Sophie."""
    mission = services.mission_publish(
        author=claire, data=mission_data(writing_trade, title="Mission masquée")
    )
    return services.mission_hide(mission=mission, moderator=sophie)


@pytest.fixture
def referral(mission, karim):
    return services.mission_pass(actor=mission.author, mission=mission, receiver=karim)


# --- Every page, every persona -----------------------------------------------------------------


def test_every_page_answers_each_persona(client, mission, hidden, claire, karim, sophie):
    pk, hidden_pk = mission.pk, hidden.pk
    pages = {
        "board": (reverse("missions:board"), (LOGIN, 200, 200, 200)),
        "mine": (reverse("missions:board") + "?mine=on", (LOGIN, 200, 200, 200)),
        "create": (reverse("missions:create"), (LOGIN, 200, 200, 200)),
        "detail": (reverse("missions:detail", args=[pk]), (LOGIN, 200, 200, 200)),
        "hidden": (reverse("missions:detail", args=[hidden_pk]), (LOGIN, 200, 404, 200)),
        "unknown": (reverse("missions:detail", args=[pk + 1000]), (LOGIN, 404, 404, 404)),
        "edit": (reverse("missions:edit", args=[pk]), (LOGIN, 200, 404, 404)),
        "report": (reverse("missions:report", args=[pk]), (LOGIN, 404, 200, 200)),
        "interest": (reverse("missions:interest", args=[pk]), (LOGIN, 405, 405, 405)),
        "pass": (reverse("missions:pass", args=[pk]), (LOGIN, 405, 405, 405)),
        "close": (reverse("missions:close", args=[pk]), (LOGIN, 405, 405, 405)),
        "referrals": (reverse("missions:referrals"), (LOGIN, 200, 200, 200)),
    }
    for persona in PERSONAS:
        client.logout()
        reader_client(client, persona, claire, karim, sophie)
        for name, (url, expected) in pages.items():
            response = client.get(url)
            status = expected[PERSONAS.index(persona)]
            if status == LOGIN:
                assert response.status_code == 302, (persona, name)
                assert response["Location"].startswith(f"{reverse('account_login')}?next=")
                continue
            assert response.status_code == status, (persona, name)
            if status == 200:
                assert response.content.count(b"<h1") == 1, (persona, name)
            content = response.content.decode()
            for other in {claire, karim, sophie}:
                assert other.email not in content, (persona, name)
            if persona == "member":
                assert "Mission masquée" not in content, name


def test_posts_of_the_author_s_tools_are_a_404_to_anyone_else(client, mission, karim, claire):
    client.force_login(karim)
    for name in ("pass", "close", "edit"):
        response = client.post(reverse(f"missions:{name}", args=[mission.pk]),
                               {"handle": karim.username, "title": "Volée"})  # fmt: skip
        assert response.status_code == 404, name
    mission.refresh_from_db()
    assert mission.is_open
    assert mission.title != "Volée"
    assert not Referral.objects.exists()


def test_a_blocked_member_does_not_see_the_author_s_missions(client, mission, karim):
    Block.objects.create(blocker=mission.author, blocked=karim)
    client.force_login(karim)

    assert mission.title not in client.get(reverse("missions:board")).content.decode()
    assert client.get(mission.get_absolute_url()).status_code == 404


# --- The board ---------------------------------------------------------------------------------


@pytest.fixture
def board(claire, translation_trade, writing_trade):
    """A remote translation, a writing job in Lyon's region, one in Paris's, one closed."""
    data = {
        "remote": mission_data(translation_trade, title="Traduction à distance"),
        "lyon": mission_data(writing_trade, title="Articles à Lyon", remote=False, region="ara"),
        "paris": mission_data(writing_trade, title="Articles à Paris", remote=False, region="idf"),
        "closed": mission_data(writing_trade, title="Mission close"),
    }
    missions = {}
    for name, values in data.items():
        missions[name] = services.mission_publish(author=claire, data=values)
    services.mission_close(actor=claire, mission=missions["closed"])
    return missions


def titles(response) -> set[str]:
    return {mission.title for mission in response.context["pager"].object_list}


def test_the_board_lists_open_missions_and_filters_them(client, board, karim, writing_trade):
    client.force_login(karim)
    url = reverse("missions:board")

    assert titles(client.get(url)) == {
        "Traduction à distance", "Articles à Lyon", "Articles à Paris",
    }  # fmt: skip
    assert titles(client.get(url, {"trade": writing_trade.slug})) == {
        "Articles à Lyon", "Articles à Paris",
    }  # fmt: skip
    # A region lists the remote missions too: they can be done from there.
    assert titles(client.get(url, {"region": "ara"})) == {
        "Traduction à distance", "Articles à Lyon",
    }  # fmt: skip
    assert titles(client.get(url, {"remote": "on"})) == {"Traduction à distance"}
    assert titles(client.get(url, {"mine": "on"})) == set()
    # An unknown trade drops that filter only.
    assert titles(client.get(url, {"trade": "nope", "region": "idf"})) == {
        "Traduction à distance", "Articles à Paris",
    }  # fmt: skip


def test_the_author_finds_all_their_missions_under_mine(client, board, claire):
    client.force_login(claire)

    response = client.get(reverse("missions:board"), {"mine": "on"})

    assert titles(response) == {
        "Traduction à distance", "Articles à Lyon", "Articles à Paris", "Mission close",
    }  # fmt: skip
    assert "Closed" in response.content.decode()


def test_htmx_gets_the_results_alone(client, board, karim):
    client.force_login(karim)

    response = client.get(
        reverse("missions:board"),
        {"region": "idf"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="mission-results",
    )

    content = response.content.decode()
    assert "<h1" not in content
    assert "Articles à Paris" in content
    assert "Articles à Lyon" not in content


def count_queries(client, url, assert_max_num_queries, ceiling) -> int:
    with assert_max_num_queries(ceiling) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


# The session, the member, the page of missions (their trade, author, interest count and the
# reader's interest in one query), the trades of the filter, the navbar's unread counts.
BOARD_QUERIES = 5


def test_the_board_runs_the_same_queries_whatever_the_missions(
    client, claire, karim, translation_trade, django_assert_max_num_queries
):
    client.force_login(karim)
    url = reverse("missions:board")
    client.get(url)
    services.mission_publish(author=claire, data=mission_data(translation_trade))
    few = count_queries(client, url, django_assert_max_num_queries, BOARD_QUERIES)
    for n in range(25):
        author = seasoned(MemberFactory())
        mission = Mission.objects.create(
            author=author, trade=translation_trade, title=f"Mission {n}", description="…",
            remote=True,
        )  # fmt: skip
        mission.interests.create(member=MemberFactory())
    many = count_queries(client, url, django_assert_max_num_queries, BOARD_QUERIES)
    page_two = count_queries(client, url + "?page=2", django_assert_max_num_queries, BOARD_QUERIES)

    assert few == many == page_two


# --- Publishing and editing --------------------------------------------------------------------


def form_data(trade, **fields) -> dict:
    return {
        "title": "Relecture d’un livre blanc",
        "trade": trade.pk,
        "description": "30 pages sur la **finance verte**.",
        "budget_min": "400",
        "budget_max": "1 200,50",
        "deadline": "",
        "remote": "",
        "region": "ara",
        "city": "Lyon",
    } | fields


def test_a_member_publishes_a_mission(client, claire, writing_trade):
    client.force_login(claire)

    response = client.post(reverse("missions:create"), form_data(writing_trade))

    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == mission.get_absolute_url()
    assert (mission.budget_min, mission.budget_max) == (Decimal("400"), Decimal("1200.50"))
    assert (mission.remote, mission.region, mission.city) == (False, "ara", "Lyon")
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "<strong>finance verte</strong>" in page
    assert "€400 to €1,200.50 excl. VAT" in page


def test_bad_input_comes_back_with_what_was_typed(client, claire, writing_trade):
    client.force_login(claire)

    response = client.post(
        reverse("missions:create"),
        form_data(writing_trade, budget_min="900", budget_max="300", region="", city="Annecy"),
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "The highest budget cannot be below the lowest one." in content
    assert "Choose the region where the work takes place" in content
    assert "Relecture d’un livre blanc" in content
    assert 'value="Annecy"' in content
    assert not Mission.objects.exists()


def test_junk_in_the_form_is_a_400_not_a_500(client, claire, writing_trade):
    client.force_login(claire)

    response = client.post(
        reverse("missions:create"),
        form_data(writing_trade) | {"trade": "999999", "budget_min": "beaucoup", "deadline": "x"},
    )

    assert response.status_code == 400
    assert not Mission.objects.exists()


def test_past_the_daily_limit_the_form_answers_429_and_keeps_the_text(
    client, claire, writing_trade
):
    for _ in range(services.MISSIONS_PER_DAY):
        services.mission_publish(author=claire, data=mission_data(writing_trade))
    client.force_login(claire)

    response = client.post(reverse("missions:create"), form_data(writing_trade))

    assert response.status_code == 429
    assert "Please come back tomorrow." in response.content.decode()
    assert "Relecture d’un livre blanc" in response.content.decode()


def test_the_author_edits_their_open_mission(client, mission, claire, writing_trade):
    client.force_login(claire)
    edit = reverse("missions:edit", args=[mission.pk])
    assert mission.title in client.get(edit).content.decode()

    response = client.post(edit, form_data(writing_trade, title="Relecture, 40 pages"))

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.title == "Relecture, 40 pages"
    services.mission_close(actor=claire, mission=mission)
    assert client.get(edit)["Location"] == mission.get_absolute_url()


# --- A mission's page: the author's panel ------------------------------------------------------


def test_the_author_passes_the_mission_on_by_handle(client, mission, claire, karim):
    client.force_login(claire)

    response = client.post(reverse("missions:pass", args=[mission.pk]), {"handle": "@Karim"})

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.taken_by == karim
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "Passed on to" in page
    assert karim.public_name in page


def test_an_unknown_handle_comes_back_on_the_form(client, mission, claire):
    client.force_login(claire)

    response = client.post(reverse("missions:pass", args=[mission.pk]), {"handle": "personne"})

    assert response.status_code == 400
    assert "No member has this handle." in response.content.decode()
    assert 'value="personne"' in response.content.decode()
    mission.refresh_from_db()
    assert mission.is_open


def test_passing_on_to_oneself_is_explained(client, mission, claire):
    client.force_login(claire)

    response = client.post(reverse("missions:pass", args=[mission.pk]), {"handle": "claire"})

    assert response.status_code == 400
    assert "Pass the mission to another member than yourself." in response.content.decode()


def test_the_author_closes_the_mission(client, mission, claire):
    client.force_login(claire)

    response = client.post(reverse("missions:close", args=[mission.pk]))

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == Mission.Status.CLOSED
    assert "off the board" in client.get(mission.get_absolute_url()).content.decode()


def test_a_member_reports_a_mission(client, mission, karim):
    client.force_login(karim)

    response = client.post(
        reverse("missions:report", args=[mission.pk]), {"reason": "spam", "note": "Pub"}
    )

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.target, report.reporter, report.note) == (mission, karim, "Pub")


def test_a_report_without_a_reason_is_a_400(client, mission, karim):
    client.force_login(karim)

    response = client.post(reverse("missions:report", args=[mission.pk]), {"note": "Pub"})

    assert response.status_code == 400
    assert not Report.objects.exists()


# --- My referrals ------------------------------------------------------------------------------


def test_the_receiver_says_the_work_was_won_with_its_amount(client, referral, karim):
    client.force_login(karim)
    page = client.get(reverse("missions:referrals")).content.decode()
    assert referral.mission.title in page
    prefix = f"referral-{referral.pk}"

    response = client.post(
        reverse("missions:referral_outcome", args=[referral.pk]),
        {f"{prefix}-outcome": "won", f"{prefix}-amount": "1 800"},
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.amount) == ("won", Decimal("1800"))
    assert "€1,800 excl. VAT" in client.get(reverse("missions:referrals")).content.decode()


def test_the_giver_sees_how_the_work_went(client, referral, karim, claire):
    services.referral_outcome_set(
        actor=karim, referral=referral, outcome="won", amount=Decimal("1800")
    )
    client.force_login(claire)

    response = client.get(reverse("missions:referrals"), {"show": "given"})

    content = response.content.decode()
    assert karim.public_name in content
    assert "€1,800 excl. VAT" in content
    assert "referral-outcome" not in content  # the giver has no form to fill in


def test_an_amount_with_work_not_won_comes_back_explained(client, referral, karim):
    client.force_login(karim)
    prefix = f"referral-{referral.pk}"

    response = client.post(
        reverse("missions:referral_outcome", args=[referral.pk]),
        {f"{prefix}-outcome": "lost", f"{prefix}-amount": "300"},
    )

    assert response.status_code == 400
    assert "An amount goes with work you won only." in response.content.decode()
    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.PENDING


def test_nobody_but_the_receiver_sets_the_outcome(client, referral, claire, sophie):
    prefix = f"referral-{referral.pk}"
    for reader in (claire, sophie):
        client.force_login(reader)
        response = client.post(
            reverse("missions:referral_outcome", args=[referral.pk]),
            {f"{prefix}-outcome": "won"},
        )
        assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.PENDING


# The session, the member, the page of referrals (with both members and the mission), the
# counts of the tabs, the navbar's unread counts.
REFERRALS_QUERIES = 5


@pytest.mark.parametrize("show", ["received", "given"])
def test_my_referrals_run_the_same_queries_whatever_their_number(
    client, claire, karim, translation_trade, show, django_assert_max_num_queries
):
    reader, other = (karim, claire) if show == "received" else (claire, karim)
    client.force_login(reader)
    url = reverse("missions:referrals") + f"?show={show}"

    def add(count):
        for _ in range(count):
            mission = services.mission_publish(author=claire, data=mission_data(translation_trade))
            Mission.objects.filter(pk=mission.pk).update(created_at=mission.created_at.replace(
                year=mission.created_at.year - 1))  # fmt: skip
            services.mission_pass(actor=claire, mission=mission, receiver=karim)

    add(1)
    client.get(url)
    few = count_queries(client, url, django_assert_max_num_queries, REFERRALS_QUERIES)
    add(24)
    many = count_queries(client, url, django_assert_max_num_queries, REFERRALS_QUERIES)

    assert few == many
    assert other.public_name in client.get(url).content.decode()


# --- « Ça m'intéresse » on the mission's page --------------------------------------------------


def test_a_member_says_they_are_interested_and_lands_in_the_conversation(
    client, mission, karim, claire
):
    client.force_login(karim)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert reverse("missions:interest", args=[mission.pk]) in page
    assert f"your mission “{mission.title}” interests me" in page  # a first message ready

    response = client.post(
        reverse("missions:interest", args=[mission.pk]), {"body": "Je traduis pour le Canada."}
    )

    interest = Interest.objects.get()
    message = interest.member.private_messages.get()
    assert response.status_code == 302
    assert response["Location"] == message.conversation.get_absolute_url()
    page = client.get(mission.get_absolute_url()).content.decode()
    assert reverse("missions:interest", args=[mission.pk]) not in page
    assert "You are interested" in page
    # The author sees him among the interested, with a button to pass the mission on to him.
    client.force_login(claire)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert f'name="handle" value="{karim.username}"' in page
    assert f"Pass on to {karim.public_name}" in page


def test_an_empty_message_comes_back_on_the_form(client, mission, karim):
    client.force_login(karim)

    response = client.post(reverse("missions:interest", args=[mission.pk]), {"body": "  "})

    assert response.status_code == 400
    assert 'id="interest-box"' in response.content.decode()
    assert not Interest.objects.exists()


def test_saying_it_twice_is_explained_and_the_text_kept(client, mission, karim):
    client.force_login(karim)
    url = reverse("missions:interest", args=[mission.pk])
    client.post(url, {"body": "Bonjour"})

    response = client.post(url, {"body": "Toujours partant"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "You already told the author you are interested" in content
    assert "Toujours partant" in content
    assert Interest.objects.count() == 1


def test_the_author_and_a_closed_mission_take_no_interest(client, mission, claire, karim):
    client.force_login(claire)
    url = reverse("missions:interest", args=[mission.pk])
    assert client.post(url, {"body": "Moi"}).status_code == 404

    services.mission_close(actor=claire, mission=mission)
    client.force_login(karim)
    response = client.post(url, {"body": "Bonjour"})
    assert response.status_code == 400
    assert "no longer open" in response.content.decode()
    assert not Interest.objects.exists()


def test_an_outcome_refused_from_a_later_page_comes_back_on_top(
    client, claire, karim, translation_trade
):
    oldest = None
    for n in range(21):
        mission = Mission.objects.create(
            author=claire, trade=translation_trade, title=f"Mission {n}", description="…",
            remote=True,
        )  # fmt: skip
        referral = services.mission_pass(actor=claire, mission=mission, receiver=karim)
        oldest = oldest or referral
    Referral.objects.filter(pk=oldest.pk).update(
        created_at=oldest.created_at.replace(year=oldest.created_at.year - 1)
    )
    client.force_login(karim)
    prefix = f"referral-{oldest.pk}"

    response = client.post(
        reverse("missions:referral_outcome", args=[oldest.pk]),
        {f"{prefix}-outcome": "lost", f"{prefix}-amount": "300"},
    )

    assert response.status_code == 400
    assert response.context["rows"][0][0].pk == oldest.pk
    assert "An amount goes with work you won only." in response.content.decode()
