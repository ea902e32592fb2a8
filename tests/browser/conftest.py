"""Browser tests: the system Chromium, driven by Playwright, against pytest-django's live server.

Every test in this directory is marked ``browser`` and is skipped when Chromium is missing.
A page from the ``page`` (or ``open_page``) fixture fails its test on any Content-Security-Policy
violation, uncaught JavaScript error or console error, and every document it shows is checked
with axe-core (WCAG 2.0/2.1/2.2 A and AA rules) and must have exactly one ``<h1>``.

How every document gets checked: axe-core and a small monitor are added to each document as
init scripts. The DevTools protocol adds them, so the strict CSP does not block them, and the
site's own ``<script>`` tags stay the only ones that the CSP judges. The monitor runs axe once
the document has loaded, again after its DOM changes (an htmx swap, an opened dropdown), and
sends each result to Python through a binding. A route handler holds every navigation of a main
frame until the document being left has reported its check, so no page escapes it, however fast
the test clicks on. The handler cannot run the check itself: while a navigation request is
paused Chromium does not answer ``Runtime.evaluate``, but the page's scripts and bindings go on.
A page left before it finished loading (a form sent at once) is checked as it was left, without
the two rules that measure the rendered layout (color-contrast, target-size): its styles or
fonts may be missing. ``visit()`` and the end of a test always wait for a finished page.

The fixtures: ``page`` (fr-FR, Europe/Paris; parametrize ``browser_locale`` or
``browser_timezone`` to change them), ``open_page(locale=…, timezone_id=…)`` for one more person
in a browser of their own, ``visit(path, page=…, status=…)``, ``sign_in(member, page=…)``,
``page_checks`` (``assert_clean()``, ``allow_console_error()``) and ``email_link(to, pattern)``.
"""

import contextlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    Route,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD

# Playwright's sync API keeps an asyncio event loop running in the main thread (in a greenlet)
# from the first browser test to the end of the session, so Django believes that test code runs
# inside async code and refuses ORM calls (SynchronousOnlyOperation) from factories and
# assertions. Nothing here is asynchronous: the test's ORM calls run in the main thread and the
# live server's in its own thread, never inside that loop. The variable is read at each ORM
# call and, as the loop outlives these tests, it has to stay set for the rest of the session.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_TESTS = Path(__file__).resolve().parent
AXE_PATH = BROWSER_TESTS.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    # Containers and CI runners often run as root, where Chromium's sandbox cannot start.
    "--no-sandbox",
    "--disable-gpu",
    # The test machine's network is closed: without these Chromium keeps calling Google
    # services in the background and floods the logs with refused connections.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ACTION_TIMEOUT_MS = 10_000
CHECK_TIMEOUT_S = 8.0  # Below ACTION_TIMEOUT_MS: a stuck check shows as such, not as a timeout.
POLL_MS = 20

