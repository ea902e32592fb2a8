"""The forums in a browser, in French: a question answered and solved, a reported reply hidden
from the admin's moderation queue, and the reply preview without JavaScript.

Buttons and links are found by their French names where the catalogue has them (the test is
also a check of the translation), otherwise by name, value, href or id.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from forums import services as forums_services
from forums.models import Category, Post, Topic
from moderation.models import ModerationAction, Report
from tests.browser.conftest import format_problems
from tests.factories import PASSWORD, MemberFactory, ModeratorFactory

# Django's own admin, not our templates: the links of its changelists' filter sidebar (by status,
# reason, content type, date) are 20 px tall with 20 px between them, short of WCAG 2.2's 24 px
# (axe's target-size rule, on /admin/moderation/report/ and /admin/moderation/moderationaction/).
# axe names them by their query string (a[href="?status__exact=open"]) or by their place in a
# filter (details[data-filter-title="date"] > ul > li:nth-child(2) > a). This allowance covers
# exactly that rule for those links, on /admin/ pages only: every other problem still fails.
DJANGO_ADMIN_FILTER_LINK_TARGET_SIZE = re.compile(
    r"/admin/[^:]*: target-size \[serious\] [^\n]*\n"
    r"\s+at (?:details\[data-filter-title=\"[^\"]*\"\] > ul > [^\n]*|a\[href=\"\?[^\"]*\"\])\n"
)


@pytest.fixture
def members(monkeypatch):
    """Claire and Karim, members for two months: past the new members' posting limits. Replies
    follow each other within seconds: no flood wait."""
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    joined = timezone.now() - timedelta(days=60)
    claire = MemberFactory(
        username="claire-redac", display_name="Claire Martin", language="fr", date_joined=joined
    )
    karim = MemberFactory(
        username="karim-trad", display_name="Karim Benali", language="fr", date_joined=joined
    )
    return claire, karim


def assert_admin_page_clean(open_page, page) -> None:
    """``page_checks.assert_clean()`` for a page of Django's admin, less the allowance above."""
    checks = open_page.checks(page)
    checks.settle()
    problems = [
        (section, text)
        for section, text in checks.take_problems()
        if not DJANGO_ADMIN_FILTER_LINK_TARGET_SIZE.match(text)
    ]
    if problems:
        raise AssertionError(format_problems(problems))


def visit_admin(open_page, page, path: str) -> None:
    """``visit(path, page=page)`` for a page of Django's admin."""
    response = page.goto(path)
    assert response is not None, f"{path} did not load"
    assert response.status == 200, f"{path} answered {response.status}, not 200"
    assert_admin_page_clean(open_page, page)


def rates_board() -> Category:
    """“Tarifs & devis”, a questions board of the data migrations (flushed after the first
    transactional test of a run: get_or_create gives the same board either way)."""
    board, _ = Category.objects.get_or_create(
        slug="tarifs-devis",
        defaults={
            "name": "Tarifs & devis",
            "description": "Combien facturer, comment construire un devis.",
            "is_questions": True,
        },
    )
    return board


