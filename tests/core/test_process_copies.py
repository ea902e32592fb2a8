"""The copies each process keeps of pages and fragments stay within their count and size."""

import time

from core.pagecache import ProcessCopies


def stored(content: str, generations=()) -> dict:
    return {"generations": generations, "expires_at": time.time() + 30, "content": content}


def test_the_oldest_copies_go_when_the_size_is_exceeded():
    copies = ProcessCopies(max_entries=100, max_bytes=10)
    copies.put("a", stored("1234"))
    copies.put("b", stored("1234"))
    copies.get("a", ())  # read again: now the newest
    copies.put("c", stored("1234"))

    assert copies.get("b", ()) is None
    assert copies.get("a", ()) is not None and copies.get("c", ()) is not None


def test_storing_a_copy_again_counts_it_once():
    copies = ProcessCopies(max_entries=100, max_bytes=10)
    for _ in range(5):
        copies.put("a", stored("12345678"))

    assert copies.get("a", ()) is not None


def test_the_count_and_staleness_still_bound_them():
    copies = ProcessCopies(max_entries=2)
    for key in "abc":
        copies.put(key, stored("x"))
    copies.put("old", stored("x", generations=("g1",)))

    assert copies.get("a", ()) is None
    assert copies.get("old", ("g2",)) is None
