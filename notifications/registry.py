"""What the apps above notifications add to the weekly digest.

Such an app registers a section in its ``ready()`` (``digest_sections.register("events",
events_announced_near)``): the digest then suggests its items without importing the app. A
section is called as ``section(member=…, since=…, limit=…)`` and returns a list; the digest's
templates show it under the section's name.
"""

from collections.abc import Callable, Iterator

DigestSection = Callable[..., list]


class DigestSections:
    def __init__(self) -> None:
        self._sections: dict[str, DigestSection] = {}

    def register(self, name: str, section: DigestSection) -> None:
        self._sections[name] = section

    def __iter__(self) -> Iterator[tuple[str, DigestSection]]:
        return iter(self._sections.items())


digest_sections = DigestSections()


class NavbarCounts:
    """Counts that an app shows on a navbar icon of its own (the conversations with unread
    private messages), read in the one query of the bell's count. The app names its kind of
    notification: its icon counts those, the bell does not count them twice.

    ``count(member)`` returns a query of one row and one column, the number (a Subquery of it
    goes into the bell's query).
    """

    def __init__(self) -> None:
        self._counts: dict[str, tuple[str, Callable]] = {}

    def register(self, name: str, *, kind: str, count: Callable) -> None:
        self._counts[name] = (kind, count)

    def __iter__(self) -> Iterator[tuple[str, Callable]]:
        return ((name, count) for name, (_kind, count) in self._counts.items())

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _count in self._counts.values()]


navbar_counts = NavbarCounts()
