"""Two app servers behind one load balancer share everything that matters: a member signed in on
one is signed in on the other, an avatar uploaded on one shows on the other, a reply written on
one shows on the other's cached pages within the time the README promises, and an RSVP storm
split across both never oversells.

ops/two_servers.py starts the two gunicorn servers in production settings, on a private
PostgreSQL cluster and a private Redis of their own (tests/faults/services.py) and an S3 emulator
with one bucket, and stops them all; `python ops/two_servers.py` runs the same checks and prints
what it measured."""

import pytest

from ops.two_servers import (
    TwoServers,
    cast,
    check_avatar,
    check_reply_freshness,
    check_rsvp_storm,
    check_sign_in,
)

pytestmark = pytest.mark.xdist_group("faults")

# The README promises 0.1 s (PAGE_CACHE_SECONDS); this leaves room for a loaded machine, and the
# time measured is kept in the test's report (record_property).
FRESHNESS_LIMIT_SECONDS = 2


@pytest.fixture(scope="module")
def site():
    with TwoServers() as started:
        yield started


@pytest.fixture(scope="module")
def people(site):
    return cast(site.board)


@pytest.fixture(autouse=True)
def _servers_log_no_error(site):
    yield
    assert site.logged_errors() == [], site.logs()


def test_a_member_signed_in_on_one_server_goes_on_on_the_other(site, people):
    member = people.signing_in

    result = check_sign_in(site, member)

    assert result.signed_in_status_on_b == 200, site.logs()
    assert result.name_shown_on_b, f"{member['name']} is not shown as signed in on B"
    # The page is members-only: without the cookie, B sends the visitor to the sign-in page.
    assert result.visitor_status_on_b == 302
    # Signed out on B, they are signed out on A too.
    assert result.after_sign_out_on_b_status_on_a == 302
    assert result.after_sign_out_on_b_location_on_a.startswith("/accounts/login/")


def test_an_avatar_uploaded_on_one_server_shows_on_the_other(site, people):
    result = check_avatar(site, people.avatar)

    assert result.upload_status_on_a == 302, site.logs()
    assert result.on_b, "B's profile page shows no avatar"
    assert result.on_b == result.on_a
    assert not set(result.on_b) & set(result.before_on_b), "B still shows the previous avatar"
    # The picture and its thumbnail are in the bucket, which serves them to any browser; the
    # replaced ones left it, and no server kept a file on its own disk.
    assert result.in_bucket == result.on_b
    assert result.served == dict.fromkeys(result.on_b, (200, "image/webp"))
    assert result.old_left_in_bucket == []
    assert result.on_servers_disk == []


@pytest.mark.parametrize("writer_name", ["A", "B"])
def test_a_reply_shows_on_the_other_servers_cached_page_in_time(
    site, people, writer_name, record_property
):
    writer, reader = (site.a, site.b) if writer_name == "A" else (site.b, site.a)
    member = people.replying_on_a if writer_name == "A" else people.replying_on_b

    result = check_reply_freshness(site, member, writer=writer, reader=reader)

    record_property(
        f"seconds_to_show_a_reply_from_{writer.name}_on_{reader.name}", result.seconds_to_show
    )
    assert result.reply_status == 302, site.logs()
    assert result.cached_before, "the visitor's page was not in the shared cache"
    assert result.stale_before
    assert result.seconds_to_show is not None, f"the reply never showed on {reader.name}"
    assert result.seconds_to_show < FRESHNESS_LIMIT_SECONDS


def test_an_rsvp_storm_split_across_both_servers_never_oversells(site, people):
    seats = site.board.seats

    result = check_rsvp_storm(site, people.storm)

    assert result.members == 3 * seats
    assert result.answers_by_server == {"A": 3 * seats // 2, "B": 3 * seats - 3 * seats // 2}
    assert result.http_statuses == {302: 3 * seats}, site.logs()
    assert result.statuses == {"going": seats, "waitlisted": 2 * seats}
    assert result.seats_taken == seats
    # Each member waiting holds a place of their own in the line.
    assert result.distinct_waitlist_places == 2 * seats
