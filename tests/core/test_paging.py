"""Pages that never count their list: one query a page, Django's Page API, any page number."""

import pytest
from django.core.paginator import EmptyPage, Page, PageNotAnInteger

from core.paging import (
    MAX_PAGE,
    KnownCountPaginator,
    UncountedPage,
    UncountedPaginator,
    page_number,
)
from members.models import Member
from tests.factories import MemberFactory


@pytest.mark.django_db
def test_a_page_is_one_query_that_reads_one_row_more(django_assert_num_queries):
    names = [member.username for member in MemberFactory.create_batch(5)]
    paginator = UncountedPaginator(Member.objects.order_by("pk"), 2)

    with django_assert_num_queries(1) as captured:
        first = paginator.get_page("1")
    assert "COUNT" not in captured.captured_queries[0]["sql"].upper()
    assert [member.username for member in first] == names[:2]
    assert (first.has_previous(), first.has_next(), first.has_other_pages()) == (False, True, True)
    assert (first.next_page_number(), first.start_index(), first.end_index()) == (2, 1, 2)

    last = paginator.get_page(3)
    assert [member.username for member in last] == names[4:]
    assert (last.has_previous(), last.has_next(), last.previous_page_number()) == (True, False, 2)
    assert (last.start_index(), last.end_index()) == (5, 5)

    # Past the end: an empty page that leads back, not an error.
    beyond = paginator.get_page(7)
    assert (len(beyond), beyond.has_previous(), beyond.has_next()) == (0, True, False)
    assert (beyond.start_index(), beyond.end_index()) == (0, 12)
    assert repr(beyond) == "<Page 7>"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "number"),
    [(None, 1), ("deux", 1), ("-3", 1), ("0", 1), ("2", 2), ("100000000000000000000", MAX_PAGE)],
)
def test_any_page_number_gets_a_page(raw, number):
    # A huge number stops at MAX_PAGE: PostgreSQL would refuse an OFFSET past a bigint.
    page = UncountedPaginator(Member.objects.order_by("pk"), 20).get_page(raw)
    assert page.number == page_number(raw) == number


def test_page_asks_for_a_valid_number_and_stops_at_max_page():
    paginator = UncountedPaginator(range(10**9), 1)

    with pytest.raises(PageNotAnInteger):
        paginator.page("deux")
    with pytest.raises(EmptyPage):
        paginator.page(0)
    with pytest.raises(EmptyPage):
        paginator.page(MAX_PAGE + 1)
    last = paginator.page(MAX_PAGE)
    assert list(last) == [MAX_PAGE - 1]
    # Rows follow, but no page past MAX_PAGE can be asked for: no link to one.
    assert not last.has_next()


def test_the_paginator_does_not_count():
    paginator = UncountedPaginator(range(10), 3)

    with pytest.raises(TypeError):
        paginator.count  # noqa: B018
    with pytest.raises(TypeError):
        paginator.num_pages  # noqa: B018


def test_pages_may_be_of_a_subclass():
    class Results(UncountedPage):
        @property
        def results(self):
            return self.object_list

    page = UncountedPaginator(range(10), 3, page_class=Results).get_page(2)

    assert isinstance(page, Results)
    assert page.results == [3, 4, 5]


@pytest.mark.django_db
def test_a_known_count_paginator_never_counts_and_gives_a_page_for_any_number(
    django_assert_num_queries,
):
    never_counted = Member.objects.none()  # counting it would be a query

    paginator = KnownCountPaginator(never_counted, 30, count=4441)

    with django_assert_num_queries(0):
        assert paginator.num_pages == 149
        assert paginator.get_page(10**20).number == 149
        assert paginator.get_page("junk").number == 1
        page = Page([], 50, paginator)
        assert page.has_next() and page.has_previous() and page.has_other_pages()