# Runs first in every document of a watched page. Messages reach PageChecks.receive().
MONITOR_SCRIPT = """
(() => {
  const pending = [];
  const report = (message) => {
    pending.push(message);
    if (typeof window.__fhReport !== "function") return;
    while (pending.length) window.__fhReport(pending.shift());
  };
  window.addEventListener("securitypolicyviolation", (event) => report({
    kind: "csp", url: location.href, directive: event.effectiveDirective,
    blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber,
    sample: event.sample,
  }), true);

  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const documentId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let changes = 0;
  let loaded = false;
  let leaving = false;
  let loadedBeforeLeaving = false;
  let running = false;
  let changeReported = false;
  let timer = null;
  const register = () => report({kind: "document", document: documentId, url: location.href});
  register();
  window.addEventListener("pageshow", (event) => { if (event.persisted) register(); });

  // A page left before it finished loading may lack styles or fonts: the rules that measure the
  // rendered page would judge a layout that nobody saw finished. Leaving stops the loading, and
  // that fires load too, so what did arrive is what tells. A page that had loaded keeps its
  // layout while the navigation away is held, so its checks stay whole to the end.
  const layoutIsFinal = async () => {
    await Promise.race([document.fonts.ready, new Promise((done) => setTimeout(done, 2000))]);
    return loadedBeforeLeaving
      && [...document.querySelectorAll('link[rel~="stylesheet"]')].every((link) => link.sheet)
      && [...document.fonts].every((font) => ["loaded", "unloaded"].includes(font.status));
  };

  const check = async () => {
    timer = null;
    if (running) return;
    running = true;
    changeReported = false;
    const covered = changes;
    const message = {kind: "check", document: documentId, covered, url: location.href};
    try {
      if (document.contentType !== "text/html") {
        message.skipped = document.contentType;
      } else if (document.readyState === "loading") {
        message.skipped = "left before it was even parsed";
      } else {
        message.layout = await layoutIsFinal();
        const results = await axe.run(document, {
          runOnly: {type: "tag", values: AXE_TAGS},
          rules: message.layout ? {} : LAYOUT_RULES,
          resultTypes: ["violations"],
        });
        message.title = document.title;
        message.headings = document.querySelectorAll("h1").length;
        message.violations = results.violations.map((violation) => ({
          id: violation.id, impact: violation.impact, help: violation.help,
          helpUrl: violation.helpUrl,
          nodes: violation.nodes.map((node) => ({
            target: node.target.join(" "), summary: node.failureSummary,
          })),
        }));
      }
    } catch (error) {
      message.error = String((error && error.stack) || error);
    }
    running = false;
    report(message);
    if (changes !== covered && !timer) timer = setTimeout(check, 150);
  };

  new MutationObserver((records) => {
    changes += records.length;
    if (!loaded) return;
    if (!changeReported) {
      changeReported = true;
      report({kind: "changed", document: documentId, url: location.href, changes});
    }
    if (!timer && !running) timer = setTimeout(check, 150);
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const start = () => {
    if (loaded) return;
    loaded = true;
    check();
  };
  window.addEventListener("load", () => {
    loadedBeforeLeaving = !leaving;
    start();
  });
  // Left before it finished loading (a form sent at once), the page may never fire load: it is
  // checked now, as the visitor left it, while the navigation away is held. A page still here
  // a few seconds later was not left after all (a download, a 204 answer).
  window.addEventListener("beforeunload", () => {
    leaving = true;
    setTimeout(() => { leaving = false; }, 3000);
    start();
  });
})();
""".replace("AXE_TAGS", json.dumps(AXE_TAGS)).replace(
    "LAYOUT_RULES",
    json.dumps({rule: {"enabled": False} for rule in ("color-contrast", "target-size")}),
)

CSP = "Content-Security-Policy violations"
JAVASCRIPT = "Uncaught JavaScript errors"
CONSOLE = "Console errors"
ACCESSIBILITY = "Accessibility (axe-core, WCAG 2.2 A/AA) and headings"
SECTIONS = (CSP, JAVASCRIPT, CONSOLE, ACCESSIBILITY)


