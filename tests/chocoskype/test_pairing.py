"""The pairing of a ChocoSkype round, without the database: hours of the week, proposed times, the
rules every round keeps (hypothesis), and the quality of the matching against the exact maximum."""

import random
from datetime import UTC, date, datetime

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chocoskype import pairing
from chocoskype.models import COOLDOWN_WEEKS, TradePreference
from chocoskype.pairing import (
    Candidate,
    is_allowed,
    pair_round,
    pair_score,
    proposed_times,
    week_hours,
)

PARIS_SPRING_FORWARD_WEEK = date(2026, 3, 23)  # summer time from Sunday 29 March, 2:00
PARIS_FALL_BACK_WEEK = date(2026, 10, 19)  # winter time from Sunday 25 October, 3:00
MONTREAL_SPRING_FORWARD_WEEK = date(2026, 3, 2)  # summer time from Sunday 8 March
WINTER_WEEK = date(2026, 1, 5)


def hours_of(day: int, *local_hours_in_utc: int) -> set[int]:
    return {day * 24 + hour for hour in local_hours_in_utc}


class TestWeekHours:
    def test_paris_before_and_after_summer_time_in_the_same_week(self):
        # Monday morning in winter time (UTC+1), Sunday morning in summer time (UTC+2).
        assert week_hours(["0-morning"], "Europe/Paris", PARIS_SPRING_FORWARD_WEEK) == {8, 9, 10}
        assert week_hours(["6-morning"], "Europe/Paris", PARIS_SPRING_FORWARD_WEEK) == hours_of(
            6, 7, 8, 9
        )

    def test_paris_before_and_after_winter_time_in_the_same_week(self):
        assert week_hours(["0-morning"], "Europe/Paris", PARIS_FALL_BACK_WEEK) == {7, 8, 9}
        assert week_hours(["6-lunch"], "Europe/Paris", PARIS_FALL_BACK_WEEK) == hours_of(6, 11, 12)

    def test_montreal_summer_time_and_sunday_evening_across_the_utc_week(self):
        assert week_hours(
            ["0-afternoon", "6-morning"], "America/Montreal", MONTREAL_SPRING_FORWARD_WEEK
        ) == hours_of(0, 19, 20, 21, 22) | hours_of(6, 13, 14, 15)
        # Sunday 19:00 and 20:00 in Montreal (UTC-5) are Monday 0:00 and 1:00 UTC: the Sunday
        # before the week gives them; this week's Sunday 18:00 is 23:00 UTC, its 19:00 next week.
        assert week_hours(["6-evening"], "America/Montreal", WINTER_WEEK) == {0, 1, 167}

    def test_tokyo_is_ahead_of_utc(self):
        assert week_hours(["0-morning"], "Asia/Tokyo", WINTER_WEEK) == {0, 1, 2}
        assert week_hours(["0-evening", "6-evening"], "Asia/Tokyo", WINTER_WEEK) == hours_of(
            0, 9, 10, 11
        ) | hours_of(6, 9, 10, 11)

    def test_every_hour_of_a_part_and_nothing_for_unknown_codes(self):
        assert week_hours(["2-afternoon"], "UTC", WINTER_WEEK) == hours_of(2, 14, 15, 16, 17)
        assert week_hours(["9-morning", "nonsense"], "UTC", WINTER_WEEK) == frozenset()
        assert week_hours([], "Europe/Paris", WINTER_WEEK) == frozenset()


class TestProposedTimes:
    not_before = datetime(2026, 1, 1, tzinfo=UTC)

    def test_three_different_days_far_apart_at_their_first_shared_hour(self):
        common = hours_of(0, 9, 10) | hours_of(1, 9) | hours_of(2, 15, 14) | hours_of(4, 8, 9)
        assert proposed_times(common, WINTER_WEEK, not_before=self.not_before) == [
            datetime(2026, 1, 5, 9, tzinfo=UTC),
            datetime(2026, 1, 7, 14, tzinfo=UTC),
            datetime(2026, 1, 9, 8, tzinfo=UTC),
        ]

    def test_fewer_days_than_times_spreads_hours_within_them(self):
        common = hours_of(2, 9, 10, 11, 12, 13)
        times = proposed_times(common, WINTER_WEEK, not_before=self.not_before)
        assert [t.hour for t in times] == [9, 11, 13]
        assert all(t.tzinfo is UTC and t.date() == date(2026, 1, 7) for t in times)

    def test_none_before_not_before_and_as_many_as_asked(self):
        common = hours_of(0, 9) | hours_of(2, 9) | hours_of(4, 9) | hours_of(6, 9)
        not_before = datetime(2026, 1, 7, 9, tzinfo=UTC)
        assert proposed_times(common, WINTER_WEEK, not_before=not_before) == [
            datetime(2026, 1, 7, 9, tzinfo=UTC),
            datetime(2026, 1, 9, 9, tzinfo=UTC),
            datetime(2026, 1, 11, 9, tzinfo=UTC),
        ]
        assert len(proposed_times(common, WINTER_WEEK, count=4, not_before=self.not_before)) == 4
        assert (
            proposed_times(common, WINTER_WEEK, not_before=datetime(2026, 2, 1, tzinfo=UTC)) == []
        )
        assert proposed_times(set(), WINTER_WEEK, not_before=self.not_before) == []