def test_a_question_is_answered_and_its_author_accepts_the_answer(
    page, open_page, visit, sign_in, live_server, members
):
    claire, karim = members
    board = rates_board()
    assert board.is_questions
    title = "Quel TJM pour un rédacteur web qui débute ?"

    # Claire opens the board and starts a new topic there.
    sign_in(claire)
    visit(board.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Nouveau sujet").click()
    expect(page).to_have_url(
        f"{live_server.url}{reverse('forums:topic_new')}?category={board.slug}"
    )
    # htmx listens to the form once its deferred script has run.
    page.wait_for_load_state("load")
    form = page.locator(f'main form.composer[action="{reverse("forums:topic_new")}"]')
    expect(form.locator("select[name=category]")).to_have_value(board.slug)
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=body]").fill(
        "Je me lance après dix ans en agence.\n\n"
        "**Quel tarif journalier** demander pour :\n\n"
        "- des articles de blog optimisés SEO\n"
        "- des fiches produits\n"
    )

    # The live preview (htmx) renders the Markdown as it will be published.
    preview = form.locator("#new-topic-preview")
    expect(preview.locator("strong")).to_have_text("Quel tarif journalier")
    expect(preview.locator("li")).to_have_count(2)
    # With JavaScript the plain preview button is not needed, and hidden.
    expect(form.locator("button[name=preview]")).to_be_hidden()

    form.get_by_role("button", name="Publier le sujet").click()
    topic = Topic.objects.get(title=title)
    expect(page).to_have_url(f"{live_server.url}{topic.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#post-1 .user-text strong")).to_have_text("Quel tarif journalier")
    assert topic.category == board
    assert topic.author == claire

    # Karim answers from his own browser.
    karims_page = open_page(locale="fr-FR")
    sign_in(karim, page=karims_page)
    visit(topic.get_absolute_url(), page=karims_page)
    karims_page.wait_for_load_state("load")
    reply_form = karims_page.locator(
        f'#reply form[action="{reverse("forums:reply", args=[topic.pk])}"]'
    )
    reply_form.locator("textarea[name=body]").fill(
        "Entre **350 et 450 €** par jour pour commencer, puis ajuste selon la demande."
    )
    reply_form.get_by_role("button", name="Envoyer ma réponse").click()
    expect(karims_page.locator("#post-2")).to_contain_text("350 et 450 €")
    answer = Post.objects.get(topic=topic, number=2)
    assert answer.author == karim
    # Karim did not ask the question: he cannot accept an answer.
    expect(karims_page.get_by_role("button", name="Retenir comme solution")).to_have_count(0)

    # Claire reloads her page and accepts Karim's reply.
    page.reload()
    expect(page.locator("#post-2")).to_contain_text("350 et 450 €")
    expect(page.locator(".accepted-answer")).to_have_count(0)
    page.locator("#post-2").get_by_role("button", name="Retenir comme solution").click()

    # The accepted answer stands right under the question, and the topic shows as solved.
    accepted = page.locator(".accepted-answer")
    expect(accepted).to_be_visible()
    expect(accepted.get_by_role("heading")).to_contain_text("Karim Benali")
    expect(accepted.locator(".user-text strong")).to_have_text("350 et 450 €")
    assert page.locator("#post-1 + .accepted-answer").count() == 1
    expect(page.locator("main header .badge", has_text="Résolu")).to_be_visible()
    topic.refresh_from_db()
    assert topic.solution_id == answer.pk
    # Claire may withdraw it again.
    expect(
        page.locator("#post-2").get_by_role("button", name="Solution retenue (annuler)")
    ).to_be_visible()

    # The board's list of topics shows the question as solved.
    visit(board.get_absolute_url())
    row = page.locator(".topic-row", has=page.locator(f'a[href="{topic.get_absolute_url()}"]'))
    expect(row.locator(".badge", has_text="Résolu")).to_be_visible()
    visit(f"{board.get_absolute_url()}?view=solved")
    expect(page.locator(f'.topic-row a[href="{topic.get_absolute_url()}"]')).to_be_visible()