def chromium_missing_reason() -> str | None:
    if CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK):
        return None
    return (
        f"Chromium not found at {CHROMIUM_PATH}; install it with apt-get install chromium "
        "(or point CHROMIUM_PATH at it)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_reason = chromium_missing_reason()
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if skip_reason:
                item.add_marker(pytest.mark.skip(reason=skip_reason))


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@dataclass
class _Document:
    url: str
    changes: int = 0
    covered: int = -1  # The DOM state, counted in changes, that the latest check saw.


class PageChecks:
    """What a watched page collects; the test fails at teardown if anything was collected."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self._base_url = base_url
        self._problems: list[tuple[str, str]] = []
        self._allowed_console_errors: list[re.Pattern[str]] = []
        self._documents: dict[str, _Document] = {}
        self._current: str | None = None
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def allow_console_error(self, pattern: str) -> None:
        """Lets console errors matching ``pattern`` pass, e.g. the 404 of a page that the test
        expects to be missing. The pattern is searched in "<message> [<url>]"."""
        self._allowed_console_errors.append(re.compile(pattern))

    def settle(self) -> None:
        """Waits until the document on screen has been checked in its current state."""
        if self.page.is_closed():
            return
        self.page.wait_for_load_state("load")
        self._wait_for_check()

    def assert_clean(self) -> None:
        """Fails now, rather than at the end of the test, on anything collected so far."""
        self.settle()
        problems = self.take_problems()
        if problems:
            raise AssertionError(format_problems(problems))

    def take_problems(self) -> list[tuple[str, str]]:
        """Returns what was collected so far, and forgets it."""
        problems, self._problems = self._problems, []
        return problems

    def before_leaving(self) -> None:
        """Called while a navigation away from the current document is held."""
        self._wait_for_check()

    def receive(self, message: dict[str, Any]) -> None:
        kind = message["kind"]
        if kind == "csp":
            where = f" by {message['source']}:{message['line']}" if message["source"] else ""
            sample = f" (sample: {message['sample']!r})" if message["sample"] else ""
            self._add(
                CSP,
                f"{self._path(message['url'])}: {message['directive']} blocked "
                f"{message['blocked'] or 'inline code'}{where}{sample}",
            )
        elif kind == "document":
            self._document(message)
            self._current = message["document"]
        elif kind == "changed":
            document = self._document(message)
            document.changes = max(document.changes, message["changes"])
        elif kind == "check":
            document = self._document(message)
            document.covered = max(document.covered, message["covered"])
            document.changes = max(document.changes, message["covered"])
            self._receive_check(message)

    def _document(self, message: dict[str, Any]) -> _Document:
        return self._documents.setdefault(message["document"], _Document(message["url"]))

    def _receive_check(self, message: dict[str, Any]) -> None:
        if "skipped" in message:
            return
        where = self._path(message["url"])
        if not message.get("layout", True):
            where += " (left before it finished loading: checked without the layout rules)"
        if "error" in message:
            self._add(ACCESSIBILITY, f"{where}: axe-core could not run: {message['error']}")
            return
        for violation in message["violations"]:
            for node in violation["nodes"]:
                self._add(
                    ACCESSIBILITY,
                    f"{where}: {violation['id']} [{violation['impact']}] {violation['help']}\n"
                    f"      at {node['target']}\n"
                    f"      {node['summary'].replace(chr(10), chr(10) + '      ')}\n"
                    f"      {violation['helpUrl']}",
                )
        if message["headings"] != 1:
            self._add(
                ACCESSIBILITY,
                f"{where}: has {message['headings']} <h1> elements; every page needs exactly one",
            )

    def _wait_for_check(self) -> None:
        deadline = time.monotonic() + CHECK_TIMEOUT_S
        while not self._is_checked():
            if time.monotonic() > deadline:
                document = self._documents[self._current]
                self._add(
                    ACCESSIBILITY,
                    f"{self._path(document.url)}: not checked within {CHECK_TIMEOUT_S:.0f} s "
                    "(did it finish loading?)",
                )
                document.covered = document.changes
                return
            self.page.wait_for_timeout(POLL_MS)

    def _is_checked(self) -> bool:
        if self._current is None:
            return True  # Nothing but about:blank has been shown yet.
        document = self._documents[self._current]
        return document.covered >= document.changes

    def _on_console(self, message: ConsoleMessage) -> None:
        location = message.location.get("url") or self.page.url
        line = f"{message.text} [{location}]"
        if "Content Security Policy" in message.text:
            self._add(CSP, f"{self._path(location)}: {message.text}")
        elif message.type == "error" and not any(
            pattern.search(line) for pattern in self._allowed_console_errors
        ):
            self._add(CONSOLE, f"{self._path(location)}: {message.text}")

    def _on_page_error(self, error: PlaywrightError) -> None:
        self._add(JAVASCRIPT, f"{self._path(self.page.url)}: {error.stack or error.message}")

    def _add(self, section: str, text: str) -> None:
        if (section, text) not in self._problems:
            self._problems.append((section, text))

    def _path(self, url: str) -> str:
        return url.removeprefix(self._base_url) or "/"


def format_problems(problems: list[tuple[str, str]]) -> str:
    lines = ["The browser checks found problems:"]
    for section in SECTIONS:
        texts = [text for problem_section, text in problems if problem_section == section]
        if texts:
            lines += ["", f"{section}:", *(f"  - {text}" for text in texts)]
    return "\n".join(lines)


class PageOpener:
    """Opens pages, each in a browser context of its own (own cookies: own visitor or member),
    and watches them. Pages that a watched page opens (popups) are watched too."""

    def __init__(self, browser: Browser, base_url: str):
        self._browser = browser
        self._base_url = base_url
        self._contexts: list[BrowserContext] = []
        self._checks: dict[Page, PageChecks] = {}

    def __call__(
        self, *, locale: str = "fr-FR", timezone_id: str = "Europe/Paris", **options: Any
    ) -> Page:
        """A new page. ``locale`` sets the Accept-Language header and ``navigator.language``;
        ``options`` go to ``Browser.new_context()``, e.g. ``viewport={"width": 360, ...}``."""
        context = self._browser.new_context(
            base_url=self._base_url,
            locale=locale,
            timezone_id=timezone_id,
            # Without transitions axe never sees a half-faded element (Bootstrap honours it).
            reduced_motion="reduce",
            **options,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.expose_binding("__fhReport", self._receive)
        context.add_init_script(path=AXE_PATH)
        context.add_init_script(MONITOR_SCRIPT)
        context.route("**/*", self._hold_navigation)
        context.on("page", self._watch)
        self._contexts.append(context)
        page = context.new_page()
        self._watch(page)
        return page

    def checks(self, page: Page) -> PageChecks:
        return self._watch(page)

    def close(self, *, check_open_pages: bool) -> list[tuple[str, str]]:
        """Closes every context; returns what the pages collected."""
        problems: list[tuple[str, str]] = []
        try:
            # A popup may open while a page settles: iterate over a copy.
            for checks in list(self._checks.values()):
                if check_open_pages:
                    try:
                        checks.settle()
                    except PlaywrightError as error:
                        problems.append((ACCESSIBILITY, f"{checks.page.url}: {error.message}"))
                problems += checks.take_problems()
        finally:
            # The browser serves the whole session: no context may outlive its test.
            for context in self._contexts:
                context.close()
        return problems

    def _watch(self, page: Page) -> PageChecks:
        if page not in self._checks:
            self._checks[page] = PageChecks(page, self._base_url)
        return self._checks[page]

    def _receive(self, source: dict[str, Any], message: dict[str, Any]) -> None:
        self._watch(source["page"]).receive(message)

    def _hold_navigation(self, route: Route) -> None:
        try:
            request = route.request
            if request.is_navigation_request():
                frame = request.frame
                if frame.parent_frame is None:
                    self._watch(frame.page).before_leaving()
        except PlaywrightError:
            pass  # A request without a frame (service worker) or from a page being closed.
        finally:
            with contextlib.suppress(PlaywrightError):
                route.fallback()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """The system Chromium, once for the session; never a downloaded browser."""
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """allauth counts sign-ins and sign-ups per IP address in the cache, and every browser test
    comes from 127.0.0.1: without this, a long run would hit the rate limits."""
    cache.clear()


@pytest.fixture
def browser_locale() -> str:
    """The default page's language; parametrize it to run a test in English too:
    ``@pytest.mark.parametrize("browser_locale", ["fr-FR", "en-US"])``."""
    return "fr-FR"


@pytest.fixture
def browser_timezone() -> str:
    """The default page's timezone, e.g. ``"America/Toronto"`` for Karim."""
    return "Europe/Paris"


@pytest.fixture
def open_page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[PageOpener]:
    """``open_page(locale="en-US", timezone_id="America/Toronto")``: one more watched page, in
    its own context, for tests with several people; ``open_page.checks(page)`` gives its
    PageChecks."""
    opener = PageOpener(browser, live_server.url)
    yield opener
    call = request.node.stash.get(_CALL_REPORT, None)
    # After a failure the page may be anywhere: check only what was collected until then.
    problems = opener.close(check_open_pages=call is not None and call.passed)
    if problems:
        pytest.fail(format_problems(problems), pytrace=False)


@pytest.fixture
def page(open_page: PageOpener, browser_locale: str, browser_timezone: str) -> Page:
    """A watched Playwright page whose relative URLs go to the live server."""
    return open_page(locale=browser_locale, timezone_id=browser_timezone)


@pytest.fixture
def page_checks(open_page: PageOpener, page: Page) -> PageChecks:
    """The default page's PageChecks: ``assert_clean()`` to fail early,
    ``allow_console_error(pattern)`` for an error the test causes on purpose."""
    return open_page.checks(page)


@pytest.fixture
def visit(open_page: PageOpener, request: pytest.FixtureRequest) -> Callable[..., Response]:
    """``visit("/forums/")``: opens a path on the default page (or ``page=``), checks the status
    (``status=404`` when the test expects one) and fails at once on any problem so far."""

    def visit_path(path: str, *, page: Page | None = None, status: int = 200) -> Response:
        target = page or request.getfixturevalue("page")
        checks = open_page.checks(target)
        if status >= 400:
            checks.allow_console_error(rf"status of {status}\b")
        response = target.goto(path)
        assert response is not None, f"{path} did not load"
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        checks.assert_clean()
        return response

    return visit_path


def _authenticator_secret(email: str) -> str | None:
    authenticator = Authenticator.objects.filter(
        user__email__iexact=email, type=Authenticator.Type.TOTP
    ).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def totp_code_now(secret: str) -> str:
    """The code an authenticator app shows now. Near the end of a period the code would expire
    between typing and checking (allauth accepts no other period): wait for the next one."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


@pytest.fixture
def sign_in(visit: Callable[..., Response], request: pytest.FixtureRequest) -> Callable[..., None]:
    """``sign_in(member)``: signs in through the login form, with e-mail and PASSWORD."""

    def sign_in_with(
        member_or_email: Any, password: str = PASSWORD, *, page: Page | None = None
    ) -> None:
        target = page or request.getfixturevalue("page")
        email = getattr(member_or_email, "email", member_or_email)
        visit(reverse("account_login"), page=target)
        target.locator("input[name=login]").fill(email)
        target.locator("input[name=password]").fill(password)
        target.locator("main form button[type=submit]").click()
        secret = _authenticator_secret(email)
        if secret is not None:  # staff: the code of their authenticator app next
            expect(target).to_have_url(re.compile(re.escape(reverse("mfa_authenticate"))))
            code = target.locator("input[name=code]")
            code.fill(totp_code_now(secret))
            code.press("Enter")
        expect(target.get_by_test_id("account-menu")).to_be_attached()
        target.wait_for_load_state("load")

    return sign_in_with


URL_PATTERN = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def email_link() -> Callable[..., str]:
    """``email_link("claire@example.org", r"/accounts/confirm-email/")``: the first link matching
    the pattern (a regex) in the latest e-mail to that address. The live server runs in this
    process and the test settings send e-mail to locmem, so its messages land in mail.outbox."""

    def find_link(to: str, pattern: str = r".", *, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            received = [
                message
                for message in mail.outbox
                if to.lower() in (address.lower() for _, address in getaddresses(message.to))
            ]
            if received or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert received, f"No e-mail to {to}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
        latest = received[-1]
        bodies = [latest.body] + [
            content for content, mimetype in getattr(latest, "alternatives", []) if content
        ]
        for body in bodies:
            for url in URL_PATTERN.findall(str(body)):
                if re.search(pattern, url):
                    return url.replace("&amp;", "&")
        raise AssertionError(
            f"No link matching {pattern!r} in the latest e-mail to {to} "
            f"({latest.subject!r}):\n{latest.body}"
        )

    return find_link
