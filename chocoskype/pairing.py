"""Who meets whom in a ChocoSkype round: an optimisation over the allowed pairs (no database here).

A pair is *allowed* when both share a language and a free hour of the round's week, did not meet
within the cooldown, and neither blocked the other. Among allowed pairs, ``pair_round`` looks for as
many pairs as possible, and among those the highest total score (``pair_score``, ``Weights``).

Why not networkx's exact matching for every round: ``max_weight_matching`` is pure Python and grows
faster than the square of the members — measured on this machine with 12 partners each, 100 members
took 0.05 s, 1,000 took 4.6 s and 4,000 took 69 s, against targets of 0.5 s for 1,000 and 5 s for
10,000. So:

- up to ``EXACT_MAX_CANDIDATES`` members, networkx's exact maximum on every allowed pair;
- above, a sparse graph (each member's best ``PARTNERS_KEPT`` partners among a sample of those who
  share one of their languages and hours, never all n² pairs), matched greedily by score, then
  improved by augmenting paths (more pairs) and exchanges of partners between two or three pairs
  (more score). tests/chocoskype/test_pairing.py compares it with the exact maximum on every allowed
  pair (99 % and more on a few hundred members); bench/chocoskype_round.py measures its time.

When the count is odd, or some are left over, one leftover joins the pair that scores best with
them among those they may join (one trio at most); the other leftovers sit this round out rather
than meet someone they are not allowed to meet.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import networkx as nx

from chocoskype.models import COOLDOWN_WEEKS, DAY_PART_HOURS, SLOT_CODES, TradePreference

HOURS_IN_WEEK = 7 * 24


@dataclass(frozen=True)
class Candidate:
    id: int  # member id
    languages: frozenset[str]  # language codes
    # Hours of the round's week when they are free, as UTC hour-of-week indices
    # (0 = Monday 00:00 UTC … 167).
    hours: frozenset[int]
    utc_offset_minutes: int  # their timezone's offset at the round
    trades: frozenset[int]  # trade ids
    trade_preference: str  # TradePreference values
    waiting_rounds: int  # rounds since they were last paired (0 = paired last round)


class Weights:
    """Every weight of a pair's score, in one place (integers: the matching compares sums exactly).

    Meeting someone new matters most, then the trade each asked for, then who has waited, then
    timezones: any allowed pair already shares an hour, a close timezone only makes it easier.
    Who waited counts only in who is left out or joins the trio: everyone else is paired anyway.
    """

    ALLOWED = 1  # every allowed pair scores above zero
    NOVELTY = 40  # never met; met before (beyond the cooldown): in proportion to how long ago
    NOVELTY_HORIZON_ROUNDS = 52  # met this many rounds ago or more counts as never met
    TRADE_WISH = 15  # for each of the two whose "same trade" / "other trades" wish the pair meets
    WAITING_PER_ROUND = 2  # for each round each of the two has waited since their last pair …
    WAITING_ROUNDS_COUNTED = 5  # … up to this many rounds each
    TIMEZONE = 10  # same offset; nothing from 12 hours apart
    TIMEZONE_SPAN_MINUTES = 12 * 60


# Rounds of at most this many members get networkx's exact maximum on every allowed pair
# (0.05 s for 100 members).
EXACT_MAX_CANDIDATES = 120
# Above it, each member keeps their best partners among a sample of those sharing a language and an
# hour. On the quality test's rounds, the exact maximum of this sparse graph is within 0.2 % of the
# whole graph's; sampling 40 or 80 instead of 32 did not raise the result.
PARTNERS_KEPT = 10
PARTNERS_SAMPLED = 32
# More of the sample from those sharing a trade, for the members who want their own trade.
SAME_TRADE_SAMPLED = 12
# A search for an augmenting path gives up after visiting this many members.
AUGMENT_VISITS = 400
# Local improvement looks at each member this many times at most, on average.
IMPROVEMENT_VISITS = 10
# Three pairs passing partners round look at each member's best few partners only.
ROTATION_PARTNERS = 5


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=256)
def _slot_hours(tz_name: str, week_start: date) -> dict[str, frozenset[int]]:
    """For one timezone and week, the UTC hour-of-week indices of each slot code.

    A local day's hours can fall in the UTC week of the day before or after (Tokyo's Monday morning
    is Monday 00:00 UTC, Montreal's Sunday evening reaches Monday 01:00 UTC), so the local days from
    the Sunday before to the Monday after are converted, and the hours outside the week dropped.
    Every local hour is converted on its own: a week with a change of summer time is right on both
    sides of the change.
    """
    zone = ZoneInfo(tz_name)
    start = datetime.combine(week_start, time(), tzinfo=UTC)
    hours: dict[str, set[int]] = defaultdict(set)
    for day_offset in range(-1, 8):
        local_day = week_start + timedelta(days=day_offset)
        for part, (first_hour, end_hour) in DAY_PART_HOURS.items():
            code = f"{local_day.weekday()}-{part}"
            for hour in range(first_hour, end_hour):
                local = datetime.combine(local_day, time(hour), tzinfo=zone)
                index = int((local - start).total_seconds()) // 3600
                if 0 <= index < HOURS_IN_WEEK:
                    hours[code].add(index)
    return {code: frozenset(hours[code]) for code in SLOT_CODES}


def week_hours(slots: Iterable[str], tz_name: str, week_start: date) -> frozenset[int]:
    """The UTC hour-of-week indices of the week starting Monday ``week_start`` covered by the
    local slots ("0-morning": Monday 9, 10 and 11 o'clock in ``tz_name``). Unknown codes are
    ignored."""
    table = _slot_hours(tz_name, week_start)
    hours: set[int] = set()
    for code in slots:
        hours |= table.get(code, frozenset())
    return frozenset(hours)


def proposed_times(
    common_hours: AbstractSet[int], week_start: date, *, count: int = 3, not_before: datetime
) -> list[datetime]:
    """Up to ``count`` meeting starts (aware, UTC, on whole hours of the week) in
    ``common_hours``, none before ``not_before``, in order. They fall on days as far apart as the
    hours allow, each at the first shared hour of its day; when there are fewer days than times,
    the others are the hours farthest from those already chosen."""
    start = datetime.combine(week_start, time(), tzinfo=UTC)
    available = sorted(
        hour
        for hour in common_hours
        if 0 <= hour < HOURS_IN_WEEK and start + timedelta(hours=hour) >= not_before
    )
    if count <= 0 or not available:
        return []
    first_of_day: dict[int, int] = {}
    for hour in available:
        first_of_day.setdefault(hour // 24, hour)
    days = sorted(first_of_day)
    chosen_days = [days[0]]
    while len(chosen_days) < min(count, len(days)):
        # The day farthest from those chosen (the earliest on a tie).
        chosen_days.append(
            max(
                (day for day in days if day not in chosen_days),
                key=lambda day: (min(abs(day - other) for other in chosen_days), -day),
            )
        )
    chosen = [first_of_day[day] for day in chosen_days]
    while len(chosen) < min(count, len(available)):
        chosen.append(
            max(
                (hour for hour in available if hour not in chosen),
                key=lambda hour: (min(abs(hour - other) for other in chosen), -hour),
            )
        )
    return [start + timedelta(hours=hour) for hour in sorted(chosen)]


def pair_score(a: Candidate, b: Candidate, last_met_rounds_ago: int | None) -> int:
    """The worth of an allowed pair (``Weights``); ``last_met_rounds_ago``: None if they never
    met."""
    return _score(_Member.of(a), _Member.of(b), last_met_rounds_ago)


def is_allowed(
    a: Candidate,
    b: Candidate,
    *,
    last_met: Mapping[frozenset[int], int],
    blocked: AbstractSet[frozenset[int]],
    cooldown_rounds: int = COOLDOWN_WEEKS,
) -> bool:
    """Whether two members may meet this round: two different members sharing a language and an
    hour, who did not meet in the last ``cooldown_rounds`` rounds, and neither blocked the other."""
    key = frozenset((a.id, b.id))
    met = last_met.get(key)
    return (
        a.id != b.id
        and not a.languages.isdisjoint(b.languages)
        and not a.hours.isdisjoint(b.hours)
        and key not in blocked
        and (met is None or met > cooldown_rounds)
    )


def pair_round(
    candidates: Sequence[Candidate],
    *,
    last_met: Mapping[frozenset[int], int],
    blocked: AbstractSet[frozenset[int]],
    cooldown_rounds: int = COOLDOWN_WEEKS,
) -> list[tuple[int, ...]]:
    """The round's groups of member ids: pairs, and at most one trio when someone is left over.

    ``last_met`` maps ``frozenset({a, b})`` to how many rounds ago they last met (1: in the round
    before this one; absent: never); they may meet again once that is more than
    ``cooldown_rounds``. ``blocked`` holds the pairs where one blocked the other.

    In every group, each two are allowed (``is_allowed``) and all share a language and an hour; a
    member with no allowed partner left is in no group. The same input gives the same groups.
    """
    members = [_Member.of(candidate) for candidate in sorted(candidates, key=lambda c: c.id)]
    if len({member.id for member in members}) != len(members):
        raise ValueError("Each member can be a candidate only once.")
    context = _Context(members, last_met, blocked, cooldown_rounds)
    if len(members) <= EXACT_MAX_CANDIDATES:
        adjacency = context.full_graph()
        mate = _exact_matching(adjacency)
    else:
        adjacency = context.sparse_graph()
        mate = _greedy_matching(adjacency)
        _augment(adjacency, mate)
        _improve(adjacency, mate)
        # A change may have freed someone whom a longer path can now pair.
        _augment(adjacency, mate)
        # Leftovers may have allowed partners the sample missed: first among themselves (their
        # partners in the graph are all taken), then for those still left, everyone.
        for partners_of in (context.partners_among, context.partners_among_all):
            leftovers = [i for i in range(len(members)) if i not in mate]
            touched = partners_of(adjacency, leftovers) if leftovers else []
            if touched:
                _augment(adjacency, mate)
                _improve(adjacency, mate, start=touched)
                _augment(adjacency, mate)
    groups: list[list[int]] = [[i, j] for i, j in mate.items() if i < j]
    trio = _best_trio(members, adjacency, mate)
    if trio is not None:
        newcomer, i, j = trio
        groups[groups.index([min(i, j), max(i, j)])].append(newcomer)
    return sorted(tuple(sorted(members[i].id for i in group)) for group in groups)


@dataclass(frozen=True, slots=True)
class _Member:
    """A candidate as the algorithm reads it: hours as a bit mask, the preference as a number."""

    id: int
    languages: frozenset[str]
    hours: int
    offset: int
    trades: frozenset[int]
    preference: int  # 0: any, 1: same trade, 2: other trades
    waiting: int  # the score's share for waiting, already weighted

    @classmethod
    def of(cls, candidate: Candidate) -> _Member:
        mask = 0
        for hour in candidate.hours:
            if 0 <= hour < HOURS_IN_WEEK:
                mask |= 1 << hour
        preference = {TradePreference.SAME: 1, TradePreference.OTHER: 2}.get(
            candidate.trade_preference, 0
        )
        waited = min(max(candidate.waiting_rounds, 0), Weights.WAITING_ROUNDS_COUNTED)
        return cls(
            id=candidate.id,
            languages=candidate.languages,
            hours=mask,
            offset=candidate.utc_offset_minutes,
            trades=candidate.trades,
            preference=preference,
            waiting=waited * Weights.WAITING_PER_ROUND,
        )


def _score(a: _Member, b: _Member, met: int | None) -> int:
    score = Weights.ALLOWED + a.waiting + b.waiting
    if met is None or met >= Weights.NOVELTY_HORIZON_ROUNDS:
        score += Weights.NOVELTY
    else:
        score += Weights.NOVELTY * max(met, 0) // Weights.NOVELTY_HORIZON_ROUNDS
    if a.preference or b.preference:
        share_trade = not a.trades.isdisjoint(b.trades)
        for preference in (a.preference, b.preference):
            if (preference == 1 and share_trade) or (preference == 2 and not share_trade):
                score += Weights.TRADE_WISH
    gap = min(abs(a.offset - b.offset), Weights.TIMEZONE_SPAN_MINUTES)
    score += (
        Weights.TIMEZONE * (Weights.TIMEZONE_SPAN_MINUTES - gap) // Weights.TIMEZONE_SPAN_MINUTES
    )
    return score


# The graph: for each member's index, their allowed partners' indices and each pair's score.
_Adjacency = list[dict[int, int]]


class _Context:
    def __init__(
        self,
        members: list[_Member],
        last_met: Mapping[frozenset[int], int],
        blocked: AbstractSet[frozenset[int]],
        cooldown_rounds: int,
    ) -> None:
        self.members = members
        self.last_met = last_met
        self.blocked = blocked
        self.cooldown_rounds = cooldown_rounds

    def score_if_allowed(self, i: int, j: int) -> int | None:
        a, b = self.members[i], self.members[j]
        if i == j or not a.hours & b.hours or a.languages.isdisjoint(b.languages):
            return None
        key = frozenset((a.id, b.id))
        if key in self.blocked:
            return None
        met = self.last_met.get(key)
        if met is not None and met <= self.cooldown_rounds:
            return None
        return _score(a, b, met)

    def full_graph(self) -> _Adjacency:
        adjacency: _Adjacency = [{} for _ in self.members]
        for i in range(len(self.members)):
            for j in range(i + 1, len(self.members)):
                score = self.score_if_allowed(i, j)
                if score is not None:
                    adjacency[i][j] = adjacency[j][i] = score
        return adjacency

    def sparse_graph(self) -> _Adjacency:
        """Each member's best ``PARTNERS_KEPT`` allowed partners among a sample of those sharing
        one of their languages and hours (and, for those who want their own trade, a trade), kept
        both ways."""
        members = self.members
        # Buckets in a shuffled order, so that a window of one is a random sample; seeded, so the
        # same input gives the same graph (not a secret: no cryptographic randomness needed).
        order = list(range(len(members)))
        random.Random(len(members)).shuffle(order)  # noqa: S311
        by_language_hour: dict[tuple[str, int], list[int]] = defaultdict(list)
        by_language_trade: dict[tuple[str, int], list[int]] = defaultdict(list)
        hours_of: list[list[int]] = []
        for member in members:
            mask, hours = member.hours, []
            while mask:
                low = mask & -mask
                hours.append(low.bit_length() - 1)
                mask ^= low
            hours_of.append(hours)
        for i in order:
            member = members[i]
            for language in member.languages:
                for hour in hours_of[i]:
                    by_language_hour[language, hour].append(i)
                for trade in member.trades:
                    by_language_trade[language, trade].append(i)

        adjacency: _Adjacency = [{} for _ in members]
        for i, member in enumerate(members):
            keys = [
                (language, hour) for language in sorted(member.languages) for hour in hours_of[i]
            ]
            sample: set[int] = set()
            if keys:
                per_key = max(1, -(-PARTNERS_SAMPLED // len(keys)))
                for n, key in enumerate(keys):
                    if len(sample) >= PARTNERS_SAMPLED:
                        break
                    sample.update(_window(by_language_hour[key], i * 7919 + n * 104729, per_key))
            if member.preference == 1:
                trade_keys = [
                    (language, trade)
                    for language in sorted(member.languages)
                    for trade in sorted(member.trades)
                ]
                if trade_keys:
                    per_key = max(1, -(-SAME_TRADE_SAMPLED // len(trade_keys)))
                    for n, key in enumerate(trade_keys):
                        sample.update(
                            _window(by_language_trade[key], i * 7919 + n * 104729, per_key)
                        )
            scored = []
            for j in sample:
                score = self.score_if_allowed(i, j)
                if score is not None:
                    scored.append((score, -j, j))
            for score, _, j in heapq.nlargest(PARTNERS_KEPT, scored):
                adjacency[i][j] = adjacency[j][i] = score
        return adjacency

    def partners_among(self, adjacency: _Adjacency, leftovers: list[int]) -> list[int]:
        """Adds to the graph the allowed pairs among the leftovers; returns who got a partner."""
        return self._add_partners(adjacency, leftovers, leftovers)

    def partners_among_all(self, adjacency: _Adjacency, leftovers: list[int]) -> list[int]:
        """Adds to the graph every allowed partner of the leftovers; returns who got a partner."""
        return self._add_partners(adjacency, leftovers, range(len(self.members)))

    def _add_partners(
        self, adjacency: _Adjacency, leftovers: list[int], others: Iterable[int]
    ) -> list[int]:
        members = self.members
        others = list(others)
        touched: set[int] = set()
        for i in leftovers:
            member = members[i]
            for j in others:
                other = members[j]
                # The cheap tests first: most members share no hour or no language.
                if (
                    member.hours & other.hours
                    and j not in adjacency[i]
                    and not member.languages.isdisjoint(other.languages)
                ):
                    score = self.score_if_allowed(i, j)
                    if score is not None:
                        adjacency[i][j] = adjacency[j][i] = score
                        touched.update((i, j))
        return sorted(touched)


def _window(bucket: list[int], seed: int, size: int) -> list[int]:
    """``size`` consecutive entries of a shuffled bucket, from a position given by ``seed``."""
    if len(bucket) <= size:
        return bucket
    start = seed % len(bucket)
    window = bucket[start : start + size]
    if len(window) < size:
        window += bucket[: size - len(window)]
    return window


def _exact_matching(adjacency: _Adjacency) -> dict[int, int]:
    graph = nx.Graph()
    graph.add_nodes_from(range(len(adjacency)))
    graph.add_weighted_edges_from(
        (i, j, score)
        for i, partners in enumerate(adjacency)
        for j, score in partners.items()
        if i < j
    )
    mate: dict[int, int] = {}
    for i, j in nx.max_weight_matching(graph, maxcardinality=True):
        mate[i], mate[j] = j, i
    return mate


def _greedy_matching(adjacency: _Adjacency) -> dict[int, int]:
    edges = sorted(
        (-score, i, j)
        for i, partners in enumerate(adjacency)
        for j, score in partners.items()
        if i < j
    )
    mate: dict[int, int] = {}
    for _, i, j in edges:
        if i not in mate and j not in mate:
            mate[i], mate[j] = j, i
    return mate


def _augment(adjacency: _Adjacency, mate: dict[int, int]) -> None:
    """Adds pairs along augmenting paths (a free member, a partner taken by someone who can move to
    another partner … a free member): each path makes one pair more. A breadth-first search from
    each free member, which ignores odd cycles (blossoms): it may miss a rare path, and never
    breaks a rule."""
    for root in range(len(adjacency)):
        if root in mate or not adjacency[root]:
            continue
        # parent[v] for a taken member v reached from the even member parent[v].
        parent: dict[int, int] = {}
        visited = {root}
        frontier = [root]
        end = None
        while frontier and end is None and len(visited) < AUGMENT_VISITS:
            next_frontier = []
            for even in frontier:
                for odd in sorted(adjacency[even], key=lambda j: -adjacency[even][j]):
                    if odd in visited:
                        continue
                    if odd not in mate:
                        parent[odd] = even
                        end = odd
                        break
                    partner = mate[odd]
                    if partner in visited:
                        continue
                    visited.update((odd, partner))
                    parent[odd] = even
                    next_frontier.append(partner)
                if end is not None:
                    break
            frontier = next_frontier
        if end is None:
            continue
        odd = end
        while True:
            even = parent[odd]
            previous = mate.get(even)
            mate[odd], mate[even] = even, odd
            if even == root:
                break
            odd = previous


def _improve(
    adjacency: _Adjacency, mate: dict[int, int], *, start: Iterable[int] | None = None
) -> None:
    """Local changes that raise the total score without losing a pair: a free member taking the
    place of a taken one, who is then free; two pairs swapping partners; three pairs passing
    partners round (among each member's ``ROTATION_PARTNERS`` best partners only: the cost stays
    small). Each member in turn makes their best change; a member is looked at again only when a
    change reached them or one of their partners, at most ``IMPROVEMENT_VISITS`` times each on
    average. ``start``: the members to look at first (all by default)."""
    best_partners = [
        sorted(partners, key=lambda j: (-partners[j], j))[:ROTATION_PARTNERS]
        for partners in adjacency
    ]
    queue = deque(range(len(adjacency)) if start is None else start)
    queued = [False] * len(adjacency)
    for member in queue:
        queued[member] = True
    visits_left = IMPROVEMENT_VISITS * len(adjacency)
    while queue and visits_left:
        visits_left -= 1
        a = queue.popleft()
        queued[a] = False
        changed = _best_change(a, adjacency, best_partners, mate)
        for member in changed:
            for neighbour in (member, *adjacency[member]):
                if not queued[neighbour]:
                    queued[neighbour] = True
                    queue.append(neighbour)


def _best_change(
    a: int, adjacency: _Adjacency, best_partners: list[list[int]], mate: dict[int, int]
) -> tuple[int, ...]:
    """Makes the best change around ``a`` (``_improve``), if one raises the score; returns the
    members whose partner changed."""
    partners = adjacency[a]
    if a not in mate:
        best = None
        for c, score in partners.items():
            if c in mate:
                gain = score - adjacency[c][mate[c]]
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, c)
        if best is None:
            return ()
        c = best[1]
        freed = mate.pop(mate[c])
        mate[a], mate[c] = c, a
        return (a, c, freed)
    b = mate[a]
    b_partners = adjacency[b]
    current = partners[b]
    best_gain, best_pairs = 0, None
    for c, score_ac in partners.items():
        d = mate.get(c)
        if d is None or c == b:
            continue
        score_cd = adjacency[c][d]
        score_bd = b_partners.get(d)
        if score_bd is not None:
            gain = score_ac + score_bd - current - score_cd
            if gain > best_gain:
                best_gain, best_pairs = gain, ((a, c), (b, d))
        if c not in best_partners[a]:
            continue
        for e in best_partners[d]:
            f = mate.get(e)
            if f is None or e in (a, b, c) or f in (a, b, c, d):
                continue
            score_fb = b_partners.get(f)
            if score_fb is None:
                continue
            gain = score_ac + adjacency[d][e] + score_fb - current - score_cd - adjacency[e][f]
            if gain > best_gain:
                best_gain, best_pairs = gain, ((a, c), (d, e), (f, b))
    if best_pairs is None:
        return ()
    for x, y in best_pairs:
        mate[x], mate[y] = y, x
    return tuple(member for pair in best_pairs for member in pair)


def _best_trio(
    members: list[_Member], adjacency: _Adjacency, mate: dict[int, int]
) -> tuple[int, int, int] | None:
    """The leftover and the pair they may join that score best with them: allowed with each of the
    two, and the three sharing a language and an hour (they meet together)."""
    best = None
    for newcomer, member in enumerate(members):
        if newcomer in mate:
            continue
        partners = adjacency[newcomer]
        for i, score in partners.items():
            j = mate.get(i)
            if j is None or i > j or j not in partners:
                continue
            a, b = members[i], members[j]
            if (
                not member.hours & a.hours & b.hours
                or not member.languages & a.languages & b.languages
            ):
                continue
            key = (score + partners[j], -newcomer, -i)
            if best is None or key > best[0]:
                best = (key, (newcomer, i, j))
    return None if best is None else best[1]