def candidate(member_id, *, languages=("fr",), hours=(10,), offset=60, trades=(1,), **kwargs):
    return Candidate(
        id=member_id,
        languages=frozenset(languages),
        hours=frozenset(hours),
        utc_offset_minutes=offset,
        trades=frozenset(trades),
        trade_preference=kwargs.get("trade_preference", TradePreference.ANY),
        waiting_rounds=kwargs.get("waiting_rounds", 0),
    )


def met(a, b):
    return frozenset((a, b))


@pytest.fixture(params=["exact", "sparse"])
def solver(request, monkeypatch):
    """Both ways of matching on the same small inputs: networkx's exact maximum, and the sparse
    graph with greedy and local improvements that rounds above EXACT_MAX_CANDIDATES use."""
    if request.param == "sparse":
        monkeypatch.setattr(pairing, "EXACT_MAX_CANDIDATES", 0)
    return request.param


class TestPairRound:
    def test_pairs_only_who_are_allowed(self, solver):
        claire, karim = candidate(1), candidate(2)
        assert pair_round([claire, karim], last_met={}, blocked=set()) == [(1, 2)]
        assert pair_round([claire], last_met={}, blocked=set()) == []
        assert pair_round([], last_met={}, blocked=set()) == []
        for other in [
            candidate(2, languages=("en",)),
            candidate(2, hours=(11,)),
        ]:
            assert pair_round([claire, other], last_met={}, blocked=set()) == []
        assert pair_round([claire, karim], last_met={}, blocked={met(1, 2)}) == []

    def test_cooldown_counts_rounds_ago(self, solver):
        claire, karim = candidate(1), candidate(2)
        within = {met(1, 2): COOLDOWN_WEEKS}
        assert pair_round([claire, karim], last_met=within, blocked=set()) == []
        after = {met(1, 2): COOLDOWN_WEEKS + 1}
        assert pair_round([claire, karim], last_met=after, blocked=set()) == [(1, 2)]
        assert pair_round([claire, karim], last_met=within, blocked=set(), cooldown_rounds=4) == [
            (1, 2)
        ]

    def test_an_odd_member_makes_one_trio_that_shares_a_language_and_an_hour(self, solver):
        members = [candidate(i) for i in range(1, 6)]
        groups = pair_round(members, last_met={}, blocked=set())
        assert sorted(len(group) for group in groups) == [2, 3]
        # The third shares an hour with each of the pair, but none with both: left out.
        members = [
            candidate(1, hours=(10, 11)),
            candidate(2, hours=(10, 12)),
            candidate(3, hours=(11, 12)),
        ]
        assert [len(group) for group in pair_round(members, last_met={}, blocked=set())] == [2]
        # Allowed with only one of the pair: left out rather than meet the other.
        groups = pair_round(
            [candidate(1), candidate(2), candidate(3)], last_met={}, blocked={met(2, 3)}
        )
        assert groups == [(1, 2)] or groups == [(1, 3)]

    def test_prefers_who_never_met_the_trade_wish_close_timezones_and_who_waited(self, solver):
        def partner_of(member_id, members, **rules):
            rules.setdefault("last_met", {})
            rules.setdefault("blocked", set())
            for group in pair_round(members, **rules):
                if member_id in group:
                    return next(other for other in group if other != member_id)
            return None

        members = [candidate(i) for i in range(1, 5)]
        assert partner_of(1, members, last_met={met(1, 2): 20, met(1, 3): 30}) == 4
        members = [
            candidate(1, trades=(1,), trade_preference=TradePreference.SAME),
            candidate(2, trades=(2,)),
            candidate(3, trades=(1, 3)),
            candidate(4, trades=(4,)),
        ]
        assert partner_of(1, members) == 3
        members[0] = candidate(1, trades=(1,), trade_preference=TradePreference.OTHER)
        assert partner_of(1, members) in {2, 4}
        members = [
            candidate(1, offset=-300),
            candidate(2, offset=60),
            candidate(3, offset=-240),
            candidate(4, offset=120),
        ]
        assert partner_of(1, members) == 3
        # One pair for three (2 and 3 cannot meet, so no trio): the one who waited longest is in it.
        members = [candidate(1), candidate(2), candidate(3, waiting_rounds=3)]
        assert pair_round(members, last_met={}, blocked={met(2, 3)}) == [(1, 3)]

    def test_same_input_same_groups(self, solver):
        rnd = random.Random(3)
        members = [
            candidate(
                i, hours=rnd.sample(range(12), 3), languages=rnd.choice([("fr",), ("fr", "en")])
            )
            for i in range(1, 60)
        ]
        first = pair_round(members, last_met={}, blocked=set())
        assert pair_round(list(reversed(members)), last_met={}, blocked=set()) == first

    def test_a_member_given_twice_is_refused(self):
        with pytest.raises(ValueError):
            pair_round([candidate(1), candidate(1)], last_met={}, blocked=set())


