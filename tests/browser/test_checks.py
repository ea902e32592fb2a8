"""The browser fixtures catch what they promise to catch: a check that never fires would let
every other browser test pass whatever the site does."""

import contextlib
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect


def sections(problems):
    return [section for section, _ in problems]


def test_csp_violation_is_caught(visit, page, page_checks):
    visit("/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_timeout(100)

    problems = page_checks.take_problems()

    assert page.evaluate("window.injected") is None
    csp = [text for section, text in problems if section.startswith("Content-Security-Policy")]
    assert any("script-src" in text for text in csp), problems


def test_uncaught_javascript_error_is_caught(visit, page, page_checks):
    visit("/")
    page.evaluate("() => { setTimeout(() => { throw new Error('boom from the test'); }); }")
    page.wait_for_timeout(100)

    problems = page_checks.take_problems()

    assert any("boom from the test" in text for _, text in problems), problems
    assert "Uncaught JavaScript errors" in sections(problems)


def test_console_error_is_caught_unless_allowed(visit, page, page_checks):
    visit("/")
    page.evaluate("() => console.error('expected by the test')")
    page.evaluate("() => console.error('unexpected')")
    page_checks.allow_console_error("expected by")
    page.evaluate("() => console.error('expected by the test, allowed now')")

    problems = page_checks.take_problems()

    assert [text.split(": ", 1)[1] for _, text in problems] == [
        "expected by the test",
        "unexpected",
    ]


def test_accessibility_violations_and_headings_are_caught(visit, page, page_checks):
    visit("/")
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.insertAdjacentHTML("beforeend", '<h1>Second title</h1><input type="text">');
        }"""
    )

    with pytest.raises(AssertionError) as failure:
        page_checks.assert_clean()

    message = str(failure.value)
    assert re.search(r"label \[critical\]", message), message
    assert "has 2 <h1> elements" in message


def test_page_left_at_once_is_still_checked(page, page_checks):
    """The navigation away is held until the page being left has reported its check."""
    page.goto("/")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<h1>x')")
    page.goto("/forums/")

    problems = page_checks.take_problems()

    assert any(
        text == "/: has 2 <h1> elements; every page needs exactly one" for _, text in problems
    )
    expect(page.locator("h1")).to_have_count(1)


@pytest.mark.parametrize(
    "leave", [".navbar-nav a[href='/forums/']", "footer form button[type=submit]"]
)
def test_page_left_before_it_finished_loading_is_still_checked(page, page_checks, leave):
    """A link followed or a form sent while a script is still on its way: the page's load event
    never comes, yet it is checked, and the navigation away does not wait for it."""
    held = []
    # The first page's script never arrives; the next page's loads normally.
    page.route(
        "**/bootstrap.bundle.min.js",
        lambda route: route.fallback() if held else held.append(route),
    )
    page.goto("/", wait_until="commit")
    page.locator("main").evaluate("(main) => main.insertAdjacentHTML('beforeend', '<h1>x')")
    started = time.monotonic()
    page.locator(leave).click()
    took = time.monotonic() - started

    problems = page_checks.take_problems()
    with contextlib.suppress(PlaywrightError):  # Cancelled by the browser already.
        held[0].abort()

    assert held, "the first page's script was held"
    # Leaving stops the page's loading, so it may or may not count as finished: either way it is
    # checked, by the layout rules too only if its styles and fonts had all arrived.
    [(_, text)] = problems
    assert re.fullmatch(
        r"/( \(left before it finished loading: checked without the layout rules\))?: "
        r"has 2 <h1> elements; every page needs exactly one",
        text,
    ), text
    assert took < 2, f"leaving took {took:.1f} s: the navigation waited for the held script"


def test_expected_error_status(visit, page):
    visit("/no-such-page/", status=404)

    expect(page.locator("h1")).to_have_count(1)
