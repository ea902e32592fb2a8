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
