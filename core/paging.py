"""Pages of lists that do not count their rows (a count can cost more than the page): each page
is read one row long to know whether another one follows."""

from dataclasses import dataclass

# Far past the end of any list; keeps OFFSET within what the database accepts (a page number
# of 10²⁰ is a bigint overflow, not an empty page, for PostgreSQL).
MAX_PAGE = 100_000


def page_number(raw) -> int:
    """The page asked for in a query string: 1 for anything that is not a page number."""
    try:
        return min(max(1, int(raw)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


class PageLinks:
    """The previous and next page numbers around ``self.number``."""

    number: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass
class OpenEndedPage(PageLinks):
    """What components/pager.html needs: this page's number, and whether a next one exists."""

    number: int
    has_next: bool
