from django.urls import reverse, set_script_prefix

from core.reversing import reverse_cached


def test_reverse_cached_gives_what_reverse_gives():
    assert reverse_cached("forums:post", 42) == reverse("forums:post", args=[42])
    profile = reverse("members:profile", args=["claire"])
    assert reverse_cached("members:profile", "claire") == profile


def test_reverse_cached_follows_the_script_prefix():
    """A site served under a prefix gets its own addresses, not those kept for another."""
    plain = reverse_cached("forums:post", 7)
    set_script_prefix("/communaute/")
    try:
        assert reverse_cached("forums:post", 7) == "/communaute" + plain
    finally:
        set_script_prefix("/")
    assert reverse_cached("forums:post", 7) == plain
