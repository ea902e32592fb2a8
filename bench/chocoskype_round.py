"""How long a ChocoSkype round's pairing takes, and its memory, for 1,000 and 10,000 participants.

    .venv/bin/python bench/chocoskype_round.py            # 1,000 and 10,000
    .venv/bin/python bench/chocoskype_round.py 2000 5000  # other sizes

Synthetic participants, as the site's are expected to be: mostly French speakers (some also
English or Spanish, a few only English or Spanish), 3 to 10 slots each leaning to weekday daytime,
five timezones (Paris for most), 16 trades, and a year of history (52 weekly rounds of random pairs
that shared a language and an hour), 1 % of the members blocking someone. Printed: the time of
``pair_round``; the peak memory tracemalloc saw during a second ``pair_round`` on the same input
(tracemalloc slows Python, so it is not timed); the time to build the input, ``week_hours`` of
every participant included; the process's maximum resident size.
"""

import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The pairing reads no database: the development settings are enough to import the models.
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freelancehub.settings")

import django

django.setup()

from chocoskype.models import DAY_PART_HOURS, TradePreference  # noqa: E402
from chocoskype.pairing import Candidate, pair_round, week_hours  # noqa: E402

WEEK_START = date(2026, 3, 23)  # the week Europe changes to summer time
TIMEZONES = [
    ("Europe/Paris", 70),
    ("America/Montreal", 10),
    ("Indian/Reunion", 8),
    ("Africa/Casablanca", 7),
    ("America/Martinique", 5),
]
LANGUAGES = [
    (("fr",), 70),
    (("fr", "en"), 18),
    (("fr", "es"), 6),
    (("en",), 4),
    (("es",), 2),
]
PARTS = list(DAY_PART_HOURS)
TRADES = 16


def participants(count: int, seed: int = 14) -> list[Candidate]:
    rnd = random.Random(seed)  # noqa: S311 (synthetic data, not a secret)
    zones = rnd.choices([z for z, _ in TIMEZONES], [w for _, w in TIMEZONES], k=count)
    candidates = []
    for member_id, zone in enumerate(zones, start=1):
        slots = set()
        wanted = rnd.randint(3, 10)
        while len(slots) < wanted:
            weekday = rnd.choices(range(7), [10, 10, 10, 10, 9, 2, 1])[0]
            slots.add(f"{weekday}-{rnd.choice(PARTS)}")
        offset = ZoneInfo(zone).utcoffset(datetime(2026, 3, 25, 12))
        candidates.append(
            Candidate(
                id=member_id,
                languages=frozenset(
                    rnd.choices([ls for ls, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
                ),
                hours=week_hours(slots, zone, WEEK_START),
                utc_offset_minutes=int(offset.total_seconds() // 60),
                trades=frozenset(rnd.sample(range(TRADES), rnd.choice([1, 1, 2, 3]))),
                trade_preference=rnd.choices(list(TradePreference.values), [60, 25, 15])[0],
                waiting_rounds=rnd.choice([0, 0, 0, 0, 1, 2, 5]),
            )
        )
    return candidates


def history(candidates: list[Candidate], rounds: int = 52, seed: int = 52) -> dict:
    """A year of weekly rounds: each one pairs the participants at random (a pair that shares a
    language and an hour), 1 round ago for the last one."""
    rnd = random.Random(seed)  # noqa: S311 (synthetic data, not a secret)
    last_met: dict[frozenset[int], int] = {}
    for ago in range(rounds, 0, -1):
        order = list(candidates)
        rnd.shuffle(order)
        for a, b in zip(order[::2], order[1::2], strict=False):
            if a.languages & b.languages and a.hours & b.hours:
                last_met[frozenset((a.id, b.id))] = ago
    return last_met


def measure(count: int) -> None:
    started = time.perf_counter()
    candidates = participants(count)
    built = time.perf_counter() - started
    last_met = history(candidates)
    rnd = random.Random(7)  # noqa: S311 (synthetic data, not a secret)
    blocked = {frozenset(rnd.sample([c.id for c in candidates], 2)) for _ in range(count // 100)}
    started = time.perf_counter()
    groups = pair_round(candidates, last_met=last_met, blocked=blocked)
    elapsed = time.perf_counter() - started
    # Again under tracemalloc, which slows Python down: for the memory only (and the same groups).
    tracemalloc.start()
    again = pair_round(candidates, last_met=last_met, blocked=blocked)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert again == groups, "the same input must give the same groups"
    paired = sum(len(group) for group in groups)
    print(
        f"{count:>6} participants, {len(last_met):>7} pairs of history: "
        f"pair_round {elapsed:.2f} s, peak {peak / 2**20:.1f} MiB; "
        f"{len(groups)} groups, {paired} paired, {count - paired} left out "
        f"(week_hours of all {built:.2f} s with the rest of the input)"
    )


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000]:
        measure(size)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process maximum resident size {maxrss / 1024:.0f} MiB")
