"""Pages of lists that do not count their rows (a count can cost more than the page): each page
is read one row long to know whether another one follows."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# Far past the end of any list; keeps OFFSET within what the database accepts (a page number
# of 10²⁰ is a bigint overflow, not an empty page, for PostgreSQL).
MAX_PAGE = 100_000


def page_number(raw) -> int:
    """The page asked for in a query string: 1 for anything that is not a page number."""
    try:
        return min(max(1, int(raw)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


class UncountedPage(Page):
    """A Page that knows whether a next one exists from the extra row read with it."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def __repr__(self) -> str:
        return f"<Page {self.number}>"

    def has_next(self) -> bool:
        return self._has_next

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class UncountedPaginator(Paginator):
    """A Paginator that never counts its list: ``page(n)`` reads the n-th page and one row more,
    in one query. A page past the end is an empty page, not an error (the end is not known
    until it is read). ``count`` and ``num_pages`` would cost the COUNT this class exists to
    avoid, so they raise: show “Page n” with components/pager.html, not “Page n of m”.
    ``page_class`` may name a subclass of UncountedPage that the pages are made of."""

    def __init__(self, object_list, per_page, *, page_class: type[UncountedPage] = UncountedPage):
        super().__init__(object_list, per_page)
        self.page_class = page_class

    def validate_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def get_page(self, number) -> UncountedPage:
        """Any page number gets a page: the first for junk, the last allowed for a huge one."""
        return self.page(page_number(number))

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return self.page_class(
            rows[: self.per_page],
            number,
            self,
            has_next=len(rows) > self.per_page and number < MAX_PAGE,
        )

    @property
    def count(self) -> int:
        raise TypeError("An UncountedPaginator does not count its list.")

    @property
    def num_pages(self) -> int:
        raise TypeError("An UncountedPaginator does not know its number of pages.")


class KnownCountPaginator(Paginator):
    """A Paginator told the size of its list by a counter kept with the data (a board's topics,
    a topic's posts): it never runs a COUNT. Any page number gets a page (``get_page``)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        # Paginator.count is a cached property: setting it is giving it its value.
        self.count = count