# Small worlds, so that members share languages and hours often enough to pair, and often not.
candidates_strategy = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        languages=st.frozensets(st.sampled_from(["fr", "en", "es"]), min_size=1, max_size=2),
        hours=st.frozensets(st.integers(0, 11), min_size=1, max_size=4),
        utc_offset_minutes=st.sampled_from([-300, -240, 0, 60, 120, 240, 540]),
        trades=st.frozensets(st.integers(1, 5), min_size=1, max_size=2),
        trade_preference=st.sampled_from(TradePreference.values),
        waiting_rounds=st.integers(0, 8),
    ),
    max_size=40,
    unique_by=lambda c: c.id,
)


@st.composite
def rounds(draw):
    members = draw(candidates_strategy)
    ids = [c.id for c in members]
    pairs = [met(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :]]
    if pairs:
        history = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 2))
        agos = draw(st.lists(st.integers(1, 30), min_size=len(history), max_size=len(history)))
        blocked = draw(st.frozensets(st.sampled_from(pairs), max_size=len(pairs) // 8))
    else:
        history, agos, blocked = [], [], frozenset()
    return members, dict(zip(history, agos, strict=True)), blocked


# The solver fixture only chooses the algorithm, the same for every example.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rounds())
def test_every_round_keeps_the_rules(solver, drawn):
    members, last_met, blocked = drawn
    by_id = {c.id: c for c in members}
    groups = pair_round(members, last_met=last_met, blocked=blocked)

    placed = [member_id for group in groups for member_id in group]
    assert len(placed) == len(set(placed)), "nobody twice"
    assert all(len(group) in (2, 3) for group in groups), "nobody alone, no group above three"
    assert sum(len(group) == 3 for group in groups) <= 1, "one trio at most"
    for group in groups:
        people = [by_id[member_id] for member_id in group]
        assert frozenset.intersection(*(p.languages for p in people)), "a shared language"
        assert frozenset.intersection(*(p.hours for p in people)), "a shared hour"
        for n, a in enumerate(people):
            for b in people[n + 1 :]:
                assert met(a.id, b.id) not in blocked
                assert last_met.get(met(a.id, b.id), COOLDOWN_WEEKS + 1) > COOLDOWN_WEEKS
    left_out = [c for c in members if c.id not in set(placed)]
    for n, a in enumerate(left_out):
        for b in left_out[n + 1 :]:
            assert not is_allowed(a, b, last_met=last_met, blocked=blocked), (
                "two members left out who could have met"
            )


ZONES = ["Europe/Paris"] * 7 + ["America/Montreal", "Indian/Reunion", "Asia/Tokyo"]
ZONE_OFFSETS = {
    "Europe/Paris": 60,
    "America/Montreal": -300,
    "Indian/Reunion": 240,
    "Asia/Tokyo": 540,
}
PARTS = ["morning", "lunch", "afternoon", "evening"]


def synthetic_candidates(count: int, seed: int) -> list[Candidate]:
    """Members as the site expects them: mostly French speakers, some English or Spanish, 3 to 10
    slots leaning to weekdays, four timezones, a few trades, every trade preference."""
    rnd = random.Random(seed)
    members = []
    for member_id in range(1, count + 1):
        zone = rnd.choice(ZONES)
        slots = {
            f"{rnd.choices(range(7), [10, 10, 10, 10, 9, 2, 1])[0]}-{rnd.choice(PARTS)}"
            for _ in range(rnd.randint(3, 10))
        }
        members.append(
            Candidate(
                id=member_id,
                languages=frozenset(
                    rnd.choices(
                        [("fr",), ("fr", "en"), ("fr", "es"), ("en",), ("es",)], [70, 18, 6, 4, 2]
                    )[0]
                ),
                hours=week_hours(slots, zone, WINTER_WEEK),
                utc_offset_minutes=ZONE_OFFSETS[zone],
                trades=frozenset(rnd.sample(range(16), rnd.choice([1, 1, 2, 3]))),
                trade_preference=rnd.choices(TradePreference.values, [60, 25, 15])[0],
                waiting_rounds=rnd.choice([0, 0, 0, 1, 2, 5]),
            )
        )
    return members


def random_history(members, rounds, seed):
    rnd = random.Random(seed)
    last_met = {}
    for ago in range(rounds, 0, -1):
        order = list(members)
        rnd.shuffle(order)
        for a, b in zip(order[::2], order[1::2], strict=False):
            last_met[met(a.id, b.id)] = ago
    return last_met


def group_score(group, by_id, last_met):
    """A pair's score; a trio counts as its lowest-scoring pair (the matching made one of them)."""
    people = [by_id[member_id] for member_id in group]
    return min(
        pair_score(a, b, last_met.get(met(a.id, b.id)))
        for n, a in enumerate(people)
        for b in people[n + 1 :]
    )


@pytest.mark.parametrize(("count", "seed"), [(200, 1), (300, 2), (400, 3)])
def test_total_score_is_within_two_percent_of_the_exact_maximum(count, seed):
    assert count > pairing.EXACT_MAX_CANDIDATES  # the sparse graph is what is measured
    members = synthetic_candidates(count, seed)
    last_met = random_history(members, 52, seed)
    blocked = {met(*random.Random(seed).sample(range(1, count + 1), 2)) for _ in range(count // 20)}
    by_id = {c.id: c for c in members}

    graph = nx.Graph()
    for n, a in enumerate(members):
        for b in members[n + 1 :]:
            if is_allowed(a, b, last_met=last_met, blocked=blocked):
                graph.add_edge(a.id, b.id, weight=pair_score(a, b, last_met.get(met(a.id, b.id))))
    exact = nx.max_weight_matching(graph, maxcardinality=True)
    best = sum(graph.edges[a, b]["weight"] for a, b in exact)

    groups = pair_round(members, last_met=last_met, blocked=blocked)
    total = sum(group_score(group, by_id, last_met) for group in groups)
    assert total >= 0.98 * best, f"{total} is {total / best:.1%} of {best}"


def test_a_year_of_weekly_rounds_never_repeats_a_pair_within_the_cooldown():
    members = synthetic_candidates(200, seed=52)
    last_met: dict[frozenset[int], int] = {}
    blocked = {met(1, 2), met(3, 4), met(5, 6)}
    paired_each_round = []
    for _ in range(52):
        groups = pair_round(members, last_met=last_met, blocked=blocked)
        placed = {member_id for group in groups for member_id in group}
        for group in groups:
            for n, a in enumerate(group):
                for b in group[n + 1 :]:
                    assert last_met.get(met(a, b), COOLDOWN_WEEKS + 1) > COOLDOWN_WEEKS
        left_out = [c for c in members if c.id not in placed]
        for n, a in enumerate(left_out):
            for b in left_out[n + 1 :]:
                assert not is_allowed(a, b, last_met=last_met, blocked=blocked)
        paired_each_round.append(len(placed))
        last_met = {pair: ago + 1 for pair, ago in last_met.items()}
        for group in groups:
            for n, a in enumerate(group):
                for b in group[n + 1 :]:
                    last_met[met(a, b)] = 1
        members = [
            Candidate(
                **{
                    **c.__dict__,
                    "waiting_rounds": 0 if c.id in placed else c.waiting_rounds + 1,
                }
            )
            for c in members
        ]
    # With a cooldown of 12 rounds among 200, almost everyone still finds someone new each week.
    assert min(paired_each_round) >= 190