def test_a_reported_reply_is_hidden_by_a_moderator_from_the_admin(
    page, open_page, visit, sign_in, members
):
    claire, karim = members
    moderator = ModeratorFactory(username="sophie-modo", display_name="Sophie Moderatrice")
    assert not moderator.is_superuser
    board, _ = Category.objects.get_or_create(slug="entraide", defaults={"name": "Entraide"})
    topic = forums_services.topic_create(
        author=claire,
        category=board,
        title="Quel logiciel de facturation utilisez-vous ?",
        body="Je cherche un outil simple pour une micro-entreprise.",
        tags=[],
    )
    spam = forums_services.post_create(
        author=karim,
        topic=topic,
        body="Achetez des abonnés pas chers sur mon site, promo du jour !",
    )

    # Claire reports Karim's reply.
    sign_in(claire)
    visit(topic.get_absolute_url())
    page.locator("#post-2").locator(
        f'a[href="{reverse("forums:post_report", args=[spam.pk])}"]'
    ).click()
    expect(page.locator("h1")).to_have_text("Signaler un message")
    page.locator('input[name=reason][value="spam"]').check()
    page.locator("textarea[name=note]").fill("Publicité sans rapport avec la question.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator(".messages [role=status]")).to_be_visible()
    [report] = Report.objects.all()
    assert (report.reporter, report.target, report.reason, report.status) == (
        claire,
        spam,
        Report.Reason.SPAM,
        Report.Status.OPEN,
    )
    assert report.note == "Publicité sans rapport avec la question."

    # Sophie, a moderator (staff, not a superuser), runs the admin's action on the report.
    moderators_page = open_page(locale="fr-FR")
    sign_in(moderator, page=moderators_page)
    visit_admin(open_page, moderators_page, reverse("admin:moderation_report_changelist"))
    expect(moderators_page.locator("#result_list")).to_contain_text("Achetez des abonnés")
    moderators_page.locator(f'input[name="_selected_action"][value="{report.pk}"]').check()
    moderators_page.locator("select[name=action]").select_option("hide_reported_content")
    moderators_page.locator("#changelist-form button[name=index]").click()
    # She writes the reason Karim will read, in place of the report's category.
    reason = moderators_page.locator("textarea[name=reason]")
    expect(reason).to_have_value("Spam ou publicité")
    reason.fill("Publicité sans rapport avec la question.")
    moderators_page.locator("input[name=apply]").click()
    expect(moderators_page.locator("ul.messagelist li.success")).to_be_visible()
    assert_admin_page_clean(open_page, moderators_page)

    report.refresh_from_db()
    spam.refresh_from_db()
    assert spam.is_hidden
    assert (report.status, report.handled_by) == (Report.Status.RESOLVED, moderator)

    # Members see that the reply was hidden, not what it said.
    visit(topic.get_absolute_url())
    hidden = page.locator("#post-2")
    expect(hidden).to_contain_text("Ce message a été masqué par un modérateur.")
    expect(hidden).not_to_contain_text("Achetez des abonnés")

    # The moderation log keeps the action.
    visit_admin(open_page, moderators_page, reverse("admin:moderation_moderationaction_changelist"))
    [action] = ModerationAction.objects.filter(kind=ModerationAction.Kind.HIDE)
    assert (action.actor, action.target) == (moderator, spam)
    assert action.reason == "Publicité sans rapport avec la question."
    log_row = moderators_page.locator("#result_list tbody tr")
    expect(log_row).to_have_count(1)
    for text in ["Sophie Moderatrice", "Contenu masqué", topic.title, "Karim Benali", "Publicité"]:
        expect(log_row).to_contain_text(text)
    # Done with the admin: closed, its pages cannot report again at the end of the test, where
    # the allowance above would not apply.
    moderators_page.close()


SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


@dataclass
class PageWithoutJavaScript:
    page: Page
    # The headers of the document on screen (its Content-Security-Policy above all).
    headers: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def without_javascript(browser, live_server):
    """A page in a browser context with JavaScript turned off: the site's no-JS fallbacks.

    A local stand-in for ``open_page(java_script_enabled=False)``, which cannot serve here: the
    shared monitor is added to that page's documents too, but it starts on the load event and a
    browser without JavaScript runs no listener, so every ``visit()``, navigation and teardown
    waits 8 s for a check that never comes, then fails with “not checked”. axe-core cannot run
    without JavaScript either (its work waits on timers). This page collects what the browser
    reports without JavaScript, as the shared fixtures do (CSP violations, console errors);
    ``check_as_seen_without_javascript()`` runs axe-core and the <h1> check on its documents.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        java_script_enabled=False,
        reduced_motion="reduce",
    )
    context.set_default_timeout(10_000)
    watched = PageWithoutJavaScript(context.new_page())
    problems = []

    def on_console(message):
        where = message.location.get("url") or watched.page.url
        if "Content Security Policy" in message.text or message.type == "error":
            problems.append(f"{where}: {message.text}")

    def on_response(response):
        if response.request.is_navigation_request() and response.frame.parent_frame is None:
            watched.headers = response.headers

    watched.page.on("console", on_console)
    watched.page.on("response", on_response)
    yield watched
    context.close()
    if problems:
        pytest.fail(
            "Without JavaScript, the browser reported:\n" + "\n".join(problems), pytrace=False
        )


def check_as_seen_without_javascript(open_page, checker: Page, shown: PageWithoutJavaScript):
    """The shared checks (axe-core, one <h1>, CSP) on the document that a page without
    JavaScript shows: its HTML, less the <script> elements that never ran (so the ``no-js``
    class stays on <html>), is served at the same address with the same headers to ``checker``,
    a watched page, where the monitor runs as on any page. Fails at once, as ``visit()`` does."""
    address = shown.page.url.split("#")[0]
    html = SCRIPT_ELEMENT.sub("", shown.page.content())
    # Its own headers, less those that described the body as sent or would sign the checker in.
    left_out = {"content-length", "content-encoding", "transfer-encoding", "set-cookie"}
    headers = {name: value for name, value in shown.headers.items() if name not in left_out}
    checker.route(
        lambda url: url.split("#")[0] == address,
        lambda route: route.fulfill(status=200, headers=headers, body=html),
    )
    try:
        response = checker.goto(address)
        assert response is not None and response.status == 200
        expect(checker.locator("html")).to_have_class(re.compile(r"\bno-js\b"))
        expect(checker.locator("body > footer")).to_be_attached()  # The whole document came.
        open_page.checks(checker).assert_clean()
    finally:
        checker.unroute_all()


def test_the_reply_preview_works_without_javascript(open_page, without_javascript, members):
    claire, karim = members
    topic = forums_services.topic_create(
        author=karim,
        category=rates_board(),
        title="Faut-il afficher ses tarifs sur son site ?",
        body="Certains disent que ça fait fuir les clients, d'autres que ça les trie.",
        tags=[],
    )
    page = without_javascript.page
    checker = open_page(locale="fr-FR")

    # The shared sign_in() waits for the monitor's checks: Claire signs in by hand.
    page.goto(f"{reverse('account_login')}?next={topic.get_absolute_url()}")
    check_as_seen_without_javascript(open_page, checker, without_javascript)
    page.locator("input[name=login]").fill(claire.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("account-menu")).to_be_attached()
    expect(page.locator("h1")).to_have_text(topic.title)
    expect(page.locator("html")).to_have_class(re.compile(r"\bno-js\b"))
    check_as_seen_without_javascript(open_page, checker, without_javascript)

    text = "Oui, **une fourchette** suffit :\n\n- site vitrine\n- blog"
    form = page.locator(f'#reply form[action="{reverse("forums:reply", args=[topic.pk])}"]')
    form.locator("textarea[name=body]").fill(text)
    # No live preview without JavaScript: the server renders it on the Preview button.
    preview_button = form.get_by_role("button", name="Aperçu")
    expect(preview_button).to_be_visible()
    preview_button.click()

    expect(page).to_have_url(re.compile(rf"{reverse('forums:reply', args=[topic.pk])}$"))
    expect(page.locator("h1")).to_contain_text(topic.title)
    form = page.locator("main form.composer")
    expect(form.locator(".composer-preview strong")).to_have_text("une fourchette")
    expect(form.locator(".composer-preview li")).to_have_count(2)
    expect(form.locator("textarea[name=body]")).to_have_value(text)
    check_as_seen_without_javascript(open_page, checker, without_javascript)
    # Nothing was published by the preview.
    assert topic.posts.count() == 1

    form.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator("#post-2 strong")).to_have_text("une fourchette")
    check_as_seen_without_javascript(open_page, checker, without_javascript)
    assert topic.posts.count() == 2
